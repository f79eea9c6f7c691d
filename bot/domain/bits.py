"""Bit sets of an offer's pathways, eligible countries and support kinds.

They are stored beside the lists they come from so that the matching query filters and ranks on
integer columns an index can serve, the same way on SQLite and PostgreSQL. The orders below are
append-only: a bit, once given, keeps its meaning (changing one needs a migration).
"""

from __future__ import annotations

from collections.abc import Iterable

PATHWAY_ORDER = ("foundations", "ecosystem", "monitoring", "technology", "governance", "finance")
SUPPORT_ORDER = ("funding", "technical_assistance", "networking")
# EU member states, then countries associated to Horizon Europe
# (bot/storage/catalogue/data/countries.yaml).
COUNTRY_ORDER = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "AL", "AM", "BA",
    "CA", "EG", "FO", "GE", "IS", "IL", "XK", "MD", "ME", "NZ", "MK", "NO", "RS", "KR", "CH",
    "TN", "TR", "UA", "GB",
)
assert len(COUNTRY_ORDER) <= 62, "country bits must fit a signed 64-bit integer"


def bits(keys: Iterable[str], order: tuple[str, ...]) -> int:
    """The bit set of `keys`; a key outside `order` is an error, never silently dropped."""
    value = 0
    for key in keys:
        if key not in order:
            raise ValueError(f"{key!r} has no bit: add it at the end of its order (bits.py)")
        value |= 1 << order.index(key)
    return value


def offer_bits(pathways: Iterable[str], countries: Iterable[str]) -> dict[str, int]:
    """The bit-set columns of a service or call, from its pathways and eligible countries."""
    countries = list(countries)
    return {"pathway_mask": bits(pathways, PATHWAY_ORDER),
            "country_mask": bits(countries, COUNTRY_ORDER), "country_count": len(countries)}


def bit(key: str | None, order: tuple[str, ...]) -> int:
    """The bit of one key, 0 when it has none (a city outside every eligible country)."""
    return 1 << order.index(key) if key in order else 0
