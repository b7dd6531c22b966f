"""A claim's scope (ledger/scope.py): claims of one measure are compared only where their
scopes meet. Sentences invented for each phenomenon."""

from __future__ import annotations

from dataclasses import replace

from test_ledger_conflicts import BLANK, claim, conflicts

from claimledger.ledger.scope import Scope, compatible, scopes

UNION = {"claimant": "Dockworkers' Union", "affiliation": "Dockworkers' Union"}
MINISTRY = {"claimant": "Labour Ministry", "affiliation": "Norland"}


def sentence(quote: str, *figures: str, unit: str = "percent", doc: str = "a.txt"):
    """One entry per figure, in the order written."""
    return [replace(BLANK, id=i, doc=doc, quote=quote, figure=f, unit=unit,
                    position=quote.index(f)) for i, f in enumerate(figures, start=1)]


def test_a_percent_is_a_share_of_the_noun_after_of():
    es = sentence("The union said 61% of dockers stayed home, while only 12% of clerks did.",
                  "61%", "12%")
    got = scopes(es)
    assert [got[e.id].base for e in es] == ["docker", "clerk"]


def test_a_percent_without_a_base_takes_the_one_before_it_in_its_sentence():
    es = sentence("The ministry counted 30% of nurses on strike; the union speaks of 55%.",
                  "30%", "55%")
    got = scopes(es)
    assert got[1].base == got[2].base == "nurse"


def test_shares_of_different_wholes_do_not_conflict():
    union = claim(1, 61, unit="percent", figure="61%", predicate="strike",
                  quote="The union said 61% of dockers walked out.", **UNION)
    ministry = claim(2, 9, unit="percent", figure="9%", predicate="strike",
                     quote="The ministry said 9% of all public employees walked out.",
                     **MINISTRY)
    assert conflicts(union, ministry) == []


def test_shares_of_one_whole_conflict():
    union = claim(1, 61, unit="percent", figure="61%", predicate="strike",
                  quote="The union said 61% of dockers walked out.", **UNION)
    ministry = claim(2, 9, unit="percent", figure="9%", predicate="strike",
                     quote="The ministry said 9% of dockers walked out.", **MINISTRY)
    assert conflicts(union, ministry) == [("figure", "percent on strike, 1 April 2022")]


def test_a_running_total_and_one_days_count_are_different_periods():
    es = sentence("A total of 310,000 people have crossed since the fighting began, "
                  "including 18,500 on Tuesday, the border agency said.",
                  "310,000", "18,500", unit="person")
    got = scopes(es)
    assert (got[1].period, got[2].period) == ("total", "day")
    assert got[2].part and not got[1].part


def test_a_part_disputes_only_a_claim_of_its_own_unit():
    part = Scope(part=True)
    assert not compatible(part, Scope(), "woman", "person")
    assert compatible(part, Scope(), "child", "child")


def test_a_scope_the_words_do_not_say_meets_any():
    es = sentence("Officials said 4,200 homes were flooded.", "4,200", unit="home")
    assert scopes(es)[1] == Scope()
    assert compatible(Scope(), Scope(period="day", base="x"), "home", "home")


def test_a_year_in_a_figure_s_own_words_is_its_period():
    es = sentence("Turnout was as low as 22, half of the polling reported in the 1993 elections.",
                  "as low as 22", "half")
    got = scopes(es)
    assert (got[1].year, got[2].year) == (None, "1993")
    # against this year's turnout, or one of no known year, 1993's is another count
    assert not compatible(got[2], got[1], "percent", "percent", ("2024", "2024"))
    assert not compatible(got[2], got[1], "percent", "percent")
    assert compatible(got[2], Scope(year="1993"), "percent", "percent")


def test_a_forecast_counts_what_was_foreseen():
    es = sentence("Police had expected that 6,000 people would march, but counted 14,000 by noon.",
                  "6,000", "14,000", unit="person")
    got = scopes(es)
    assert (got[1].expected, got[2].expected) == (True, False)
    ahead = sentence("Organisers expect up to 50,000 to attend.", "up to 50,000", unit="person")
    assert scopes(ahead)[1].expected
    said = sentence("Some 20,000 people are expected to march on Sunday.", "Some 20,000",
                    unit="person")
    assert scopes(said)[1].expected


def test_a_forecast_disputes_no_count_of_what_happened():
    forecast = claim(1, 6000, figure="6,000", predicate="march",
                     quote="Police had estimated that 6,000 people would march.",
                     claimant="Harbour Police", affiliation="Harbour Police")
    counted = claim(2, 40000, figure="40,000", predicate="march",
                    quote="Organisers said 40,000 people marched.",
                    claimant="Pension Front", affiliation="Pension Front")
    assert conflicts(forecast, counted) == []
    police = replace(forecast, quote="Police said 6,000 people marched.")
    assert conflicts(police, counted) != []
    assert not compatible(Scope(expected=True), Scope(), "person", "person")
    assert compatible(Scope(expected=True), Scope(expected=True), "person", "person")


def test_a_judgement_of_a_count_is_no_forecast():
    es = sentence("The arrival of a million refugees would be hard for any country.",
                  "a million", unit="person")
    assert not scopes(es)[1].expected


def test_where_a_change_started_is_the_earlier_value():
    es = sentence("Inflation slowed to 38.2% in December from 41.6% in November.",
                  "38.2%", "41.6%")
    got = scopes(es)
    assert (got[1].previous, got[2].previous) == (False, True)
    assert not compatible(got[2], Scope(), "percent", "percent")


def test_a_monthly_rate_is_no_rival_of_an_annual_one():
    monthly = sentence("Prices rose 2.9% month on month, the institute said.", "2.9%")
    annual = sentence("Its measure of annual inflation stood at 71.5%.", "71.5%")
    m, a = scopes(monthly)[1], scopes(annual)[1]
    assert (m.rate, a.rate) == ("month", "year")
    assert not compatible(m, a, "percent", "percent")
    assert compatible(a, Scope(), "percent", "percent")


def test_what_a_rate_would_fall_to_is_a_forecast():
    es = sentence("The minister said inflation would fall to 24% by the end of the year.", "24%")
    assert scopes(es)[1].expected


def test_a_claim_of_an_earlier_time_disputes_no_claim_of_the_story_s():
    now = claim(1, 30, figure="nearly 30", predicate="kill", claimant="Rebel media",
                affiliation="Rebels", quote="Airstrikes killed nearly 30 people, rebel media said.")
    before = claim(2, 51, figure="at least 51", predicate="kill", claimant="Health Ministry",
                   affiliation="Norland", quote="The ministry said at least 51 people were killed.")
    assert conflicts(now, before) != []
    assert conflicts(now, replace(before, period="earlier")) == []



def test_a_sentence_opening_on_its_whole_counts_a_share_of_it():
    es = sentence("Of the dead, 11 were in Catanduanes, the council said.", "11",
                  unit="person")
    got = scopes(es)
    assert got[1].share and got[1].part


def test_a_share_of_one_place_is_no_rival_of_another_place_s_whole():
    council = {"claimant": "Disaster council", "affiliation": "Philippines"}
    red_cross = {"claimant": "Red Cross", "affiliation": "Red Cross"}
    share = claim(1, 11, predicate="die", place="Catanduanes", quote="Of the dead, 11 were "
                  "in Catanduanes, the council said.", figure="11", **council)
    whole = claim(2, 41, predicate="die", place="Bicol", figure="41",
                  quote="The Red Cross said 41 people had died in Bicol.", **red_cross)
    governor = claim(3, 26, predicate="die", place="Catanduanes", figure="26",
                     quote="The governor said 26 people had died in Catanduanes.",
                     claimant="Governor Ramos", affiliation="Philippines")
    assert conflicts(share, whole) == []
    assert len(conflicts(share, governor)) == 1
