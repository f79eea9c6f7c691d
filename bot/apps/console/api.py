"""The console's JSON API: the same moves as the pages, for tools (sign-in cookie or bearer
token); refusals become `{"error": ...}` in errors.py."""

from __future__ import annotations

from aiohttp import web

from bot.apps.console.auth import API_USER
from bot.apps.console.context import console_of, off_loop
from bot.apps.console.conversation import details, move
from bot.domain.errors import InvalidInput
from bot.services import helpdesk


async def list_escalations(request: web.Request) -> web.Response:
    statuses = tuple(request.query.get("status", "open,claimed").split(","))
    return web.json_response({"escalations": await off_loop(helpdesk.list_escalations,
                                                            statuses)})


async def get_escalation(request: web.Request) -> web.Response:
    escalation, lines, problem = await details(console_of(request), int(request.match_info["id"]))
    return web.json_response({**escalation, "transcript": lines, "transcript_error": problem})


async def post_move(request: web.Request) -> web.Response:
    console = console_of(request)
    text = ""
    if request.match_info["action"] == "reply":
        try:
            body = await request.json()
        except ValueError as error:
            raise InvalidInput("send JSON: {\"text\": ...}") from error
        text = str((body if isinstance(body, dict) else {}).get("text", ""))
    return web.json_response(await move(
        console, int(request.match_info["id"]), request.match_info["action"],
        console.user_of(request) or API_USER, text))
