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
from claimledger.store.schema import VERSION
from claimledger.store.signing import load_key

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


def check(db: Path | str, *more: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["verify", "--db", str(db), *more])
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
    assert len(lines) == 2 and re.fullmatch(r"head: [0-9a-f]{64}", lines[0]), lines
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
        assert (entry["action"], what["event"], what["schema"]) == ("manual", "migration",
                                                                    [2, VERSION])
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
        assert report.checked == {"sources": 1, "documents": 1, "claims": 1, "activity": 1,
                                  "decisions": 0}
        with pytest.raises(Exception, match="append-only"):
            with store.locked():
                store.conn.exec_driver_sql("UPDATE activity SET who = 'x'")
        with store.locked():
            store.conn.exec_driver_sql("UPDATE claims SET quote = 'About 12,000 residents'")
        assert {m.table for m in verify(store).mismatches} == {"claims", "documents"}
        # a dropped trigger is reported, and put back on the next open
        name, on = (("activity_append_only", " ON activity") if store.dialect == "postgresql"
                    else ("activity_no_update", ""))
        with store.locked():
            store.conn.exec_driver_sql(f"DROP TRIGGER {name}{on}")
        assert store.missing_triggers() == [name]
    with Store(store_db) as store:
        assert store.missing_triggers() == []
        assert store.activity()[-1]["action"] == "repair"


# -- issue 11: the ledger's columns, dropped triggers, anchors -------------------------------

def test_a_figure_moved_to_another_claimant_and_group_is_caught(db: Path):
    # a Russian ministry's figure credited to a Ukrainian mayor: only the ledger's columns
    [(a, grp_a, who_a), (b, grp_b, who_b)] = sql(
        db, "SELECT id, grp, claimant_id FROM claims WHERE claimant_id IS NOT NULL "
            "GROUP BY claimant_id ORDER BY id LIMIT 2")
    assert who_a != who_b
    sql(db, "UPDATE claims SET claimant_id = ?, grp = ? WHERE id = ?", params=(who_b, grp_b, a))
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith("ledger tables: changed since activity entry #")
               for line in lines), lines


def test_a_dropped_trigger_is_reported_and_put_back_by_the_next_writable_open(db: Path):
    sql(db, "DROP TRIGGER activity_no_update")
    code, lines = check(db)  # verify does not repair: it reports
    assert code == 1
    assert "database activity_no_update: append-only trigger missing" in "\n".join(lines)
    with Store(db) as store:  # any writable open puts it back, and says so in the log
        last = store.activity()[-1]
        assert (last["action"], json.loads(last["what"])["missing"]) == \
            ("repair", ["activity_no_update"])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sql(db, "UPDATE activity SET who = 'x' WHERE id = 1")
    assert check(db)[0] == 0


def forge(db: Path, statement: str, params: tuple = ()) -> None:
    """What a determined insider does: drop the triggers, change the data, recompute the
    digests the log recorded and re-hash the chain from there, so the log agrees again."""
    from claimledger.store import activity

    sql(db, "DROP TRIGGER activity_no_update", "DROP TRIGGER activity_no_delete")
    sql(db, statement, params=params)
    conn = sqlite3.connect(db, isolation_level=None)
    rows = conn.execute("SELECT id, at, who, action, what, prev, hash FROM activity "
                        "ORDER BY id").fetchall()
    with Store(db, repair=False) as store:
        ledger = store.ledger_digest()
        docs = store.document_digests()
    prev = GENESIS
    for id_, at, who, action, what, _prev, _hash in rows:
        w = json.loads(what)
        if action in ("ingest", "replace"):
            w.update(docs[w["doc"]])
        elif action == "ledger":
            w.update(ledger)
        entry = {"id": id_, "at": at, "who": who, "action": action,
                 "what": activity.canonical(w)}
        prev_hash = entry_hash(prev, entry)
        conn.execute("UPDATE activity SET what = ?, prev = ?, hash = ? WHERE id = ?",
                     (entry["what"], prev, prev_hash, id_))
        prev = prev_hash
    conn.close()
    put_triggers_back(db)


def put_triggers_back(db: Path) -> None:
    """By hand, as if nothing happened (opening a Store would log the repair)."""
    from claimledger.store.schema import triggers

    sql(db, *triggers("sqlite"))


def test_a_forged_rehash_passes_the_chain_but_not_a_recorded_head(db: Path):
    code, lines = check(db)
    head = lines[-2].removeprefix("head: ")
    assert code == 0 and re.fullmatch(r"[0-9a-f]{64}", head), lines
    assert check_head(db, head)[0] == 0

    forge(db, "UPDATE claims SET claimant = 'Someone Else' WHERE id = 1")
    # the chain alone cannot tell: it was recomputed (what the README says of this mode)
    assert check(db)[0] == 0
    code, lines = check_head(db, head)
    assert code == 1
    assert any(line.startswith("activity head: the expected head ") for line in lines), lines
    # a prefix will do; a non-hash is refused
    assert check_head(db, head[:20])[0] == 1
    assert "is not a hash" in "\n".join(check_head(db, "not-a-head")[1])


def check_head(db: Path, head: str, *more: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["verify", "--db", str(db), "--expect-head", head, *more])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def signed_db(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A database whose every entry is signed: (db, private key, public key)."""
    runner = CliRunner()
    key = tmp_path / "ledger.key"
    assert runner.invoke(main, ["keygen", str(key)]).exit_code == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "irpin.txt").write_text("About 1,200 residents left Irpin, the mayor said.\n")
    (folder / "bucha.txt").write_text("Some 300 homes were hit in Bucha, officials said.\n")
    db = tmp_path / "signed.db"
    result = runner.invoke(main, ["run", str(folder), "--db", str(db), "--key", str(key)])
    assert result.exit_code == 0, result.output
    return db, key, tmp_path / "ledger.key.pub"


def test_with_a_key_every_entry_is_signed_and_a_rehash_without_it_is_caught(tmp_path: Path):
    db, key, public = signed_db(tmp_path)
    assert all(e["sig"].startswith("ed25519:") for e in Store(db).activity())
    code, lines = check(db, "--key", str(public))  # the public key alone verifies
    assert code == 0, lines
    assert any(line.startswith("signatures by key ") for line in lines)

    forge(db, "UPDATE claims SET value = 12000 WHERE value = 1200")
    assert check(db)[0] == 0  # without the key, a re-hashed chain is not caught...
    code, lines = check(db, "--key", str(public))  # ...with it, it is
    assert code == 1
    assert any("signature does not verify" in line for line in lines), lines


def test_a_rehash_by_someone_holding_the_key_is_caught_by_a_recorded_head(tmp_path: Path):
    db, key, public = signed_db(tmp_path)
    head = check(db)[1][-2].removeprefix("head: ")
    forge(db, "UPDATE claims SET value = 12000 WHERE value = 1200")
    with Store(db, repair=False) as store:  # re-signed by the key holder
        entries = store.activity()
    sign = load_key(key).sign
    sql(db, "DROP TRIGGER activity_no_update")
    for e in entries:
        sql(db, "UPDATE activity SET sig = ? WHERE id = ?", params=(sign(e["hash"]), e["id"]))
    put_triggers_back(db)
    assert check(db, "--key", str(public))[0] == 0  # the key vouches for the rewrite
    assert check_head(db, head, "--key", str(public))[0] == 1  # the head kept elsewhere does not


def test_entries_written_without_the_key_or_by_another_key_are_caught(tmp_path: Path):
    db, key, public = signed_db(tmp_path)
    other = tmp_path / "other.key"
    CliRunner().invoke(main, ["keygen", str(other)])
    with Store(db) as store:  # a change written without the key
        store.record_manual({"why": "a note"})
    code, lines = check(db, "--key", str(public))
    assert code == 1 and any(line.endswith(": not signed") for line in lines), lines
    code, lines = check(db, "--key", str(tmp_path / "other.key.pub"))
    assert code == 1 and any("not with the key given" in line for line in lines), lines
    # run refuses a public key: it cannot sign
    result = CliRunner().invoke(main, ["run", str(tmp_path / "docs"), "--db", str(db),
                                       "--key", str(public)])
    assert result.exit_code == 2 and "needs the private key" in result.output


def test_a_log_never_signed_fails_verify_with_a_key(db: Path, tmp_path: Path):
    key = tmp_path / "k"
    CliRunner().invoke(main, ["keygen", str(key)])
    code, lines = check(db, "--key", str(tmp_path / "k.pub"))
    assert code == 1
    assert any("no entry of the log is signed" in line for line in lines)


# -- issue 11: ids are not read for their shape; a shared file name --------------------------

def test_ids_that_look_like_a_line_or_a_page_verify_ok(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.jsonl#1.txt").write_text("About 1,200 residents left, the mayor said.\n")
    (folder / "mirror.warc#3.txt").write_text("Some 300 homes were hit, officials said.\n")
    (folder / "feed.jsonl").write_text(json.dumps({"text": "Police said 40 were held."}) + "\n")
    db = tmp_path / "ids.db"
    assert CliRunner().invoke(main, ["run", str(folder), "--db", str(db)]).exit_code == 0
    code, lines = check(db)
    assert code == 0, lines


def test_a_second_file_with_the_same_name_is_a_second_document(tmp_path: Path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first, second = tmp_path / "x" / "report.txt", tmp_path / "y" / "report.txt"
    first.write_text("About 1,200 homes were flooded in Lakeside, the mayor said.\n")
    second.write_text("Some 3,000 dock workers walked out, the union said.\n")
    db = tmp_path / "s.db"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(first), "--db", str(db)]).exit_code == 0
    result = runner.invoke(main, ["run", str(second), "--db", str(db)])
    assert result.exit_code == 0
    assert "note: " in result.output and "stored as y/report.txt" in result.output
    assert "1 added, 0 replaced" in result.output
    with Store(db) as store:
        assert {c["doc"]: c["figure"] for c in store.claims()} == {
            "report.txt": "About 1,200", "y/report.txt": "Some 3,000"}
    # run again over both: nothing changes; a new version of the first replaces the first only
    result = runner.invoke(main, ["run", str(tmp_path / "y"), str(tmp_path / "x"), "--db", str(db)])
    assert "0 added, 0 replaced, 2 unchanged" in result.output
    first.write_text("About 1,500 homes were flooded in Lakeside, the mayor said.\n")
    result = runner.invoke(main, ["run", str(first), "--db", str(db)])
    assert "0 added, 1 replaced" in result.output
    with Store(db) as store:
        assert {c["doc"]: c["figure"] for c in store.claims()} == {
            "report.txt": "About 1,500", "y/report.txt": "Some 3,000"}
    assert check(db)[0] == 0


def test_two_files_with_one_name_in_one_run_are_both_stored(tmp_path: Path):
    for folder, figure in (("a", "1,200"), ("b", "3,400")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Officials said {figure} left.\n")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "a"), str(tmp_path / "b"),
                                       "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert sorted(d["id"] for d in store.documents()) == ["b/report.txt", "report.txt"]


# -- issue 11: a damaged file, a full disk ---------------------------------------------------

def test_a_corrupted_database_page_gives_a_summary_not_a_traceback(db: Path):
    raw = bytearray(db.read_bytes())
    page = 4096
    for at in range(3 * page, min(len(raw), 12 * page), page):  # scribble over some pages
        raw[at:at + 64] = b"\xff" * 64
    db.write_bytes(bytes(raw))
    for p in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    code, lines = check(db)
    assert code == 1
    assert any(line.startswith("database file: ") for line in lines), lines
    assert lines[-1].startswith("verify: FAILED: ")
    assert "Traceback" not in "\n".join(lines)


def test_a_full_disk_says_so_and_leaves_the_database_as_it_was(db: Path, tmp_path: Path,
                                                                 monkeypatch):
    import claimledger.store.backend as backend

    folder = tmp_path / "more"
    folder.mkdir()
    for n in range(3):
        (folder / f"extra{n}.txt").write_text(f"Officials said {n + 1},500 people left. " * 400)
    size = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    real = backend.sqlite3.connect

    def small_disk(*args, **kwargs):  # the disk fills after a few more pages
        conn = real(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {size + 3}")
        return conn

    before = Store(db).counts()
    monkeypatch.setattr(backend.sqlite3, "connect", small_disk)
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "full" in result.output and "Traceback" not in result.output, result.output
    assert len(result.output.strip().splitlines()) <= 2, result.output
    after = Store(db).counts()
    assert after["documents"] <= before["documents"] + 1
    assert check(db)[0] in (0, 1)  # readable: a stored document is whole, or not there
    code, lines = check(db)
    assert not any(line.startswith("database file") for line in lines), lines
