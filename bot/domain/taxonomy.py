"""The Helpdesk's orientation vocabulary: the six pathways, readiness options and support kinds.

The wording of questions and options is the Helpdesk's own (NZC needs assessment, D1.2, 2025).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.domain.textnorm import fold_key

# Key phrases of the other languages, in the shape of the English ones below (one file each).
PHRASES_DIR = Path(__file__).resolve().parent / "phrases"


@dataclass(frozen=True)
class Pathway:
    key: str
    title: str
    plain: str  # how the bot says it back to a city officer
    challenge_category: str  # the orientation-session coding category


PATHWAYS: tuple[Pathway, ...] = (
    Pathway("foundations", "Climate neutrality foundations and Mission approach",
            "staff capacity, skills and understanding of climate neutrality",
            "Lack of capacity and technical skills"),
    Pathway("ecosystem", "Inclusive ecosystem for change and social innovation",
            "engaging citizens, businesses and other stakeholders", "Stakeholder engagement"),
    Pathway("monitoring", "Monitoring and learning",
            "emissions data, indicators and monitoring", "Monitoring (inventory and data)"),
    Pathway("technology", "Technological solutions and innovation",
            "infrastructure and technology (energy, mobility, buildings, nature)",
            "Infrastructural measures and technology-based solutions"),
    Pathway("governance", "Policy and governance",
            "policy, governance and regulation", "Governance and policies"),
    Pathway("finance", "Finance and business models",
            "funding and financing", "Funding and financing"),
)
PATHWAY_KEYS: tuple[str, ...] = tuple(pathway.key for pathway in PATHWAYS)
PATHWAYS_BY_KEY: dict[str, Pathway] = {pathway.key: pathway for pathway in PATHWAYS}
CHALLENGE_INTENT_PREFIX = "challenge_"

READINESS_OPTIONS: dict[str, str] = {
    "target_in_place": "Yes, we already have a climate-neutral target in place",
    "planning_target": "Yes, we plan to set a climate-neutral target",
    "exploring": "We don't know yet; we are exploring possibilities",
    "not_planning": "No, we do not plan to become climate neutral",
}

SUPPORT_OPTIONS: dict[str, str] = {
    "funding": "Access to funding",
    "technical_assistance": "Technical assistance",
    "networking": "Networking and peer learning",
}
AUDIENCES = ("all", "mission_minded", "mission_cities")

# Key phrases per answer, matched on folded text. Order matters: the first option whose
# phrases match wins, so negative and uncertain answers are checked before positive ones.
_READINESS_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("not_planning", ("no plan", "not plan", "do not plan", "dont plan", "don t plan",
                      "not going to", "no intention", "not interested", "not a priority",
                      "no target and", "never")),
    ("exploring", ("don t know", "dont know", "do not know", "not sure", "exploring", "explore",
                   "unsure", "maybe", "thinking about", "considering", "still discuss",
                   "early stage", "looking into", "not yet")),
    ("planning_target", ("plan to", "planning", "will set", "going to set", "preparing",
                         "in preparation", "working on", "drafting", "intend", "about to",
                         "next year", "soon")),
    ("target_in_place", ("already", "adopted", "have a target", "have target", "we have",
                         "in place", "approved", "signed", "committed", "by 2030", "by 2035",
                         "by 2040", "by 2045", "by 2050", "yes")),
)

_SUPPORT_PHRASES: dict[str, tuple[str, ...]] = {
    "funding": ("fund", "money", "financ", "grant", "budget", "invest", "loan", "call",
                "subsid", "cash", "euro"),
    "technical_assistance": ("technical", "assistance", "advice", "advis", "expert", "coach",
                             "guidance", "tool", "consult", "help with", "training",
                             "capacity", "helpdesk", "support with"),
    "networking": ("network", "peer", "learn from", "other cities", "exchange", "twinning",
                   "study visit", "community", "connect", "share experience", "meet"),
}
_ALL_WORDS = re.compile(r"\b(all|everything|all of (them|these|it)|all three|each)\b")

_PATHWAY_PHRASES: dict[str, tuple[str, ...]] = {
    "foundations": ("foundation", "capacity", "skill", "training", "staff", "mission approach",
                    "knowledge"),
    "ecosystem": ("ecosystem", "stakeholder", "citizen", "engagement", "participation",
                  "social innovation", "behaviour", "behavior", "business"),
    "monitoring": ("monitor", "data", "inventory", "indicator", "measur", "emission"),
    "technology": ("technolog", "infrastructure", "energy", "mobility", "transport",
                   "building", "innovation", "nature"),
    "governance": ("governance", "policy", "policies", "politic", "regulat", "legal",
                   "bureaucra", "leadership", "coordination"),
    "finance": ("financ", "fund", "money", "budget", "invest", "business model", "cost"),
}


@cache
def _phrase_files() -> tuple[dict, ...]:
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8"))
                 for path in sorted(PHRASES_DIR.glob("*.yml")))


def _in_every_language(english: tuple[str, ...], *path: str, at_word_start: bool = False
                       ) -> tuple[str, ...]:
    """English key phrases plus every language's phrases at `path` of its file, folded (and
    preceded by a space when they must begin a word)."""
    start = " " if at_word_start else ""
    found = list(english)
    for phrases in _phrase_files():
        for key in path:
            phrases = (phrases or {}).get(key) or {}
        found += [start + fold_key(phrase) for phrase in phrases or () if fold_key(phrase)]
    return tuple(dict.fromkeys(found))


@cache
def _readiness_phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((key, _in_every_language(phrases, "readiness", key))
                 for key, phrases in _READINESS_PHRASES)


@cache
def _support_phrases() -> dict[str, tuple[str, ...]]:
    return {key: _in_every_language(phrases, "support", key, at_word_start=True)
            for key, phrases in _SUPPORT_PHRASES.items()}


@cache
def _all_words() -> tuple[str, ...]:
    return _in_every_language((), "all")


@cache
def _pathway_phrases() -> dict[str, tuple[str, ...]]:
    return {key: _in_every_language(phrases, "pathways", key, at_word_start=True)
            for key, phrases in _PATHWAY_PHRASES.items()}


def _folded(text: str) -> str:
    return f" {fold_key(text)} "


def map_readiness(text: str) -> str | None:
    """The readiness option a free-text answer means, or None when it is unclear."""
    folded = _folded(text)
    for key, title in READINESS_OPTIONS.items():
        if fold_key(title) in folded or folded.strip() == key:
            return key
    for key, phrases in _readiness_phrases():
        if any(f" {phrase}" in folded for phrase in phrases):
            return key
    return None


def map_support(text: str) -> list[str]:
    """The support kinds a free-text answer asks for (several allowed), in canonical order."""
    folded = _folded(text)
    if _ALL_WORDS.search(folded) or any(f" {word} " in folded for word in _all_words()):
        return list(SUPPORT_OPTIONS)
    return [
        key for key, phrases in _support_phrases().items()
        if key in folded.replace(" ", "_") or any(phrase in folded for phrase in phrases)
    ]


def find_pathways_in_text(text: str) -> list[str]:
    """Pathways named explicitly ("add monitoring", "remove finance"), in canonical order."""
    folded = _folded(text)
    return [
        key for key, phrases in _pathway_phrases().items()
        if any(phrase in folded for phrase in phrases)
    ]


def plain_names(keys: list[str]) -> list[str]:
    """The plain name of each known pathway key, in the order given."""
    return [PATHWAYS_BY_KEY[key].plain for key in keys if key in PATHWAYS_BY_KEY]


def describe_pathways(keys: list[str]) -> str:
    """Plain words for a list of pathway keys: "funding and financing, and policy ..."."""
    plains = plain_names(keys)
    if len(plains) <= 1:
        return "".join(plains)
    return ", ".join(plains[:-1]) + " and " + plains[-1]


def describe_support(keys: list[str]) -> str:
    """Kinds of support as one phrase ("access to funding and technical assistance")."""
    labels = [SUPPORT_OPTIONS[key].lower() for key in keys if key in SUPPORT_OPTIONS]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]
