"""Understanding the officer's answers: places, readiness, challenges, support wanted, edits.

Pure functions over the message text, its NLU result and the current answers, shared by the form
validation and by corrections, so that one answer is read the same way wherever it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.languages import DEFAULT_LANGUAGE, country_name, supported
from bot.domain.pathway_model import select_pathways
from bot.domain.places.countries import country_display_name, country_names
from bot.domain.places.gazetteer import DESIGNATION_WORDS
from bot.domain.places.resolver import (
    PlaceMatch,
    capitalised_in,
    find_country,
    resolve_place,
)
from bot.domain.taxonomy import (
    CHALLENGE_INTENT_PREFIX,
    PATHWAY_KEYS,
    READINESS_OPTIONS,
    SUPPORT_OPTIONS,
    find_pathways_in_text,
    map_readiness,
    map_support,
)
from bot.domain.textnorm import fold_key

SKIPPED = "skipped"
# The orientation's answers, as slots: what the intake stores and the Helpdesk sees.
ANSWER_SLOTS = ("city", "country", "readiness", "challenges", "support_wanted")
MAX_PLACE_WORDS = 7
MAX_CITY_TEXT = 100
CONFIDENT_INTENT = 0.8
# A namesake in another country with at least this share of the place's population makes the
# bot ask which one is meant.
RIVAL_SHARE = 0.25
_QUESTION_START = ("what", "how", "who", "why", "where", "when", "which", "is ", "are ", "can ",
                   "could ", "do ", "does ", "tell me", "explain", "show ", "list ", "find ",
                   "give me", "any ")
TOPIC_MIN_CONFIDENCE = 0.3
# How sure the bot is of the pathways it read, from the classifier's top confidence. Calibrated on
# the development statements (make nlu-eval prints the table): at 0.6 and above the top pathway is
# right in over 95% of them, so the bot says what it understood and goes on; below 0.3 it is
# mostly wrong, so the bot asks to rephrase; in between it asks to confirm.
SURE_AT = 0.6
REPHRASE_BELOW = 0.3
SURE, CONFIRM, REPHRASE = "sure", "confirm", "rephrase"
# Replies that are no challenge when given to the challenges question.
_NO_CHALLENGE_INTENTS = ("greet", "goodbye", "thank", "affirm", "deny", "inform_place")
_REMOVE_WORDS = ("remove", "not ", "no ", "without", "delete", "drop", "isn't", "is not", "wrong")


@dataclass(frozen=True)
class Message:
    """The parts of an NLU result the answer readers need."""

    text: str
    intent: str | None = None
    intent_confidence: float = 0.0
    entities: tuple[dict, ...] = ()
    pathway_ranking: tuple[dict, ...] = ()

    @classmethod
    def from_parse(cls, parse: dict) -> Message:
        intent = parse.get("intent") or {}
        return cls(
            text=parse.get("text") or "",
            intent=intent.get("name"),
            intent_confidence=float(intent.get("confidence") or 0.0),
            entities=tuple(parse.get("entities") or ()),
            pathway_ranking=tuple(parse.get("pathway_ranking") or ()),
        )

    def entity(self, name: str) -> str | None:
        for entity in self.entities:
            if entity.get("entity") == name and entity.get("value") not in (None, ""):
                return str(entity["value"])
        return None

    @property
    def is_question(self) -> bool:
        """Worded as a question: a question mark or a question word first."""
        text = self.text.strip().lower()
        return text.endswith("?") or text.startswith(_QUESTION_START)

    @property
    def is_challenge(self) -> bool:
        return bool(self.intent and self.intent.startswith(CHALLENGE_INTENT_PREFIX))


def place_slot(match: PlaceMatch) -> dict:
    """What the conversation keeps about a recognised place."""
    place = match.place
    return {"geonameid": place.geonameid, "name": place.name, "country": place.country,
            "population": place.population, "method": match.method,
            "variants": list(place.variants[:20])}


def read_place(message: Message, country_hint: str | None = None) -> tuple[PlaceMatch | None,
                                                                             str | None]:
    """The place and the country named in a message.

    The whole text is read first: it sees "Tenbury Wells" or "Capriglia Irpina", where spaCy's
    entity ruler (towns of 5,000+ only) marks just "Wells" or "Irpina"; the entity is the
    fallback."""
    country = None
    country_entity = message.entity("country")
    if country_entity:
        country = find_country(country_entity)
    country = country or find_country(message.text) or None
    match = resolve_place(message.text, country or country_hint)
    city_entity = message.entity("city")
    if match is None and city_entity:
        match = resolve_place(city_entity, country or country_hint)
    return match, country


def place_in_opening(message: Message) -> PlaceMatch | None:
    """The place named in the message that opens the conversation ("hi from Lousada").

    Greetings are words of many languages that GeoNames also holds as names or aliases
    ("Kalimera", "Bom dia", "Moi") or nearly ("greet", "Hallo"), so only a place spelt exactly
    counts, an alias only when capitalised, and a greeting said alone names no place; otherwise
    the city question is asked."""
    match, _ = read_place(message)
    if match is None or match.method != "exact":
        return None
    if match.by_alias and not capitalised_in(message.text, match.matched_text):
        return None
    if message.intent == "greet" and match.matched_text == fold_key(message.text):
        return None
    return match


def place_is_sure(match: PlaceMatch, country: str | None) -> bool:
    """Whether the bot may note the place without asking: spelt exactly, in the country the
    officer named, and without a namesake elsewhere nearly as large ("Bergen" is Norway's, but
    a name shared by two towns of similar size is asked about) or called so by its own name
    when the match is only an alias."""
    if match.method != "exact":
        return False
    if country is not None:
        return match.place.country == country
    rival = match.rival
    if rival is None:
        return True
    # "Neustadt" is Baia Mare's German name, but the main name of a dozen German towns.
    return not match.by_alias and rival.population < RIVAL_SHARE * match.place.population


def place_question(match: PlaceMatch) -> str:
    """How the bot names a place it asks about: "Leeds, United Kingdom"."""
    return f"{match.place.name}, {country_display_name(match.place.country)}"


def looks_like_a_place_name(text: str) -> bool:
    """Short enough to be a place name the gazetteer does not know (a commune, an island)."""
    words = text.split()
    return 0 < len(words) <= MAX_PLACE_WORDS and not text.strip().startswith("/")


def clean_city_text(text: str) -> str:
    """A place name as written, without stray spaces or punctuation, and not overly long."""
    return " ".join(text.split())[:MAX_CITY_TEXT].strip(" .,!")


def read_readiness(message: Message) -> str | None:
    """The readiness option a button or free text names, or None when none fits."""
    from_button = message.entity("readiness")
    if from_button in READINESS_OPTIONS:
        return from_button
    return map_readiness(message.text)


def read_support(message: Message) -> list[str]:
    """The kinds of support a button or free text asks for (several at once, or all three)."""
    from_button = message.entity("support")
    if from_button == "all":
        return list(SUPPORT_OPTIONS)
    if from_button in SUPPORT_OPTIONS:
        return [from_button]
    return map_support(message.text)


def read_challenges(message: Message) -> list[dict]:
    """The pathways the challenge text belongs to (multi-label, with confidences)."""
    return select_pathways(list(message.pathway_ranking)) if message.pathway_ranking else []


def _without_names(text: str) -> tuple[list[str], bool]:
    """The words of `text` that are not a place, a country or a word like "city"; and whether
    a place or country was there."""
    words = fold_key(text).split()
    named = False
    match = resolve_place(text)
    if match is not None:
        matched = match.matched_text.split()
        for start in range(len(words) - len(matched) + 1):
            if words[start:start + len(matched)] == matched:
                words, named = words[:start] + words[start + len(matched):], True
                break
    countries = country_names()
    for size in (3, 2, 1):
        start = 0
        while start + size <= len(words):
            if " ".join(words[start:start + size]) in countries:
                words, named = words[:start] + words[start + size:], True
            else:
                start += 1
    return [word for word in words if word not in DESIGNATION_WORDS], named


def states_no_challenge(message: Message) -> bool:
    """A reply to the challenges question that holds no challenge to classify: no words, a
    greeting or a yes, or only a place and country ("Valongo, Portugal")."""
    if not any(character.isalpha() for character in message.text):
        return True
    if message.intent in _NO_CHALLENGE_INTENTS and message.intent_confidence >= CONFIDENT_INTENT \
            and not find_pathways_in_text(message.text):
        return True
    rest, named = _without_names(message.text)
    return named and len(rest) <= 1


def place_correction(message: Message,
                     noted: dict | None) -> tuple[PlaceMatch, str | None] | None:
    """Another place, and its country, named in reply to a later question beside the place
    noted or its country ("sorry, we are Datça Belediyesi, not Muğla"; "no, not Italy! Alba
    Iulia in Romania"): the officer corrects the place. A place named without the noted one
    ("traffic in Lisbon is terrible") or beside challenge words is part of the answer."""
    if not noted or find_pathways_in_text(message.text):
        return None
    text = f" {fold_key(message.text)} "
    names = {fold_key(name) for name in (noted["name"], *noted.get("variants", ()))} - {""}
    said = [name for name in names if f" {name} " in text]
    if not said and find_country(message.text) != noted["country"]:
        return None
    match, country = read_place(message)
    if match is not None and match.place.geonameid == noted["geonameid"]:
        for name in said:  # "not Braga, I am from Guimarães": read past the noted name
            text = text.replace(f" {name} ", " ")
        match, country = read_place(replace(message, text=text.strip()))
    if match is None or match.method != "exact" or match.place.geonameid == noted["geonameid"]:
        return None
    if country == noted["country"] != match.place.country:
        country = None  # the country named is the one corrected ("not Italy!")
    return match, country


def merge_pathways(current: list[dict], new: list[dict], limit: int = 3) -> list[dict]:
    """Add newly understood pathways to the current ones, keeping the higher confidence."""
    best: dict[str, float] = {}
    for item in list(current) + list(new):
        best[item["pathway"]] = max(best.get(item["pathway"], 0.0), float(item["confidence"]))
    ordered = sorted(best.items(), key=lambda kv: -kv[1])[: max(limit, len(current))]
    return [{"pathway": key, "confidence": round(value, 4)} for key, value in ordered]


def edit_pathways(current: list[dict], message: Message) -> tuple[list[dict], bool]:
    """Apply "add X" / "remove Y" (buttons or words); return the pathways and whether anything
    changed. A pathway the officer adds by hand gets full confidence."""
    add = [message.entity("pathway_add")] if message.entity("pathway_add") else []
    remove = [message.entity("pathway_remove")] if message.entity("pathway_remove") else []
    if not add and not remove:
        named = find_pathways_in_text(message.text)
        lowered = f" {message.text.lower()} "
        if any(word in lowered for word in _REMOVE_WORDS):
            remove = named
        else:
            add = named
    updated = [item for item in current if item["pathway"] not in remove]
    for key in add:
        if key in PATHWAY_KEYS and all(item["pathway"] != key for item in updated):
            updated.append({"pathway": key, "confidence": 1.0})
    return updated, updated != list(current)


def topic_pathways(message: Message) -> list[str] | None:
    """The pathways a request like "show funding for mobility" is about; None for any pathway.

    "Funding" is what is asked for, not the topic, so finance counts only when nothing else is
    named ("show funding for business models")."""
    named = find_pathways_in_text(message.text)
    if [key for key in named if key != "finance"]:
        return [key for key in named if key != "finance"]
    ranked = [item["pathway"] for item in message.pathway_ranking
              if item["pathway"] != "finance" and item["confidence"] >= TOPIC_MIN_CONFIDENCE]
    return ranked[:1] or (named or None)


def understanding(pathways: list[dict]) -> str:
    """`sure`, `confirm` or `rephrase`, from the most confident pathway."""
    top = max((float(item["confidence"]) for item in pathways), default=0.0)
    if top >= SURE_AT:
        return SURE
    return CONFIRM if top >= REPHRASE_BELOW else REPHRASE


def confidence_level(confidence: float) -> str:
    """`clearly`, `probably` or `possibly`: how sure the bot says it is of a pathway (the words
    are the responses `utter_part_confidence_<level>`)."""
    if confidence >= 0.7:
        return "clearly"
    if confidence >= 0.45:
        return "probably"
    return "possibly"


def country_phrase(code: str | None, language: str | None = None) -> str:
    """A country's name in the conversation's language, or nothing when the question was
    skipped."""
    if not code or code == SKIPPED:
        return ""
    return country_display_name(code) if supported(language) == DEFAULT_LANGUAGE \
        else country_name(code, language)
