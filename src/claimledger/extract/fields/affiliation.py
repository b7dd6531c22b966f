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
from claimledger.lexicon.sides import (
    capital,
    countries_in,
    country,
    demonym,
    is_outlet,
    national_society,
    office,
    outlet_named,
    state_outlet,
)

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
            runs, where = [], []
            for r in _PROPER_RUN.finditer(tail[: len(m.group(1)) + 60]):
                # a place the role is in: "a member of the X in Ayadaw" speaks for X, "the
                # harbour authority in Gdansk" for Gdansk's country
                if tail[:r.start()].rstrip().endswith("(") and runs:
                    continue  # "(INGD)": the acronym of the name before it
                located = re.search(r"\bin\s+(?:the\s+)?$", tail[:r.start()])
                (where if located else runs).append(r.group())
            for name in reversed(runs) if pattern is _OF_ORG else runs[:1]:
                name = re.sub(r"\s+(?:of|for|and|the)$", "", name.strip())
                if not name or demonym(name) or name.lower() in ("the", "former"):
                    continue
                side = country(name) or capital(name) or office(name) or _city_side(name)
                if not side and where and is_government(name):
                    side = _place_side(where[0])
                if not side and _OFFICE_OF.search(role[: m.start(1)]):
                    side = _place_side(name)  # "governor of Sofala": a region's officer
                return side or name
            for name in where:
                side = _place_side(name)
                if side:
                    return side
    o = office(role)
    if o:
        return o
    cs = countries_in(role)
    if cs:
        return cs[0]
    named = _NAME_BEFORE_ROLE.match(role)  # "Viasna spokeswoman": Viasna's
    name = named.group(1).strip() if named else None
    if name and " " not in name and (gazetteer.is_english_word(name.lower())
                                     or name.lower() in _POSSESSIVES
                                     or name.lower() in GOVERNMENT_WORDS):
        return None  # "Its spokesman", "Presidential spokesman": a word, not a body's name
    return name if name and not demonym(name) else None


# one person's office over a place ("the governor of", "mayor of"), not a body's
_OFFICE_OF = re.compile(r"\b(?:governor|mayor|prefect|administrator|deputy governor)\s+of\s+"
                        r"(?:the\s+)?$", re.I)


_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my", "your"})
# a body's name before its officer's title: "Viasna spokeswoman", "Sea Lantern director"
_NAME_BEFORE_ROLE = re.compile(r"^(?:the\s+)?((?:[A-Z][\w.\-'’]*\s+){1,4})"
                               r"(?:spokes(?:man|woman|person)|director|coordinator|chairman|"
                               r"chairwoman|president|head)$")


def _city_side(name: str) -> str | None:
    """ "the mayor of Irpin": an office of a city speaks for its country (a region may be
    a side of its own: "the Tigray interim administration")."""
    p = gazetteer.place(name)
    return p.country if p is not None and p.kind == "city" else None


GOVERNMENT_WORDS = lexicon.words("government_words")


def is_government(*texts: str | None) -> bool:
    """Whether a name or role reads as a state office (its side is the country's)."""
    words = set(re.findall(r"[a-z]+", " ".join(t or "" for t in texts).lower()))
    return bool(words & GOVERNMENT_WORDS)


def affiliation_of(name: str | None, role: str | None) -> str | None:
    """The side a claimant speaks for, from its name and role; None when unknown."""
    if not name:
        return None
    if state_outlet(name):
        return state_outlet(name)  # "according to TASS": a state's agency speaks for it
    if outlet_named(name):
        return None
    c = country(name) or capital(name)
    if c:
        return c
    society = national_society(name)
    if society:
        return society  # "the Peruvian Red Cross": neither Peru nor the ICRC
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
    if state_outlet(claimant):
        return state_outlet(claimant)
    if who.kind == "outlet" or outlet_named(claimant):
        return None
    if who.side:  # the passage said whom the claimant speaks for (fields/claimant.py)
        return who.side
    if who.kind == "country":
        return claimant
    role = who.role
    if role is None and who.kind == "person":
        role = ctx.reg.role_of(claimant)  # "Ramaphosa's claim": the role named before
    if role and role.split()[0].lower() in _POSSESSIVES:
        owner = _possessor_before(ctx, s)  # "The government's account ... . Its spokesman"
        if owner:
            return owner
    movement = _movement_side(ctx, s, claimant, role)
    if movement:
        return movement
    if who.kind == "person" and role and _names_a_body(role):
        return claimant  # "Sea Lantern, the charity, said": a body described, speaking for itself
    side = affiliation_of(claimant, role) or _body_of_role(ctx, s, who, role)
    if side and not (country(side) or office(side)):
        body = ctx.reg.fullest_body(side)  # "the Front's convenor" -> Civil Human Rights Front
        side = _from_body(names.display_name(body.name)) if body else side
        if _national_office(side):
            return _story_side(ctx) or ctx.side or side
        if is_government(side) and countries_in(side):
            return countries_in(side)[0]  # "Burkina Faso's government": the state's side
        return side
    if side:
        return _as_un_agency(ctx, side)
    if who.kind == "body" and _national_office(claimant):
        home = _story_side(ctx) or ctx.side
        if home:
            return home  # "the National Institute for Disaster Risk Management": the state's
    if who.kind == "body" and not is_government(claimant):
        return claimant
    if is_government(claimant, role):
        return _place_side(claimant, role) or _local_side(ctx, claimant, role) \
            or _sentence_side(ctx, s, claimant) or _story_side(ctx) or ctx.side \
            or _named_most(ctx)
    return None


_ORGANISATION_WORDS = lexicon.words("organisation_words")
_GROUP_HEADS = "|".join(sorted(lexicon.words("group_heads")))


# bodies of members, which a "National" in their name does not make the state's
_MEMBERSHIPS = frozenset({"union", "unions", "party", "front", "movement", "coalition",
                          "alliance", "league", "federation", "association", "confederation",
                          "council", "congress", "committee", "society", "trust", "foundation"})


def _national_office(name: str) -> bool:
    """ "National Institute of Meteorology", "National Disaster Management Authority": a
    state's national office, not a union or a party named "National"."""
    words = re.findall(r"[a-z]+", name.lower())
    return bool(re.match(r"(?:the\s+)?National\s+[A-Z]", name)) \
        and bool(set(words) & _ORGANISATION_WORDS) and not set(words) & _MEMBERSHIPS


_NGO_WORDS = lexicon.words("ngo_words")


def _names_a_body(role: str) -> bool:
    """Whether an apposition describes a body, not a person's office: "the charity", "an
    independent monitoring group", "a Belgrade-based group that counts crowds"."""
    head = re.split(r"\s+(?:that|which|who|whose|of|for|in|from|at|with|based)\b",
                    role.lower())[0].strip()
    words = re.findall(r"[a-z\-]+", head)
    if not words or words[-1] in GOVERNMENT_WORDS:
        return False
    return words[-1] in _ORGANISATION_WORDS or words[-1] in _NGO_WORDS \
        or " ".join(words[-2:]) in _NGO_WORDS


def _body_of_role(ctx: DocContext, s: Sentence, who: Resolved, role: str | None) -> str | None:
    """A person whose role names a body by its kind ("coalition spokesman Luka Kovac",
    "the union's president") speaks for the body of that kind the document named last."""
    if who.kind != "person" or not role:
        return None
    for w in re.findall(r"[a-z]+", role.lower()):
        if w in _ORGANISATION_WORDS and w not in GOVERNMENT_WORDS:
            body = ctx.reg.latest_body_with(w, s.index)
            if body is not None and body.name.lower() != w and any(
                    c[:1].isupper() for c in body.name.split()):
                return _from_body(body.name)
    return None


def _from_body(name: str) -> str:
    """ "Organisers from the Clean Valley coalition" speak for the body they are from."""
    return re.sub(rf"^(?:{_GROUP_HEADS})\s+(?:from|of|at)\s+(?:the\s+)?", "", name,
                  flags=re.I)


_UN_AGENCY = re.compile(r"\b(?:U\.N\.|UN|United Nations)(?:'s)?\s+([a-z]+)\s+agency\b")


def _as_un_agency(ctx: DocContext, side: str) -> str:
    """A body the document calls a United Nations agency ("the U.N. migration agency" for
    the International Organization for Migration) speaks for the United Nations; a
    related body the document does not tie to it speaks for itself."""
    if country(side):
        return side
    first = ctx.sents[0].extra if ctx.sents else {}
    if "un agencies" not in first:
        first["un agencies"] = {m.group(1) for s in ctx.sents for m in _UN_AGENCY.finditer(s.text)}
    low = side.lower()
    return "United Nations" if any(w in low for w in first["un agencies"]) else side


def _possessor_before(ctx: DocContext, s: Sentence) -> str | None:
    """Whom "its"/"their" in a role points back to: a state named by a government word in
    the sentence before, in the same paragraph ("The government's account is very
    different. Its spokesman, X, has said ...")."""
    if not s.index or ctx.sents[s.index - 1].block != s.block:
        return None
    before = ctx.sents[s.index - 1].text
    if not is_government(before):
        return None
    named = countries_in(before)
    if named:
        return named[0]
    named_anywhere = Counter(c for t in ctx.sents for c in countries_in(t.text))
    for side in (_story_side(ctx), _named_most(ctx),
                 *(c for c, _ in named_anywhere.most_common())):
        if side and (p := gazetteer.place(side)) is not None and p.kind == "country":
            return side  # a state, not a union of them ("United Nations" has no government)
    return None


def _story_side(ctx: DocContext) -> str | None:
    """A state office with no country named serves the country the story is set in
    ("the minister said" in a story set in Lisbon)."""
    if not ctx.places.story:
        return None
    where = gazetteer.place(ctx.places.story)
    return where.country if where is not None else country(ctx.places.story)


def _named_most(ctx: DocContext) -> str | None:
    """With no story place and no speakers' side, the country the document names most as
    a place."""
    return country(ctx.places.country) if ctx.places.country else None


_ARMED = lexicon.words("armed_group_words")
_HELD = lexicon.words("rebel_held_phrases")
_FIGHTERS = re.compile(r"\b([A-Z][\w'’\-]+)\s+(?:" + "|".join(sorted(_ARMED)) + r")\b")


def _movement(ctx: DocContext) -> str | None:
    """The armed movement a document names ("the Houthi rebels", "Hamas militants"): a
    proper name before a fighters' word, no nation's, named at least twice in the
    document; the most named one."""
    def find() -> str | None:
        found: Counter[str] = Counter()
        for s in ctx.sents:
            for m in _FIGHTERS.finditer(s.text):
                w = m.group(1)
                if m.start(1) == 0 and gazetteer.is_english_word(w) or w.lower() in _ARMED \
                        or demonym(w) or country(w) or capital(w) or w.isupper() and len(w) < 2:
                    continue
                found[w] += 0
        if not found:
            return None
        text = " ".join(s.text for s in ctx.sents)
        for w in found:
            found[w] = len(re.findall(r"\b" + re.escape(w) + r"s?\b", text))
        name, n = found.most_common(1)[0]
        return name if n >= 2 else None
    if not ctx.sents:
        return None
    first = ctx.sents[0].extra  # asked per claim, found once per document
    if "armed movement" not in first:
        first["armed movement"] = find()
    return first["armed movement"]


def _movement_side(ctx: DocContext, s: Sentence, claimant: str, role: str | None) \
        -> str | None:
    """The movement a claimant speaks for: one named for it ("Houthi officials"), one of
    its fighters' words ("rebel media", "the rebels"), or a state body the sentence puts
    under it ("the health ministry, which is under rebel control")."""
    movement = _movement(ctx)
    if movement is None:
        return None
    text = f"{claimant} {role or ''}"
    words = set(re.findall(r"[\w'’\-]+", text))
    if movement in words or movement + "s" in words or {w.lower() for w in words} & _ARMED:
        return movement
    if is_government(claimant, role):
        low = s.text.lower()
        if any(p.replace("{m}", movement.lower()) in low for p in _HELD):
            return movement
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
            if a and country(a):
                return a  # a state's side: a body that speaks for itself lends no officials
    return None


def document_side(sents: list[Sentence], reg: names.Registry) -> str | None:
    """The country most of the document's speakers stand for, else the most named one."""
    sides: Counter[str] = Counter()
    for m in reg.mentions:
        if m.spoke and not is_outlet(m.name):  # a state's outlet is no speaker of the story
            a = affiliation_of(m.name, m.role)
            if a and country(a):
                sides[a] += 1
    if sides:
        return sides.most_common(1)[0][0]
    named: Counter[str] = Counter()
    for s in sents:
        named.update(countries_in(s.text))
    return named.most_common(1)[0][0] if named else None
