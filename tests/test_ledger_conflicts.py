"""measures_of and conflicts_of: groups that count the same thing, and where they disagree."""

from __future__ import annotations

from dataclasses import replace

from claimledger.ledger.claimants import resolve_claimants
from claimledger.ledger.entries import Entry
from claimledger.ledger.groups import group_claims
from claimledger.ledger.measures import conflicts_of, measures_of

BLANK = Entry(id=0, doc="a.txt", doc_date="2022-04-01", outlet=None, quote="", figure="",
              value=None, low=None, high=None, qualifier="exact", unit="person",
              claimant=None, role=None, affiliation=None, predicate=None, framing=None,
              date=None, place=None, position=0)
UKRAINE = {"claimant": "Ukraine", "affiliation": "Ukraine"}
RUSSIA = {"claimant": "Russia", "affiliation": "Russia"}


def claim(id: int, value: float | None, **fields) -> Entry:
    """An exact figure in document `doc{id}.txt` unless told otherwise."""
    bounds = {"low": value, "high": value} if fields.get("qualifier", "exact") == "exact" else {}
    return replace(BLANK, **{"id": id, "doc": f"doc{id}.txt", "value": value, **bounds,
                              **fields})


def ledger_of(*entries: Entry):
    _, claimant_of = resolve_claimants(list(entries))
    groups = group_claims(list(entries), claimant_of, {})
    by_id = {e.id: e for e in entries}
    measures = measures_of(groups, by_id)
    return measures, conflicts_of(measures, {g.id: g for g in groups}, by_id)


def conflicts(*entries: Entry) -> list[tuple[str, str]]:
    """(kind, measure) of each conflict found."""
    return [(c.kind, c.measure) for c in ledger_of(*entries)[1]]


def test_deported_and_evacuated_are_one_measure():
    measures, _ = ledger_of(claim(1, 5000, predicate="deport", **UKRAINE),
                            claim(2, 9000, predicate="evacuate", **RUSSIA),
                            claim(3, 7000, predicate="relocate", **UKRAINE))
    assert [m.name for m in measures] == ["people moved"]


def test_the_same_figure_forced_and_voluntary_is_a_framing_conflict():
    deported = claim(1, 5000, predicate="deport", framing="forced", **UKRAINE)
    evacuated = claim(2, 5000, predicate="evacuate", framing="voluntary", **RUSSIA)
    assert conflicts(deported, evacuated) == [("framing", "people moved")]


def test_other_figures_with_opposite_framings_conflict_on_both():
    russia = claim(1, 1000000, low=1000000, qualifier="at_least", figure="more than 1,000,000",
                   predicate="evacuate", framing="voluntary", doc="a.txt", position=10, **RUSSIA)
    ukraine = claim(2, 800000, high=800000, qualifier="at_most", figure="up to 800,000",
                    predicate="deport", framing="forced", doc="a.txt", position=200, **UKRAINE)
    assert conflicts(russia, ukraine) == [("both", "people moved")]


def turnout(id: int, value: float | None, **fields) -> Entry:
    return claim(id, value, unit="percent", predicate="vote",
                 quote="The turnout was reported.", **fields)


def test_a_figure_inside_the_others_range_is_no_conflict():
    assert conflicts(turnout(1, 26, **UKRAINE),
                     turnout(2, None, low=25, high=30, qualifier="range", **RUSSIA)) == []


def test_a_figure_outside_the_others_range_is_a_figure_conflict():
    assert conflicts(turnout(1, 22, **UKRAINE),
                     turnout(2, None, low=25, high=30, qualifier="range", **RUSSIA)) == [
        ("figure", "percent voted, 1 April 2022")]


def test_figures_twenty_times_apart_count_different_things():
    assert conflicts(claim(1, 1000, predicate="flee", **UKRAINE),
                     claim(2, 25000, predicate="flee", **RUSSIA)) == []


def test_figures_of_different_periods_are_no_conflict():
    april = claim(1, 1000, predicate="flee", date="2022-04-01", **UKRAINE)
    june = claim(2, 2000, predicate="flee", date="2022-06-01", **RUSSIA)
    assert conflicts(april, june) == []


def test_figures_for_different_places_are_no_conflict():
    assert conflicts(claim(1, 1000, predicate="flee", place="Irpin", **UKRAINE),
                     claim(2, 2000, predicate="flee", place="Kherson", **RUSSIA)) == []


def test_one_claimants_breakdown_in_one_sentence_is_no_conflict():
    sentence = "Ukraine said 1,000 people fled Irpin and 3,000 fled Bucha."
    irpin = claim(1, 1000, predicate="flee", doc="a.txt", position=13, quote=sentence, **UKRAINE)
    bucha = claim(2, 3000, predicate="flee", doc="a.txt", position=40, quote=sentence, **UKRAINE)
    assert conflicts(irpin, bucha) == []


def test_one_claimant_revising_its_figure_a_day_later_conflicts_with_itself():
    friday = claim(1, 1000, predicate="flee", doc="a.txt", position=10, **UKRAINE,
                   quote="On Friday Ukraine said 1,000 people had fled.")
    saturday = claim(2, 1500, predicate="flee", doc="a.txt", position=80, **UKRAINE,
                     quote="On Saturday it revised the figure to 1,500.")
    assert conflicts(friday, saturday) == [("figure", "people fled")]


def test_the_outlet_disagreeing_with_itself_is_no_conflict():
    assert conflicts(claim(1, 1000, predicate="flee"), claim(2, 3000, predicate="flee")) == []


def test_a_conflict_names_its_groups_in_order():
    _, [conflict] = ledger_of(claim(1, 5000, predicate="deport", **UKRAINE),
                              claim(2, 9000, predicate="evacuate", **RUSSIA))
    assert conflict.a < conflict.b and conflict.a.startswith("g-")


def test_people_who_took_part_in_a_march_attended_it():
    marched = claim(1, 50000, predicate="march", quote="Organisers said 50,000 people marched.",
                    claimant="Mara Quint", affiliation="Save the Harbour")
    took_part = claim(2, 8000, predicate="take", claimant="Police",
                      quote="Police said 8,000 people took part in the march.")
    assert conflicts(marched, took_part) == [("figure", "people attended, 1 April 2022")]


def test_a_pair_met_both_by_date_and_by_document_is_one_conflict():
    # two groups dated days apart AND carried by one document: found twice, reported once
    a = claim(1, 5000, predicate="deport", doc="same.txt", position=10, date="2022-03-01",
              **UKRAINE)
    b = claim(2, 9000, predicate="evacuate", doc="same.txt", position=90, date="2022-03-03",
              **RUSSIA)
    _, found = ledger_of(a, b)
    assert len(found) == 1


def test_at_least_ten_disputes_nine():
    """'At least 10 bodies' leaves no room for nine: a floor is read as the speaker means it."""
    nine = claim(1, 9, predicate="recover", claimant="coastguard", affiliation="Greece",
                 doc="a.txt", position=10)
    ten = claim(2, 10, low=10, high=None, qualifier="at_least", figure="at least 10",
                predicate="recover", claimant="IOM", affiliation="IOM", doc="a.txt",
                position=90)
    assert conflicts(nine, ten) == [("figure", "people recovered")]


def test_the_outlets_own_vague_count_disputes_no_one():
    """A reporter's 'thousands' sums up the story; it is not a rival of the ministry's 19,000."""
    ministry = claim(1, 19000, predicate="deport", framing="forced", **UKRAINE)
    outlet = claim(2, None, low=2000, high=9999, qualifier="vague", figure="thousands",
                   predicate="deport", framing="forced", doc="doc1.txt", position=400)
    assert conflicts(ministry, outlet) == []


def test_a_vague_count_has_no_figure_to_frame():
    """'Hundreds of thousands' taken against 'roughly 400,000' evacuated: no framing dispute
    over one figure, since one side gives none."""
    taken = claim(1, None, low=200000, high=999999, qualifier="vague", predicate="take",
                  framing="forced", figure="hundreds of thousands", doc="a.txt", position=5,
                  **UKRAINE)
    evacuated = claim(2, 400000, qualifier="approx", predicate="evacuate", framing="voluntary",
                      figure="roughly 400,000", doc="a.txt", position=90, **RUSSIA)
    assert conflicts(taken, evacuated) == []


def test_two_marches_a_fortnight_apart_are_two_measures_never_in_conflict():
    police = {"claimant": "Velmora police", "affiliation": "Velmora police"}
    organisers = {"claimant": "Pensioners' Front", "affiliation": "Pensioners' Front"}
    first = [claim(1, 8000, predicate="march", date="2029-05-12", **police),
             claim(2, 30000, predicate="march", date="2029-05-12", **organisers),
             claim(3, 8000, predicate="march", date="2029-05-13", **police)]  # retold next day
    second = [claim(4, 5000, predicate="march", date="2029-05-26", **police),
              claim(5, 45000, predicate="march", date="2029-05-26", **organisers)]
    measures, found = ledger_of(*first, *second)

    assert sorted(m.name for m in measures) == ["people attended, 12 May 2029",
                                                 "people attended, 26 May 2029"]
    assert sorted(c.measure for c in found) == ["people attended, 12 May 2029",
                                                "people attended, 26 May 2029"]


def test_participation_in_the_polls_is_a_vote_whatever_the_verb():
    commission = claim(1, 71, unit="percent", predicate="be", qualifier="exact",
                       quote="The commission said participation in Sunday's polls was 71%.",
                       **UKRAINE)
    party = claim(2, 35, unit="percent", predicate="vote", qualifier="exact",
                  quote="The party said only 35% of the electorate had voted.", **RUSSIA)
    assert [m.name for m in ledger_of(commission, party)[0]] == ["percent voted, 1 April 2022"]


def test_bodies_recovered_and_bodies_found_are_one_measure():
    coastguard = claim(1, 9, unit="body", predicate="recover",
                       quote="The coastguard said nine bodies had been recovered.", **UKRAINE)
    agency = claim(2, 14, unit="body", predicate="find", qualifier="at_least", low=14,
                   quote="At least 14 bodies have been found, the agency said.", **RUSSIA)
    assert [m.name for m in ledger_of(coastguard, agency)[0]] == ["body recovered"]


def test_people_on_a_boat_are_aboard_whether_it_set_sail_or_they_were_on_it():
    coastguard = claim(1, 350, unit="person", predicate="set", qualifier="approx",
                       quote="Survivors said the boat set sail with about 350 people.",
                       **UKRAINE)
    agency = claim(2, 600, unit="person", predicate="learn",
                   quote="We learned from survivors that 600 people were on that boat.",
                   **RUSSIA)
    assert [m.name for m in ledger_of(coastguard, agency)[0]] == ["people aboard"]


def test_one_scene_s_small_counts_dispute_however_many_times_apart():
    rebels = claim(1, 22, unit="child", predicate="kill", doc="a.txt", position=10, **UKRAINE)
    state_media = claim(2, 1, unit="child", predicate="kill", doc="a.txt", position=90,
                        **RUSSIA)
    assert conflicts(rebels, state_media) == [("figure", "children killed")]


def test_a_city_s_count_twenty_times_below_a_country_s_is_another_count():
    city = claim(1, 6000, predicate="deport", doc="a.txt", position=10, **UKRAINE)
    country = claim(2, 400000, predicate="evacuate", doc="a.txt", position=90, **RUSSIA)
    assert conflicts(city, country) == []


def test_a_march_of_no_known_day_is_not_put_on_another_story_s_day():
    dated = [claim(1, 8000, predicate="march", date="2029-05-12", doc="a.txt",
                   claimant="Velmora police", affiliation="Velmora police")]
    undated = [claim(2, 1700000, predicate="march", doc="b.txt", doc_date=None,
                     claimant="Harbour Front", affiliation="Harbour Front")]
    measures, _ = ledger_of(*dated, *undated)
    assert sorted(m.name for m in measures) == ["people attended",
                                                 "people attended, 12 May 2029"]


def test_one_side_s_count_grown_by_a_later_day_is_an_update_not_a_dispute():
    ministry = claim(1, 16000, unit="child", predicate="deport", date="2023-03-17",
                     claimant="Norland's ministry", affiliation="Norland")
    ombudsman = claim(2, 19000, unit="child", predicate="deport", date="2023-03-28",
                      claimant="Ilse Varro", affiliation="Norland")
    assert conflicts(ministry, ombudsman) == []
    # the other side's later and larger count is a dispute
    rival = replace(ombudsman, claimant="Sudland", affiliation="Sudland")
    assert conflicts(ministry, rival) == [("figure", "children moved")]


def test_a_rally_that_drew_a_crowd_was_attended():
    organisers = claim(1, 30000, predicate="draw", date="2029-05-12",
                       quote="The rally drew 30,000 people, the organisers said.", **UKRAINE)
    police = claim(2, 8000, predicate="march", date="2029-05-12", **RUSSIA)
    assert conflicts(organisers, police) == [("figure", "people attended, 12 May 2029")]


def test_workers_who_joined_a_stoppage_are_on_strike_not_at_a_march():
    union = claim(1, 4900, unit="worker", predicate="join", date="2029-10-08",
                  quote="The union said 4,900 workers had joined the stoppage.", **UKRAINE)
    company = claim(2, 1700, unit="worker", predicate="strike", date="2029-10-08", **RUSSIA)
    assert conflicts(union, company) == [("figure", "worker on strike, 8 October 2029")]
    marchers = replace(union, quote="The union said 4,900 workers had joined the march.")
    assert [m.name for m in ledger_of(marchers, company)[0]] == [
        "worker attended, 8 October 2029", "worker on strike, 8 October 2029"]


def test_a_toll_that_rose_is_of_the_dead_and_a_rate_that_slowed_is_inflation():
    agency = claim(1, 236, predicate="rise", quote="The agency said the death toll rose to 236.",
                   **UKRAINE)
    ngo = claim(2, 350, predicate="die", quote="The charity said at least 350 people died.",
                **RUSSIA)
    assert conflicts(agency, ngo) == [("figure", "people killed")]
    office = claim(1, 38.2, unit="percent", predicate="slow", figure="38.2%", **UKRAINE,
                   quote="Annual inflation slowed to 38.2%, the statistics office said.")
    economists = claim(2, 71.5, unit="percent", predicate="stand", figure="71.5%", **RUSSIA,
                       quote="Economists said annual inflation stood at 71.5%.")
    assert conflicts(office, economists) == [("figure", "percent inflation")]


def test_about_a_figure_allows_a_twentieth_either_way():
    # "around 65%" against 71.5%: a tenth apart is a dispute, not a rounding
    party = claim(1, 65, unit="percent", qualifier="approx", figure="around 65%",
                  predicate="be", quote="The party put annual inflation at around 65%.", **UKRAINE)
    economists = claim(2, 71.5, unit="percent", figure="71.5%", predicate="stand", **RUSSIA,
                       quote="Economists said annual inflation stood at 71.5%.")
    assert conflicts(party, economists) == [("figure", "percent inflation")]
    near = replace(economists, value=67, low=67, high=67, figure="67%",
                   quote="Economists said annual inflation stood at 67%.")
    assert conflicts(party, near) == []


def test_a_verb_with_the_words_that_make_it_another_is_that_verb():
    ministry = claim(1, 17, predicate="detain", date="2028-03-12",
                     quote="The minister said 17 people had been detained.", **UKRAINE)
    coalition = claim(2, 43, unit="protester", predicate="take", date="2028-03-12",
                      quote="He said 43 protesters had been taken into custody.", **RUSSIA)
    assert conflicts(ministry, coalition) == [("figure", "people detain")]
    company = claim(3, 1710, unit="worker", predicate="stop", date="2029-10-08", **RUSSIA,
                    quote="The company said only 1,710 workers had stopped work.")
    union = claim(4, 4900, unit="worker", predicate="strike", date="2029-10-08", **UKRAINE)
    assert conflicts(company, union) == [("figure", "worker on strike, 8 October 2029")]


def test_one_scene_s_few_dead_in_a_village_and_in_its_country_are_one_count():
    # the junta's 15 "in Myanmar" and the militia's 16 in the village, in one story
    junta = claim(1, 15, predicate="kill", doc="a.txt", position=10, place="Myanmar", **RUSSIA)
    militia = claim(2, 16, unit="member", predicate="kill", doc="a.txt", position=90,
                    place="Ngwedwin", **UKRAINE)
    assert conflicts(junta, militia) == [("figure", "people killed")]
    # thousands in a city and in its country are a part and a whole, never rivals
    city = claim(3, 1200, predicate="flee", place="Kharkiv", **UKRAINE)
    country = claim(4, 1800, predicate="flee", place="Ukraine", **RUSSIA)
    assert conflicts(city, country) == []


def test_a_toll_both_voices_update_day_by_day_is_disputed_day_by_day():
    # each voice's figure is as of its day: Monday's 19 is no rival of Tuesday's 41, which
    # disputes Tuesday's 27
    council = {"claimant": "Disaster council", "affiliation": "Philippines"}
    red_cross = {"claimant": "Red Cross", "affiliation": "Red Cross"}
    monday, tuesday = {"doc_date": "2025-10-20"}, {"doc_date": "2025-10-21"}
    tolls = [claim(1, 19, predicate="kill", **council, **monday),
             claim(2, 34, predicate="kill", **red_cross, **monday),
             claim(3, 27, predicate="kill", **council, **tuesday),
             claim(4, 41, predicate="kill", **red_cross, **tuesday)]
    _, found = ledger_of(*tolls)
    figures = {frozenset(_figures_of(c, tolls)) for c in found}
    assert figures == {frozenset({19, 34}), frozenset({27, 41})}


def test_a_voice_that_spoke_once_is_compared_with_the_others_days():
    council = {"claimant": "Disaster council", "affiliation": "Philippines"}
    union = {"claimant": "Miners' union", "affiliation": "Miners' union"}
    tolls = [claim(1, 19, predicate="kill", doc_date="2025-10-20", **council),
             claim(2, 27, predicate="kill", doc_date="2025-10-21", **council),
             claim(3, 60, predicate="kill", doc_date="2025-10-21", **union)]
    _, found = ledger_of(*tolls)
    assert {frozenset(_figures_of(c, tolls)) for c in found} == {
        frozenset({19, 60}), frozenset({27, 60})}


def _figures_of(conflict, entries: list[Entry]) -> set[float]:
    _, claimant_of = resolve_claimants(entries)
    groups = {g.id: g for g in group_claims(entries, claimant_of, {})}
    return {groups[conflict.a].value, groups[conflict.b].value}


def test_a_turnout_is_a_vote_s_or_a_march_s_as_its_document_counts():
    march = {"doc": "march.txt", "doc_date": "2025-03-18"}
    police = claim(1, 12500, predicate="march", quote="Police said 12,500 marched.",
                   claimant="Police", affiliation="France", position=1, **march)
    union = claim(2, 45000, quote="The union put the turnout at 45,000.", claimant="CGT union",
                  affiliation="CGT union", position=2, **march)
    measures, found = ledger_of(police, union)
    assert [m.name for m in measures] == ["people attended, 18 March 2025"]
    assert len(found) == 1


def test_two_undated_copies_framing_one_movement_oppositely_conflict():
    # wire copies dated "May 8." without a year: nothing says they are of other periods
    undated = {"doc_date": None}
    moscow = claim(1, 1185791, predicate="evacuate", framing="voluntary", **RUSSIA, **undated)
    kyiv = claim(2, 1200000, predicate="deport", framing="forced", **UKRAINE, **undated)
    assert conflicts(moscow, kyiv) == [("framing", "people moved")]


def test_two_undated_counts_framed_alike_are_not_compared():
    undated = {"doc_date": None}
    a = claim(1, 5000, predicate="deport", framing="forced", **UKRAINE, **undated)
    b = claim(2, 9000, predicate="deport", framing="forced", **RUSSIA, **undated)
    assert conflicts(a, b) == []
