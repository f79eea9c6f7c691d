from datetime import datetime, timezone

import pytest

from bot.domain.errors import Conflict
from bot.domain.handoff.hours import HelpdeskHours
from bot.domain.handoff.rules import escalation_reason
from bot.domain.handoff.summary import Handoff
from bot.services import helpdesk
from bot.storage.escalations import (
    active_escalation,
    get_escalation,
    open_escalation,
    record_contact,
)
from bot.storage.helpdesk_users import add_user, authenticate
from bot.storage.models import OutboxMessage
from bot.storage.outbox import undelivered
from bot.storage.session import session_scope

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)


def user(intent):
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def action(name):
    return {"event": "action", "name": name}


@pytest.mark.parametrize(("events", "reason"), [
    ([user("request_human")], "asked_for_person"),
    ([user("express_frustration")], "frustration"),
    ([user("ask_legal_advice")], "legal_question"),
    ([user("nlu_fallback"), action("action_two_stage_fallback"), user("nlu_fallback")],
     "repeated_fallback"),
    ([user("affirm"), action("action_recommend"), action("action_listen"), user("deny")],
     "rejected_recommendations"),
    ([user("greet"), action("utter_greet"), action("utter_data_use_notice"), user("deny")], None),
    ([user("nlu_fallback"), action("x"), user("greet"), user("nlu_fallback")], None),
    ([], None),
])
def test_when_to_escalate(events, reason):
    assert escalation_reason(events) == reason


def test_helpdesk_hours():
    hours = HelpdeskHours.parse("Mon-Fri 09:00-17:00 Europe/Brussels")
    tuesday_11_brussels = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
    assert hours.is_open(tuesday_11_brussels)
    friday_evening = datetime(2026, 11, 27, 17, 30, tzinfo=timezone.utc)
    assert not hours.is_open(friday_evening)
    assert hours.describe_next_opening(friday_evening) == "Monday at 09:00 (Brussels time)"
    with pytest.raises(ValueError):
        HelpdeskHours.parse("whenever")


HANDOFF = Handoff("conv-handoff", "asked_for_person",
                  {"city": "Valongo", "country": "PT", "readiness": "planning_target",
                   "support_wanted": ["funding"]},
                  [{"pathway": "finance", "confidence": 0.9}],
                  [{"key": "elena-eib"}], "/conversations/conv-handoff/tracker")


def test_escalation_lifecycle(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)  # the Helpdesk services' database
    with session_scope(database_url) as session:
        escalation = open_escalation(session, HANDOFF, "http://console", notify=True)
        again = open_escalation(session, HANDOFF, "http://console", notify=True)
        assert again.id == escalation.id, "one active escalation per conversation"
        assert escalation.summary == (
            "Valongo, Portugal; yes, we plan to set a climate-neutral target; challenges: "
            "funding and financing; wants access to funding; 1 recommendation shown. "
            "The user asked to talk to a person.")
        assert len(undelivered(session)) >= 1
        record_contact(session, "conv-handoff", "officer@valongo.example", "Call me please")
    helpdesk.claim(escalation.id, "ana")
    resolved = helpdesk.resolve(escalation.id, "ana")
    assert (resolved["contact_email"], resolved["assignee"]) == ("officer@valongo.example", "ana")
    with pytest.raises(Conflict):
        helpdesk.resolve(escalation.id, "ana")
    with session_scope(database_url) as session:
        assert active_escalation(session, "conv-handoff") is None
        session.query(OutboxMessage).filter_by(escalation_id=escalation.id).delete()
        session.delete(get_escalation(session, escalation.id))


def test_passwords_are_hashed_and_checked(database_url):
    with session_scope(database_url) as session:
        account = add_user(session, "ana-test", "correct horse battery")
        assert "correct horse" not in account.password_hash
        assert authenticate(session, "ana-test", "correct horse battery").id == account.id
        assert authenticate(session, "ana-test", "wrong password!") is None
        assert authenticate(session, "nobody", "correct horse battery") is None
        with pytest.raises(ValueError):
            add_user(session, "short", "short")
        session.delete(account)


def test_what_the_user_leaves_after_the_handoff():
    from bot.domain.transcript import left_after_handoff, transcript

    events = [{"event": "user", "text": "my mail is early@x.org", "timestamp": 1},
              {"event": "pause", "timestamp": 2},
              {"event": "user", "text": "Please write to ana.silva@cm-valongo.pt", "timestamp": 3},
              {"event": "user", "text": "about the EUCF call", "timestamp": 4},
              {"event": "bot", "text": "Hi", "metadata": {"helpdesk_agent": "ana"},
               "timestamp": 5}]
    assert left_after_handoff(events) == (
        "ana.silva@cm-valongo.pt", "Please write to ana.silva@cm-valongo.pt\nabout the EUCF call")
    assert left_after_handoff(events[:1]) == (None, None)
    lines = transcript(events)
    assert [line["who"] for line in lines] == ["user", "system", "user", "user", "helpdesk (ana)"]
