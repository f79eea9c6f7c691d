"""The production profile scaled out: two Rasa servers sharing the PostgreSQL tracker store and
the Redis lock store, one action server that checks its token, the service database on
PostgreSQL. Conversations hop between the two servers turn by turn."""

from __future__ import annotations

import uuid

import pytest
import requests
from sqlalchemy import select

from bot.apps.runner import (
    action_server_command,
    broker_command,
    launch,
    prepare,
    rasa_environment,
    stop_servers,
    wait_until_ready,
)
from bot.config.settings import load_settings
from bot.storage.models import IntakeAnswer
from bot.storage.session import session_scope
from evaluation.bench.cities import CITIES, city_for
from evaluation.bench.load import run_load
from tests.conftest import empty_postgres_database, run_coroutine

pytestmark = pytest.mark.integration

SECRETS = {"RASA_AUTH_TOKEN": "scale-out-api-token", "ACTION_SERVER_TOKEN": "scale-out-actions",
           "HELPDESK_SESSION_SECRET": "scale-out-session-secret"}
LOCK_STORE_URL = "redis://127.0.0.1:6379/2"


@pytest.fixture(scope="module")
def two_rasa_servers(tmp_path_factory, postgres_url):
    """[url of Rasa A, url of Rasa B], the settings, and the action server's URL."""
    log_dir = tmp_path_factory.mktemp("scale-out")
    with empty_postgres_database() as tracker_url:
        patch = pytest.MonkeyPatch()
        for name, value in {
            **SECRETS, "BROKER_PROFILE": "production", "BROKER_VAR_DIR": str(log_dir),
            "DATABASE_URL": postgres_url, "TRACKER_STORE_URL": tracker_url,
            "LOCK_STORE_URL": LOCK_STORE_URL, "ACTION_PORT": "5355", "RASA_PORT": "5305",
            "BROKER_TODAY": "2026-11-24",
        }.items():
            patch.setenv(name, value)
        settings = load_settings()
        token = prepare(settings)
        env = rasa_environment(settings)
        # Started as the deployment recipe starts them: `broker actions`, `broker rasa` twice.
        processes = [launch(action_server_command(settings), env, log_dir, "actions"),
                     launch(broker_command("rasa"), env, log_dir, "rasa-a"),
                     launch(broker_command("rasa"), {**env, "RASA_PORT": "5306"}, log_dir,
                            "rasa-b")]
        try:
            wait_until_ready(f"http://127.0.0.1:{settings.action_port}/health", processes[0])
            for process, port in zip(processes[1:], (5305, 5306), strict=True):
                wait_until_ready(f"http://127.0.0.1:{port}/status?token={token}", process)
            yield (["http://127.0.0.1:5305", "http://127.0.0.1:5306"], settings,
                   f"http://127.0.0.1:{settings.action_port}")
        finally:
            stop_servers(processes)
            patch.undo()


def _user_texts(server: str, sender: str) -> list[str]:
    response = requests.get(f"{server}/conversations/{sender}/tracker",
                            params={"token": SECRETS["RASA_AUTH_TOKEN"]}, timeout=30)
    response.raise_for_status()
    return [event["text"] for event in response.json()["events"] if event["event"] == "user"]


def _intake(database_url: str, sender: str) -> IntakeAnswer | None:
    with session_scope(database_url) as session:
        return session.execute(select(IntakeAnswer).where(
            IntakeAnswer.conversation_id == sender)).scalar_one_or_none()


def test_one_conversation_alternating_between_the_servers(two_rasa_servers):
    servers, settings, _ = two_rasa_servers
    city = CITIES[0]
    sender = f"scale-alternating-{uuid.uuid4().hex[:8]}"
    result = run_coroutine(run_load(servers, {sender: city.turns()}, concurrency=1))
    assert not result.errors, result.errors
    assert [turn.server for turn in result.turns][:2] == servers, "turns hop between servers"
    assert len(result.turns) == len(city.turns())
    # Both servers see the same, complete conversation.
    typed = [turn.message for turn in city.turns()]
    assert _user_texts(servers[0], sender) == _user_texts(servers[1], sender) == typed
    intake = _intake(settings.database_url, sender)
    assert (intake.city, intake.country_code, intake.readiness) == ("Valongo", "PT",
                                                                    city.readiness)
    assert "finance" in [item["pathway"] for item in intake.pathways]


def test_twenty_concurrent_conversations_lose_nothing(two_rasa_servers):
    servers, settings, _ = two_rasa_servers
    run = uuid.uuid4().hex[:8]
    conversations = {f"scale-{run}-{number}": city_for(number).turns() for number in range(20)}
    result = run_coroutine(run_load(servers, conversations, concurrency=20))
    assert not result.errors, result.errors[:3]
    assert len(result.turns) == sum(len(turns) for turns in conversations.values())
    assert {turn.server for turn in result.turns} == set(servers)
    for number, (sender, turns) in enumerate(conversations.items()):
        assert _user_texts(servers[number % 2], sender) == [turn.message for turn in turns]
        intake = _intake(settings.database_url, sender)
        assert intake is not None, f"no intake record for {sender}"
        assert intake.readiness == city_for(number).readiness
        assert intake.city == city_for(number).noted.split(",")[0]


def test_action_server_refuses_calls_without_its_token(two_rasa_servers):
    _, _, actions = two_rasa_servers
    call = {"next_action": "action_show_more", "sender_id": "token-check", "version": "3.6.2",
            "tracker": {"sender_id": "token-check", "slots": {}, "latest_message": {},
                        "events": [], "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": None},
            "domain": {}}
    assert requests.get(f"{actions}/health", timeout=10).status_code == 200
    assert requests.post(f"{actions}/webhook", json=call, timeout=10).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert requests.post(f"{actions}/webhook", json=call, headers=wrong,
                         timeout=10).status_code == 401
    assert requests.get(f"{actions}/actions", timeout=10).status_code == 401
    right = {"Authorization": f"Bearer {SECRETS['ACTION_SERVER_TOKEN']}"}
    answer = requests.post(f"{actions}/webhook", json=call, headers=right, timeout=30)
    assert answer.status_code == 200
    assert answer.json()["responses"][0]["response"] == "utter_no_recommendations_yet"
