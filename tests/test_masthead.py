"""What a plain-text article says of itself: its title (the first heading), outlet (its
copyright line, else its dateline's agency), byline and dateline; the masthead and section
lines ("World | Europe | Velmora") are furniture. An article of our own."""

from __future__ import annotations

from claimledger.clean.masthead import masthead
from claimledger.clean.text import clean_plain
from claimledger.cli import main

PAGE = """The Velmora Courier
World | Europe | Velmora
Police count 8,000 at pension march
By Ana Petrova and John Smith
VELMORA, Ruritania (AFP) — Police said about 8,000 people joined the march on Sunday.

Organisers said 45,000 marched.
© 2024 The Velmora Courier. All rights reserved.
"""


def test_the_masthead_and_the_section_line_are_furniture():
    clean = clean_plain(PAGE)
    assert clean.text.startswith("Police count 8,000 at pension march\nVELMORA")
    reasons = {c.reason: c.text for c in clean.cuts}
    assert reasons["masthead"] == "The Velmora Courier"
    assert reasons["section line"] == "World | Europe | Velmora"


def test_title_outlet_byline_and_dateline_are_read_where_they_stand():
    m = masthead(clean_plain(PAGE))
    assert m.title == "Police count 8,000 at pension march"
    assert m.outlet == "The Velmora Courier"
    assert m.byline == "Ana Petrova and John Smith"
    assert m.dateline == "VELMORA, Ruritania"


def test_without_a_copyright_line_the_datelines_agency_is_the_outlet():
    m = masthead(clean_plain("KYRENIA, Velmora (AP) — Officials said 40 homes burned.\n"))
    assert (m.outlet, m.dateline, m.title) == ("AP", "KYRENIA, Velmora", None)


def test_a_lede_or_a_shouted_label_is_no_title():
    assert masthead(clean_plain("The ministry said 12 schools were closed.\n")).title is None
    assert masthead(clean_plain("WATCH NOW\n\nThe ministry said 12 schools shut.\n")).title \
        is None


def test_a_run_stores_them_and_documents_lists_outlet_and_title(runner, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "march.txt").write_text(PAGE, encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert runner.invoke(main, ["run", str(docs), "--db", db]).exit_code == 0
    listed = runner.invoke(main, ["documents", "--db", db]).stdout
    assert "The Velmora Courier · Police count 8,000 at pension march" in listed
    assert "verify: OK" in runner.invoke(main, ["verify", "--db", db]).output
