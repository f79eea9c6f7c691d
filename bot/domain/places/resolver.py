"""Find the place an officer means in free text: exact spellings first, then fuzzy for typos."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.domain.languages import GREETINGS
from bot.domain.places.countries import country_names
from bot.domain.places.gazetteer import (
    Place,
    is_common_word,
    is_designation,
    load_places,
    main_places,
)
from bot.domain.textnorm import fold_key

MAX_NGRAM = 4
FUZZY_MIN_LENGTH = 5
MAIN_NAME_WEIGHT = 3


@dataclass(frozen=True)
class PlaceMatch:
    """A recognised place and how sure we are of it."""

    place: Place
    matched_text: str
    method: str  # "exact" or "fuzzy"
    score: float
    # The most populous place called so in another country, when there is one.
    rival: Place | None = None
    by_alias: bool = False  # matched by another of the place's names ("Lisboa", "Bruges")


@dataclass(frozen=True)
class _Entry:
    place: Place
    is_main_name: bool
    common_word: bool


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[_Entry, ...]]:
    entries: dict[str, list[_Entry]] = defaultdict(list)
    for place in load_places():
        main_key = fold_key(place.name)
        seen: set[str] = set()
        for variant in place.variants:
            key = fold_key(variant)
            # A greeting is never another name of a place ("Bom dia" is also Akçakoca's).
            if not key or key in seen or (key != main_key and (
                    is_designation(variant) or key in GREETINGS)):
                continue
            seen.add(key)
            # A place's own name of several words ("Le Mans", "South Shields") is meant even in
            # lower case; GeoNames' sound-alike alternatives ("la to me") are not.
            common = is_common_word(variant) and (key != main_key or " " not in key)
            entries[key].append(_Entry(place, key == main_key, common))
    return {key: tuple(found) for key, found in entries.items()}


@cache
def _fuzzy_keys(country: str | None = None) -> tuple[str, ...]:
    """Main names only (fuzzy matching over every historic alias would find false friends), of
    one country when the officer named it."""
    return tuple(sorted({fold_key(place.name) for place in main_places()
                         if country is None or place.country == country}))


@lru_cache(maxsize=1)
def _country_keys() -> frozenset[str]:
    return frozenset(country_names())


def warm_up() -> None:
    """Build the indexes now rather than on the first user message."""
    _index()
    _fuzzy_keys()


def _ngrams(words: list[str]) -> list[tuple[int, int]]:
    spans = [
        (start, start + size)
        for size in range(min(MAX_NGRAM, len(words)), 0, -1)
        for start in range(len(words) - size + 1)
    ]
    return spans


def find_country(text: str) -> str | None:
    """The ISO code of a country named in the text, if any."""
    words = fold_key(text).split()
    names = country_names()
    for start, end in _ngrams(words):
        code = names.get(" ".join(words[start:end]))
        if code:
            return code
    return None


def _best(entries: tuple[_Entry, ...], country: str | None) -> _Entry:
    def rank(entry: _Entry) -> tuple:
        # A place's own name counts three times: "Bruges" is Brugge (118,000) rather than the
        # French commune called Bruges (17,000), but "Valongo" is the larger Valongo and
        # "Kemer" is Kemer (17,000), not Burhaniye (38,000), which GeoNames also calls so.
        weight = MAIN_NAME_WEIGHT if entry.is_main_name else 1
        return (country is not None and entry.place.country == country,
                entry.place.population * weight)

    return max(entries, key=rank)


def capitalised_in(text: str, key: str) -> bool:
    """Whether the name `key` (folded) appears capitalised in the original text."""
    lowered_key = key.split()
    original_words = text.replace(",", " ").replace(".", " ").split()
    return any(
        fold_key(word) == lowered_key[0] and word[:1].isupper() for word in original_words
    )


def resolve_place(text: str, country: str | None = None) -> PlaceMatch | None:
    """The most likely place named in `text`, optionally within `country` (ISO code).

    Exact (accent- and case-insensitive) names win over fuzzy ones; longer names over shorter;
    among homonyms the one in the named country, then the most populous (own names count double).
    A name that is also a common English word counts only when capitalised or said alone.
    """
    words = fold_key(text).split()
    if not words:
        return None
    country = country or find_country(text)
    exact = _exact(text, words, country)
    if exact is not None:
        # "chilly-mazaarin": a misspelt longer name beats the exact village "Chilly" inside it.
        longer = _fuzzy(words, country, min_words=len(exact.matched_text.split()) + 1,
                        containing=exact.matched_text)
        return longer or exact
    return _fuzzy(words, country)


def _exact(text: str, words: list[str], country: str | None) -> PlaceMatch | None:
    index = _index()
    whole_answer = " ".join(words)
    # Among names of one length, a place's own name beats another's alias: in "Hei! Oulu",
    # "hei" is only an alias of Heijplaat.
    by_alias: PlaceMatch | None = None
    for start, end in _ngrams(words):
        if by_alias is not None and end - start < len(by_alias.matched_text.split()):
            return by_alias
        key = " ".join(words[start:end])
        entries = index.get(key)
        if not entries or (key != whole_answer
                           and (key in _country_keys() or is_designation(key))):
            continue
        usable = tuple(
            entry for entry in entries
            if not entry.common_word or key == whole_answer or capitalised_in(text, key)
        )
        if country is not None and any(entry.place.country == country for entry in usable):
            usable = tuple(entry for entry in usable if entry.place.country == country)
        if usable:
            best = _best(usable, country)
            chosen = best.place
            # Another place's alias is no rival ("Bergen" is also Mons' Dutch name).
            rivals = [entry.place for entry in usable
                      if entry.place.country != chosen.country and entry.is_main_name]
            rival = max(rivals, key=lambda place: place.population) if rivals else None
            match = PlaceMatch(chosen, key, "exact", 100.0, rival, not best.is_main_name)
            if best.is_main_name:
                return match
            by_alias = by_alias or match
    return by_alias


def allowed_edits(phrase: str) -> int:
    """Typos tolerated: one in a name of up to 8 letters, two in a longer one."""
    return 1 if len(phrase.replace(" ", "")) <= 8 else 2


def _fuzzy(words: list[str], country: str | None, min_words: int = 1,
           containing: str | None = None) -> PlaceMatch | None:
    """Names of 5,000+ places within a few typing errors (a swap of two letters is one)."""
    candidates: list[PlaceMatch] = []
    for start, end in _ngrams(words):
        phrase = " ".join(words[start:end])
        if end - start < min_words or (containing and f" {containing} " not in f" {phrase} "):
            continue
        if len(phrase) < FUZZY_MIN_LENGTH or phrase in _country_keys() or is_common_word(phrase):
            continue
        for key, edits, _ in process.extract(phrase, _fuzzy_keys(country), scorer=OSA.distance,
                                             score_cutoff=allowed_edits(phrase), limit=5):
            entry = _best(_index()[key], country)
            similarity = 100.0 * (1 - edits / max(len(phrase), len(key)))
            candidates.append(PlaceMatch(entry.place, phrase, "fuzzy", similarity))
    if not candidates:
        return None
    return max(candidates, key=lambda match: (match.score, match.place.population))
