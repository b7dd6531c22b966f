"""group_claims: the records, in any documents, that state the same claim."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ledger.claimants import resolve_claimants
from claimledger.ledger.entries import Entry
from claimledger.ledger.groups import group_claims

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


def grouped(*entries: Entry, cluster_of: dict[str, str] | None = None) -> list[set[int]]:
    """The groups as sets of entry ids, largest first."""
    _, claimant_of = resolve_claimants(list(entries))
    groups = group_claims(list(entries), claimant_of, cluster_of or {})
    return sorted((set(g.members) for g in groups), key=lambda s: (-len(s), sorted(s)))


def test_a_rounded_restatement_by_the_same_side_is_one_claim():
    ombudsman = claim(1, 402000, claimant="Dmytro Lubinets", affiliation="Ukraine",
                      predicate="deport")
    ministry = claim(2, 400000, qualifier="approx", predicate="deport", **UKRAINE)
    assert grouped(ombudsman, ministry) == [{1, 2}]


def test_the_same_figure_from_the_other_side_is_another_claim():
    kyiv = claim(1, 402000, predicate="relocate", **UKRAINE)
    moscow = claim(2, 402000, predicate="relocate", **RUSSIA)
    assert grouped(kyiv, moscow) == [{1}, {2}]


def test_a_distance_told_in_miles_and_in_kilometres_is_one_claim():
    mayor = {"claimant": "Ivan Fedorov", "affiliation": "Ukraine"}
    in_miles = claim(1, 21, unit="mile", figure="21 miles", **mayor)
    in_km = claim(2, 35, unit="kilometre", figure="35 kilometres", **mayor)
    assert grouped(in_miles, in_km) == [{1, 2}]


def test_a_figure_twice_as_far_in_other_units_is_another_claim():
    mayor = {"claimant": "Ivan Fedorov", "affiliation": "Ukraine"}
    assert grouped(claim(1, 21, unit="mile", **mayor),
                   claim(2, 70, unit="kilometre", **mayor)) == [{1}, {2}]


def test_a_headline_and_its_hedged_body_figure_are_one_claim():
    headline = claim(1, 1000000, figure="One Million", predicate="evacuate", doc="a.txt",
                     position=0, **RUSSIA)
    body = claim(2, 1000000, low=1000000, qualifier="at_least", figure="more than one million",
                 predicate="evacuate", doc="a.txt", position=120, **RUSSIA)
    assert grouped(headline, body) == [{1, 2}]


def test_the_outlets_own_figure_in_two_unrelated_stories_is_two_claims():
    assert grouped(claim(1, 5000, predicate="flee"), claim(2, 5000, predicate="flee")) == [
        {1}, {2}]


def test_the_outlets_own_figure_in_a_syndicated_copy_is_one_claim():
    wire, reprint = claim(1, 5000, predicate="flee"), claim(2, 5000, predicate="flee")
    cluster_of = {"doc1.txt": "s-wire", "doc2.txt": "s-wire"}
    assert grouped(wire, reprint, cluster_of=cluster_of) == [{1, 2}]


def test_the_outlets_own_figure_never_joins_a_claimants():
    assert grouped(claim(1, 5000, predicate="flee", doc="a.txt"),
                   claim(2, 5000, predicate="flee", doc="a.txt", position=50, **UKRAINE)) == [
        {1}, {2}]


def test_opposite_framings_of_one_figure_are_never_one_claim():
    deported = claim(1, 5000, predicate="deport", framing="forced", **UKRAINE)
    evacuated = claim(2, 5000, predicate="evacuate", framing="voluntary", **UKRAINE)
    assert grouped(deported, evacuated) == [{1}, {2}]


def test_opposite_framings_stay_apart_next_to_a_neutral_restatement():
    deported = claim(1, 5000, predicate="deport", framing="forced", **UKRAINE)
    relocated = claim(2, 5000, predicate="relocate", **UKRAINE)
    evacuated = claim(3, 5000, predicate="evacuate", framing="voluntary", **UKRAINE)
    groups = grouped(deported, relocated, evacuated)
    assert not any({1, 3} <= g for g in groups)


def test_thousands_died_and_thousands_deported_are_two_claims():
    vague = {"value": None, "low": 2000, "high": 9999, "qualifier": "vague",
             "figure": "thousands", **UKRAINE}
    died = claim(1, predicate="die", quote="Thousands died in the siege.", **vague)
    deported = claim(2, predicate="deport", quote="Thousands were deported.", **vague)
    assert grouped(died, deported) == [{1}, {2}]


def test_one_voice_telling_its_figure_as_missing_and_as_drowned_is_one_claim():
    # the codebook's "restates": missing people are often the feared dead
    agency = {"claimant": "International Organization for Migration",
              "affiliation": "International Organization for Migration"}
    drowned = claim(1, 320, predicate="drown", quote="320 are feared drowned.", **agency)
    missing = claim(2, 320, predicate="miss", quote="320 remain missing.", **agency)
    assert grouped(drowned, missing) == [{1, 2}]


def test_missing_and_wounded_are_still_two_claims():
    council = {"claimant": "Disaster council", "affiliation": "Philippines"}
    missing = claim(1, 12, predicate="miss", quote="12 were missing.", **council)
    hurt = claim(2, 12, predicate="injure", quote="12 were injured.", **council)
    assert grouped(missing, hurt) == [{1}, {2}]


def test_shelters_and_facilities_counted_alike_are_one_claim():
    facilities = claim(1, 340, unit="facility", predicate="open", **RUSSIA)
    shelters = claim(2, 340, unit="shelter", predicate="open", **RUSSIA)
    tanks = claim(3, 340, unit="tank", predicate="open", **RUSSIA)
    assert grouped(facilities, shelters, tanks) == [{1, 2}, {3}]


POLICE = {"claimant": "city police", "unit": "person"}


def test_people_who_arrived_at_a_rally_are_the_people_who_gathered():
    gathered = claim(1, 7000, predicate="gather", quote="Some 7,000 people gathered at the rally.",
                     **POLICE)
    arrived = claim(2, 7000, predicate="arrive", quote="Up to 7,000 people had arrived by noon.",
                    **POLICE)
    assert grouped(gathered, arrived) == [{1, 2}]


def test_people_who_arrived_across_a_border_fled_rather_than_gathered():
    gathered = claim(1, 7000, predicate="gather", quote="Some 7,000 people gathered at the rally.",
                     **POLICE)
    crossed = claim(2, 7000, predicate="arrive", quote="7,000 people arrived at the border post.",
                    **POLICE)
    assert grouped(gathered, crossed) == [{1}, {2}]


def test_a_vague_count_told_vaguer_is_one_claim():
    several = claim(1, None, low=3000, high=9999, qualifier="vague",
                    figure="several thousand", predicate="flee", **UKRAINE)
    thousands = claim(2, None, low=2000, high=9999, qualifier="vague", figure="thousands",
                      predicate="flee", **UKRAINE)
    assert grouped(several, thousands) == [{1, 2}]


def test_figures_told_months_apart_are_two_claims():
    assert grouped(claim(1, 5000, predicate="flee", date="2022-03-01", **UKRAINE),
                   claim(2, 5000, predicate="flee", date="2022-06-01", **UKRAINE)) == [{1}, {2}]


def test_the_same_figure_for_two_cities_is_two_claims():
    assert grouped(claim(1, 5000, predicate="flee", place="Irpin", **UKRAINE),
                   claim(2, 5000, predicate="flee", place="Bucha", **UKRAINE)) == [{1}, {2}]


def test_a_region_told_as_its_country_is_one_claim():
    region = claim(1, 5000, predicate="evacuate", place="Kharkiv", **RUSSIA)
    country = claim(2, 5000, predicate="evacuate", place="Ukraine", **RUSSIA)
    assert grouped(region, country) == [{1, 2}]


def test_a_village_the_gazetteer_lacks_lies_in_the_country_its_story_is_set_in():
    country = claim(1, 12, predicate="kill", place="Myanmar", doc="a.txt", **UKRAINE)
    village = claim(2, 12, predicate="kill", place="Nyaung Hlaingzu", doc="a.txt", position=90,
                    **UKRAINE)
    elsewhere = claim(3, 12, predicate="kill", place="Peru", doc="b.txt", **UKRAINE)
    assert grouped(country, village, elsewhere) == [{1, 2}, {3}]


def test_a_country_joins_one_of_its_cities_not_two():
    cities = [claim(1, 5000, predicate="flee", place="Kharkiv", **UKRAINE),
              claim(2, 5000, predicate="flee", place="Ukraine", **UKRAINE),
              claim(3, 5000, predicate="flee", place="Odesa", **UKRAINE)]
    assert not any({1, 3} <= g for g in grouped(*cities))


def test_one_claimant_with_and_without_a_stated_side_is_one_voice():
    with_side = claim(1, 5000, predicate="flee", claimant="Ivan Fedorov", affiliation="Ukraine")
    without = claim(2, 5000, predicate="flee", claimant="Ivan Fedorov")
    assert grouped(with_side, without) == [{1, 2}]


def test_a_group_knows_its_first_appearance_outlets_and_independent_sources():
    kyiv = {"predicate": "flee", **UKRAINE}
    wire = claim(1, 5000, doc_date="2022-04-02", outlet="Wire", **kyiv)
    reprint = claim(2, 5000, doc_date="2022-04-03", outlet="Gazette", **kyiv)
    own = claim(3, 5000, doc_date="2022-04-01", outlet="Herald", **kyiv)
    cluster_of = {"doc1.txt": "s-wire", "doc2.txt": "s-wire"}
    _, claimant_of = resolve_claimants([wire, reprint, own])

    [group] = group_claims([wire, reprint, own], claimant_of, cluster_of)

    assert group.members == (3, 1, 2)  # first appearance first
    assert (group.first_doc, group.first_date) == ("doc3.txt", "2022-04-01")
    assert group.outlets == ("Gazette", "Herald", "Wire")
    assert group.sources == 2  # the wire story and its reprint count once
    assert group.side == "Ukraine" and group.unit == "people"


def test_a_group_carries_its_figure_in_the_base_unit():
    mayor = {"claimant": "Ivan Fedorov", "affiliation": "Ukraine"}
    _, claimant_of = resolve_claimants([claim(1, 21, unit="mile", **mayor)])
    [group] = group_claims([claim(1, 21, unit="mile", **mayor)], claimant_of, {})
    assert group.unit == "kilometre" and group.value == pytest.approx(33.796, abs=0.01)


def test_group_ids_do_not_depend_on_the_order_of_the_entries():
    entries = [claim(1, 402000, predicate="deport", **UKRAINE),
               claim(2, 400000, qualifier="approx", predicate="deport", **UKRAINE),
               claim(3, 1000000, predicate="evacuate", **RUSSIA)]
    _, claimant_of = resolve_claimants(entries)
    forward = group_claims(entries, claimant_of, {})
    backward = group_claims(entries[::-1], claimant_of, {})
    assert forward == backward


# Grouping sifts pairs with numpy before comparing them (groups._candidates). Whatever the
# claims, the groups must be those of comparing every pair of figures in order of size.
@given(st.lists(st.tuples(
    st.sampled_from([1000, 1010, 1030, 1500, 402_000, 400_000, 21, 35]),
    st.sampled_from(["person", "people", "mile", "kilometre"]),
    st.one_of(st.none(), st.dates(date(2022, 3, 1), date(2022, 6, 30)).map(str)),
    st.sampled_from([None, "forced", "voluntary"]),
    st.sampled_from([None, "deport", "kill"]),
    st.sampled_from([None, "Mariupol"])), min_size=2, max_size=40))
@settings(max_examples=150, deadline=None)
def test_sifting_pairs_gives_the_groups_of_comparing_every_pair(rows):
    entries = [claim(i, v, unit=u, date=d, framing=f, predicate=p, place=pl, **UKRAINE)
               for i, (v, u, d, f, p, pl) in enumerate(rows, start=1)]
    _, claimant_of = resolve_claimants(entries)
    assert group_claims(entries, claimant_of, {}) == _every_pair_grouping(entries, claimant_of)


def _every_pair_grouping(entries, claimant_of):
    """group_claims as it was before sifting: every pair of a block, in order of size."""
    from claimledger.ledger import groups as g

    side = g.claimant_sides(entries, claimant_of)
    ordered = sorted(entries, key=lambda e: e.sort_key)
    parent = {e.id: e.id for e in ordered}
    framings = {e.id: {e.framing} - {None} for e in ordered}
    events = {e.id: {ev} if (ev := g.event_of(e)) in g.EVENTS else set() for e in ordered}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    blocks = {}
    for e in ordered:
        blocks.setdefault(g.block_key(e, claimant_of, side), []).append(e)
    for k in sorted(blocks):
        points = sorted(blocks[k], key=lambda e: (g.in_base_unit(e)[0], e.sort_key))
        for i, a in enumerate(points):
            for b in points[i + 1:]:
                ra, rb = find(a.id), find(b.id)
                if ra == rb or not g._same_claim(a, b, claimant_of, {}):
                    continue
                f, ev = framings[ra] | framings[rb], events[ra] | events[rb]
                if f == {"forced", "voluntary"} or len(ev) > 1:
                    continue
                parent[rb] = ra
                framings[ra], events[ra] = f, ev
    members = {}
    for e in ordered:
        members.setdefault(find(e.id), []).append(e)
    return sorted((g._group(ms, claimant_of, {}) for ms in members.values()),
                  key=lambda x: x.id)


def test_one_voice_s_figure_at_two_places_the_gazetteer_lacks_is_one_claim():
    # "Port Ardent" (a city) and "Ardentia" (its country) are unknown to any gazetteer:
    # nothing says they are apart
    city = claim(1, 312, place="Port Ardent", predicate="detain", **UKRAINE)
    country = claim(2, 312, doc="b.txt", place="Ardentia", predicate="detain", **UKRAINE)
    assert grouped(city, country) == [{1, 2}]


def test_one_voice_s_figure_at_two_known_places_apart_is_two_claims():
    lviv = claim(1, 312, place="Lviv", predicate="detain", **UKRAINE)
    kharkiv = claim(2, 312, doc="b.txt", place="Kharkiv", predicate="detain", **UKRAINE)
    assert grouped(lviv, kharkiv) == [{1}, {2}]


def test_one_claimant_given_two_sides_by_two_outlets_is_one_voice():
    # one outlet gives the union leader the union's side, another the country's: the side he
    # is known for across the corpus is his voice, so his restatements stay one claim
    union = {"claimant": "Rodrigo Salas", "affiliation": "Copper Workers' Union"}
    first = claim(1, 4900, unit="worker", predicate="strike", **union)
    again = claim(2, 4900, unit="worker", predicate="strike", **union)
    elsewhere = claim(3, 4900, unit="worker", predicate="strike", claimant="Rodrigo Salas",
                      affiliation="Chile")
    assert grouped(first, again, elsewhere) == [{1, 2, 3}]


def test_a_figure_retold_as_a_round_bound_is_one_claim():
    # 52,000 told a week later as "more than 50,000", 1,710 as "fewer than 1,800"
    unhcr = {"claimant": "UNHCR", "affiliation": "United Nations", "predicate": "flee"}
    first = claim(1, 52000, date="2028-06-06", **unhcr)
    retold = claim(2, 50000, qualifier="at_least", low=50000, date="2028-06-15", **unhcr)
    assert grouped(first, retold) == [{1, 2}]
    company = {"claimant": "Minera Norte", "affiliation": "Minera Norte", "unit": "worker"}
    assert grouped(claim(3, 1710, **company),
                   claim(4, 1800, qualifier="at_most", high=1800, **company)) == [{3, 4}]


def test_a_round_bound_the_figure_breaks_is_another_claim():
    unhcr = {"claimant": "UNHCR", "affiliation": "United Nations", "predicate": "flee"}
    # "more than 50,000" cannot be 48,000; and 43,000 is beyond rounding to 50,000
    assert grouped(claim(1, 48000, **unhcr),
                   claim(2, 50000, qualifier="at_least", low=50000, **unhcr)) == [{1}, {2}]
    assert grouped(claim(1, 43000, **unhcr),
                   claim(2, 50000, qualifier="at_most", high=50000, **unhcr)) == [{1}, {2}]
    # an exact figure is no round bound: 24,400 and 25,000 said as such are two claims
    assert grouped(claim(1, 24400, **unhcr), claim(2, 25000, **unhcr)) == [{1}, {2}]


def test_copies_of_one_claim_given_their_stories_places_are_one_claim():
    # neither sentence names a place: each took its own story's city, which is no
    # disagreement about where
    official = {"claimant": "Abdulqader al-Qudaimi", "affiliation": "Houthis"}
    a = claim(1, 318, predicate="release", place="Marib", quote="He said 318 fighters were freed.",
              **official)
    b = claim(2, 318, predicate="release", place="Aden", quote="He said 318 had come home.",
              **official)
    assert grouped(a, b) == [{1, 2}]


def test_one_figure_said_of_two_named_cities_is_two_claims():
    council = {"claimant": "Disaster council", "affiliation": "Philippines"}
    a = claim(1, 40, predicate="die", place="Virac", quote="40 died in Virac.", **council)
    b = claim(2, 40, predicate="die", place="Legazpi", quote="40 died in Legazpi.", **council)
    assert grouped(a, b) == [{1}, {2}]
