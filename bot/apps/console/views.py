"""HTML pages from the templates, with the signed-in user and the page's CSRF token."""

from __future__ import annotations

from pathlib import Path

import jinja2
from aiohttp import web

from bot.apps.console.auth import SESSION_COOKIE, csrf_token
from bot.apps.console.context import console_of

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True)


def render(name: str, request: web.Request, status: int = 200, **context) -> web.Response:
    console = console_of(request)
    cookie = request.cookies.get(SESSION_COOKIE, "")
    body = TEMPLATES.get_template(name).render(
        user=console.user_of(request), csrf=csrf_token(console.secret, cookie) if cookie else "",
        **context)
    return web.Response(text=body, status=status, content_type="text/html")
