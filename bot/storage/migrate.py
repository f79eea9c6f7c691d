"""Schema migrations (Alembic): `broker db upgrade` brings any database to the current schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from bot.storage.session import create_database_if_missing, get_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(url: str | None = None, revision: str = "head") -> str | None:
    """Migrate the database at `url` to `revision`, keeping its data; return the new revision.

    A database made before migrations existed (tables but no version) is taken to be at the
    first revision, which has the same tables.
    """
    engine = get_engine(url)
    url = engine.url.render_as_string(hide_password=False)
    create_database_if_missing(url)
    config = alembic_config(url)
    tables = set(inspect(engine).get_table_names())
    if "services" in tables and "alembic_version" not in tables:
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, revision)
    return current_revision(url)
