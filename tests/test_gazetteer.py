"""The gazetteer: countries, demonyms, regions and cities of any country, by name."""

from claimledger.lexicon import gazetteer as gz


def test_country_names_are_the_affiliation_vocabulary():
    assert gz.country("Russian Federation") == "Russia"
    assert gz.country("Republic of Korea") == "South Korea"
    assert gz.country("Syrian Arab Republic") == "Syria"
    assert gz.country("Islamic Republic of Iran") == "Iran"


def test_country_aliases_and_articles():
    assert gz.country("Britain") == "United Kingdom"
    assert gz.country("the UK") == "United Kingdom"
    assert gz.country("U.S.") == "United States"
    assert gz.country("the US") == "United States"
    assert gz.country("Ukraine's") == "Ukraine"


def test_an_acronym_alias_only_in_capitals():
    assert gz.country("us") is None  # "tell us": a pronoun


def test_demonyms_give_their_country():
    assert gz.demonym("Sudanese") == "Sudan"
    assert gz.demonym("Yemeni") == "Yemen"
    assert gz.demonym("Greek") == "Greece"
    assert gz.demonym("Ukrainians") == "Ukraine"


def test_a_plural_country_name_s_singular_is_its_adjective():
    assert gz.demonym("Philippine") == "Philippines"  # the data gives only "Filipino"
    assert gz.demonym("philippine") is None


def test_a_shared_demonym_goes_to_the_most_populous_country():
    assert gz.demonym("French") == "France"


def test_cities_of_any_country_with_their_country():
    lima = gz.place("Lima")
    assert lima.kind == "city" and lima.country == "Peru" and lima.population > 1_000_000


def test_a_city_by_an_alternate_spelling():
    assert gz.place("Kiev").name == "Kyiv"


def test_regions_by_their_english_name():
    crete = gz.place("Crete")
    assert crete.kind == "region" and crete.country == "Greece"


def test_a_region_word_makes_it_the_region():
    assert gz.place("Donetsk").kind == "city"
    assert gz.place("Donetsk Oblast").kind == "region"


def test_a_country_is_a_place_too():
    assert gz.place("Portugal").kind == "country"


def test_english_words_and_given_names_are_no_places():
    assert gz.place("reading") is None  # lower case: the word
    assert gz.place("Nice") is None  # a city, but first the adjective
    assert gz.place("Said") is None  # "Said" opens a sentence far more often
    assert gz.place("Ali") is None  # a given name before a town of 27,000


def test_small_towns_only_when_the_text_calls_them_places():
    assert gz.place("Ad Durayhimi") is None
    assert gz.place("Ad Durayhimi", small=True).country == "Yemen"


def test_containment():
    assert gz.contains("Ukraine", "Odesa")
    assert gz.contains("Donetsk Oblast", "Mariupol")
    assert not gz.contains("Poland", "Odesa")


def test_a_capital_speaks_for_its_country():
    assert gz.capital("Ankara") == "Turkey"
    assert gz.capital("Kiev") == "Ukraine"
    assert gz.capital("Lyon") is None


def test_a_common_noun_is_no_place_named_with_the():
    # "The Valley" is Anguilla's capital; the "Valley" of a coalition's name is a word
    assert gz.place("Valley") is None
    assert gz.place("The Valley") is not None
    assert gz.place("Hague").country == "Netherlands"  # a name, not a common noun
