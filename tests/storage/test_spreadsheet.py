import csv
import io

import pytest
from sqlalchemy import select

from bot.storage.catalogue.spreadsheet import SpreadsheetError, export_services, import_services
from bot.storage.models import Service
from bot.storage.session import session_scope


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _write(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_export_then_import_changes_nothing(database_url):
    with session_scope(database_url) as session:
        exported = export_services(session)
        report = import_services(session, exported)
    with session_scope(database_url) as session:
        assert export_services(session) == exported
    assert report.counts["changed"] == 0 and report.counts["added"] == 0
    assert report.counts["unchanged"] == len(_rows(exported))


def test_an_edited_row_is_applied(database_url):
    with session_scope(database_url) as session:
        rows = _rows(export_services(session))
    rows[0]["summary"] = "Edited by the Helpdesk"
    rows[0]["languages"] = "en; fr"
    with session_scope(database_url) as session:
        report = import_services(session, "\ufeff" + _write(rows))
    assert report.counts["changed"] == 1
    with session_scope(database_url) as session:
        service = session.execute(select(Service).where(Service.key == rows[0]["key"])).scalar_one()
        assert service.summary == "Edited by the Helpdesk" and service.languages == ["en", "fr"]


def test_bad_rows_are_reported_by_line_and_nothing_is_applied(database_url):
    with session_scope(database_url) as session:
        rows = _rows(export_services(session))
    original_name = rows[0]["name"]
    rows[0]["name"] = "Renamed, but the file is bad elsewhere"
    rows[1]["pathways"] = "weather"
    rows[2]["min_population"] = "many"
    rows[3]["source_url"] = ""
    rows[4]["key"] = rows[5]["key"]
    with pytest.raises(SpreadsheetError) as error, session_scope(database_url) as session:
        import_services(session, _write(rows))
    problems = "\n".join(error.value.problems)
    assert "line 3: unknown pathways 'weather'" in problems
    assert "line 4: min_population must be a whole number" in problems
    assert "line 5: missing source_url" in problems
    assert "line 7: key" in problems and "already used on line 6" in problems
    with session_scope(database_url) as session:
        assert session.execute(select(Service.name).where(
            Service.key == rows[0]["key"])).scalar_one() == original_name
