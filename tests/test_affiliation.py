"""The affiliation field, by example (issue 12, class 8).

Each test is a short invented article run through clean() then extract_claims(), and
states the country or organisation each figure's claimant speaks for.
"""

from __future__ import annotations

from invented import claims_in


def sides_of(text: str) -> dict[str, str | None]:
    """figure as written -> affiliation, for every claim."""
    return {c.figure.text: c.affiliation for c in claims_in(text)}


def test_a_city_council_speaks_for_the_country_of_its_city():
    sides = sides_of("""
Evacuations continue

Officials in Moscow said the evacuations were voluntary.

The city council of Zhytomyr said 2,300 residents had been moved in a week.
""")
    assert sides["2,300"] == "Ukraine"


def test_the_police_speak_for_the_country_of_the_story_s_city():
    sides = sides_of("""
Crowds march in Nairobi

Thousands marched through central Nairobi on Saturday against new taxes.

Police said about 9,000 people had joined the march in Nairobi.

Organisers in Nairobi said the crowd was far larger.
""")
    assert sides["about 9,000"] == "Kenya"


def test_a_un_agency_speaks_for_the_united_nations():
    sides = sides_of("""
Displacement rises

The UNHCR said 41,000 people had crossed the border since January.
""")
    assert sides["41,000"] == "United Nations"


def test_the_pronoun_who_is_never_the_united_nations():
    sides = sides_of("""
Volunteers counted

Volunteers who spoke to reporters said 600 families had been fed, according to the
charity Bread for All.
""")
    assert sides["600"] != "United Nations"


def test_a_state_news_agency_speaks_for_its_state():
    sides = sides_of("""
Ferry sinks

According to Xinhua, 31 passengers were rescued from the river on Monday.
""")
    assert sides["31"] == "China"


def test_a_service_of_an_outlet_is_an_outlet():
    # "Burmese" names a language service, not the side the BBC speaks for
    sides = sides_of("""
Village shelled

BBC Burmese reported that 14 homes had burned in the village.
""")
    assert sides["14"] is None


def test_a_person_keeps_the_role_named_before():
    sides = sides_of("""
Minister defends record

Kenyan President Ruto said 800,000 jobs had been created.

Ruto's claim that 40,000 teachers were hired was found to be wrong.
""")
    assert sides["40,000"] == "Kenya"


def test_an_office_with_no_country_serves_the_country_named_most():
    sides = sides_of("""
Hundreds held after protests in Georgia

Protests spread across Georgia on Sunday, and police in Georgia used water cannon.

"Over 300 people were detained," Interior Minister Tamar Beridze said.
""")
    assert sides["Over 300"] == "Georgia"


def test_rebels_speak_for_the_movement_the_document_names():
    sides = sides_of("""
Rebels say strikes hit market

The Zandu rebels said 19 people died when strikes hit a market. Zandu officials said
the market was full.

Rebel media said 7 of the dead were children. The health ministry in Goma, which is under
rebel control, said 44 people were wounded.
""")
    assert sides["7"] == "Zandu"
    assert sides["44"] == "Zandu"


def test_a_related_body_is_a_un_agency_only_where_the_text_says_so():
    alone = sides_of("""
Boat capsizes

The International Organization for Migration said 60 people were missing.
""")
    tied = sides_of("""
Boat capsizes

The U.N. migration agency said on Monday that the search went on.

The International Organization for Migration said 60 people were missing.
""")
    assert alone["60"] == "International Organization for Migration"
    assert tied["60"] == "United Nations"


def test_an_office_of_a_city_speaks_for_the_city_s_country():
    # "the mayor of Irpin": the gazetteer knows Irpin as a city of Ukraine
    from claimledger.extract.fields.affiliation import from_role

    assert from_role("the mayor of Irpin") == "Ukraine"
    assert from_role("head of the Russian private army Wagner") == "Wagner"


def test_a_role_naming_a_kind_of_body_speaks_for_the_body_of_that_kind():
    sides = sides_of("""
Marchers fill Belgrade streets

Police said 24,500 people took part in the march against the mine.

Organisers from the Clean Valley coalition said about 140,000 had joined.

"There were at least 140,000 of us," coalition spokesman Luka Kovac told reporters on Sunday.
""")
    assert sides["at least 140,000"] == "Clean Valley coalition"


def test_the_governor_of_a_province_speaks_for_its_country():
    sides = sides_of("""
Flood toll climbs

State news agency AIM quoted the governor of Sofala, Joaquim Nhantumbo, as saying on Thursday
that 178 people had died in the province.
""")
    assert sides["178"] == "Mozambique"


def test_a_national_office_speaks_for_the_story_s_country_a_national_union_for_itself():
    sides = sides_of("""
Floods in Mozambique

Floods in Beira and across Mozambique have killed hundreds. In Beira, rescuers worked through
the night, and Beira's port was closed.

The National Institute for Disaster Risk Management (INGD) said 236 people had died.

Helena Cumbe, president of the National Institute for Disaster Risk Management (INGD), said
52,800 people had been displaced.

The National Teachers' Union said 40 schools were flooded.
""")
    assert sides["236"] == "Mozambique"
    assert sides["52,800"] == "Mozambique"
    assert sides["40"] == "National Teachers' Union"


def test_a_country_s_red_cross_society_speaks_for_itself_not_the_icrc():
    sides = sides_of("""
Quake relief

The Peruvian Red Cross said 1,200 families needed shelter.

The International Federation of Red Cross and Red Crescent Societies said 40 volunteers were
deployed, while the ICRC said 12 of its teams were on the ground.
""")
    assert sides["1,200"] == "Peruvian Red Cross"
    assert sides["40"] == "International Federation of Red Cross and Red Crescent Societies"
    assert sides["12"] == "International Committee of the Red Cross"


def test_a_body_described_in_apposition_speaks_for_itself():
    sides = sides_of("""
Boat sinks off Libya

Sea Lantern, the charity, said on Monday that at least 25 people were missing.

Harbour Light, the German charity whose ship was nearby, put the number aboard at 200.

Civic Vote, an independent monitoring group, said its count put turnout at 43 percent.

Observer Ali Rahimov from the opposition Musavat Party said only 60 people had voted.
""")
    assert sides["at least 25"] == "Sea Lantern"
    assert sides["43 percent"] == "Civic Vote"
    assert sides["200"] == "Harbour Light"  # an NGO is its own side, whatever its nationality
    assert sides["60"] != "Ali Rahimov"  # a person from a party, not a body described


def test_a_body_s_name_before_its_officer_s_title_is_whom_the_officer_speaks_for():
    sides = sides_of("""
Prisoners freed

Viasna spokeswoman Tatsiana Lahvinovich said 1,143 political prisoners were still held.
""")
    assert sides["1,143"] == "Viasna"


def test_a_word_before_an_officer_s_title_is_no_body():
    sides = sides_of("""
Ministry defends relocation

The Arlandian Harbour Ministry defended the move. Its spokesman, Jean Martel, said 7,000
people had left of their own will.

Presidential spokesman Julian Ferro said 200 families had been housed.
""")
    assert sides["7,000"] != "Its"
    assert sides["200"] != "Presidential"


def test_a_country_s_red_cross_named_by_its_adjective_is_its_own_side():
    sides = sides_of("""
Typhoon toll rises

The Philippine Red Cross said at least 47 people had died across the region.
""")
    assert sides["at least 47"] == "Philippine Red Cross"


def test_a_government_spokesman_speaks_for_the_state() -> None:
    sides = sides_of("""
Villages emptied

Burkina Faso's government said on Wednesday that the villages had been emptied.

Government spokesman Jean-Baptiste Sawadogo said 3,200 children had travelled with their
families.
""")
    assert sides["3,200"] == "Burkina Faso"


def test_a_state_office_takes_no_side_from_a_society_in_its_sentence():
    sides = sides_of("""
Typhoon kills 19

Typhoon Dalisay has killed at least 19 people, the national disaster agency said on
Wednesday, although the Philippine Red Cross said its own count was already above 30.
""")
    assert sides["at least 19"] != "Philippine Red Cross"
    assert sides["above 30"] == "Philippine Red Cross"


def test_its_spokesman_after_a_sentence_on_the_government_speaks_for_the_state():
    sides = sides_of("""
Families leave Arbinda

Burkina Faso's army escorted the convoys, and the UN refugee agency counted the arrivals.

The government's account is very different. Its spokesman, Jean-Baptiste Sawadago, has
said that nearly 7,000 people made the journey voluntarily.
""")
    assert sides["nearly 7,000"] == "Burkina Faso"


def test_a_polling_firm_speaks_for_itself():
    sides = sides_of("""
Strike backed

A poll by Sondages Hexagone published on Wednesday found that 58 percent of French people
supported the strike.
""")
    assert sides["58 percent"] == "Sondages Hexagone"
