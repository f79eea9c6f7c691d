"""The needs figures of `broker insights` against counts made by hand from real conversations."""

from __future__ import annotations

import csv
import io
import re

import pytest
import requests
from markupsafe import escape
from sqlalchemy import select

from bot.domain.insights import city_key
from bot.domain.taxonomy import PATHWAYS, READINESS_OPTIONS, SUPPORT_OPTIONS
from bot.storage.models import IntakeAnswer
from bot.storage.session import session_scope
from tests.integration.conftest import STAFF, say, texts
from tests.integration.test_cli import broker

pytestmark = pytest.mark.integration

# (sender, city, readiness button, challenge, support button)
VISITS = [
    ("insights-braga", "Braga", "exploring", "we have no emissions inventory and no data",
     "technical_assistance"),
    ("insights-konya", "Konya, Türkiye", "target_in_place",
     "the upfront costs of retrofitting are too high and we cannot find co-financing",
     "funding"),
    ("insights-braga-again", "Braga", "planning_target",
     "we cannot find co-financing for the retrofits", "funding"),
]


def _visit(servers, sender: str, city: str, readiness: str, challenge: str, support: str):
    say(servers, sender, "hello")
    say(servers, sender, city)
    say(servers, sender, f'/inform_readiness{{"readiness": "{readiness}"}}')
    shown = texts(say(servers, sender, challenge))
    if "How could NetZeroCities assist you" not in shown:
        say(servers, sender, "/affirm")
    shown = texts(say(servers, sender, f'/inform_support{{"support": "{support}"}}'))
    assert "support that fits" in shown or "Here is" in shown, shown


def _page_cells(page: str, table: str, label: str) -> list[tuple[int, int]]:
    """The (count, n) cells of the row `label` in the page's table `table`."""
    section = re.search(rf'<section class="card" id="{table}">(.*?)</section>', page, re.S)
    assert section, f"the page has no table {table}"
    row = re.search(rf"<tr>\s*<td>{re.escape(escape(label))}</td>(.*?)</tr>", section.group(1),
                    re.S)
    assert row, f"{table} has no row {label}"
    return [(int(count), int(n)) for count, n in re.findall(r"(\d+) of (\d+) \(", row.group(1))]


def _signed_in_page(servers) -> str:
    console = requests.Session()
    base = f"http://127.0.0.1:{servers.helpdesk_port}"
    form = console.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    signed = console.post(f"{base}/login", timeout=30,
                          data={"username": STAFF[0], "password": STAFF[1], "csrf": token})
    assert signed.url.endswith("/"), "signed in"
    page = console.get(f"{base}/insights", timeout=60)
    assert page.status_code == 200
    return page.text


def test_the_figures_equal_the_counts_of_the_stored_answers(servers, sqlite_url):
    for visit in VISITS:
        _visit(servers, *visit)
    with session_scope(sqlite_url) as session:
        rows = session.execute(select(IntakeAnswer).where(IntakeAnswer.excluded.is_(False))
                               .order_by(IntakeAnswer.updated_at, IntakeAnswer.id)).scalars()
        latest = {}
        for row in rows:  # by hand: each city once, its latest answers last
            latest[city_key(row.geonameid, row.city, row.country_code)
                   or f"c:{row.conversation_id}"] = (
                row.readiness, {item["pathway"] for item in row.pathways},
                set(row.support_wanted))
    braga = [answers for key, answers in latest.items() if answers[0] == "planning_target"]
    assert braga, "Braga's second conversation is its latest answer"

    done = broker("insights", "--format", "csv", "--exact", DATABASE_URL=sqlite_url)
    assert done.returncode == 0, done.stderr
    figures = {(row["table"], row["row"], row["column"]): row
               for row in csv.DictReader(io.StringIO(done.stdout))}
    n = len(latest)
    for key, label in READINESS_OPTIONS.items():
        cell = figures[("readiness", label, "cities")]
        assert (int(cell["value"]), int(cell["n"])) == (
            sum(answers[0] == key for answers in latest.values()), n), label
    for pathway in PATHWAYS:
        cell = figures[("pathways", pathway.title, "among their challenges")]
        assert int(cell["value"]) == sum(pathway.key in answers[1]
                                         for answers in latest.values()), pathway.key
    for key, label in SUPPORT_OPTIONS.items():
        cell = figures[("support", label, "cities")]
        assert int(cell["value"]) == sum(key in answers[2] for answers in latest.values()), key

    page = _signed_in_page(servers)  # the console's page shows the same figures, uncut
    for key, label in READINESS_OPTIONS.items():
        assert _page_cells(page, "readiness", label) == [
            (sum(answers[0] == key for answers in latest.values()), n)], label
    for pathway in PATHWAYS:
        among = sum(pathway.key in answers[1] for answers in latest.values())
        assert _page_cells(page, "pathways", pathway.title)[1] == (among, n), pathway.key
    for key, label in SUPPORT_OPTIONS.items():
        assert _page_cells(page, "support", label) == [
            (sum(key in answers[2] for answers in latest.values()), n)], key

    left_out = broker("intake", "exclude", "insights-konya", DATABASE_URL=sqlite_url)
    assert left_out.returncode == 0, left_out.stderr
    after = broker("insights", "--format", "md", "--exact", DATABASE_URL=sqlite_url)
    assert f"n = {n - 1} cities" in after.stdout
    assert broker("intake", "exclude", "insights-konya", "--include",
                  DATABASE_URL=sqlite_url).returncode == 0
    assert broker("intake", "exclude", "no-such-conversation",
                  DATABASE_URL=sqlite_url).returncode == 1
