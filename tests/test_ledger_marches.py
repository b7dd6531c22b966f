"""Two pension marches in one city, two weeks apart, through `run` and the ledger's exports.

Three invented articles about Velmora (city, people, union alliance and counting firm are
all made up). On Saturday 12 May 2029 the police counted about 8,000 marchers, the
organisers (the Velmora Pensioners' Front) 30,000 and an independent crowd-counting firm,
Tallyline, 18,000 to 22,000. A second outlet retells that march the next day with the same
figures, spelling the firm and the spokeswoman slightly differently. On Saturday 26 May the
police counted 5,000 and the organisers 45,000 "against the pension vote"; that article
also recalls the first march's police figure in one sentence.

The ledger should keep the two marches' crowd counts as two measures, the police and the
organisers as two sides, flag the three real disputes (two on 12 May, one on 26 May) and
pair no figure of one march with a figure of the other.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.store import Store

FIRST_MARCH = """
Thousands march in Velmora against the pension reform

Police said about 8,000 people marched through the centre of Velmora on Saturday against
the government's plan to make people work longer before they can draw a pension.

According to the organisers, the Velmora Pensioners' Front, 30,000 people took part in the
march. "The city has not seen anything like it in years," said Irena Kovash, a
spokeswoman for the union alliance.

Tallyline, an independent crowd-counting firm, estimated that between 18,000 and 22,000
people joined the march, using cameras placed along the route.

The reform would raise the retirement age from 64 to 66 over the next decade. The
government says the change is needed to keep the state pension fund out of deficit.

The marchers walked from the central railway station to Liberty Square, where union leaders
spoke from the back of a lorry. Trams were diverted for most of the afternoon.

Parliament is due to vote on the bill at the end of the month.
"""

FIRST_MARCH_RETOLD = """
How many marched in Velmora? Police, unions and counters disagree

A day after the pension march in Velmora, the three counts of Saturday's crowd remain far
apart.

Police said about 8,000 people had marched.

The Velmora Pensioners Front, which called the protest, said 30,000 people had taken part,
according to its spokeswoman Irina Kovasch.

The counting firm Tally-Line estimated the crowd at between 18,000 and 22,000 people.

The government has not changed its plan to raise the retirement age from 64 to 66.
"""

SECOND_MARCH = """
Second pension march in a fortnight fills Velmora's streets

Police said 5,000 people marched through Velmora on Saturday, in the second protest against
the pension reform in two weeks.

Organisers from the Velmora Pensioners' Front said 45,000 people had joined the march
against the pension vote, which parliament is due to hold on Thursday.

Two weeks earlier, police had counted some 8,000 marchers.

The bill would raise the retirement age from 64 to 66. Ministers say they have the majority
they need to pass it.

Shops along the route closed early, and the march ended peacefully outside the parliament
building.
"""

ARTICLES = [  # (outlet, publication date, text): the JSONL file's lines 1, 2 and 3
    ("The Velmora Courier", "2029-05-12", FIRST_MARCH),
    ("Velmora Evening Post", "2029-05-13", FIRST_MARCH_RETOLD),
    ("Radio Velmora", "2029-05-26", SECOND_MARCH),
]
FIRST, RETOLD, SECOND = (f"marches.jsonl#{n}" for n in (1, 2, 3))


def as_file_text(text: str) -> str:
    """The headline, a blank line, then each paragraph on one line, blank lines between."""
    blocks = [" ".join(b.split()) for b in text.strip().split("\n\n")]
    return "\n\n".join(blocks) + "\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The three articles, one JSONL line each, run into a fresh database once."""
    folder = tmp_path_factory.mktemp("marches")
    lines = []
    for n, (outlet, date, text) in enumerate(ARTICLES, start=1):
        body = as_file_text(text)
        lines.append(json.dumps({
            "id": f"velmora-{n}", "url": f"https://news.example/velmora/{n}",
            "date": date, "outlet": outlet, "title": body.split("\n", 1)[0], "text": body}))
    (folder / "marches.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path_factory.mktemp("db") / "ledger.db")  # its own: modules share the root
    result = CliRunner().invoke(main, ["run", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def export(fmt: str, db: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--db", db])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def claims_of(db: str) -> list[dict[str, Any]]:
    return export("jsonl", db)


def one(claims: list[dict[str, Any]], doc: str, value: float | None = None, *,
        low: float | None = None) -> dict[str, Any]:
    """The one claim of `doc` with that value (or, for a range, that low bound)."""
    found = [c for c in claims if c["doc"] == doc
             and (c["value"] == value if low is None else c["low"] == low)]
    assert len(found) == 1, (doc, value, low, [
        (c["doc"], c["figure"], c["claimant"]) for c in claims if c["doc"] == doc])
    return found[0]


def measure_of(db: str) -> dict[str, str]:
    """Each claim group's measure id, as the ledger stores it."""
    with Store(db, create=False) as store:
        return {g["id"]: g["measure"] for g in store.claim_groups()}


def figures(group: str, claims: list[dict[str, Any]]) -> set[tuple]:
    """(value, low, high) of every claim in the group."""
    return {(c["value"], c["low"], c["high"]) for c in claims if c["group"] == group}


def march_of(group: str, claims: list[dict[str, Any]]) -> set[str]:
    """Which march the group's claims count: 'first' (12 May) or 'second' (26 May)."""
    marches = set()
    for c in claims:
        if c["group"] != group:
            continue
        second = c["doc"] == SECOND and "Two weeks earlier" not in c["quote"]
        marches.add("second" if second else "first")
    return marches


def test_the_two_marches_crowds_are_two_measures(db):
    """Each Saturday's crowd is its own measure: 26 May is not a restatement of 12 May."""
    claims = claims_of(db)
    measures = measure_of(db)
    first = {measures[one(claims, FIRST, v)["group"]] for v in (8000, 30000)}
    first.add(measures[one(claims, FIRST, low=18000)["group"]])
    second = {measures[one(claims, SECOND, v)["group"]] for v in (5000, 45000)}

    assert len(first) == 1 and len(second) == 1, (first, second)
    assert first != second
    assert None not in first | second


def side_of(db: str) -> dict[str, str | None]:
    """Each claim group's side, as the ledger decides it (ledger/sides.py) and every page
    and export shows it."""
    with Store(db, create=False) as store:
        return {g["id"]: g["side"] for g in store.claim_groups()}


def test_police_and_organisers_speak_for_two_sides(db):
    """The police's counts on both Saturdays carry one named side, the organisers' another.
    A side is the ledger's (the claim's `affiliation` is extraction's, which names a country
    or a body a table knows: an invented city's police have none)."""
    claims = claims_of(db)
    sides = side_of(db)
    police = [one(claims, FIRST, 8000), one(claims, SECOND, 5000)]
    organisers = [one(claims, FIRST, 30000), one(claims, SECOND, 45000)]
    police_sides = {sides[c["group"]] for c in police}
    organiser_sides = {sides[c["group"]] for c in organisers}

    for side in police_sides | organiser_sides:
        assert side is not None and not side.startswith(("b-", "g-", "m-", "c-")), (
            police_sides, organiser_sides)
    assert len(police_sides) == 1 and len(organiser_sides) == 1, (police_sides, organiser_sides)
    assert police_sides != organiser_sides


def test_the_three_disputes_are_flagged(db):
    """12 May: police 8,000 against organisers 30,000, and against Tallyline's 18,000-22,000;
    26 May: police 5,000 against organisers 45,000."""
    claims = claims_of(db)
    conflicts = export("conflicts", db)
    found = {frozenset((frozenset(figures(c["a"], claims)), frozenset(figures(c["b"], claims))))
             for c in conflicts}
    police_first = one(claims, FIRST, 8000)
    police_second = one(claims, SECOND, 5000)
    organisers_first = one(claims, FIRST, 30000)
    organisers_second = one(claims, SECOND, 45000)
    firm = one(claims, FIRST, low=18000)

    def pair(a: dict[str, Any], b: dict[str, Any]) -> frozenset:
        return frozenset((frozenset(figures(a["group"], claims)),
                          frozenset(figures(b["group"], claims))))

    disputes = {"12 May police vs organisers": pair(police_first, organisers_first),
                "12 May police vs Tallyline": pair(police_first, firm),
                "26 May police vs organisers": pair(police_second, organisers_second)}
    missing = [name for name, p in disputes.items() if p not in found]
    assert not missing, (missing, [(c["a"], c["b"], c["measure"]) for c in conflicts])


def test_no_conflict_pairs_one_march_with_the_other(db):
    """A 12 May count never disputes a 26 May count, however far apart the figures."""
    claims = claims_of(db)
    crossed = [(c["a"], c["b"], c["measure"], figures(c["a"], claims), figures(c["b"], claims))
               for c in export("conflicts", db)
               if {*march_of(c["a"], claims), *march_of(c["b"], claims)} == {"first", "second"}]
    assert crossed == []


def test_the_retold_first_march_shares_its_groups(db):
    """The next day's retelling, with 'Tally-Line' and 'Kovasch' for Tallyline and Kovash,
    restates the same three claims: each joins the first article's group."""
    claims = claims_of(db)
    pairs = [(one(claims, FIRST, 8000), one(claims, RETOLD, 8000)),
             (one(claims, FIRST, 30000), one(claims, RETOLD, 30000)),
             (one(claims, FIRST, low=18000), one(claims, RETOLD, low=18000))]
    apart = [(a["figure"], a["claimant"], a["group"], b["claimant"], b["group"])
             for a, b in pairs if a["group"] != b["group"]]
    assert apart == []
