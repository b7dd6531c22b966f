"""Affiliation: the country or organisation a claimant speaks for.

Decided from, in order: the claimant itself when it is a country, capital or known office
("the Kremlin"); the organisation its role names ("secretary-general of the Norwegian
Refugee Council", "the African Union's chief negotiator"); a country in its role
("Ukraine's ombudsperson", "Deputy Prime Minister of Ukraine"); a nationality adjective
("Russian Colonel General", not "former Australian prime minister"); a known office in its
role ("White House spokesman"). Names that map to a side are lexicon.sides's.

For a claim (claim_affiliation): an outlet has none, a country is its own side, a
non-state body speaks for itself, a state office with no country named speaks for the
country of another speaker in its sentence, else for the document's side.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from claimledger import lexicon
from claimledger.extract import names
from claimledger.lexicon import gazetteer
from claimledger.lexicon.sides import capital, countries_in, country, demonym, is_outlet, office

if TYPE_CHECKING:
    from claimledger.extract.context import DocContext
    from claimledger.extract.names import Resolved
    from claimledger.extract.nlp import Sentence

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


GOVERNMENT_WORDS = lexicon.words("government_words")


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


def claim_affiliation(ctx: DocContext, s: Sentence, who: Resolved) -> str | None:
    """The side of a claim's resolved claimant `who`, in sentence `s`."""
    claimant = names.display_name(who.name)
    if who.kind == "outlet":
        return None
    if who.side:  # the passage said whom the claimant speaks for (fields/claimant.py)
        return who.side
    if who.kind == "country":
        return claimant
    side = affiliation_of(claimant, who.role)
    if side and not (country(side) or office(side)):
        body = ctx.reg.fullest_body(side)  # "the Front's convenor" -> Civil Human Rights Front
        return names.display_name(body.name) if body else side
    if side:
        return side
    if who.kind == "body" and not is_government(claimant):
        return claimant
    if is_government(claimant, who.role):
        return _place_side(claimant, who.role) or _local_side(ctx, claimant, who.role) \
            or _sentence_side(ctx, s, claimant) or ctx.side
    return None


_LOCAL_WORDS = lexicon.words("local_government_words")


def _place_side(*texts: str | None) -> str | None:
    """The country of a city or region a state body is named for: "the city council of
    Zhytomyr", "Kharkiv regional police" -> Ukraine."""
    for text in texts:
        for name in _PROPER_RUN.findall(text or ""):
            where = gazetteer.place(name)
            if where is not None and where.kind in ("city", "region"):
                return where.country
    return None


def _local_side(ctx: DocContext, *texts: str | None) -> str | None:
    """A local office with no place named ("the police", "the city council", "city
    officials") speaks for the country of the story's place."""
    words = set(re.findall(r"[a-z]+", " ".join(t or "" for t in texts).lower()))
    if not words & _LOCAL_WORDS or not ctx.places.story:
        return None
    where = gazetteer.place(ctx.places.story)
    return where.country if where is not None else None


def _sentence_side(ctx: DocContext, s: Sentence, claimant: str) -> str | None:
    """Another speaker's side in the same sentence ("Ukraine has claimed ..., with officials
    saying ...")."""
    for c in ctx.cues[s.index]:
        r = names.resolve(c.speaker, ctx.reg, s.index)
        if r.name and r.name != claimant:
            a = r.name if r.kind == "country" else affiliation_of(r.name, r.role)
            if a:
                return a
    return None


def document_side(sents: list[Sentence], reg: names.Registry) -> str | None:
    """The country most of the document's speakers stand for, else the most named one."""
    sides: Counter[str] = Counter()
    for m in reg.mentions:
        if m.spoke:
            a = affiliation_of(m.name, m.role)
            if a and country(a):
                sides[a] += 1
    if sides:
        return sides.most_common(1)[0][0]
    named: Counter[str] = Counter()
    for s in sents:
        named.update(countries_in(s.text))
    return named.most_common(1)[0][0] if named else None
