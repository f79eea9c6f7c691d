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
