"""The services of the catalogue as a CSV spreadsheet, for Helpdesk staff to edit and load back.

Lists are written as values separated by "; ". An import checks every row first and applies
nothing if any row is wrong; a spreadsheet exported and imported unchanged changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.catalogue.loader import service_problems
from bot.storage.catalogue.seed import service_values, upsert
from bot.storage.models import Provider, Service

COLUMNS = ("key", "name", "provider", "kind", "summary", "pathways", "support", "audience",
           "countries", "min_population", "max_population", "opens_on", "closes_on", "format",
           "group_format", "languages", "url", "source_url", "last_checked")
LIST_COLUMNS = ("pathways", "support", "countries", "languages")
INT_COLUMNS = ("min_population", "max_population")
DATE_COLUMNS = ("opens_on", "closes_on", "last_checked")
SEPARATOR = "; "


class SpreadsheetError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(f"{self.counts[name]} {name}"
                         for name in ("added", "changed", "unchanged"))


def _cell(service: Service, column: str) -> str:
    if column == "provider":
        return service.provider.key
    if column == "pathways":
        return SEPARATOR.join(sorted(pathway.key for pathway in service.pathways))
    value = getattr(service, column)
    if value is None:
        return ""
    if column in LIST_COLUMNS:
        return SEPARATOR.join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_services(session: Session) -> str:
    """Every service as CSV text, one row per service, ordered by key."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for service in session.execute(select(Service).order_by(Service.key)).scalars():
        writer.writerow([_cell(service, column) for column in COLUMNS])
    return out.getvalue()


def _parse_row(row: dict[str, str], line: int, problems: list[str]) -> dict:
    entry: dict = {}
    for column in COLUMNS:
        raw = (row.get(column) or "").strip()
        if column in LIST_COLUMNS:
            entry[column] = [part.strip() for part in raw.split(";") if part.strip()]
        elif not raw:
            entry[column] = None
        elif column in INT_COLUMNS:
            try:
                entry[column] = int(raw.replace(",", "").replace(" ", ""))
            except ValueError:
                problems.append(f"line {line}: {column} must be a whole number, got {raw!r}")
        elif column in DATE_COLUMNS:
            try:
                entry[column] = date.fromisoformat(raw)
            except ValueError:
                problems.append(f"line {line}: {column} must be a YYYY-MM-DD date, got {raw!r}")
        else:
            entry[column] = raw
    return entry


def read_rows(text: str, provider_keys: set[str]) -> list[dict]:
    """Parse and validate every row; raise SpreadsheetError listing each bad row by line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # spreadsheets add a BOM
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise SpreadsheetError([f"line 1: missing column(s): {', '.join(missing)}"])
    problems: list[str] = []
    entries: list[dict] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        entry = _parse_row(row, line, problems)
        problems += service_problems(entry, provider_keys, f"line {line}")
        key = entry.get("key")
        if key in seen:
            problems.append(f"line {line}: key {key!r} already used on line {seen[key]}")
        seen[key] = line
        entries.append(entry)
    if problems:
        raise SpreadsheetError(problems)
    return entries


def import_services(session: Session, text: str) -> ImportReport:
    """Apply a spreadsheet in the caller's transaction: all rows or, on any problem, none."""
    providers = {p.key: p for p in session.execute(select(Provider)).scalars()}
    report = ImportReport()
    for entry in read_rows(text, set(providers)):
        _, status = upsert(session, Service, "key", entry["key"],
                           service_values(session, entry, providers), keep_newer=False)
        report.counts[status] += 1
    session.flush()
    return report


def write_export(session: Session, path: Path) -> int:
    text = export_services(session)
    path.write_text(text, encoding="utf-8")
    return text.count("\n") - 1
