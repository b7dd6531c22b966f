"""Names that map to a side: countries (and their aliases), demonyms, capitals, known
offices ("the Kremlin" -> Russia) and outlets, from lexicon/data/affiliations.json.

This is where a gazetteer answers "which country is this name"; extraction's affiliation
field and the ledger's claimant merging both ask here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger import lexicon
from claimledger.lexicon import gazetteer


def tables() -> dict:
    return lexicon.table("affiliations")


_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"'s$")


@lru_cache(maxsize=65536)
def _key(s: str) -> str:
    s = s.replace("’", "'").lower().strip()
    s = _POSSESSIVE.sub("", _THE.sub("", s))
    return " ".join(s.split())


def country(name: str | None) -> str | None:
    """The canonical side for a country's name ("the UK" -> United Kingdom), from the
    gazetteer; the data's "countries" adds unions of states ("the EU", "the U.N.")."""
    if not name:
        return None
    return tables()["countries"].get(_key(name)) or gazetteer.country(name)


def demonym(word: str) -> str | None:
    """The side of a nationality word ("Yemeni" -> Yemen; "Soviet" from the data)."""
    if not word:
        return None
    return tables()["demonyms"].get(_key(word)) or gazetteer.demonym(word)


def capital(name: str) -> str | None:
    """The country a capital speaks for ("Kyiv said"), from the gazetteer."""
    if not name:
        return None
    return tables()["capitals"].get(_key(name)) or gazetteer.capital(name)


def is_outlet(name: str | None) -> bool:
    return bool(name) and _key(name) in _outlets()


def outlet_named(name: str | None) -> bool:
    """An outlet, or a service of one ("BBC Burmese", "CNN International")."""
    if not name:
        return False
    key = _key(name)
    return key in _outlets() or any(key.startswith(o + " ") for o in _outlets())


def state_outlet(name: str | None) -> str | None:
    """The state a state-run outlet speaks for ("TASS" -> Russia); an acronym key only
    as written in capitals ("WAM", never "wam")."""
    if not name:
        return None
    table = tables().get("state_outlets", {})
    bare = _THE.sub("", name.strip())
    return table.get(bare) if bare.isupper() and bare in table else table.get(_key(name))


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    return frozenset(tables()["outlets"])


@lru_cache(maxsize=1)
def _offices_longest_first() -> list[tuple[str, str, bool]]:
    """(name, side, matched as written): an acronym key ("WHO") only in capitals."""
    rows = [(k if k.isupper() else k.lower(), v, k.isupper())
            for k, v in tables()["offices"].items()]
    return sorted(rows, key=lambda kv: len(kv[0]), reverse=True)


def _words(text: str, lower: bool = True) -> str:
    text = text.replace("’", "'")
    return " " + re.sub(r"[^\w.\-' ]+", " ", text.lower() if lower else text) + " "


# a country's own Red Cross or Red Crescent society ("the Peruvian Red Cross", "Kenya Red
# Cross Society") is a body of its own, not the International Committee
_NATIONAL_SOCIETY = re.compile(
    r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) Red (?:Cross|Crescent)(?: Society)?\b")


def national_society(text: str) -> str | None:
    """The country's own Red Cross or Red Crescent society `text` names, if it names one."""
    society = _NATIONAL_SOCIETY.search(text)
    if society and (country(society.group(1)) or demonym(society.group(1))):
        return society.group(0)
    return None


@lru_cache(maxsize=65536)
def office(text: str) -> str | None:
    """A known office named anywhere in `text` (longest name first)."""
    if national_society(text):
        return None
    w, raw = _words(text), _words(text, lower=False)
    for name, side, exact in _offices_longest_first():
        hay = raw if exact else w
        if f" {name} " in hay or f" {name}'s " in hay:
            return side
    if re.search(r"\bU\.?N\.?(?![\w.])", text) or "united nations" in text.lower():
        return "United Nations"
    return None


def countries_in(text: str) -> list[str]:
    """Countries named in `text` by name or adjective, in order, skipping "former X"."""
    out: list[str] = []
    tokens = re.findall(r"[\w.\-]+(?:'s)?", text.replace("’", "'"))
    i = 0
    while i < len(tokens):
        hit = None
        for n in (3, 2, 1):
            phrase = " ".join(tokens[i:i + n])
            key = _key(phrase)
            # as written: the gazetteer takes an acronym ("US") only in capitals
            c = country(phrase) or demonym(phrase)
            if c and not (n == 1 and key in ("us",) and tokens[i] == "us"):
                hit = (c, n)
                break
        if hit:
            if not (i > 0 and tokens[i - 1].lower() in ("former", "ex", "ex-")):
                out.append(hit[0])
            i += hit[1]
        else:
            i += 1
    return out
