from actions.conversation import ActionDefaultAskAffirmation, ActionHelpdeskContact
from tests.actions.conftest import make_tracker, run


def test_contact_route_comes_from_the_setting_and_promises_no_handoff(dispatcher, monkeypatch):
    monkeypatch.setenv("BROKER_HELPDESK_CONTACT_URL", "https://helpdesk.example.org/contact")
    run(ActionHelpdeskContact().run(dispatcher, make_tracker("a person please",
                                                             "request_human"), {}))
    text = dispatcher.messages[0]["text"]
    assert "https://helpdesk.example.org/contact" in text
    assert "can't pass this chat to a person" in text


def test_unsure_intent_is_asked_about_in_plain_words(dispatcher):
    tracker = make_tracker("mision citys?", "nlu_fallback", confidence=0.4)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_mission_cities", "confidence": 0.35}]
    run(ActionDefaultAskAffirmation().run(dispatcher, tracker, {}))
    message = dispatcher.messages[0]
    assert "difference between Mission Cities and other cities" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/ask_mission_cities", "/deny"]
