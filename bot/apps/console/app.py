"""The Helpdesk console's aiohttp application: routes, middlewares and the outbox worker.

Sign-in is signin.py, HTML pages pages.py, the JSON API api.py, the moves in a conversation
conversation.py, refusals as HTTP answers errors.py, notification delivery worker.py.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from aiohttp import web

from bot.apps.console import api, insights, pages, signin
from bot.apps.console.context import CONSOLE, Console
from bot.apps.console.errors import errors_as_http
from bot.apps.console.headers import security_headers
from bot.apps.console.worker import notification_worker
from bot.config.settings import Settings

MOVE = r"{id:\d+}/{action:claim|reply|resolve}"
STATIC = Path(__file__).resolve().parent / "static"


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[security_headers, errors_as_http,
                                       signin.require_sign_in])
    app[CONSOLE] = Console.from_settings(settings)
    app.add_routes([
        web.get("/health", health),
        web.static("/static", STATIC),
        web.get("/login", signin.login_form), web.post("/login", signin.login),
        web.post("/logout", signin.logout),
        web.get("/", pages.queue),
        web.get(r"/escalations/{id:\d+}", pages.escalation_page),
        web.post(f"/escalations/{MOVE}", pages.form_post),
        web.get("/insights", insights.insights_page),
        web.post("/insights/exclude", insights.exclude_post),
        web.get("/insights.csv", insights.insights_csv),
        web.get("/insights/conversations.csv", insights.conversations_export),
        web.get("/insights/snapshot", insights.snapshot_page),
        web.get(r"/insights/{key:[a-z_]+}.svg", insights.chart_svg),
        web.get(r"/insights/{key:[a-z_]+}.png", insights.chart_png),
        web.get("/api/escalations", api.list_escalations),
        web.get(r"/api/escalations/{id:\d+}", api.get_escalation),
        web.post(f"/api/escalations/{MOVE}", api.post_move),
    ])
    if settings.helpdesk_webhook_url:
        app.cleanup_ctx.append(notification_worker(settings.helpdesk_webhook_url))
    return app


def run_console(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    web.run_app(create_app(settings), host="127.0.0.1", port=settings.helpdesk_port,
                print=partial(print, flush=True))
