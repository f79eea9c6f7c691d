"""Database work in actions runs off the action server's event loop."""

from __future__ import annotations

import ast
import asyncio
import time
from pathlib import Path

from sqlalchemy import text

from actions.db import in_session
from tests.conftest import run_coroutine

ACTIONS = Path(__file__).resolve().parents[2] / "actions"


def test_a_slow_query_leaves_the_event_loop_free(postgres_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", postgres_url)

    async def scenario() -> tuple[int, float]:
        ticks = 0
        stop = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        running = asyncio.create_task(ticker())
        started = time.perf_counter()
        await in_session(lambda session: session.execute(text("SELECT pg_sleep(0.5)")))
        elapsed = time.perf_counter() - started
        stop.set()
        await running
        return ticks, elapsed

    ticks, elapsed = run_coroutine(scenario())
    assert elapsed >= 0.5
    # A blocked loop would tick once or twice; a free one about every 10 ms.
    assert ticks >= 20, f"the event loop ticked only {ticks} times during a 0.5 s query"


def test_only_actions_db_opens_database_sessions():
    """Every action reaches the database through `in_session`, never on the loop itself."""
    offenders = []
    for path in ACTIONS.glob("*.py"):
        if path.name == "db.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and (
                    node.module.startswith("sqlalchemy") or node.module == "bot.storage.session"):
                offenders.append(f"{path.name}: from {node.module} import ...")
            if isinstance(node, ast.Import) and any(
                    alias.name.startswith("sqlalchemy") for alias in node.names):
                offenders.append(f"{path.name}: import sqlalchemy")
    assert offenders == []
