"""Drive many simulated conversations at once over Rasa's REST channel and measure each turn."""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field

import aiohttp

from evaluation.bench.cities import Turn

TURN_TIMEOUT_S = 120


@dataclass
class TurnResult:
    sender: str
    index: int
    server: str
    latency_s: float
    error: str | None = None


@dataclass
class LoadResult:
    turns: list[TurnResult] = field(default_factory=list)
    wall_s: float = 0.0

    @property
    def errors(self) -> list[TurnResult]:
        return [turn for turn in self.turns if turn.error]

    def latencies_ms(self) -> list[float]:
        return sorted(turn.latency_s * 1000 for turn in self.turns if not turn.error)

    @property
    def throughput(self) -> float:
        """Turns answered per second over the whole run."""
        return len(self.turns) / self.wall_s if self.wall_s else 0.0


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values (nan when there are none)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(share * len(sorted_values))))
    return sorted_values[rank - 1]


async def _turn(http: aiohttp.ClientSession, server: str, sender: str, index: int,
                turn: Turn) -> TurnResult:
    started = time.perf_counter()
    try:
        async with http.post(f"{server}/webhooks/rest/webhook",
                             json={"sender": sender, "message": turn.message}) as response:
            if response.status != 200:
                error = f"HTTP {response.status}"
            else:
                text = "\n".join(reply.get("text", "") for reply in await response.json())
                missing = [phrase for phrase in turn.expect if phrase not in text]
                error = (f"expected {missing[0]!r}, got {text[:200]!r}" if missing
                         else None if text else "no reply")
    except (aiohttp.ClientError, asyncio.TimeoutError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    return TurnResult(sender, index, server, time.perf_counter() - started, error)


async def _conversation(http: aiohttp.ClientSession, servers: list[str], sender: str,
                        turns: list[Turn], offset: int, result: LoadResult) -> None:
    """One conversation, its turns in order; turn i goes to servers[(offset + i) % n]."""
    for index, turn in enumerate(turns):
        server = servers[(offset + index) % len(servers)]
        outcome = await _turn(http, server, sender, index, turn)
        result.turns.append(outcome)
        if outcome.error:
            return  # the rest of this conversation would only repeat the failure


async def run_load(servers: list[str], conversations: dict[str, list[Turn]],
                   concurrency: int) -> LoadResult:
    """Run every conversation, at most `concurrency` at a time, spread over `servers`."""
    result = LoadResult()
    gate = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency * 2)

    async def gated(number: int, sender: str, turns: list[Turn]) -> None:
        async with gate:
            await _conversation(http, servers, sender, turns, number, result)

    started = time.perf_counter()
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        await asyncio.gather(*(gated(number, sender, turns) for number, (sender, turns)
                               in enumerate(conversations.items())))
    result.wall_s = time.perf_counter() - started
    return result
