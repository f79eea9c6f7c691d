"""Which services, funding calls and peer projects a city sees, in which order, and why.

Eligibility filters first (audience, country, population, dates), then a score whose parts are
kept so that the one-line reason shown to the officer says what actually drove the ranking.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import (
    ClusterProject,
    FundingCall,
    Service,
    call_pathways,
    service_pathways,
)
from bot.places.countries import country_display_name
from bot.taxonomy import PATHWAYS_BY_KEY, SUPPORT_OPTIONS, describe_pathways
from bot.textnorm import fold_key

PAGE_SIZE = 4
PATHWAY_WEIGHT = 2.0
SUPPORT_WEIGHT = 1.5
NATIONAL_WEIGHT = 1.0
NATIONAL_MAX_COUNTRIES = 3  # an offer for so few countries is a national one
PEER_COUNTRY_WEIGHT = 2.0

# A funding call always means funding; a peer project always means peer learning.
_CALL_SUPPORT = "funding"
_PEER_SUPPORT = "networking"


@dataclass(frozen=True)
class CityProfile:
    """What the conversation learned about the city."""

    city: str | None = None
    country: str | None = None
    population: int | None = None
    is_mission_city: bool = False
    pathways: dict[str, float] = field(default_factory=dict)  # key -> confidence
    support_wanted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    kind: str  # service | call | peer
    key: str
    name: str
    provider: str
    reason: str
    url: str
    score: float
    deadline: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _pathway_score(profile: CityProfile, keys: set[str]) -> tuple[float, list[str]]:
    shared = [key for key in profile.pathways if key in keys]
    return sum(profile.pathways[key] for key in shared) * PATHWAY_WEIGHT, shared


def _open_to(row, profile: CityProfile) -> bool:
    """Audience and country eligibility, shared by services and calls (EligibilityMixin)."""
    if row.audience == "mission_cities" and not profile.is_mission_city:
        return False
    if row.audience == "mission_minded" and profile.is_mission_city:
        return False
    countries = row.countries or []
    return not countries or (profile.country is not None and profile.country in countries)


def _population_note(service: Service, profile: CityProfile) -> tuple[bool, str | None]:
    low, high = service.min_population, service.max_population
    if low is None and high is None:
        return True, None
    if profile.population is None:
        bounds = (f"{low:,}+" if high is None else
                  f"up to {high:,}" if low is None else f"{low:,}–{high:,}")
        return True, f"for towns of {bounds} inhabitants"
    if (low is not None and profile.population < low) or (
        high is not None and profile.population > high
    ):
        return False, None
    return True, None


def _reason(shared: list[str], support: list[str], extra: list[str]) -> str:
    parts = []
    if shared:
        parts.append(f"helps with {describe_pathways(shared)}")
    if support:
        parts.append("offers " + " and ".join(SUPPORT_OPTIONS[key].lower() for key in support))
    parts.extend(extra)
    text = "; ".join(parts) or "general support for climate-neutral cities"
    return text[0].upper() + text[1:] + "."


def _services(session: Session, profile: CityProfile, today: date) -> list[Recommendation]:
    keys = list(profile.pathways)
    on_pathways = select(service_pathways.c.service_id).where(
        service_pathways.c.pathway_key.in_(keys))
    query = select(Service).where(Service.id.in_(on_pathways)).order_by(Service.key)
    found = []
    for service in session.execute(query).unique().scalars():
        if not _open_to(service, profile):
            continue
        if service.closes_on is not None and service.closes_on < today:
            continue
        allowed, population_note = _population_note(service, profile)
        if not allowed:
            continue
        score, shared = _pathway_score(profile, {p.key for p in service.pathways})
        support = [key for key in profile.support_wanted if key in (service.support or [])]
        score += SUPPORT_WEIGHT * len(support)
        extra = []
        if service.countries and profile.country:
            national = len(service.countries) <= NATIONAL_MAX_COUNTRIES
            score += NATIONAL_WEIGHT if national else 0.0
            extra.append(f"open to cities in {country_display_name(profile.country)}")
        if population_note:
            extra.append(population_note)
        if service.opens_on is not None and service.opens_on > today:
            extra.append(f"opens on {_day(service.opens_on)}")
        found.append(Recommendation(
            "service", service.key, service.name, service.provider.name,
            _reason(shared, support, extra), service.url, round(score, 3)))
    return sorted(found, key=lambda rec: (-rec.score, rec.name))


def _calls(session: Session, profile: CityProfile, today: date) -> list[Recommendation]:
    keys = list(profile.pathways)
    on_pathways = select(call_pathways.c.call_id).where(call_pathways.c.pathway_key.in_(keys))
    query = (
        select(FundingCall)
        .where(FundingCall.id.in_(on_pathways), FundingCall.status.in_(("open", "forthcoming")))
        .where((FundingCall.deadline.is_(None)) | (FundingCall.deadline >= today))
        .order_by(FundingCall.identifier)
    )
    found = []
    for call in session.execute(query).unique().scalars():
        if not _open_to(call, profile):
            continue
        score, shared = _pathway_score(profile, {p.key for p in call.pathways})
        wants_funding = _CALL_SUPPORT in profile.support_wanted
        score += SUPPORT_WEIGHT if wants_funding else 0.0
        if call.deadline is None:
            timing = "open continuously"
        else:
            days = (call.deadline - today).days
            verb = "opens" if call.status == "forthcoming" else "open"
            timing = (f"{verb}, deadline {_day(call.deadline)} "
                      f"({days} day{'s' if days != 1 else ''} left)")
        found.append(Recommendation(
            "call", call.identifier, f"{call.title} ({call.identifier})", call.programme,
            _reason(shared, [_CALL_SUPPORT] if wants_funding else [], [timing]), call.url,
            round(score, 3), call.deadline.isoformat() if call.deadline else None))
    return sorted(found, key=lambda rec: (-rec.score, rec.deadline or "9999", rec.name))


def _peers(session: Session, profile: CityProfile) -> list[Recommendation]:
    found = []
    own_city = fold_key(profile.city) if profile.city else None
    query = select(ClusterProject).order_by(ClusterProject.key)
    for project in session.execute(query).scalars():
        if not project.cities:
            continue
        score, shared = _pathway_score(profile, {p.key for p in project.pathways})
        others = [city for city in project.cities
                  if not own_city or city.name_key != own_city]
        if not others:
            continue
        same_country = [city for city in others
                        if profile.country and city.country_code == profile.country]
        if same_country:
            score += PEER_COUNTRY_WEIGHT
        if score <= 0:
            continue
        if _PEER_SUPPORT in profile.support_wanted:
            score += SUPPORT_WEIGHT
        peers = same_country or others
        names = ", ".join(f"{city.name} ({city.country_code})" for city in peers[:4])
        where = (f"cities in {country_display_name(profile.country)} take part: {names}"
                 if same_country else f"peer cities: {names}")
        areas = ", ".join(project.thematic_areas or [])
        extra = [where] + ([f"theme: {areas}"] if areas and not shared else [])
        if own_city and len(others) < len(project.cities):
            extra.append("your city already takes part")
        found.append(Recommendation(
            "peer", project.key, project.name, "EU R&I cluster project",
            _reason(shared, [], extra), project.url, round(score, 3)))
    return sorted(found, key=lambda rec: (-rec.score, rec.name))


def recommend(session: Session, profile: CityProfile, today: date) -> list[Recommendation]:
    """Every recommendation for the profile, in the order the bot shows them.

    The first page mixes the best services, calls and peers (funding calls first when the city
    asked for funding); the remaining items follow, best first, for "show more".
    """
    if not profile.pathways:
        profile = CityProfile(**{**asdict(profile),
                                 "pathways": {key: 0.5 for key in PATHWAYS_BY_KEY}})
    services = _services(session, profile, today)
    calls = _calls(session, profile, today)
    peers = _peers(session, profile)
    if "funding" in profile.support_wanted:
        first = calls[:2] + services[:2]
    else:
        first = services[:3] + calls[:1]
    if "networking" in profile.support_wanted and peers:
        first = first[: PAGE_SIZE - 1] + peers[:1]
    rest = [rec for rec in services + calls + peers if rec not in first]
    return first + rest


def page(recommendations: list[dict], offset: int) -> tuple[list[dict], int]:
    """One page of recommendations starting at `offset` and the offset of the next page."""
    chunk = recommendations[offset: offset + PAGE_SIZE]
    return chunk, offset + len(chunk)
