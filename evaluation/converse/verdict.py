"""What a visit's transcript shows: did it get there, how fast, and did the bot mislead or trap."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.domain.answers import SKIPPED
from bot.domain.textnorm import fold_key
from evaluation.bench.load import percentile
from evaluation.converse.corpus import ExpectedPlace
from evaluation.converse.simulator import Transcript

LOOP_AT = 3  # the same question asked this many times in a row is a loop
TARGETS = {"completion": 0.98, "confident_wrong_places": 0, "loops": 0, "silent_turns": 0}


@dataclass
class Verdict:
    id: str
    completed: bool
    outcome: str | None
    outcome_right: bool
    turns: int | None
    silent_turns: int
    loops: list[str]
    wrong_places: list[str]
    place_right: bool
    readiness_right: bool
    pathways_right: bool
    problems: list[str] = field(default_factory=list)

    @property
    def all_right(self) -> bool:
        return (self.outcome_right and self.place_right and self.readiness_right
                and self.pathways_right and not (self.loops or self.wrong_places
                                                 or self.silent_turns))


def _same_place(expected: ExpectedPlace, name: str | None, country: str | None) -> bool:
    return (expected.name is not None and fold_key(expected.name) == fold_key(name or "")
            and expected.country == country)


def noted_places(events: list[dict]) -> list[tuple[str, str | None, bool]]:
    """Every place the bot took as the officer's, turn by turn: (name, country, listed). A place
    of the gazetteer is the `place` slot; one kept as written is the `city` slot, with its
    country, and no place."""
    noted: list[tuple[str, str | None, bool]] = []
    slots: dict = {}

    def note() -> None:
        place, city, country = slots.get("place"), slots.get("city"), slots.get("country")
        if place:
            found = (place["name"], place["country"], True)
        elif city and city != SKIPPED and country and country != SKIPPED:
            found = (city, country, False)
        else:
            return
        if not noted or noted[-1] != found:
            noted.append(found)

    for event in events:
        if event.get("event") == "user":
            note()
        elif event.get("event") == "slot":
            slots[event.get("name")] = event.get("value")
    note()
    return noted


def wrong_places(transcript: Transcript) -> list[str]:
    """Places the bot said it noted that the officer did not mean."""
    visit = transcript.visit
    meant = (visit.place, *visit.earlier_places)
    return [f"{name}, {country}" for name, country, listed in noted_places(transcript.events)
            if not any(_same_place(place, name, country) and place.listed == listed
                       for place in meant)]


def loops(transcript: Transcript) -> list[str]:
    """Questions the bot asked three times in a row in the same words."""
    found: list[str] = []
    asked: Counter[str] = Counter()
    slot: str | None = None
    just_requested = False
    for event in transcript.events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            if event.get("value") != slot:
                slot, asked = event.get("value"), Counter()
            just_requested = slot is not None
        elif kind == "bot" and just_requested:
            asked[event.get("text") or ""] += 1
            if asked[event.get("text") or ""] == LOOP_AT:
                found.append(slot)
            just_requested = False
        elif kind == "user":
            just_requested = False
    return found


def _place_right(transcript: Transcript) -> bool:
    expected, slots = transcript.visit.place, transcript.slots
    if expected.name is None:
        return slots.get("city") in (None, SKIPPED) and not slots.get("place")
    place = slots.get("place")
    if expected.listed:
        return bool(place) and _same_place(expected, place["name"], place["country"])
    return not place and _same_place(expected, slots.get("city"), slots.get("country"))


def judge(transcript: Transcript) -> Verdict:
    visit, slots = transcript.visit, transcript.slots
    stored = {item["pathway"] for item in slots.get("pathways") or []}
    handed_off_at = transcript.outcome_at if transcript.outcome == "handoff" else None
    silent = sum(1 for number, turn in enumerate(transcript.turns, start=1)
                 if not turn.replies and (handed_off_at is None or number <= handed_off_at))
    return Verdict(
        id=visit.id,
        completed=transcript.outcome is not None,
        outcome=transcript.outcome,
        outcome_right=transcript.outcome == visit.outcome,
        turns=transcript.outcome_at,
        silent_turns=silent,
        loops=loops(transcript),
        wrong_places=wrong_places(transcript),
        place_right=_place_right(transcript),
        readiness_right=(slots.get("readiness") or SKIPPED) == visit.readiness,
        pathways_right=set(visit.pathways) <= stored,
        problems=list(transcript.script_problems),
    )


def summarise(verdicts: list[Verdict]) -> dict:
    """The figures `make converse-eval` prints, and whether each target is met."""
    count = len(verdicts)
    turns = sorted(float(verdict.turns) for verdict in verdicts if verdict.turns is not None)

    def share(test) -> float:
        return round(sum(1 for verdict in verdicts if test(verdict)) / count, 3) if count else 0.0

    figures = {
        "visits": count,
        "completion": share(lambda verdict: verdict.completed),
        "expected_outcome": share(lambda verdict: verdict.outcome_right),
        "median_turns": percentile(turns, 0.5) if turns else None,
        "p95_turns": percentile(turns, 0.95) if turns else None,
        "confident_wrong_places": sum(len(verdict.wrong_places) for verdict in verdicts),
        "loops": sum(len(verdict.loops) for verdict in verdicts),
        "silent_turns": sum(verdict.silent_turns for verdict in verdicts),
        "place_right": share(lambda verdict: verdict.place_right),
        "readiness_right": share(lambda verdict: verdict.readiness_right),
        "pathways_right": share(lambda verdict: verdict.pathways_right),
        "all_right": share(lambda verdict: verdict.all_right),
    }
    figures["targets_met"] = {
        "completion": figures["completion"] >= TARGETS["completion"],
        **{name: figures[name] <= TARGETS[name]
           for name in ("confident_wrong_places", "loops", "silent_turns")},
    }
    return figures
