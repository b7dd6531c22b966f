"""The Store: a plain SQLite database that never holds a document twice or half of one.

The behaviour tests take `store_db`: they run on a SQLite file and, when CLAIMLEDGER_TEST_PG
names a server, on a fresh PostgreSQL schema (test_store_postgres.py has the rest)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import make_claim, make_document

from claimledger.records import CleanText, Cut
from claimledger.store import Store, StoreError
from claimledger.store.schema import VERSION

TEXT = "About 1,200 residents were evacuated from Irpin on Tuesday, the mayor said."


def clean_of(doc) -> CleanText:
    return CleanText(text=doc.raw, offsets=list(range(len(doc.raw))))


def add(store: Store, doc_id: str = "irpin.txt", text: str = TEXT) -> str:
    doc = make_document(doc_id, text)
    claim = make_claim(doc, text, "1,200", 1200, "resident", qualifier="approx")
    return store.add_document(doc, clean_of(doc), [claim])


def test_schema_opens_with_plain_tables_for_datasette(tmp_path: Path):
    db = tmp_path / "ledger.db"
    Store(db).close()
    with Store(db) as store:  # opening again keeps what is there
        assert store.counts()["documents"] == 0

    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sources", "documents", "claims", "runs", "errors"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(claims)")}
    assert ("documents", "doc") in fks
    columns = [r[1] for r in conn.execute("PRAGMA table_info(claims)")]
    for name in ("quote", "figure", "value", "low", "high", "qualifier", "unit", "claimant",
                 "affiliation", "predicate", "framing", "date", "place", "grp",
                 "quote_start", "quote_end", "figure_start", "figure_end", "kind"):
        assert name in columns


def test_adding_the_same_document_twice_writes_it_once(store_db: str):
    with Store(store_db) as store:
        assert add(store) == "added"
        assert store.has("irpin.txt", make_document("irpin.txt", TEXT).source.sha256)
        assert add(store) == "unchanged"
        assert store.counts()["documents"] == 1
        assert store.counts()["claims"] == 1


def test_changed_bytes_replace_the_documents_claims(store_db: str):
    with Store(store_db) as store:
        add(store)
        changed = TEXT.replace("1,200", "1,500")
        doc = make_document("irpin.txt", changed)
        claim = make_claim(doc, changed, "1,500", 1500, "resident")
        assert store.add_document(doc, clean_of(doc), [claim]) == "replaced"

        assert [c["value"] for c in store.claims("irpin.txt")] == [1500]
        # The archive keeps both originals: sources are never modified.
        assert store.counts()["sources"] == 2


def test_a_document_is_written_in_one_transaction(store_db: str):
    doc = make_document("irpin.txt", TEXT)
    first = make_claim(doc, TEXT, "1,200", 1200, "resident")

    def claims_then_crash():
        yield first
        raise RuntimeError("extractor crashed halfway")

    with Store(store_db) as store:
        with pytest.raises(RuntimeError):
            store.add_document(doc, clean_of(doc), claims_then_crash())
        counts = store.counts()
        assert (counts["sources"], counts["documents"], counts["claims"]) == (0, 0, 0)


def test_the_original_bytes_and_offset_map_are_kept(store_db: str):
    raw = "Subscribe now! " + TEXT
    doc = make_document("irpin.txt", raw)
    keep = len("Subscribe now! ")
    clean = CleanText(text=raw[keep:], offsets=list(range(keep, len(raw))),
                      cuts=[Cut(0, keep, "newsletter prompt", raw[:keep])])
    with Store(store_db) as store:
        store.add_document(doc, clean, [])
        stored = store.document("irpin.txt")
        assert store.source(stored["sha256"])["data"] == raw.encode("utf-8")
        assert store.clean_text("irpin.txt") == clean
        assert stored["cuts"][0].reason == "newsletter prompt"


def test_claims_come_back_by_document_then_position(store_db: str):
    text = "First 10 ships, then 20 ships, then 30 ships."
    doc = make_document("ships.txt", text)
    claims = [make_claim(doc, text, n, int(n), "ship") for n in ("30", "10", "20")]
    with Store(store_db) as store:
        store.add_document(doc, clean_of(doc), claims)
        add(store, "a_first.txt")
        assert [(c["doc"], c["figure"]) for c in store.claims()] == [
            ("a_first.txt", "1,200"), ("ships.txt", "10"), ("ships.txt", "20"),
            ("ships.txt", "30"),
        ]


def test_runs_and_errors_are_recorded(store_db: str):
    with Store(store_db) as store:
        run = store.begin_run(["articles"])
        store.record_error(run, "articles/broken.txt", "not text")
        store.finish_run(run, documents_added=0, errors=1)
        assert store.errors(run) == [
            {"run": run, "path": "articles/broken.txt", "problem": "not text"}
        ]


def test_a_missing_or_unopenable_database_is_a_clear_error(tmp_path: Path):
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "absent.db", create=False)
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path / "no" / "such" / "folder.db")
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("just some notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(not_sqlite)


def test_numbers_come_back_whole_as_int_and_others_exactly(store_db: str):
    text = "Some 402,000 people, 0.3 of them, 12.5 percent, 1.7 million."
    doc = make_document("n.txt", text)
    values = {"402,000": 402000.0, "0.3": 0.1 + 0.2, "12.5": 12.5, "1.7 million": 1.7e6}
    claims = [make_claim(doc, text, k, v, "person") for k, v in values.items()]
    claims.append(make_claim(doc, text, "people", None, "person", qualifier="vague"))
    with Store(store_db) as store:
        store.add_document(doc, clean_of(doc), claims)
        got = [(c["figure"], c["value"], c["low"]) for c in store.claims("n.txt")]
    assert got == [("402,000", 402000, 402000), ("people", None, None),
                   ("0.3", 0.1 + 0.2, 0.1 + 0.2), ("12.5", 12.5, 12.5),
                   ("1.7 million", 1700000, 1700000)]
    assert [type(v) for _, v, _ in got] == [int, type(None), float, float, int]


def test_text_sorts_by_code_point_and_nulls_first(store_db: str):
    with Store(store_db) as store:
        for doc_id in ("b.txt", "B.txt", "É.txt", "a b.txt", "a-b.txt", "z.txt"):
            add(store, doc_id)
        assert [d["id"] for d in store.documents()] == [
            "B.txt", "a b.txt", "a-b.txt", "b.txt", "z.txt", "É.txt"]
        doc = make_document("irpin.txt", TEXT)
        first = make_claim(doc, TEXT, "1,200", 1200, "resident")
        unplaced = make_claim(doc, TEXT, "Tuesday", None, "day", qualifier="vague")
        unplaced.quote_start = None
        store.add_document(doc, clean_of(doc), [first, unplaced])
        assert [c["figure"] for c in store.claims("irpin.txt")] == ["Tuesday", "1,200"]


def test_the_texts_for_syndication_come_in_id_order_a_page_at_a_time(store_db: str,
                                                                       monkeypatch):
    from claimledger.store import ledger

    monkeypatch.setattr(ledger._Texts, "_PAGE", 2)  # several pages from five documents
    with Store(store_db) as store:
        for doc_id in ("b.txt", "B.txt", "É.txt", "a b.txt", "z.txt"):
            add(store, doc_id, f"{TEXT} ({doc_id})")
        texts = store.texts()
        ids = ["B.txt", "a b.txt", "b.txt", "z.txt", "É.txt"]  # Python's order, in any database
        assert [doc_id for doc_id, _ in texts] == ids
        assert list(texts) == list(texts)  # read afresh each time
        assert dict(texts)["z.txt"] == f"{TEXT} (z.txt)"


# A version-1 database, as claimledger 0.1 wrote it: no ledger tables, no claims.claimant_id.
V1_SCHEMA = """
CREATE TABLE sources (sha256 TEXT PRIMARY KEY, path TEXT, size INTEGER, url TEXT,
    fetched TEXT, data BLOB);
CREATE TABLE documents (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL REFERENCES sources(sha256),
    title TEXT, outlet TEXT, url TEXT, date TEXT, date_source TEXT, format TEXT, language TEXT,
    clean_text TEXT, offsets TEXT, cuts TEXT, ingested_at TEXT);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE INDEX documents_date ON documents(date);
CREATE TABLE claims (id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, quote TEXT, figure TEXT,
    value NUMERIC, low NUMERIC, high NUMERIC, qualifier TEXT, unit TEXT, claimant TEXT,
    claimant_role TEXT, affiliation TEXT, predicate TEXT, framing TEXT, date TEXT, place TEXT,
    grp TEXT, quote_start INTEGER, quote_end INTEGER, figure_start INTEGER,
    figure_end INTEGER, kind TEXT);
CREATE INDEX claims_doc ON claims(doc, quote_start, figure_start);
CREATE INDEX claims_claimant ON claims(claimant);
CREATE INDEX claims_grp ON claims(grp);
CREATE INDEX claims_value ON claims(value, unit);
CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT, finished TEXT, inputs TEXT,
    documents_added INTEGER, errors INTEGER);
CREATE TABLE errors (id INTEGER PRIMARY KEY, run INTEGER REFERENCES runs(id), path TEXT,
    problem TEXT);
CREATE INDEX errors_run ON errors(run);
INSERT INTO sources VALUES ('abc', 'old.txt', 3, NULL, NULL, x'6f6c64');
INSERT INTO documents (id, sha256, clean_text) VALUES ('old.txt', 'abc', 'old');
INSERT INTO claims (doc, figure, value) VALUES ('old.txt', '402,000', 402000);
PRAGMA user_version = 1;
"""


def test_a_version_1_sqlite_file_is_migrated_and_keeps_its_rows(tmp_path: Path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    conn.close()

    with Store(db) as store:
        [claim] = store.claims()
        assert (claim["figure"], claim["value"], claim["claimant_id"]) == ("402,000", 402000, None)
        assert store.source("abc")["data"] == b"old"
        assert store.counts()["claimants"] == 0
        assert not store.has_ledger()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    columns = [r[1] for r in conn.execute("PRAGMA table_info(claims)")]
    # the columns added since version 1
    assert columns[-4:] == ["claimant_id", "period", "origin", "page"]
    documents = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    # version 4: where each was read from; 8: where a paged source's pages start, and what
    # a plain-text article says of itself
    assert documents[-5:] == ["path", "record", "pages", "byline", "dateline"]
    views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='view'")}
    assert views == {"claims_readable", "conflicts_readable"}  # version 9
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"claimants", "claim_groups", "measures", "conflicts", "syndication",
            "activity"} <= tables
    # the activity log starts at the migration, with what the database held then
    [(action, what)] = conn.execute("SELECT action, what FROM activity").fetchall()
    assert action == "manual"
    assert json.loads(what)["documents"]["old.txt"]["claims"] == 1
    with Store(db):  # opening it again changes nothing
        pass


def test_a_newer_sqlite_file_is_refused_untouched(tmp_path: Path):
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
