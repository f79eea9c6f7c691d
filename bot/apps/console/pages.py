"""The console's HTML pages (the queue, one escalation) and their form posts."""

from __future__ import annotations

from datetime import datetime, timezone

from aiohttp import web

from bot.apps.console.auth import SESSION_COOKIE, check_csrf
from bot.apps.console.context import console_of, off_loop
from bot.apps.console.conversation import details, move
from bot.apps.console.views import render
from bot.domain.moments import as_utc
from bot.services import helpdesk


def waiting_time(created_at: str, now: datetime | None = None) -> str:
    created = as_utc(datetime.fromisoformat(created_at))
    minutes = int(((now or datetime.now(timezone.utc)) - created).total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60} min"


async def queue(request: web.Request) -> web.Response:
    waiting = await off_loop(helpdesk.queue)
    return render("queue.html", request,
                  escalations=[(e, waiting_time(e["created_at"])) for e in waiting.escalations],
                  failing=waiting.failing,
                  webhook=bool(console_of(request).settings.helpdesk_webhook_url))


async def escalation_page(request: web.Request) -> web.Response:
    escalation, lines, problem = await details(console_of(request), int(request.match_info["id"]))
    return render("escalation.html", request, escalation=escalation, lines=lines,
                  problem=problem, notice=request.query.get("notice"))


async def form_post(request: web.Request) -> web.Response:
    """Claim, reply or resolve from the escalation page (a refusal comes back as a notice)."""
    console = console_of(request)
    form = await request.post()
    if not check_csrf(console.secret, request.cookies.get(SESSION_COOKIE), form.get("csrf")):
        raise web.HTTPForbidden(text="The form expired; reload the page.")
    escalation_id = int(request.match_info["id"])
    action = request.match_info["action"]
    await move(console, escalation_id, action, console.user_of(request) or "?",
               str(form.get("text", "")))
    raise web.HTTPSeeOther("/" if action == "resolve" else f"/escalations/{escalation_id}")
