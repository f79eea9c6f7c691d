"""Every setting of the product, read from the environment with an embedded default.

One place so that the README's table of settings and the code cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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

    def today(self) -> date:
        """Today's date; `BROKER_TODAY` pins it for demos and reproducible tests."""
        if self.today_override:
            return date.fromisoformat(self.today_override)
        return date.today()


def load_settings() -> Settings:
    var_dir = Path(_env("BROKER_VAR_DIR", str(PROJECT_ROOT / "var")))
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
                                  str(PROJECT_ROOT / "bot" / "funding" / "sources.yaml"))),
    )


def rasa_auth_token(settings: Settings) -> str:
    """The token for Rasa's HTTP API: `RASA_AUTH_TOKEN`, else one generated once under var/."""
    from_env = os.environ.get("RASA_AUTH_TOKEN", "").strip()
    if from_env:
        return from_env
    token_file = settings.var_dir / "rasa_auth_token"
    if token_file.exists():
        return token_file.read_text().strip()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    token_file.write_text(token)
    token_file.chmod(0o600)
    return token
