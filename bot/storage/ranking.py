"""Which offers reach the top of a city's list, decided in the database.

The catalogue can hold many thousands of funding calls (every call the EU portal ever listed),
so matching never loads them all: eligibility is filtered and the ranking score computed on the
bit-set columns (bot/domain/bits.py), and only the best few rows are read. bot/domain/matching.py
then explains those rows. The score here and the one there are the same sum, kept in step by
tests.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache

from sqlalchemy import Date, and_, bindparam, case, false, literal, or_, select, text, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from bot.domain.bits import COUNTRY_ORDER, PATHWAY_ORDER, SUPPORT_ORDER, bit, bits
from bot.domain.eligibility import OPEN_STATUSES, audiences_for
from bot.storage.models import FundingCall, Service


def _has(column, mask: int):
    return column.op("&")(mask) != 0


def not_past(column, today: date):
    """SQL for bot.domain.eligibility.past_deadline being false: no date, or today or later."""
    return or_(column.is_(None), column >= today)


def eligible(model, country: str | None, is_mission_city: bool):
    """Audience and country: open to all countries, or to the city's."""
    country_bit = bit(country, COUNTRY_ORDER)
    open_to_country = model.country_count == 0
    if country_bit:
        open_to_country = or_(open_to_country, _has(model.country_mask, country_bit))
    return and_(model.audience.in_(audiences_for(is_mission_city)), open_to_country)


def population_fits(model, population: int | None):
    """SQL for bot.domain.eligibility.population_allows: an unknown population always fits."""
    if population is None:
        return true()
    return and_(or_(model.min_population.is_(None), model.min_population <= population),
                or_(model.max_population.is_(None), model.max_population >= population))


def national(model, country: str | None, max_countries: int):
    """Made for a few countries, the city's among them."""
    country_bit = bit(country, COUNTRY_ORDER)
    if not country_bit:
        return false()
    return and_(model.country_count.between(1, max_countries),
                _has(model.country_mask, country_bit))


def _pathway_score(model, weights: dict[str, float]):
    return sum((case((_has(model.pathway_mask, bit(key, PATHWAY_ORDER)), weight), else_=0.0)
                for key, weight in weights.items()), literal(0.0))


def top_service_ids(session: Session, *, weights: dict[str, float], support: tuple[str, ...],
                    support_weight: float, country: str | None, is_mission_city: bool,
                    population: int | None, national_weight: float, national_max: int,
                    today: date, limit: int) -> list[int]:
    """The best `limit` services on the weighted pathways, by the matching score, then name."""
    score = _pathway_score(Service, weights) + sum(
        (case((_has(Service.support_mask, bit(key, SUPPORT_ORDER)), support_weight), else_=0.0)
         for key in support), literal(0.0)) + case(
        (national(Service, country, national_max), national_weight), else_=0.0)
    query = select(Service.id).where(
        _has(Service.pathway_mask, bits(weights, PATHWAY_ORDER)),
        eligible(Service, country, is_mission_city),
        not_past(Service.closes_on, today))
    query = query.where(population_fits(Service, population))
    return list(session.execute(query.order_by(score.desc(), Service.name, Service.id)
                                .limit(limit)).scalars())


_CALL_COLUMNS = (FundingCall.id, FundingCall.pathway_mask, FundingCall.deadline,
                 FundingCall.title, FundingCall.identifier)


def _call_order(score: float, row) -> tuple:
    return (-round(score, 6), row.deadline is None, row.deadline or date.max, row.title,
            row.identifier)


def top_call_ids(session: Session, *, weights: dict[str, float], country: str | None,
                 is_mission_city: bool, national_weight: float, national_max: int,
                 today: date, limit: int) -> list[int]:
    """The best `limit` open calls: score, then nearest deadline (none last), then title.

    Calls sharing the same pathways with the city score the same, so for each pathway set
    (a level of equal score, best first) the `limit` soonest calls are read through the
    (pathway_mask, deadline) index; lower levels are read only while fewer than `limit`
    calls were found. National calls for the city's country are few and all read.
    """
    wanted = bits(weights, PATHWAY_ORDER)
    base = (FundingCall.status.in_(OPEN_STATUSES), eligible(FundingCall, country, is_mission_city))
    mask_score = {mask: sum(weight for key, weight in weights.items()
                            if mask & bit(key, PATHWAY_ORDER))
                  for mask in range(1, 1 << len(PATHWAY_ORDER)) if mask & wanted}
    found: list[tuple[tuple, int]] = []
    nationals = session.execute(select(*_CALL_COLUMNS).where(
        *base, national(FundingCall, country, national_max), _has(FundingCall.pathway_mask, wanted),
        not_past(FundingCall.deadline, today)))
    for row in nationals:
        found.append((_call_order(mask_score[row.pathway_mask] + national_weight, row), row.id))

    levels: dict[float, list[int]] = defaultdict(list)
    for mask, score in mask_score.items():
        levels[round(score, 6)].append(mask)
    params = {"audiences": list(audiences_for(is_mission_city)), "statuses": list(OPEN_STATUSES),
              "country_bit": bit(country, COUNTRY_ORDER), "national_max": national_max,
              "today": today, "limit": limit}
    from_levels = 0
    for score in sorted(levels, reverse=True):
        if from_levels >= limit:
            break
        for row in session.execute(_level_statement(tuple(levels[score])), params):
            found.append((_call_order(score, row), row.id))
            from_levels += 1
    return [call_id for _, call_id in sorted(found)[:limit]]


_LEVEL_PART = """SELECT * FROM (SELECT id, pathway_mask, deadline, title, identifier
 FROM funding_calls WHERE pathway_mask = {mask} AND status IN :statuses
 AND audience IN :audiences AND (country_count = 0 OR (country_count > :national_max
 AND (country_mask & :country_bit) != 0)) AND {when}
 ORDER BY {order} LIMIT :limit) AS part_{name}"""


@lru_cache(maxsize=256)
def _level_statement(masks: tuple[int, ...]) -> TextClause:
    """For each pathway set of one score level, its soonest broad calls (a deadline, then
    none), each read in order from the (pathway_mask, deadline) index. Built once per level
    shape: the masks are our own integers, everything else is a bound parameter."""
    parts = []
    for mask in masks:
        parts.append(_LEVEL_PART.format(mask=int(mask), when="deadline >= :today",
                                        order="deadline, title, identifier", name=f"{mask}d"))
        parts.append(_LEVEL_PART.format(mask=int(mask), when="deadline IS NULL",
                                        order="title, identifier", name=f"{mask}n"))
    return text("\nUNION ALL\n".join(parts)).bindparams(
        bindparam("audiences", expanding=True), bindparam("statuses", expanding=True),
        bindparam("today", type_=Date))


def soonest_call_ids(session: Session, *, pathways: list[str] | None, weights: dict[str, float],
                     country: str | None, is_mission_city: bool, today: date,
                     limit: int) -> list[int]:
    """Open calls by nearest deadline (calls without one last, best score first), with every
    call that shares the last deadline, so that the caller can break ties by score."""
    query = select(FundingCall.id, FundingCall.deadline).where(
        FundingCall.status.in_(OPEN_STATUSES), eligible(FundingCall, country, is_mission_city))
    if pathways is not None:
        query = query.where(_has(FundingCall.pathway_mask, bits(pathways, PATHWAY_ORDER)))
    dated = session.execute(query.where(FundingCall.deadline >= today)
                            .order_by(FundingCall.deadline, FundingCall.id).limit(limit)).all()
    ids = [row.id for row in dated]
    if len(dated) == limit:
        ties = query.where(FundingCall.deadline == dated[-1].deadline)
        ids += [row.id for row in session.execute(ties) if row.id not in ids]
    else:
        undated = query.where(FundingCall.deadline.is_(None)).order_by(
            _pathway_score(FundingCall, weights).desc(), FundingCall.title, FundingCall.id)
        ids += [row.id for row in session.execute(undated.limit(limit - len(dated)))]
    return ids
