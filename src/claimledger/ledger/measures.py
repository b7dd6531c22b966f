"""Measures and conflicts: groups that count the same thing, and where they disagree.

A measure is a counted thing and what happened to it, whatever verb each side uses:
"deported" / "evacuated" / "relocated" / "taken" are all people *moved* (events.py); a
claim whose own words name no event takes the event its document is mostly about.

Within a measure two groups conflict when they speak of the same period (dates within two
weeks, or reported side by side in one document), the same place (or no place), and
either give figures that cannot both be true (their ranges do not meet: exact figures
within 2%, hedged ones within 10%, ranges and vague counts as written), or give the same
figure framed forced by one and voluntary by the other. A claimant who revises its own
figure conflicts with itself, unless the figure grew by a later day (a toll updated);
where two voices each give the count on several days, a figure is compared with the
other's of its own day; figures twenty times apart count different things.
The ledger records disagreement; it does not rule on who is right.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date as Date

from claimledger.ledger.entries import Entry, days_apart, fold
from claimledger.ledger.events import OCCASIONS, choose, event_of
from claimledger.ledger.explain import describe, weight
from claimledger.ledger.groups import Group, Site, places_agree, sites_of
from claimledger.ledger.scope import Scope, compatible, scopes


@dataclass(frozen=True)
class Measure:
    id: str
    name: str  # "people moved", "children returned", "percent voted"
    groups: tuple[str, ...]
    place: str | None  # where most of its claims are, when they say


@dataclass(frozen=True, slots=True)
class Conflict:
    a: str  # group ids, a < b
    b: str
    kind: str  # figure | framing | both
    measure: str  # the measure's name
    sentence: str = ""  # what differs, in plain words (explain.py)
    apart: float = 0.0  # how many times the nearer bounds differ, less one
    sources: int = 0  # independent sources behind the two groups
    weight: float = 0.0  # the rank: the gap times the sources


def measures_of(groups: list[Group], entries: dict[int, Entry]) -> list[Measure]:
    doc_event: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entries.values():
        ev = event_of(e)
        if ev and "|" not in ev:
            doc_event[e.doc][ev] += 1
    by_key: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for g in groups:
        first = entries[g.members[0]]
        events = Counter(choose(ev, doc_event[entries[m].doc]) for m in g.members
                         if (ev := event_of(entries[m])))
        event = events.most_common(1)[0][0] if events else None
        if event is None and doc_event[first.doc]:
            event = doc_event[first.doc].most_common(1)[0][0]
        by_key[(g.unit, event or "counted")].append(g)
    out = []
    taken: set[str] = set()
    for (unit, event), all_gs in sorted(by_key.items()):
        for day, gs in _occasions(all_gs, entries) if event in OCCASIONS else [(None, all_gs)]:
            places = Counter(g.place for g in gs if g.place)
            top = places.most_common(1)[0] if places else (None, 0)
            # a measure is somewhere only when most of its groups say so
            place = top[0] if top[1] * 2 > len(gs) else None
            name = f"{unit} {event}" + (f", {_day_name(day)}" if day else "") + (
                f", {place}" if day and place else "")
            out.append(Measure(_measure_id(name, taken), name, tuple(sorted(g.id for g in gs)),
                               place))
    return out


# Counts of an occasion (a march, a vote, a strike) more than this many days apart are of
# different occasions: a second march a fortnight later is not the first one retold.
_OCCASION_DAYS = 3


def _occasions(gs: list[Group], entries: dict[int, Entry]) -> list[tuple[str | None, list]]:
    """The groups of one occasion class, split by day: dated groups chained while each is
    within _OCCASION_DAYS of the one before; an undated group joins its document's
    occasion, else the undated ones stand together (a story of no known day is no day's)."""
    dated = sorted((g for g in gs if g.first_date), key=lambda g: (g.first_date, g.id))
    runs: list[tuple[str, list[Group]]] = []
    for g in dated:
        gap = days_apart(runs[-1][1][-1].first_date, g.first_date) if runs else None
        if runs and gap is not None and gap <= _OCCASION_DAYS:
            runs[-1][1].append(g)
        else:
            runs.append((g.first_date, [g]))
    if not runs:
        return [(None, list(gs))]
    run_of_doc = {entries[m].doc: k for k, (_, rs) in enumerate(runs) for g in rs
                  for m in g.members}
    loose: list[Group] = []
    for g in gs:
        if not g.first_date:
            k = run_of_doc.get(g.first_doc)
            (runs[k][1] if k is not None else loose).append(g)
    return runs + ([(None, loose)] if loose else [])


def _day_name(day: str) -> str:
    """ "2029-05-12" -> "12 May 2029" """
    d = Date.fromisoformat(day)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _measure_id(name: str, taken: set[str]) -> str:
    """A readable id in any script ("m-people-moved", "m-з-них-counted"), made unique."""
    mid = "m-" + (re.sub(r"[\W_]+", "-", name.lower()).strip("-") or "x")
    if mid in taken:
        mid += "-" + hashlib.sha1(name.encode()).hexdigest()[:6]
    taken.add(mid)
    return mid


def _interval(g: Group) -> tuple[float, float]:
    """What a group's figure allows. A bound is read as a speaker means it, not as logic
    would: "at least 10" is 10 or a little more (so it disputes 9, and "at least 9" disputes
    "nearly 30"), "up to 800,000" 800,000 or a little less; a vague count keeps only its
    floor ("hundreds" is not refuted by 2,000)."""
    if g.value is None:
        lo = g.low if g.low is not None else 0.0
        hi = g.high if g.high is not None and g.qualifier != "vague" else float("inf")
        return lo * 0.98, hi * 1.02
    v = g.value
    spread = {"exact": 0.02, "approx": 0.05}.get(g.qualifier, 0.10)
    if g.qualifier == "at_least":
        return v, v * (1 + spread)
    if g.qualifier == "at_most":
        return v * (1 - spread), v
    return v * (1 - spread), v * (1 + spread)


def _size(g: Group) -> float:
    if g.value is not None:
        return abs(g.value)
    bounds = [x for x in (g.low, g.high) if x is not None]
    return sum(bounds) / len(bounds) if bounds else 0.0


# Figures this far apart count different things (a city's dozens, a country's thousands).
# It also drops a real dispute 70 times apart (an excess-death estimate against an official
# toll); raised to 100 it found that one and paired a city's count with a country's.
_APART = 20
# Below this, counts are of one scene (one attack, one boat), where 1 against 22 is a dispute
_SMALL = 50


def conflicts_of(measures: list[Measure], groups: dict[str, Group],
                 entries: dict[int, Entry]) -> list[Conflict]:
    out: list[Conflict] = []
    # a group is compared through its first claim; a claim's scope reads its sentence's
    # other claims, and its site its document's places, so those are read whole (an update
    # redoes few measures)
    firsts = [entries[groups[g].members[0]] for m in measures for g in m.groups]
    sentences = {(e.doc, e.quote) for e in firsts}
    scope_of = scopes(e for e in entries.values() if (e.doc, e.quote) in sentences)
    first_docs = {e.doc for e in firsts}
    sites = sites_of([e for e in entries.values() if e.doc in first_docs])
    for m in measures:
        gs = [groups[g] for g in m.groups]
        # each group's documents, once: a pair is compared many times over in a large measure
        docs = {g.id: frozenset(entries[i].doc for i in g.members) for g in gs}
        running = _running(gs)
        for a, b in _comparable(gs, docs):
            if a.first_date != b.first_date and _voice(a) != _voice(b) and (
                    b.first_date in running.get(_voice(a), ()) and
                    a.first_date in running.get(_voice(b), ())):
                continue  # each voice has its own figure of the other's day: compare those
            if not _scopes_meet(a, b, scope_of, entries):
                continue
            if _one_share(a, b, scope_of, entries) and fold(a.place) != fold(b.place):
                continue  # "Of the dead, 11 were in X": X's share, no rival of the whole
            kind = _disagreement(a, b, docs, entries, sites)
            if kind:
                first, second = sorted((a, b), key=lambda g: g.id)
                sentence, apart, sources = describe(
                    kind, first, second, entries, (_interval(first), _interval(second)))
                out.append(Conflict(first.id, second.id, kind, m.name, sentence, apart,
                                    sources, weight(kind, apart, sources)))
    out.sort(key=lambda c: (c.measure, c.a, c.b))
    return out


def _voice(g: Group) -> tuple[str, ...]:
    return (g.side,) if g.side else g.claimants


def _running(gs: list[Group]) -> dict[tuple[str, ...], set[str]]:
    """The days on which each voice gives this measure's count, for the voices that give it
    on more than one day (a disaster's toll updated each morning): a figure as of one day
    is compared with another voice's of the same day, where that voice gave one."""
    days: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for g in gs:
        if g.first_date and _voice(g):
            days[_voice(g)].add(g.first_date)
    return {v: ds for v, ds in days.items() if len(ds) > 1}


def _scopes_meet(a: Group, b: Group, scope_of: dict[int, Scope],
                 entries: dict[int, Entry]) -> bool:
    """Whether the two groups' first claims count one scope (scope.py)."""
    ea, eb = entries[a.members[0]], entries[b.members[0]]
    return compatible(scope_of[ea.id], scope_of[eb.id], ea.unit, eb.unit,
                      ((ea.when or "")[:4] or None, (eb.when or "")[:4] or None))


def _one_share(a: Group, b: Group, scope_of: dict[int, Scope],
               entries: dict[int, Entry]) -> bool:
    """Whether one of the two groups counts a share of a whole ("Of the dead, 11 were in
    X") and the other not."""
    return scope_of[a.members[0]].share != scope_of[b.members[0]].share


_UNDATED_PAIRS = 1 << 16  # undated pairs compared at most, per measure


def _comparable(gs: list[Group], docs: dict[str, frozenset[str]]):
    """The pairs of groups that can be of one period, each once: dated within two weeks of
    each other, or carried by one document; not every pair of a large measure. Yielded as
    found (the caller sorts), so that no set of every pair is held."""
    dated = sorted((g for g in gs if g.first_date), key=lambda g: (g.first_date, g.id))
    at = {g.id: i for i, g in enumerate(dated)}
    reach = []  # dated[i] is paired with dated[i + 1: reach[i]] by date
    for i, a in enumerate(dated):
        j = i + 1
        while j < len(dated):
            gap = days_apart(a.first_date, dated[j].first_date)
            if gap is None or gap > 14:
                break
            yield a, dated[j]
            j += 1
        reach.append(j)

    def by_date(a: Group, b: Group) -> bool:
        i, j = at.get(a.id), at.get(b.id)
        if i is None or j is None:
            return False
        return i < j < reach[i] or j < i < reach[j]

    by_doc: dict[str, list[Group]] = defaultdict(list)
    for g in gs:
        for d in docs[g.id]:
            by_doc[d].append(g)
    # groups of no known day at all (wire copies dated "May 8." without a year) that frame
    # their people oppositely: nothing says they are of other periods, and the framing says
    # they answer each other
    forced = [g for g in gs if not g.first_date and g.framing == "forced"]
    voluntary = [g for g in gs if not g.first_date and g.framing == "voluntary"]
    if len(forced) * len(voluntary) > _UNDATED_PAIRS:
        forced = voluntary = []  # a large undated corpus: no period to go by at all
    seen: set[tuple[str, str]] = set()  # pairs met in one document but not by date: few
    for a in forced:
        for b in voluntary:
            pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if docs[a.id].isdisjoint(docs[b.id]) and pair not in seen:
                seen.add(pair)
                yield a, b
    for d in sorted(by_doc):
        together = by_doc[d]
        for i, a in enumerate(together):
            for b in together[i + 1:]:
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if pair not in seen and not by_date(a, b):
                    seen.add(pair)
                    yield a, b


_DAY_WORDS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                        r"today|yesterday|january|february|march|april|may|june|july|august|"
                        r"september|october|november|december)\b", re.I)


def _revision(a: Group, b: Group, docs: dict[str, frozenset[str]],
              entries: dict[int, Entry]) -> bool:
    """One voice giving two figures is a revision only when told as two statements: in
    different documents or on different days, not as the parts of one breakdown."""
    if docs[a.id].isdisjoint(docs[b.id]):
        return True
    ea = [entries[m] for m in a.members]
    eb = [entries[m] for m in b.members]
    if a.first_date and b.first_date and a.first_date != b.first_date:
        return True
    days_a = {d.lower() for e in ea for d in _DAY_WORDS.findall(e.quote)}
    days_b = {d.lower() for e in eb for d in _DAY_WORDS.findall(e.quote)}
    return bool(days_a and days_b and days_a.isdisjoint(days_b))


def _disagreement(a: Group, b: Group, docs: dict[str, frozenset[str]],
                  entries: dict[int, Entry], sites: dict[int, Site | None]) -> str | None:
    if a.place and b.place and fold(a.place) != fold(b.place) and not (
            max(_size(a), _size(b)) < _SMALL
            and places_agree(sites.get(a.members[0]), sites.get(b.members[0]))):
        # a city's count is part of its country's, no rival; but one scene's few dead
        # ("15 civilians" in Myanmar, "16 militiamen" in its village) are one count
        return None
    shared_doc = not docs[a.id].isdisjoint(docs[b.id])
    gap = days_apart(a.first_date, b.first_date)
    if not (shared_doc or (gap is not None and gap <= 14) or not a.first_date
            and not b.first_date and {a.framing, b.framing} == {"forced", "voluntary"}):
        return None  # (two of no known day, framed oppositely: nothing says they are apart)
    same_voice = set(a.claimants) == set(b.claimants) and a.claimants
    if not a.claimants and not b.claimants:
        return None  # the outlet disagreeing with itself is a different count
    if any(not g.claimants and g.qualifier == "vague" for g in (a, b)):
        return None  # the reporter's own "thousands" sums up; it disputes no one
    sa, sb = _size(a), _size(b)
    if (same_voice or a.side and a.side == b.side) and gap and (
            (a.first_date > b.first_date) == (sa > sb)):
        return None  # one voice's or side's count grown by a later day: an update
    if min(sa, sb) <= 0 or (max(sa, sb) / min(sa, sb) > _APART and max(sa, sb) >= _SMALL):
        return None
    la, ha = _interval(a)
    lb, hb = _interval(b)
    figures = ha < lb or hb < la
    # opposite framings of one figure: a vague count gives no figure to frame
    framing = {a.framing, b.framing} == {"forced", "voluntary"} and "vague" not in (
        a.qualifier, b.qualifier)
    if same_voice and not (figures and _revision(a, b, docs, entries)):
        return None
    if figures and framing:
        return "both"
    if figures:
        return "figure"
    return "framing" if framing else None
