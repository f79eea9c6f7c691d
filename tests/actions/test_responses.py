"""Every message the bot sends is a response in domain.yml; actions only choose and fill it."""

import ast
from pathlib import Path

from actions.conversation import ActionDefaultAskAffirmation
from actions.orientation import ActionAskCountry, ActionAskPathwaysConfirmed, ActionUpdateAnswers
from actions.recommend import send_page
from bot.domain.taxonomy import READINESS_OPTIONS, SUPPORT_OPTIONS
from tests.actions.conftest import make_tracker, rendered, run

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


def _utter_calls():
    for path in sorted(ACTIONS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "utter_message":
                yield path.name, node


def test_no_action_writes_reply_text_in_python():
    calls = list(_utter_calls())
    assert calls, "the actions send messages"
    with_text = [(name, call.lineno) for name, call in _utter_calls()
                 if any(keyword.arg == "text" for keyword in call.keywords) or call.args]
    assert with_text == []


def test_every_response_an_action_names_is_in_the_domain(domain):
    named, prefixes = set(), set()
    for path in sorted(ACTIONS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and node.value.startswith("utter_"):
                (prefixes if node.value.endswith("_") else named).add(node.value)
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant) \
                    and str(node.values[0].value).startswith("utter_"):
                prefixes.add(node.values[0].value)  # f"utter_part_kind_{kind}"
    assert {"utter_noted", "utter_place_noted_guessed", "utter_part_pathway_line"} <= named
    assert named - set(domain["responses"]) == set()
    assert prefixes and all(any(response.startswith(prefix) for response in domain["responses"])
                            for prefix in prefixes)


def test_the_form_questions_are_responses_with_the_helpdesk_options(domain):
    responses = domain["responses"]
    skip = {"title": "Skip this question", "payload": "/skip"}
    for slot in ("city", "readiness", "challenges", "support_wanted"):
        assert f"action_ask_{slot}" not in domain["actions"]
        assert responses[f"utter_ask_{slot}"][0]["buttons"][-1] == skip
    assert responses["utter_ask_readiness"][0]["buttons"][:-1] == [
        {"title": title, "payload": f'/inform_readiness{{"readiness": "{key}"}}'}
        for key, title in READINESS_OPTIONS.items()]
    assert responses["utter_ask_support_wanted"][0]["buttons"][:-1] == [
        {"title": title, "payload": f'/inform_support{{"support": "{key}"}}'}
        for key, title in [*SUPPORT_OPTIONS.items(), ("all", "All three")]]


def test_the_country_question_names_the_unknown_city_escaped(dispatcher, domain):
    run(ActionAskCountry().run(dispatcher, make_tracker("x", city="Krk*"), domain))
    run(ActionAskCountry().run(dispatcher, make_tracker("x", city="skipped"), domain))
    assert dispatcher.messages[0]["response"] == "utter_ask_country_of_city"
    assert dispatcher.messages[0]["city_name"] == "Krk\\*"
    first, second = rendered(dispatcher, domain)
    assert first["text"] == "I don't know Krk\\* yet, and that's fine. Which country is it in?"
    assert second == {"response": "utter_ask_country",
                      "text": "Which country is your municipality in?",
                      "buttons": [{"title": "Skip this question", "payload": "/skip"}]}


def test_the_pathway_question_lists_confidences_and_adds_buttons(dispatcher, domain):
    chosen = [{"pathway": "finance", "confidence": 0.9},
              {"pathway": "monitoring", "confidence": 0.3}]
    run(ActionAskPathwaysConfirmed().run(dispatcher, make_tracker("x", pathways=chosen), domain))
    (shown,) = rendered(dispatcher, domain)
    assert shown["text"] == (
        "Here is what I understood about your challenges:\n"
        "- funding and financing (clearly)\n- emissions data, indicators and monitoring "
        "(possibly)\n\nIs that right? You can add or remove topics.")
    titles = [button["title"] for button in shown["buttons"]]
    assert titles[:3] == ["Yes, that's right", "Remove: funding and financing",
                          "Remove: emissions data, indicators and monitoring"]
    assert "Add: policy, governance and regulation" in titles and len(titles) == 7


def test_several_updates_are_noted_in_one_message(dispatcher, domain):
    tracker = make_tracker("we are in Portugal and want money", "inform_support",
                           entities=[{"entity": "country", "value": "Portugal"},
                                     {"entity": "support", "value": "funding"}])
    run(ActionUpdateAnswers().run(dispatcher, tracker, domain))
    assert dispatcher.messages[0]["response"] == "utter_noted"
    assert rendered(dispatcher, domain)[0]["text"] == (
        "Noted: country Portugal; support wanted: access to funding.")


def test_the_affirmation_question_describes_the_intent(dispatcher, domain):
    tracker = make_tracker("talk human", "nlu_fallback", confidence=0.4)
    tracker.latest_message["intent_ranking"] = [{"name": "request_human", "confidence": 0.3}]
    run(ActionDefaultAskAffirmation().run(dispatcher, tracker, domain))
    (shown,) = rendered(dispatcher, domain)
    assert shown["text"] == ("Sorry, I'm not sure I understood. Did you want to talk to a "
                             "person from the Helpdesk?")
    assert shown["buttons"] == [{"title": "Yes", "payload": "/request_human"},
                                {"title": "No, something else", "payload": "/deny"}]


def test_a_recommendation_page_links_each_offer_and_counts_the_rest(dispatcher, domain):
    item = {"kind": "call", "key": "CLEAN-1", "name": "Clean [cities]", "url": "https://x.eu/a b",
            "provider": "Horizon_Europe",
            "reason": [["utter_part_reason_support", {"support": ["access to funding"]}]]}
    tracker = make_tracker("yes", sender="conv-page-text")
    events = run(send_page(dispatcher, tracker, domain, [item] * 6, 0))
    assert events == [{"event": "slot", "timestamp": None, "name": "recommendation_offset",
                       "value": 4}]
    shown = rendered(dispatcher, domain)
    assert shown[0]["text"] == ("Funding call: [**Clean \\[cities\\]**](https://x.eu/a%20b) "
                                "(Horizon\\_Europe)  \nOffers access to funding.")
    assert shown[-1] == {"response": "utter_more", "text": "There are 2 more.",
                         "buttons": [{"title": "Show more", "payload": "/show_more"}]}
    dispatcher.messages.clear()
    run(send_page(dispatcher, tracker, domain, [item] * 5, 0))
    assert rendered(dispatcher, domain)[-1]["text"] == "There is 1 more."
