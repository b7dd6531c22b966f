"""The counted thing, read from spaCy's parse as the pipeline reads it (fields/unit.py)."""

from __future__ import annotations

import pytest

from claimledger.extract.claims import _figures
from claimledger.extract.fields.unit import singular
from claimledger.extract.nlp import load, sentences


def units(text: str) -> list[str | None]:
    return [f.unit for s in sentences(text, load(), "all") for f in _figures(s)]


@pytest.mark.parametrize("text,expected", [
    ("Rescuers pulled 14 survivors from the rubble.", ["survivor"]),
    ("Officials counted 1,804 spoiled ballots in the ward.", ["ballot"]),
    ("The ship carried 318 passengers and 22 crew members.", ["passenger", "crew member"]),
    ("The ministry said 195 of its servicemen had come home.", ["serviceman"]),
    ("Survivors said 648 or 650 men were on board.", ["man", "man"]),
    ("Of the 1,200 detainees, 300 have been released.", ["detainee", "detainee"]),
    ("At least 51 people were killed and 79 others wounded.", ["person", "person"]),
    ("The firm paid £2m to 40 suppliers.", ["pound", "supplier"]),
])
def test_the_counted_noun_is_read_from_the_parse(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    "The index closed at 7,412.5 on Thursday.",
    "The final score was 3 to 1 after extra time.",
    "Shares traded at 38.16 in early trading.",
    "The ratio fell to 0.72 in the latest survey.",
])
def test_a_bare_number_that_measures_something_else_has_no_unit(text):
    assert set(units(text)) == {None}


@pytest.mark.parametrize("text", [
    "Police put the crowd at 128,000 as the rally peaked.",
    "The death toll rose to 4,000 on Sunday.",
    "More than 9,000 were still missing.",
])
def test_a_bare_count_in_a_sentence_about_people_is_of_people(text):
    assert units(text) == ["person"]


def test_a_count_followed_by_a_period_counts_nothing_of_it():
    # "a year earlier" says when, not what
    assert units("The sea claimed 1,450 migrants, up from 1,090 a year earlier.") == [
        "migrant", "migrant"]


@pytest.mark.parametrize("word,single", [
    ("children", "child"), ("servicemen", "serviceman"), ("policemen", "policeman"),
    ("specimen", "specimen"), ("casualties", "casualty"), ("buses", "bus"),
])
def test_singular(word, single):
    assert singular(word) == single


@pytest.mark.parametrize("text", [
    "Tens of thousands march in Dravell against the fare rise",
    "Thousands rally outside parliament over pensions",
])
def test_a_headline_s_verb_after_a_count_is_no_counted_noun(text):
    assert units(text) == ["person"]


def test_a_count_of_marches_is_still_of_marches():
    assert units("Police counted 12 marches in the capital on Saturday.") == ["march"]
