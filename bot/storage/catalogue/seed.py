"""Create the schema and load the catalogue into the database; safe to run again (upserts)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.taxonomy import PATHWAYS
from bot.domain.textnorm import fold_key
from bot.storage.catalogue.loader import Catalogue
from bot.storage.models import (
    City,
    ClusterProject,
    Country,
    FundingCall,
    Pathway,
    Provider,
    Service,
)

ADDED, CHANGED, UNCHANGED, KEPT = "added", "changed", "unchanged", "kept"


def upsert(session: Session, model, key_name: str, key_value, values: dict,
           keep_newer: bool = True) -> tuple[object, str]:
    """Insert or update one row and say which. With `keep_newer`, a row checked more recently
    than the entry (an edit by Helpdesk staff) is kept as it is."""
    row = session.execute(
        select(model).where(getattr(model, key_name) == key_value)
    ).scalar_one_or_none()
    if row is None:
        row = model(**{key_name: key_value})
        session.add(row)
        status = ADDED
    elif keep_newer and "last_checked" in values and row.last_checked and \
            row.last_checked > values["last_checked"]:
        return row, KEPT
    else:
        status = UNCHANGED if all(
            _same(getattr(row, name), value) for name, value in values.items()) else CHANGED
    for name, value in values.items():
        setattr(row, name, value)
    return row, status


def _same(current, new) -> bool:
    if isinstance(new, list) and new and hasattr(new[0], "_sa_instance_state"):
        return set(current or []) == set(new)  # one instance per row in a session
    return current == new


def _upsert(session: Session, model, key_name: str, key_value, values: dict):
    return upsert(session, model, key_name, key_value, values)[0]


def service_values(session: Session, entry: dict, providers: dict[str, Provider]) -> dict:
    """Column values of a service from a validated catalogue entry (data file or spreadsheet)."""
    return {
        "name": entry["name"], "provider": providers[entry["provider"]],
        "kind": entry["kind"], "summary": entry.get("summary") or "",
        "support": list(entry["support"]), "audience": entry["audience"],
        "countries": list(entry.get("countries") or []),
        "min_population": entry.get("min_population"),
        "max_population": entry.get("max_population"),
        "opens_on": entry.get("opens_on"), "closes_on": entry.get("closes_on"),
        "format": entry.get("format"), "group_format": entry.get("group_format"),
        "languages": list(entry.get("languages") or []), "url": entry["url"],
        "source_url": entry["source_url"], "last_checked": entry["last_checked"],
        "pathways": _pathways(session, entry["pathways"])}


def _pathways(session: Session, keys: Iterable[str]) -> list[Pathway]:
    return [session.get(Pathway, key) for key in keys]


def _get_city(session: Session, name: str, country: str) -> City:
    row = session.execute(
        select(City).where(City.name_key == fold_key(name), City.country_code == country)
    ).scalar_one_or_none()
    if row is None:
        row = City(name=name, name_key=fold_key(name), country_code=country,
                   is_mission_city=False)
        session.add(row)
        session.flush()
    return row


def seed(session: Session, catalogue: Catalogue) -> dict[str, int]:
    """Load every catalogue entry; return how many rows of each kind the catalogue holds."""
    for pathway in PATHWAYS:
        _upsert(session, Pathway, "key", pathway.key,
                {"title": pathway.title, "challenge_category": pathway.challenge_category})
    session.flush()

    countries = catalogue.countries
    for entry in countries.get("countries", []):
        source = countries["eu_source_url"] if entry["group"] == "eu" else \
            countries["associated_source_url"]
        _upsert(session, Country, "code", entry["code"], {
            "name": entry["name"], "group": entry["group"], "source_url": source,
            "last_checked": countries["last_checked"]})

    providers = {}
    for entry in catalogue.providers:
        providers[entry["key"]] = _upsert(session, Provider, "key", entry["key"], {
            "name": entry["name"], "url": entry["url"], "source_url": entry["source_url"],
            "last_checked": entry["last_checked"]})
    session.flush()

    for entry in catalogue.services:
        _upsert(session, Service, "key", entry["key"], service_values(session, entry, providers))

    for entry in catalogue.funding_calls:
        _upsert(session, FundingCall, "identifier", entry["identifier"], {
            "title": entry["title"], "programme": entry["programme"], "status": entry["status"],
            "opens_on": entry.get("opens_on"), "deadline": entry.get("deadline"),
            "second_deadline": entry.get("second_deadline"),
            "audience": entry["audience"], "countries": list(entry.get("countries") or []),
            "summary": entry.get("summary") or "", "url": entry["url"],
            "source_url": entry["source_url"], "last_checked": entry["last_checked"],
            "pathways": _pathways(session, entry["pathways"])})

    mission = catalogue.mission_cities
    for entry in mission.get("cities", []):
        city = _get_city(session, entry["name"], entry["country"])
        city.is_mission_city = True
        city.mission_source_url = mission["source_url"]

    for entry in catalogue.cluster_projects:
        _upsert(session, ClusterProject, "key", entry["key"], {
            "name": entry["name"], "thematic_areas": list(entry.get("thematic_areas") or []),
            "summary": entry.get("summary") or "", "url": entry["url"],
            "source_url": entry["source_url"], "last_checked": entry["last_checked"],
            "pathways": _pathways(session, entry["pathways"]),
            "cities": [_get_city(session, city["name"], city["country"])
                       for city in entry.get("cities") or []]})
    session.flush()
    return {
        "providers": len(catalogue.providers), "services": len(catalogue.services),
        "funding_calls": len(catalogue.funding_calls),
        "cluster_projects": len(catalogue.cluster_projects),
        "mission_cities": len(mission.get("cities", [])),
        "countries": len(countries.get("countries", [])),
    }
