"""Recommendations and funding calls for a city: the database picks the best rows
(bot/storage/ranking.py), the domain scores and explains them (bot/domain/matching.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.eligibility import NATIONAL_MAX_COUNTRIES
from bot.domain.matching import (
    MAX_CALLS,
    MAX_SERVICES,
    NATIONAL_WEIGHT,
    PAGE_SIZE,
    SUPPORT_WEIGHT,
    CityProfile,
    Recommendation,
    arrange,
    by_score_then_name,
    call_recommendation,
    peer_recommendations,
    ranked_calls,
    service_recommendation,
    soonest_first,
    upcoming_call,
    weights_of,
    with_default_pathways,
)
from bot.storage.models import ClusterProject, FundingCall, Service
from bot.storage.ranking import soonest_call_ids, top_call_ids, top_service_ids
from bot.storage.session import session_scope


def for_city(profile: CityProfile, today: date) -> list[dict]:
    """Every recommendation for the city, in the order the bot shows them, as plain data."""
    with session_scope() as session:
        return [rec.as_dict() for rec in recommend(session, profile, today)]


def calls_closing_soon(profile: CityProfile, today: date,
                       pathways: list[str] | None = None) -> list[dict]:
    """Calls the city can still apply to, nearest deadline first, as plain data."""
    with session_scope() as session:
        return [rec.as_dict() for rec in upcoming_calls(session, profile, today, pathways)]


def recommend(session: Session, profile: CityProfile, today: date) -> list[Recommendation]:
    """Every recommendation for the profile in `session`, in the order the bot shows them."""
    profile = with_default_pathways(profile)
    projects = session.execute(select(ClusterProject).order_by(ClusterProject.key)).scalars()
    return arrange(profile, _services(session, profile, today), _calls(session, profile, today),
                   peer_recommendations(projects, profile))


def upcoming_calls(session: Session, profile: CityProfile, today: date,
                   pathways: list[str] | None = None,
                   limit: int = PAGE_SIZE + 1) -> list[Recommendation]:
    """Calls the city can still apply to, nearest deadline first ("which calls close soon?"),
    optionally only on some pathways ("show funding for mobility")."""
    ids = soonest_call_ids(session, pathways=pathways, weights=weights_of(profile),
                           country=profile.country, is_mission_city=profile.is_mission_city,
                           today=today, limit=limit)
    found = [upcoming_call(call, profile, today) for call in _rows(session, FundingCall, ids)]
    return soonest_first([rec for rec in found if rec], limit)


def _rows(session: Session, model, ids: list[int]) -> list:
    if not ids:
        return []
    return list(session.execute(select(model).where(model.id.in_(ids))).unique().scalars())


def _services(session: Session, profile: CityProfile, today: date) -> list[Recommendation]:
    ids = top_service_ids(
        session, weights=weights_of(profile), support=profile.support_wanted,
        support_weight=SUPPORT_WEIGHT, country=profile.country,
        is_mission_city=profile.is_mission_city, population=profile.population,
        national_weight=NATIONAL_WEIGHT, national_max=NATIONAL_MAX_COUNTRIES, today=today,
        limit=MAX_SERVICES)
    found = [service_recommendation(service, profile, today)
             for service in _rows(session, Service, ids)]
    return by_score_then_name([rec for rec in found if rec])


def _calls(session: Session, profile: CityProfile, today: date) -> list[Recommendation]:
    ids = top_call_ids(
        session, weights=weights_of(profile), country=profile.country,
        is_mission_city=profile.is_mission_city, national_weight=NATIONAL_WEIGHT,
        national_max=NATIONAL_MAX_COUNTRIES, today=today, limit=MAX_CALLS)
    found = [call_recommendation(call, profile, today) for call in _rows(session, FundingCall, ids)]
    return ranked_calls([rec for rec in found if rec])
