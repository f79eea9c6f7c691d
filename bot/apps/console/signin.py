"""Signing in and out of the console, and the middleware that lets nobody else in (pages go to
the sign-in form, the API answers 401)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import datetime, timezone

from aiohttp import web

from bot.apps.console.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    check_csrf,
    csrf_token,
    session_cookie,
)
from bot.apps.console.context import console_of, off_loop
from bot.apps.console.views import render
from bot.domain.sign_in_limits import minutes_until
from bot.services import helpdesk

OPEN_PATHS = ("/login", "/health")
OPEN_PREFIXES = ("/static/",)


async def login_form(request: web.Request) -> web.Response:
    return _form(request, 200, None)


def _form(request: web.Request, status: int, error: str | None) -> web.Response:
    """The sign-in form with a CSRF token bound to a fresh cookie of its own, so that no other
    site can sign a browser in to an account of its choosing."""
    # kept while it lasts: two tabs, a reload, or a browser fetching the form twice all work
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(16)
    response = render("login.html", request, status=status, error=error,
                      login_csrf=csrf_token(console_of(request).secret, nonce))
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, httponly=True, samesite="Strict",
                        secure=request.secure)
    return response


async def login(request: web.Request) -> web.Response:
    console = console_of(request)
    form = await request.post()
    if not check_csrf(console.secret, request.cookies.get(LOGIN_COOKIE), form.get("csrf")):
        return _form(request, 403, "The sign-in form expired; please sign in again.")
    username = str(form.get("username", ""))[:100]
    password = str(form.get("password", ""))[:1000]
    outcome = await off_loop(helpdesk.sign_in, username, password, request.remote or "",
                             console.sign_in_delay)
    if outcome.refused_until:
        minutes = minutes_until(outcome.refused_until, datetime.now(timezone.utc))
        return _form(request, 429, f"Too many failed sign-ins. Try again in {minutes} "
                                   f"minute{'s' if minutes > 1 else ''}.")
    if not outcome.signed_in:
        await asyncio.sleep(outcome.delay)
        return _form(request, 401, "Wrong user name or password.")
    response = web.HTTPSeeOther("/")
    response.set_cookie(SESSION_COOKIE, session_cookie(console.secret, username),
                        max_age=SESSION_SECONDS, httponly=True, samesite="Strict",
                        secure=request.secure)
    response.del_cookie(LOGIN_COOKIE)
    return response


async def logout(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther("/login")
    response.del_cookie(SESSION_COOKIE)
    return response


@web.middleware
async def require_sign_in(request: web.Request, handler) -> web.StreamResponse:
    if request.path in OPEN_PATHS or request.path.startswith(OPEN_PREFIXES) \
            or console_of(request).user_of(request):
        return await handler(request)
    if request.path.startswith("/api/"):
        return web.json_response({"error": "sign in or send a bearer token"}, status=401)
    raise web.HTTPSeeOther("/login")
