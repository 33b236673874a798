"""``store backup``: a consistent copy of an SQLite store, taken while other processes may be writing."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from clausewise.store.db import Store, display, store_error


def backup(store: Store, destination: Path) -> None:
    """Copy with SQLite's online backup API into a temporary file, then rename it over ``destination``."""
    if not store.is_sqlite:
        raise store_error(store.url, "backup copies SQLite stores; back up PostgreSQL with pg_dump (docs/store.md)")
    source_path = display(store.url)
    destination = destination.resolve()
    if destination == Path(source_path).resolve():
        raise store_error(store.url, "the backup cannot replace the store itself")
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    os.close(fd)
    try:
        source = sqlite3.connect(source_path, timeout=60)
        target = sqlite3.connect(tmp)
        try:
            with target:
                source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
            source.close()
        os.replace(tmp, destination)
    except sqlite3.Error as exc:
        raise store_error(store.url, f"backup failed: {exc}") from None
    except OSError as exc:
        raise store_error(store.url, f"cannot write the backup {destination}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
