"""A claim's scope: which part of a measure it counts, read from the words around its figure.

Two claims of one measure can be compared only where their scopes can meet:
  - the base of a percent: "42% of teachers" and "28% of civil servants" are shares of
    different wholes (a percent with no base of its own takes the one before it in its
    sentence: "65% of teachers, and the other union speaks of 70%");
  - the period: a running total ("a total of", "since the start", "so far", "to date")
    against one day's or one event's count ("on Sunday", "today", "in the past 24 hours");
  - a part: "..., including 22 children" or "Of the dead, 11 were in Catanduanes" counts
    some of a whole, and disputes only a claim of its own unit, never the whole's;
  - a year of its own: "half of the polling reported in 1993 elections" is 1993's;
  - a forecast: "7,000 people would gather", "50,000 are expected to march" counts what was
    foreseen, and disputes only another forecast, never the count of what happened;
  - where a change started: "slowed to 38.2% from 41.6%" - the 41.6% is the month before's;
  - a rate's period: "2.9% month on month" is no rival of an annual rate;
  - an earlier time: a claim whose paragraph opens "Earlier this month, ..." (extraction's
    Claim.period) is of another occasion than the story's.
A scope the words do not say is compatible with any.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from claimledger import lexicon
from claimledger.ledger.entries import Entry, fold, unit_family
from claimledger.lexicon import gazetteer

_CUMULATIVE = re.compile(
    r"\b(?:a total of|in total|totall?ing|so far|to date|thus far|in all|altogether|"
    r"cumulative|since (?:the )?(?:start|beginning|outbreak|onset)|since (?:the )?(?:war|"
    r"invasion|conflict|fighting) (?:began|started)|overall)\b", re.I)
_ONE_DAY = re.compile(
    rf"\b(?:on (?:{'|'.join(sorted(lexicon.words('weekday_names')))})|today|yesterday|"
    r"overnight|in the (?:past|last) (?:day|24 hours)|per day|a day|daily|on that day|"
    r"by \d{1,2} ?(?:am|pm|a\.m\.|p\.m\.)|at \d{1,2} ?(?:am|pm|a\.m\.|p\.m\.))\b", re.I)
_PART = re.compile(r"(?:\bincluding|\bamong them|\bof whom|\bof them|\bof which|\bamong whom)"
                   r"\s+(?:some |about |at least |nearly |almost |more than |over )?$", re.I)
# a sentence opening on the whole it breaks down: "Of the dead, 11 were in Catanduanes",
# "Of those who fled, 600,000 are in Jordan"
_OF_LEAD = re.compile(r"^\W*(?:Of|Among)\s+(?:the|those|these|them|whom)\b[^,;.]{0,60},")
_OF_BASE = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:of|among)\s+(?:the |all |its |their |those )?"
                      r"((?:[A-Za-z-]+ ){0,3}[A-Za-z-]+)")
# the figure's own verb is future or conditional: "7,000 people would gather", "up to 50,000
# are expected to march" (at most three words between: the counted noun and an adverb); not
# "a million refugees would be massive", a judgement of a count, nor "would have"
_FORECAST_AFTER = re.compile(
    r"^\s*(?:[A-Za-z-]+\s+){0,3}(?:would|will|(?:is|are|was|were) (?:expected|forecast|"
    r"predicted) to)\s+(?!have\b|be\b)", re.I)
_FORECAST_BEFORE = re.compile(
    r"(?:\b(?:expects?|expected|forecasts?|predicted|predicts?|anticipated|anticipates?)\s+"
    r"(?:that\s+)?|\b(?:would|will)\s+(?:[a-z]+\s+){1,2}(?:to|at|by)\s+)"
    r"(?:some |about |around |up to |as many as |at least |more than )?$", re.I)
# the value a change started from: "slowed to 38.2% from 41.6% in November", "rose from 12
# to 15" (the figure before is the current one only when "to" follows it)
_FROM = re.compile(r"\bfrom\s+(?:some |about |around |a revised |an? )?$", re.I)
# a rate's period: "2.9% month on month" is no rival of "38.2% annual inflation"
_MONTHLY = re.compile(r"\b(?:month[- ]on[- ]month|monthly|from the previous month|a month "
                      r"earlier)\b", re.I)
_YEARLY = re.compile(r"\b(?:year[- ]on[- ]year|annual|annually|12-month|a year earlier|"
                     r"over the year)\b", re.I)
_NEXT_WORDS = re.compile(r"^\s*(?:\([^)]*\)\s*)?((?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)")


@dataclass(frozen=True, slots=True)
class Scope:
    base: str | None = None  # the whole a percent is a share of ("teacher")
    period: str | None = None  # "total" | "day"
    part: bool = False  # "including 22 children"
    year: str | None = None  # a year the figure's own words put it in ("in 1993 elections")
    expected: bool = False  # a forecast ("7,000 people would gather")
    previous: bool = False  # the value a change started from ("slowed to 38.2% from 41.6%")
    rate: str | None = None  # a percent's period: "month" | "year" ("2.9% month on month")
    earlier: bool = False  # its paragraph tells of an earlier time (Entry.period)
    share: bool = False  # a share of a whole of its own kind ("Of the dead, 11 were in X")


def scopes(entries: Iterable[Entry]) -> dict[int, Scope]:
    """Each entry's scope; the claims of one sentence are read together, in order."""
    by_quote: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        by_quote[(e.doc, e.quote)].append(e)
    out: dict[int, Scope] = {}
    for (_, quote), es in by_quote.items():
        es.sort(key=lambda e: e.position)
        at = _figure_offsets(quote, [e.figure for e in es])
        base = None
        for k, e in enumerate(es):
            start, end = at[k]
            nxt = at[k + 1][0] if k + 1 < len(es) else len(quote)
            after, before = quote[end:nxt], quote[max(0, start - 40):start]
            if unit_family(e.unit) == "percent":
                base = _base(after, e.figure) or base
            year = _IN_YEAR.search(_near(after))
            lead = _OF_LEAD.match(quote)
            share = bool(lead and start >= lead.end())
            out[e.id] = Scope(base if unit_family(e.unit) == "percent" else None,
                              _period(before, after), bool(_PART.search(before)) or share,
                              year.group(1) if year else None,
                              bool(_FORECAST_AFTER.match(after) or _FORECAST_BEFORE.search(before)),
                              bool(_FROM.search(before)),
                              _rate(quote[max(0, start - 60):start], after)
                              if unit_family(e.unit) == "percent" else None,
                              e.period == "earlier", share)
    return out


def compatible(a: Scope, b: Scope, unit_a: str | None, unit_b: str | None,
               years: tuple[str | None, str | None] = (None, None)) -> bool:
    """Whether claims of these scopes (and units) can be of one count; `years` are the
    claims' own dates' years, which a year in a figure's words overrides."""
    ya, yb = a.year or years[0], b.year or years[1]
    if (a.year or b.year) and ya != yb:
        # "half of the turnout in 1993" is no rival of this year's 26% (a claim of no known
        # year is the story's own time, not the year another's words name)
        return False
    if a.base and b.base and a.base != b.base:
        return False
    if a.period and b.period and a.period != b.period:
        return False
    if (a.part or b.part) and fold(unit_a) != fold(unit_b):
        return False
    if a.rate and b.rate and a.rate != b.rate:
        return False
    return a.expected == b.expected and a.previous == b.previous and a.earlier == b.earlier


def _figure_offsets(quote: str, figures: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for f in figures:
        i = quote.find(f, pos)
        if i < 0:
            i = quote.find(f)
        if i < 0:
            out.append((pos, pos))
            continue
        out.append((i, i + len(f)))
        pos = i + len(f)
    return out


def _base(after: str, figure: str) -> str | None:
    """The noun a percent is of: "of teachers", "(28%) of the employees", "ten employees"."""
    m = _OF_BASE.match(after)
    if not m:
        if re.search(r"(?:%|percent|per cent|percentage points?)$", figure, re.I):
            return None  # "a 65 percent turnout": what the share measures, not of whom
        m = _NEXT_WORDS.match(after)  # "three out of ten employees": the noun at once
        if not m or not gazetteer.is_noun(m.group(1).split()[0]):
            return None
    head = None
    for w in m.group(1).split():
        if gazetteer.is_noun(w) and not gazetteer.is_english_word(w) or (
                head is None and gazetteer.is_noun(w)):
            head = w
        elif head is not None:
            break
    if head is None:
        return None
    h = head.lower()
    return h[:-3] + "y" if h.endswith("ies") else h[:-1] if h.endswith("s") else h


# "in 1993 elections", "the 2019 turnout", "of 2020": a year the count belongs to (not "since
# 2022", a running total's start)
_IN_YEAR = re.compile(r"\b(?:in|of|during|for|the) (?:the )?((?:19|20)\d\d)\b", re.I)


def _near(after: str) -> str:
    """The words after a figure that are its own: up to a clause of another's."""
    return re.split(r"[;,]\s+(?:while|but|and)\b", after, maxsplit=1)[0]


def _rate(before: str, after: str) -> str | None:
    """The period of a rate in the figure's own clause: "annual inflation ... 38.2%"."""
    near = re.split(r"[;,]\s", before)[-1] + " " + _near(after)
    return _either(near, (_MONTHLY, "month"), (_YEARLY, "year"))


def _period(before: str, after: str) -> str | None:
    # the figure's own words: a few before it, those after it up to the next figure
    near = before[-25:] + " " + _near(after)
    return _either(near, (_CUMULATIVE, "total"), (_ONE_DAY, "day"))


def _either(text: str, a: tuple[re.Pattern, str], b: tuple[re.Pattern, str]) -> str | None:
    """The label of the one of two patterns `text` holds; None for neither or both."""
    found = [label for pattern, label in (a, b) if pattern.search(text)]
    return found[0] if len(found) == 1 else None
