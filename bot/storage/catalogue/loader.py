"""Read and validate the catalogue's data files; every problem is reported with its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.domain.taxonomy import AUDIENCES, PATHWAY_KEYS, SUPPORT_OPTIONS

DATA_DIR = Path(__file__).resolve().parent / "data"
CALL_STATUSES = ("forthcoming", "open", "closed")
SERVICE_KINDS = ("peer_learning", "capability_building", "tool", "funding_programme", "advisory",
                 "national_platform", "network", "guidance")
COUNTRY_GROUPS = ("eu", "associated")
FORMATS = ("online", "in_person", "mixed")
GROUP_FORMATS = ("individual", "group", "both")


class CatalogueError(ValueError):
    """The data files hold entries that cannot be loaded; `problems` lists each one."""

    def __init__(self, problems: list[str]):
        listing = "\n  ".join(problems)
        super().__init__(f"{len(problems)} problem(s) in the catalogue:\n  {listing}")
        self.problems = problems


@dataclass
class Catalogue:
    providers: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    funding_calls: list[dict] = field(default_factory=list)
    cluster_projects: list[dict] = field(default_factory=list)
    mission_cities: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)


class _Checker:
    """Collects problems instead of stopping at the first one."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def require(self, entry: dict, where: str, *names: str) -> None:
        for name in names:
            if entry.get(name) in (None, "", []):
                self.fail(where, f"missing {name}")

    def url(self, entry: dict, where: str, name: str) -> None:
        value = entry.get(name)
        if value is not None and not str(value).startswith("https://"):
            self.fail(where, f"{name} must be an https URL, got {value!r}")

    def a_date(self, entry: dict, where: str, name: str, required: bool = False) -> None:
        value = entry.get(name)
        if value is None:
            if required:
                self.fail(where, f"missing {name}")
        elif not isinstance(value, date):
            self.fail(where, f"{name} must be a YYYY-MM-DD date, got {value!r}")

    def within(self, entry: dict, where: str, name: str, allowed: tuple[str, ...]) -> None:
        values = entry.get(name)
        values = values if isinstance(values, list) else [values]
        for value in values:
            if value not in allowed:
                self.fail(where, f"unknown {name} {value!r} (expected one of {', '.join(allowed)})")

    def sourced(self, entry: dict, where: str) -> None:
        self.require(entry, where, "source_url")
        self.url(entry, where, "source_url")
        self.a_date(entry, where, "last_checked", required=True)

    def eligibility(self, entry: dict, where: str) -> None:
        self.within(entry, where, "audience", AUDIENCES)
        for code in entry.get("countries") or []:
            if not (isinstance(code, str) and len(code) == 2 and code.isupper()):
                self.fail(where, f"country code {code!r} is not ISO alpha-2")
        self.a_date(entry, where, "opens_on")


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _unique(checker: _Checker, entries: list[dict], name: str, file: str) -> None:
    seen: set[str] = set()
    for entry in entries:
        value = entry.get(name)
        if value in seen:
            checker.fail(file, f"duplicate {name} {value!r}")
        seen.add(value)


def _check_service(checker: _Checker, entry: dict, provider_keys: set[str], where: str) -> None:
    checker.require(entry, where, "key", "name", "provider", "kind", "pathways", "support",
                    "audience", "url")
    checker.url(entry, where, "url")
    checker.sourced(entry, where)
    checker.eligibility(entry, where)
    checker.within(entry, where, "pathways", PATHWAY_KEYS)
    checker.within(entry, where, "support", tuple(SUPPORT_OPTIONS))
    checker.within(entry, where, "kind", SERVICE_KINDS)
    checker.a_date(entry, where, "closes_on")
    if entry.get("format") is not None:
        checker.within(entry, where, "format", FORMATS)
    if entry.get("group_format") is not None:
        checker.within(entry, where, "group_format", GROUP_FORMATS)
    for language in entry.get("languages") or []:
        if not (isinstance(language, str) and len(language) == 2 and language.islower()):
            checker.fail(where, f"language {language!r} is not an ISO 639-1 code")
    if entry.get("provider") not in provider_keys:
        checker.fail(where, f"unknown provider {entry.get('provider')!r}")
    low, high = entry.get("min_population"), entry.get("max_population")
    if low is not None and high is not None and low > high:
        checker.fail(where, "min_population is above max_population")
    opens, closes = entry.get("opens_on"), entry.get("closes_on")
    if isinstance(opens, date) and isinstance(closes, date) and opens > closes:
        checker.fail(where, "opens_on is after closes_on")


def service_problems(entry: dict, provider_keys: set[str], where: str) -> list[str]:
    """Everything wrong with one service entry (from a data file or a spreadsheet row)."""
    checker = _Checker()
    _check_service(checker, entry, provider_keys, where)
    return checker.problems


def _check_services(checker: _Checker, services: list[dict], provider_keys: set[str]) -> None:
    for entry in services:
        _check_service(checker, entry, provider_keys, f"services.yaml[{entry.get('key', '?')}]")


def _check_calls(checker: _Checker, calls: list[dict]) -> None:
    for entry in calls:
        where = f"funding_calls.yaml[{entry.get('identifier', '?')}]"
        checker.require(entry, where, "identifier", "title", "programme", "status", "pathways",
                        "audience", "url")
        checker.url(entry, where, "url")
        checker.sourced(entry, where)
        checker.eligibility(entry, where)
        checker.within(entry, where, "pathways", PATHWAY_KEYS)
        checker.within(entry, where, "status", CALL_STATUSES)
        checker.a_date(entry, where, "deadline")
        checker.a_date(entry, where, "second_deadline")


def _check_projects(checker: _Checker, projects: list[dict]) -> None:
    for entry in projects:
        where = f"cluster_projects.yaml[{entry.get('key', '?')}]"
        checker.require(entry, where, "key", "name", "pathways", "url")
        checker.url(entry, where, "url")
        checker.sourced(entry, where)
        checker.within(entry, where, "pathways", PATHWAY_KEYS)
        for city in entry.get("cities") or []:
            checker.require(city, where, "name", "country")


def _check_places(checker: _Checker, mission: dict, countries: dict) -> None:
    checker.require(mission, "mission_cities.yaml", "source_url", "cities")
    checker.a_date(mission, "mission_cities.yaml", "last_checked", required=True)
    for city in mission.get("cities") or []:
        checker.require(city, "mission_cities.yaml", "name", "country")
    checker.require(countries, "countries.yaml", "eu_source_url", "associated_source_url",
                    "countries")
    checker.a_date(countries, "countries.yaml", "last_checked", required=True)
    for country in countries.get("countries") or []:
        checker.require(country, f"countries.yaml[{country.get('code', '?')}]", "code", "name")
        checker.within(country, f"countries.yaml[{country.get('code')}]", "group", COUNTRY_GROUPS)


def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read every data file and validate it; raise CatalogueError listing all problems."""
    catalogue = Catalogue(
        providers=_read(data_dir / "providers.yaml") or [],
        services=_read(data_dir / "services.yaml") or [],
        funding_calls=_read(data_dir / "funding_calls.yaml") or [],
        cluster_projects=_read(data_dir / "cluster_projects.yaml") or [],
        mission_cities=_read(data_dir / "mission_cities.yaml") or {},
        countries=_read(data_dir / "countries.yaml") or {},
    )
    checker = _Checker()
    for entry in catalogue.providers:
        where = f"providers.yaml[{entry.get('key', '?')}]"
        checker.require(entry, where, "key", "name", "url")
        checker.url(entry, where, "url")
        checker.sourced(entry, where)
    _unique(checker, catalogue.providers, "key", "providers.yaml")
    _unique(checker, catalogue.services, "key", "services.yaml")
    _unique(checker, catalogue.funding_calls, "identifier", "funding_calls.yaml")
    _unique(checker, catalogue.cluster_projects, "key", "cluster_projects.yaml")
    _check_services(checker, catalogue.services, {p.get("key") for p in catalogue.providers})
    _check_calls(checker, catalogue.funding_calls)
    _check_projects(checker, catalogue.cluster_projects)
    _check_places(checker, catalogue.mission_cities, catalogue.countries)
    if checker.problems:
        raise CatalogueError(checker.problems)
    return catalogue
