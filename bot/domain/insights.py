"""The rules of the Helpdesk's needs figures: who counts, how a share is shown, size classes.

The figures repeat the Helpdesk's own needs-assessment tables (shares of cities by readiness, by
challenge, by support wanted), so they follow the same habits: a share always with its n, a city
counted once per period, and no cell small enough to single a city out.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from bot.domain.languages import LANGUAGES
from bot.domain.textnorm import fold_key

# Size classes by inhabitants (the gazetteer's population): the reports' "small and rural
# municipalities" are the first.
SIZE_CLASSES: tuple[tuple[str, str, int, int | None], ...] = (
    ("small", "under 50,000", 0, 50_000),
    ("medium", "50,000 to 250,000", 50_000, 250_000),
    ("large", "over 250,000", 250_000, None),
)
SIZE_CLASS_KEYS: tuple[str, ...] = tuple(key for key, *_ in SIZE_CLASSES)
SMALLEST_CELL = 3  # fewer cities than this are shown as "< 3" in exports

# How the pathways of a conversation came to be what was stored.
SURE = "sure"  # read with confidence and not questioned
CONFIRMED = "confirmed"  # the bot asked and the officer agreed
CORRECTED = "corrected"  # the officer added, removed or said it again in other words
UNREAD = "unread"  # no pathway (skipped, or nothing the classifier could read)
CLASSIFICATION_OUTCOMES = (SURE, CONFIRMED, CORRECTED, UNREAD)


def size_class(population: int | None) -> str | None:
    """The size class of a population, None when it is unknown."""
    if population is None or population <= 0:
        return None
    for key, _label, low, high in SIZE_CLASSES:
        if population >= low and (high is None or population < high):
            return key
    return None


def city_key(geonameid: int | None, city: str | None, country: str | None) -> str | None:
    """One key per city, so that two conversations from the same city count once: the
    gazetteer's id when the place was recognised, else the folded name with the country."""
    if geonameid:
        return f"g{geonameid}"
    if city and city.strip():
        return f"n{(country or '').upper()}:{fold_key(city)}"[:220]
    return None


def pathway_rows(pathways: list[dict]) -> list[tuple[str, float, bool]]:
    """(pathway, confidence, is_primary) once per pathway; the primary one is the most
    confident (an officer's own addition has full confidence)."""
    best: dict[str, float] = {}
    for item in pathways:
        best[item["pathway"]] = max(best.get(item["pathway"], 0.0), float(item["confidence"]))
    primary = max(best, key=lambda key: best[key], default=None)
    return [(key, confidence, key == primary) for key, confidence in best.items()]


def classification_outcome(pathways: list[dict], asked: bool, changed: bool) -> str:
    """How the stored pathways came about, from whether the bot asked to confirm them and
    whether the officer changed them afterwards."""
    if not pathways:
        return CORRECTED if changed else UNREAD
    if changed:
        return CORRECTED
    return CONFIRMED if asked else SURE


CONFIRM_SLOT = "pathways_confirmed"


def pathways_history(events: Iterable[dict]) -> tuple[bool, bool]:
    """(asked, changed) from a conversation's events: whether the form asked the officer to
    confirm the pathways (it requested the confirmation slot), and whether they were different
    afterwards than when it asked."""
    asked, at_ask, current = False, None, None
    for event in events:
        if event.get("event") != "slot":
            continue
        if event.get("name") == "pathways":
            current = event.get("value") or []
        elif event.get("name") == "requested_slot" and event.get("value") == CONFIRM_SLOT \
                and not asked:
            asked, at_ask = True, current or []
    return asked, asked and _keys(current) != _keys(at_ask)


def _keys(pathways: list[dict] | None) -> set[str]:
    return {item["pathway"] for item in pathways or []}


def question_asked(required: list[str], slots: dict, updates: Iterable[dict]) -> str | None:
    """The question the form asks after this turn: the first required slot still empty once
    the turn's slot events are applied; None when every question is answered."""
    values = dict(slots)
    for event in updates:
        if event.get("event") == "slot":
            values[event.get("name")] = event.get("value")
    return next((name for name in required if values.get(name) is None), None)


@dataclass(frozen=True)
class Share:
    """`count` of `n` cities; printed with both so that no share hides how few it stands on."""

    count: int
    n: int

    @property
    def fraction(self) -> float:
        return self.count / self.n if self.n else 0.0

    @property
    def suppressed(self) -> bool:
        """A cell of one or two cities, which could name the city to whoever knows the area."""
        return 0 < self.count < SMALLEST_CELL

    def count_text(self, protect: bool) -> str:
        return f"< {SMALLEST_CELL}" if protect and self.suppressed else str(self.count)

    def percent_text(self, protect: bool) -> str:
        if protect and self.suppressed:
            # below the share of 3 cities; with fewer than 3 in all that bound says nothing
            return f"< {round(100 * SMALLEST_CELL / self.n)}%" if self.n > SMALLEST_CELL \
                else "–"
        return f"{round(100 * self.fraction)}%" if self.n else "–"


def ranked_gaps(demand: dict[str, Share], supply: dict[str, int]) -> list[tuple[str, Share, int]]:
    """Where many cities ask and the catalogue offers little: most asked per offer first.

    Demand is the share of cities naming a pathway or support option; supply the number of
    current services and open calls for it. A need nobody names is no gap."""
    needs = [(key, share, supply.get(key, 0)) for key, share in demand.items() if share.count]
    return sorted(needs, key=lambda item: (-item[1].fraction / (1 + item[2]), item[0]))


def ranked_blind_spots(municipalities: dict[tuple[str, str], int],
                       engaged: dict[tuple[str, str], int],
                       limit: int = 20) -> list[tuple[tuple[str, str], int, int]]:
    """(country, size class) cells with many municipalities in the gazetteer and few engaged
    cities: ranked by municipalities per engaged city, the unreached first."""
    cells = [(cell, total, engaged.get(cell, 0)) for cell, total in municipalities.items() if total]
    return sorted(cells, key=lambda item: (-item[1] / (1 + item[2]), item[0]))[:limit]


_WORD = re.compile(r"[^\W\d_]+")


@cache
def _stop_words() -> frozenset[str]:
    """spaCy's stop words of every language the bot speaks, read from spaCy's plain word-list
    files (importing spaCy itself would load its whole machine-learning stack)."""
    spec = importlib.util.find_spec("spacy")
    root = Path(next(iter(spec.submodule_search_locations))) if spec else None
    words: set[str] = set()
    for code in LANGUAGES:
        path = root / "lang" / code / "stop_words.py" if root else None
        if path is None or not path.is_file():
            continue
        namespace: dict = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        words |= set(namespace.get("STOP_WORDS", ()))
    return frozenset(fold_key(word) for word in words)


def _content_word(word: str, stop: frozenset[str]) -> bool:
    return len(word) > 2 and word not in stop


def frequent_phrases(texts: Iterable[str], limit: int = 5) -> list[tuple[str, int]]:
    """The two-word phrases most cities used ("energy poverty", "dados emissoes"), each counted
    once per text; only phrases of at least `SMALLEST_CELL` texts, so that none quotes one city."""
    counts: Counter[str] = Counter()
    stop = _stop_words()
    for text in texts:
        words = _WORD.findall(fold_key(text or ""))
        counts.update({f"{first} {second}" for first, second in pairwise(words)
                       if _content_word(first, stop) and _content_word(second, stop)})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(phrase, count) for phrase, count in ranked if count >= SMALLEST_CELL][:limit]


def minutes_text(durations_s: list[float]) -> str:
    """Median and 90th percentile of durations, in words a Helpdesk reads ("median 12 min,
    90% within 95 min, n = 14"); "–" without any."""
    if not durations_s:
        return "– (n = 0)"
    ordered = sorted(durations_s)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    p90 = ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]
    return f"median {_minutes(median)}, 90% within {_minutes(p90)} (n = {len(ordered)})"


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 120:
        return f"{round(minutes)} min"
    return f"{minutes / 60:.1f} h"
