"""The console's Insights page and its downloads, signed in and signed out."""

from __future__ import annotations

import csv
import io

from bot.domain.intake import Intake
from bot.storage.intake import save_intake
from bot.storage.session import session_scope
from tests.apps.console.conftest import with_console
from tests.apps.console.test_pages import signed_in

FINANCE = [{"pathway": "finance", "confidence": 0.9}]


def answers(url: str) -> None:
    cities = [("Porto", "PT", 2735943, "pt"), ("Braga", "PT", 2742032, "pt"),
              ("Konya", "TR", 306571, "tr"), ("=HYPERLINK(\"http://x\")", "TR", None, "tr")]
    for number, (city, country, geonameid, language) in enumerate(cities):
        with session_scope(url) as session:
            save_intake(session, Intake(f"console-insights-{number}", city, country, geonameid,
                                        False, "exploring", "no money", FINANCE, ["funding"],
                                        [], language, 100_000, "sure"))


def test_signed_in_staff_see_the_figures_with_charts(settings, rasa, database):
    answers(database)

    async def scenario(client):
        await signed_in(client)
        page = await (await client.get("/insights")).text()
        turkish = await (await client.get("/insights?country=tr")).text()
        return page, turkish

    page, turkish = with_console(settings, rasa, scenario)
    assert "n = 4 cities" in page and "n = 2 cities" in turkish
    assert page.count("<svg") == 9, \
        "readiness, support, size, mission, languages, countries, two heat tables and the map"
    assert '<title>Türkiye: 2 cities</title>' in page and '<title>Portugal: 2 cities</title>' \
        in page
    assert "4 of 4 (100%)" in page, "the page shows exact counts to signed-in staff"
    assert "× Finance and business models: 4 of 4</title>" in page, \
        "the cross tables are drawn as heat tables"
    assert "HYPERLINK" not in page, "no city name is shown in the aggregate figures"


def test_downloads_protect_small_cells_and_spreadsheets(settings, rasa, database):
    answers(database)

    async def scenario(client):
        await signed_in(client)
        tables = await client.get("/insights.csv")
        conversations = await client.get("/insights/conversations.csv")
        chart = await client.get("/insights/countries.svg")
        png = await client.get("/insights/support.png")
        assert png.content_type == "image/png"
        assert (await png.read()).startswith(b"\x89PNG\r\n\x1a\n")
        reach = await client.get("/insights/map.svg")
        assert reach.status == 200 and "Cities reached per country (n = 4)" in await reach.text()
        assert "Portugal: fewer than 3 cities" in await reach.text()
        for key in ("map", "readiness_by_pathway"):
            image = await client.get(f"/insights/{key}.png")
            assert image.headers["Content-Disposition"] == f'attachment; filename="{key}.png"'
            assert (await image.read()).startswith(b"\x89PNG\r\n\x1a\n"), key
        heat = await (await client.get("/insights/pathway_by_support.svg")).text()
        assert "Finance and business models × Access to funding: 4 of 4" in heat, \
            "four cities in a cell are shown"
        missing = await client.get("/insights/nothing.svg")
        snapshot = await (await client.get("/insights/snapshot?country=PT")).text()
        return (tables.headers["Content-Disposition"], await tables.text(),
                await conversations.text(), chart.content_type, await chart.text(),
                missing.status, snapshot)

    disposition, tables, conversations, chart_type, chart, missing, snapshot = with_console(
        settings, rasa, scenario)
    assert disposition == 'attachment; filename="needs-insights.csv"'
    assert "countries,Portugal,cities,< 3,4,< 75%" in tables.splitlines()
    rows = list(csv.DictReader(io.StringIO(conversations)))
    assert len(rows) == 4 and rows[3]["city"].startswith("'="), "no formula starts a cell"
    assert chart_type == "image/svg+xml" and "&lt; 3 of 4" in chart
    assert missing == 404
    assert "the first conversation to today (country PT) · n = 2 cities" in snapshot
    assert "<td>Portugal</td><td>&lt; 3 of 2 (–)</td>" in snapshot, \
        "with fewer than 3 cities in all, no bound on the share is printed"


def test_signed_out_gets_the_sign_in_page_and_bad_filters_a_clear_refusal(settings, rasa,
                                                                           database):
    async def scenario(client):
        signed_out = await client.get("/insights", allow_redirects=False)
        download = await client.get("/insights.csv", allow_redirects=False)
        await signed_in(client)
        bad_day = await client.get("/insights?since=yesterday")
        bad_language = await client.get("/insights?language=xx")
        return (signed_out.status, signed_out.headers.get("Location"), download.status,
                bad_day.status, await bad_day.text(), bad_language.status)

    status, location, download, bad_day, text, bad_language = with_console(
        settings, rasa, scenario)
    assert (status, location, download) == (303, "/login", 303)
    assert bad_day == 400 and "is not a day (YYYY-MM-DD)" in text
    assert bad_language == 400


def test_staff_leave_a_trial_out_of_the_figures_from_the_page(settings, rasa, database):
    answers(database)

    async def scenario(client):
        csrf = await signed_in(client)
        forged = await client.post("/insights/exclude", data={
            "conversation_id": "console-insights-0", "csrf": "forged"}, allow_redirects=False)
        left_out = await client.post("/insights/exclude", data={
            "conversation_id": "console-insights-0", "csrf": csrf}, allow_redirects=False)
        page = await (await client.get(left_out.headers["Location"])).text()
        unknown = await client.post("/insights/exclude", data={
            "conversation_id": "<b>nobody</b>", "csrf": csrf})
        back = await client.post("/insights/exclude", data={
            "conversation_id": "console-insights-0", "include": "1", "csrf": csrf})
        return forged.status, page, await unknown.text(), await back.text()

    forged, page, unknown, back = with_console(settings, rasa, scenario)
    assert forged == 403
    assert "n = 3 cities" in page and "left out of the figures" in page
    assert "nothing is stored for conversation" in unknown and "<b>nobody" not in unknown
    assert "n = 4 cities" in back and "counted again" in back
