"""The date field, by example (issue 12).

A claim's date is the day the statement was made, else the day the fact it reports refers
to, else the publication date; days written relative to the article ("on Thursday",
"yesterday") are resolved against the publication date, and the date is null when no day can
be known. Each test is a short invented article run through clean() then extract_claims().
The articles here are published on Friday 14 March 2025 unless a test says otherwise.
"""

from __future__ import annotations

import pytest
from invented import PUBLISHED, claims_in

from claimledger.extract.fields.date import claimant_days
from claimledger.extract.passes import PASSES

FRIDAY = PUBLISHED  # a Friday
# rules decided once the whole document is read (fields/date.claimant_days, a document pass)
needs_pass = pytest.mark.xfail(claimant_days not in PASSES, strict=True,
                               reason="fields.date.claimant_days is not in passes.PASSES yet")


def dates_of(text: str, date: str | None = FRIDAY) -> dict[str, str | None]:
    """figure as written -> the claim's date."""
    return {c.figure.text: c.date for c in claims_in(text, date)}


# --- the publication date, when the text gives no day -----------------------------------------


def test_a_claim_with_no_day_in_the_text_takes_the_publication_date() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said 1,200 homes had been flooded.
    """)
    assert got["1,200"] == FRIDAY


def test_no_publication_date_and_no_day_in_the_text_gives_null() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said 1,200 homes had been flooded.
    """, date=None)
    assert got["1,200"] is None


# --- days relative to the publication date ----------------------------------------------------


def test_a_weekday_is_the_last_such_day_on_or_before_publication() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said on Thursday that 1,200 homes had been
        flooded.
    """)
    assert got["1,200"] == "2025-03-13"


def test_a_weekday_earlier_in_the_week_goes_back_that_many_days() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        On Monday, the regional governor, Marta Ilves, said 1,200 homes had been flooded.
    """)
    assert got["1,200"] == "2025-03-10"


def test_the_publication_weekday_itself_is_the_publication_day() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said on Friday that 1,200 homes had been flooded.
    """)
    assert got["1,200"] == FRIDAY


def test_last_and_the_publication_weekday_is_a_week_before() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        Last Friday, the regional governor put the number of flooded homes at 1,200.
    """)
    assert got["1,200"] == "2025-03-07"


def test_yesterday_is_the_day_before_publication() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, told reporters yesterday that 1,200 homes had
        been flooded.
    """)
    assert got["1,200"] == "2025-03-13"


def test_days_or_weeks_ago_count_back_from_publication() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        Two weeks earlier, the regional governor had put the number of flooded homes at 300.

        Three days ago the governor said 1,200 homes had been flooded.
    """)
    assert (got["300"], got["1,200"]) == ("2025-02-28", "2025-03-11")


def test_a_day_of_something_still_to_come_is_no_day_of_the_claim() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The governor said 1,200 homes had been flooded before the vote, which the council is
        due to hold on Monday.

        Some 40 families were reported to have left the valley on Wednesday.
    """)
    assert (got["1,200"], got["Some 40"]) == (FRIDAY, "2025-03-12")


def test_a_sentence_without_a_day_takes_the_day_its_paragraph_gives_what_happened() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        By noon on Wednesday the river had burst its banks. Rescuers said 40 people were
        stranded on rooftops.

        The agency said on Tuesday that 9,000 people were in shelters. Some 300 children have
        missed school since the floods.
    """)
    assert got["40"] == "2025-03-12"  # the paragraph's day of what happened
    assert got["Some 300"] == FRIDAY  # a day of saying, and a span of its own: no carry


def test_today_is_the_publication_day() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said today that 1,200 homes had been flooded.
    """)
    assert got["1,200"] == FRIDAY


def test_last_week_names_no_day_so_the_publication_date_stands() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said 1,200 homes had been flooded in storms
        last week.
    """)
    assert got["1,200"] == FRIDAY


# --- days written out -------------------------------------------------------------------------


def test_a_month_and_day_without_a_year_take_the_publication_year() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said on March 3 that 1,200 homes had been
        flooded.
    """)
    assert got["1,200"] == "2025-03-03"


def test_a_day_before_the_month_reads_the_same() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said on 3 March that 1,200 homes had been
        flooded.
    """)
    assert got["1,200"] == "2025-03-03"


def test_a_month_and_day_with_a_year_are_taken_as_written() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        In a report published on November 20, 2023, the agency said 1,200 homes had been
        flooded.
    """)
    assert got["1,200"] == "2023-11-20"


def test_a_month_later_than_publication_without_a_year_is_last_year() -> None:
    # an article of March that speaks of "December 12" speaks of the December before it
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said on December 12 that 1,200 homes had been
        flooded.
    """)
    assert got["1,200"] == "2024-12-12"


# --- whose day: the statement's before the fact's ---------------------------------------------


def test_the_day_of_the_statement_wins_over_the_day_of_the_fact() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said on Tuesday that 1,200 homes had been
        flooded on March 2.
    """)
    assert got["1,200"] == "2025-03-11"


def test_the_day_of_a_release_dates_the_figures_it_released() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        About 1,200 homes have been flooded, according to figures released on Tuesday by
        the regional emergency service.
    """)
    assert got["About 1,200"] == "2025-03-11"


def test_a_day_another_source_reported_on_is_not_the_statements_day() -> None:
    # the agency relays the statement on Thursday; the vote it counts was held on Sunday
    got = dates_of("""
        Turnout figures disputed

        The election board declared that turnout in Sunday's vote was 61 percent, the
        Wirepress agency reported on Thursday.
    """)
    assert got["61 percent"] == "2025-03-09"


def test_a_span_of_days_is_no_day_of_the_fact() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said 1,200 homes were flooded between March 2
        and March 6.
    """)
    assert got["1,200"] == FRIDAY


def test_the_day_of_the_fact_serves_when_the_statement_has_none() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, said 1,200 homes had been flooded on March 2.
    """)
    assert got["1,200"] == "2025-03-02"


def test_a_pronouns_statement_keeps_the_day_its_speaker_was_given() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional governor, Marta Ilves, visited the worst-hit district on Wednesday.
        She said 1,200 homes had been flooded.
    """)
    assert got["1,200"] == "2025-03-12"


# --- one claimant, one day: what the document gives elsewhere --------------------------------


@needs_pass
def test_a_claimants_undated_statement_takes_the_day_given_it_before() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional council said on Tuesday that 1,200 homes had been flooded.

        According to the council, 300 families were still waiting for help.
    """)
    assert got["300"] == "2025-03-11"


def test_a_headline_takes_the_day_its_claimant_is_given_in_the_body() -> None:
    got = dates_of("""
        Council says 300 families still wait for help

        The regional council said on Tuesday that 300 families were still waiting for help
        after the floods.
    """)
    assert got["300"] == "2025-03-11"


def test_another_claimants_day_is_not_carried() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        The regional council said on Tuesday that 1,200 homes had been flooded.

        Aid workers say 300 families are still waiting for help.
    """)
    assert got["300"] == FRIDAY


# --- datelines --------------------------------------------------------------------------------


@needs_pass
def test_a_datelines_day_dates_the_report() -> None:
    got = dates_of("""
        Flood waters cut off villages in the south

        TARVEN, March 12 (Wirepress) - The regional governor, Marta Ilves, said 1,200
        homes had been flooded.
    """)
    assert got["1,200"] == "2025-03-12"


def test_a_weekday_after_a_dateline_is_read_against_the_datelines_day() -> None:
    # a wire story filed on Wednesday 12 March that says "on Monday" means the 10th
    got = dates_of("""
        Flood waters cut off villages in the south

        TARVEN, March 12 (Wirepress) - The regional governor, Marta Ilves, said on Monday
        that 1,200 homes had been flooded.
    """)
    assert got["1,200"] == "2025-03-10"


def test_the_publication_s_own_weekday_named_in_a_sentence_keeps_that_day() -> None:
    # Friday's paper: "said on Friday" is that day, and no later sentence of the same
    # claimant, dated otherwise, moves it
    text = """Heat toll rises

The health ministry said on Friday that 38 people had died. The ministry said on Wednesday
that 20 people were in hospital.
"""
    dates = dates_of(text)
    assert dates["38"] == FRIDAY


def test_a_paragraph_opening_on_an_earlier_time_tells_of_another_occasion():
    claims = claims_in("""
Coalition strikes kill dozens

Airstrikes killed nearly 30 people on Thursday, rebel media reported.

Earlier this month, an airstrike in the north killed dozens of people. Rebel television
reported at least 51 people were killed.

The coalition said it would investigate the 30 deaths.
""")
    period = {c.figure.text: c.period for c in claims}
    assert period["nearly 30"] is None
    assert period["at least 51"] == "earlier"  # the paragraph's time carries to its end
    assert period["30"] is None


def test_a_weekday_last_week_is_that_day_of_the_week_before():
    # published Friday 2025-03-14: "Tuesday last week" is 4 March, "last Tuesday" the 11th
    claims = claims_in("""
Refugees flee fighting

UNHCR said on Tuesday last week that more than 50,000 people had fled since the fighting began.

The agency said last Tuesday that 2,000 more had crossed the border.
""")
    days = {c.figure.text: c.date for c in claims}
    assert days["more than 50,000"] == "2025-03-04"
    assert days["2,000"] == "2025-03-11"
