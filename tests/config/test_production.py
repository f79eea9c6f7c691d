"""What the production profile demands, and how its stores are pointed at their servers."""

from __future__ import annotations

import dataclasses

import pytest

from bot.config.production import lock_store_environment, production_problems
from bot.config.settings import SettingsError, action_server_token, load_settings

PRODUCTION_ENV = {"RASA_AUTH_TOKEN": "a", "ACTION_SERVER_TOKEN": "b",
                  "HELPDESK_SESSION_SECRET": "c"}


@pytest.fixture
def production(monkeypatch, tmp_path):
    monkeypatch.setenv("BROKER_PROFILE", "production")
    monkeypatch.setenv("BROKER_VAR_DIR", str(tmp_path))
    return dataclasses.replace(
        load_settings(), database_url="postgresql://app:pw@db:5432/broker",
        tracker_store_url="postgresql://app:pw@db:5432/tracker",
        lock_store_url="redis://:secret@cache:6380/3")


def test_a_complete_production_setup_has_no_problems(production):
    assert production.production
    assert production_problems(production, PRODUCTION_ENV) == []


def test_each_missing_demand_is_named(production):
    weak = dataclasses.replace(production, database_url="sqlite:///x.db",
                               tracker_store_url="sqlite:///t.db", lock_store_url="")
    problems = "\n".join(production_problems(weak, {"RASA_AUTH_TOKEN": "a"}))
    for name in ("DATABASE_URL", "TRACKER_STORE_URL", "LOCK_STORE_URL", "ACTION_SERVER_TOKEN",
                 "HELPDESK_SESSION_SECRET"):
        assert name in problems
    assert "RASA_AUTH_TOKEN" not in problems


def test_production_never_generates_a_secret(production, monkeypatch, tmp_path):
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    with pytest.raises(SettingsError, match="ACTION_SERVER_TOKEN"):
        action_server_token(production)
    assert list(tmp_path.iterdir()) == []


def test_development_generates_and_keeps_the_action_token(monkeypatch, tmp_path):
    monkeypatch.delenv("BROKER_PROFILE", raising=False)
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    monkeypatch.setenv("BROKER_VAR_DIR", str(tmp_path))
    settings = load_settings()
    first = action_server_token(settings)
    assert len(first) >= 32 and action_server_token(settings) == first
    assert (tmp_path / "action_server_token").stat().st_mode & 0o777 == 0o600


def test_unknown_profile_is_an_error(monkeypatch):
    monkeypatch.setenv("BROKER_PROFILE", "prod")
    with pytest.raises(SettingsError, match="BROKER_PROFILE"):
        load_settings()


def test_redis_url_becomes_rasa_lock_store_settings():
    assert lock_store_environment("redis://:secret@cache:6380/3") == {
        "LOCK_STORE_TYPE": "redis", "LOCK_STORE_HOST": "cache", "LOCK_STORE_PORT": "6380",
        "LOCK_STORE_DB": "3", "LOCK_STORE_PASSWORD": "secret"}
    assert lock_store_environment("")["LOCK_STORE_TYPE"] == "in_memory"
    with pytest.raises(ValueError, match="redis://"):
        lock_store_environment("memcached://cache")

