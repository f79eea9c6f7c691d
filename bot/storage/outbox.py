"""The notifications outbox: what is due, and how each delivery attempt is recorded.

A message stays in the table until a webhook call succeeds; each failure is recorded and the next
attempt waits longer (exponential backoff, capped). The sending itself is
bot/integrations/helpdesk_webhook.py; bot/services/helpdesk.py ties the two together.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import OutboxMessage

FIRST_RETRY_S = 5.0
MAX_RETRY_S = 3600.0
BATCH = 20


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1)))


def idempotency_key(message_id: int) -> str:
    """Sent with each attempt, so that a receiver recognises a notification sent twice (a crash
    between sending and recording)."""
    return f"outbox-{message_id}"


def due(session: Session, now: datetime, limit: int = BATCH) -> list[OutboxMessage]:
    """Undelivered messages whose next attempt is due, oldest first."""
    query = select(OutboxMessage).where(
        OutboxMessage.delivered_at.is_(None), OutboxMessage.next_attempt_at <= now
    ).order_by(OutboxMessage.id).limit(limit)
    return list(session.execute(query).scalars())


def record_delivery(session: Session, message_id: int, now: datetime) -> None:
    message = session.get(OutboxMessage, message_id)
    message.attempts += 1
    message.delivered_at, message.last_error = now, None


def record_failure(session: Session, message_id: int, error: str, now: datetime) -> None:
    message = session.get(OutboxMessage, message_id)
    message.attempts += 1
    message.last_error = error[:1000]
    message.next_attempt_at = now + retry_delay(message.attempts)


def undelivered(session: Session) -> list[OutboxMessage]:
    """Notifications still waiting, with their last error (shown in the console)."""
    query = select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None)).order_by(
        OutboxMessage.id)
    return list(session.execute(query).scalars())
