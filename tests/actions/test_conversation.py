from sqlalchemy import select

from actions.conversation import (
    ActionCoreFallback,
    ActionDefaultAskAffirmation,
    ActionDefaultFallback,
)
from actions.handoff import ActionEscalate
from bot.storage.models import Escalation
from bot.storage.session import session_scope
from tests.actions.conftest import make_tracker, rendered, run


def _escalation(url, sender):
    with session_scope(url) as session:
        return session.execute(select(Escalation).where(
            Escalation.conversation_id == sender)).scalar_one()


def test_asking_for_a_person_records_the_escalation_then_pauses(dispatcher, domain, action_database,
                                                                monkeypatch):
    monkeypatch.setenv("HELPDESK_HOURS", "Mon-Sun 00:00-23:59 UTC")
    tracker = make_tracker("can I talk to a person?", "request_human", sender="conv-escalate",
                           city="Valongo", country="PT", challenges="no money",
                           pathways=[{"pathway": "finance", "confidence": 0.9}],
                           recommendations=[{"kind": "service", "key": "k", "name": "N"}],
                           recommendation_offset=1)
    events = run(ActionEscalate().run(dispatcher, tracker, domain))
    assert events == [{"event": "pause", "timestamp": None}]
    escalation = _escalation(action_database, "conv-escalate")
    assert (escalation.reason, escalation.status) == ("asked_for_person", "open")
    assert escalation.profile == {"city": "Valongo", "country": "PT", "challenges": "no money"}
    assert escalation.recommendations_shown == [{"kind": "service", "key": "k", "name": "N"}]
    assert "A person will reply here" in rendered(dispatcher, domain)[0]["text"]


def test_outside_hours_the_user_is_told_when_and_may_leave_an_email(dispatcher, domain,
                                                                    monkeypatch):
    monkeypatch.setenv("HELPDESK_HOURS", "Sat-Sat 00:00-00:01 UTC")
    tracker = make_tracker("is our grant agreement legal?", "ask_legal_advice",
                           sender="conv-legal")
    run(ActionEscalate().run(dispatcher, tracker, domain))
    text = rendered(dispatcher, domain)[0]["text"]
    assert text.startswith("I can't give legal or contractual advice")
    assert "Saturday at 00:00 (UTC time)" in text
    assert "uses it only to answer you" in text


def test_two_failed_rephrasings_go_to_a_person(dispatcher, domain, action_database):
    tracker = make_tracker("blorp", "nlu_fallback", sender="conv-fallback")
    events = run(ActionDefaultFallback().run(dispatcher, tracker, domain))
    assert events[-1]["event"] == "pause"
    assert _escalation(action_database, "conv-fallback").reason == "repeated_fallback"


def test_dialogue_uncertainty_does_not_escalate(dispatcher, domain):
    events = run(ActionCoreFallback().run(dispatcher, make_tracker("hm", "affirm"), domain))
    assert events == [{"event": "rewind", "timestamp": None}]


def test_unsure_intent_is_asked_about_in_plain_words(dispatcher, domain):
    tracker = make_tracker("mision citys?", "nlu_fallback", confidence=0.4)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_mission_cities", "confidence": 0.35}]
    run(ActionDefaultAskAffirmation().run(dispatcher, tracker, domain))
    message = rendered(dispatcher, domain)[0]
    assert "difference between Mission Cities and other cities" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/ask_mission_cities", "/deny"]
