"""Signing in and out of the console, and the middleware that lets nobody else in (pages go to
the sign-in form, the API answers 401)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from aiohttp import web

from bot.apps.console.auth import SESSION_COOKIE, SESSION_SECONDS, session_cookie
from bot.apps.console.context import console_of, off_loop
from bot.apps.console.views import render
from bot.domain.sign_in_limits import minutes_until
from bot.services import helpdesk

OPEN_PATHS = ("/login", "/health")
OPEN_PREFIXES = ("/static/",)


async def login_form(request: web.Request) -> web.Response:
    return render("login.html", request, error=None)


async def login(request: web.Request) -> web.Response:
    console = console_of(request)
    form = await request.post()
    username = str(form.get("username", ""))[:100]
    password = str(form.get("password", ""))[:1000]
    outcome = await off_loop(helpdesk.sign_in, username, password, request.remote or "",
                             console.sign_in_delay)
    if outcome.refused_until:
        minutes = minutes_until(outcome.refused_until, datetime.now(timezone.utc))
        return render("login.html", request, status=429, error=(
            f"Too many failed sign-ins. Try again in {minutes} "
            f"minute{'s' if minutes > 1 else ''}."))
    if not outcome.signed_in:
        await asyncio.sleep(outcome.delay)
        return render("login.html", request, status=401, error="Wrong user name or password.")
    response = web.HTTPSeeOther("/")
    response.set_cookie(SESSION_COOKIE, session_cookie(console.secret, username),
                        max_age=SESSION_SECONDS, httponly=True, samesite="Strict",
                        secure=request.secure)
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
