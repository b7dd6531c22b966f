"""The claimant field, by example (issue 12, classes 1-6).

Each test is a short invented article (a headline line, then paragraphs separated by blank
lines) run through the public API, clean() then extract_claims(), and states who claims each
figure. Claimants are compared leniently, as the grader does: a person by surname, a body by
its main words. Tests that fail today are xfail(strict=True) with what is wrong, so that the
fix flips them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import pytest
from invented import PUBLISHED, article, claims_in

# --- helpers -------------------------------------------------------------------------------


def claims_of(text: str, date: str = PUBLISHED) -> list[tuple[str, str | None]]:
    """(figure as written, claimant) for every claim, in document order."""
    return [(c.figure.text, c.claimant) for c in claims_in(text, date)]


def affiliations_of(text: str, date: str = PUBLISHED) -> list[tuple[str, str | None]]:
    """(figure as written, affiliation) for every claim, in document order."""
    return [(c.figure.text, c.affiliation) for c in claims_in(text, date)]


# words that make a name a body rather than a person (only what these articles need)
BODY_WORDS = {
    "agency", "army", "association", "authority", "board", "coastguard", "commission",
    "committee", "consortium", "council", "federation", "foundation", "group", "herald",
    "institute", "ministry", "network", "office", "police", "project", "radio", "research",
    "service", "society", "union", "coal",
}
_STOP = {"the", "of", "for", "and", "'s", "s"}
# what an outlet is, not its name ("the Corvel Herald newspaper" is the Corvel Herald)
_DESCRIPTORS = {"newspaper", "daily newspaper", "broadcaster", "website"}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return s.lower().replace("\u2019", "'")


def _tokens(s: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", _fold(s).replace("'s", " "))
    return [t for t in words if t not in _STOP and t not in _DESCRIPTORS]


def _is_person(name: str) -> bool:
    toks = _tokens(name)
    return len(toks) >= 2 and not (set(toks) & BODY_WORDS)


def same_claimant(expected: str | None, got: str | None) -> bool:
    """Lenient as the grader is: a person by last word, a body by its main words."""
    if expected is None or got is None:
        return expected is None and got is None
    if _is_person(expected):
        want, have = _tokens(expected), _tokens(got)
        if not have:
            return False
        return difflib.SequenceMatcher(None, want[-1], have[-1]).ratio() >= 0.85
    want, have = set(_tokens(expected)), set(_tokens(got))
    if not want or not have:
        return False
    return len(want & have) / max(len(want), len(have)) >= 0.85


def _figure_matches(wanted: str, figure_text: str) -> bool:
    """'45' matches 'At least 45' but not '1,450' or '4.5'."""
    return re.search(r"(?<![\w,.])" + re.escape(wanted.lower()) + r"(?![\w,]|\.\d)",
                     figure_text.lower()) is not None


def check(pairs: list[tuple[str, str | None]], expected: list[tuple[str, str | None]],
          what: str = "claimant") -> None:
    """Every expected figure is found, and each occurrence has the expected value.

    A figure listed once applies to all its occurrences (headline and body); listed k
    times, its k occurrences are paired in document order.
    """
    wrong = []
    for wanted in dict.fromkeys(f for f, _ in expected):
        values = [v for f, v in expected if f == wanted]
        found = [(f, v) for f, v in pairs if _figure_matches(wanted, f)]
        if not found:
            wrong.append(f"{wanted!r}: not extracted")
            continue
        if len(values) == 1:
            values = values * len(found)
        if len(values) != len(found):
            wrong.append(f"{wanted!r}: {len(found)} occurrences, expected {len(values)}")
            continue
        for (f, got), want in zip(found, values, strict=True):
            if not same_claimant(want, got):
                wrong.append(f"{f!r}: {what} {got!r}, expected {want!r}")
    assert not wrong, "; ".join(wrong) + f"\nall: {pairs}"


def test_same_claimant_is_lenient_like_the_grader():
    assert same_claimant("Ada Morrow", "Commissioner Ada Morrow")
    assert same_claimant("Ada Morrow", "Morow")
    assert same_claimant("the Lakeside Institute", "Lakeside Institute")
    assert same_claimant("Ministry of Health of Caldria", "Caldria's Ministry of Health")
    assert same_claimant("Corvel Herald", "the Corvel Herald newspaper")
    assert not same_claimant("Relief Agency for Northern Provinces", "the agency")
    assert not same_claimant("Northern Coastguard Service", "Coastguard")
    assert not same_claimant("Ada Morrow", None)
    assert same_claimant(None, None)


# --- class 1: a source introduced once is carried through the passage ----------------------


def test_1_survey_carries_to_the_sentences_after_it():
    text = """Wells ruined as Brennock floods recede

A survey by the Lakeside Institute found 1,200 households in the Brennock valley without clean
water. It also counted 300 damaged wells. At least 45 schools were shut.

The river crested on Tuesday night.
"""
    check(claims_of(text), [("1,200", "Lakeside Institute"), ("300", "Lakeside Institute"),
                            ("45", "Lakeside Institute")])


def test_1_statement_carries_through_it_added_and_the_figures_also_show():
    text = """Cholera cases climb in Port Ellery

The Caldria Health Ministry said on Thursday that 312 people had been admitted to hospital with
cholera in Port Ellery since the start of the month. It added that 41 of them were children. The
figures also show 9 deaths, all in the harbour district.

Clinics in the old town have extended their opening hours.
"""
    ministry = "Caldria Health Ministry"
    check(claims_of(text), [("312", ministry), ("41", ministry), ("9", ministry)])


def test_1_quotation_over_several_sentences_speaker_after():
    text = """Storm flattens fishing village of Skerrin

"We have counted 640 houses that collapsed. Another 90 are too unsafe to enter. More than 2,000
people slept in the sports hall last night," said Tomas Vell, the mayor of Skerrin.

The storm moved out to sea on Sunday morning.
"""
    check(claims_of(text), [("640", "Tomas Vell"), ("90", "Tomas Vell"), ("2,000", "Tomas Vell")])


def test_1_quotation_over_paragraphs_speaker_before():
    text = """Bus drivers stay home as Galdor strike begins

Ines Carow, general secretary of the Galdor Transport Union, addressed the crowd outside the
central depot: "Some 18,000 members stayed away from work this morning. By noon, 240 buses had
not left the garages.

"If the council does not move, another 3,000 drivers from the suburban lines will join us on
Friday."

Commuters queued for hours at taxi ranks across the city.
"""
    check(claims_of(text), [("18,000", "Ines Carow"), ("240", "Ines Carow"),
                            ("3,000", "Ines Carow")])


def test_1_quotation_with_the_speaker_in_the_middle():
    text = """Relief flights resume to Amberly

"We landed 14 cargo planes yesterday," said Jonas Brekke, who runs the airlift for the Northern
Relief Consortium. "Each one carries about 30 tonnes of food and medicine. We want to reach 25
flights a day by the end of the month."

The airport's runway was repaired over the weekend.
"""
    check(claims_of(text), [("14", "Jonas Brekke"), ("30", "Jonas Brekke"),
                            ("25", "Jonas Brekke")])


def test_1_carry_ends_at_a_paragraph_in_the_outlets_own_voice():
    text = """Dock strike shuts Harwick port

The Harwick Dockers' Federation said 4,500 of its members walked out at dawn on Monday. It said
60 ships were waiting at anchor outside the harbour.

Harwick handles about 30 percent of the country's container traffic. The port employs roughly
7,000 people.
"""
    federation = "Harwick Dockers' Federation"
    check(claims_of(text), [("4,500", federation), ("60", federation), ("30", None),
                            ("7,000", None)])


def test_1_carry_ends_at_a_contrast():
    text = """Power returns slowly after ice storm in Vesk

Governor Elin Sarto said 5,000 homes in Vesk province had been reconnected by Wednesday. She
said repair crews from 3 neighbouring provinces had arrived. But some 12,000 households remain
without electricity, and temperatures are expected to fall further.
"""
    check(claims_of(text), [("5,000", "Elin Sarto"), ("3", "Elin Sarto"), ("12,000", None)])


def test_1_carry_ends_when_another_source_is_named():
    text = """Clashes in Tarvel after army raid on Osk

The Tarvel army said 14 insurgents were killed in a raid on the village of Osk on Saturday. It
added that 3 soldiers were wounded. The Osk Medical Relief Committee, which runs the only clinic
in the area, counted 31 bodies, including 12 women and children.
"""
    army, committee = "Tarvel army", "Osk Medical Relief Committee"
    check(claims_of(text), [("14", army), ("3", army), ("31", committee), ("12", committee)])


# --- class 2: source nouns name the body that made them -----------------------------------


def test_2_new_research_published_by_and_the_study_found():
    text = """Rising seas threaten the Lowmere delta

New research published by the Institute for Coastal Studies suggests 4,800 homes in the Lowmere
delta could be flooded every winter by 2040. The study found that 60 percent of the delta's
farmland lies below the high-tide line.

Farmers in the delta have already begun raising their dykes.
"""
    institute = "Institute for Coastal Studies"
    check(claims_of(text), [("4,800", institute), ("60", institute)])


def test_2_data_and_figures_from_a_commission_show_and_indicate():
    text = """Turnout falls in Harlan regional election

Data from the Harlan Electoral Commission show turnout at 54 percent, down from 61 percent at
the last election. Figures from the commission also indicate that 38,000 ballots were spoiled.

Voters in the capital queued in the rain.
"""
    commission = "Harlan Electoral Commission"
    check(claims_of(text), [("54", commission), ("61", commission), ("38,000", commission)])


def test_2_a_poll_by_and_an_estimate_by_put_figures():
    text = """Ruling party slips ahead of budget vote

A poll by Vantage Research put support for the governing Civic Union at 31 percent, its lowest
in a decade.

An estimate by the Treasury Watch Foundation puts the cost of the budget's tax cuts at $4.2
billion over the next parliament.
"""
    check(claims_of(text), [("31", "Vantage Research"),
                            ("4.2 billion", "Treasury Watch Foundation")])


def test_2_possessive_tally_records_and_an_analysis():
    text = """Protest detentions mount in Merrowgate

The Merrowgate Legal Aid Network's tally counts 1,140 people detained since the protests began.
According to the network's records, 86 of those held are minors.

An analysis by the Open Courts Project found that 212 detainees had been charged, most with
public order offences.
"""
    network = "Merrowgate Legal Aid Network"
    check(claims_of(text), [("1,140", network), ("86", network),
                            ("212", "Open Courts Project")])


def test_2_an_investigation_found_and_an_assessment_estimates():
    text = """Shipwreck inquiry blames overloading of the Calloway

An investigation by the Saltmere Maritime Safety Board found that the ferry Calloway was
carrying 412 passengers when it capsized, against a licensed limit of 220.

An assessment by the Red Harbour Aid Network estimates that 1,300 people in the island's fishing
villages have lost a relative or their income since the disaster.
"""
    board = "Saltmere Maritime Safety Board"
    check(claims_of(text), [("412", board), ("220", board),
                            ("1,300", "Red Harbour Aid Network")])


# --- class 3: conduits relay an official; the outlet only when it is the source ------------


def test_3_official_told_a_news_agency():
    text = """Border guards detain protesters after clashes at Vorr crossing

Interior Minister Paulo Brandt told the state news agency Estrapress that 86 people had been
detained after clashes at the Vorr border crossing. He said 19 police officers were injured.
"""
    check(claims_of(text), [("86", "Paulo Brandt"), ("19", "Paulo Brandt")])


def test_3_agency_quoted_an_official_as_saying():
    text = """Villages emptied as Kora volcano rumbles

The Varnian News Agency quoted the deputy governor of Kora province, Helga Morn, as saying that
3,400 residents had been moved from villages on the volcano's slopes. Morn was also quoted as
saying 12 shelters had been opened in the provincial capital.
"""
    check(claims_of(text), [("3,400", "Helga Morn"), ("12", "Helga Morn")])


def test_3_according_to_an_outlet_an_official_said():
    text = """Warehouse blaze injures firefighters in Brackwater

According to the Daily Meridian, the city's fire chief, Oskar Lind, said 27 firefighters had
been treated for smoke inhalation after the blaze. Lind said 6 of them remained in hospital.
"""
    check(claims_of(text), [("27", "Oskar Lind"), ("6", "Oskar Lind")])


def test_3_a_newspaper_reporting_is_itself_the_source():
    text = """Ballot boxes missing in northern districts

The Corvel Herald newspaper reported on Tuesday that 40 ballot boxes had gone missing in the
northern districts before the count. The paper said it had seen election office memos listing 9
polling stations where seals were broken.
"""
    check(claims_of(text), [("40", "Corvel Herald"), ("9", "Corvel Herald")])


def test_3_a_broadcaster_reporting_is_itself_the_source():
    text = """Fishing boats lost in squall off Kell Point

Radio Tamsin reported that 12 fishing boats had failed to return to harbour after a sudden
squall off Kell Point on Wednesday evening. The broadcaster said about 50 crew members were
aboard.
"""
    check(claims_of(text), [("12", "Radio Tamsin"), ("50", "Radio Tamsin")])


# --- class 4: headlines, kickers, decks ----------------------------------------------------


def test_4_headline_source_colon_figure():
    text = """Rail union: 80,000 walked out on first day of strike

The National Rail Workers' Union said 80,000 of its members walked out on Monday, halting trains
across the country. It said 1,400 services had been cancelled.
"""
    union = "National Rail Workers' Union"
    check(claims_of(text), [("80,000", union), ("1,400", union)])


def test_4_a_headline_of_two_clauses_gives_each_figure_its_own_speaker():
    text = """Harbour police put march at 24,500; organisers claim 140,000

Police in Port Aldren said 24,500 people took part in the march on Saturday.
"""
    headline = [c for c in claims_in(text) if c.quote.startswith("Harbour police put")]
    got = {c.figure.text: c.claimant for c in headline}
    assert got["24,500"] == "Harbour police" and got["140,000"] == "organisers"
    text = """Official inflation at 38 percent, but economists say more than 70 percent

The statistics office said annual inflation was 38 percent in December.
"""
    headline = {c.figure.text: c.claimant for c in claims_in(text)
                if c.quote.startswith("Official inflation")}
    assert headline["38 percent"] is None  # the outlet's clause, not the economists'
    assert headline["more than 70 percent"] == "economists"


def test_4_headline_figure_then_trailing_says():
    text = """6,000 nurses join strike, Halden nurses' council says

The Halden Nurses' Council says about 6,000 nurses stayed away from the wards on Thursday in a
dispute over pay. Hospitals in the city postponed 700 operations, the council said.
"""
    council = "Halden Nurses' Council"
    check(claims_of(text), [("6,000", council), ("700", council)])


def test_4_headline_trailing_says_resolved_from_the_body():
    text = """At least 200 arrested at Tessel fuel tax rally, police say

Riot officers used water cannon to clear Unity Square in Tessel on Saturday night after a rally
against the new fuel tax. The Tessel City Police said 14 officers had been hurt by stones and
bottles.
"""
    police = "Tessel City Police"
    check(claims_of(text), [("200", police), ("14", police)])


def test_4_kicker_before_a_headline_that_has_a_colon():
    text = """FERRY DISASTER: Coastguard: 112 rescued after the Aurelia sinks

The Northern Coastguard Service said 112 passengers and crew had been pulled from the water
after the ferry Aurelia sank off Kell Point on Friday night. It said 17 people were still
missing.
"""
    coastguard = "Northern Coastguard Service"
    check(claims_of(text), [("112", coastguard), ("17", coastguard)])


def test_4_deck_under_the_headline():
    text = """Tarn valley flood toll climbs as the river keeps rising

Emergency office says hundreds are still missing as the river keeps rising

The Tarn Valley Emergency Office said on Friday that 63 people had died since the river burst
its banks on Tuesday. It said 4,100 people were sleeping in temporary shelters.
"""
    office = "Tarn Valley Emergency Office"
    check(claims_of(text), [("63", office), ("hundreds", office), ("4,100", office)])


def test_4_headline_in_plain_voice_takes_the_source_the_body_gives_for_its_figure():
    text = """Wildfire destroys 400 homes near Lassen Ridge

Fire Commissioner Ruth Ambler said on Sunday that 400 homes had been destroyed since the fire
broke out on Thursday. She said 2,600 firefighters were now on the fire line.
"""
    check(claims_of(text), [("400", "Ruth Ambler"), ("2,600", "Ruth Ambler")])


# --- class 5: body or person, and names resolved to their fullest form --------------------


def test_5_country_in_the_headline_spokesperson_in_the_body():
    text = """Varnia says 1,900 prisoners freed in amnesty

Mira Tollen, a spokeswoman for Varnia's justice ministry, said 1,900 prisoners had been released
under the new year amnesty. She said a further 400 cases were under review.
"""
    check(claims_of(text), [("1,900", "Mira Tollen"), ("400", "Mira Tollen")])


def test_5_company_in_the_headline_spokesperson_in_the_body_with_affiliation():
    text = """Kestrel Mining Group says 31 miners trapped at Greyhill pit

Dana Holm, a spokeswoman for the Kestrel Mining Group, said 31 miners had been trapped
underground when a tunnel collapsed at the Greyhill pit on Thursday. Rescue teams had drilled 40
metres towards them by nightfall, she said.
"""
    check(claims_of(text), [("31", "Dana Holm"), ("40 metres", "Dana Holm")])
    check(affiliations_of(text), [("31", "Kestrel Mining Group"),
                                  ("40 metres", "Kestrel Mining Group")], what="affiliation")


def test_5_the_commissioner_three_paragraphs_on_is_the_named_commissioner():
    text = """Measles outbreak spreads in Dunmore

Commissioner Ada Morrow of the Dunmore Public Health Board announced on Monday that the outbreak
had reached the districts of Lisk, Orrin and Halt.

Vaccination teams have been sent to schools across the affected districts, and parents have been
asked to keep children with a fever at home.

Clinics in Lisk stayed open late on Monday evening, with queues stretching into the car park.

The commissioner said 218 cases had now been confirmed, 37 of them in the past week.
"""
    check(claims_of(text), [("218", "Ada Morrow"), ("37", "Ada Morrow")])


def test_5_the_agency_three_paragraphs_on_is_the_full_name():
    text = """Aid convoys reach cut-off valleys

The Relief Agency for Northern Provinces sent its first convoys into the Orme and Tass valleys
on Wednesday, after the mountain road reopened.

The road had been closed since a landslide in January.

Drivers described villages where supplies had run out weeks ago.

The agency said 46 trucks had delivered food for 9,000 people, and that 5 more convoys were
planned.
"""
    agency = "Relief Agency for Northern Provinces"
    check(claims_of(text), [("46", agency), ("9,000", agency), ("5", agency)])


@pytest.mark.xfail(strict=True, reason=(
    "class 5: 'The agency said' resolves the claimant to the full name but its "
    "affiliation is None"))
def test_5_a_body_named_once_speaks_for_itself_three_paragraphs_on():
    text = """Aid convoys reach cut-off valleys

The Relief Agency for Northern Provinces sent its first convoys into the Orme and Tass valleys
on Wednesday, after the mountain road reopened.

The road had been closed since a landslide in January.

Drivers described villages where supplies had run out weeks ago.

The agency said 46 trucks had delivered food for 9,000 people, and that 5 more convoys were
planned.
"""
    agency = "Relief Agency for Northern Provinces"
    check(affiliations_of(text), [("46", agency), ("9,000", agency), ("5", agency)],
          what="affiliation")


def test_5_a_pronoun_three_paragraphs_on_is_the_named_general():
    text = """Army chief says rebels pushed back from Coldbridge

General Rufus Harte, the commander of the Estran army, visited the front line near Coldbridge on
Sunday.

Shelling continued through the night on the town's eastern edge.

Residents who stayed behind sheltered in cellars.

He said 120 rebel fighters had surrendered and that his troops had retaken 8 villages.
"""
    check(claims_of(text), [("120", "Rufus Harte"), ("8", "Rufus Harte")])


# --- class 6: no claimant ------------------------------------------------------------------


def test_6_agentless_passives_with_no_source_stay_null():
    text = """Bus plunges into ravine on Skarn pass

At least 12 people were killed when a bus plunged into a ravine on the Skarn mountain pass on
Tuesday. Another 23 were injured. The bus was carrying 41 passengers.

The road had been closed twice this winter because of ice.
"""
    check(claims_of(text), [("12", None), ("23", None), ("41", None)])


def test_6_the_outlets_own_voice_stays_null():
    text = """Polls open in Harlan regional election

Polling stations opened at dawn in Harlan, where about 2.3 million people are registered to
vote. There are 4,100 polling stations across the region.

The governing party holds 46 of the 80 seats in the regional assembly.
"""
    check(claims_of(text), [("2.3 million", None), ("4,100", None), ("46", None),
                            ("80", None)])


def test_6_the_doer_of_a_passive_is_not_its_claimant():
    text = """Navy detains fishermen off Tarvel coast

Nine fishermen were detained by the Tarvel navy on Monday after their trawler strayed into a
closed zone. Their boat was towed to the naval base at Osk, along with 2 smaller vessels.
"""
    check(claims_of(text), [("Nine", None), ("2", None)])


def test_6_a_passive_takes_the_source_the_passage_names():
    text = """Miners trapped after tunnel collapse in Dunfell

Thirty-one miners were trapped underground after a tunnel collapsed at the Greyhill pit on
Thursday, the mine's operator, Dunfell Coal, said.

At least 8 others were rescued overnight, according to the Ostmark Fire Service.
"""
    check(claims_of(text), [("Thirty-one", "Dunfell Coal"), ("8", "Ostmark Fire Service")])


def test_2_a_possessive_pronoun_source_is_its_maker():
    text = """Famine warning in the hills

Regional leader Tomas Brell wrote to the aid agencies on Monday.

The drought has left 91 percent of the province exposed to hunger, according to his statement.
"""
    check(claims_of(text), [("91 percent", "Tomas Brell")])


def test_2_an_unowned_study_is_the_study_the_document_gives_an_owner():
    text = """Storm deaths far above the official count

The official toll stands at 64, but a new study says 4,100 people died.

The figure comes from a new Caldmoor University study of death records.
"""
    check(claims_of(text), [("4,100", "Caldmoor University")])


def test_6_we_outside_a_quotation_is_the_outlet_itself():
    text = """Prisoner exchange: live updates

As we reported earlier, both sides have now exchanged 270 prisoners.
"""
    check(claims_of(text), [("270", None)])


def test_1_an_unnamed_group_a_named_speaker_heard_from_is_not_the_source():
    text = """Dozens missing after boat sinks

The Kelmar coastguard said on Saturday that survivors had told its officers the boat carried
about 350 people.
"""
    check(claims_of(text), [("about 350", "Kelmar coastguard")])


def test_5_a_country_speaks_through_the_person_named_next_about_the_same_people():
    text = """Kyiv, May 13

Ukraine said on Friday that 21,000 children had been taken across the border. Human rights
commissioner Orysia Hlib said the children were among 90,000 people moved against their will.
"""
    check(claims_of(text), [("21,000", "Orysia Hlib"), ("90,000", "Orysia Hlib")])
    assert dict(affiliations_of(article(text)))["21,000"] == "Ukraine"


def test_4_a_denial_in_the_headline_is_not_the_figure_s_source():
    text = """Dockers union: 3,000 walked out, port authority denies it

The Tessel Dockers Union said the strike had closed the port for a day.
"""
    check(claims_of(text), [("3,000", "Tessel Dockers Union")])


def test_5_a_group_word_is_the_body_the_document_says_it_belongs_to():
    text = """Organisers count 40,000 at the river march

Organisers from the Harbour Workers Alliance estimated 40,000 people joined the march.

Police put the crowd at 9,000.
"""
    check(claims_of(text), [("40,000", "Harbour Workers Alliance"), ("9,000", "police")])


def test_5_an_acronym_in_capitals_is_a_body_not_the_pronoun_who():
    text = """WRO: 300 villages cut off by the floods

The World Relief Organization (WRO) said on Monday that 300 villages were cut off.

The WRO’s figures show 12 bridges destroyed.
"""
    check(claims_of(text), [("300", "World Relief Organization"),
                            ("12", "World Relief Organization")])


def test_2_a_figure_inside_someone_s_claim_is_theirs():
    text = """Fact check: the governor's budget speech

Several of the claims made by Governor Ilse Varga in her budget speech did not hold up.

Varga's claim that 12,000 new jobs were created last year was found to be exaggerated. The
claim that 40 percent of roads had been repaired was correct.
"""
    check(claims_of(text), [("12,000", "Ilse Varga"), ("40 percent", "Ilse Varga")])


def test_3_a_described_outlet_is_the_name_that_follows_the_description():
    text = """Missile strike disputed

The region's official news agency KORA reported that 14 people were killed in the strike.
"""
    check(claims_of(text), [("14", "KORA")])


def test_6_a_sentence_whose_speaker_does_not_say_the_figure_is_not_the_last_speaker_s():
    text = """Rally larger than expected

The transport union said 9,000 members would march. Police, who said they had expected 3,000
people, closed the square at noon, when about 20,000 were already inside.
"""
    check(claims_of(text), [("9,000", "transport union"), ("3,000", "police"),
                            ("about 20,000", None)])


def test_5_an_unnamed_spokesperson_for_a_body_is_the_body():
    text = """Hospital disputes nurses' figures

The hospital's operator, Kingsferry Health Trust, said the union's figures were misleading.

A spokeswoman for the trust said 2,950 shifts had gone unfilled. Union official Owen Tarrant
said 4,300 shifts were missed.
"""
    check(claims_of(text), [("2,950", "Kingsferry Health Trust"), ("4,300", "Owen Tarrant")])


def test_5_a_body_named_with_of_is_the_antecedent_of_which():
    text = """Wards understaffed

Almost half of the wards were understaffed last month, according to the Royal College of Ward
Nurses, which says several thousand shifts went unfilled.
"""
    college = "Royal College of Ward Nurses"
    check(claims_of(text), [("Almost half", college), ("several thousand", college)])


def test_1_a_trailing_said_speaks_every_figure_of_its_sentence():
    text = """Wildfire spreads

A wildfire has burned about 8,000 hectares of forest, and 2,300 people have been evacuated
from five villages, the region's chief fire officer, Rui Mendel, told reporters on Tuesday.
"""
    check(claims_of(text), [("about 8,000 hectares", "Rui Mendel"), ("2,300", "Rui Mendel"),
                            ("five", "Rui Mendel")])


def test_2_a_study_by_researchers_at_a_university_is_the_university_s():
    text = """Pollution study

Traffic fumes contribute to between 300 and 400 deaths a year in Brackwater, according to a
study published on Tuesday by researchers at Hallam Ridge University.

A separate survey of 1,050 adults, carried out for a clean-air group by Civitas Polling, found
that 62% of residents back a ban.
"""
    check(claims_of(text), [("between 300 and 400", "Hallam Ridge University"),
                            ("62%", "Civitas Polling")])


def test_5_a_body_named_again_by_description_is_that_body():
    text = """Insurers count flood claims

The Insurance Council of Britain said claims were rising fast.

The industry body said its members had received 18,400 claims by Tuesday.
"""
    check(claims_of(text), [("18,400", "Insurance Council of Britain")])


def test_5_its_analysts_are_the_body_its_refers_to():
    text = """Rights group questions exodus figures

Border Rights Watch published its report on Monday.

Its analysts estimate that roughly half of those who left went to the cities.
"""
    check(claims_of(text), [("roughly half", "Border Rights Watch")])


def test_1_a_quotation_s_words_are_its_speaker_s_not_a_body_it_names():
    text = """Opposition disputes turnout

"Our agents recorded turnout of about a quarter. The commission has added at least 90,000
ghost votes," said the alliance's secretary-general, Daniel Kiprono.
"""
    check(claims_of(text), [("about a quarter", "Daniel Kiprono"),
                            ("at least 90,000", "Daniel Kiprono")])


def test_5_a_title_before_a_name_does_not_make_the_person_a_body():
    text = """Quake toll rises

AREQUIPA, Peru, Aug 19 (Andes Wire) - The death toll rose to 63 on Tuesday, the civil defence
institute said.

Institute director Rosa Quispe told the state news agency Prensa Andina that 412 people had
been injured. She said about 7,500 people were sleeping in tents.
"""
    check(claims_of(text), [("412", "Rosa Quispe"), ("about 7,500", "Rosa Quispe")])


# --- an agent noun and the body the story names for it -----------------------------------


def test_the_organisers_are_the_body_the_story_says_organised_the_march():
    text = """
    Riders march in Dravell over bus fares

    Riders rallied on Sunday in a march organised by the Fair Fares Alliance.

    Police said about 6,000 people took part, while the organisers put the crowd at 25,000.
    """
    assert claims_of(text) == [("about 6,000", "Police"), ("25,000", "Fair Fares Alliance")]


def test_the_organisers_stay_organisers_when_the_story_names_no_organiser():
    text = """
    Riders march in Dravell over bus fares

    Police said about 6,000 people took part, while the organisers put the crowd at 25,000.
    """
    assert claims_of(text)[1] == ("25,000", "organisers")


def test_a_headline_that_drops_more_than_is_still_the_spokesman_s_figure():
    text = """
    Dravell march: organisers claim 25,000

    Ilse Varro, a spokeswoman for the Fair Fares Alliance, which organised the march, said
    more than 25,000 people had taken part.
    """
    assert claims_of(text) == [("25,000", "Ilse Varro"), ("more than 25,000", "Ilse Varro")]


def test_organisers_from_a_named_body_are_that_body():
    text = """
    Riders march in Dravell over bus fares

    Organisers from the Fair Fares Alliance said 25,000 people joined the march.
    """
    assert claims_of(text) == [("25,000", "Fair Fares Alliance")]


def test_the_organisers_named_in_apposition_are_that_body():
    text = """
    Riders march in Dravell over bus fares

    According to the organisers, the Riders' Union, 30,000 people took part in the march.
    """
    assert claims_of(text) == [("30,000", "Riders' Union")]


def test_a_speaker_s_aside_that_reports_a_figure_is_the_speaker_s_claim():
    text = """
    River floods the lowlands

    Governor Ilse Varro, who on Monday put the toll at about 30, said on Wednesday that she
    now accepted the agency's count.

    Tomas Brek, whose office has 200 staff, said the search would go on.
    """
    assert claims_of(text) == [("about 30", "Ilse Varro"), ("200", None)]


def test_a_speaker_s_own_officials_counting_are_the_speaker():
    text = """
    River floods the lowlands

    The governor, Ilse Varro, said her own officials had counted about 30 deaths.
    """
    assert claims_of(text) == [("about 30", "Ilse Varro")]


def test_an_unnamed_official_is_a_claimant_as_described():
    text = """
    River floods the lowlands

    At the pumping station, the engineer in charge said 400 homes had been flooded.
    """
    assert claims_of(text) == [("400", "engineer")]


def test_an_unnamed_official_gives_way_to_the_named_speaker_of_the_same_figure():
    text = """
    Senator says 7,000 homes flooded

    Senator Ilse Varro said on Monday that 7,000 homes had been flooded.
    """
    assert claims_of(text) == [("7,000", "Ilse Varro"), ("7,000", "Ilse Varro")]


# --- an unnamed speaker is whom a later "he" or "she" is ---------------------------------


def test_an_unnamed_member_who_told_an_outlet_is_the_he_who_said():
    text = """Clash in border village leaves dozens dead

The army said 15 civilians were killed in a mortar attack on Tuesday.

A member of the Volunteer Defence Corps in Mirow told Reuters the dead were fighters.

The corps had killed 16 members of the militia, he said.
"""
    member = "member of the Volunteer Defence Corps in Mirow"
    check(claims_of(text), [("15", "army"), ("16", member)])
    sides = {c.figure.text: c.affiliation for c in claims_in(text)}
    assert sides["16"] == "Volunteer Defence Corps"  # the corps, not the village it is in


def test_an_unnamed_spokeswoman_for_a_body_is_the_she_who_said():
    text = """Flood toll rises in river towns

The interior ministry said 40 people had died.

A spokeswoman for the Lakeside Relief Trust said volunteers had found 12 more bodies.

She said 300 families were still in shelters.
"""
    trust = "Lakeside Relief Trust"
    check(claims_of(text), [("40", "interior ministry"), ("12", trust), ("300", trust)])


def test_1_someone_who_gave_a_different_account_is_the_he_who_said():
    text = """March count disputed

Interior Minister Dragan Ilic said 17 people had been detained.

Luka Kovac, the coalition's spokesman, spoke later. Kovac gave a different account. He said 43
protesters had been taken into custody.
"""
    check(claims_of(text), [("17", "Dragan Ilic"), ("43", "Luka Kovac")])


def test_5_a_description_of_a_named_body_is_that_body():
    text = """Flood toll rises

Norland's disaster management agency said on Thursday that 236 people had died.

In the same update, the National Institute for Disaster Risk Management said 149 of the dead
were in the south.
"""
    institute = "National Institute for Disaster Risk Management"
    check(claims_of(text), [("236", institute), ("149", institute)])


def test_a_body_raising_or_lowering_a_toll_to_a_figure_states_it() -> None:
    # "raised the death toll to 27" reports a count as "put the toll at 27" does
    text = """Storm toll rises

    The national disaster council raised the death toll to 27 on Thursday.

    The port authority lowered its count of missing sailors to 4 on Friday."""
    assert claims_of(text) == [("27", "national disaster council"), ("4", "port authority")]


def test_a_toll_revised_by_an_amount_is_a_change_not_a_count() -> None:
    text = """Toll revised

    The relief office revised the death toll down by several thousand on Monday."""
    assert claims_of(text) == [("several thousand", None)]


def test_a_bodys_bulletin_listing_a_figure_is_the_bodys() -> None:
    text = """Floods in the valley

    The Water Ministry's bulletin on Tuesday listed 31 people dead in the valley."""
    assert claims_of(text) == [("31", "Water Ministry")]


def test_a_bodys_name_set_off_after_its_description_is_the_claimant() -> None:
    # the parse takes "UNHCR" between commas for an adverbial, not an apposition
    text = """Refugees reach the town

    The UN refugee agency, UNHCR, said its teams had registered roughly 7,500 people."""
    assert claims_of(text) == [("roughly 7,500", "UNHCR")]


def test_a_surname_after_a_particle_ends_the_name_not_the_title() -> None:
    text = """Prisoners freed

    Prisoner affairs chief Abdulqader al-Qudaimi said 318 fighters had been freed."""
    assert claims_of(text) == [("318", "Abdulqader al-Qudaimi")]


def test_a_body_named_by_an_acronym_puts_a_figure() -> None:
    # "CGT union": the capital word that names it is the first
    text = """Teachers march

    The CGT union, which joined the teachers' call, put the Paris turnout at 45,000."""
    assert claims_of(text) == [("45,000", "CGT union")]


def test_a_capitalised_source_noun_inside_a_sentence_is_part_of_a_name() -> None:
    text = """Crowd counted

    Tidewater Data, a consultancy that reads drone images, estimated that between 240,000
    and 290,000 people were in the square."""
    assert claims_of(text) == [("between 240,000 and 290,000", "Tidewater Data")]


def test_an_unnamed_officer_of_a_named_body_is_the_body() -> None:
    text = """Detainees flown home

    A third aircraft is due to carry 23 sick detainees to Aden, an ICRC spokesman added."""
    assert claims_of(text)[-1] == ("23", "ICRC")


def test_a_government_speaking_through_its_spokesman_named_next_is_the_spokesman() -> None:
    # claims.md: where a named speaker is given for the statement, the speaker, not the state
    text = """Villages emptied

    Chad's government said on Wednesday that 6,800 residents had left of their own
    free will.

    Government spokesman Jean-Baptiste Morel told a news conference that the people came
    from 14 villages."""
    assert claims_of(text) == [("6,800", "Jean-Baptiste Morel"), ("14", "Jean-Baptiste Morel")]


def test_a_poll_by_a_firm_the_parse_made_a_subject_is_the_firm_s() -> None:
    # "by Sondages Hexagone published": the parse reads the name as the participle's subject
    text = """Strike backed

    A poll by Sondages Hexagone published on Wednesday found that 58 percent of French
    people supported the strike."""
    assert claims_of(text) == [("58 percent", "Sondages Hexagone")]


def test_what_it_lists_is_the_named_speaker_s_who_says_so() -> None:
    text = """Toll disputed

    A whiteboard in the capitol lists the dead town by town. By Tuesday evening it listed
    34 dead, Governor Ramon Villaflor said."""
    assert claims_of(text) == [("34", "Ramon Villaflor")]


def test_the_organisation_is_the_body_its_own_sentence_names() -> None:
    text = """Detainees flown home

    The CGT union put the turnout at 45,000.

    The first ICRC plane, carrying 120 detainees, took off from Sanaa, the organisation said."""
    assert claims_of(text)[-1] == ("120", "ICRC")
