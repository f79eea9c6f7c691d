"""Service calls in actions run off the action server's event loop."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from actions.offload import off_loop
from bot.storage.session import session_scope
from tests.conftest import run_coroutine


def slow_service(url: str) -> int:
    """A service whose transaction takes half a second, as a slow query would."""
    with session_scope(url) as session:
        session.execute(text("SELECT pg_sleep(0.5)"))
        return 7


def test_a_slow_service_leaves_the_event_loop_free(postgres_url):
    async def scenario() -> tuple[int, float, int]:
        ticks = 0
        stop = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        running = asyncio.create_task(ticker())
        started = time.perf_counter()
        result = await off_loop(slow_service, postgres_url)
        elapsed = time.perf_counter() - started
        stop.set()
        await running
        return ticks, elapsed, result

    ticks, elapsed, result = run_coroutine(scenario())
    assert result == 7
    assert elapsed >= 0.5
    # A blocked loop would tick once or twice; a free one about every 10 ms (fewer on a busy
    # machine, and still far more than twice).
    assert ticks >= 6, f"the event loop ticked only {ticks} times during a 0.5 s query"
