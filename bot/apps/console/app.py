"""The Helpdesk console: HTML pages for staff and a JSON API (same sign-in, or a bearer token).

Escalations come from the database; transcripts come live from Rasa's tracker (HTTP API with its
token). A reply is added to the conversation as a bot message, which reaches the user's open
chat; "resolve" resumes the bot. The outbox worker delivering webhook notifications runs here.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from urllib.parse import quote

import jinja2
from aiohttp import web

from bot.apps.console.auth import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    check_csrf,
    csrf_token,
    session_cookie,
    session_user,
)
from bot.config.settings import Settings, helpdesk_session_secret, rasa_auth_token
from bot.domain.handoff.rules import REASON_TEXT
from bot.domain.transcript import left_after_handoff, transcript
from bot.integrations.rasa_http import RasaApi, RasaUnavailable
from bot.storage import escalations as store
from bot.storage.helpdesk_users import authenticate
from bot.storage.outbox import deliver_due, undelivered, webhook_sender
from bot.storage.session import session_scope

log = logging.getLogger(__name__)
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True)
HANDED_BACK = ("The Helpdesk team has handed our conversation back to me. Ask me anything, "
               "or say \"show more\" to see more recommendations.")
OUTBOX_INTERVAL_S = 5.0
MAX_REPLY = 4000


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def in_db(work):
    """Database work off the event loop, in one committed session."""
    def run():
        with session_scope() as session:
            return work(session)
    return await asyncio.get_running_loop().run_in_executor(None, run)


def escalation_json(escalation) -> dict:
    return {
        "id": escalation.id, "conversation_id": escalation.conversation_id,
        "status": escalation.status, "reason": escalation.reason,
        "reason_text": REASON_TEXT.get(escalation.reason, escalation.reason),
        "summary": escalation.summary, "profile": escalation.profile,
        "pathways": escalation.pathways, "recommendations_shown": escalation.recommendations_shown,
        "transcript_ref": escalation.transcript_ref, "assignee": escalation.assignee,
        "contact_email": escalation.contact_email, "user_message": escalation.user_message,
        "created_at": escalation.created_at.isoformat(),
        "claimed_at": escalation.claimed_at.isoformat() if escalation.claimed_at else None,
        "resolved_at": escalation.resolved_at.isoformat() if escalation.resolved_at else None,
    }


def waiting_time(created_at: datetime) -> str:
    created = created_at if created_at.tzinfo else created_at.replace(tzinfo=timezone.utc)
    minutes = int((_now() - created).total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60} min"


class Console:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.secret = helpdesk_session_secret(settings)
        self.rasa = RasaApi(settings.rasa_url, rasa_auth_token(settings))

    # --- who is asking -----------------------------------------------------------------------
    def user_of(self, request: web.Request) -> str | None:
        header = request.headers.get("Authorization", "")
        token = self.settings.helpdesk_api_token
        if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:], token):
            return "api"
        return session_user(self.secret, request.cookies.get(SESSION_COOKIE))

    def page(self, name: str, request: web.Request, status: int = 200, **context) -> web.Response:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        body = TEMPLATES.get_template(name).render(
            user=self.user_of(request), csrf=csrf_token(self.secret, cookie) if cookie else "",
            **context)
        return web.Response(text=body, status=status, content_type="text/html")

    # --- sign-in ---------------------------------------------------------------------------
    async def login_form(self, request: web.Request) -> web.Response:
        return self.page("login.html", request, error=None)

    async def login(self, request: web.Request) -> web.Response:
        form = await request.post()
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        user = await in_db(lambda session: authenticate(session, username, password))
        if user is None:
            return self.page("login.html", request, status=401,
                             error="Wrong user name or password.")
        response = web.HTTPSeeOther("/")
        response.set_cookie(SESSION_COOKIE, session_cookie(self.secret, username),
                            max_age=SESSION_SECONDS, httponly=True, samesite="Strict")
        return response

    async def logout(self, request: web.Request) -> web.Response:
        response = web.HTTPSeeOther("/login")
        response.del_cookie(SESSION_COOKIE)
        return response

    # --- pages -----------------------------------------------------------------------------
    async def queue(self, request: web.Request) -> web.Response:
        def load(session):
            active = [(escalation_json(e), waiting_time(e.created_at))
                      for e in store.list_escalations(session)]
            failing = [{"id": m.id, "escalation_id": m.escalation_id, "attempts": m.attempts,
                        "last_error": m.last_error} for m in undelivered(session)
                       if m.attempts]
            return active, failing
        active, failing = await in_db(load)
        return self.page("queue.html", request, escalations=active, failing=failing,
                         webhook=bool(self.settings.helpdesk_webhook_url))

    async def _details(self, escalation_id: int) -> tuple[dict, list[dict], str | None]:
        escalation = await in_db(lambda s: escalation_json(store.get_escalation(s, escalation_id)))
        try:
            tracker = await self.rasa.tracker(escalation["conversation_id"])
        except RasaUnavailable as error:
            return escalation, [], str(error)
        events = tracker.get("events") or []
        email, message = left_after_handoff(events)
        if (email, message) != (escalation["contact_email"], escalation["user_message"]) and \
                (email or message) and escalation["status"] != "resolved":
            escalation = await in_db(lambda s: escalation_json(store.replace_contact(
                s, escalation_id, email, message)))
        return escalation, transcript(events), None

    async def escalation_page(self, request: web.Request) -> web.Response:
        escalation, lines, problem = await self._details(int(request.match_info["id"]))
        return self.page("escalation.html", request, escalation=escalation, lines=lines,
                         problem=problem, notice=request.query.get("notice"))

    async def form_action(self, request: web.Request) -> web.Response:
        form = await request.post()
        if not check_csrf(self.secret, request.cookies.get(SESSION_COOKIE), form.get("csrf")):
            raise web.HTTPForbidden(text="The form expired; reload the page.")
        escalation_id = int(request.match_info["id"])
        action = request.match_info["action"]
        try:
            await self.act(escalation_id, action, self.user_of(request) or "?",
                           str(form.get("text", "")))
        except (store.EscalationError, RasaUnavailable, ValueError) as error:
            raise web.HTTPSeeOther(f"/escalations/{escalation_id}?notice={quote(str(error))}") \
                from error
        target = "/" if action == "resolve" else f"/escalations/{escalation_id}"
        raise web.HTTPSeeOther(target)

    # --- the three moves, shared by pages and API -------------------------------------------
    async def act(self, escalation_id: int, action: str, agent: str, text: str = "") -> dict:
        if action == "claim":
            return await in_db(lambda s: escalation_json(store.claim(s, escalation_id, agent)))
        escalation = await in_db(lambda s: escalation_json(store.get_escalation(s,
                                                                                escalation_id)))
        if escalation["status"] == "resolved":
            raise store.EscalationError(f"escalation {escalation_id} is already resolved")
        conversation = escalation["conversation_id"]
        if action == "reply":
            text = text.strip()
            if not text or len(text) > MAX_REPLY:
                raise ValueError(f"a reply needs 1 to {MAX_REPLY} characters")
            await self.rasa.say(conversation, text, agent)
            if escalation["status"] == "open":
                return await in_db(lambda s: escalation_json(store.claim(s, escalation_id,
                                                                         agent)))
            return escalation
        if action == "resolve":
            await self.rasa.resume(conversation)
            await self.rasa.say(conversation, HANDED_BACK, agent)
            return await in_db(lambda s: escalation_json(store.resolve(s, escalation_id, agent)))
        raise web.HTTPNotFound()

    # --- JSON API ----------------------------------------------------------------------------
    async def api_list(self, request: web.Request) -> web.Response:
        statuses = tuple(request.query.get("status", "open,claimed").split(","))
        items = await in_db(lambda s: [escalation_json(e)
                                       for e in store.list_escalations(s, statuses)])
        return web.json_response({"escalations": items})

    async def api_get(self, request: web.Request) -> web.Response:
        escalation, lines, problem = await self._details(int(request.match_info["id"]))
        return web.json_response({**escalation, "transcript": lines, "transcript_error": problem})

    async def api_act(self, request: web.Request) -> web.Response:
        text = ""
        if request.match_info["action"] == "reply":
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"error": "send JSON: {\"text\": ...}"}, status=400)
            text = str((body or {}).get("text", ""))
        try:
            result = await self.act(int(request.match_info["id"]), request.match_info["action"],
                                    self.user_of(request) or "api", text)
        except store.EscalationError as error:
            return web.json_response({"error": str(error)}, status=409)
        except ValueError as error:
            return web.json_response({"error": str(error)}, status=400)
        except RasaUnavailable as error:
            return web.json_response({"error": str(error)}, status=502)
        return web.json_response(result)

    # --- notifications -----------------------------------------------------------------------
    async def deliver_notifications(self, app: web.Application) -> None:
        send = webhook_sender(self.settings.helpdesk_webhook_url)
        while True:
            try:
                report = await in_db(lambda session: deliver_due(session, send, _now()))
                if report.failed:
                    log.warning("%d Helpdesk notification(s) failed; will retry", report.failed)
            except Exception:  # noqa: BLE001 (the worker must outlive a database hiccup)
                log.exception("notification delivery failed")
            await asyncio.sleep(OUTBOX_INTERVAL_S)


@web.middleware
async def require_sign_in(request: web.Request, handler):
    console: Console = request.app["console"]
    if request.path in ("/login", "/health") or console.user_of(request):
        return await handler(request)
    if request.path.startswith("/api/"):
        return web.json_response({"error": "sign in or send a bearer token"}, status=401)
    raise web.HTTPSeeOther("/login")


@web.middleware
async def not_found_is_404(request: web.Request, handler):
    try:
        return await handler(request)
    except store.EscalationError as error:
        if request.path.startswith("/api/"):
            return web.json_response({"error": str(error)}, status=404)
        raise web.HTTPNotFound(text=str(error)) from error


def create_app(settings: Settings) -> web.Application:
    console = Console(settings)
    app = web.Application(middlewares=[not_found_is_404, require_sign_in])
    app["console"] = console
    app.add_routes([
        web.get("/health", lambda request: web.json_response({"status": "ok"})),
        web.get("/login", console.login_form), web.post("/login", console.login),
        web.post("/logout", console.logout),
        web.get("/", console.queue),
        web.get(r"/escalations/{id:\d+}", console.escalation_page),
        web.post(r"/escalations/{id:\d+}/{action:claim|reply|resolve}", console.form_action),
        web.get("/api/escalations", console.api_list),
        web.get(r"/api/escalations/{id:\d+}", console.api_get),
        web.post(r"/api/escalations/{id:\d+}/{action:claim|reply|resolve}", console.api_act),
    ])
    if settings.helpdesk_webhook_url:
        async def start_worker(app: web.Application) -> None:
            app["worker"] = asyncio.create_task(console.deliver_notifications(app))

        async def stop_worker(app: web.Application) -> None:
            app["worker"].cancel()

        app.on_startup.append(start_worker)
        app.on_cleanup.append(stop_worker)
    return app


def run_console(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    web.run_app(create_app(settings), host="127.0.0.1", port=settings.helpdesk_port,
                print=partial(print, flush=True))
