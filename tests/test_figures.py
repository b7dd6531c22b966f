"""The figure parser on its own: sentences in, normalised figures out."""

from __future__ import annotations

import pytest

from claimledger.extract.fields.figure import find_figures


def one(text: str, **kw):
    figs = find_figures(text, **kw)
    assert len(figs) == 1, figs
    return figs[0]


@pytest.mark.parametrize("text,figure,value,low,high,qualifier", [
    ("Officials said 1,250 people were moved.", "1,250", 1250, 1250, 1250, "exact"),
    ("Some 12 000 residents stayed behind.", "Some 12 000", 12000, None, None, "approx"),
    ("More than two million voters took part.", "More than two million", 2_000_000,
     2_000_000, None, "at_least"),
    ("Up to 35 kilometres of road was retaken.", "Up to 35 kilometres", 35, None, 35, "at_most"),
    ("Between 20 and 40 families were sheltering.", "Between 20 and 40", None, 20, 40,
     "range"),
    ("Tens of thousands of people marched.", "Tens of thousands", None, 20_000, 99_999,
     "vague"),
    ("Several thousand workers walked out.", "Several thousand", None, 3_000, 9_999, "vague"),
    ("A thousand volunteers signed up.", "A thousand", 1000, None, None, "approx"),
    ("Turnout was nearly 10 per cent lower.", "nearly 10 per cent", 10, None, 10, "at_most"),
    ("About half of the town had left.", "About half", 50, None, None, "approx"),
    ("The fund reached $2.5bn by May.", "$2.5bn", 2_500_000_000, 2_500_000_000,
     2_500_000_000, "exact"),
    ("Two and a half million people fled.", "Two and a half million", 2_500_000, 2_500_000,
     2_500_000, "exact"),
    ("Between 5% and 10% of homes were hit.", "Between 5% and 10%", None, 5, 10, "range"),
    ("Repairs cost 20%-30% more.", "20%-30%", None, 20, 30, "range"),
    ("The road is 5 km to 10 km long.", "5 km to 10 km", None, 5, 10, "range"),
])
def test_reads_figures(text, figure, value, low, high, qualifier):
    f = one(text)
    assert (f.text, f.value, f.low, f.high, f.qualifier) == (figure, value, low, high, qualifier)


@pytest.mark.parametrize("text", [
    "The war began on 24 February 2022 and lasted into 2023.",
    "A 44-year-old man was among them.",
    "The siege lasted nearly eight years.",
    "It is the fourth largest city, hit at 5 p.m. on Sept. 10.",
    "They invoked Article 5 and the Fourth Geneva Convention.",
    "One unnamed official spoke to reporters.",
    "A 3,000-ton fuel tank burned in the 1979-89 war.",
])
def test_leaves_out_what_is_not_a_figure(text):
    assert find_figures(text) == []


def test_two_numbers_joined_by_and_are_two_figures_without_between():
    assert [f.value for f in find_figures("Doctors saw 45 and 50 cases.")] == [45, 50]


def test_all_also_returns_ages_and_durations_but_never_dates():
    kinds = {f.kind for f in find_figures("A 92-year-old woman waited two weeks from "
                                          "March 3, 2022.", include_all=True)}
    assert kinds == {"age", "duration"}


def test_units_come_from_the_words_after_the_number():
    assert [f.unit for f in find_figures("230 schools and 155 kindergartens were hit.")] == [
        "school", "kindergarten"]
