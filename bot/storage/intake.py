"""Store what a city answered, one row per conversation, for the Helpdesk's needs analysis."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain.insights import city_key, pathway_rows
from bot.domain.intake import Intake
from bot.storage.models import (
    IntakeAnswer,
    IntakePathway,
    IntakeSupport,
    OrientationProgress,
    RecommendationShown,
)

_COPIED = ("city", "country_code", "geonameid", "is_mission_city", "readiness", "challenge_text",
           "pathways", "support_wanted", "skipped", "language", "population", "pathways_outcome")


def save_intake(session: Session, intake: Intake) -> IntakeAnswer:
    """Insert or update the conversation's answers (a correction updates the same row), with
    one row per pathway and per support kind for the figures."""
    row = session.execute(
        select(IntakeAnswer).where(IntakeAnswer.conversation_id == intake.conversation_id)
    ).scalar_one_or_none()
    if row is None:
        row = IntakeAnswer(conversation_id=intake.conversation_id)
        session.add(row)
    for name in _COPIED:
        setattr(row, name, getattr(intake, name))
    row.city_key = city_key(intake.geonameid, intake.city, intake.country_code)
    row.pathway_rows = [IntakePathway(pathway_key=key, confidence=confidence, is_primary=primary)
                        for key, confidence, primary in pathway_rows(intake.pathways)]
    row.support_rows = [IntakeSupport(support_key=key)
                        for key in dict.fromkeys(intake.support_wanted)]
    session.flush()
    return row


def save_progress(session: Session, conversation_id: str, question: str | None,
                  language: str | None) -> None:
    """Note the question the conversation is now asked (one row per conversation)."""
    row = session.execute(select(OrientationProgress).where(
        OrientationProgress.conversation_id == conversation_id)).scalar_one_or_none()
    if row is None:
        session.add(OrientationProgress(conversation_id=conversation_id, question=question,
                                        language=language))
    elif (row.question, row.language) != (question, language):
        row.question, row.language = question, language
    session.flush()


def save_shown(session: Session, conversation_id: str, offers: list[dict]) -> int:
    """Note offers shown in a conversation (each once); returns how many were new."""
    keys = {(offer["kind"], offer["key"]) for offer in offers}
    if not keys:
        return 0
    known = {tuple(row) for row in session.execute(
        select(RecommendationShown.kind, RecommendationShown.key)
        .where(RecommendationShown.conversation_id == conversation_id))}
    new = [offer for offer in {(o["kind"], o["key"]): o for o in offers}.values()
           if (offer["kind"], offer["key"]) not in known]
    session.add_all(RecommendationShown(conversation_id=conversation_id, kind=offer["kind"],
                                        key=offer["key"][:200], name=offer["name"][:500])
                    for offer in new)
    session.flush()
    return len(new)


def set_excluded(session: Session, conversation_id: str, excluded: bool) -> bool:
    """Leave a conversation out of the figures (a test, a Helpdesk trial) or take it back in;
    False when nothing is stored for it."""
    found = 0
    for model in (IntakeAnswer, OrientationProgress):
        found += session.execute(update(model).where(model.conversation_id == conversation_id)
                                 .values(excluded=excluded)).rowcount
    return bool(found)
