"""Opening a store: where it is, the connection settings, the schema version, and the write transaction.

A store is an SQLite file (the default, see :func:`default_location`) or a PostgreSQL URL
(``postgresql+psycopg://user@host/db``). Opening one applies the shipped Alembic migrations, so a store
written by an older clausewise is upgraded in place; one written by a newer clausewise, a file that is
not a database and a server that does not answer are :class:`~clausewise.errors.InputErrors` (exit 2).

Every write is one transaction holding the store's write lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
a transaction-scoped advisory lock), so concurrent writers queue instead of losing each other's rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from clausewise.errors import InputErrors, Location, Problem

ENV = "CLAUSEWISE_STORE"
#: PostgreSQL advisory lock key of the store's write lock (any constant; "cw" in ASCII).
_PG_LOCK = 0x6377
_MIGRATIONS = Path(__file__).parent / "migrations"
_READ_OPTION = "clausewise_read"
_READ = {_READ_OPTION: True}


def default_location() -> Path:
    """``$XDG_DATA_HOME/clausewise/store.sqlite`` (``~/.local/share/clausewise/store.sqlite``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "clausewise" / "store.sqlite"


def store_url(where: str | None) -> str:
    """The SQLAlchemy URL of ``where`` (a path or URL), else of ``$CLAUSEWISE_STORE``, else the default file."""
    where = where or os.environ.get(ENV) or str(default_location())
    if "://" in where:
        if where.startswith("postgresql://") or where.startswith("postgres://"):
            where = "postgresql+psycopg://" + where.split("://", 1)[1]
        return where
    return "sqlite:///" + str(Path(where).expanduser().resolve())


def display(url: str) -> str:
    """The store as a user names it: the file, or the URL without its password."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def store_error(url: str, message: str) -> InputErrors:
    return InputErrors([Problem(Location(display(url)), message)])


@dataclass
class Store:
    """An open, up-to-date store."""

    url: str
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock: committed on success, rolled back on any exception."""
        with self._session() as session, session.begin():
            if not self.is_sqlite:  # SQLite's BEGIN IMMEDIATE (see _sqlite_engine) already holds it
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent read (one transaction, rolled back at the end); it does not wait for writers."""
        with self._session(_READ) as session, session.begin():
            yield session
            session.rollback()

    @contextmanager
    def _session(self, options: dict[str, bool] | None = None) -> Iterator[Session]:
        bind = self.engine.execution_options(**options) if options else self.engine
        try:
            with Session(bind, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            raise store_error(self.url, f"the store failed: {_reason(exc)}") from None

    def close(self) -> None:
        self.engine.dispose()


def open_store(where: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating an SQLite file if needed) and migrate the store at ``where`` (see :func:`store_url`)."""
    url = store_url(where)
    if url.startswith("sqlite"):
        path = Path(display(url))
        if path.is_dir():
            raise store_error(url, "is a folder, not a store file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise store_error(url, f"cannot create the store's folder: {exc.strerror or exc}") from None
        engine = _sqlite_engine(url)
    elif url.startswith("postgresql"):
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise store_error(url, "unknown kind of store (expected a file path, sqlite:///… or postgresql+psycopg://…)")
    store = Store(url, engine)
    try:
        migrate(store, upgrade=upgrade)
    except InputErrors:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise store_error(url, f"cannot open the store: {_reason(exc)}") from None
    return store


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver must not open transactions itself: _begin does
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout = 60000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # writers take the write lock at BEGIN, so two never deadlock upgrading a read lock; readers (WAL)
        # read the last committed state without waiting
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(_READ_OPTION) else "BEGIN IMMEDIATE")

    return engine


def known_revisions() -> list[str]:
    """The shipped schema revisions, oldest first."""
    script = _script()
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def _config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def current_revision(store: Store) -> str | None:
    with store.engine.execution_options(**_READ).connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(store: Store, *, upgrade: bool = True, target: str = "head") -> str | None:
    """Check the schema and, with ``upgrade``, bring it to ``target``; return the revision before.

    The check reads without waiting for writers; an upgrade runs under the write lock and checks again, so
    two processes opening a new store at once do not both create it.
    """
    from alembic import command

    known = known_revisions()
    wanted = known[-1] if target == "head" else target
    with store.engine.execution_options(**_READ).connect() as conn:
        before = _revision(store, conn, known)
    if not upgrade or before == wanted:
        return before
    with store.engine.begin() as conn:
        if not store.is_sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        before = _revision(store, conn, known)
        if before != wanted:
            config = _config()
            config.attributes["connection"] = conn
            command.upgrade(config, target)
    return before


def _revision(store: Store, conn: Any, known: list[str]) -> str | None:
    """The store's schema revision (None: an empty database); a foreign or newer database is an error."""
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            names = ", ".join(sorted(tables)[:5])
            raise store_error(store.url, f"not a clausewise store (it has other tables: {names})")
        return None
    revision: str | None = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is not None and revision not in known:
        raise store_error(
            store.url,
            f"written by a newer clausewise (schema revision {revision}; this clausewise knows up to "
            f"{known[-1]}): upgrade clausewise to use it",
        )
    return revision


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text_ = str(orig if orig is not None else exc).strip().splitlines()
    return text_[0] if text_ else type(exc).__name__
