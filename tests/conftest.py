"""Shared fixtures: a seeded catalogue database on SQLite and on the local PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.catalogue.loader import load_catalogue
from bot.catalogue.seed import init_db, seed
from bot.db.session import get_engine, session_scope

POSTGRES_ADMIN_URL = os.environ.get(
    "BROKER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


def _seeded(url: str, catalogue) -> str:
    init_db(get_engine(url))
    with session_scope(url) as session:
        seed(session, catalogue)
    return url


@pytest.fixture(scope="session")
def postgres_url(catalogue) -> Iterator[str]:
    name = f"broker_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield _seeded(url, catalogue)
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory, catalogue) -> str:
    path = tmp_path_factory.mktemp("db") / "broker.db"
    return _seeded(f"sqlite:///{path}", catalogue)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each test that uses it runs on both databases."""
    return request.getfixturevalue(f"{request.param}_url" if request.param == "sqlite"
                                   else "postgres_url")
