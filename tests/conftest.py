"""Shared fixtures: a seeded catalogue database on SQLite and on the local PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.domain.replies import reason_text
from bot.storage.catalogue.loader import load_catalogue
from bot.storage.catalogue.seed import seed
from bot.storage.migrate import upgrade
from bot.storage.session import get_engine, session_scope

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text())


def said(recommendation) -> str:
    """An offer's reason as the bot says it, in the words of the real domain.yml."""
    return reason_text(DOMAIN, recommendation.reason)


POSTGRES_ADMIN_URL = os.environ.get(
    "BROKER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

Result = TypeVar("Result")


def run_coroutine(coroutine: Coroutine[Any, Any, Result]) -> Result:
    """Run a coroutine to its end on a fresh event loop in its own thread.

    A thread, because the browser tests' session-wide Playwright keeps an event loop running in
    the main thread, and asyncio.run refuses to start beside it.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


def seeded(url: str, catalogue) -> str:
    upgrade(url)
    with session_scope(url) as session:
        seed(session, catalogue)
    return url


@contextmanager
def empty_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the local server, dropped afterwards."""
    name = f"broker_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url(catalogue) -> Iterator[str]:
    with empty_postgres_database() as url:
        yield seeded(url, catalogue)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        with empty_postgres_database() as url:
            yield url


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory, catalogue) -> str:
    path = tmp_path_factory.mktemp("db") / "broker.db"
    return seeded(f"sqlite:///{path}", catalogue)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each test that uses it runs on both databases."""
    return request.getfixturevalue(f"{request.param}_url" if request.param == "sqlite"
                                   else "postgres_url")


@pytest.fixture
def fresh_catalogue_url(empty_database_url, catalogue) -> str:
    """A newly seeded database of each kind, for tests that change the catalogue."""
    return seeded(empty_database_url, catalogue)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that reaches PostgreSQL, so `pytest -m "not postgres"` runs the rest
    (all of SQLite's) where no PostgreSQL server is at hand."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgres_url" in getattr(item, "fixturenames", ()) or "postgresql" in params.values():
            item.add_marker(pytest.mark.postgres)
