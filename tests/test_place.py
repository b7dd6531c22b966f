"""The place field, by example (issue 12, class 7).

Each test is a short invented article run through the public API, clean() then
extract_claims(), and states where each figure's counted thing is or happened: at city level
when the text gives a city, else the region or country it names as the location; for a
movement, where it started, not the destination; spelled as written.
"""

from __future__ import annotations

from invented import claims_in


def places_of(text: str) -> dict[str, str | None]:
    """figure as written -> place, for every claim."""
    return {c.figure.text: c.place for c in claims_in(text)}


def test_a_city_the_tagger_misses_is_still_a_place():
    # the tagger reads "Zhytomyr council" as an organisation; the gazetteer knows the city
    places = places_of("""
Zhytomyr council says 3,200 residents left

Zhytomyr council said 3,200 residents had left their homes since Monday.

The council said about 400 of them were children.
""")
    assert places["3,200"] == "Zhytomyr"


def test_a_given_name_is_no_place():
    # "Vladimir" is a Russian city, but here the first name of a person
    places = places_of("""
Officials count damaged homes

Vladimir Petrenko, the regional governor, said 140 homes had been damaged.
""")
    assert places["140"] is None


def test_a_rally_in_a_capital_is_in_the_city():
    places = places_of("""
Thousands march in Nairobi against new taxes

Protesters filled the streets of central Nairobi on Saturday.

Police said about 9,000 people joined the march, which ended outside parliament in Nairobi.

Organisers said the crowd in Nairobi was closer to 40,000.
""")
    assert places["about 9,000"] == "Nairobi"


def test_a_capital_that_sets_a_nationwide_story_stands_for_its_country():
    # the country is never named: its capital and "the general strike" say where
    places = places_of("""
Unions claim record turnout for general strike

The general strike closed schools and hospitals, union leaders told a rally in Lima.

"The country has stopped," a union spokesman said in Lima, adding that 2 million workers
had joined the general strike.

The labour minister said in Lima that the country was working normally.
""")
    assert places["2 million"] == "Peru"


def test_the_place_a_storm_hit_is_where_it_happened():
    # the object of "hit" is where the deaths happened, not an actor
    places = places_of("""
Cyclone toll rises

At least 310 people died when Cyclone Ida hit Mozambique, officials said.
""")
    assert places["At least 310"] == "Mozambique"


def test_where_a_reporting_verb_counts_is_the_place():
    # "registers" reports, but its own object is the counted thing: where they are counted
    places = places_of("""
Agency counts arrivals

The agency registers 1,300 new arrivals weekly in Moldova, it said.
""")
    assert places["1,300"] == "Moldova"


def test_a_place_of_another_figure_is_that_figures():
    # "Chad" hangs from the second figure; the first figure's place is Niger
    places = places_of("""
Aid group counts displaced

Of those displaced, about 40,000 have sought help as migrants in Niger and some 25,000 in Chad,
the aid group said.
""")
    assert places["about 40,000"] == "Niger"
    assert places["some 25,000"] == "Chad"


def test_where_people_found_refuge_is_a_destination():
    places = places_of("""
Official says families moved

An official said 900 families have found refuge in Portugal.
""")
    assert places["900"] is None


def test_the_city_is_the_last_place_named_that_is_no_country():
    places = places_of("""
Residents leave Kherson

Officials in Kherson said buses had left for Poland overnight.

City officials say almost 9,000 people drove out in private cars, nearly a third of the
city's pre-war population.
""")
    assert places["almost 9,000"] == "Kherson"


def test_where_a_figure_was_learned_is_no_place_of_it():
    places = places_of("""
Migrant boat sinks off Crete

"We learned from survivors in Italy, in Augusta, that 500 people were on that boat," the
agency's spokesman said.
""")
    assert places["500"] not in ("Italy", "Augusta")


def test_a_dateline_on_its_own_line_is_where_the_reporter_filed_not_the_setting():
    # the capital heads the story only as its dateline; the figures are the country's
    places = places_of("""
Inflation quickens, statistics institute says

LIMA, Jan 3, 2028 (Andes Wire) -

Annual inflation in Peru rose to 9.4 per cent in December, the statistics institute said.

Food prices rose 3.1 per cent from November, the institute said.
""")
    assert places["9.4 per cent"] == "Peru"
    assert places["3.1 per cent"] != "LIMA"


def test_a_city_in_the_name_of_a_private_body_is_no_place_of_its_figures():
    places = places_of("""
Economists dispute inflation data

Annual inflation in Turkey slowed to 38.2 per cent, the statistics institute said.

Kerem Aksoy, coordinator of the Istanbul Economic Research Collective, said its own measure
of annual inflation stood at 71.5 per cent.
""")
    assert places["71.5 per cent"] != "Istanbul"



def test_a_village_named_as_one_is_a_place_and_carries_to_the_same_voice():
    # the tagger knows no "Ngwe Oo"; "Ngwe Oo village" says it is one, and the speaker's
    # next statement ("he said") is about where his last one put it
    places = places_of("""
Rebels dispute army toll

The army said 15 civilians were killed in an attack on Wednesday.

A member of the local defence force told reporters the dead were militiamen.

He said his group had raided Ngwe Oo village on Wednesday morning.

The fighters had killed 16 members of the militia, he said.
""")
    assert places["16"] == "Ngwe Oo"


def test_a_district_of_a_city_is_no_place_of_its_own():
    places = places_of("""
Mariupol residents taken

The city council of Mariupol said people were taken from the Livoberezhniy district, where
more than a thousand people were sheltering.
""")
    assert places["more than a thousand"] != "Livoberezhniy"


def test_a_site_named_in_another_language_gives_the_city_its_sentence_names() -> None:
    # "Jardin du", "Plaza de": the kind of site first; the story is the country's
    got = places_of("""
        Teachers strike across France

        Unions said teachers across France walked out on Tuesday.

        Paris police said 12,500 people marched from the Jardin du Luxembourg.

        In Spain, Madrid police said 9,000 gathered in the Plaza de Cibeles.
    """)
    assert got["12,500"] == "Paris"
    assert got["9,000"] == "Madrid"


def test_a_figure_told_as_nationwide_is_the_country_s_beside_a_city_s() -> None:
    got = places_of("""
        Teachers strike in France

        Union leader Nathalie Roussel says more than 50 percent of primary teachers are on
        strike nationally, and 70 percent in Paris.
    """)
    assert got["more than 50 percent"] == "France"
    assert got["70 percent"] == "Paris"


def test_a_name_after_to_is_a_destination_however_it_is_parsed() -> None:
    # the parse takes "to Djibo" for an infinitive; the name after "to" is where they went
    got = places_of("""
        Villages emptied in the north

        The government said 6,800 residents of villages around the town of Arbinda had asked
        to be moved to Djibo.
    """)
    assert got["6,800"] == "Arbinda"
