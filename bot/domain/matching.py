"""Which services, funding calls and peer projects a city sees, in which order, and why.

Eligibility filters first (audience, country, population, dates: bot/domain/eligibility.py),
then a score whose parts are kept so that the one-line reason shown to the officer says what
actually drove the ranking. Pure: bot/services/recommendations.py reads the rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from bot.domain.eligibility import (
    is_national,
    open_to,
    past_deadline,
    population_allows,
    still_open,
)
from bot.domain.replies import country, day, pathway, support
from bot.domain.taxonomy import PATHWAYS_BY_KEY
from bot.domain.textnorm import fold_key

PAGE_SIZE = 4
MAX_SERVICES = 20  # the best of each kind: enough for five pages of "show more"
MAX_CALLS = 20
PATHWAY_WEIGHT = 2.0
SUPPORT_WEIGHT = 1.5
NATIONAL_WEIGHT = 1.0
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


COMPONENTS = ("pathway_match", "support_wanted", "eligibility", "peers")


@dataclass(frozen=True)
class Recommendation:
    kind: str  # service | call | peer
    key: str
    name: str
    provider: str
    reason: list  # [[part, values], ...]: words in domain.yml (bot/domain/replies.py)
    url: str
    score: float
    deadline: str | None = None
    components: dict[str, float] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        return asdict(self)


# A part of a reason: the name of its words in domain.yml (`utter_part_reason_*`) and the
# values that fill them; list values are said as a list ("a, b and c").
Part = tuple[str, dict]


def _part(name: str, **values) -> Part:
    return (f"utter_part_reason_{name}", values)


class _Score:
    """A score kept as its components, each with the words that explain it, so that the reason
    shown to the officer names what really drove the ranking, the largest part first."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = dict.fromkeys(COMPONENTS, 0.0)
        self.phrases: dict[str, Part] = {}
        self.notes: list[Part] = []

    def add(self, component: str, value: float, phrase: Part) -> None:
        if value > 0:
            self.parts[component] += value
            self.phrases[component] = phrase

    def note(self, part: Part | None) -> None:
        """A fact worth saying that does not change the score (a deadline, a population range)."""
        if part:
            self.notes.append(part)

    @property
    def total(self) -> float:
        return round(sum(self.parts.values()), 3)

    def reason(self) -> list:
        """The parts to say, the largest component first, then the notes."""
        ranked = sorted(self.phrases, key=lambda name: (-self.parts[name], COMPONENTS.index(name)))
        parts = [self.phrases[name] for name in ranked] + self.notes or [_part("general")]
        return [[name, values] for name, values in parts]

    def recommendation(self, kind: str, key: str, name: str, provider: str, url: str,
                       deadline: str | None = None) -> Recommendation:
        return Recommendation(kind, key, name, provider, self.reason(), url, self.total,
                              deadline, {name: round(value, 3)
                                         for name, value in self.parts.items()})


def _score_pathways(score: _Score, profile: CityProfile, keys: set[str]) -> list[str]:
    shared = [key for key in profile.pathways if key in keys]
    score.add("pathway_match", sum(profile.pathways[key] for key in shared) * PATHWAY_WEIGHT,
              _part("pathways", pathways=[pathway(key) for key in shared]))
    return shared


def _score_support(score: _Score, profile: CityProfile, offered: list[str]) -> None:
    wanted = [key for key in profile.support_wanted if key in offered]
    score.add("support_wanted", SUPPORT_WEIGHT * len(wanted),
              _part("support", support=[support(key) for key in wanted]))


def _score_countries(score: _Score, profile: CityProfile, countries: list[str]) -> None:
    if not countries or not profile.country:
        return
    where = country(profile.country)
    if is_national(countries, profile.country):
        score.add("eligibility", NATIONAL_WEIGHT, _part("national", country=where))
    else:
        score.note(_part("open_to", country=where))


def _open_to(row, profile: CityProfile) -> bool:
    """Audience and country eligibility, shared by services and calls (EligibilityMixin)."""
    return open_to(row.audience, row.countries, profile.is_mission_city, profile.country)


def _population_note(service, profile: CityProfile) -> Part | None:
    """The range, for a city whose population the bot does not know."""
    low, high = service.min_population, service.max_population
    if (low is None and high is None) or profile.population is not None:
        return None
    if high is None:
        return _part("population_from", low=f"{low:,}")
    if low is None:
        return _part("population_up_to", high=f"{high:,}")
    return _part("population_between", low=f"{low:,}", high=f"{high:,}")


def weights_of(profile: CityProfile) -> dict[str, float]:
    """The pathway part of the score, per pathway, as the database ranks with it."""
    return {key: confidence * PATHWAY_WEIGHT for key, confidence in profile.pathways.items()}


def service_recommendation(service, profile: CityProfile,
                           today: date) -> Recommendation | None:
    """The service as recommended to the city, or None when the city cannot use it."""
    if not (population_allows(service.min_population, service.max_population,
                              profile.population) and _open_to(service, profile)) or not (
            set(profile.pathways) & {p.key for p in service.pathways}) or (
            past_deadline(service.closes_on, today)):
        return None
    score = _Score()
    _score_pathways(score, profile, {p.key for p in service.pathways})
    _score_support(score, profile, service.support or [])
    _score_countries(score, profile, service.countries or [])
    score.note(_population_note(service, profile))
    if service.opens_on is not None and service.opens_on > today:
        score.note(_part("opens_on", day=day(service.opens_on)))
    return score.recommendation("service", service.key, service.name, service.provider.name,
                                service.url)


def call_timing(call, today: date) -> Part:
    """"open, deadline 7 October 2027 (317 days left)", as the officer reads it."""
    if call.deadline is None:
        return _part("open_continuously")
    days = (call.deadline - today).days
    state = "forthcoming" if call.status == "forthcoming" else "open"
    return _part(f"deadline_{state}{'_one_day' if days == 1 else ''}",
                 day=day(call.deadline), days=days)


def call_recommendation(call, profile: CityProfile, today: date) -> Recommendation | None:
    """The call as recommended to the city, or None when the city cannot apply to it."""
    if not (still_open(call.status, call.deadline, today) and _open_to(call, profile)) or not (
            set(profile.pathways) & {p.key for p in call.pathways}):
        return None
    score = _Score()
    _score_pathways(score, profile, {p.key for p in call.pathways})
    _score_support(score, profile, [_CALL_SUPPORT])
    _score_countries(score, profile, call.countries or [])
    score.note(call_timing(call, today))
    return _call_item(score, call)


def _call_item(score: _Score, call) -> Recommendation:
    return score.recommendation(
        "call", call.identifier, f"{call.title} ({call.identifier})", call.programme,
        call.url, call.deadline.isoformat() if call.deadline else None)


def ranked_calls(found: list[Recommendation]) -> list[Recommendation]:
    """Best score first, then the nearest deadline (none last), then the name."""
    return sorted(found, key=lambda rec: (-rec.score, rec.deadline or "9999", rec.name))


def by_score_then_name(found: list[Recommendation]) -> list[Recommendation]:
    """Best score first, then the name: a stable order for equal scores."""
    return sorted(found, key=lambda rec: (-rec.score, rec.name))


def upcoming_call(call, profile: CityProfile, today: date) -> Recommendation | None:
    """A call for "which calls close soon?": said with its timing, and its pathways when the
    city's own pathways are not among them."""
    if not _open_to(call, profile):
        return None
    score = _Score()
    keys = {p.key for p in call.pathways}
    _score_pathways(score, profile, keys)
    score.note(call_timing(call, today))
    if not score.phrases:
        in_order = [key for key in PATHWAYS_BY_KEY if key in keys]
        score.note(_part("on_pathways", pathways=[pathway(key) for key in in_order]))
    return _call_item(score, call)


def soonest_first(found: list[Recommendation], limit: int) -> list[Recommendation]:
    """Nearest deadline first (none last), then the best score, then the name."""
    return sorted(found, key=lambda rec: (rec.deadline or "9999", -rec.score, rec.name))[:limit]


def peer_recommendations(projects, profile: CityProfile) -> list[Recommendation]:
    """Cluster projects with cities to learn from: in the same country, or on the same
    pathways; the city's own project names its other cities."""
    found = []
    own_city = fold_key(profile.city) if profile.city else None
    for project in projects:
        others = [city for city in project.cities
                  if not own_city or city.name_key != own_city]
        if not others:
            continue
        score = _Score()
        shared = _score_pathways(score, profile, {p.key for p in project.pathways})
        same_country = [city for city in others
                        if profile.country and city.country_code == profile.country]
        names = ", ".join(f"{city.name} ({city.country_code})"
                          for city in (same_country or others)[:4])
        if same_country:
            score.add("peers", PEER_COUNTRY_WEIGHT, _part(
                "peers_in_country", country=country(profile.country), names=names))
        if score.total <= 0:
            continue
        _score_support(score, profile, [_PEER_SUPPORT])
        if not same_country:
            score.note(_part("peer_cities", names=names))
        areas = ", ".join(project.thematic_areas or [])
        if areas and not shared:
            score.note(_part("theme", areas=areas))
        if len(others) < len(project.cities):
            score.note(_part("own_city_takes_part"))
        found.append(score.recommendation("peer", project.key, project.name, "", project.url))
    return by_score_then_name(found)


def with_default_pathways(profile: CityProfile) -> CityProfile:
    """A city that named no challenge is matched on every pathway alike."""
    if profile.pathways:
        return profile
    return CityProfile(**{**asdict(profile), "pathways": {key: 0.5 for key in PATHWAYS_BY_KEY}})


def arrange(profile: CityProfile, services: list[Recommendation], calls: list[Recommendation],
            peers: list[Recommendation]) -> list[Recommendation]:
    """Every recommendation in the order the bot shows them.

    The first page mixes the best services, calls and peers (funding calls first when the city
    asked for funding); the remaining items follow, best first, for "show more".
    """
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
