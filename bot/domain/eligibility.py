"""Who may use an offer, and whether a call can still be applied to.

One definition for the Python scorer (bot/domain/matching.py) and the database queries
(bot/storage/ranking.py), which build their SQL from the same constants and functions, so the
two cannot drift apart; tests/storage/test_eligibility.py checks that they select the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

OPEN_STATUSES = ("open", "forthcoming")  # the portal's words for calls not yet closed
NATIONAL_MAX_COUNTRIES = 3  # an offer for so few countries is a national one


def audiences_for(is_mission_city: bool) -> tuple[str, ...]:
    """The audiences whose offers a city may see: Mission Cities and the others differ."""
    return ("all", "mission_cities") if is_mission_city else ("all", "mission_minded")


def open_to(audience: str, countries: Sequence[str] | None, is_mission_city: bool,
            country: str | None) -> bool:
    """Audience and country: the offer is for the city's kind, and for all countries or its."""
    return audience in audiences_for(is_mission_city) and (
        not countries or (country is not None and country in countries))


def past_deadline(deadline: date | None, today: date) -> bool:
    """A deadline before today has passed; a call without one is open continuously."""
    return deadline is not None and deadline < today


def still_open(status: str, deadline: date | None, today: date) -> bool:
    """Whether a call can still be applied to: the portal says so and the deadline agrees
    (the portal keeps many topics 'open' after their deadline)."""
    return status in OPEN_STATUSES and not past_deadline(deadline, today)


def status_on(status: str, last_deadline: date | None, today: date) -> str:
    """The real status of a call: one the portal still calls open is closed after its last
    deadline (the second one, for two-stage calls)."""
    return "closed" if status in OPEN_STATUSES and past_deadline(last_deadline, today) else status


def population_allows(low: int | None, high: int | None, population: int | None) -> bool:
    """An unknown population is never excluded; a known one must lie in the range."""
    if population is None:
        return True
    return (low is None or population >= low) and (high is None or population <= high)


def is_national(countries: Sequence[str] | None, country: str | None) -> bool:
    """Made for a few countries, the city's among them."""
    return bool(countries) and len(countries) <= NATIONAL_MAX_COUNTRIES and country in countries
