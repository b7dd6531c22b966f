"""Claim groups: records in any documents that state the same claim.

Same claim = same voice (the same claimant, or the same side: "Ukraine said 400,000" and
its ombudsperson's 402,000), the same figure within rounding (402,000 told as 400,000;
21 miles told as 35 kilometres), the same counted thing (people, children, kilometres...),
no two different places (a place inside another is no different place: "Donetsk" in
"Ukraine"), and dates no more than a month apart. Qualifiers do not split a
group: "One Million" in a headline and "more than one million" in the body are one claim.
A statement in the outlet's own voice joins only the same statement in its syndicated
copies. A group knows its first appearance, its outlets, and how many independent sources
carry it (syndicated copies count once), and the side it is shown under (ledger/sides.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from claimledger import lexicon
from claimledger.ledger.claimants import speaks_for_itself
from claimledger.ledger.entries import Entry, days_apart, fold, in_base_unit, unit_family
from claimledger.ledger.events import EVENTS, event_of
from claimledger.ledger.sides import Setting, group_side
from claimledger.ledger.sides import settings as doc_settings
from claimledger.lexicon import gazetteer

if TYPE_CHECKING:
    from claimledger.ledger.claimants import Claimant


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    members: tuple[int, ...]  # entry ids, first appearance first
    claimants: tuple[str, ...]  # claimant ids
    side: str | None  # the side it is shown under (sides.py); None: the outlet's own voice
    unit: str  # the unit family
    value: float | None  # the figure of the first appearance, in the base unit
    low: float | None
    high: float | None
    qualifier: str
    framing: str | None
    first_doc: str
    first_date: str | None
    outlets: tuple[str, ...]
    sources: int  # independent sources: syndication clusters count once
    place: str | None


def _rounded_alike(a: float, b: float, tolerance: float) -> bool:
    if a == b:
        return True
    big = max(abs(a), abs(b))
    if big == 0 or abs(a - b) / big > tolerance:
        return False
    return True


# How far a figure may be rounded to a round bound: 52,000 told as "more than 50,000"
_ROUNDED_DOWN = 0.10


def _round_bound(e: Entry, v: float) -> bool:
    """A figure told as a round bound ("more than 50,000", "fewer than 1,800", "about 70%"):
    two significant digits at most."""
    if e.qualifier not in ("at_least", "at_most", "approx") or v <= 0:
        return False
    digits = f"{v:.6g}".replace(".", "").rstrip("0").lstrip("0")
    return 0 < len(digits) <= 2


def _bound_holds(bound: Entry, vb: float, v: float) -> bool:
    """Whether `v` (another telling's figure) is what the round bound `bound` (vb) says."""
    if abs(v - vb) / max(abs(v), abs(vb)) > _ROUNDED_DOWN:
        return False
    return (bound.qualifier == "approx" or bound.qualifier == "at_least" and v >= vb
            or bound.qualifier == "at_most" and v <= vb)


def _figures_alike(a: Entry, b: Entry) -> bool:
    va, la, ha = in_base_unit(a)
    vb, lb, hb = in_base_unit(b)
    converted = (a.unit or "") != (b.unit or "")
    if va is not None and vb is not None:
        # a rounded restatement: 402,000 -> 400,000 (0.5%); units converted: 21 mi ~ 35 km
        if _rounded_alike(va, vb, 0.05 if converted else 0.02):
            return True
        # retold as a round bound: 24,500 as "over 24,000", 52,000 as "more than 50,000"
        return (_round_bound(a, va) and _bound_holds(a, va, vb)
                or _round_bound(b, vb) and _bound_holds(b, vb, va))
    if va is None and vb is None:
        if la == lb and ha == hb:
            return True
        # a vague count told vaguer: "several thousand" in the body, "thousands" in a headline
        return a.qualifier == b.qualifier == "vague" and None not in (la, lb, ha, hb) and (
            la <= lb and hb <= ha or lb <= la and ha <= hb)
    # "up to 1.6 million" summing up "between 900,000 and 1.6 million"
    point, span = (a, b) if va is not None else (b, a)
    v = in_base_unit(point)[0]
    lo, hi = in_base_unit(span)[1:]
    return point.qualifier == "at_most" and hi == v or point.qualifier == "at_least" and lo == v


def _voice(e: Entry, claimant_of: dict[int, str], claimant_side: dict[str, str | None]) -> str:
    """Who speaks: the side the claimant is known for across the corpus, else the side
    stated, else the claimant itself ("Ivan Fedorov" with and without "Ukraine's" is one
    voice; one spelling of a union leader given the union's side, another the country's,
    is one voice too)."""
    cid = claimant_of.get(e.id)
    if cid and claimant_side.get(cid):
        return claimant_side[cid]
    if e.affiliation and not (cid and speaks_for_itself(e.claimant, e.affiliation)):
        return e.affiliation
    # a body speaking for itself is its claimant, whatever the spelling of the two
    return (claimant_side.get(cid) if cid else None) or cid or ""


def claimant_sides(entries: list[Entry], claimant_of: dict[int, str]) -> dict[str, str]:
    """The side each claimant speaks for most often (ties broken by name)."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entries:
        if e.id in claimant_of and e.affiliation \
                and not speaks_for_itself(e.claimant, e.affiliation):
            seen[claimant_of[e.id]][e.affiliation] += 1
    return {c: max(n.items(), key=lambda kv: (kv[1], kv[0]))[0] for c, n in seen.items()}


def block_key(e: Entry, claimant_of: dict[int, str],
              claimant_side: dict[str, str | None]) -> tuple[str, str]:
    """Claims are only ever grouped within one (counted thing, voice) block."""
    return unit_family(e.unit), _voice(e, claimant_of, claimant_side)


def group_claims(entries: list[Entry], claimant_of: dict[int, str],
                 cluster_of: dict[str, str],
                 claimant_side: dict[str, str | None] | None = None,
                 claimants: dict[str, Claimant] | None = None,
                 where: dict[str, Setting] | None = None) -> list[Group]:
    """Groups over all entries; `cluster_of` maps a document to its syndication cluster,
    `claimant_side` a claimant id to the side it is known for (for grouping), `claimants`
    the ledger's claimants by id and `where` each document's Setting (for the side shown;
    from `entries` when not given)."""
    if claimant_side is None:
        claimant_side = claimant_sides(entries, claimant_of)
    if where is None:
        where = doc_settings(entries)
    entries = sorted(entries, key=lambda e: e.sort_key)
    parent = {e.id: e.id for e in entries}
    # what each component already holds: a group never mixes opposite framings or two
    # known events, even through a neutral restatement between them
    # (frozensets shared between claims: a set per claim took 40 MB at 90,000 claims)
    one: dict[str | None, frozenset[str]] = {None: frozenset()}
    framings = {e.id: one.setdefault(e.framing, frozenset({e.framing})) for e in entries}
    events = {e.id: one.setdefault(ev, frozenset({ev})) if (ev := _kin(e)) in EVENTS
              else one[None] for e in entries}
    # and never two places apart: "Ukraine" joins "Donetsk" and "Kharkiv", not both
    sites = sites_of(entries)
    places: dict[int, frozenset[Site]] = {
        e.id: frozenset({sites[e.id]}) if sites[e.id] and _stated(e) else frozenset()
        for e in entries}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # components found unable to join: what they hold only grows, so they never can, and
    # their claims need no comparing (many groups of one size and voice, apart by place)
    refused: set[tuple[int, int]] = set()

    def union(ra: int, rb: int) -> None:
        f, ev = framings[ra] | framings[rb], events[ra] | events[rb]
        if f == {"forced", "voluntary"} or len(ev) > 1 or (
                places[ra] != places[rb] and not _all_agree(places[ra], places[rb])):
            refused.update(((ra, rb), (rb, ra)))
            return
        parent[rb] = ra
        framings[ra], events[ra], places[ra] = f, ev, places[ra] | places[rb]

    blocks: dict[tuple, list[Entry]] = defaultdict(list)
    for e in entries:
        blocks[block_key(e, claimant_of, claimant_side)].append(e)
    for k in sorted(blocks):
        for a, b in _candidates(blocks[k]):
            # a pair already joined through others needs no comparing: the groups are the same
            ra, rb = find(a.id), find(b.id)
            if ra != rb and (ra, rb) not in refused \
                    and _same_claim(a, b, claimant_of, cluster_of, sites):
                union(ra, rb)
    members: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        members[find(e.id)].append(e)
    groups = [_group(ms, claimant_of, cluster_of, claimants, where)
              for ms in members.values()]
    groups.sort(key=lambda g: g.id)
    return groups


_WINDOW = 1.11  # the widest rounding _figures_alike accepts is 10% (to a round bound)
_CAP = 256  # claims with the very same vague bounds compared with their next 256 only


def _candidates(block: list[Entry]):
    """The pairs of a block worth comparing, in a fixed order, without comparing all pairs:
    figures sorted by size meet only their neighbours within rounding; vague counts and
    ranges meet those with the same or enclosing bounds, and the figures at their bounds.

    Among figures, pairs that `_same_claim` must refuse (dated over a month apart, two known
    events, opposite framings, figures beyond rounding) are sifted out with numpy first: a
    story told over two years has thousands of claims of one size by one voice, and
    comparing each pair in Python made grouping quadratic. The pairs kept are yielded in
    the same order as before, so unions happen in the same order and the groups are the
    same."""
    points = sorted((e for e in block if e.value is not None),
                    key=lambda e: (in_base_unit(e)[0], e.sort_key))
    yield from _point_pairs(points)
    values = [in_base_unit(e)[0] for e in points]
    spans = sorted((e for e in block if e.value is None),
                   key=lambda e: (in_base_unit(e)[1] or 0, in_base_unit(e)[2] or 0, e.sort_key))
    by_bounds: dict[tuple, list[Entry]] = defaultdict(list)
    for e in spans:
        by_bounds[in_base_unit(e)[1:]].append(e)
    keys = list(by_bounds)
    sieves = {k: _Sieve(by_bounds[k]) for k in keys}
    for x, kx in enumerate(keys):
        same, sieve = by_bounds[kx], sieves[kx]
        for i, a in enumerate(same):
            near = slice(i + 1, i + 1 + _CAP)
            for k in np.flatnonzero(sieve.keep(i, sieve, near)):
                yield a, same[i + 1 + int(k)]
        for ky in keys[x + 1:]:  # "several thousand" inside "thousands"
            (la, ha), (lb, hb) = kx, ky
            if None in (la, ha, lb, hb) or not (la <= lb and hb <= ha or lb <= la and ha <= hb):
                continue
            other = by_bounds[ky]
            for i, a in enumerate(same[:_CAP]):
                for k in np.flatnonzero(sieve.keep(i, sieves[ky], slice(0, _CAP))):
                    yield a, other[int(k)]
    at_value: dict[float, list[Entry]] = defaultdict(list)
    for e, v in zip(points, values, strict=True):
        at_value[v].append(e)
    for e in spans:  # "up to 1.6 million" summing up "between 900,000 and 1.6 million"
        _, lo, hi = in_base_unit(e)
        for bound in {lo, hi} - {None}:
            for p in at_value.get(bound, ()):
                yield p, e


_STEP = 256  # how far the end of a figure's rounding window is looked for at a time


def _point_pairs(points: list[Entry]):
    """(a, b) for figures a before b in `points` (sorted by size) within rounding of each
    other and not refused outright by date, event or framing; see `_candidates`."""
    n = len(points)
    if n < 2:
        return
    values = np.array([in_base_unit(e)[0] for e in points], dtype=np.float64)
    units = _codes([e.unit or "" for e in points])
    bounds = np.array([_round_bound(e, v) for e, v in zip(points, values, strict=True)],
                      dtype=bool)
    sieve = _Sieve(points)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(n - 1):
            va = values[i]
            end = i + 1  # the first figure beyond the window, as the sorted sweep finds it
            while end < n:
                vb = values[end:end + _STEP]
                beyond = vb - va > (_WINDOW - 1) * np.maximum(abs(va), np.abs(vb))
                if beyond.any():
                    end += int(beyond.argmax())
                    break
                end += len(vb)
            if end == i + 1:
                continue
            j = slice(i + 1, end)
            vb = values[j]
            # _figures_alike: within 2%, 5% when units were converted, 10% to a round bound
            # (a hair wider here: this only sifts, _same_claim decides)
            tol = np.where(bounds[j] | bounds[i], _ROUNDED_DOWN,
                           np.where(units[j] == units[i], 0.02, 0.05)) + 1e-9
            big = np.maximum(abs(va), np.abs(vb))
            ok = (vb == va) | ((big != 0) & (np.abs(va - vb) / big <= tol))
            ok &= sieve.keep(i, sieve, j)
            a = points[i]
            for k in np.flatnonzero(ok):
                yield a, points[i + 1 + int(k)]


# classes one voice's one figure may be told as ("320 missing", "320 feared drowned"): for
# grouping, each stands for the first of its kin
_KIN = {ev: min(pair) for pair in lexicon.restatements() for ev in pair}


def _kin(e: Entry) -> str | None:
    ev = event_of(e)
    return _KIN.get(ev, ev)


class _Sieve:
    """What `_same_claim` refuses whatever the figures, as arrays over a list of claims:
    dates over a month apart, two known events, opposite framings."""

    def __init__(self, entries: list[Entry]) -> None:
        self.day = np.array([_ordinal(e.when) for e in entries], dtype=np.int64)  # -1: none
        self.event = _codes([ev if (ev := _kin(e)) in EVENTS else None for e in entries])
        self.forced = np.array([e.framing == "forced" for e in entries], dtype=bool)
        self.voluntary = np.array([e.framing == "voluntary" for e in entries], dtype=bool)

    def keep(self, i: int, other: _Sieve, j: slice) -> np.ndarray:
        """For claim i of this list, which claims j of `other` may be the same claim."""
        day, event = other.day[j], other.event[j]
        ok = (self.day[i] < 0) | (day < 0) | (np.abs(day - self.day[i]) <= 31)
        ok &= (self.event[i] < 0) | (event < 0) | (event == self.event[i])
        if self.forced[i]:
            ok &= ~other.voluntary[j]
        elif self.voluntary[i]:
            ok &= ~other.forced[j]
        return ok


def _ordinal(day: str | None) -> int:
    try:
        return Date.fromisoformat(day).toordinal() if day else -1
    except ValueError:
        return -1  # days_apart cannot tell either: such a date refuses nothing


def _codes(labels: list) -> np.ndarray:
    """Small integers standing for labels (-1 for None), for comparing in numpy."""
    index: dict = {}
    return np.array([-1 if x is None else index.setdefault(x, len(index)) for x in labels],
                    dtype=np.int64)


Site = tuple[str, gazetteer.Place | None, str | None]  # folded name, place, its story's country


@lru_cache(maxsize=1 << 14)
def _place(name: str) -> gazetteer.Place | None:
    return gazetteer.place(name)


def places_agree(a: Site | None, b: Site | None) -> bool:
    """Whether two claims' places can be one claim's: the same, or one inside the other."""
    return a is None or b is None or _sites_agree(a, b)


def sites_of(entries: list[Entry]) -> dict[int, Site | None]:
    """Each claim's place, as the gazetteer knows it, with the one country its document's
    known places lie in (a village the gazetteer lacks lies in the country its story is
    set in)."""
    countries: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.place and (p := _place(e.place)):
            countries[e.doc].add(p.country)
    home = {d: next(iter(c)) for d, c in countries.items() if len(c) == 1}
    return {e.id: (fold(e.place), _place(e.place), home.get(e.doc)) if e.place else None
            for e in entries}


@lru_cache(maxsize=1 << 16)  # the same components meet again for every pair across them
def _all_agree(a: frozenset[Site], b: frozenset[Site]) -> bool:
    return all(_sites_agree(x, y) for x in a for y in b)


@lru_cache(maxsize=1 << 16)
def _sites_agree(a: Site, b: Site) -> bool:
    """Whether two places can be where one claim is: the same, or one inside the other."""
    (na, pa, ha), (nb, pb, hb) = a, b
    if na == nb or na in nb or nb in na:  # "Donetsk" and "Donetsk Oblast"
        return True
    if pa and pb:
        return gazetteer.contains(pa, pb) or gazetteer.contains(pb, pa)
    if not pa and not pb:
        # two names the gazetteer lacks ("Port Aldren", "Liberty Square"): nothing says
        # they are apart, and one voice's one figure of one thing is one claim
        return True
    # a site the gazetteer lacks, against a country: inside it if its own story is set there
    if pa and pa.kind == "country" and not pb:
        return hb == pa.country
    if pb and pb.kind == "country" and not pa:
        return ha == pb.country
    return False


def _stated(e: Entry) -> bool:
    """Whether the claim's place is its own: its sentence names it (not the story's place
    given to a sentence that names none: two copies of one claim set in two datelines'
    cities are one), or there is no sentence to tell."""
    return bool(e.place) and (not e.quote or e.place in e.quote)


def _same_claim(a: Entry, b: Entry, claimant_of: dict[int, str],
                cluster_of: dict[str, str], sites: dict[int, Site | None] | None = None) -> bool:
    if not _figures_alike(a, b):
        return False
    if {a.framing, b.framing} == {"forced", "voluntary"}:
        return False
    ea, eb = _kin(a), _kin(b)
    if ea in EVENTS and eb in EVENTS and ea != eb:
        return False  # thousands deported, thousands died: two claims
    if not a.claimant or not b.claimant:
        # the outlet's own voice: only its own words, or a syndicated copy of them
        if a.claimant or b.claimant:
            return False
        same_story = a.doc == b.doc or cluster_of.get(a.doc, a.doc) == cluster_of.get(b.doc,
                                                                                        b.doc)
        if not same_story:
            return False
    if a.place and b.place and _stated(a) and _stated(b):
        sa, sb = (sites[a.id], sites[b.id]) if sites else (sites_of([a])[a.id], sites_of([b])[b.id])
        if not _sites_agree(sa, sb):
            return False
    gap = days_apart(a.when, b.when)
    return gap is None or gap <= 31


def _group(ms: list[Entry], claimant_of: dict[int, str], cluster_of: dict[str, str],
           claimants: dict[str, Claimant] | None = None,
           where: dict[str, Setting] | None = None) -> Group:
    ms.sort(key=lambda e: e.sort_key)
    first = ms[0]
    v, lo, hi = in_base_unit(first)
    key = f"{first.doc}|{first.position}"
    gid = "g-" + hashlib.sha1(key.encode()).hexdigest()[:10]
    framings = [e.framing for e in ms if e.framing]
    outlets = sorted({e.outlet or e.doc for e in ms})
    sources = len({cluster_of.get(e.doc, e.doc) for e in ms})
    places = [e.place for e in ms if e.place]
    return Group(
        id=gid, members=tuple(e.id for e in ms),
        claimants=tuple(sorted({claimant_of[e.id] for e in ms if e.id in claimant_of})),
        side=group_side(ms, claimant_of, claimants, where),
        unit=unit_family(first.unit), value=v, low=lo, high=hi, qualifier=first.qualifier,
        framing=max(set(framings), key=framings.count) if framings else None,
        first_doc=first.doc, first_date=next((e.when for e in ms if e.when), None),
        outlets=tuple(outlets), sources=sources, place=places[0] if places else None)
