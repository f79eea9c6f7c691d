"""The Helpdesk's needs assessment from every conversation: the figures as tables.

Each table carries its base (n) and every share its count, so that a figure is never read
without how many cities it stands on. The same tables feed `broker insights` and the console.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from bot.domain.answers import SURE_AT
from bot.domain.drawing import Drawing
from bot.domain.handoff.rules import REASON_TEXT
from bot.domain.insights import (
    CLASSIFICATION_OUTCOMES,
    SIZE_CLASSES,
    Share,
    frequent_phrases,
    minutes_text,
    ranked_blind_spots,
    ranked_gaps,
    size_class,
)
from bot.domain.languages import language_name
from bot.domain.maps.europe import europe_map, outlines
from bot.domain.moments import as_utc
from bot.domain.places.countries import country_display_name
from bot.domain.places.gazetteer import load_places
from bot.domain.taxonomy import PATHWAYS, READINESS_OPTIONS, SUPPORT_OPTIONS
from bot.storage import insights as counted
from bot.storage.insights import Filters
from bot.storage.intake import set_excluded
from bot.storage.models import IntakeAnswer, IntakePathway, IntakeSupport
from bot.storage.session import session_scope

Cell = str | int | Share
NOT_ANSWERED = "not answered"
_SIZE_LABELS = {key: label for key, label, *_ in SIZE_CLASSES}
# The orientation's questions in their order (domain.yml's form), as the Helpdesk names them.
QUESTION_LABELS = {"city": "city", "country": "country", "readiness": "readiness",
                   "challenges": "challenges", "pathways_confirmed": "confirming the pathways",
                   "support_wanted": "support wanted", None: "none left (at the list)"}


def _question_order(question: str | None) -> int:
    order = list(QUESTION_LABELS)
    return order.index(question) if question in order else len(order)


_KIND_LABELS = {"service": "support service", "call": "funding call", "peer": "peer project"}
_OUTCOME_LABELS = {"sure": "read with confidence, not questioned",
                   "confirmed": "confirmed by the officer when asked",
                   "corrected": "corrected by the officer",
                   "unread": "no pathway read (skipped or unclear)"}


@dataclass(frozen=True)
class Table:
    key: str  # a short name, also the CSV file's
    title: str
    n: int  # the cities the shares are of
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Insights:
    filters: Filters
    cities: int
    tables: tuple[Table, ...]
    by_country: dict[str, int]  # engaged cities per ISO code, for the map

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def _shares(labels: dict[str, str], counts: dict, n: int, with_unanswered: bool = False
            ) -> tuple[tuple[Cell, ...], ...]:
    rows = [(label, Share(counts.get(key, 0), n)) for key, label in labels.items()]
    if with_unanswered:
        rows.append((NOT_ANSWERED, Share(counts.get(None, 0), n)))
    return tuple(rows)


@cache
def municipalities_by_cell() -> dict[tuple[str, str], int]:
    """Municipalities in the gazetteer per (country, size class): the cities there are to reach."""
    cells = Counter((place.country, size_class(place.population)) for place in load_places())
    return {cell: count for cell, count in cells.items() if cell[1]}


def needs_insights(filters: Filters, today: date, url: str | None = None) -> Insights:
    """Every figure of the needs assessment for the period and filters."""
    pathway_labels = {pathway.key: pathway.title for pathway in PATHWAYS}
    with session_scope(url) as session:
        with counted.chosen_answers(session, filters) as chosen:
            n = counted.cities(session, chosen)
            readiness = counted.by_answer_column(session, chosen, IntakeAnswer.readiness)
            primary = counted.by_pathway(session, chosen, primary_only=True)
            any_pathway = counted.by_pathway(session, chosen)
            named_pathway = counted.cities_with_any(session, chosen, IntakePathway)
            outcomes = counted.by_answer_column(session, chosen, IntakeAnswer.pathways_outcome)
            unsure = counted.low_confidence(session, chosen, SURE_AT)
            phrases = {key: frequent_phrases(counted.challenge_texts(session, chosen, key))
                       for key in pathway_labels}
            support = counted.by_support(session, chosen)
            named_support = counted.cities_with_any(session, chosen, IntakeSupport)
            readiness_pathway = counted.crossed(session, chosen, IntakeAnswer.readiness,
                                                 IntakePathway.pathway_key)
            pathway_support = counted.crossed(session, chosen, IntakePathway.pathway_key,
                                              IntakeSupport.support_key)
            countries = counted.by_answer_column(session, chosen, IntakeAnswer.country_code)
            sizes = counted.by_answer_column(session, chosen, counted.size_class_column())
            mission = counted.by_answer_column(session, chosen, IntakeAnswer.is_mission_city)
            languages = counted.by_answer_column(session, chosen, IntakeAnswer.language)
            engaged = counted.engaged_cells(session, chosen)
        pathway_supply = counted.supply_by_pathway(session, today)
        support_supply = counted.supply_by_support(session, today, tuple(SUPPORT_OPTIONS))
        completed = counted.completed_conversations(session, filters)
        started = counted.started_conversations(session, filters)
        left = counted.left_at(session, filters)
        shown = counted.shown_offers(session, filters)
        escalations = counted.escalation_times(session, filters)

    tables = [
        Table("readiness", "Readiness: is the city working towards climate neutrality?", n,
              ("answer", "cities"), _shares(READINESS_OPTIONS, readiness, n, True)),
        Table("pathways", "Challenges: cities naming each pathway", n,
              ("pathway", "as the main challenge", "among their challenges"),
              tuple((label, Share(primary.get(key, 0), n), Share(any_pathway.get(key, 0), n))
                    for key, label in pathway_labels.items()),
              f"{named_pathway} of {n} cities named at least one challenge"),
        Table("classification", "How sure the classifier was of the pathways", n,
              ("how the pathways were settled", "cities"),
              tuple((_OUTCOME_LABELS[key], Share(outcomes.get(key, 0), n))
                    for key in CLASSIFICATION_OUTCOMES)
              + (("main pathway below the confidence to go on unasked", Share(unsure, n)),)),
        Table("phrases", "Frequent challenge phrases per pathway (used by 3 cities or more)", n,
              ("pathway", "phrase", "cities"),
              tuple((pathway_labels[key], phrase, count)
                    for key, found in phrases.items() for phrase, count in found)),
        Table("support", "Support wanted: cities asking for each kind", n,
              ("support", "cities"), _shares(SUPPORT_OPTIONS, support, n),
              f"{named_support} of {n} cities answered"),
        Table("readiness_by_pathway", "What cities at each stage need (share of the stage)",
              n, ("readiness", *pathway_labels.values()),
              tuple((label, *(Share(readiness_pathway.get((key, pathway), 0),
                                    readiness.get(key, 0)) for pathway in pathway_labels))
                    for key, label in READINESS_OPTIONS.items())),
        Table("pathway_by_support", "Support wanted per pathway (share of the cities naming it)",
              n, ("pathway", *SUPPORT_OPTIONS.values()),
              tuple((label, *(Share(pathway_support.get((key, kind), 0), any_pathway.get(key, 0))
                              for kind in SUPPORT_OPTIONS))
                    for key, label in pathway_labels.items())),
        Table("countries", "Who was reached: cities per country", n, ("country", "cities"),
              tuple((country_display_name(code) if code else NOT_ANSWERED, Share(count, n))
                    for code, count in sorted(countries.items(),
                                              key=lambda item: (-item[1], item[0] or "~")))),
        Table("size", "Who was reached: cities by size", n, ("inhabitants", "cities"),
              _shares(_SIZE_LABELS, sizes, n) + (("unknown", Share(sizes.get(None, 0), n)),)),
        Table("mission", "Who was reached: Mission Cities and Mission-minded cities", n,
              ("kind", "cities"),
              (("Mission City", Share(mission.get(True, 0), n)),
               ("Mission-minded city", Share(mission.get(False, 0), n)),
               ("unknown", Share(mission.get(None, 0), n)))),
        Table("languages", "Conversations' languages", n, ("language", "cities"),
              tuple((language_name(code) if code else "unknown", Share(count, n))
                    for code, count in sorted(languages.items(),
                                              key=lambda item: (-item[1], item[0] or "~")))),
        Table("blind_spots", "Blind spots: many municipalities, few engaged cities", n,
              ("country", "size", "municipalities in the gazetteer", "engaged cities"),
              tuple((country_display_name(country), _SIZE_LABELS[size], total, reached)
                    for (country, size), total, reached in ranked_blind_spots(
                        municipalities_by_cell(), engaged)),
              "municipalities of 500 inhabitants or more (GeoNames)"),
        Table("support_gaps", "Support gaps: high demand, few current offers", n,
              ("need", "cities asking", "current services and open calls"),
              tuple((label, share, supply) for label, share, supply in ranked_gaps(
                  {**{pathway_labels[key]: Share(any_pathway.get(key, 0), n)
                      for key in pathway_labels},
                   **{SUPPORT_OPTIONS[key]: Share(support.get(key, 0), n)
                      for key in SUPPORT_OPTIONS}},
                  {**{pathway_labels[key]: pathway_supply.get(key, 0) for key in pathway_labels},
                   **{SUPPORT_OPTIONS[key]: support_supply.get(key, 0)
                      for key in SUPPORT_OPTIONS}}))),
        _service_table(n, started, completed, left, escalations),
        Table("recommended", "Recommendations shown most (conversations)", n,
              ("offer", "kind", "conversations"),
              tuple((name, _KIND_LABELS.get(kind, kind), count) for kind, name, count in shown),
              "conversations, not cities"),
    ]
    return Insights(filters, n, tuple(tables),
                    {code: count for code, count in countries.items() if code})


def map_of_reach(insights: Insights, protect: bool = False) -> Drawing:
    """The engaged cities per country on the map of Europe."""
    return europe_map(f"Cities reached per country (n = {insights.cities})", insights.by_country,
                      {code: country_display_name(code) for code in outlines()}, protect)


def _seconds(start, end) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds()


def _service_table(n: int, started: int, completed: int, left: dict, escalations: list[tuple]
                   ) -> Table:
    """The service itself: orientations begun and finished, where people left, escalations by
    reason and how fast the Helpdesk answered and resolved them."""
    reasons = Counter(reason for reason, *_ in escalations)
    rows: list[tuple[Cell, ...]] = [("orientations begun", started),
                                    ("orientations completed", completed)]
    rows += [(f"left at the question: {QUESTION_LABELS.get(question, question)}", count)
             for question, count in sorted(left.items(), key=lambda item: _question_order(
                 item[0])) if count]
    rows += [("escalations to the Helpdesk", len(escalations))]
    rows += [(f"escalated because the user {REASON_TEXT.get(reason, reason)}", count)
             for reason, count in sorted(reasons.items())]
    rows += [("time to the Helpdesk's first reply", minutes_text(
                 [_seconds(created, claimed) for _, created, claimed, _ in escalations
                  if claimed])),
             ("time to resolution", minutes_text(
                 [_seconds(created, resolved) for _, created, _, resolved in escalations
                  if resolved])),
             ("escalations still open", sum(resolved is None for *_, resolved in escalations))]
    return Table("service", "The service itself", n, ("figure", "value"), tuple(rows),
                 "conversations, not cities")


def period_text(filters: Filters) -> str:
    """The period and filters in words, for a report's heading."""
    start = filters.since.isoformat() if filters.since else "the first conversation"
    end = filters.until.isoformat() if filters.until else "today"
    chosen = [f"{name} {value}" for name, value in (
        ("country", filters.country), ("readiness", filters.readiness),
        ("language", filters.language)) if value]
    return f"{start} to {end}" + (f" ({', '.join(chosen)})" if chosen else "")


def cell_text(cell: Cell, protect: bool = True) -> str:
    """A cell as a report prints it: a share as "count of n (p%)"."""
    if isinstance(cell, Share):
        return f"{cell.count_text(protect)} of {cell.n} ({cell.percent_text(protect)})"
    return str(cell)


def as_markdown(insights: Insights, protect: bool = True) -> str:
    """The figures as a report section: each table with its title, n and note."""
    lines = [f"# Needs insights: {period_text(insights.filters)}", "",
             f"n = {insights.cities} cities (each once, with its latest answers; "
             "test conversations left out)"]
    if protect:
        lines.append("Cells of fewer than 3 cities are shown as \"< 3\".")
    for table in insights.tables:
        lines += ["", f"## {table.title}", ""]
        if table.note:
            lines += [table.note, ""]
        if not table.rows:
            lines.append("(none)")
            continue
        lines.append("| " + " | ".join(table.header) + " |")
        lines.append("|" + "---|" * len(table.header))
        lines += ["| " + " | ".join(cell_text(cell, protect).replace("|", "\\|") for cell in row)
                  + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def as_csv(insights: Insights, protect: bool = True) -> str:
    """Every table in one CSV: table, row label, column, cities, base, share."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value", "n", "share"])
    for table in insights.tables:
        for row in table.rows:
            label, *cells = row
            for column, cell in zip(table.header[1:], cells, strict=True):
                if isinstance(cell, Share):
                    share = cell.percent_text(protect) if cell.n else ""
                    writer.writerow([table.key, label, column, cell.count_text(protect),
                                     cell.n, share])
                else:
                    writer.writerow([table.key, label, column, cell, "", ""])
    return out.getvalue()


CONVERSATION_COLUMNS = ("date", "conversation", "city", "country", "language", "readiness",
                        "pathways", "pathways_outcome", "support_wanted", "escalated")


def conversations_csv(filters: Filters, url: str | None = None) -> str:
    """One row per conversation, for the Helpdesk's own analysis: pathways as
    `finance:0.91;governance:0.40`, support kinds separated by `;`."""
    with session_scope(url) as session:
        rows = counted.conversation_rows(session, filters)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CONVERSATION_COLUMNS)
        for row in rows:
            writer.writerow([
                row["date"], _cell(row["conversation"]), _cell(row["city"]), row["country"],
                row["language"], row["readiness"],
                ";".join(f"{key}:{confidence:.2f}" for key, confidence in row["pathways"]),
                row["pathways_outcome"], ";".join(row["support_wanted"]),
                "yes" if row["escalated"] else "no"])
    return out.getvalue()


def _cell(text: str) -> str:
    """A city name as typed, made safe for spreadsheets (no formula can start a cell)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def exclude_conversation(conversation_id: str, excluded: bool = True,
                         url: str | None = None) -> bool:
    """Leave a test conversation or a Helpdesk trial out of the figures (or count it again);
    False when nothing is stored for it."""
    with session_scope(url) as session:
        return set_excluded(session, conversation_id, excluded)
