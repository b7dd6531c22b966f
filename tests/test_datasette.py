"""The database as other tools read it: foreign keys declared, two views a person can read
(claims_readable, conflicts_readable), and `claimledger datasette-metadata`, so that
`datasette claimledger.db -m metadata.json` shows conflicts as named claims, not hashes.
Opened with Datasette's own Python API where Datasette installs."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from claimledger.cli import main

ARTICLES = {
    "police.txt": ("Velmora police said about 8,000 people joined the pension march on "
                   "Sunday.\n"),
    "organisers.txt": ("The Pensioners' Front said 45,000 people marched through Velmora on "
                       "Sunday.\n"),
}


@pytest.fixture
def db(tmp_path: Path, runner) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in ARTICLES.items():
        (docs / name).write_text(" date 2024-05-12 " + text, encoding="utf-8")
    path = tmp_path / "ledger.db"
    assert runner.invoke(main, ["run", str(docs), "--db", str(path)]).exit_code == 0
    return path


def test_the_ledgers_references_are_declared_foreign_keys(db):
    with sqlite3.connect(db) as conn:
        def refs(table: str) -> set[tuple[str, str]]:
            return {(r[3], r[2]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")}

        assert {("doc", "documents"), ("claimant_id", "claimants")} <= refs("claims")
        assert {("measure", "measures"), ("first_doc", "documents")} <= refs("claim_groups")
        assert refs("conflicts") == {("a", "claim_groups"), ("b", "claim_groups")}
        assert refs("syndication") == {("a", "documents"), ("b", "documents")}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_conflicts_readable_names_both_claims(db):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        [row] = conn.execute("SELECT * FROM conflicts_readable").fetchall()
    figures = {row["a_figure"], row["b_figure"]}
    assert figures == {"about 8,000", "45,000"}
    assert {row["a_claimant"], row["b_claimant"]} == {"Velmora police", "Pensioners' Front"}
    assert row["measure"] and row["sentence"]


def test_claims_readable_is_a_claim_in_words(db):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM claims_readable ORDER BY claim_id").fetchall()
    assert [r["figure"] for r in rows] == ["45,000", "about 8,000"]
    assert all(r["status"] == "machine" and r["measure"] for r in rows)


def test_datasette_metadata_describes_tables_and_columns(runner, db, tmp_path):
    out = tmp_path / "metadata.json"
    result = runner.invoke(main, ["datasette-metadata", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"datasette {db} -m {out}" in result.output
    meta = json.loads(out.read_text())
    tables = meta["databases"]["ledger"]["tables"]
    assert tables["claimants"]["label_column"] == "name"
    assert "what differs" in tables["conflicts_readable"]["columns"]["sentence"]
    assert tables["users"] == {"hidden": True}


def test_datasette_shows_conflicts_as_named_claims(runner, db, tmp_path):
    datasette_app = pytest.importorskip("datasette.app")
    out = tmp_path / "metadata.json"
    runner.invoke(main, ["datasette-metadata", "--db", str(db), "--out", str(out)])

    async def browse() -> tuple[list[dict], list[dict]]:
        ds = datasette_app.Datasette([str(db)], metadata=json.loads(out.read_text()))
        await ds.invoke_startup()
        conflicts = await ds.client.get("/ledger/conflicts_readable.json?_shape=array")
        claims = await ds.client.get("/ledger/claims.json?_shape=array&_labels=on")
        return conflicts.json(), claims.json()

    conflicts, claims = asyncio.run(browse())
    assert {conflicts[0]["a_figure"], conflicts[0]["b_figure"]} == {"about 8,000", "45,000"}
    # a claim's claimant_id is shown by the claimant's name, through the foreign key
    labels = {c["claimant_id"]["label"] for c in claims if isinstance(c["claimant_id"], dict)}
    assert labels == {"Velmora police", "Pensioners' Front"}
