"""Names that map to a side: countries (and their aliases), demonyms, capitals, known
offices ("the Kremlin" -> Russia) and outlets, from lexicon/data/affiliations.json.

This is where a gazetteer answers "which country is this name"; extraction's affiliation
field and the ledger's claimant merging both ask here.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def tables() -> dict:
    with resources.files("claimledger.lexicon").joinpath("data/affiliations.json").open(
            encoding="utf-8") as f:
        return json.load(f)


_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"'s$")


@lru_cache(maxsize=65536)
def _key(s: str) -> str:
    s = s.replace("’", "'").lower().strip()
    s = _POSSESSIVE.sub("", _THE.sub("", s))
    return " ".join(s.split())


def country(name: str | None) -> str | None:
    """The canonical country for a country name, or None."""
    if not name:
        return None
    return tables()["countries"].get(_key(name))


def demonym(word: str) -> str | None:
    return tables()["demonyms"].get(_key(word))


def capital(name: str) -> str | None:
    return tables()["capitals"].get(_key(name))


def is_outlet(name: str | None) -> bool:
    return bool(name) and _key(name) in _outlets()


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    return frozenset(tables()["outlets"])


@lru_cache(maxsize=1)
def _offices_longest_first() -> list[tuple[str, str]]:
    return sorted(tables()["offices"].items(), key=lambda kv: len(kv[0]), reverse=True)


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w.\-' ]+", " ", text.replace("’", "'").lower()) + " "


@lru_cache(maxsize=65536)
def office(text: str) -> str | None:
    """A known office named anywhere in `text` (longest name first)."""
    w = _words(text)
    for name, side in _offices_longest_first():
        if f" {name} " in w or f" {name}'s " in w:
            return side
    if re.search(r"\bu\.?n\.?\b", text.lower()) or "united nations" in text.lower():
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
            c = country(key) or demonym(key)
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
