"""Service calls off the action server's event loop: services are synchronous (a database
transaction each), and a blocked loop would stall every other conversation."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


async def off_loop(service: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `service(*args, **kwargs)` in a worker thread and wait for it."""
    return await asyncio.get_running_loop().run_in_executor(
        None, functools.partial(service, *args, **kwargs))
