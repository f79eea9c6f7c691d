"""The needs figures, counted by the database: the same aggregate queries on SQLite and PostgreSQL.

Each city counts once per period with its latest answers (a city that talked twice, or corrected
itself, is one city); conversations flagged as tests are left out. A conversation whose city
was not given counts as a city of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, distinct, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from bot.domain.bits import SUPPORT_ORDER, bit
from bot.domain.eligibility import OPEN_STATUSES
from bot.domain.insights import SIZE_CLASSES
from bot.storage.models import (
    Escalation,
    FundingCall,
    IntakeAnswer,
    IntakePathway,
    IntakeSupport,
    OrientationProgress,
    RecommendationShown,
    Service,
    call_pathways,
    service_pathways,
)
from bot.storage.ranking import not_past


@dataclass(frozen=True)
class Filters:
    """The period (inclusive days) and the optional country, readiness and language."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    readiness: str | None = None
    language: str | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def chosen_answers(filters: Filters):
    """The answers that count: each city's latest in the period, then the filters."""
    period = [IntakeAnswer.excluded.is_(False), *_period(IntakeAnswer.updated_at, filters)]
    city = func.coalesce(IntakeAnswer.city_key, literal("c:") + IntakeAnswer.conversation_id)
    ranked = select(IntakeAnswer.id.label("id"), func.row_number().over(
        partition_by=city, order_by=(IntakeAnswer.updated_at.desc(), IntakeAnswer.id.desc())
    ).label("position")).where(*period).subquery()
    wanted = [ranked.c.position == 1]
    if filters.country:
        wanted.append(IntakeAnswer.country_code == filters.country.upper())
    if filters.readiness:
        wanted.append(IntakeAnswer.readiness == filters.readiness)
    if filters.language:
        wanted.append(IntakeAnswer.language == filters.language)
    return select(IntakeAnswer.id.label("id")).join(ranked, ranked.c.id == IntakeAnswer.id) \
        .where(*wanted).subquery()


def size_class_column():
    """SQL for bot.domain.insights.size_class."""
    whens = [(and_(IntakeAnswer.population >= low,
                   IntakeAnswer.population < high if high else literal(True)), key)
             for key, _label, low, high in SIZE_CLASSES]
    return case((or_(IntakeAnswer.population.is_(None), IntakeAnswer.population <= 0), None),
                *whens, else_=None)


def _counts(session: Session, query: Select) -> dict:
    """{key or (key, key): count} from a query selecting key columns and a count last."""
    counted = {}
    for row in session.execute(query):
        *keys, count = tuple(row)
        counted[keys[0] if len(keys) == 1 else tuple(keys)] = int(count)
    return counted


def cities(session: Session, filters: Filters) -> int:
    chosen = chosen_answers(filters)
    return int(session.scalar(select(func.count()).select_from(chosen)) or 0)


def by_answer_column(session: Session, filters: Filters, column) -> dict:
    """Cities per value of a column of the answers (None: not answered)."""
    chosen = chosen_answers(filters)
    return _counts(session, select(column, func.count()).select_from(IntakeAnswer)
                   .join(chosen, chosen.c.id == IntakeAnswer.id).group_by(column))


def by_pathway(session: Session, filters: Filters, primary_only: bool = False) -> dict[str, int]:
    chosen = chosen_answers(filters)
    query = select(IntakePathway.pathway_key, func.count(distinct(IntakePathway.intake_id))) \
        .join(chosen, chosen.c.id == IntakePathway.intake_id)
    if primary_only:
        query = query.where(IntakePathway.is_primary.is_(True))
    return _counts(session, query.group_by(IntakePathway.pathway_key))


def by_support(session: Session, filters: Filters) -> dict[str, int]:
    chosen = chosen_answers(filters)
    return _counts(session, select(IntakeSupport.support_key,
                                   func.count(distinct(IntakeSupport.intake_id)))
                   .join(chosen, chosen.c.id == IntakeSupport.intake_id)
                   .group_by(IntakeSupport.support_key))


def cities_with_any(session: Session, filters: Filters, model) -> int:
    """Cities that named at least one pathway (IntakePathway) or support kind (IntakeSupport)."""
    chosen = chosen_answers(filters)
    return int(session.scalar(select(func.count(distinct(model.intake_id)))
                              .join(chosen, chosen.c.id == model.intake_id)) or 0)


def readiness_by_pathway(session: Session, filters: Filters) -> dict[tuple[str, str], int]:
    chosen = chosen_answers(filters)
    return _counts(session, select(IntakeAnswer.readiness, IntakePathway.pathway_key,
                                   func.count(distinct(IntakeAnswer.id)))
                   .join(chosen, chosen.c.id == IntakeAnswer.id)
                   .join(IntakePathway, IntakePathway.intake_id == IntakeAnswer.id)
                   .group_by(IntakeAnswer.readiness, IntakePathway.pathway_key))


def pathway_by_support(session: Session, filters: Filters) -> dict[tuple[str, str], int]:
    chosen = chosen_answers(filters)
    return _counts(session, select(IntakePathway.pathway_key, IntakeSupport.support_key,
                                   func.count(distinct(IntakePathway.intake_id)))
                   .join(chosen, chosen.c.id == IntakePathway.intake_id)
                   .join(IntakeSupport, IntakeSupport.intake_id == IntakePathway.intake_id)
                   .group_by(IntakePathway.pathway_key, IntakeSupport.support_key))


def engaged_cells(session: Session, filters: Filters) -> dict[tuple[str, str], int]:
    """Engaged cities per (country, size class), for the blind spots."""
    size = size_class_column()
    chosen = chosen_answers(filters)
    return _counts(session, select(IntakeAnswer.country_code, size, func.count())
                   .join(chosen, chosen.c.id == IntakeAnswer.id)
                   .where(IntakeAnswer.country_code.is_not(None), size.is_not(None))
                   .group_by(IntakeAnswer.country_code, size))


def low_confidence(session: Session, filters: Filters, below: float) -> int:
    """Cities whose most confident pathway stayed below `below`."""
    chosen = chosen_answers(filters)
    return int(session.scalar(select(func.count(distinct(IntakePathway.intake_id)))
                              .join(chosen, chosen.c.id == IntakePathway.intake_id)
                              .where(IntakePathway.is_primary.is_(True),
                                     IntakePathway.confidence < below)) or 0)


def challenge_texts(session: Session, filters: Filters, pathway: str,
                    limit: int = 2000) -> list[str]:
    """The latest challenge texts of cities that named `pathway` (for its frequent phrases)."""
    chosen = chosen_answers(filters)
    return list(session.execute(
        select(IntakeAnswer.challenge_text).join(chosen, chosen.c.id == IntakeAnswer.id)
        .join(IntakePathway, IntakePathway.intake_id == IntakeAnswer.id)
        .where(IntakePathway.pathway_key == pathway, IntakeAnswer.challenge_text.is_not(None))
        .order_by(IntakeAnswer.updated_at.desc()).limit(limit)).scalars())


def supply_by_pathway(session: Session, today: date) -> dict[str, int]:
    """Current services and open or forthcoming calls per pathway (the catalogue's offer)."""
    services = _counts(session, select(service_pathways.c.pathway_key, func.count())
                       .join(Service, Service.id == service_pathways.c.service_id)
                       .where(not_past(Service.closes_on, today))
                       .group_by(service_pathways.c.pathway_key))
    calls = _counts(session, select(call_pathways.c.pathway_key, func.count())
                    .join(FundingCall, FundingCall.id == call_pathways.c.call_id)
                    .where(FundingCall.status.in_(OPEN_STATUSES),
                           not_past(FundingCall.deadline, today))
                    .group_by(call_pathways.c.pathway_key))
    return dict(Counter(services) + Counter(calls))


def supply_by_support(session: Session, today: date, support_keys: tuple[str, ...]
                      ) -> dict[str, int]:
    """Current services offering each kind of support (open calls count as funding)."""
    counts = {}
    for key in support_keys:
        counts[key] = int(session.scalar(select(func.count()).select_from(Service).where(
            Service.support_mask.op("&")(bit(key, SUPPORT_ORDER)) != 0,
            not_past(Service.closes_on, today))) or 0)
    if "funding" in counts:
        counts["funding"] += int(session.scalar(select(func.count()).select_from(FundingCall)
                                                .where(FundingCall.status.in_(OPEN_STATUSES),
                                                       not_past(FundingCall.deadline, today)))
                                 or 0)
    return counts


def conversation_rows(session: Session, filters: Filters) -> list[dict]:
    """One row per conversation in the period (not one per city: the Helpdesk's own analysis),
    with whether it was escalated; test conversations left out."""
    query = select(IntakeAnswer, func.count(Escalation.id)).outerjoin(
        Escalation, Escalation.conversation_id == IntakeAnswer.conversation_id).where(
        IntakeAnswer.excluded.is_(False), *_period(IntakeAnswer.updated_at, filters))
    for column, value in ((IntakeAnswer.country_code, (filters.country or "").upper()),
                          (IntakeAnswer.readiness, filters.readiness),
                          (IntakeAnswer.language, filters.language)):
        if value:
            query = query.where(column == value)
    query = query.group_by(IntakeAnswer.id).order_by(IntakeAnswer.updated_at, IntakeAnswer.id) \
        .options(selectinload(IntakeAnswer.pathway_rows), selectinload(IntakeAnswer.support_rows))
    return [{"date": answer.updated_at.date().isoformat(), "conversation": answer.conversation_id,
             "city": answer.city or "", "country": answer.country_code or "",
             "language": answer.language or "", "readiness": answer.readiness or "",
             "pathways": sorted(answer.pathway_rows, key=lambda row: -row.confidence),
             "pathways_outcome": answer.pathways_outcome or "",
             "support_wanted": [row.support_key for row in answer.support_rows],
             "escalated": bool(escalations)}
            for answer, escalations in session.execute(query)]


def completed_conversations(session: Session, filters: Filters) -> int:
    """Orientations finished in the period (every conversation, not once per city)."""
    query = select(func.count()).select_from(IntakeAnswer).where(
        IntakeAnswer.excluded.is_(False), *_period(IntakeAnswer.updated_at, filters))
    return int(session.scalar(query) or 0)


def escalation_times(session: Session, filters: Filters) -> list[tuple]:
    """(reason, created_at, claimed_at, resolved_at) of each escalation in the period, leaving
    out those of excluded conversations."""
    excluded = select(IntakeAnswer.conversation_id).where(IntakeAnswer.excluded.is_(True))
    return [tuple(row) for row in session.execute(
        select(Escalation.reason, Escalation.created_at, Escalation.claimed_at,
               Escalation.resolved_at)
        .where(Escalation.conversation_id.not_in(excluded),
               *_period(Escalation.created_at, filters)))]


def _period(column, filters: Filters) -> list:
    bounds = []
    if filters.since:
        bounds.append(column >= _start_of(filters.since))
    if filters.until:
        bounds.append(column < _start_of(filters.until + timedelta(days=1)))
    return bounds


def started_conversations(session: Session, filters: Filters) -> int:
    """Conversations that began the orientation in the period."""
    return int(session.scalar(select(func.count()).select_from(OrientationProgress).where(
        OrientationProgress.excluded.is_(False),
        *_period(OrientationProgress.started_at, filters))) or 0)


def left_at(session: Session, filters: Filters) -> dict[str | None, int]:
    """Conversations begun in the period that stored no answers, by the question they were
    asked last: where people leave the orientation."""
    return _counts(session, select(OrientationProgress.question, func.count())
                   .outerjoin(IntakeAnswer,
                              IntakeAnswer.conversation_id == OrientationProgress.conversation_id)
                   .where(IntakeAnswer.id.is_(None), OrientationProgress.excluded.is_(False),
                          *_period(OrientationProgress.started_at, filters))
                   .group_by(OrientationProgress.question))


def shown_offers(session: Session, filters: Filters, limit: int = 20) -> list[tuple]:
    """(kind, name, conversations) of the offers shown most in the period."""
    excluded = select(OrientationProgress.conversation_id).where(
        OrientationProgress.excluded.is_(True)).union(
        select(IntakeAnswer.conversation_id).where(IntakeAnswer.excluded.is_(True)))
    count = func.count(distinct(RecommendationShown.conversation_id))
    return [tuple(row) for row in session.execute(
        select(RecommendationShown.kind, RecommendationShown.name, count)
        .where(RecommendationShown.conversation_id.not_in(excluded),
               *_period(RecommendationShown.shown_at, filters))
        .group_by(RecommendationShown.kind, RecommendationShown.key, RecommendationShown.name)
        .order_by(count.desc(), RecommendationShown.name).limit(limit))]
