"""A catalogue many times the shipped one, for measuring the matching query at scale.

Every generated row copies a shipped row (its pathways, audience, countries, status and URLs),
so the mix of the shipped catalogue is kept; only keys, names and dates vary. Generated rows
live only in a benchmark database, never in the catalogue.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bot.domain.bits import COUNTRY_ORDER, SUPPORT_ORDER, bits, offer_bits
from bot.domain.eligibility import OPEN_STATUSES
from bot.storage.models import FundingCall, Service, call_pathways, service_pathways

SEED = 20261125
BATCH = 5000
EU_MEMBERS = COUNTRY_ORDER[:27]


def _countries(template: list[str], rng: random.Random) -> list[str]:
    """National offers (a few countries) go to other countries in the copies, as a larger
    catalogue would hold them; offers for many countries keep their list."""
    if 1 <= len(template) <= 3:
        return sorted(rng.sample(EU_MEMBERS, len(template)))
    return list(template)


def _service_rows(session: Session, copies: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    templates = list(session.execute(select(Service)).scalars())
    next_id = (session.scalar(select(func.max(Service.id))) or 0) + 1
    rows, links = [], []
    for copy in range(1, copies):
        for template in templates:
            countries = _countries(template.countries or [], rng)
            pathways = [p.key for p in template.pathways]
            rows.append({**offer_bits(pathways, countries),
                "support_mask": bits(template.support or [], SUPPORT_ORDER),
                "id": next_id, "key": f"{template.key}-x{copy}",
                "name": f"{template.name} ({copy})", "provider_id": template.provider_id,
                "kind": template.kind, "support": template.support,
                "min_population": template.min_population,
                "max_population": template.max_population, "closes_on": template.closes_on,
                "format": template.format, "group_format": template.group_format,
                "languages": template.languages, "audience": template.audience,
                "countries": countries, "opens_on": template.opens_on,
                "summary": template.summary, "url": template.url,
                "source_url": template.source_url, "last_checked": template.last_checked})
            links += [{"service_id": next_id, "pathway_key": key} for key in pathways]
            next_id += 1
    return rows, links


def _shifted(day: date | None, rng: random.Random, today: date, keep_future: bool) -> date | None:
    if day is None:
        return None
    shifted = day + timedelta(days=rng.randint(-120, 120))
    if keep_future and shifted < today:
        shifted = today + timedelta(days=rng.randint(0, 300))
    if not keep_future and shifted >= today:
        shifted = today - timedelta(days=rng.randint(1, 900))
    return shifted


def _call_rows(session: Session, total: int, today: date) -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    templates = list(session.execute(select(FundingCall).order_by(FundingCall.id)).scalars())
    existing = len(templates)
    next_id = (session.scalar(select(func.max(FundingCall.id))) or 0) + 1
    rows, links = [], []
    for number in range(total - existing):
        template = templates[number % existing]
        still_open = template.status in OPEN_STATUSES
        countries = _countries(template.countries or [], rng)
        pathways = [p.key for p in template.pathways]
        rows.append({**offer_bits(pathways, countries),
            "id": next_id, "identifier": f"{template.identifier}-X{number}",
            "title": template.title, "programme": template.programme,
            "status": template.status,
            "deadline": _shifted(template.deadline, rng, today, still_open),
            "second_deadline": None, "origin": "catalogue", "keywords": [],
            "audience": template.audience, "countries": countries,
            "opens_on": template.opens_on, "summary": template.summary, "url": template.url,
            "source_url": template.source_url, "last_checked": template.last_checked})
        links += [{"call_id": next_id, "pathway_key": key} for key in pathways]
        next_id += 1
    return rows, links


def _insert(session: Session, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[start:start + BATCH])


def scale_catalogue(session: Session, factor: int, total_calls: int, today: date) -> dict:
    """Grow a seeded catalogue to `factor` times its services and `total_calls` calls."""
    services, service_links = _service_rows(session, factor)
    calls, call_links = _call_rows(session, total_calls, today)
    _insert(session, Service.__table__, services)
    _insert(session, service_pathways, service_links)
    _insert(session, FundingCall.__table__, calls)
    _insert(session, call_pathways, call_links)
    session.flush()
    return {"services": session.scalar(select(func.count()).select_from(Service)),
            "calls": session.scalar(select(func.count()).select_from(FundingCall))}
