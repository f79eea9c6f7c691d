"""What every part of the console shares: settings, the cookie secret, the Rasa client, and the
one way to run the (synchronous) services without blocking the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from aiohttp import web

from bot.apps.console.auth import SESSION_COOKIE, requester
from bot.config.settings import Settings, helpdesk_session_secret, rasa_auth_token
from bot.integrations.rasa_http import RasaApi

Result = TypeVar("Result")


@dataclass(frozen=True)
class Console:
    settings: Settings
    secret: str
    rasa: RasaApi
    sign_in_delay: float = 0.5  # seconds before the first failed sign-in's answer; it doubles

    @classmethod
    def from_settings(cls, settings: Settings) -> Console:
        return cls(settings, helpdesk_session_secret(settings),
                   RasaApi(settings.rasa_url, rasa_auth_token(settings)))

    def user_of(self, request: web.Request) -> str | None:
        return requester(self.secret, self.settings.helpdesk_api_token,
                         request.headers.get("Authorization"),
                         request.cookies.get(SESSION_COOKIE))


CONSOLE = web.AppKey("console", Console)


def console_of(request: web.Request) -> Console:
    return request.app[CONSOLE]


async def off_loop(service: Callable[..., Result], *args: Any) -> Result:
    """Run a service (database work in its own transaction) in a worker thread."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(service, *args))
