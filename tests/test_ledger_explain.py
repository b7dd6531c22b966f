"""What a conflict says (ledger/explain.py): a sentence naming both voices, their figures
and, for a framing dispute, each side's verb; and its weight, which ranks the conflicts."""

from __future__ import annotations

from test_ledger_conflicts import claim, ledger_of


def only_conflict(*entries):
    [conflict] = ledger_of(*entries)[1]
    return conflict


def test_a_framing_conflict_names_each_side_s_verb_and_how_close_the_figures_are():
    ministry = claim(1, 400000, figure="about 400,000", qualifier="approx", predicate="evacuate",
                     framing="voluntary", claimant="Norland's defence ministry",
                     affiliation="Norland",
                     quote="The defence ministry said about 400,000 people were evacuated.")
    ombudsman = claim(2, 401000, figure="401,000", predicate="deport", framing="forced",
                      claimant="Ilse Varro", affiliation="Sudland",
                      quote="Ilse Varro said 401,000 people had been deported.")
    c = only_conflict(ministry, ombudsman)
    assert c.kind == "framing"
    assert "about 400,000 evacuated" in c.sentence and "401,000 deported" in c.sentence
    assert c.sentence.endswith("the figures agree within 0.5%")


def test_a_figure_conflict_says_how_far_apart_the_bounds_are():
    police = claim(1, 8000, figure="8,000", predicate="march", claimant="Velmora police",
                   affiliation="Velmora police")
    organisers = claim(2, 30000, figure="30,000", predicate="march", claimant="Pensioners' Front",
                       affiliation="Pensioners' Front")
    c = only_conflict(police, organisers)
    assert c.sentence.startswith("Velmora police: 8,000; Pensioners' Front: 30,000;")
    assert "3.6 times apart" in c.sentence  # 30,000 less 2% against 8,000 plus 2%
    assert c.sources == 2 and c.weight > 0


def test_a_wider_gap_weighs_more():
    near = only_conflict(claim(1, 8000, predicate="march", claimant="police", affiliation="p"),
                         claim(2, 10000, predicate="march", claimant="union", affiliation="u"))
    far = only_conflict(claim(1, 8000, predicate="march", claimant="police", affiliation="p"),
                        claim(2, 90000, predicate="march", claimant="union", affiliation="u"))
    assert far.weight > near.weight
