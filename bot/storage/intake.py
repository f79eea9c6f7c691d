"""Store what a city answered, one row per conversation, for the Helpdesk's needs analysis."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.intake import Intake
from bot.storage.models import IntakeAnswer


def save_intake(session: Session, intake: Intake) -> IntakeAnswer:
    """Insert or update the conversation's answers (a correction updates the same row)."""
    row = session.execute(
        select(IntakeAnswer).where(IntakeAnswer.conversation_id == intake.conversation_id)
    ).scalar_one_or_none()
    if row is None:
        row = IntakeAnswer(conversation_id=intake.conversation_id)
        session.add(row)
    for name in ("city", "country_code", "geonameid", "is_mission_city", "readiness",
                 "challenge_text", "pathways", "support_wanted", "skipped"):
        setattr(row, name, getattr(intake, name))
    session.flush()
    return row

