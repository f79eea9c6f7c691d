"""The console run in-process on a fresh SQLite database, beside a small local Rasa stand-in
that answers the HTTP API calls the console makes and records them."""

from __future__ import annotations

import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.apps.console.app import create_app
from bot.config.settings import Settings, load_settings
from bot.domain.handoff.summary import Handoff
from bot.storage.escalations import open_escalation
from bot.storage.helpdesk_users import add_user
from bot.storage.migrate import upgrade
from bot.storage.session import session_scope
from tests.conftest import run_coroutine

API_TOKEN = "console-test-api-token"
SECRET = "console-test-session-secret"
RASA_TOKEN = "console-test-rasa-token"
STAFF = ("ana", "a long test password")


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict
    body: Any


class FakeRasa:
    """Rasa's HTTP API as far as the console uses it: a tracker per conversation, events and
    executed actions recorded; `status` other than 200 makes every call fail."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.events: dict[str, list[dict]] = {}
        self.status = 200

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.calls.append(Call(request.method, request.path, dict(request.query), body))
        if self.status != 200:
            return web.json_response({"message": "broken"}, status=self.status)
        conversation = request.path.split("/")[2]
        if request.method == "GET" and request.path.endswith("/tracker"):
            return web.json_response({"sender_id": conversation,
                                      "events": self.events.get(conversation, [])})
        if request.path.endswith("/tracker/events"):
            self.events.setdefault(conversation, []).extend(body)
        return web.json_response({"tracker": {}, "messages": []})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    def posts(self) -> list[tuple[str, Any]]:
        return [(call.path, call.body) for call in self.calls if call.method == "POST"]


@pytest.fixture
def database(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    with session_scope(url) as session:
        add_user(session, *STAFF)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def settings(database, tmp_path, monkeypatch) -> Settings:
    for name, value in {"BROKER_VAR_DIR": str(tmp_path / "var"), "HELPDESK_API_TOKEN": API_TOKEN,
                        "HELPDESK_SESSION_SECRET": SECRET, "RASA_AUTH_TOKEN": RASA_TOKEN}.items():
        monkeypatch.setenv(name, value)
    for name in ("BROKER_RASA_URL", "HELPDESK_WEBHOOK_URL", "BROKER_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    return load_settings()


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


def escalate(url: str, conversation_id: str) -> int:
    handoff = Handoff(conversation_id, "asked_for_person", {"city": "Valongo", "country": "PT"},
                      [{"pathway": "finance", "confidence": 0.9}], [],
                      f"/conversations/{conversation_id}/tracker")
    with session_scope(url) as session:
        return open_escalation(session, handoff, "http://console", notify=False).id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


Scenario = Callable[[TestClient], Awaitable[Any]]


def with_console(settings: Settings, rasa: FakeRasa | None, scenario: Scenario) -> Any:
    """Run `scenario(client)` against the console; `rasa=None` means Rasa is not running."""
    async def go() -> Any:
        if rasa is None:
            return await _run(replace(settings, rasa_port=free_port()), scenario)
        async with TestServer(rasa.app(), host="127.0.0.1") as rasa_server:
            return await _run(replace(settings, rasa_port=rasa_server.port), scenario)
    return run_coroutine(go())


async def _run(settings: Settings, scenario: Scenario) -> Any:
    async with TestClient(TestServer(create_app(settings), host="127.0.0.1")) as client:
        return await scenario(client)


def bearer(token: str = API_TOKEN, scheme: str = "Bearer") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


async def sign_in(client, username: str = STAFF[0], password: str = STAFF[1]):
    """Sign in as a browser does: the form first, for its CSRF token."""
    form = await (await client.get("/login")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    return await client.post("/login", data={"username": username, "password": password,
                                             "csrf": token}, allow_redirects=False)
