"""Refusals as HTTP answers, in one place for pages and API: no such escalation 404, already
resolved 409, unusable input 400, Rasa unreachable 502."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from bot.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from bot.integrations.rasa_http import RasaUnavailable

STATUSES = ((NotFound, 404), (Conflict, 409), (InvalidInput, 400), (RasaUnavailable, 502))


def http_status(error: Exception) -> int:
    return next((status for kind, status in STATUSES if isinstance(error, kind)), 400)


@web.middleware
async def errors_as_http(request: web.Request, handler) -> web.StreamResponse:
    """The API answers `{"error": ...}`; a form post goes back to its escalation's page with the
    reason as a notice; any other page shows the reason with the status."""
    try:
        return await handler(request)
    except (DomainError, RasaUnavailable) as error:
        status = http_status(error)
        if request.path.startswith("/api/"):
            return web.json_response({"error": str(error)}, status=status)
        escalation_id = request.match_info.get("id")
        if request.method == "POST" and escalation_id:
            raise web.HTTPSeeOther(
                f"/escalations/{escalation_id}?notice={quote(str(error))}") from error
        return web.Response(text=str(error), status=status)
