"""The matching query's latency on the shipped catalogue and on one 100 times larger, with the
query plans that show which indexes serve it."""

from __future__ import annotations

import statistics
import time
from datetime import date

from sqlalchemy import text

from bot.domain.eligibility import NATIONAL_MAX_COUNTRIES
from bot.domain.matching import (
    MAX_CALLS,
    MAX_SERVICES,
    NATIONAL_WEIGHT,
    SUPPORT_WEIGHT,
    CityProfile,
    weights_of,
)
from bot.services.recommendations import recommend
from bot.storage.catalogue.loader import load_catalogue
from bot.storage.catalogue.seed import seed
from bot.storage.migrate import upgrade
from bot.storage.ranking import top_call_ids, top_service_ids
from bot.storage.session import get_engine, session_scope
from evaluation.bench.load import percentile
from evaluation.bench.scaled_catalogue import scale_catalogue

PROFILES = (
    CityProfile("Valongo", "PT", 94_000, False, {"finance": 0.9, "technology": 0.4},
                ("funding",)),
    CityProfile("Tartu", "EE", 97_000, False, {"monitoring": 0.8}, ("technical_assistance",)),
    CityProfile("Lyon", "FR", 520_000, True, {"governance": 0.5, "ecosystem": 0.5,
                                              "foundations": 0.3}, ("networking", "funding")),
    CityProfile("Oslo", "NO", None, False, {"technology": 0.7, "finance": 0.2}, ()),
)
# The statement the call ranking runs for one pathway set (see bot/storage/ranking.py).
PLAN_QUERY = ("SELECT id, deadline FROM funding_calls WHERE pathway_mask = 32 AND status IN "
              "('open', 'forthcoming') AND audience IN ('all', 'mission_minded') AND "
              "country_count = 0 AND deadline >= '2026-11-25' ORDER BY deadline, title, "
              "identifier LIMIT 20")


def build(url: str, scaled: bool, today: date) -> dict:
    upgrade(url)
    with session_scope(url) as session:
        seed(session, load_catalogue())
    if not scaled:
        return {}
    with session_scope(url) as session:
        sizes = scale_catalogue(session, factor=100, total_calls=100_000, today=today)
    if get_engine(url).dialect.name == "postgresql":
        with get_engine(url).connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    else:
        with get_engine(url).begin() as connection:
            connection.execute(text("ANALYZE"))
    return sizes


def query_plan(url: str) -> list[str]:
    engine = get_engine(url)
    explain = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    with engine.connect() as connection:
        return [str(row[-1]) for row in connection.execute(text(explain + PLAN_QUERY))]


def _ranking_queries(session, profile: CityProfile, today: date) -> None:
    """The matching queries alone: the best services and the best calls for the profile."""
    weights = weights_of(profile)
    top_service_ids(session, weights=weights, support=profile.support_wanted,
                    support_weight=SUPPORT_WEIGHT, country=profile.country,
                    is_mission_city=profile.is_mission_city, population=profile.population,
                    national_weight=NATIONAL_WEIGHT, national_max=NATIONAL_MAX_COUNTRIES,
                    today=today, limit=MAX_SERVICES)
    top_call_ids(session, weights=weights, country=profile.country,
                 is_mission_city=profile.is_mission_city, national_weight=NATIONAL_WEIGHT,
                 national_max=NATIONAL_MAX_COUNTRIES, today=today, limit=MAX_CALLS)


def _timed(url: str, work, today: date, rounds: int) -> list[float]:
    with session_scope(url) as session:
        for profile in PROFILES:  # warm the connection pool and statement caches
            work(session, profile, today)
    timings = []
    for _ in range(rounds):
        for profile in PROFILES:
            with session_scope(url) as session:
                started = time.perf_counter()
                work(session, profile, today)
                timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def time_matching(url: str, today: date, rounds: int) -> dict:
    """Latency of the matching queries, and of the whole `recommend` (queries, then loading
    the chosen rows and writing their reasons), over several city profiles."""
    queries = _timed(url, _ranking_queries, today, rounds)
    whole = _timed(url, recommend, today, rounds)
    return {"runs": len(queries), "p50_ms": round(statistics.median(queries), 2),
            "p95_ms": round(percentile(queries, 0.95), 2),
            "recommend_p50_ms": round(statistics.median(whole), 2),
            "recommend_p95_ms": round(percentile(whole, 0.95), 2)}
