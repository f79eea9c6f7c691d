"""Database work off the action server's event loop."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.storage.session import session_scope

T = TypeVar("T")


async def in_session(work: Callable[[Session], T]) -> T:
    """Run `work(session)` in a worker thread inside a committed session."""

    def run() -> T:
        with session_scope() as session:
            return work(session)

    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(run))
