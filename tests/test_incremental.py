"""A ledger updated as documents arrive equals one built afresh over all of them.

The bundled sample corpus is split in two halves by file name: half A is run, then half B
into the same database, and both halves together into another. Their exports and ledger
tables must be the same.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.store import Store

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample" / "docs"


def run(db: Path, *folders: Path) -> str:
    result = CliRunner().invoke(main, ["run", *map(str, folders), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.stdout


def export(db: Path, fmt: str) -> list[str]:
    """The export's lines, sorted."""
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return sorted(result.stdout.splitlines())


def tables(db: Path) -> dict[str, list]:
    with Store(db, create=False) as store:
        return {"claimants": store.claimants(), "measures": store.measures(),
                "claim_groups": store.claim_groups(), "syndication": store.syndication()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Folders a (first half), b (second half) and all (both), copied from the sample."""
    if not SAMPLE.is_dir():
        pytest.skip("the sample corpus is not bundled")
    root = tmp_path_factory.mktemp("sample")
    names = sorted(p.name for p in SAMPLE.iterdir() if p.is_file())
    half = len(names) // 2
    folders = {"a": names[:half], "b": names[half:], "all": names}
    for folder, members in folders.items():
        (root / folder).mkdir()
        for name in members:
            shutil.copy(SAMPLE / name, root / folder / name)
    return {folder: root / folder for folder in folders}


@pytest.fixture(scope="module")
def dbs(corpus, tmp_path_factory) -> dict[str, Path]:
    """'updated': half A, then half B; 'fresh': both halves in one run."""
    root = tmp_path_factory.mktemp("dbs")
    updated, fresh = root / "updated.db", root / "fresh.db"
    run(updated, corpus["a"])
    run(updated, corpus["b"])
    run(fresh, corpus["all"])
    return {"updated": updated, "fresh": fresh}


def test_both_halves_bring_claims_and_conflicts(corpus, dbs):
    docs = {json.loads(line)["doc"].split("#")[0] for line in export(dbs["updated"], "jsonl")}
    assert {p.name for p in corpus["a"].iterdir()} & docs
    assert {p.name for p in corpus["b"].iterdir()} & docs
    assert export(dbs["updated"], "conflicts")


@pytest.mark.parametrize("fmt", ["jsonl", "conflicts"])
def test_an_updated_ledger_exports_what_a_fresh_one_does(dbs, fmt):
    assert export(dbs["updated"], fmt) == export(dbs["fresh"], fmt)


@pytest.mark.parametrize("table", ["claimants", "measures", "claim_groups", "syndication"])
def test_an_updated_ledger_has_the_tables_of_a_fresh_one(dbs, table):
    assert tables(dbs["updated"])[table] == tables(dbs["fresh"])[table]


def test_running_the_same_folder_again_adds_nothing_and_changes_nothing(corpus, dbs, tmp_path):
    db = tmp_path / "again.db"
    shutil.copy(dbs["fresh"], db)
    before = {fmt: export(db, fmt) for fmt in ("jsonl", "conflicts")}
    with Store(db) as store:
        counts = store.counts()

    summary = run(db, corpus["all"])

    assert f"0 added, 0 replaced, {counts['documents']} unchanged" in summary
    with Store(db) as store:
        assert {**store.counts(), "runs": 0} == {**counts, "runs": 0}
    assert {fmt: export(db, fmt) for fmt in ("jsonl", "conflicts")} == before
    assert tables(db) == tables(dbs["fresh"])


def test_running_a_half_again_after_both_changes_nothing(corpus, dbs, tmp_path):
    db = tmp_path / "again.db"
    shutil.copy(dbs["updated"], db)

    run(db, corpus["a"])

    assert export(db, "jsonl") == export(dbs["fresh"], "jsonl")
    assert export(db, "conflicts") == export(dbs["fresh"], "conflicts")


def test_an_update_regroups_only_the_blocks_the_new_document_touches():
    from claimledger.ledger import build_ledger
    from claimledger.ledger.entries import Entry

    def said(i, doc, value, who, side, unit="person"):
        return Entry(id=i, doc=doc, doc_date="2022-03-25", outlet=None, quote=f"{who} said.",
                     figure=f"{value:,}", value=value, low=value, high=value,
                     qualifier="exact", unit=unit, claimant=who, role=None, affiliation=side,
                     predicate="deport", framing=None, date=None, place=None, position=i)

    before = [said(1, "a.txt", 402000, "Lyudmyla Denisova", "Ukraine"),
              said(2, "a.txt", 400000, "Mikhail Mizintsev", "Russia")]
    first = build_ledger(before)
    # a new document: the same Ukrainian figure retold, nothing about the Russian one
    after = before + [said(3, "b.txt", 400000, "Ludmila Denisova", "Ukraine")]
    updated = build_ledger(after, previous=first, changed={"b.txt"})
    fresh = build_ledger(after)
    russian = first.group_of[2]
    assert russian not in updated.regrouped  # untouched: kept as it was
    assert updated.group_of[3] == updated.group_of[1] in updated.regrouped
    assert updated.groups == fresh.groups and updated.conflicts == fresh.conflicts


def test_a_ledger_lost_from_its_tables_is_rebuilt_by_the_next_run(corpus, dbs, tmp_path):
    # as after a schema upgrade that empties the ledger's tables: the claims still name
    # groups that no longer exist, and nothing in the folder has changed
    db = tmp_path / "emptied.db"
    shutil.copy(dbs["fresh"], db)
    import sqlite3

    with sqlite3.connect(db) as conn:
        for table in ("conflicts", "measures", "claim_groups", "claimants"):
            conn.execute(f"DELETE FROM {table}")

    summary = run(db, corpus["all"])

    assert "0 added, 0 replaced" in summary
    assert export(db, "jsonl") == export(dbs["fresh"], "jsonl")
    assert export(db, "conflicts") == export(dbs["fresh"], "conflicts")
    assert tables(db) == tables(dbs["fresh"])
