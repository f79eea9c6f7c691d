"""The database picks the same best offers as scoring every offer one by one would, on a
catalogue many times the shipped one (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.domain.bits import PATHWAY_ORDER
from bot.domain.matching import (
    MAX_CALLS,
    MAX_SERVICES,
    CityProfile,
    by_score_then_name,
    call_recommendation,
    ranked_calls,
    service_recommendation,
)
from bot.services.recommendations import _calls, _services, upcoming_calls
from bot.storage.catalogue.seed import seed
from bot.storage.migrate import upgrade
from bot.storage.models import FundingCall, Service
from bot.storage.session import session_scope
from evaluation.bench.matching_bench import PROFILES as BENCH_PROFILES
from evaluation.bench.scaled_catalogue import scale_catalogue

TODAY = date(2026, 11, 25)
PROFILES = [*BENCH_PROFILES, CityProfile(None, None, None, False, {"ecosystem": 0.6}, ("funding",))]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def scaled_url(request, catalogue, tmp_path_factory):
    from tests.conftest import empty_postgres_database

    def build(url: str) -> str:
        upgrade(url)
        with session_scope(url) as session:
            seed(session, catalogue)
        with session_scope(url) as session:
            scale_catalogue(session, factor=6, total_calls=3000, today=TODAY)
        return url

    if request.param == "sqlite":
        yield build(f"sqlite:///{tmp_path_factory.mktemp('scaled') / 'broker.db'}")
    else:
        with empty_postgres_database() as url:
            yield build(url)


def _keys(recommendations) -> list[str]:
    return [rec.key for rec in recommendations]


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.city or "no-city")
def test_database_ranking_equals_scoring_every_offer(scaled_url, profile):
    with session_scope(scaled_url) as session:
        every_call = [call_recommendation(call, profile, TODAY)
                      for call in session.execute(select(FundingCall)).scalars()]
        every_service = [service_recommendation(service, profile, TODAY)
                         for service in session.execute(select(Service)).unique().scalars()]
        best_calls = ranked_calls([rec for rec in every_call if rec])[:MAX_CALLS]
        best_services = by_score_then_name([rec for rec in every_service if rec])[:MAX_SERVICES]
        assert len(best_calls) == MAX_CALLS and len(best_services) == MAX_SERVICES
        assert _keys(_calls(session, profile, TODAY)) == _keys(best_calls)
        assert _keys(_services(session, profile, TODAY)) == _keys(best_services)


@pytest.mark.parametrize("pathways", [None, ["finance"]])
def test_soonest_calls_equal_sorting_every_call(scaled_url, pathways):
    profile = PROFILES[0]
    # Every pathway for the eligibility check, so that no call is left out for its topic.
    anywhere = CityProfile(profile.city, profile.country, profile.population, False,
                           dict.fromkeys(PATHWAY_ORDER, 0.5))
    with session_scope(scaled_url) as session:
        open_calls = [rec for rec in (
            call_recommendation(call, anywhere, TODAY)
            for call in session.execute(select(FundingCall)).scalars()
            if pathways is None or set(pathways) & {p.key for p in call.pathways}) if rec]
        soonest = sorted(open_calls, key=lambda rec: rec.deadline or "9999")[:5]
        shown = upcoming_calls(session, profile, TODAY, pathways)
        assert [rec.deadline for rec in shown] == [rec.deadline for rec in soonest]
