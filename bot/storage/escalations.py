"""Escalation records: opened by the bot, then read and updated for the Helpdesk's moves
(claim, reply, resolve: the rules live in bot/services/helpdesk.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.handoff.summary import Handoff, summarise
from bot.storage.models import Escalation, OutboxMessage, utcnow

ACTIVE = ("open", "claimed")
NOTIFICATION = "escalation.created"


def notification(escalation: Escalation, console_url: str) -> dict:
    """Generic JSON for a chat or ticket tool; `text` alone is enough for Slack-like tools."""
    link = f"{console_url.rstrip('/')}/escalations/{escalation.id}"
    return {
        "event": NOTIFICATION, "escalation_id": escalation.id,
        "conversation_id": escalation.conversation_id, "reason": escalation.reason,
        "summary": escalation.summary, "city": escalation.profile.get("city"),
        "country": escalation.profile.get("country"), "language": escalation.language,
        "pathways": [item["pathway"] for item in escalation.pathways],
        "created_at": escalation.created_at.isoformat(), "console_url": link,
        "text": f"New Helpdesk escalation #{escalation.id}: {escalation.summary} {link}",
    }


def open_escalation(session: Session, handoff: Handoff, console_url: str,
                    notify: bool) -> Escalation:
    """Write the escalation (and its notification, in the same transaction) before anything
    else; a conversation already with the Helpdesk keeps its one active escalation."""
    active = active_escalation(session, handoff.conversation_id)
    if active is not None:
        return active
    escalation = Escalation(
        conversation_id=handoff.conversation_id, reason=handoff.reason, status="open",
        summary=summarise(handoff), profile=handoff.profile, pathways=handoff.pathways,
        recommendations_shown=handoff.recommendations_shown,
        transcript_ref=handoff.transcript_ref, language=handoff.language, created_at=utcnow())
    session.add(escalation)
    session.flush()
    if notify:
        session.add(OutboxMessage(escalation_id=escalation.id, kind=NOTIFICATION,
                                  payload=notification(escalation, console_url)))
    session.flush()
    return escalation


def active_escalation(session: Session, conversation_id: str) -> Escalation | None:
    return session.execute(select(Escalation).where(
        Escalation.conversation_id == conversation_id,
        Escalation.status.in_(ACTIVE))).scalars().first()


def record_contact(session: Session, conversation_id: str, email: str | None,
                   message: str | None) -> Escalation | None:
    """Keep the e-mail address (given with consent, used only to answer) and the message."""
    escalation = active_escalation(session, conversation_id)
    if escalation is not None:
        if email:
            escalation.contact_email = email
        if message:
            escalation.user_message = "\n".join(
                part for part in (escalation.user_message, message) if part)
    return escalation


def replace_contact(escalation: Escalation, email: str | None,
                    message: str | None) -> Escalation:
    """What the user left for the Helpdesk since the hand-over (read from the transcript)."""
    escalation.contact_email = email or escalation.contact_email
    escalation.user_message = message
    return escalation


def get_escalation(session: Session, escalation_id: int) -> Escalation | None:
    return session.get(Escalation, escalation_id)


def list_escalations(session: Session, statuses: tuple[str, ...] = ACTIVE) -> list[Escalation]:
    query = select(Escalation).where(Escalation.status.in_(statuses)).order_by(
        Escalation.created_at)
    return list(session.execute(query).scalars())
