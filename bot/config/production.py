"""What the production profile demands before anything starts, and the environment that
points Rasa's standard stores (SQL tracker store, Redis lock store) at their servers."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.config.settings import Settings

PRODUCTION_SECRETS = ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "HELPDESK_SESSION_SECRET")


def _backend(url: str) -> str | None:
    try:
        return make_url(url).get_backend_name()
    except ArgumentError:
        return None


def production_problems(settings: Settings, environment: dict[str, str]) -> list[str]:
    """Why these settings cannot run as production: each line names the variable."""
    problems = []
    for variable, url in (("DATABASE_URL", settings.database_url),
                          ("TRACKER_STORE_URL", settings.tracker_store_url)):
        if _backend(url) != "postgresql":
            problems.append(f"{variable} must name a PostgreSQL database "
                            "(postgresql://user:password@host:5432/name)")
    if not settings.lock_store_url.startswith("redis://"):
        problems.append("LOCK_STORE_URL must name a Redis server (redis://host:6379/1): "
                        "several Rasa processes share conversations only through it")
    problems += [f"{name} must be set (secrets come only from the environment)"
                 for name in PRODUCTION_SECRETS if not environment.get(name, "").strip()]
    return problems


def lock_store_environment(url: str) -> dict[str, str]:
    """The variables endpoints.yml reads for the lock store: Redis when `url` names one,
    else Rasa's in-memory lock store (one Rasa process only)."""
    if not url:
        return {"LOCK_STORE_TYPE": "in_memory", "LOCK_STORE_HOST": "", "LOCK_STORE_PORT": "",
                "LOCK_STORE_DB": "", "LOCK_STORE_PASSWORD": ""}
    parts = urlsplit(url)
    if parts.scheme != "redis":
        raise ValueError(f"LOCK_STORE_URL must start with redis://, not {url!r}")
    return {
        "LOCK_STORE_TYPE": "redis",
        "LOCK_STORE_HOST": parts.hostname or "localhost",
        "LOCK_STORE_PORT": str(parts.port or 6379),
        "LOCK_STORE_DB": parts.path.lstrip("/") or "1",
        "LOCK_STORE_PASSWORD": parts.password or "",
    }
