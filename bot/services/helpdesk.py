"""The Helpdesk's use cases on escalation records: the queue, one escalation, claim, reply,
resolve, sign-in and the delivery of notifications.

Each function owns its transaction and returns plain data (an escalation is the dict the
console's JSON API sends); refusals are domain errors. Talking to Rasa is the caller's part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.errors import Conflict, InvalidInput, NotFound
from bot.domain.handoff.rules import REASON_TEXT
from bot.domain.languages import language_name
from bot.domain.sign_in_limits import PER_ACCOUNT, PER_SOURCE, answer_delay, refused_until
from bot.domain.transcript import left_after_handoff
from bot.integrations.helpdesk_webhook import Send
from bot.storage import audit, outbox
from bot.storage import escalations as store
from bot.storage.helpdesk_users import authenticate
from bot.storage.models import Escalation, utcnow
from bot.storage.session import session_scope

FAILED = "sign_in_failed"

MAX_REPLY = 4000


@dataclass(frozen=True)
class Queue:
    escalations: list[dict]
    failing: list[dict]  # notifications tried but not delivered yet


@dataclass(frozen=True)
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _plain(escalation: Escalation) -> dict:
    return {
        "id": escalation.id, "conversation_id": escalation.conversation_id,
        "status": escalation.status, "reason": escalation.reason,
        "reason_text": REASON_TEXT.get(escalation.reason, escalation.reason),
        "language": escalation.language, "language_name": language_name(escalation.language),
        "summary": escalation.summary, "profile": escalation.profile,
        "pathways": escalation.pathways, "recommendations_shown": escalation.recommendations_shown,
        "transcript_ref": escalation.transcript_ref, "assignee": escalation.assignee,
        "contact_email": escalation.contact_email, "user_message": escalation.user_message,
        "created_at": escalation.created_at.isoformat(),
        "claimed_at": _iso(escalation.claimed_at), "resolved_at": _iso(escalation.resolved_at),
    }


def _found(session: Session, escalation_id: int) -> Escalation:
    escalation = store.get_escalation(session, escalation_id)
    if escalation is None:
        raise NotFound(f"no escalation {escalation_id}")
    return escalation


def _unresolved(session: Session, escalation_id: int) -> Escalation:
    escalation = _found(session, escalation_id)
    if escalation.status == "resolved":
        raise Conflict(f"escalation {escalation_id} is already resolved")
    return escalation


def _claim(escalation: Escalation, agent: str) -> None:
    escalation.status, escalation.assignee, escalation.claimed_at = "claimed", agent, utcnow()


@dataclass(frozen=True)
class SignIn:
    """A sign-in's outcome: signed in, or not with how long to hold the answer, or refused
    without a password check until `refused_until`."""

    signed_in: bool
    delay: float = 0.0
    refused_until: datetime | None = None


def sign_in(username: str, password: str, source: str = "", first_delay: float = 0.5,
            now: datetime | None = None) -> SignIn:
    """Check a staff member's password (against its hash) unless too many sign-ins failed lately
    from this address or for this name; every attempt goes to the audit log."""
    now = now or utcnow()
    with session_scope() as session:
        by_source = audit.moments(session, FAILED, now - PER_SOURCE.window, source=source)
        by_account = audit.moments(session, FAILED, now - PER_ACCOUNT.window, actor=username)
        until = max(filter(None, (refused_until(by_source, PER_SOURCE),
                                  refused_until(by_account, PER_ACCOUNT))), default=None)
        if until and until > now:
            audit.record(session, "sign_in_refused", username, source, at=now)
            return SignIn(False, refused_until=until)
        if authenticate(session, username, password) is not None:
            audit.record(session, "sign_in", username, source, at=now)
            return SignIn(True)
        audit.record(session, FAILED, username, source, at=now)
        return SignIn(False, delay=answer_delay(max(len(by_source), len(by_account)),
                                                first_delay))


def list_escalations(statuses: tuple[str, ...] = store.ACTIVE) -> list[dict]:
    """Escalations in these states, oldest first: the Helpdesk answers the longest wait first."""
    with session_scope() as session:
        return [_plain(escalation) for escalation in store.list_escalations(session, statuses)]


def queue() -> Queue:
    """What waits for the Helpdesk, oldest first, and the failing notifications staff must see."""
    with session_scope() as session:
        return Queue(
            [_plain(escalation) for escalation in store.list_escalations(session)],
            [{"id": message.id, "escalation_id": message.escalation_id,
              "attempts": message.attempts, "last_error": message.last_error}
             for message in outbox.undelivered(session) if message.attempts])


def escalation(escalation_id: int) -> dict:
    """One escalation, to show it or to find its conversation; NotFound if there is none."""
    with session_scope() as session:
        return _plain(_found(session, escalation_id))


def keep_what_user_left(escalation_id: int, events: list[dict]) -> dict:
    """Keep what the user wrote for the Helpdesk since the hand-over, so staff can answer it."""
    email, message = left_after_handoff(events)
    with session_scope() as session:
        record = _found(session, escalation_id)
        if (email, message) != (record.contact_email, record.user_message) and \
                (email or message) and record.status != "resolved":
            store.replace_contact(record, email, message)
        return _plain(record)


def unresolved(escalation_id: int) -> dict:
    """The escalation to reply in or hand back; Conflict once resolved, before Rasa is told."""
    with session_scope() as session:
        return _plain(_unresolved(session, escalation_id))


def reply_text(text: str) -> str:
    """The reply as it will be sent; InvalidInput when empty or too long for the chat."""
    text = text.strip()
    if not text or len(text) > MAX_REPLY:
        raise InvalidInput(f"a reply needs 1 to {MAX_REPLY} characters")
    return text


def claim(escalation_id: int, agent: str) -> dict:
    """`agent` takes the escalation, so colleagues see it is being answered."""
    with session_scope() as session:
        record = _unresolved(session, escalation_id)
        _claim(record, agent)
        return _plain(record)


def record_reply(escalation_id: int, agent: str) -> dict:
    """After a reply reached the conversation: an open escalation becomes the replier's."""
    with session_scope() as session:
        record = _found(session, escalation_id)
        if record.status == "open":
            _claim(record, agent)
        return _plain(record)


def resolve(escalation_id: int, agent: str) -> dict:
    """Close the escalation once the bot has the conversation back; the claimer stays assignee."""
    with session_scope() as session:
        record = _unresolved(session, escalation_id)
        record.status, record.resolved_at = "resolved", utcnow()
        record.assignee = record.assignee or agent
        return _plain(record)


def deliver_due_notifications(send: Send, now: datetime) -> DeliveryReport:
    """Send the due notifications at least once, committing each outcome, retrying failures."""
    with session_scope() as session:
        due = [(message.id, message.payload) for message in outbox.due(session, now)]
    delivered = failed = 0
    for message_id, payload in due:
        try:
            send(outbox.idempotency_key(message_id), payload)
        except Exception as error:  # any failure is recorded and retried
            with session_scope() as session:
                outbox.record_failure(session, message_id, f"{type(error).__name__}: {error}",
                                      now)
            failed += 1
        else:
            with session_scope() as session:
                outbox.record_delivery(session, message_id, now)
            delivered += 1
    return DeliveryReport(delivered, failed)
