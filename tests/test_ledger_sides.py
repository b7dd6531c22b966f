"""ledger/sides.py: one side per claimant, decided in one place, shown alike everywhere.

Invented speakers and stories; the gazetteer's real places only where a body must lie in
a country it knows (a city council of Ghent is Belgium's).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.ledger import build_ledger
from claimledger.ledger.entries import Entry
from claimledger.ledger.sides import OWN_COUNT, Speaker, settings, shown, side_of

BLANK = Entry(id=0, doc="a.txt", doc_date="2029-02-10", outlet=None, quote="", figure="",
              value=None, low=None, high=None, qualifier="exact", unit="person",
              claimant=None, role=None, affiliation=None, predicate="march", framing=None,
              date="2029-02-10", place=None, position=0)


def said(id: int, value: float, claimant: str | None, doc: str = "a.txt", **fields) -> Entry:
    return replace(BLANK, id=id, doc=doc, value=value, low=value, high=value,
                   figure=f"{value:,.0f}", claimant=claimant, position=id, **fields)


# -- (a) international bodies and NGOs are their own side ------------------------------------

def test_the_icc_prosecutor_speaks_for_the_court_not_a_country():
    prosecutor = Speaker("Anneke Vos", affiliation="Belgium", role="ICC prosecutor",
                         kind="person")
    assert side_of(prosecutor) == "International Criminal Court"


def test_the_courts_prosecutor_is_the_court_the_story_quotes():
    court = said(1, 300, "International Criminal Court",
                 affiliation="International Criminal Court")
    prosecutor = said(2, 120, "Anneke Vos", role="the court’s chief prosecutor",
                      affiliation="Belgium")
    where = settings([court, prosecutor])["a.txt"]
    speaker = Speaker("Anneke Vos", "Belgium", "the court’s chief prosecutor", "person")
    assert side_of(speaker, where) == "International Criminal Court"
    assert side_of(speaker) == "Belgium"  # a story quoting no court: the side stated


def test_a_un_agency_is_the_united_nations():
    assert side_of(Speaker("UNHCR", affiliation="Belgium", kind="body")) == "United Nations"
    spokeswoman = Speaker("Lise Marrow", role="UN refugee agency spokeswoman", kind="person")
    assert side_of(spokeswoman) == "United Nations"


def test_an_ngo_is_its_own_side_wherever_it_works():
    monitor = Speaker("Velmoran Observatory for Human Rights", affiliation="Belgium",
                      kind="body")
    assert side_of(monitor) == "Velmoran Observatory for Human Rights"


# -- (b) a body inherits the country its name or the body it speaks for names ---------------

def test_a_city_council_is_on_its_citys_countrys_side():
    council = Speaker("the city council of Ghent", affiliation="Netherlands", kind="body")
    assert side_of(council) == "Belgium"  # its own city says more than the country guessed


def test_city_officials_take_the_country_of_their_storys_city_body():
    council = said(1, 4000, "the city council of Ghent", affiliation="Belgium")
    officials = said(2, 3900, "city officials", affiliation="Netherlands")
    where = settings([council, officials])["a.txt"]
    assert where.country == "Belgium"
    assert side_of(Speaker("city officials", "Netherlands", kind="body"), where) == "Belgium"


def test_a_countrys_defence_body_is_that_countrys_not_a_side_of_its_own():
    colonel = Speaker("Ivo Marrak", affiliation="Belgium's National Crisis Centre",
                      role="head of the centre", kind="person")
    assert side_of(colonel) == "Belgium"


# -- (c) parties to a domestic dispute; (d) a named body is never the outlet ----------------

def test_police_and_organisers_of_one_march_are_two_sides():
    police = said(1, 8000, "Metropolitan Police of Velmora", doc="police.txt")
    front = said(2, 30000, "Velmora Pensioners' Front", doc="front.txt",
                 affiliation="Velmora Pensioners' Front")
    organisers = said(3, 30000, "the organisers", doc="front.txt",
                      affiliation="Velmora Pensioners' Front")
    ledger = build_ledger([police, front, organisers])
    sides = {g.side for g in ledger.groups}
    assert sides == {"police", "Velmora Pensioners' Front"}


def test_a_union_and_the_opposition_go_by_their_names():
    assert side_of(Speaker("Port Ellery Dockers", role="the dockers' union",
                           kind="body")) == "Port Ellery Dockers"
    assert side_of(Speaker("the opposition", kind="body")) == "opposition"


def test_a_named_body_is_never_shown_as_the_outlet():
    trust = Speaker("Port Ellery Harbour Trust", kind="body")
    assert side_of(trust) == "Port Ellery Harbour Trust"
    assert side_of(Speaker(None)) is None  # the outlet's own voice
    assert shown(None) == OWN_COUNT and shown(None, "Port Ellery Harbour Trust") != OWN_COUNT


def test_an_update_shows_a_kept_group_under_its_claimants_fuller_name():
    # the schools group is kept as it was; the claimant it shares with the new story has
    # a fuller name now, and a ledger built afresh would show that name
    schools = said(1, 5, "Tim Vanden Bempt", unit="school", predicate="destroy")
    first = build_ledger([schools])
    people = said(2, 300, "Timothy Vanden Bempt", doc="b.txt")
    updated = build_ledger([schools, people], previous=first, changed={"b.txt"})
    fresh = build_ledger([schools, people])
    assert first.group_of[1] not in updated.regrouped  # kept, not made anew
    assert updated.groups == fresh.groups
    assert {g.side for g in fresh.groups} == {"Timothy Vanden Bempt"}


# -- every surface shows the side, never the internal id -------------------------------------

MARCH = {
    "01_police.txt": (
        " date 2029-02-09 Police put pension march at 8,000\n\n"
        "The Metropolitan Police of Velmora said about 8,000 people marched through the old "
        "town on Saturday against the pension reform.\n\nOfficers made no arrests.\n"),
    "02_organisers.txt": (
        " date 2029-02-09 Pensioners claim record march\n\n"
        "The Velmora Pensioners' Front, which organised the march, said 30,000 people "
        "marched through the old town on Saturday.\n"),
}


@pytest.fixture(scope="module")
def march(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("march")
    for name, text in MARCH.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder.parent / "march.db"
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    from claimledger.store import Store

    with Store(str(db), create=False) as store:
        [police] = [c["id"] for c in store.claimants() if "Police" in c["name"]]
    return db, police


def test_the_cli_timeline_and_report_show_the_police_as_police(march, tmp_path):
    db, police_id = march
    timeline = CliRunner().invoke(main, ["timeline", "attended", "--db", str(db)])
    assert timeline.exit_code == 0, timeline.output
    headings = [line.strip() for line in timeline.stdout.splitlines()
                if line.startswith("  ") and not line.startswith("    ")]
    assert headings == ["Velmora Pensioners' Front", "police"]
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(report)])
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert police_id not in timeline.stdout and police_id not in html
    assert "(the outlet)" not in html and OWN_COUNT not in html


def test_the_web_pages_show_the_police_as_police(march):
    db, police_id = march
    with warnings.catch_warnings():  # Starlette's note that it prefers another HTTP client
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from claimledger.present.web import create_app

    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        measure = client.get("/api/measures").json()["measures"][0]["id"]
        series = client.get(f"/api/timeline/{measure}").json()["series"]
        assert sorted(s["side"] for s in series) == ["Velmora Pensioners' Front", "police"]
        for url in ("/claims", "/claimants", f"/measures/{measure}", "/conflicts"):
            page = client.get(url)
            text = re.sub(r"<[^>]+>", " ", page.text)  # links may carry ids; words never
            assert page.status_code == 200 and police_id not in text, url
            assert "(the outlet)" not in text and OWN_COUNT not in text, url
        claims = client.get("/api/claims").json()["claims"]
        assert {c["side"] for c in claims} == {"police", "Velmora Pensioners' Front"}


def test_a_country_s_red_cross_society_is_a_side_of_its_own():
    assert side_of(Speaker("Peruvian Red Cross", "Peruvian Red Cross", None, "body")) \
        == "Peruvian Red Cross"
    assert side_of(Speaker("Milagros Tejada", None, "spokeswoman for the Peruvian Red Cross",
                           "person")) == "Peruvian Red Cross"
    assert side_of(Speaker("Red Cross", None, None, "body")) \
        == "International Committee of the Red Cross"
