"""The Store: a plain SQLite database that never holds a document twice or half of one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import make_claim, make_document

from claimledger.records import CleanText, Cut
from claimledger.store import Store, StoreError

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


def test_adding_the_same_document_twice_writes_it_once(tmp_path: Path):
    with Store(tmp_path / "ledger.db") as store:
        assert add(store) == "added"
        assert store.has("irpin.txt", make_document("irpin.txt", TEXT).source.sha256)
        assert add(store) == "unchanged"
        assert store.counts()["documents"] == 1
        assert store.counts()["claims"] == 1


def test_changed_bytes_replace_the_documents_claims(tmp_path: Path):
    with Store(tmp_path / "ledger.db") as store:
        add(store)
        changed = TEXT.replace("1,200", "1,500")
        doc = make_document("irpin.txt", changed)
        claim = make_claim(doc, changed, "1,500", 1500, "resident")
        assert store.add_document(doc, clean_of(doc), [claim]) == "replaced"

        assert [c["value"] for c in store.claims("irpin.txt")] == [1500]
        # The archive keeps both originals: sources are never modified.
        assert store.counts()["sources"] == 2


def test_a_document_is_written_in_one_transaction(tmp_path: Path):
    doc = make_document("irpin.txt", TEXT)
    first = make_claim(doc, TEXT, "1,200", 1200, "resident")

    def claims_then_crash():
        yield first
        raise RuntimeError("extractor crashed halfway")

    with Store(tmp_path / "ledger.db") as store:
        with pytest.raises(RuntimeError):
            store.add_document(doc, clean_of(doc), claims_then_crash())
        counts = store.counts()
        assert (counts["sources"], counts["documents"], counts["claims"]) == (0, 0, 0)


def test_the_original_bytes_and_offset_map_are_kept(tmp_path: Path):
    raw = "Subscribe now! " + TEXT
    doc = make_document("irpin.txt", raw)
    keep = len("Subscribe now! ")
    clean = CleanText(text=raw[keep:], offsets=list(range(keep, len(raw))),
                      cuts=[Cut(0, keep, "newsletter prompt", raw[:keep])])
    with Store(tmp_path / "ledger.db") as store:
        store.add_document(doc, clean, [])
        stored = store.document("irpin.txt")
        assert store.source(stored["sha256"])["data"] == raw.encode("utf-8")
        assert store.clean_text("irpin.txt") == clean
        assert stored["cuts"][0].reason == "newsletter prompt"


def test_claims_come_back_by_document_then_position(tmp_path: Path):
    text = "First 10 ships, then 20 ships, then 30 ships."
    doc = make_document("ships.txt", text)
    claims = [make_claim(doc, text, n, int(n), "ship") for n in ("30", "10", "20")]
    with Store(tmp_path / "ledger.db") as store:
        store.add_document(doc, clean_of(doc), claims)
        add(store, "a_first.txt")
        assert [(c["doc"], c["figure"]) for c in store.claims()] == [
            ("a_first.txt", "1,200"), ("ships.txt", "10"), ("ships.txt", "20"),
            ("ships.txt", "30"),
        ]


def test_runs_and_errors_are_recorded(tmp_path: Path):
    with Store(tmp_path / "ledger.db") as store:
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
