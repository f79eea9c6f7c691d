"""The Helpdesk's use cases on a fresh SQLite database: queue, claim, reply, resolve, what the
user left, sign-in and at-least-once delivery of notifications."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.domain.errors import Conflict, InvalidInput, NotFound
from bot.domain.handoff.summary import Handoff
from bot.integrations.helpdesk_webhook import webhook_sender
from bot.services import helpdesk
from bot.storage import audit
from bot.storage.escalations import open_escalation
from bot.storage.helpdesk_users import add_user
from bot.storage.migrate import upgrade
from bot.storage.models import OutboxMessage
from bot.storage.outbox import retry_delay
from bot.storage.session import session_scope
from tests.webhook_receiver import WebhookReceiver


@pytest.fixture
def database(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def escalate(url: str, conversation_id: str, notify: bool = False) -> int:
    handoff = Handoff(conversation_id, "asked_for_person", {"city": "Valongo", "country": "PT"},
                      [{"pathway": "finance", "confidence": 0.9}], [],
                      f"/conversations/{conversation_id}/tracker")
    with session_scope(url) as session:
        return open_escalation(session, handoff, "http://console", notify=notify).id


def outbox(url: str) -> list[OutboxMessage]:
    with session_scope(url) as session:
        return session.query(OutboxMessage).order_by(OutboxMessage.id).all()


def test_the_queue_holds_active_escalations_oldest_first_as_plain_data(database):
    first, second, done = (escalate(database, name) for name in ("c-1", "c-2", "c-3"))
    helpdesk.resolve(done, "ana")
    waiting = helpdesk.queue()
    assert [item["id"] for item in waiting.escalations] == [first, second]
    assert waiting.failing == []
    json.dumps(waiting.escalations)  # plain data: what the API sends as it is
    assert waiting.escalations[0]["reason_text"] == "asked to talk to a person"
    assert [e["id"] for e in helpdesk.list_escalations(("resolved",))] == [done]


def test_a_missing_escalation_is_not_found(database):
    for use_case in (helpdesk.escalation, helpdesk.unresolved):
        with pytest.raises(NotFound, match="no escalation 999"):
            use_case(999)
    with pytest.raises(NotFound):
        helpdesk.claim(999, "ana")
    with pytest.raises(NotFound):
        helpdesk.resolve(999, "ana")


def test_claim_reply_and_resolve(database):
    escalation_id = escalate(database, "c-moves")
    claimed = helpdesk.claim(escalation_id, "ana")
    assert (claimed["status"], claimed["assignee"]) == ("claimed", "ana")
    assert claimed["claimed_at"] is not None
    assert helpdesk.record_reply(escalation_id, "bob")["assignee"] == "ana", \
        "a colleague's reply does not take over a claimed escalation"
    resolved = helpdesk.resolve(escalation_id, "bob")
    assert (resolved["status"], resolved["assignee"]) == ("resolved", "ana")
    assert resolved["resolved_at"] is not None
    for move in (helpdesk.claim, helpdesk.resolve):
        with pytest.raises(Conflict, match="already resolved"):
            move(escalation_id, "ana")
    with pytest.raises(Conflict):
        helpdesk.unresolved(escalation_id)


def test_a_reply_to_an_open_escalation_claims_it(database):
    escalation_id = escalate(database, "c-reply")
    assert helpdesk.unresolved(escalation_id)["conversation_id"] == "c-reply"
    replied = helpdesk.record_reply(escalation_id, "bob")
    assert (replied["status"], replied["assignee"]) == ("claimed", "bob")


@pytest.mark.parametrize("text", ["", "   \n", "x" * (helpdesk.MAX_REPLY + 1)])
def test_a_reply_needs_text_that_fits(text):
    with pytest.raises(InvalidInput, match="1 to 4000 characters"):
        helpdesk.reply_text(text)


def test_a_reply_is_sent_trimmed():
    assert helpdesk.reply_text("  Hello, this is Ana.\n") == "Hello, this is Ana."
    assert len(helpdesk.reply_text("x" * helpdesk.MAX_REPLY)) == helpdesk.MAX_REPLY


def test_what_the_user_left_is_kept_until_resolved(database):
    escalation_id = escalate(database, "c-left")
    events = [{"event": "pause"},
              {"event": "user", "text": "Write to ana@cm-valongo.pt please"}]
    kept = helpdesk.keep_what_user_left(escalation_id, events)
    assert (kept["contact_email"], kept["user_message"]) == (
        "ana@cm-valongo.pt", "Write to ana@cm-valongo.pt please")
    assert helpdesk.keep_what_user_left(escalation_id, [])["contact_email"] == \
        "ana@cm-valongo.pt", "a transcript without the hand-over changes nothing"
    helpdesk.resolve(escalation_id, "ana")
    later = events + [{"event": "user", "text": "also bob@x.org"}]
    assert helpdesk.keep_what_user_left(escalation_id, later)["contact_email"] == \
        "ana@cm-valongo.pt", "a resolved record is not rewritten"


def test_sign_in_checks_the_password_and_writes_every_attempt_to_the_audit_log(database):
    with session_scope(database) as session:
        add_user(session, "ana", "a long test password")
    assert helpdesk.sign_in("ana", "a long test password", "10.0.0.1").signed_in
    wrong = helpdesk.sign_in("ana", "a wrong password!", "10.0.0.1", first_delay=0.5)
    assert (wrong.signed_in, wrong.delay) == (False, 0.5)
    assert not helpdesk.sign_in("nobody", "a long test password", "10.0.0.2").signed_in
    with session_scope(database) as session:
        logged = [(entry.action, entry.actor, entry.source) for entry in audit.entries(session)]
    assert logged == [("sign_in_failed", "nobody", "10.0.0.2"),
                      ("sign_in_failed", "ana", "10.0.0.1"), ("sign_in", "ana", "10.0.0.1")]
    assert not any("password" in str(row) for row in logged), "never what was typed"


def test_failed_sign_ins_slow_down_then_lock_out_an_address_until_the_window_passes(database):
    with session_scope(database) as session:
        add_user(session, "ana", "a long test password")
    start = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
    delays = [helpdesk.sign_in("ana", "guess", "10.0.0.9", 1.0,
                               start + timedelta(seconds=n)).delay for n in range(5)]
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0]
    locked = helpdesk.sign_in("ana", "a long test password", "10.0.0.9", 1.0,
                              start + timedelta(minutes=1))
    assert not locked.signed_in and locked.refused_until == start + timedelta(minutes=5)
    elsewhere = helpdesk.sign_in("ana", "a long test password", "10.0.0.10", 1.0,
                                 start + timedelta(minutes=1))
    assert elsewhere.signed_in, "the account's own limit (10) is not reached"
    later = helpdesk.sign_in("ana", "a long test password", "10.0.0.9", 1.0,
                             start + timedelta(minutes=5, seconds=1))
    assert later.signed_in, "the first failure has left the five minutes"


def test_an_account_is_locked_after_ten_failures_from_any_addresses(database):
    start = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
    for n in range(10):
        helpdesk.sign_in("ana", "guess", f"10.1.0.{n}", 0.1, start + timedelta(seconds=n))
    locked = helpdesk.sign_in("ana", "anything", "10.2.0.1", 0.1, start + timedelta(minutes=2))
    assert locked.refused_until == start + timedelta(minutes=15)
    with session_scope(database) as session:
        assert audit.entries(session, limit=1)[0].action == "sign_in_refused"


def test_retry_delays_double_from_five_seconds_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert retry_delay(20) == timedelta(hours=1)


def test_a_webhook_failing_three_times_delivers_exactly_once(database):
    receiver = WebhookReceiver(failures=3)
    send = webhook_sender(receiver.url, timeout=5)
    escalation_id = escalate(database, "c-webhook", notify=True)
    moment = datetime.now(timezone.utc)
    reports = []
    try:
        for _ in range(10):  # a worker waking up; each attempt waits for its backoff
            reports.append(helpdesk.deliver_due_notifications(send, moment))
            moment += timedelta(hours=2)
    finally:
        receiver.close()
    assert receiver.attempts == 4
    assert [(r.delivered, r.failed) for r in reports[:5]] == [(0, 1)] * 3 + [(1, 0), (0, 0)]
    [(_, headers, payload)] = receiver.received
    key = headers["Idempotency-Key"]
    assert payload["escalation_id"] == escalation_id and payload["event"] == "escalation.created"
    [message] = outbox(database)
    assert key == f"outbox-{message.id}"
    assert message.delivered_at is not None and message.attempts == 4
    assert message.last_error is None


def test_failures_are_recorded_and_retried_after_the_delay(database):
    def broken(key: str, payload: dict) -> None:
        raise ConnectionError("receiver down")

    escalate(database, "c-broken", notify=True)
    now = datetime.now(timezone.utc)
    assert helpdesk.deliver_due_notifications(broken, now).failed == 1
    [waiting] = outbox(database)
    assert waiting.attempts == 1 and waiting.last_error == "ConnectionError: receiver down"
    assert waiting.next_attempt_at.replace(tzinfo=timezone.utc) == now + timedelta(seconds=5)
    assert helpdesk.queue().failing == [{"id": waiting.id, "escalation_id": waiting.escalation_id,
                                        "attempts": 1,
                                        "last_error": "ConnectionError: receiver down"}]
    assert helpdesk.deliver_due_notifications(broken, now + timedelta(seconds=4)).failed == 0, \
        "not due again yet"
    assert helpdesk.deliver_due_notifications(broken, now + timedelta(seconds=5)).failed == 1
    [waiting] = outbox(database)
    assert waiting.attempts == 2
    assert waiting.next_attempt_at.replace(tzinfo=timezone.utc) == now + timedelta(seconds=15)
