"""Deliver Helpdesk notifications at least once, from the outbox table.

A message stays in the table until a webhook call succeeds; each failure is recorded and the next
attempt waits longer (exponential backoff, capped). Receivers get an `Idempotency-Key` header so
that a notification sent twice (a crash between sending and marking) can be recognised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import OutboxMessage

FIRST_RETRY_S = 5.0
MAX_RETRY_S = 3600.0
BATCH = 20

Send = Callable[[OutboxMessage], None]


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_RETRY_S, FIRST_RETRY_S * 2 ** max(0, attempts - 1)))


def webhook_sender(url: str, timeout: float = 10.0) -> Send:
    """POST the notification as JSON; anything but 2xx is a failure."""

    def send(message: OutboxMessage) -> None:
        response = requests.post(url, json=message.payload, timeout=timeout, headers={
            "Idempotency-Key": f"outbox-{message.id}", "User-Agent": "helpdesk-broker"})
        if not 200 <= response.status_code < 300:
            raise RuntimeError(f"webhook answered HTTP {response.status_code}")

    return send


def deliver_due(session: Session, send: Send, now: datetime) -> DeliveryReport:
    """Try every message that is due; commit each outcome as it happens (caller's session)."""
    report = DeliveryReport()
    due = select(OutboxMessage).where(
        OutboxMessage.delivered_at.is_(None), OutboxMessage.next_attempt_at <= now
    ).order_by(OutboxMessage.id).limit(BATCH)
    for message in session.execute(due).scalars().all():
        message.attempts += 1
        try:
            send(message)
        except Exception as error:  # noqa: BLE001 (any failure is recorded and retried)
            message.last_error = f"{type(error).__name__}: {error}"[:1000]
            message.next_attempt_at = now + retry_delay(message.attempts)
            report.failed += 1
        else:
            message.delivered_at, message.last_error = now, None
            report.delivered += 1
        session.commit()
    return report


def undelivered(session: Session) -> list[OutboxMessage]:
    """Notifications still waiting, with their last error (shown in the console)."""
    query = select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None)).order_by(
        OutboxMessage.id)
    return list(session.execute(query).scalars())
