"""The grader's rules for one pair of records: figures, claimants and fields alike.

The tables here (country aliases, transliterations, nationality adjectives, words of
bodies) are the grader's own, not the extractor's lexicon: what is measured must not move
when the extractor's word lists do.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rapidfuzz import fuzz

Record = dict[str, Any]

FIELDS = ("unit", "qualifier", "framing", "date", "affiliation", "place")
FIGURE_TOLERANCE = 0.005  # values within 0.5% of each other are the same figure
NAME_SIMILARITY = 85  # rapidfuzz score (0-100) at which two names are one claimant

# One spelling per country or organisation; the spec names these aliases.
_ALIASES = {
    "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "the uk": "united kingdom",
    "us": "united states", "u s": "united states", "usa": "united states",
    "u s a": "united states", "america": "united states",
    "united states of america": "united states",
    "un": "united nations", "u n": "united nations",
    "eu": "european union", "e u": "european union",
    "russian federation": "russia",
}
# Places spelled from Russian or Ukrainian: one key per place.
_TRANSLITERATIONS = {
    "kiev": "kyiv", "dnieper": "dnipro", "dnepr": "dnipro", "dnipropetrovsk": "dnipro",
    "kharkov": "kharkiv", "lugansk": "luhansk", "odessa": "odesa", "lvov": "lviv",
    "nikolaev": "mykolaiv", "nikolayev": "mykolaiv", "zaporozhye": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia", "chernigov": "chernihiv", "rovno": "rivne",
}
# Nationality adjectives -> countries, so "the Ukrainian foreign ministry" reads like
# "Ukraine's Foreign Ministry".
_DEMONYMS = {
    "ukrainian": "ukraine", "russian": "russia", "british": "united kingdom",
    "american": "united states", "belarusian": "belarus", "belarussian": "belarus",
    "polish": "poland", "german": "germany", "french": "france", "italian": "italy",
    "spanish": "spain", "portuguese": "portugal", "greek": "greece", "turkish": "turkey",
    "syrian": "syria", "israeli": "israel", "palestinian": "palestine", "iranian": "iran",
    "iraqi": "iraq", "yemeni": "yemen", "saudi": "saudi arabia", "emirati": "united arab emirates",
    "egyptian": "egypt", "sudanese": "sudan", "ethiopian": "ethiopia", "eritrean": "eritrea",
    "somali": "somalia", "kenyan": "kenya", "nigerian": "nigeria", "south african": "south africa",
    "chinese": "china", "japanese": "japan", "korean": "korea", "south korean": "south korea",
    "north korean": "north korea", "indian": "india", "pakistani": "pakistan",
    "afghan": "afghanistan", "bangladeshi": "bangladesh", "burmese": "myanmar",
    "myanmar": "myanmar", "thai": "thailand", "vietnamese": "vietnam",
    "indonesian": "indonesia", "filipino": "philippines", "australian": "australia",
    "canadian": "canada", "mexican": "mexico", "brazilian": "brazil",
    "argentine": "argentina", "colombian": "colombia", "venezuelan": "venezuela",
    "armenian": "armenia", "azerbaijani": "azerbaijan", "georgian": "georgia",
    "moldovan": "moldova", "romanian": "romania", "hungarian": "hungary",
    "czech": "czech republic", "slovak": "slovakia", "lithuanian": "lithuania",
    "latvian": "latvia", "estonian": "estonia", "finnish": "finland", "swedish": "sweden",
    "norwegian": "norway", "danish": "denmark", "dutch": "netherlands", "belgian": "belgium",
    "swiss": "switzerland", "austrian": "austria", "irish": "ireland", "scottish": "scotland",
    "lebanese": "lebanon", "jordanian": "jordan", "libyan": "libya", "tunisian": "tunisia",
    "algerian": "algeria", "moroccan": "morocco", "kazakh": "kazakhstan", "uzbek": "uzbekistan",
    "serbian": "serbia", "croatian": "croatia", "bosnian": "bosnia", "bulgarian": "bulgaria",
}
_DEMONYM_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _DEMONYMS),
                                                  key=len, reverse=True)) + r")\b")
# A claimant with one of these words is a body, not a person: surnames are not compared.
_BODY_WORDS = frozenset("""
ministry ministries council government office agency commission committee authority
authorities officials official police army military forces force guard guards coastguard
service services department court tribunal party union organization organisation
organizations institute observatory network center centre front junta rebels rebel media
news press agency bureau embassy parliament assembly senate congress kremlin house
administration commissioner command staff spokesman spokeswoman spokesperson group
movement association federation foundation fund bank company corporation university
school hospital board station team survivors residents witnesses opposition monitors
state states nations republic red cross crescent unicef unhcr who iom ocha
""".split())


def fold(text: str) -> str:
    """Accents off (ASCII for Latin script), lower case, no possessive, punctuation as
    spaces: "Ukraine’s" -> "ukraine"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = re.sub(r"'s\b", "", text)
    # letters of other scripts are kept: a Cyrillic name is still a name
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _canon_name(text: str | None) -> str | None:
    """A country or organisation name in one spelling: "the UK" -> "united kingdom"."""
    if text is None:
        return None
    key = fold(text).removeprefix("the ")
    return _ALIASES.get(key, key)


def _canon_place(text: str | None) -> str | None:
    if text is None:
        return None
    key = _canon_name(text)
    return " ".join(_TRANSLITERATIONS.get(w, w) for w in key.split())


# --- figures -------------------------------------------------------------------------

def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def figures_match(gold: Record, pred: Record) -> bool:
    """Both values within 0.5%; or, where one side has no value, both ranges closed,
    overlapping, and the predicted one at most twice as wide as the gold one."""
    gv, pv = _num(gold.get("value")), _num(pred.get("value"))
    if gv is not None and pv is not None:
        return abs(gv - pv) <= FIGURE_TOLERANCE * max(abs(gv), abs(pv))
    g_lo, g_hi = _num(gold.get("low")), _num(gold.get("high"))
    p_lo, p_hi = _num(pred.get("low")), _num(pred.get("high"))
    if None in (g_lo, g_hi, p_lo, p_hi):
        return False  # an open or missing range matches nothing
    overlap = p_lo <= g_hi and g_lo <= p_hi
    return overlap and (p_hi - p_lo) <= 2 * (g_hi - g_lo)


# --- claimants -----------------------------------------------------------------------

def _body_key(name: str) -> str:
    """A body's name for comparison: nationality adjectives as countries, no "the"."""
    key = _DEMONYM_RE.sub(lambda m: _DEMONYMS[m.group(1)], fold(name))
    words = [w for w in key.split() if w != "the"]
    return " ".join(words)


def is_person(name: str) -> bool:
    """Whether a claimant names a person: two or more capitalised words, none of them a
    word of bodies, a country or a nationality ("Antony Blinken", not "Greek coastguard")."""
    words = name.replace("’", "'").split()
    if len(words) < 2 or not all(w[:1].isupper() or w.lower() in _PARTICLES for w in words):
        return False
    folded = fold(name)
    if any(w in _BODY_WORDS for w in folded.split()) or _DEMONYM_RE.search(folded):
        return False
    return not any(_canon_name(w) in _COUNTRY_NAMES for w in words)


_PARTICLES = frozenset({"de", "da", "van", "von", "der", "al", "bin", "ibn", "la", "le", "del"})
_COUNTRY_NAMES = frozenset(_DEMONYMS.values()) | frozenset(_ALIASES.values())


def claimants_match(gold: str | None, pred: str | None) -> bool:
    """Both null; for people, surnames (last words) at least 85% alike; for bodies, the
    names at least 85% alike by token-set similarity. The gold claimant says which."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if is_person(gold):
        g_last, p_words = fold(gold).split(), fold(pred).split()
        if not g_last or not p_words:
            return False
        return fuzz.ratio(g_last[-1], p_words[-1]) >= NAME_SIMILARITY
    return fuzz.token_set_ratio(_body_key(gold), _body_key(pred)) >= NAME_SIMILARITY


# --- fields --------------------------------------------------------------------------

def field_matches(name: str, gold: Any, pred: Any) -> bool:
    """One field of a matched pair; null in gold is a value to match."""
    if name == "affiliation":
        return _canon_name(gold) == _canon_name(pred)
    if name == "place":
        return _canon_place(gold) == _canon_place(pred)
    if name == "unit" and gold is not None and pred is not None:
        return fold(gold) == fold(pred)
    return gold == pred
