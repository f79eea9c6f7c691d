"""The needs insights over 100,000 recorded conversations: the time of every figure of the
Insights page and of the per-conversation export, on SQLite and PostgreSQL.

The conversations are made up, deterministically (a fixed seed): real gazetteer places, the
question's options and pathways in the shares the orientation sessions saw, one city in ten
coming back, a year of dates. They measure the queries, not the needs.

    .venv/bin/python -m evaluation.bench.insights_bench
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert, text

from bot.domain.insights import city_key
from bot.domain.places.gazetteer import load_places
from bot.domain.taxonomy import PATHWAY_KEYS, READINESS_OPTIONS, SUPPORT_OPTIONS
from bot.services.insights import conversations_csv, needs_insights
from bot.storage.catalogue.loader import load_catalogue
from bot.storage.catalogue.seed import seed
from bot.storage.insights import Filters
from bot.storage.migrate import upgrade
from bot.storage.models import (
    Escalation,
    IntakeAnswer,
    IntakePathway,
    IntakeSupport,
    OrientationProgress,
    RecommendationShown,
)
from bot.storage.session import get_engine, session_scope
from evaluation.bench.load import percentile

CONVERSATIONS = 100_000
LANGUAGES = ("tr", "tr", "tr", "en", "pt", "es", "ro", "el", "pl", "fr", "it", "de", "nl",
             "fi", "nb")
QUESTIONS = ("city", "readiness", "challenges", "support_wanted")
BATCH = 5_000


def _rows(count: int, seed_value: int = 7) -> dict[str, list[dict]]:
    rng = random.Random(seed_value)
    places = [place for place in load_places() if place.population >= 2_000]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rows: dict[str, list[dict]] = {name: [] for name in (
        "answers", "pathways", "support", "progress", "shown", "escalations")}
    for number in range(1, count + 1):
        place = places[rng.randrange(len(places))] if rng.random() < 0.9 \
            else places[number % 50]  # some cities come back
        moment = start + timedelta(minutes=rng.randrange(60 * 24 * 330))
        conversation = f"bench-insights-{number}"
        chosen = rng.sample(PATHWAY_KEYS, rng.choice((1, 1, 2, 3)))
        rows["answers"].append({
            "id": number, "conversation_id": conversation, "city": place.name,
            "country_code": place.country, "geonameid": place.geonameid,
            "is_mission_city": False, "readiness": rng.choice(list(READINESS_OPTIONS)),
            "challenge_text": f"we lack {chosen[0]} capacity and energy poverty data",
            "pathways": [{"pathway": key, "confidence": 0.5} for key in chosen],
            "support_wanted": [], "skipped": [], "language": rng.choice(LANGUAGES),
            "population": place.population,
            "city_key": city_key(place.geonameid, place.name, place.country),
            "pathways_outcome": rng.choice(("sure", "confirmed", "corrected")),
            "excluded": number % 500 == 0, "created_at": moment, "updated_at": moment})
        for rank, key in enumerate(chosen):
            rows["pathways"].append({"intake_id": number, "pathway_key": key,
                                     "confidence": round(0.9 - 0.2 * rank, 2),
                                     "is_primary": rank == 0})
        for key in rng.sample(list(SUPPORT_OPTIONS), rng.choice((1, 1, 2))):
            rows["support"].append({"intake_id": number, "support_key": key})
        rows["progress"].append({"conversation_id": conversation, "question": None,
                                 "language": rows["answers"][-1]["language"],
                                 "excluded": False, "started_at": moment,
                                 "updated_at": moment})
        if number % 4 == 0:  # one in four conversations began and left
            rows["progress"].append({"conversation_id": f"{conversation}-left",
                                     "question": rng.choice(QUESTIONS), "language": "tr",
                                     "excluded": False, "started_at": moment,
                                     "updated_at": moment})
        for offer in range(3):
            rows["shown"].append({"conversation_id": conversation, "kind": "service",
                                  "key": f"service-{rng.randrange(80)}-{offer}",
                                  "name": f"Service {offer}", "shown_at": moment})
        if number % 30 == 0:
            rows["escalations"].append({
                "conversation_id": conversation, "reason": "asked_for_person",
                "status": "resolved", "summary": "", "profile": {}, "pathways": [],
                "recommendations_shown": [], "transcript_ref": "", "language": "tr",
                "created_at": moment, "claimed_at": moment + timedelta(minutes=20),
                "resolved_at": moment + timedelta(hours=3), "updated_at": moment})
    return rows


def build(url: str, count: int = CONVERSATIONS) -> dict[str, int]:
    """A seeded catalogue and `count` recorded conversations in the database at `url`."""
    upgrade(url)
    with session_scope(url) as session:
        seed(session, load_catalogue())
    rows = _rows(count)
    engine = get_engine(url)
    tables = (("answers", IntakeAnswer), ("pathways", IntakePathway), ("support", IntakeSupport),
              ("progress", OrientationProgress), ("shown", RecommendationShown),
              ("escalations", Escalation))
    with engine.begin() as connection:
        for name, model in tables:
            for start in range(0, len(rows[name]), BATCH):
                connection.execute(insert(model.__table__), rows[name][start:start + BATCH])
    if engine.dialect.name == "postgresql":  # the planner's statistics, as a live database has
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    return {name: len(rows[name]) for name, _ in tables}


def time_insights(url: str, rounds: int = 5) -> dict[str, float]:
    """The full Insights page's figures, all of them, `rounds` times; the export once more."""
    today = date(2026, 12, 1)
    needs_insights(Filters(), today, url)  # warm: the gazetteer's cells, the connection pool
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        needs_insights(Filters(), today, url)
        seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    filtered = needs_insights(Filters(country="TR", since=date(2026, 6, 1)), today, url)
    filtered_s = time.perf_counter() - started
    started = time.perf_counter()
    export = conversations_csv(Filters(), url)
    export_s = time.perf_counter() - started
    seconds.sort()
    return {"page_p50_s": round(percentile(seconds, 0.50), 2),
            "page_p95_s": round(percentile(seconds, 0.95), 2),
            "filtered_page_s": round(filtered_s, 2), "filtered_cities": filtered.cities,
            "export_s": round(export_s, 2), "export_rows": export.count("\n") - 1}


def bench_insights() -> dict[str, dict]:
    """The figures on PostgreSQL (the production profile) and SQLite (the default)."""
    from bot.config.settings import load_settings
    from evaluation.bench.run import fresh_postgres_database

    results = {}
    for dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            url = fresh_postgres_database("broker_bench_insights")
        else:
            path = load_settings().var_dir / "bench" / "broker_bench_insights.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        started = time.perf_counter()
        sizes = build(url)
        built_s = time.perf_counter() - started
        figures = {**time_insights(url), "conversations": sizes["answers"]}
        print(f"  insights, {sizes['answers']:,} conversations on {dialect} (built in "
              f"{built_s:.0f} s): page p50 {figures['page_p50_s']} s, p95 "
              f"{figures['page_p95_s']} s; filtered {figures['filtered_page_s']} s; export of "
              f"{figures['export_rows']:,} rows {figures['export_s']} s", flush=True)
        get_engine(url).dispose()
        results[dialect] = figures
    return results


def main() -> int:
    bench_insights()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
