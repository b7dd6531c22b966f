"""Affiliation: the country or organisation a claimant speaks for.

Decided from, in order: the claimant itself when it is a country, capital or known office
("the Kremlin"); the organisation its role names ("secretary-general of the Norwegian
Refugee Council", "the African Union's chief negotiator"); a country in its role
("Ukraine's ombudsperson", "Deputy Prime Minister of Ukraine"); a nationality adjective
("Russian Colonel General", not "former Australian prime minister"); a known office in its
role ("White House spokesman"). The tables live in data/affiliations.json, editable.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def tables() -> dict:
    with resources.files("claimledger").joinpath("data/affiliations.json").open(
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


_OF_ORG = re.compile(
    r"(?:\bof|\bfor|\bat)\s+(?:the\s+)?((?:[A-Z][\w.\-']*|of|for|and|the)(?:\s+(?:[A-Z][\w.\-']*"
    r"|of|for|and|the))*)")
_POSS_ORG = re.compile(r"((?:[A-Z][\w.\-]*\s+){0,4}[A-Z][\w.\-]*)['’]s\b")


_PROPER_RUN = re.compile(r"(?:[A-Z][\w.\-']*)(?:\s+(?:of|for|and|the|[A-Z][\w.\-']*))*"
                         r"(?<![ ]of)(?<![ ]for)(?<![ ]and)(?<![ ]the)")


def from_role(role: str | None) -> str | None:
    """The side a role speaks for: the organisation or country it names, the last one
    first ("head of the Russian private army Wagner" -> Wagner)."""
    if not role:
        return None
    for pattern in (_OF_ORG, _POSS_ORG):
        for m in pattern.finditer(role):
            tail = role[m.start(1):]
            runs = [r.group() for r in _PROPER_RUN.finditer(tail[: len(m.group(1)) + 60])]
            for name in reversed(runs) if pattern is _OF_ORG else runs[:1]:
                name = re.sub(r"\s+(?:of|for|and|the)$", "", name.strip())
                if not name or demonym(name) or name.lower() in ("the", "former"):
                    continue
                return country(name) or capital(name) or office(name) or name
    o = office(role)
    if o:
        return o
    cs = countries_in(role)
    return cs[0] if cs else None


GOVERNMENT_WORDS = {
    "president", "minister", "ministry", "government", "council", "office", "agency",
    "department", "service", "services", "police", "army", "military", "forces", "guard",
    "commission", "authority", "authorities", "administration", "parliament", "court",
    "ombudsman", "ombudsperson", "prosecutor", "officials", "official", "presidency",
    "embassy", "governor", "mayor", "spokesman", "spokeswoman", "spokesperson", "envoy",
    "ambassador", "general", "colonel", "commander", "intelligence", "navy", "kremlin",
    "cabinet", "deputy", "secretary", "chief", "head", "center", "centre", "committee",
}


def is_government(*texts: str | None) -> bool:
    """Whether a name or role reads as a state office (its side is the country's)."""
    words = set(re.findall(r"[a-z]+", " ".join(t or "" for t in texts).lower()))
    return bool(words & GOVERNMENT_WORDS)


def affiliation_of(name: str | None, role: str | None) -> str | None:
    """The side a claimant speaks for, from its name and role; None when unknown."""
    if not name:
        return None
    if is_outlet(name):
        return None
    c = country(name) or capital(name)
    if c:
        return c
    o = office(name)
    if o:
        return o
    r = from_role(role)
    if r:
        return r
    cs = countries_in(name)
    return cs[0] if cs else None
