"""The web app's read-only access to the ledger database.

A SQLite file is first checked through a `file:...?mode=ro` connection (it exists, is a
claimledger database of the schema this code knows, already in WAL mode), so opening the
Store writes nothing: no creation, no migration, no journal-mode change. Each Store then
gets `PRAGMA query_only = ON`: any write through it fails ("attempt to write a readonly
database"). A PostgreSQL URL is opened as it is; the app never calls a write method and
answers GET only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from claimledger.store import Store, StoreError
from claimledger.store import schema as _schema


def _is_url(target: str) -> bool:
    return "://" in target.split("?", 1)[0]


def check_sqlite(path: Path) -> None:
    """Raise StoreError unless `path` is a claimledger SQLite database that this code can
    read as it is. Only a read-only connection is made."""
    if not path.is_file():
        raise StoreError(f"no database at {path}")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            journal = db.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error as e:
        raise StoreError(f"cannot open database {path}: {e}") from None
    if version == 0:
        raise StoreError(f"{path} is not a claimledger database (create one with "
                         "`claimledger run PATH...`)")
    if version != _schema.VERSION:
        raise StoreError(f"{path}: schema version {version}, this claimledger reads version "
                         f"{_schema.VERSION} (`claimledger run` on it brings it up to date)")
    if journal.lower() != "wal":
        raise StoreError(f"{path}: journal mode {journal}, expected wal (written by another "
                         "program?): the server opens only databases it need not change")


def _raw_sqlite(store: Store) -> sqlite3.Connection | None:
    """The sqlite3 connection under the Store, whichever way the Store holds it."""
    conn: Any = getattr(store, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        return conn
    raw = getattr(getattr(conn, "connection", None), "dbapi_connection", None)
    return raw if isinstance(raw, sqlite3.Connection) else None


def open_readonly(target: str) -> Store:
    """A Store over `target` through which nothing can be written (SQLite)."""
    if _is_url(target):
        return Store(target, create=False)
    check_sqlite(Path(target))
    store = Store(target, create=False)
    raw = _raw_sqlite(store)
    if raw is None:  # never expected for a file: refuse rather than serve writable
        store.close()
        raise StoreError(f"cannot make {target} read-only")
    raw.execute("PRAGMA query_only = ON")
    return store
