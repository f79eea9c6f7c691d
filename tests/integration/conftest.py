"""The whole product running: action server, Rasa server and Helpdesk console on test ports,
with a local webhook receiver standing in for the Helpdesk's chat tool."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from sqlalchemy import select

from bot.db.models import Pathway, Provider, Service
from bot.db.session import session_scope
from bot.handoff.users import add_user
from bot.runner import start_servers, stop_servers
from bot.settings import load_settings

TOKEN = "integration-test-token"
API_TOKEN = "integration-helpdesk-api-token"
STAFF = ("ana", "a long test password")
TEST_SERVICE = "Valongo Test Retrofit Finance Desk"


class WebhookReceiver:
    def __init__(self) -> None:
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                receiver.received.append(json.loads(
                    self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def webhook() -> WebhookReceiver:
    receiver = WebhookReceiver()
    yield receiver
    receiver.httpd.shutdown()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, sqlite_url, webhook):
    var_dir = tmp_path_factory.mktemp("var")
    with session_scope(sqlite_url) as session:
        session.add(Service(
            key="integration-test-desk", name=TEST_SERVICE,
            provider=session.execute(select(Provider)).scalars().first(), kind="advisory",
            summary="", support=["funding"], audience="all", countries=["PT"],
            url="https://example.org/desk", source_url="https://example.org/",
            last_checked=date(2026, 11, 24), pathways=[session.get(Pathway, "finance")]))
        add_user(session, *STAFF)
    patch = pytest.MonkeyPatch()
    for name, value in {
        "BROKER_VAR_DIR": str(var_dir), "DATABASE_URL": sqlite_url, "RASA_PORT": "5105",
        "ACTION_PORT": "5155", "HELPDESK_PORT": "8180", "RASA_AUTH_TOKEN": TOKEN,
        "BROKER_TODAY": "2026-11-24", "HELPDESK_API_TOKEN": API_TOKEN,
        "HELPDESK_WEBHOOK_URL": webhook.url, "HELPDESK_HOURS": "Mon-Sun 00:00-23:59 UTC",
    }.items():
        patch.setenv(name, value)
    settings = load_settings()
    processes = start_servers(settings, TOKEN, log_dir=var_dir / "logs")
    yield settings
    stop_servers(processes)
    patch.undo()
    with session_scope(sqlite_url) as session:
        session.delete(session.execute(select(Service).where(
            Service.key == "integration-test-desk")).scalar_one())


def say(settings, sender: str, message: str) -> list[dict]:
    response = requests.post(
        f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook",
        json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)
