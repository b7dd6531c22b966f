"""The Store on PostgreSQL (`--db postgresql://...`): the same schema and behaviour as SQLite.

Runs when CLAIMLEDGER_TEST_PG names a server (`.ci/run` installs and starts one); each test
gets a fresh schema. The behaviour tests shared with SQLite are in test_store.py.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import sqlalchemy
from click.testing import CliRunner
from conftest import make_claim, make_document
from sqlalchemy.pool import NullPool

from claimledger.cli import main
from claimledger.records import CleanText
from claimledger.store import Store, StoreError
from claimledger.store.schema import VERSION

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample" / "docs"
TEXT = "About 1,200 residents were evacuated from Irpin on Tuesday, the mayor said."


def sql(url: str, query: str) -> list[tuple]:
    """Rows of `query`, run in the test's schema."""
    engine = sqlalchemy.create_engine(
        sqlalchemy.make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.exec_driver_sql(query)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def test_the_schema_is_the_same_tables_and_columns(pg_url: str, tmp_path: Path):
    # tables and the views for people (claims_readable, conflicts_readable) alike
    Store(pg_url).close()
    with Store(pg_url) as store:  # opening again keeps what is there
        assert store.counts()["documents"] == 0
        assert "claimledger:***@" in store.path  # the password is never shown

    columns: dict[str, list[str]] = {}
    for table, column in sql(pg_url, "SELECT table_name, column_name FROM information_schema"
                             ".columns WHERE table_schema = current_schema()"
                             " ORDER BY table_name, ordinal_position"):
        columns.setdefault(table, []).append(column)
    Store(tmp_path / "ledger.db").close()
    lite = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    with lite.connect() as conn:
        expected = {t: [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({t})")]
                    for (t,) in conn.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    lite.dispose()
    assert columns == expected

    types = dict(sql(pg_url, "SELECT table_name || '.' || column_name, data_type"
                             " FROM information_schema.columns"
                             " WHERE table_schema = current_schema()"))
    assert types["sources.data"] == "bytea"
    assert types["claims.value"] == "numeric"
    assert types["claims.id"] == "integer"
    assert types["syndication.score"] == "double precision"
    assert types["documents.clean_text"] == "text"
    fks = {fk for (fk,) in sql(pg_url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                                     " WHERE conrelid = 'claims'::regclass AND contype = 'f'")}
    assert fks == {"FOREIGN KEY (doc) REFERENCES documents(id) ON DELETE CASCADE",
                   # the ledger's references: checked when the ledger's transaction commits
                   "FOREIGN KEY (claimant_id) REFERENCES claimants(id) DEFERRABLE INITIALLY "
                   "DEFERRED"}
    [(comment,)] = sql(pg_url, "SELECT obj_description('documents'::regclass, 'pg_class')")
    assert comment == f"claimledger schema version {VERSION}"


def test_an_empty_or_foreign_or_newer_database_is_a_clear_error(pg_url: str):
    with pytest.raises(StoreError, match="no database at postgresql://claimledger:\\*\\*\\*@"):
        Store(pg_url, create=False)
    sql(pg_url, "CREATE TABLE documents (id TEXT)")
    with pytest.raises(StoreError, match="not claimledger's"):
        Store(pg_url)
    sql(pg_url, "DROP TABLE documents")
    Store(pg_url).close()
    sql(pg_url, "COMMENT ON TABLE documents IS 'claimledger schema version 99'")
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(pg_url)


def test_a_wrong_password_is_a_clear_error_without_the_password(pg_server: str):
    url = sqlalchemy.make_url(pg_server).set(password="not-the-password")
    with pytest.raises(StoreError, match="cannot open database") as e:
        Store(url.render_as_string(hide_password=False))
    assert "not-the-password" not in str(e.value)


def test_concurrent_writers_store_a_document_once(pg_url: str):
    """Four runs sharing the database add the same document at once: the advisory lock makes
    them take turns, so one adds it and the others find it unchanged."""
    doc = make_document("irpin.txt", TEXT)
    claim = make_claim(doc, TEXT, "1,200", 1200, "resident")
    clean = CleanText(text=TEXT, offsets=list(range(len(TEXT))))
    stores = [Store(pg_url) for _ in range(4)]
    start = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def write(store: Store) -> None:
        start.wait()
        outcomes.append(store.add_document(doc, clean, [claim]))

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for store in stores:
        store.close()

    assert sorted(outcomes) == ["added", "unchanged", "unchanged", "unchanged"]
    with Store(pg_url) as store:
        counts = store.counts()
    assert (counts["sources"], counts["documents"], counts["claims"]) == (1, 1, 1)


# -- end to end: `claimledger run` and `export` on PostgreSQL equal SQLite's ---------------

def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_run_and_export_on_postgresql_equal_sqlite(pg_url: str, tmp_path: Path):
    if not SAMPLE.is_dir():
        pytest.skip("the sample corpus is not bundled")
    corpus = tmp_path / "sample"
    shutil.copytree(SAMPLE, corpus)
    lite = str(tmp_path / "ledger.db")
    cli("run", str(corpus), "--db", lite)
    cli("run", str(corpus), "--db", pg_url)

    for fmt in ("jsonl", "conflicts"):
        ours = sorted(cli("export", "--format", fmt, "--db", pg_url).splitlines())
        assert ours == sorted(cli("export", "--format", fmt, "--db", lite).splitlines())
        assert ours, fmt
    for view in ("measures", "sources"):
        assert cli(view, "--db", pg_url) == cli(view, "--db", lite)
    with Store(lite) as a, Store(pg_url) as b:
        for table in ("claimants", "measures", "claim_groups", "syndication", "conflicts",
                      "top_figures"):
            assert getattr(b, table)() == getattr(a, table)(), table
        before = b.counts()
        assert before == a.counts()

    again = cli("run", str(corpus), "--db", pg_url)
    assert f"0 added, 0 replaced, {before['documents']} unchanged" in again
    with Store(pg_url, create=False) as b:
        after = b.counts()
    assert after == {**before, "runs": before["runs"] + 1}
