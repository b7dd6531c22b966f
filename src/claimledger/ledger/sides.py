"""The side a claim group is shown under: decided here, and nowhere else.

Every surface (the CLI's `timeline`, the report, the web pages, the exports that carry a
side) shows `Group.side`, which `side_of` decides for the group's speaker, in this order:

(a) an international body or an NGO is its own side, never a country's: named in the
    claimant's name, role or affiliation (lexicon/data/international_bodies.txt, and the
    affiliations table's offices whose side is one: "UNHCR" -> United Nations), marked by
    an NGO word (ngo_words.txt: "observatory", "volunteer organization"), or named by its
    head noun in a role when the document quotes that body ("the court's chief
    prosecutor" beside the International Criminal Court);
(b) a country: a body the claim speaks for that names one ("Russia's National Defence
    Management Centre" -> Russia), else a body whose own name names a country, a city or
    a region ("the city council of Mariupol" -> Ukraine, whatever country extraction
    guessed), else a local office naming no place ("city officials", "the police") takes
    the country its document's local bodies or places lie in, else the country stated
    (for a person who states none, a country its role names: "Belgian envoy");
(c) a party to a domestic dispute with no country known (party_words.txt): "police",
    "organisers", a union or the opposition by its name, "government";
(d) else the affiliation stated, else the claimant's own name.

So a named claimant always has a side, and it is never an internal id; None is only the
outlet's own voice (no claimant), shown as `OWN_COUNT`. Extraction's `affiliation` field is
left as it is: this decides only what the ledger shows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from claimledger import lexicon
from claimledger.ledger.entries import Entry, fold
from claimledger.lexicon import gazetteer
from claimledger.lexicon import sides as aff

if TYPE_CHECKING:
    from claimledger.ledger.claimants import Claimant

OWN_COUNT = "the outlet's own count"  # the side of a figure the outlet states in its voice


@dataclass(frozen=True, slots=True)
class Setting:
    """What a document says about where its speakers stand."""

    country: str | None = None  # the one country its local bodies, else its places, are in
    bodies: tuple[tuple[str, str], ...] = ()  # (name, side) of international bodies quoted


NOWHERE = Setting()


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who states a group's figure: the claimant as the ledger names it, its role, and the
    side its claim states (extraction's affiliation)."""

    name: str | None  # None: the outlet's own voice
    affiliation: str | None = None
    role: str | None = None
    kind: str | None = None  # "person" | "body", as the ledger's claimants say; None: unknown


def side_of(s: Speaker, where: Setting = NOWHERE) -> str | None:
    """The side `s` is shown under (see the module's docstring for the order)."""
    return _side_of(s, where)


def group_side(members: list[Entry], claimant_of: dict[int, str],
               claimants: dict[str, Claimant] | None = None,
               where: dict[str, Setting] | None = None) -> str | None:
    """The side of a group of `members` (first appearance first). Its speaker is the
    first member with a claimant stating a side, else the first with a claimant, under the
    ledger's name for that claimant (so all its groups read one name); None when the
    outlet states it in its own voice."""
    named = [e for e in members if e.claimant]
    if not named:
        return None
    e = next((m for m in named if m.affiliation), named[0])
    known = (claimants or {}).get(claimant_of.get(e.id, ""))
    speaker = Speaker(known.name if known else e.claimant, e.affiliation,
                      e.role or (known.role if known else None), known.kind if known else None)
    return side_of(speaker, (where or {}).get(e.doc, NOWHERE))


@lru_cache(maxsize=1 << 15)  # one call per group; the same speakers recur across groups
def _side_of(s: Speaker, where: Setting) -> str | None:
    if not s.name:
        return None
    name, role, stated = s.name.strip(), s.role or "", s.affiliation or ""
    body = _is_body(name, s.kind, stated)
    # (a) international bodies and NGOs speak for themselves
    side = (international(name) if body else None) or international(role) \
        or international(stated) or _quoted_body(role, where) or _ngo(name, role, body)
    if side:
        return side
    itself = not stated or fold(stated) == fold(name)
    stated_country = None if itself else _country_named(stated)
    # (b) a body the claim speaks for, other than a country: its country, else itself
    if stated and not itself and not stated_country:
        return _country_in(stated) or stated
    if body and (home := _country_in(name)):
        return home
    if _local(name, role, body):
        # a person's role may name the place it serves ("governor of Kherson")
        home = (None if body else _country_in(role)) or where.country
        if home:
            return home
    if stated_country:
        return stated_country
    if not body and role and (home := _first(aff.countries_in(role))):
        return home
    # (c) a party to a domestic dispute, no country known
    party = _party(name, role, body)
    if party:
        return party
    # (d) itself: a body speaking for itself, or anyone no more is known of
    return name


@lru_cache(maxsize=1 << 15)  # asked of every claimant of every document
def international(text: str | None) -> str | None:
    """The international body or NGO `text` names, as its side, else None: a body listed by
    name first (the leftmost), then an office of one ("high commissioner")."""
    if not text:
        return None
    society = aff.national_society(text)
    if society:
        return society  # "the Peruvian Red Cross" speaks for itself, not for the ICRC
    hits = [(i, -len(key), side) for key, side, exact in _bodies()
            if (i := _find(text, key, exact)) >= 0]
    if hits:
        return min(hits)[2]
    side = aff.office(text)
    return side if side in _international_sides() else None


def _quoted_body(role: str, where: Setting) -> str | None:
    """ "the court's chief prosecutor": the quoted international body whose name has the
    noun ("International Criminal Court"); a role names its body so once it named it."""
    for noun in re.findall(r"\b([a-z]+)['’]s\b", role.replace("’", "'")):
        for name, side in where.bodies:
            if noun in fold(name).split():
                return side
    return None


def _ngo(name: str, role: str, body: bool) -> str | None:
    """A body an NGO word marks, in its name or its role, goes by its own name."""
    words = _ngo_words()
    if body and (_has_word(name, words) or _has_word(role, words)):
        return _bare(name)
    return None


def _party(name: str, role: str, body: bool) -> str | None:
    for text in ((name, role) if body else (role,)):
        for word, label in _parties():
            if _has_word(text, {word}):
                if label:
                    return label
                # "SNES-FSU" (a union), "the Shiite opposition": a named party, its name
                return _bare(name) if body and fold(_bare(name)) != word else word
    return None


def _local(name: str, role: str, body: bool) -> bool:
    """A local office naming no place of its own ("city officials", "the police")."""
    words = lexicon.words("local_government_words")
    return _has_word(name, words) if body else _has_word(role, words)


def _is_body(name: str, kind: str | None, stated: str) -> bool:
    if kind:
        return kind == "body"
    # no ledger record: a body by its words, its side its own name, or a country's name
    return bool(_has_word(name, _body_words()) or fold(stated) == fold(name)
                or _country_named(name))


def _country_named(text: str) -> str | None:
    """The country `text` is by name, adjective, capital or known office ("the Kremlin")."""
    key = text.strip()
    return aff.country(key) or aff.demonym(key) or aff.capital(key) or _office_country(key) \
        or aff.state_outlet(key)


@lru_cache(maxsize=1 << 14)
def _country_in(text: str) -> str | None:
    """The country a body's name names: a country or nationality ("Russia's ...", "the
    Ukrainian ..."), a known office ("State Department"), else a city or region the
    gazetteer knows ("Mariupol's city council", "Tigray's")."""
    home = _first(aff.countries_in(text)) or _country_named(text)
    if home:
        return home
    for phrase in _capitalised(text):
        if aff.office(phrase):  # a known body, not a place ("Hamas" is no German town)
            continue
        if " " not in phrase and (gazetteer.is_english_word(phrase)
                                  or phrase.lower() in _body_words()):
            continue  # "Central" of a Central Election Commission is no region of Uganda
        place = _place(phrase)
        if place:
            return place.country
    return None


def _office_country(text: str) -> str | None:
    side = aff.office(text)
    return side if side and aff.country(side) and side not in _international_sides() \
        else None


def _capitalised(text: str) -> list[str]:
    """Runs of capitalised words and their parts, longest first: the candidate places of
    a name ("Kharkiv Regional Military Administration" -> ..., "Kharkiv")."""
    out: list[str] = []
    for run in re.findall(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*", text):
        words = [re.sub(r"['’]s$", "", w) for w in run.split()]
        for n in range(min(len(words), 3), 0, -1):
            out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def _bare(name: str) -> str:
    """A name without its leading article: "the Pensioners' Front" -> "Pensioners' Front"."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


@lru_cache(maxsize=1 << 15)
def _words_of(text: str) -> str:
    return " " + " ".join(re.sub(r"[^\w.\-']+", " ", text.replace("’", "'")).split()) + " "


def _find(text: str, key: str, exact: bool) -> int:
    """Where `key` is in `text` as whole words (an acronym only in capitals), else -1."""
    hay = _words_of(text) if exact else _words_of(text).lower()
    m = re.search(r"(?<= )" + re.escape(key if exact else key.lower()) + r"(?='s | )", hay)
    return m.start() if m else -1


def _has_word(text: str, words: Iterable[str]) -> bool:
    hay = _words_of(text).lower()
    return any(f" {w} " in hay or f" {w}'s " in hay for w in words)


@cache
def _bodies() -> tuple[tuple[str, str, bool], ...]:
    """(name, side, matched as written) of lexicon/data/international_bodies.txt."""
    out = []
    for entry in lexicon.words("international_bodies"):
        key, _, side = (x.strip() for x in entry.partition("="))
        out.append((key, side or key, key.replace(".", "").isupper()))
    return tuple(sorted(out))


@cache
def _international_sides() -> frozenset[str]:
    return frozenset(side for _, side, _ in _bodies())


@cache
def _ngo_words() -> frozenset[str]:
    return lexicon.words("ngo_words")


@cache
def _body_words() -> frozenset[str]:
    return lexicon.words("organisation_words") | lexicon.words("government_words") \
        | lexicon.words("local_government_words")


@cache
def _parties() -> tuple[tuple[str, str | None], ...]:
    """(word, side or None for "its own name") of lexicon/data/party_words.txt."""
    rows = []
    for entry in lexicon.words("party_words"):
        word, _, label = (x.strip() for x in entry.partition("="))
        rows.append((word, label or None))
    return tuple(sorted(rows))


# -- what a document says --------------------------------------------------------------------

def settings(entries: Iterable[Entry]) -> dict[str, Setting]:
    """Each document's Setting, from its own claims only (so a document's claims all read
    it alike, whichever of them are grouped anew): the country its local bodies that name
    their place lie in when they agree ("the city council of Mariupol" for "city
    officials"), else the one country its places lie in; and the international bodies it
    quotes (for "the court's chief prosecutor")."""
    local: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    bodies: dict[str, set[tuple[str, str]]] = defaultdict(set)
    docs: set[str] = set()
    words = lexicon.words("local_government_words")
    for e in entries:
        docs.add(e.doc)
        if e.place and (p := _place(e.place)):
            places[e.doc].add(p.country)
        if not e.claimant:
            continue
        if _has_word(e.claimant, words) and (home := _country_in(e.claimant)):
            local[e.doc].add(home)
        if side := international(e.claimant) or international(e.affiliation):
            bodies[e.doc].add((e.claimant, side))
    out = {}
    for d in docs:
        homes = local[d] if len(local[d]) == 1 else places[d]
        country = next(iter(homes)) if len(homes) == 1 else None
        out[d] = Setting(country, tuple(sorted(bodies[d])))
    return out


@lru_cache(maxsize=1 << 14)
def _place(name: str) -> gazetteer.Place | None:
    return gazetteer.place(name)


# -- showing it ------------------------------------------------------------------------------

def shown(side: str | None, claimant: str | None = None) -> str:
    """A side as every page shows it: a group stored before sides were always decided
    falls back to its claimant's name; only the outlet's own voice is `OWN_COUNT`."""
    return side or claimant or OWN_COUNT


def shown_claimant_sides(groups: Iterable[tuple[Iterable[str], str | None]]) -> dict[str, str]:
    """The side each claimant is shown under, from (claimant ids, side) of its groups: the
    side most of its groups have (ties broken by name), so a claimants list agrees with the
    timelines."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for claimants, side in groups:
        for c in claimants:
            if side:
                seen[c][side] += 1
    return {c: max(n.items(), key=lambda kv: (kv[1], kv[0]))[0] for c, n in seen.items()}
