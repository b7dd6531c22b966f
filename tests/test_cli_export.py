"""`claimledger export [--db FILE] --format jsonl|conflicts [--out FILE]`."""

from __future__ import annotations

import json
import subprocess
import sys

from claimledger.cli import main

SPEC_KEYS = ["doc", "quote", "figure", "value", "low", "high", "qualifier", "unit", "claimant",
             "affiliation", "predicate", "framing", "date", "place", "group"]


def test_jsonl_has_the_spec_keys_in_spec_order(runner, ledger):
    result = runner.invoke(main, ["export", "--db", str(ledger), "--format", "jsonl"])

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(r) for r in records] == [SPEC_KEYS] * 3
    assert [r["figure"] for r in records] == ["402,000", "84,000", "about half"]  # text order
    assert all(isinstance(r["group"], str) and r["group"] for r in records)


def test_whole_numbers_print_as_integers(runner, ledger):
    first = runner.invoke(main, ["export", "--db", str(ledger)]).stdout.splitlines()[0]
    assert '"value": 402000, "low": 402000, "high": 402000' in first


def test_records_carry_the_claim(runner, ledger):
    out = runner.invoke(main, ["export", "--db", str(ledger)]).stdout
    half = json.loads(out.splitlines()[2])
    assert half == {
        "doc": "deported.txt",
        "quote": "Volodymyr Zelenskyy said about half of them were deported from Mariupol.",
        "figure": "about half", "value": 50, "low": None, "high": None, "qualifier": "approx",
        "unit": "percent", "claimant": "Volodymyr Zelenskyy", "affiliation": "Ukraine",
        "predicate": "deport", "framing": "forced", "date": "2022-03-25", "place": "Mariupol",
        "group": "g-half",
    }


def test_out_writes_a_utf8_file(runner, ledger, tmp_path):
    out = tmp_path / "claims.jsonl"
    result = runner.invoke(main, ["export", "--db", str(ledger), "--out", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_conflicts_format_is_accepted(runner, ledger, tmp_path):
    out = tmp_path / "conflicts.jsonl"
    result = runner.invoke(main, ["export", "--db", str(ledger), "--format", "conflicts",
                                  "--out", str(out)])
    assert result.exit_code == 0
    for line in out.read_text().splitlines():  # none yet: the ledger has no conflicts so far
        assert set(json.loads(line)) == {"a", "b", "kind", "measure"}


def test_export_without_a_database_is_a_clean_error(runner, tmp_path):
    result = runner.invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


def test_the_grader_reads_what_we_export(runner, shared, tmp_path):
    dev = shared / "corpus" / "dev"
    db, pred = tmp_path / "dev.db", tmp_path / "pred.jsonl"
    runner.invoke(main, ["run", str(dev / "docs"), "--db", str(db)])
    assert runner.invoke(main, ["export", "--db", str(db), "--out", str(pred)]).exit_code == 0

    graded = subprocess.run(
        [sys.executable, str(shared / "tools" / "grade.py"), "--gold", str(dev / "gold.jsonl"),
         "--pred", str(pred)],
        capture_output=True, text=True,
    )
    assert graded.returncode == 0, graded.stderr
    assert "figures" in graded.stdout
