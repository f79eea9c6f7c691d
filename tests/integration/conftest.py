"""The whole product running: action server, Rasa server and Helpdesk console on test ports,
with a local webhook receiver standing in for the Helpdesk's chat tool."""

from __future__ import annotations

import time
from datetime import date

import pytest
import requests
from sqlalchemy import select

from bot.apps.runner import (
    launch,
    rasa_environment,
    rasa_server_command,
    start_servers,
    stop_servers,
    wait_until_ready,
)
from bot.config.settings import load_settings
from bot.storage.helpdesk_users import add_user
from bot.storage.models import Pathway, Provider, Service
from bot.storage.session import session_scope
from tests.conftest import seeded
from tests.webhook_receiver import WebhookReceiver

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TOKEN = "integration-test-token"
API_TOKEN = "integration-helpdesk-api-token"
STAFF = ("ana", "a long test password")
TEST_SERVICE = "Valongo Test Retrofit Finance Desk"
TEST_SERVICE_URL = "https://example.org/desk"


@pytest.fixture(scope="session")
def webhook() -> WebhookReceiver:
    receiver = WebhookReceiver(status=204)
    yield receiver
    receiver.close()


class RunningStack:
    """The product's processes on test ports; the Rasa server can be stopped and started again."""

    def __init__(self, settings, log_dir) -> None:
        self.settings = settings
        self.log_dir = log_dir
        self.processes = start_servers(settings, TOKEN, log_dir=log_dir)

    def stop_rasa(self) -> None:
        stop_servers([self.processes[RASA]])

    def start_rasa(self) -> None:
        self.processes[RASA] = launch(rasa_server_command(self.settings, TOKEN),
                                      rasa_environment(self.settings), self.log_dir, "rasa")
        wait_until_ready(f"{self.settings.rasa_url}/status?token={TOKEN}", self.processes[RASA])

    def stop(self) -> None:
        stop_servers(self.processes)


RASA = 1  # position of the Rasa server in start_servers' list


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory, catalogue) -> str:
    """The running product's own seeded database: what its tests add (a test service, staff,
    conversations) never reaches the other tests' shared database."""
    return seeded(f"sqlite:///{tmp_path_factory.mktemp('product-db') / 'broker.db'}", catalogue)


@pytest.fixture(scope="session")
def stack(tmp_path_factory, sqlite_url, webhook):
    var_dir = tmp_path_factory.mktemp("var")
    with session_scope(sqlite_url) as session:
        session.add(Service(
            key="integration-test-desk", name=TEST_SERVICE,
            provider=session.execute(select(Provider)).scalars().first(), kind="advisory",
            summary="", support=["funding"], audience="all", countries=["PT"],
            url=TEST_SERVICE_URL, source_url="https://example.org/",
            last_checked=date(2026, 11, 24), pathways=[session.get(Pathway, "finance")]))
        add_user(session, *STAFF)
    patch = pytest.MonkeyPatch()
    for name, value in {
        "BROKER_VAR_DIR": str(var_dir), "DATABASE_URL": sqlite_url, "RASA_PORT": "5105",
        "ACTION_PORT": "5155", "HELPDESK_PORT": "8180", "WEB_PORT": "8100",
        "RASA_AUTH_TOKEN": TOKEN, "BROKER_TODAY": "2026-11-24", "HELPDESK_API_TOKEN": API_TOKEN,
        "HELPDESK_WEBHOOK_URL": webhook.url, "HELPDESK_HOURS": "Mon-Sun 00:00-23:59 UTC",
    }.items():
        patch.setenv(name, value)
    running = RunningStack(load_settings(), var_dir / "logs")
    yield running
    running.stop()
    patch.undo()
    with session_scope(sqlite_url) as session:
        session.delete(session.execute(select(Service).where(
            Service.key == "integration-test-desk")).scalar_one())


@pytest.fixture(scope="session")
def servers(stack):
    """The running product's settings (ports, token)."""
    return stack.settings


def say(settings, sender: str, message: str) -> list[dict]:
    response = requests.post(
        f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook",
        json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def api(settings, method: str, path: str, token: str | None = API_TOKEN, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"http://127.0.0.1:{settings.helpdesk_port}{path}",
                            headers=headers, timeout=30, **kwargs)


def tracker_events(settings, sender: str) -> list[dict]:
    response = requests.get(
        f"http://127.0.0.1:{settings.rasa_port}/conversations/{sender}/tracker",
        params={"token": TOKEN}, timeout=30)
    return response.json()["events"]


def wait_for(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError("timed out")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
