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
    ("A third of the votes were counted.", "A third", 100 / 3, None, None, "approx"),
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
    "A third aircraft took off from the airport.",  # an ordinal before its noun
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


# -- money, magnitudes and measures in their common spellings (issue 12, class 9) -------------
@pytest.mark.parametrize("text,value,unit", [
    ("The council pledged £3.2bn for new sea walls.", 3_200_000_000, "pound"),
    ("The sale raised $2m for the clinic.", 2_000_000, "dollar"),
    ("A fine of €300k was upheld.", 300_000, "euro"),
    ("The state will spend Rs 40 crore on roads.", 400_000_000, "rupee"),
    ("Each village gets Rs. 2.5 lakh a year.", 250_000, "rupee"),
    ("The plan costs ₹1,200 crore.", 12_000_000_000, "rupee"),
    ("The lender earned ¥820 billion.", 820_000_000_000, "yen"),
    ("A stamp now costs 95p.", 0.95, "pound"),
    ("Rents rose 7pc on the year.", 7, "percent"),
    ("Gauges showed 2.5mm of rain.", 2.5, "millimetre"),
    ("Snow lay 40cm deep.", 40, "centimetre"),
    ("Fire scorched 12.6 sq km of heath.", 12.6, "square kilometre"),
    ("The park covers 340 km² of marsh.", 340, "square kilometre"),
    ("The farm spans 85 ha.", 85, "hectare"),
    ("The lake holds 2.1 billion cubic metres of water.", 2_100_000_000, "cubic metre"),
    ("The tanker was 12 nautical miles offshore.", 12, "nautical mile"),
    ("Gusts reached 180 km/h.", 180, "kilometre per hour"),
    ("Temperatures hit 47.1C in the valley.", 47.1, "degree celsius"),
])
def test_reads_money_magnitudes_and_measures(text, value, unit):
    f = one(text)
    assert (pytest.approx(f.value), f.unit) == (value, unit)


@pytest.mark.parametrize("text,figure,value,qualifier", [
    ("Cracks ~0.8mm wide were found.", "~0.8mm", 0.8, "approx"),
    ("The dig needs c. 600 volunteers.", "c. 600", 600, "approx"),
    ("The census put it at 2 million 340 thousand people.", "2 million 340 thousand",
     2_340_000, "exact"),
    ("Receipts were 3 billion 200 million dollars.", "3 billion 200 million dollars",
     3_200_000_000, "exact"),
    ("Only three of every ten homes had power.", "three of every ten", 30, "exact"),
    ("The true toll is around ten times the official count.", "around ten times", 1000,
     "approx"),
    ("Turnout was more than twice the number expected.", "more than twice", 200, "at_least"),
])
def test_reads_marks_compounds_and_proportions(text, figure, value, qualifier):
    f = one(text)
    assert (f.text, pytest.approx(f.value), f.qualifier) == (figure, value, qualifier)


def test_a_range_takes_the_scale_of_its_second_end():
    f = one("The reform would save two to three billion euros a year.")
    assert (f.low, f.high, f.qualifier, f.unit) == (2e9, 3e9, "range", "euro")


def test_a_change_from_one_figure_to_another_is_two_figures():
    figs = find_figures("Inflation eased from 3.1 to 2.9 percent in May.")
    assert [(f.value, f.unit) for f in figs] == [(3.1, "percent"), (2.9, "percent")]
    # a spread of estimates stays one range
    assert one("Estimates ranged from 200 to 400 people.").qualifier == "range"


@pytest.mark.parametrize("text", [
    "Call 0800 123 4567 for advice.",
    "ISBN 978-0-14-044913-6",
    "Story Code : 483210",
    "Posted on : 2021-06-17 09:12 KST",
    "38016.09.2025, 10:33 Leaders meet in the capital",
    "1201",
    "Ticket ID: 55012 was issued.",
    "Rallies are banned from March 19 to 27.",
])
def test_codes_dates_and_counters_are_not_figures(text):
    assert find_figures(text) == []


def test_all_gives_durations_ages_and_attributes_their_own_units():
    figs = find_figures("A 44-year-old waited two weeks beside a 3,000-ton tank.",
                        include_all=True)
    assert [(f.kind, f.unit) for f in figs] == [("age", "year"), ("duration", "week"),
                                                ("attribute", "ton")]


def test_without_a_parse_a_bare_number_gets_no_guessed_unit():
    assert one("The index closed at 7,412.5 on Monday.").unit is None


# A lone "one" is an article ("one man told reporters") unless a toll's verb governs it.
@pytest.mark.parametrize("text, counted", [
    ("The shelling hit the market, killing one child and wounding dozens.", ["one", "dozens"]),
    ("One soldier died when the convoy was ambushed, the army said.", ["One"]),
    ("One man told reporters the town had been quiet for a week.", []),
    ("He saw one voter slip a second ballot into the box.", []),
])
def test_a_lone_one_counts_only_a_toll(text, counted):
    from invented import claims_in

    assert [c.figure.text for c in claims_in(f"Headline\n\n{text}")] == counted
