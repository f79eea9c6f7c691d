"""Every setting of the product, read from the environment with an embedded default.

One place so that the README's table of settings and the code cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT = "development"
PRODUCTION = "production"
PROFILES = (DEVELOPMENT, PRODUCTION)


class SettingsError(ValueError):
    """A setting the product cannot start with; the message says which and why."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    model_path: Path
    helpdesk_contact_url: str
    rasa_port: int
    action_port: int
    today_override: str
    funding_api_url: str
    funding_api_timeout: float
    funding_sources: Path
    helpdesk_port: int
    helpdesk_hours: str
    helpdesk_reply_time: str
    helpdesk_webhook_url: str
    helpdesk_api_token: str
    helpdesk_console_url: str
    web_host: str
    web_port: int
    web_socket_url: str
    web_origins: tuple[str, ...]
    profile: str
    tracker_store_url: str
    lock_store_url: str
    action_host: str

    @property
    def production(self) -> bool:
        return self.profile == PRODUCTION

    @property
    def rasa_url(self) -> str:
        return os.environ.get("BROKER_RASA_URL", "").strip() or \
            f"http://127.0.0.1:{self.rasa_port}"

    def today(self) -> date:
        """Today's date; `BROKER_TODAY` pins it for demos and reproducible tests."""
        if self.today_override:
            return date.fromisoformat(self.today_override)
        return date.today()


def load_settings() -> Settings:
    var_dir = Path(_env("BROKER_VAR_DIR", str(PROJECT_ROOT / "var")))
    web_port = int(_env("WEB_PORT", "8000"))
    return Settings(
        var_dir=var_dir,
        database_url=_env("DATABASE_URL", f"sqlite:///{var_dir / 'broker.db'}"),
        model_path=Path(_env("BROKER_MODEL", str(PROJECT_ROOT / "models" / "broker.tar.gz"))),
        helpdesk_contact_url=_env(
            "BROKER_HELPDESK_CONTACT_URL", "https://netzerocities.eu/"
        ),
        rasa_port=int(_env("RASA_PORT", "5005")),
        action_port=int(_env("ACTION_PORT", "5055")),
        today_override=_env("BROKER_TODAY", ""),
        funding_api_url=_env("BROKER_FUNDING_API_URL",
                             "https://api.tech.ec.europa.eu/search-api/prod/rest/search"),
        funding_api_timeout=float(_env("BROKER_FUNDING_API_TIMEOUT", "20")),
        funding_sources=Path(_env("BROKER_FUNDING_SOURCES",
                                  str(PROJECT_ROOT / "bot" / "integrations"
                                      / "funding_sources.yaml"))),
        helpdesk_port=int(_env("HELPDESK_PORT", "8080")),
        helpdesk_hours=_env("HELPDESK_HOURS", "Mon-Fri 09:00-17:00 Europe/Brussels"),
        helpdesk_reply_time=_env("HELPDESK_REPLY_TIME", "within two working hours"),
        helpdesk_webhook_url=_env("HELPDESK_WEBHOOK_URL", ""),
        helpdesk_api_token=_env("HELPDESK_API_TOKEN", ""),
        helpdesk_console_url=_env("HELPDESK_CONSOLE_URL",
                                  f"http://127.0.0.1:{_env('HELPDESK_PORT', '8080')}"),
        web_host=_env("WEB_HOST", "127.0.0.1"),
        web_port=web_port,
        web_socket_url=_env("BROKER_WEB_SOCKET_URL", ""),
        web_origins=tuple(_env(
            "BROKER_WEB_ORIGINS", f"http://127.0.0.1:{web_port} http://localhost:{web_port}"
        ).split()),
        profile=_profile(),
        tracker_store_url=_env("TRACKER_STORE_URL", f"sqlite:///{var_dir / 'tracker.db'}"),
        lock_store_url=_env("LOCK_STORE_URL", ""),
        action_host=_env("ACTION_HOST", "127.0.0.1"),
    )


def _profile() -> str:
    profile = _env("BROKER_PROFILE", DEVELOPMENT)
    if profile not in PROFILES:
        raise SettingsError(f"BROKER_PROFILE is {profile!r}: use one of {', '.join(PROFILES)}")
    return profile


def _secret(settings: Settings, variable: str, file_name: str) -> str:
    """A secret from the environment, else (development only) one generated once and kept
    under var/ (mode 600). In production a missing secret stops the start."""
    from_env = os.environ.get(variable, "").strip()
    if from_env:
        return from_env
    if settings.production:
        raise SettingsError(f"{variable} must be set: the production profile takes secrets "
                            "only from the environment")
    secret_file = settings.var_dir / file_name
    if secret_file.exists():
        return secret_file.read_text().strip()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    secret_file.write_text(secret)
    secret_file.chmod(0o600)
    return secret


def rasa_auth_token(settings: Settings) -> str:
    """The token for Rasa's HTTP API: `RASA_AUTH_TOKEN`, else one generated under var/."""
    return _secret(settings, "RASA_AUTH_TOKEN", "rasa_auth_token")


def action_server_token(settings: Settings) -> str:
    """Shared by Rasa (sent with every action call) and the action server (which checks it)."""
    return _secret(settings, "ACTION_SERVER_TOKEN", "action_server_token")


def helpdesk_session_secret(settings: Settings) -> str:
    """Signs the console's sign-in cookies: `HELPDESK_SESSION_SECRET`, else generated."""
    return _secret(settings, "HELPDESK_SESSION_SECRET", "helpdesk_session_secret")
