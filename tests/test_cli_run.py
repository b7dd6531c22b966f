"""`claimledger run PATH... [--db FILE]`: ingest a folder, report what failed, go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLES, BROKEN

from claimledger.cli import main
from claimledger.pipeline import run
from claimledger.store import Store


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def stored_ids(db: Path) -> list[str]:
    with Store(db) as store:
        return [d["id"] for d in store.documents()]


def test_run_stores_the_articles_and_names_the_file_that_failed(runner, articles, tmp_path):
    (articles / "broken.txt").write_bytes(BROKEN)
    db = tmp_path / "ledger.db"

    result = runner.invoke(main, ["run", str(articles), "--db", str(db)])

    assert result.exit_code == 1  # some file failed; everything else is written
    [line] = error_lines(result)
    assert line.startswith(f"error: {articles / 'broken.txt'}: ")
    assert "Traceback" not in result.output
    assert f"Database: {db.resolve()}" in result.stdout
    assert "documents" in result.stdout and "claimants" in result.stdout
    assert stored_ids(db) == sorted(ARTICLES)


def test_running_again_adds_nothing(runner, articles, tmp_path):
    db = tmp_path / "ledger.db"
    first = runner.invoke(main, ["run", str(articles), "--db", str(db)])
    assert first.exit_code == 0, first.output
    with Store(db) as store:
        before = store.counts()

    again = runner.invoke(main, ["run", str(articles), "--db", str(db)])

    assert again.exit_code == 0
    assert "0 added, 0 replaced, 3 unchanged" in again.stdout
    with Store(db) as store:
        after = store.counts()
    assert {k: after[k] for k in ("documents", "sources", "claims")} == {
        k: before[k] for k in ("documents", "sources", "claims")
    }


def test_an_edited_file_replaces_its_document(runner, articles, tmp_path):
    db = tmp_path / "ledger.db"
    runner.invoke(main, ["run", str(articles), "--db", str(db)])
    edited = articles / "grain_ships.txt"
    edited.write_text(edited.read_text().replace("58,000", "67,000"), encoding="utf-8")

    result = runner.invoke(main, ["run", str(articles), "--db", str(db)])

    assert "0 added, 1 replaced, 2 unchanged" in result.stdout
    with Store(db) as store:
        assert "67,000" in store.document("grain_ships.txt")["clean_text"]


def test_the_database_defaults_to_the_current_folder(runner, articles, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["run", str(articles)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "claimledger.db").is_file()


def test_a_document_that_fails_to_extract_is_one_error(runner, articles, tmp_path, monkeypatch):
    import claimledger.extract
    import claimledger.extract.claims

    real = claimledger.extract.claims.extract_claims

    def flaky(doc, clean, parsed=None):
        if doc.id == "hk_rally.txt":
            raise ValueError("no sentence\nboundary found")
        return real(doc, clean, parsed)

    # both ways in: one document at a time, and a batch parsed together (extract_many)
    monkeypatch.setattr(claimledger.extract, "extract_claims", flaky)
    monkeypatch.setattr(claimledger.extract.claims, "extract_claims", flaky)
    db = tmp_path / "ledger.db"

    result = runner.invoke(main, ["run", str(articles), "--db", str(db)])

    assert result.exit_code == 1
    assert error_lines(result) == [
        f"error: {articles / 'hk_rally.txt'}: ValueError: no sentence boundary found"
    ]
    assert stored_ids(db) == ["grain_ships.txt", "irpin_evacuation.txt"]


@pytest.mark.parametrize("db", ["no/such/folder/ledger.db", "."])
def test_a_bad_database_path_is_a_clean_error(runner: CliRunner, articles, tmp_path, db):
    result = runner.invoke(main, ["run", str(articles), "--db", str(tmp_path / db)])
    assert result.exit_code != 0
    assert "Error:" in result.output and "Traceback" not in result.output


def test_a_missing_input_is_refused_before_any_work(runner, tmp_path):
    result = runner.invoke(main, ["run", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not (tmp_path / "x.db").exists()


def test_the_library_api_underneath(articles, tmp_path):
    with Store(tmp_path / "ledger.db") as store:
        report = run([articles], store)
        assert (report.seen, report.added, report.skipped, report.errors) == (3, 3, 0, [])
        report = run([articles], store)
        assert (report.seen, report.added, report.skipped) == (3, 0, 3)


def test_a_reader_crash_costs_only_its_file(articles, tmp_path, monkeypatch):
    import claimledger.pipeline as pipeline

    real = pipeline.iter_documents

    def crashing(paths, **options):
        for item in real(paths, **options):
            if getattr(item, "id", None) == "grain_ships.txt":
                raise RuntimeError("reader bug")
            yield item

    monkeypatch.setattr(pipeline, "iter_documents", crashing)
    with Store(tmp_path / "ledger.db") as store:
        report = run([articles], store)
        assert report.errors == [f"{articles / 'grain_ships.txt'}: RuntimeError: reader bug"]
        assert [d["id"] for d in store.documents()] == ["hk_rally.txt", "irpin_evacuation.txt"]
