"""The newcomer corpus (evaluation/data/newcomer_visits.yml): officers' first visits, scripted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parents[1] / "data" / "newcomer_visits.yml"
COME_BACK = "<come back>"
OUTCOMES = ("recommendations", "handoff")
READINESS = ("target_in_place", "planning_target", "exploring", "not_planning", "skipped")
UNLISTED = "unlisted: "


@dataclass(frozen=True)
class ExpectedPlace:
    """The place a visit must end with: a gazetteer place, one kept as written, or none."""

    name: str | None
    country: str | None
    listed: bool

    @classmethod
    def parse(cls, text: str) -> ExpectedPlace:
        if text == "skipped":
            return cls(None, None, listed=False)
        listed = not text.startswith(UNLISTED)
        name, _, country = text.removeprefix(UNLISTED).rpartition(", ")
        if not name or len(country) != 2:
            raise ValueError(f"a place is 'Name, CC', 'unlisted: Name, CC' or 'skipped': {text!r}")
        return cls(name, country, listed)


@dataclass(frozen=True)
class Interjection:
    after: int
    say: str


@dataclass(frozen=True)
class Visit:
    id: str
    opening: tuple[str, ...]
    answers: dict[str, tuple[str, ...]]
    interject: tuple[Interjection, ...]
    place: ExpectedPlace
    earlier_places: tuple[ExpectedPlace, ...]
    readiness: str
    pathways: tuple[str, ...]
    outcome: str
    population: int | None = None
    reported: bool = False


def _visit(raw: dict) -> Visit:
    expect = raw["expect"]
    if expect["outcome"] not in OUTCOMES:
        raise ValueError(f"{raw['id']}: outcome must be one of {OUTCOMES}")
    if expect["readiness"] not in READINESS:
        raise ValueError(f"{raw['id']}: readiness must be one of {READINESS}")
    return Visit(
        id=raw["id"],
        opening=tuple(raw.get("opening") or ()),
        answers={slot: tuple(values) for slot, values in (raw.get("answers") or {}).items()},
        interject=tuple(Interjection(int(item["after"]), item["say"])
                        for item in raw.get("interject") or ()),
        place=ExpectedPlace.parse(expect["place"]),
        earlier_places=tuple(ExpectedPlace.parse(text) for text in expect.get("earlier") or ()),
        readiness=expect["readiness"],
        pathways=tuple(expect.get("pathways") or ()),
        outcome=expect["outcome"],
        population=raw.get("population"),
        reported=bool(raw.get("reported")),
    )


def load_visits(path: Path = CORPUS) -> list[Visit]:
    """Every visit of the corpus, checked for shape; ids are unique."""
    visits = [_visit(raw) for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["visits"]]
    ids = [visit.id for visit in visits]
    duplicates = sorted({name for name in ids if ids.count(name) > 1})
    if duplicates:
        raise ValueError(f"visit ids used twice: {', '.join(duplicates)}")
    return visits
