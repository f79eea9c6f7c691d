"""Days and moments as the product reads and compares them: one spelling for each."""

from __future__ import annotations

from datetime import date, datetime, timezone


def parse_day(text: str) -> date:
    """A day typed as YYYY-MM-DD; ValueError with a message fit to show the person who typed it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a day (YYYY-MM-DD)") from None


def as_utc(moment: datetime) -> datetime:
    """A stored moment with its time zone: SQLite gives back naive datetimes for UTC ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
