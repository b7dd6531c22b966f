"""Integrity (issue 5): originals archived by SHA-256 and never modified, the working copy
re-derivable from them, an append-only, hash-chained activity log, and `claimledger verify`
catching any change made behind the store's back (exit 1, one line per mismatch)."""

from __future__ import annotations

import getpass
import io
import json
import re
import shutil
import socket
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_claim, make_document

from claimledger.cli import main
from claimledger.integrity import verify
from claimledger.records import CleanText
from claimledger.store import Store
from claimledger.store.activity import GENESIS, entry_hash

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample" / "docs"

# A page with entities: a figure whose space is an &nbsp; maps back to the entity's `&`.
PAGE = ("<html><head><title>{name} owners count the cost</title></head><body><article>"
        "<h1>{name} owners count the cost</h1>"
        "<p>About&nbsp;1,400 {names} closed during the winter, the trade association said on "
        "Monday.</p><p>The association&#39;s chair, Marie Dubois, said more than 3,000&nbsp;jobs "
        "were lost &amp; 40 % of owners borrowed.</p></article></body></html>")


def write_crawl(path: Path) -> None:
    """One WARC page in windows-1252, its charset in the HTTP header only."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = PAGE.format(name="Caf\u00e9", names="caf\u00e9s").encode("cp1252")
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=iso-8859-1")],
                                protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(
            "https://news.example/cafes", "response", payload=io.BytesIO(body),
            http_headers=http, warc_headers_dict={"WARC-Date": "2024-03-04T10:00:00Z"}))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database from one `claimledger run` over every kind of input: the sample's plain
    text, HTML and JSONL, an HTML page with entities and a WARC page in windows-1252."""
    root = tmp_path_factory.mktemp("integrity")
    folder = root / "docs"
    shutil.copytree(SAMPLE, folder)
    (folder / "entities.html").write_text(PAGE.format(name="Bakery", names="bakeries"),
                                          encoding="utf-8")
    write_crawl(folder / "crawl.warc.gz")
    db = root / "built.db"
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    """A copy of the built database to tamper with."""
    copy = tmp_path / "ledger.db"
    shutil.copy(built, copy)
    return copy


def check(db: Path | str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["verify", "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def sql(db: Path, *statements: str, params: tuple = ()) -> list[tuple]:
    """Run statements straight on the SQLite file, as someone bypassing claimledger would."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        rows: list[tuple] = []
        for s in statements:
            rows = conn.execute(s, params if "?" in s else ()).fetchall()
        return rows
    finally:
        conn.close()


def without_triggers(db: Path, table: str, statement: str, params: tuple = ()) -> None:
    """Drop the append-only triggers of `table`, run `statement`, put them back."""
    sql(db, f"DROP TRIGGER {table}_no_update", f"DROP TRIGGER {table}_no_delete")
    sql(db, statement, params=params)
    Store(db).close()  # opening puts the triggers back


# -- a clean database -----------------------------------------------------------------------

def test_a_clean_run_verifies_ok_for_every_kind_of_input(db: Path):
    code, lines = check(db)
    assert code == 0, lines
    assert lines == [lines[-1]]
    assert lines[-1].startswith("verify: OK: 14 originals, 14 documents, ")
    with Store(db) as store:
        docs = {d["id"]: d["format"] for d in store.documents()}
    assert {"crawl.warc.gz#1", "entities.html", "05_field_report_filtration_and_blinken.jsonl#1",
            "01_mariupol_council_deportations.txt"} <= set(docs)


def test_verify_is_fast_on_the_sample_corpus(db: Path):
    started = time.monotonic()
    with Store(db) as store:
        assert verify(store).ok
    assert time.monotonic() - started < 5


# -- originals ------------------------------------------------------------------------------

def test_originals_and_the_log_refuse_update_and_delete(db: Path):
    for statement in ("UPDATE sources SET path = 'elsewhere'", "DELETE FROM sources",
                      "UPDATE activity SET who = 'someone@else'", "DELETE FROM activity"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            sql(db, statement)
    assert check(db)[0] == 0


def test_a_byte_flipped_in_an_original_is_caught(db: Path):
    [(key, data)] = sql(db, "SELECT sha256, data FROM sources WHERE path LIKE '%entities.html'")
    flipped = bytearray(data)
    at = bytes(data).index(b"1,400")
    flipped[at] ^= 0x01  # "1,400" -> "0,400"
    without_triggers(db, "sources", "UPDATE sources SET data = ? WHERE sha256 = ?",
                     (bytes(flipped), key))
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith(f"sources {key}: the archived bytes") for line in lines), lines
    # its document no longer re-derives from it either
    assert any(line.startswith("documents entities.html: clean_text differs") for line in lines)
    assert lines[-1].startswith("verify: FAILED: ")


def test_a_byte_flipped_in_the_database_file_itself_is_caught(db: Path):
    with Store(db) as store:
        [doc] = [d for d in store.documents() if d["id"] == "entities.html"]
    needle = b"About&nbsp;1,400 bakeries"  # markup: only in the archived original
    raw = bytearray(db.read_bytes())
    assert raw.count(needle) == 1
    at = raw.index(needle) + len(b"About&nbsp;")
    raw[at] = ord("7")  # "1,400" -> "7,400", the file written directly
    db.write_bytes(bytes(raw))
    code, lines = check(db)
    assert code == 1
    text = "\n".join(lines)
    assert f"sources {doc['sha256']}: the archived bytes" in text
    assert "documents entities.html: clean_text differs" in text


# -- the working copy and the claims --------------------------------------------------------

def test_an_edited_claim_quote_is_caught(db: Path):
    [(claim_id, doc, quote)] = sql(
        db, "SELECT id, doc, quote FROM claims WHERE doc = 'entities.html' ORDER BY id LIMIT 1")
    sql(db, "UPDATE claims SET quote = ? WHERE id = ?",
        params=(quote.replace("1,400", "14,000"), claim_id))
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith(f"claims {doc}#{claim_id}: quote differs from clean_text[")
               for line in lines), lines
    # and the log's digest of the document and its claims no longer matches
    assert f"documents {doc}: its row or its claims changed since activity entry #" in \
        "\n".join(lines)


def test_an_edited_claim_value_or_moved_figure_is_caught(db: Path):
    [(claim_id, doc)] = sql(db, "SELECT id, doc FROM claims WHERE figure = 'About 1,400' "
                                "AND doc = 'entities.html'")
    sql(db, "UPDATE claims SET value = 14000 WHERE id = ?", params=(claim_id,))
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith(f"documents {doc}: its row or its claims changed") for line in lines)

    sql(db, "UPDATE claims SET value = 1400, figure_start = figure_start + 1, "
            "figure_end = figure_end + 1 WHERE id = ?", params=(claim_id,))
    code, lines = check(db)
    assert any(line.startswith(f"claims {doc}#{claim_id}: figure differs") for line in lines)


def test_an_edited_clean_text_is_caught(db: Path):
    sql(db, "UPDATE documents SET clean_text = replace(clean_text, '402,000', '420,000') "
            "WHERE id LIKE '03_wire%'")
    code, lines = check(db)
    assert code == 1
    text = "\n".join(lines)
    assert "documents 03_wire_denisova_mizintsev.txt: clean_text differs from the text " \
           "re-derived from the original at char" in text
    assert "claims 03_wire_denisova_mizintsev.txt#" in text  # its quotes no longer match


def test_an_offset_map_that_points_elsewhere_is_caught(db: Path):
    sql(db, "UPDATE documents SET offsets = '[[0,5,100000]]' WHERE id = 'entities.html'")
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith("documents entities.html: offsets differ") for line in lines)


def test_a_claim_deleted_or_a_document_added_behind_the_log_is_caught(db: Path):
    sql(db, "DELETE FROM claims WHERE id = (SELECT max(id) FROM claims WHERE doc = "
            "'entities.html')")
    doc = make_document("sneaked.txt", "Officials said 5,000 people left.")
    with Store(db) as store:  # bypassing the log: write the rows as the store would
        src = doc.source
        store.conn.exec_driver_sql(
            "INSERT INTO sources (sha256, path, size, data) VALUES (?, ?, ?, ?)",
            (src.sha256, src.path, src.size, src.data))
        store.conn.exec_driver_sql(
            "INSERT INTO documents (id, sha256, format, clean_text, offsets, cuts) "
            "VALUES (?, ?, 'text', ?, ?, '[]')",
            (doc.id, src.sha256, doc.raw, json.dumps([[0, 0, len(doc.raw)]])))
        store.conn.commit()
    code, lines = check(db)
    assert code == 1
    text = "\n".join(lines)
    stored, recorded = re.search(r"claims entities.html: (\d+) claims stored but activity "
                                 r"entry #\d+ recorded (\d+)", text).groups()
    assert int(stored) == int(recorded) - 1
    assert "documents sneaked.txt: not in the activity log" in text


# -- the activity log -----------------------------------------------------------------------

def test_the_log_records_each_ingest_with_who_when_what(db: Path):
    with Store(db) as store:
        entries = store.activity()
        docs = {d["id"]: d for d in store.documents()}
    ingests = [e for e in entries if e["action"] == "ingest"]
    assert [e["action"] for e in entries] == ["ingest"] * len(docs) + ["ledger"]
    assert {json.loads(e["what"])["doc"] for e in ingests} == set(docs)
    me = f"{getpass.getuser()}@{socket.gethostname()}"
    for e in entries:
        assert e["who"] == me
        at = datetime.fromisoformat(e["at"])
        assert at.utcoffset() == timedelta(0)  # UTC
        assert abs(datetime.now(at.tzinfo) - at) < timedelta(hours=1)
    for e in ingests:
        what = json.loads(e["what"])
        doc = docs[what["doc"]]
        assert (what["sha256"], what["claims"]) == (doc["sha256"], doc["claims"])
        assert what["format"] == doc["format"] and len(what["digest"]) == 64
    ledger = json.loads(entries[-1]["what"])
    assert ledger["rows"]["claim_groups"] > 0 and ledger["claims"] == sum(
        d["claims"] for d in docs.values())
    # chained: each entry's prev is the one before's hash
    assert entries[0]["prev"] == GENESIS
    for before, e in zip(entries, entries[1:], strict=False):
        assert e["prev"] == before["hash"] == entry_hash(before["prev"], before)


def test_a_replaced_document_and_a_manual_change_are_logged(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    article = folder / "irpin.txt"
    article.write_text("About 1,200 residents were evacuated from Irpin, the mayor said.\n")
    db = tmp_path / "ledger.db"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(folder), "--db", str(db)]).exit_code == 0
    article.write_text("About 1,300 residents were evacuated from Irpin, the mayor said.\n")
    assert runner.invoke(main, ["run", str(folder), "--db", str(db)]).exit_code == 0
    assert runner.invoke(main, ["run", str(folder), "--db", str(db)]).exit_code == 0
    with Store(db) as store:
        actions = [e["action"] for e in store.activity()]
        assert actions == ["ingest", "ledger", "replace", "ledger"]  # unchanged: nothing
        replaced = json.loads(store.activity()[2]["what"])
        assert replaced["replaced"] == json.loads(store.activity()[0]["what"])["sha256"]
        assert store.counts()["sources"] == 2  # the first original is kept

        # A change by hand, logged with the new digest of what it changed, verifies.
        store.conn.exec_driver_sql("UPDATE documents SET outlet = 'Kyiv Independent'")
        store.conn.commit()
        assert not verify(store).ok
        store.record_manual({"why": "outlet added from the source list"},
                            documents=["irpin.txt"])
        assert store.activity()[-1]["action"] == "manual"
        assert verify(store).ok
    assert check(db)[0] == 0


def test_an_edited_log_entry_is_caught(db: Path):
    without_triggers(db, "activity",
                     "UPDATE activity SET who = 'someone@else' WHERE id = 3")
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith("activity #3: hash ") and "the entry was edited" in line
               for line in lines), lines


def test_an_edited_log_entry_with_its_hash_recomputed_breaks_the_chain(db: Path):
    [(prev, at, who, what)] = sql(db, "SELECT prev, at, who, what FROM activity WHERE id = 2")
    forged = json.loads(what)
    forged["claims"] += 1
    entry = {"id": 2, "at": at, "who": who, "action": "ingest",
             "what": json.dumps(forged, sort_keys=True, separators=(",", ":"))}
    without_triggers(db, "activity", "UPDATE activity SET what = ?, hash = ? WHERE id = 2",
                     (entry["what"], entry_hash(prev, entry)))
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith("activity #3: prev is ") and "the chain is broken" in line
               for line in lines), lines


def test_a_deleted_log_entry_is_caught(db: Path):
    without_triggers(db, "activity", "DELETE FROM activity WHERE id = 4")
    code, lines = check(db)
    assert code == 1
    text = "\n".join(lines)
    assert "activity #5: entry number 5 where 4 should be" in text
    assert "activity #5: prev is " in text


def test_the_chain_starts_at_the_migration_of_an_older_database(db: Path):
    # Make it a version-2 database (no activity table, no triggers), as claimledger wrote it.
    sql(db, "DROP TABLE activity", "DROP TRIGGER sources_no_update",
        "DROP TRIGGER sources_no_delete", "PRAGMA user_version = 2")
    code, lines = check(db)  # opening migrates it
    assert code == 0, lines
    with Store(db) as store:
        [entry] = store.activity()
        what = json.loads(entry["what"])
        assert (entry["action"], what["event"], what["schema"]) == ("manual", "migration", [2, 3])
        assert len(what["documents"]) == store.counts()["documents"]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sql(db, "DELETE FROM sources")
    # and later changes are checked against it
    sql(db, "UPDATE claims SET unit = 'goat' WHERE id = 1")
    assert check(db)[0] == 1


def test_an_edited_ledger_table_is_caught(db: Path):
    sql(db, "UPDATE claim_groups SET value = 1 WHERE id = (SELECT min(id) FROM claim_groups)")
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith("ledger tables: changed since activity entry #") for line in lines)


def test_verify_without_a_database_is_an_error(tmp_path: Path):
    result = CliRunner().invoke(main, ["verify", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database at" in result.output


# -- PostgreSQL, when a server is given (the same checks; triggers in plpgsql) ---------------

def test_verify_on_either_database(store_db: str):
    doc = make_document("irpin.txt", "About 1,200 residents were evacuated from Irpin.")
    text = CleanText(doc.raw, list(range(len(doc.raw))), [])
    claim = make_claim(doc, doc.raw, "About 1,200", 1200, "resident")
    claim.quote, claim.quote_end = doc.raw, len(doc.raw)
    with Store(store_db) as store:
        store.add_document(doc, text, [claim])
        report = verify(store)
        assert report.ok, [m.line() for m in report.mismatches]
        assert report.checked == {"sources": 1, "documents": 1, "claims": 1, "activity": 1}
        with pytest.raises(Exception, match="append-only"):
            with store.locked():
                store.conn.exec_driver_sql("UPDATE activity SET who = 'x'")
        with store.locked():
            store.conn.exec_driver_sql("UPDATE claims SET quote = 'About 12,000 residents'")
        assert {m.table for m in verify(store).mismatches} == {"claims", "documents"}
