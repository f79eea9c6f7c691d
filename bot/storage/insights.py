"""The needs figures, counted by the database: the same aggregate queries on SQLite and PostgreSQL.

Each city counts once per period with its latest answers (a city that talked twice, or corrected
itself, is one city); conversations flagged as tests are left out. A conversation whose city
was not given counts as a city of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    delete,
    distinct,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
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


def _chosen_select(filters: Filters) -> Select:
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
    return select(IntakeAnswer.id).join(ranked, ranked.c.id == IntakeAnswer.id).where(*wanted)


CHOSEN_TABLE = "insights_chosen_answers"
_CHOSEN = Table(CHOSEN_TABLE, MetaData(), Column("id", Integer, primary_key=True),
                prefixes=["TEMPORARY"])


@contextmanager
def chosen_answers(session: Session, filters: Filters) -> Iterator[Table]:
    """The answers that count, ranked once into a temporary table of the session's connection
    that every figure of the page joins: one window query instead of one per figure."""
    connection = session.connection()
    _CHOSEN.create(connection, checkfirst=True)
    session.execute(delete(_CHOSEN))
    session.execute(insert(_CHOSEN).from_select(["id"], _chosen_select(filters)))
    try:
        yield _CHOSEN
    except BaseException:
        with suppress(SQLAlchemyError):  # a failed transaction: its rollback drops the table
            _CHOSEN.drop(connection, checkfirst=True)
        raise
    _CHOSEN.drop(connection, checkfirst=True)


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


def cities(session: Session, chosen: Table) -> int:
    return int(session.scalar(select(func.count()).select_from(chosen)) or 0)


def by_answer_column(session: Session, chosen: Table, column) -> dict:
    """Cities per value of a column of the answers (None: not answered)."""
    return _counts(session, select(column, func.count()).select_from(IntakeAnswer)
                   .join(chosen, chosen.c.id == IntakeAnswer.id).group_by(column))


def by_pathway(session: Session, chosen: Table, primary_only: bool = False) -> dict[str, int]:
    query = select(IntakePathway.pathway_key, func.count(distinct(IntakePathway.intake_id))) \
        .join(chosen, chosen.c.id == IntakePathway.intake_id)
    if primary_only:
        query = query.where(IntakePathway.is_primary.is_(True))
    return _counts(session, query.group_by(IntakePathway.pathway_key))


def by_support(session: Session, chosen: Table) -> dict[str, int]:
    return _counts(session, select(IntakeSupport.support_key,
                                   func.count(distinct(IntakeSupport.intake_id)))
                   .join(chosen, chosen.c.id == IntakeSupport.intake_id)
                   .group_by(IntakeSupport.support_key))


def cities_with_any(session: Session, chosen: Table, model) -> int:
    """Cities that named at least one pathway (IntakePathway) or support kind (IntakeSupport)."""
    return int(session.scalar(select(func.count(distinct(model.intake_id)))
                              .join(chosen, chosen.c.id == model.intake_id)) or 0)


def crossed(session: Session, chosen: Table, rows_column, columns_column
            ) -> dict[tuple[str, str], int]:
    """Cities per pair of values of two columns of the answers or their pathway and support
    rows (readiness × pathway, pathway × support wanted)."""
    first, second = _intake_id(rows_column), _intake_id(columns_column)
    query = select(rows_column, columns_column, func.count(distinct(first))) \
        .select_from(first.table).join(chosen, chosen.c.id == first)
    if second is not first:
        query = query.join(second.table, second == first)
    return _counts(session, query.group_by(rows_column, columns_column))


def _intake_id(column):
    """The column naming the answer a column's row belongs to."""
    table = column.table
    return table.c.id if table is IntakeAnswer.__table__ else table.c.intake_id


def engaged_cells(session: Session, chosen: Table) -> dict[tuple[str, str], int]:
    """Engaged cities per (country, size class), for the blind spots."""
    size = size_class_column()
    return _counts(session, select(IntakeAnswer.country_code, size, func.count())
                   .join(chosen, chosen.c.id == IntakeAnswer.id)
                   .where(IntakeAnswer.country_code.is_not(None), size.is_not(None))
                   .group_by(IntakeAnswer.country_code, size))


def low_confidence(session: Session, chosen: Table, below: float) -> int:
    """Cities whose most confident pathway stayed below `below`."""
    return int(session.scalar(select(func.count(distinct(IntakePathway.intake_id)))
                              .join(chosen, chosen.c.id == IntakePathway.intake_id)
                              .where(IntakePathway.is_primary.is_(True),
                                     IntakePathway.confidence < below)) or 0)


def challenge_texts(session: Session, chosen: Table, pathway: str,
                    limit: int = 2000) -> list[str]:
    """The latest challenge texts of cities that named `pathway` (for its frequent phrases)."""
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
    with whether it was escalated; test conversations left out. Plain columns in three queries,
    not ORM objects: an export of a year's conversations takes seconds, not minutes."""
    wanted = [IntakeAnswer.excluded.is_(False), *_period(IntakeAnswer.updated_at, filters)]
    for column, value in ((IntakeAnswer.country_code, (filters.country or "").upper()),
                          (IntakeAnswer.readiness, filters.readiness),
                          (IntakeAnswer.language, filters.language)):
        if value:
            wanted.append(column == value)
    escalated = select(Escalation.id).where(
        Escalation.conversation_id == IntakeAnswer.conversation_id).exists()
    answers = session.execute(
        select(IntakeAnswer.id, IntakeAnswer.updated_at, IntakeAnswer.conversation_id,
               IntakeAnswer.city, IntakeAnswer.country_code, IntakeAnswer.language,
               IntakeAnswer.readiness, IntakeAnswer.pathways_outcome, escalated)
        .where(*wanted).order_by(IntakeAnswer.updated_at, IntakeAnswer.id)).all()
    pathways: dict[int, list[tuple[str, float]]] = {}
    for intake_id, key, confidence in session.execute(
            select(IntakePathway.intake_id, IntakePathway.pathway_key, IntakePathway.confidence)
            .join(IntakeAnswer, IntakeAnswer.id == IntakePathway.intake_id).where(*wanted)
            .order_by(IntakePathway.intake_id, IntakePathway.confidence.desc(),
                      IntakePathway.pathway_key)):
        pathways.setdefault(intake_id, []).append((key, confidence))
    support: dict[int, list[str]] = {}
    for intake_id, key in session.execute(
            select(IntakeSupport.intake_id, IntakeSupport.support_key)
            .join(IntakeAnswer, IntakeAnswer.id == IntakeSupport.intake_id).where(*wanted)
            .order_by(IntakeSupport.intake_id, IntakeSupport.support_key)):
        support.setdefault(intake_id, []).append(key)
    return [{"date": updated_at.date().isoformat(), "conversation": conversation,
             "city": city or "", "country": country or "", "language": language or "",
             "readiness": readiness or "", "pathways": pathways.get(intake_id, []),
             "pathways_outcome": outcome or "", "support_wanted": support.get(intake_id, []),
             "escalated": bool(was_escalated)}
            for (intake_id, updated_at, conversation, city, country, language, readiness,
                 outcome, was_escalated) in answers]


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
    count = func.count()  # a conversation is noted once per offer (uq_recommendations_shown_once)
    return [tuple(row) for row in session.execute(
        select(RecommendationShown.kind, RecommendationShown.name, count)
        .where(RecommendationShown.conversation_id.not_in(excluded),
               *_period(RecommendationShown.shown_at, filters))
        .group_by(RecommendationShown.kind, RecommendationShown.key, RecommendationShown.name)
        .order_by(count.desc(), RecommendationShown.name).limit(limit))]
