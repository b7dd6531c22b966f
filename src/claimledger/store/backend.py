"""Opening a database: a SQLite file (the default) or a PostgreSQL URL.

Both get the one schema of schema.py, created on open (or migrated from an older version), and
the same transactions, so Store reads and writes them alike:

- SQLite: the file as before: WAL, foreign keys on, the schema version in PRAGMA user_version.
  A write transaction is BEGIN IMMEDIATE: it takes the write lock up front, so a concurrent
  writer waits here (up to BUSY_TIMEOUT: another run may be rebuilding the ledger) rather
  than failing halfway through a document. Reads run in plain (deferred) transactions,
  which never block a writer under WAL.
- PostgreSQL (`postgresql://user:pass@host:port/db`, through psycopg 3): every write
  transaction first takes one transaction-level advisory lock, `pg_advisory_xact_lock`, so
  writers take turns as they do on SQLite: two runs sharing a database never both find a
  document missing and both insert it, and never rebuild the ledger tables at once. Reads are
  not locked (READ COMMITTED). The schema version is the comment on table `documents`.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from claimledger.store import activity
from claimledger.store.schema import VERSION, VIEWS, metadata, trigger_names, triggers

# Every write transaction on PostgreSQL holds this advisory lock ("claimldg" as a bigint).
LOCK_KEY = int.from_bytes(b"claimldg", "big")
_PG_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
_VERSION_COMMENT = "claimledger schema version {}"
# Seconds a SQLite writer waits for another one's transaction (a ledger rebuild holds the
# lock while it builds) before giving up with "database is locked".
BUSY_TIMEOUT = 900.0


class StoreError(Exception):
    """The database cannot be opened or used; the message says which one and why."""


class DiskFull(StoreError):
    """A write failed for want of space; its transaction was rolled back."""


def is_disk_full(e: BaseException) -> bool:
    """SQLite's SQLITE_FULL, or PostgreSQL's disk_full (SQLSTATE 53100)."""
    orig = getattr(e, "orig", e)
    if isinstance(orig, sqlite3.Error):
        return getattr(orig, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or \
            "database or disk is full" in str(orig)
    return getattr(orig, "sqlstate", None) == "53100"


def is_url(target: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target) is not None


def label(target: str) -> str:
    """How the database is named in messages: the path, or the URL without its password."""
    if not is_url(target):
        return target
    try:
        return make_url(target).render_as_string(hide_password=True)
    except ArgumentError:
        return target


def connect(target: str, create: bool, repair: bool = True,
            signer: Any = None) -> Connection:
    """A connection to the database at `target` (a path, ":memory:" or a PostgreSQL URL), its
    schema created or brought up to date and, if `repair`, any append-only trigger someone
    dropped put back (and the repair logged). `signer` (store/signing.py) signs every entry
    this connection adds to the activity log. Raises StoreError with the reason."""
    name = label(target)
    if is_url(target):
        scheme = target.split("://", 1)[0].lower()
        if scheme not in _PG_SCHEMES:
            raise StoreError(f"cannot open database {name}: only SQLite files and "
                             "postgresql:// URLs are supported")
    elif not create and target != ":memory:" and not Path(target).is_file():
        raise StoreError(f"no database at {target}")
    try:
        engine = _postgres_engine(target) if is_url(target) else _sqlite_engine(target, name)
        conn = engine.connect()
    except (SQLAlchemyError, sqlite3.Error) as e:
        raise _open_error(name, e) from None
    conn.info["signer"] = signer
    try:
        if is_url(target):
            _prepare_postgres(conn, name, create)
        else:
            _prepare_sqlite(conn)
        if repair:
            _restore_triggers(conn)
    except BaseException as e:
        conn.close()
        engine.dispose()
        if isinstance(e, SQLAlchemyError | sqlite3.Error):
            raise _open_error(name, e) from None
        raise
    return conn


def _open_error(name: str, e: Exception) -> StoreError:
    reason = e.orig if isinstance(e, DBAPIError) else e
    return StoreError(f"cannot open database {name}: {str(reason).strip()}")


def missing_triggers(conn: Connection) -> list[str]:
    """The append-only triggers that should exist and do not (someone dropped them)."""
    if conn.dialect.name == "postgresql":
        have = set(conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    else:
        have = set(conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
    return [n for n in trigger_names(conn.dialect.name) if n not in have]


def _restore_triggers(conn: Connection) -> None:
    """Put back dropped append-only triggers, on every writable open: a `DROP TRIGGER` must
    not leave the log editable from then on. The repair is itself logged."""
    with conn.begin():
        if not missing_triggers(conn):
            return
    conn.info["write"] = True
    try:
        with conn.begin():
            write_lock(conn)
            missing = missing_triggers(conn)
            if missing:
                for sql in triggers(conn.dialect.name):
                    conn.exec_driver_sql(sql)
                activity.append(conn, "repair", {"event": "append-only triggers restored",
                                                 "missing": missing})
    finally:
        conn.info.pop("write", None)


def write_lock(conn: Connection) -> None:
    """Called first in every write transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))


def asc(col: Any) -> Any:
    """Ascending with NULLs first, as SQLite sorts them (PostgreSQL puts them last)."""
    return col.asc().nulls_first()


def desc(col: Any) -> Any:
    """Descending with NULLs last, as SQLite sorts them (PostgreSQL puts them first)."""
    return col.desc().nulls_last()


# -- SQLite ---------------------------------------------------------------------------------

def _sqlite_engine(path: str, name: str) -> Any:
    def connect() -> sqlite3.Connection:
        # Autocommit in the driver: transactions are begun by the "begin" event below.
        db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                raise StoreError(f"{name}: schema version {version} is newer than "
                                 f"this claimledger knows ({VERSION})")
            _into_wal(db)
            db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
            db.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            db.close()
            raise
        return db

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    return engine


def _into_wal(db: sqlite3.Connection) -> None:
    """WAL mode, waiting as for any lock. Two runs creating one database at once: switching a
    new file to WAL takes a lock SQLite does not wait for ("database is locked" at once)."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _prepare_sqlite(conn: Connection) -> None:
    with conn.begin():
        version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
    if version == VERSION:
        return
    conn.info["write"] = True
    try:
        # One transaction: a database is never left half-created or half-migrated.
        with conn.begin():
            version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
            if version < VERSION:
                _migrate(conn, version)
                conn.exec_driver_sql(f"PRAGMA user_version = {VERSION}")
    finally:
        conn.info.pop("write", None)


# -- PostgreSQL -----------------------------------------------------------------------------

def _postgres_engine(url: str) -> Any:
    # postgresql:// alone would mean psycopg2: psycopg 3 is the driver installed.
    return create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)


def _prepare_postgres(conn: Connection, name: str, create: bool) -> None:
    with conn.begin():
        write_lock(conn)  # two runs opening a new database create it once
        found = conn.execute(text("SELECT to_regclass('documents') IS NOT NULL")).scalar_one()
        if not found and not create:
            raise StoreError(f"no database at {name} (it has no claimledger tables)")
        version = 0
        if found:
            comment = conn.execute(text(
                "SELECT obj_description(to_regclass('documents'), 'pg_class')")).scalar_one()
            m = re.fullmatch(_VERSION_COMMENT.format(r"(\d+)"), comment or "")
            if m is None:
                raise StoreError(f"{name}: its table `documents` is not claimledger's "
                                 "(no schema version)")
            version = int(m.group(1))
            if version > VERSION:
                raise StoreError(f"{name}: schema version {version} is newer than "
                                 f"this claimledger knows ({VERSION})")
        if version < VERSION:
            _migrate(conn, version)
            conn.exec_driver_sql(
                f"COMMENT ON TABLE documents IS '{_VERSION_COMMENT.format(VERSION)}'")


# -- both -----------------------------------------------------------------------------------

def _add_missing_columns(conn: Connection) -> None:
    """ALTER TABLE ... ADD COLUMN for each column of schema.py an existing table lacks
    (new columns are nullable: rows stored before them read NULL)."""
    found = inspect(conn)
    for table in metadata.sorted_tables:
        if not found.has_table(table.name):
            continue
        have = {c["name"] for c in found.get_columns(table.name)}
        for col in table.columns:
            if col.name not in have:
                kind = col.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {col.name} {kind}")


def _migrate(conn: Connection, version: int) -> None:
    """From `version` (0: an empty database) to VERSION, in the caller's transaction."""
    if version > 0:
        _add_missing_columns(conn)
    metadata.create_all(conn)  # the tables missing, with their indexes
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)  # indexes added to older tables
    for sql in triggers(conn.dialect.name):  # sources and activity: append-only
        conn.exec_driver_sql(sql)
    for name, select_sql in VIEWS.items():  # what a person reads: recreated as defined now
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE VIEW {name} AS {select_sql}")
    if 0 < version < 3:
        # The activity log starts here: its first entry records what the database held, so
        # `verify` checks later changes against it (what came before is taken as found).
        activity.append(conn, "manual", {
            "event": "migration", "schema": [version, VERSION],
            "documents": activity.document_digests(conn),
            "ledger": activity.ledger_digest(conn)})
