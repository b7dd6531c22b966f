"""`claimledger show DOC [--db FILE]`: the clean text with each claim's figure marked."""

from __future__ import annotations

from claimledger.cli import main
from claimledger.store import Store


def test_show_marks_figures_in_place_and_lists_the_claims(runner, ledger):
    result = runner.invoke(main, ["show", "deported.txt", "--db", str(ledger)])

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "deported.txt — 402,000 taken to Russia" in out
    assert "Ukraine says ⟦402,000⟧¹ people, including ⟦84,000⟧² children" in out
    assert "said ⟦about half⟧³ of them" in out
    assert "  3. about half  claimant: Volodymyr Zelenskyy  affiliation: Ukraine" in out
    assert "predicate: deport  framing: forced  date: 2022-03-25  place: Mariupol" in out


def test_show_lists_what_cleaning_stripped(runner, ledger):
    out = runner.invoke(main, ["show", "deported.txt", "--db", str(ledger)]).stdout
    stripped = out[out.index("Stripped:"):]
    assert '- newsletter prompt: "Sign up for our newsletter"' in stripped


def test_show_writes_no_colour_codes_when_not_a_terminal(runner, ledger):
    out = runner.invoke(main, ["show", "deported.txt", "--db", str(ledger)]).stdout
    assert "\x1b[" not in out


def test_a_missing_document_is_a_clean_error_with_a_suggestion(runner, ledger):
    result = runner.invoke(main, ["show", "deportd.txt", "--db", str(ledger)])
    assert result.exit_code == 1
    assert "no document 'deportd.txt'" in result.output
    assert "did you mean deported.txt?" in result.output


def test_show_after_a_run(runner, articles, tmp_path):
    db = str(tmp_path / "ledger.db")
    runner.invoke(main, ["run", str(articles), "--db", db])
    result = runner.invoke(main, ["show", "grain_ships.txt", "--db", db])
    assert result.exit_code == 0
    # the extractor's figures are marked in place
    assert "⟦Three⟧¹ ships carrying ⟦58,000 tonnes⟧²" in result.stdout
    assert "Claims:" in result.stdout and "Stripped" in result.stdout


def test_show_takes_the_start_of_a_document_id_when_it_is_unique(runner, articles, tmp_path):
    db = str(tmp_path / "ledger.db")
    runner.invoke(main, ["run", str(articles), "--db", db])
    result = runner.invoke(main, ["show", "grain", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("grain_ships.txt")


def test_an_ambiguous_prefix_names_the_documents_it_begins(runner, articles, tmp_path):
    (articles / "grain_prices.txt").write_text("Bread rose 12% in March, the bakers said.\n",
                                               encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    runner.invoke(main, ["run", str(articles), "--db", db])
    result = runner.invoke(main, ["show", "grain_", "--db", db])
    assert result.exit_code == 1
    assert "'grain_' begins 2 document ids: grain_prices.txt, grain_ships.txt" in result.output


def test_documents_lists_what_is_stored_a_line_each(runner, ledger):
    result = runner.invoke(main, ["documents", "--db", str(ledger)])
    assert result.exit_code == 0, result.output
    header, row, total = result.stdout.splitlines()
    assert header.split()[:4] == ["document", "date", "claims", "format"]
    assert row.split()[:4] == ["deported.txt", "2022-03-25", "3", "text"]
    assert row.endswith("Example News · 402,000 taken to Russia")
    assert total == "1 document, 3 claims"


def test_documents_on_an_empty_store_says_how_to_fill_it(runner, tmp_path):
    db = tmp_path / "empty.db"
    Store(db).close()
    result = runner.invoke(main, ["documents", "--db", str(db)])
    assert result.exit_code == 0
    assert "No documents yet: run `claimledger run PATH...` first." in result.output
