"""What the catalogue says about a city the conversation recognised."""

from __future__ import annotations

from collections.abc import Iterable

from bot.storage.catalogue.queries import is_mission_city, mission_city_offers
from bot.storage.session import session_scope


def offers_reserved_for(names: Iterable[str], country: str | None) -> list[str] | None:
    """For one of the 112 Mission Cities, the names of the offers reserved for them (perhaps
    none); None for any other city."""
    with session_scope() as session:
        if not is_mission_city(session, list(names), country):
            return None
        return mission_city_offers(session)
