"""The ledger from the command line: `run`, then `measures`, `timeline`, `export --format
conflicts` and `sources` over a few tiny articles of our own.

Organisers and police disagree on the size of one march on one day; one article is a
reprint of another under a new headline with page furniture; one is about something else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main

ORGANISERS = (
    "Mara Quint, a spokeswoman for the Save the Harbour campaign, said more than 50,000 "
    "people marched through Port Ellery on Saturday against plans to fill in the old harbour."
    "\n\nShe said the crowd was the largest the town had seen in a generation.\n\n"
    "The march ended with speeches outside the town hall.\n"
)
ARTICLES = {
    "01_march_organisers.txt": (
        " date 2023-05-13 Harbour campaigners claim record turnout\n\n" + ORGANISERS),
    "02_march_police.txt": (
        " date 2023-05-13 Police dispute size of harbour march\n\n"
        "Port Ellery police said no more than 8,000 people marched through the town on "
        "Saturday, far fewer than the organisers claimed.\n\n"
        "Chief Inspector Tobias Wren said the march passed off peacefully and officers made "
        "no arrests.\n"),
    "03_march_organisers_reprint.txt": (
        " date 2023-05-13 Save the Harbour: a day the town will remember\n"
        "The Ellery Gazette\n\n" + ORGANISERS +
        "\nSign up for our morning newsletter\nCopyright The Ellery Gazette\n"),
    "04_ferry_sailings.txt": (
        " date 2023-05-10 Ferry operator adds summer sailings\n\n"
        "The Ellery ferry operator said on Wednesday it would run 14 extra sailings a week "
        "from June to cope with summer demand.\n"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The articles run into a fresh database, once for the module."""
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = str(tmp_path_factory.mktemp("db") / "ledger.db")  # its own: modules share the root
    result = CliRunner().invoke(main, ["run", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def cli(*args: str, db: str) -> object:
    return CliRunner().invoke(main, [*args, "--db", db])


def test_measures_lists_the_march_with_its_conflict(db):
    result = cli("measures", db=db)

    assert result.exit_code == 0, result.output
    [march] = [line for line in result.stdout.splitlines() if "people attended" in line]
    assert march.split()[-3:-1] == ["2", "1"]  # two groups, one conflict
    assert march.startswith("people attended, 13 May 2023")  # the occasion's day names it
    assert "m-people-attended" in march


def test_timeline_shows_each_side_with_its_bounds(db):
    result = cli("timeline", "attended", db=db)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("people attended")
    organisers = next(line for line in result.stdout.splitlines() if "Mara Quint" in line)
    police = next(line for line in result.stdout.splitlines() if "police" in line.lower()
                  and "2023" in line)
    assert "2023-05-13" in organisers and ">= 50,000" in organisers
    assert "2023-05-13" in police and "<= 8,000" in police


def test_timeline_json_keeps_floor_and_ceiling_apart(db):
    result = cli("timeline", "people attended", "--json", db=db)

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["measure"] == "people attended, 13 May 2023"
    points = [p for series in data["series"].values() for p in series]
    assert len(data["series"]) == 2 and len(points) == 2
    bounds = sorted((p["qualifier"], p["value"], p["low"], p["high"]) for p in points)
    assert bounds == [("at_least", 50000, 50000, None), ("at_most", 8000, None, 8000)]


def test_a_reprinted_figure_counts_as_one_source(db):
    data = json.loads(cli("timeline", "attended", "--json", db=db).stdout)
    [organisers] = [p for s in data["series"].values() for p in s if p["value"] == 50000]
    assert organisers["sources"] == 1


def test_export_conflicts_gives_both_sides_quotes_as_evidence(db):
    result = cli("export", "--format", "conflicts", db=db)

    assert result.exit_code == 0, result.output
    [conflict] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (conflict["kind"], conflict["measure"]) == ("figure", "people attended, 13 May 2023")
    assert conflict["a"] < conflict["b"]
    quotes = {side: [e["quote"] for e in conflict["evidence"][side]] for side in "ab"}
    said = sorted(quotes.values(), key=len)
    assert len(said[0]) == 1 and "no more than 8,000 people marched" in said[0][0]
    assert len(said[1]) == 2  # the organisers' claim, in the article and in its reprint
    assert all("more than 50,000 people marched" in q for q in said[1])
    docs = {e["doc"] for side in "ab" for e in conflict["evidence"][side]}
    assert docs == {"01_march_organisers.txt", "02_march_police.txt",
                    "03_march_organisers_reprint.txt"}


def test_sources_lists_the_reprint_with_its_original(db):
    result = cli("sources", db=db)

    assert result.exit_code == 0, result.output
    assert "2 documents, one source" in result.stdout
    assert ("01_march_organisers.txt ~ 03_march_organisers_reprint.txt: near-duplicate"
            in result.stdout)
    assert "02_march_police.txt" not in result.stdout


def test_an_unknown_measure_is_a_clean_error(db):
    result = cli("timeline", "ships sunk", db=db)

    assert result.exit_code != 0
    assert "'ships sunk' matches no measure" in result.output
    assert "people attended" in result.output  # it says what there is
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_query_matching_several_measures_is_a_clean_error(db):
    result = cli("timeline", "e", db=db)

    assert result.exit_code != 0
    assert "matches several measures" in result.output
    assert isinstance(result.exception, SystemExit)


def test_the_ledger_commands_need_a_database(tmp_path: Path):
    result = cli("measures", db=str(tmp_path / "missing.db"))

    assert result.exit_code != 0
    assert "claimledger run" in result.output
    assert isinstance(result.exception, SystemExit)
