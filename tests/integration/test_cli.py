"""The `broker` command line as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BROKER = str(Path(sys.executable).with_name("broker"))


def broker(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([BROKER, *args], input=stdin, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **env}, check=False)


@pytest.mark.integration
def test_classify_one_text_and_lines_from_stdin():
    single = broker("classify", "our biggest problem is the lack of money for retrofits")
    assert single.returncode == 0, single.stderr
    result = json.loads(single.stdout)
    assert result["pathways"][0]["pathway"] == "finance"
    assert len(result["pathways"]) == 6 and "finance" in result["selected"]

    lines = broker("classify", stdin="no political will\n\nwe have no emissions inventory\n")
    rows = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [row["text"] for row in rows] == ["no political will", "we have no emissions inventory"]
    assert rows[0]["selected"][0] == "governance" and rows[1]["selected"][0] == "monitoring"


def test_classify_finds_each_cause_of_a_multi_cause_answer():
    both = json.loads(broker("classify", "upfront costs and a bureaucratic process").stdout)
    assert set(both["selected"]) == {"finance", "governance"}
    three = json.loads(broker(
        "classify", "no money for retrofits, no staff who knows how, and no political will").stdout)
    assert set(three["selected"]) == {"finance", "foundations", "governance"}


def test_seed_switches_to_postgresql_by_environment(postgres_url):
    done = broker("db", "seed", DATABASE_URL=postgres_url)
    assert done.returncode == 0, done.stderr
    assert "19 cluster_projects" in done.stdout and "112 mission_cities" in done.stdout


def test_seed_reports_a_broken_catalogue_and_fails(tmp_path):
    (tmp_path / "providers.yaml").write_text("- key: x\n  name: X\n  url: http://x\n")
    for name in ("services", "funding_calls", "cluster_projects"):
        (tmp_path / f"{name}.yaml").write_text("[]\n")
    (tmp_path / "mission_cities.yaml").write_text("{}\n")
    (tmp_path / "countries.yaml").write_text("{}\n")
    done = broker("db", "seed", "--data", str(tmp_path),
                  DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert done.returncode == 1
    assert "url must be an https URL" in done.stderr and "missing source_url" in done.stderr


def test_catalogue_check_export_and_import_commands(sqlite_url, tmp_path):
    check = broker("catalogue", "check", DATABASE_URL=sqlite_url, BROKER_TODAY="2026-11-24")
    assert check.returncode == 0, check.stdout
    assert "0 error(s)" in check.stdout
    sheet = tmp_path / "services.csv"
    exported = broker("catalogue", "export", str(sheet), DATABASE_URL=sqlite_url)
    assert exported.returncode == 0 and sheet.exists()
    again = broker("catalogue", "import", str(sheet), DATABASE_URL=sqlite_url)
    assert again.returncode == 0 and "0 added, 0 changed" in again.stdout
    sheet.write_text(sheet.read_text().replace(",https://", ",http://", 1))
    bad = broker("catalogue", "import", str(sheet), DATABASE_URL=sqlite_url)
    assert bad.returncode == 1
    assert "Nothing imported" in bad.stderr and "line 2: url must be an https URL" in bad.stderr


@pytest.mark.integration
def test_calls_sync_against_the_replay_server(fresh_catalogue_url, tmp_path):
    from sqlalchemy import select

    from bot.storage.models import FundingCall
    from bot.storage.session import session_scope
    from tests.funding_replay import ReplayServer

    sources = tmp_path / "sources.yaml"  # follow every recorded Horizon topic
    sources.write_text("sources:\n  - {name: Horizon Europe, programme: Horizon Europe, "
                       "framework_programme: '43108390', identifier_pattern: '.'}\n")
    env = {"DATABASE_URL": fresh_catalogue_url, "BROKER_TODAY": "2026-11-24",
           "BROKER_FUNDING_SOURCES": str(sources)}
    with ReplayServer() as server:
        first = broker("calls", "sync", BROKER_FUNDING_API_URL=server.url, **env)
        second = broker("calls", "sync", BROKER_FUNDING_API_URL=server.url, **env)
    assert first.returncode == 0, first.stderr
    assert "changed: HORIZON-MISS-2027-04-CIT-01" in first.stdout
    assert "ignored 1 duplicate and 1 empty rows" in first.stdout
    assert "added:   HORIZON-MISS-2027-05-SOIL-01-two-stage" in first.stdout
    assert "added 0, changed 0, closed 0" in second.stdout
    with session_scope(fresh_catalogue_url) as session:
        soil = session.execute(select(FundingCall).where(
            FundingCall.identifier == "HORIZON-MISS-2027-05-SOIL-01-two-stage")).scalar_one()
        assert soil.pathways, "tagged by the trained classifier"

    with session_scope(fresh_catalogue_url) as session:
        before = {c.identifier: (c.status, c.title) for c in session.execute(
            select(FundingCall)).scalars()}
    with ReplayServer() as server:
        server.always_fail = True
        failed = broker("calls", "sync", BROKER_FUNDING_API_URL=server.url, **env)
    assert failed.returncode == 1
    assert "HTTP 500" in failed.stderr and "existing calls are unchanged" in failed.stderr
    with session_scope(fresh_catalogue_url) as session:
        after = {c.identifier: (c.status, c.title) for c in session.execute(
            select(FundingCall)).scalars()}
    assert after == before


def test_run_refuses_the_production_profile_without_its_demands(tmp_path):
    started = broker("run", BROKER_PROFILE="production", BROKER_VAR_DIR=str(tmp_path),
                     DATABASE_URL=f"sqlite:///{tmp_path / 'broker.db'}", LOCK_STORE_URL="",
                     RASA_AUTH_TOKEN="", ACTION_SERVER_TOKEN="", HELPDESK_SESSION_SECRET="",
                     TRACKER_STORE_URL="")
    assert started.returncode == 2
    for variable in ("DATABASE_URL", "TRACKER_STORE_URL", "LOCK_STORE_URL", "RASA_AUTH_TOKEN",
                     "ACTION_SERVER_TOKEN", "HELPDESK_SESSION_SECRET"):
        assert variable in started.stderr
    assert not list(tmp_path.glob("*token*")), "no secret is generated in production"


def test_unknown_profile_is_refused(tmp_path):
    started = broker("run", BROKER_PROFILE="staging", BROKER_VAR_DIR=str(tmp_path))
    assert started.returncode != 0 and "BROKER_PROFILE" in started.stderr
