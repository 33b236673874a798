"""Real databases for the store tests: an SQLite file, and a fresh database on a real PostgreSQL server.

The PostgreSQL server is the one ``CLAUSEWISE_TEST_PG_URL`` names (``.ci/run`` installs and starts one).
Without it the PostgreSQL cases skip, except when ``CI`` is set: there a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "CLAUSEWISE_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        reason = f"no PostgreSQL for the store tests ({PG_ENV} is not set; .ci/run starts one)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the PostgreSQL tests must run")
        pytest.skip(reason)
    return url


def _admin(url: str) -> str:
    """The psycopg connection string of ``url`` (without SQLAlchemy's driver suffix)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def new_database(base: str) -> str:
    """A fresh, empty database on the server of ``base``; its SQLAlchemy URL."""
    import psycopg

    name = f"cw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(_admin(base + "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_store(backend: str, tmp_path: Path) -> Iterator[str]:
    """Yield a store location of ``backend`` (file path or URL), empty; drop it afterwards."""
    if backend == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    url = new_database(pg_base_url())
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store, once on SQLite and once on PostgreSQL."""
    yield from make_store(request.param, tmp_path)
