"""The database selects exactly the offers the domain's eligibility rules accept.

bot/domain/eligibility.py defines who may use an offer and whether a call is still open;
bot/storage/ranking.py builds SQL from the same constants. Every combination of audience,
countries, status and deadline is stored once and asked for by every kind of city.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.domain.eligibility import (
    OPEN_STATUSES,
    open_to,
    past_deadline,
    population_allows,
    still_open,
)
from bot.storage.migrate import upgrade
from bot.storage.models import FundingCall, Provider, Service
from bot.storage.ranking import eligible, not_past, population_fits
from bot.storage.session import session_scope
from tests.conftest import empty_postgres_database

TODAY = date(2026, 12, 4)
SOURCE = {"source_url": "https://example.org/source", "last_checked": TODAY}
AUDIENCES = ("all", "mission_minded", "mission_cities")
COUNTRY_LISTS = ([], ["PT"], ["PT", "ES"], ["FR", "DE", "IT", "NL"])
STATUSES = ("open", "forthcoming", "closed")
DEADLINES = (None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=30))
POPULATIONS = ((None, None), (50_000, None), (None, 20_000), (10_000, 100_000))
CITIES = [(mission, country) for mission in (False, True) for country in (None, "PT", "FR", "SE")]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                               marks=pytest.mark.postgres)])
def offers_url(request, tmp_path_factory):
    def fill(url: str) -> str:
        upgrade(url)
        with session_scope(url) as session:
            provider = Provider(key="p", name="Provider", url="https://example.org", **SOURCE)
            grid = itertools.product(AUDIENCES, COUNTRY_LISTS, STATUSES, DEADLINES)
            for number, (audience, countries, status, deadline) in enumerate(grid):
                session.add(FundingCall(
                    identifier=f"C{number}", title=f"C{number}", programme="Test", status=status,
                    deadline=deadline, audience=audience, countries=countries, summary="",
                    url=f"https://x.org/c{number}", **SOURCE))
            grid = itertools.product(AUDIENCES, COUNTRY_LISTS, DEADLINES, POPULATIONS)
            for number, (audience, countries, closes_on, (low, high)) in enumerate(grid):
                session.add(Service(
                    key=f"S{number}", name=f"S{number}", provider=provider, kind="advisory",
                    summary="", support=[], audience=audience, countries=countries,
                    closes_on=closes_on, min_population=low, max_population=high,
                    url=f"https://x.org/s{number}", **SOURCE))
        return url

    if request.param == "sqlite":
        yield fill(f"sqlite:///{tmp_path_factory.mktemp('eligibility') / 'offers.db'}")
    else:
        with empty_postgres_database() as url:
            yield fill(url)


@pytest.mark.parametrize(("is_mission_city", "country"), CITIES)
def test_calls_the_database_selects_are_those_the_rules_accept(offers_url, is_mission_city,
                                                                country):
    with session_scope(offers_url) as session:
        calls = list(session.execute(select(FundingCall)).scalars())
        selected = set(session.execute(select(FundingCall.identifier).where(
            FundingCall.status.in_(OPEN_STATUSES), not_past(FundingCall.deadline, TODAY),
            eligible(FundingCall, country, is_mission_city))).scalars())
    expected = {call.identifier for call in calls
                if still_open(call.status, call.deadline, TODAY)
                and open_to(call.audience, call.countries, is_mission_city, country)}
    assert selected == expected
    assert expected, "the grid has calls every city may apply to"
    assert len(expected) < len(calls)


@pytest.mark.parametrize("population", [None, 5_000, 30_000, 200_000])
@pytest.mark.parametrize(("is_mission_city", "country"), CITIES)
def test_services_the_database_selects_are_those_the_rules_accept(offers_url, is_mission_city,
                                                                   country, population):
    with session_scope(offers_url) as session:
        services = list(session.execute(select(Service)).scalars())
        selected = set(session.execute(select(Service.key).where(
            not_past(Service.closes_on, TODAY), eligible(Service, country, is_mission_city),
            population_fits(Service, population))).scalars())
    expected = {service.key for service in services
                if not past_deadline(service.closes_on, TODAY)
                and open_to(service.audience, service.countries, is_mission_city, country)
                and population_allows(service.min_population, service.max_population,
                                      population)}
    assert selected == expected
    assert 0 < len(expected) < len(services)
