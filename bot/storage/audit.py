"""The audit log: security-relevant acts, who did them (as given), from where; never content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.moments import as_utc
from bot.storage.models import AuditEntry, utcnow


def record(session: Session, action: str, actor: str, source: str, subject: str = "",
           at: datetime | None = None) -> None:
    session.add(AuditEntry(action=action, actor=actor[:100], source=source[:64],
                           subject=subject[:255], at=at or utcnow()))
    session.flush()


def moments(session: Session, action: str, since: datetime, actor: str | None = None,
            source: str | None = None) -> list[datetime]:
    """When `action` was done since `since` by `actor` or from `source`, oldest first."""
    query = select(AuditEntry.at).where(AuditEntry.action == action, AuditEntry.at >= since)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor[:100])
    if source is not None:
        query = query.where(AuditEntry.source == source[:64])
    return [as_utc(moment) for moment in
            session.scalars(query.order_by(AuditEntry.at, AuditEntry.id))]


def entries(session: Session, limit: int = 200) -> list[AuditEntry]:
    """The latest entries, newest first."""
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc(),
                                                            AuditEntry.id.desc()).limit(limit)))
