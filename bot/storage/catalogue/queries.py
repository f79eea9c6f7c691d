"""Look-ups in the catalogue that the conversation needs besides matching."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.textnorm import fold_key
from bot.storage.models import City, Service


def is_mission_city(session: Session, names: Iterable[str], country_code: str | None) -> bool:
    """Whether any spelling of the place is one of the 112 Mission Cities in the sourced list."""
    keys = sorted({fold_key(name) for name in names if name})
    if not keys:
        return False
    query = select(City.id).where(City.name_key.in_(keys), City.is_mission_city.is_(True))
    if country_code:
        query = query.where(City.country_code == country_code)
    return session.execute(query.limit(1)).first() is not None


def mission_city_offers(session: Session) -> list[str]:
    """Names of the offers reserved for Mission Cities."""
    query = select(Service.name).where(Service.audience == "mission_cities").order_by(Service.name)
    return list(session.execute(query).scalars())
