"""The figure parser: number phrases in a sentence -> Figure(value, low, high, qualifier, unit).

A hand-written scanner, because the published extractors fail on exactly what news
reporting of contested figures is made of: they drop "over"/"nearly", miss "several
thousand" and "hundreds of thousands", average ranges, and read years and ages as counts
(measured in bench/figures_vs_quantulum.py). Each phrase is read in three steps, each in
its own module:

  1. the number core (digits, words, vague counts, fractions, ranges): fields/cores.py;
  2. what surrounds it: the qualifier before (fields/qualifier.py), a unit, percent or
     time word after (fields/measures.py), a currency sign before (here, `_read`);
  3. whether it is a figure at all: dates, years, clock times, ordinals, names and codes
     are not (fields/not_figures.py); ages, durations and attribute sizes ("a 3,000-ton
     tank") are kept as their own kinds (here, `_read`).

This module walks the sentence (`_scan`), puts the steps together (`_read`) and is the
entry point (`find_figures`). The words and tables are in fields/numbers.py and
lexicon/data; the tokens in fields/tokens.py.

The counted noun ("402,000 *people*") is read from spaCy's parse when a parsed sentence is
given (see fields/unit.py); on its own the parser reads the next word.
"""

from __future__ import annotations

import re

from claimledger import lexicon
from claimledger.extract.fields.cores import Core, core, extend_range, is_lone_one
from claimledger.extract.fields.measures import (
    compound_measure,
    degrees_at,
    time_unit,
    time_unit_follows,
    unit_at,
)
from claimledger.extract.fields.not_figures import not_a_figure
from claimledger.extract.fields.numbers import (
    AGE_WORDS,
    CHANGE_VERBS,
    CLOCK_WORDS,
    CURRENCY_SIGNS,
    MEASURE_PREFIXES,
    MEASURES,
    MULTIPLE_NEXT,
    NUMBER_WORDS,
    PERCENT_WORDS,
    POWER_SIGNS,
    TIME_UNITS,
)
from claimledger.extract.fields.qualifier import qualifier
from claimledger.extract.fields.tokens import Tokens, glued
from claimledger.lexicon import words
from claimledger.records import Figure

# A lone "one" before a noun of people ("one child") is an article ("one man told
# reporters") unless a toll's verb governs it ("killing one child", "one soldier died"):
# the verbs of the codebook's toll classes.
_TOLL_CLASSES = ("killed", "wounded", "missing")
_TOLL_VERBS = frozenset(v for event, verbs in lexicon.codebook()[0].items()
                        if event in _TOLL_CLASSES for v in verbs)


def lone_one_counts(fig: Figure, predicate: str | None) -> bool:
    """False for a lone "one" whose verb (`predicate`, a lemma) is no toll's: not a count."""
    return not is_lone_one(fig.text) or predicate in _TOLL_VERBS


# the kinds the ledger keeps; durations, ages and attributes only with include_all
LEDGER_KINDS = {"count", "percent", "money", "measure"}


def _scan(s: Tokens, include_all: bool) -> list[Figure]:
    """Walk the sentence: at each token a number core may start; read it, skip past it."""
    out: list[Figure] = []
    toks = s.toks
    # a line of numbers and signs alone ("1201", "24 | 17") says nothing is counted
    if not any(t.kind == "word" and len(t.text) > 1 and t.low not in NUMBER_WORDS
               for t in toks):
        return out
    k = 0
    while k < len(toks):
        c = core(s, k)
        if c is None:
            k += 1
            continue
        if toks[k].kind == "word" and k and toks[k - 1].kind == "num" \
                and glued(toks[k - 1], toks[k]):
            k = c.j  # "13:10Thousands": a word glued to digits starts no figure
            continue
        fig = _read(s, c)
        k = max(c.j, k + 1)
        if fig is None:
            continue
        figure, end_tok = fig
        k = max(k, end_tok)
        if figure.kind in LEDGER_KINDS or include_all:
            out.append(figure)
    return out


def _read(s: Tokens, c: Core) -> tuple[Figure, int] | None:
    """Surround a core with its qualifier and unit; decide what kind of quantity it is."""
    toks = s.toks
    start_tok = c.i
    # "between 20 and 40", "from 200,000 to 400,000"
    before = s.low(c.i - 1)
    # "rose from 3.1 to 2.9 percent", "went from 120 to 200": a change, two figures
    change = before == "from" and (s.low(c.i - 2) in CHANGE_VERBS
                                   or s.low(c.i - 3) in CHANGE_VERBS)
    if not change:
        c = extend_range(s, c)
    if c.qualifier == "range" and before in ("between", "from"):
        start_tok = c.i - 1
    kind = c.kind
    own_unit: str | None = None  # what a duration, age or attribute is measured in
    # A glued hyphen and a word: "44-year-old", "3,000-ton", "40-member" — an attribute.
    j = c.j
    if s.is_sym(j, "-") and j + 1 < len(toks) and toks[j + 1].kind == "word" \
            and glued(toks[j - 1], toks[j]) and glued(toks[j], toks[j + 1]):
        nxt = s.low(j + 1)
        if nxt in TIME_UNITS:
            kind = "age" if s.low(j + 3) == "old" else "duration"
            own_unit = time_unit(nxt)
        elif nxt not in ("plus",):
            kind = "attribute"
            own_unit = MEASURES[nxt][0] if nxt in MEASURES else nxt
    skip = not_a_figure(s, c)
    if skip == "drop":
        return None
    if skip:
        kind = skip
    # Unit words right after the core: per cent, %, miles, dollars; time units.
    unit = c.unit
    end_tok = c.j
    if kind in ("count", "percent"):
        w = s.low(j)
        w2 = f"{w} {s.low(j + 1)}"
        if s.is_sym(j, "%"):
            kind, unit, end_tok = "percent", "percent", j + 1
        elif w2 in ("per cent", "percentage points", "percentage point"):
            unit = "percent" if w2 == "per cent" else "percentage point"
            kind, end_tok = "percent", j + 2
        elif w in PERCENT_WORDS and (w != "pc" or toks[j].text == "pc"):
            kind, unit, end_tok = "percent", "percent", j + 1
        elif w in ("points", "pts") and c.value is not None and c.value <= 100:
            kind, unit, end_tok = "percent", "percentage point", j + 1
        elif w == "times" and s.low(j + 1) in MULTIPLE_NEXT and c.value is not None \
                and c.qualifier == "exact":
            # "ten times the official count": a multiple, as a proportion
            c.value *= 100
            kind, unit, end_tok = "percent", "percent", j + 1
        elif w[-1:] in POWER_SIGNS and w[:-1] in MEASURES:  # "km²" as one word
            unit, kind = f"{POWER_SIGNS[w[-1]]} {MEASURES[w[:-1]][0]}", "measure"
            end_tok = j + 1
        elif w in MEASURES:
            unit, kind = MEASURES[w]
            end_tok = j + 1
            unit, end_tok = compound_measure(s, unit, end_tok)
        elif w in MEASURE_PREFIXES and s.low(j + 1) in MEASURES:
            unit, kind = f"{MEASURE_PREFIXES[w]} {MEASURES[s.low(j + 1)][0]}", "measure"
            end_tok = j + 2
        elif degrees_at(s, j):
            unit, kind, end_tok = degrees_at(s, j)
        elif w == "p" and glued(toks[j - 1], toks[j]) and c.value is not None \
                and not (s.is_sym(j + 1, ".") and s.low(j + 2) == "m"):
            # "95p": pence
            c.value /= 100
            kind, unit, end_tok = "money", "pound", j + 1
        elif time_unit_follows(s, j):
            kind = "duration"
            own_unit = next(time_unit(s.low(x)) for x in range(j, j + 3)
                            if s.low(x) in TIME_UNITS)
        elif w in CLOCK_WORDS or (w in ("a", "p") and s.is_sym(j + 1, ".")
                                  and s.low(j + 2) == "m"):
            return None  # a clock time
        elif w in ("years", "year") and s.low(j + 1) == "old":
            kind = "age"
    # Currency sign before: "$2bn", "€5 million", "Rs 40 crore", "Rs. 300", "HK$5"
    sign_at = c.i - 1
    if s.low(sign_at) == "." and s.low(sign_at - 1) == "rs":
        sign_at -= 1
    sign = s.low(sign_at)
    if sign in CURRENCY_SIGNS and kind == "count":
        kind, unit = "money", CURRENCY_SIGNS[sign]
        start_tok = min(start_tok, sign_at)
        if toks[sign_at].text == "$" and s.low(sign_at - 1) in ("us", "hk", "a", "c", "s",
                                                                 "nz") \
                and glued(toks[sign_at - 1], toks[sign_at]):
            start_tok = sign_at - 1
    if s.low(c.i - 1) in AGE_WORDS or s.low(c.i - 2) in AGE_WORDS and \
            s.low(c.i - 1) in ("of", "from", "to", "between"):
        kind = "age"
    if s.low(end_tok) == "old" and s.low(end_tok - 1) in ("years", "year"):
        kind = "age"
    if change and kind == "count" and unit is None and s.low(c.j) == "to":
        # "from 3.1 to 2.9 percent": the first end is in the second's unit
        other = core(s, c.j + 1) if c.j + 1 < len(toks) else None
        after = unit_at(s, other.j) if other else []
        if after and after[0] in ("%", "per", "percent", "pct", "pc"):
            kind, unit = "percent", "percent"
        elif after and after[0] in MEASURES:
            unit, kind = MEASURES[after[0]]
    if kind == "age":
        unit = "year"
    elif kind in ("duration", "attribute") and unit is None:
        unit = own_unit
    qual, q_start = qualifier(s, start_tok)
    value, low, high = c.value, c.low, c.high
    q = c.qualifier
    if q == "exact":
        if qual:
            q = qual
        elif c.article:
            q = "approx"
    if q == "range":
        value = None
    elif q == "exact":
        low = high = value
    elif q == "approx":
        low = high = None
    elif q == "at_least":
        low, high = value, None
    elif q == "at_most":
        low, high = None, value
    if qual:
        start_tok = q_start
    a, b = toks[start_tok].start, toks[end_tok - 1].end
    return Figure(text=s.text[a:b], start=a, end=b, value=value, low=low, high=high,
                  qualifier=q, unit=unit, kind=kind), end_tok


def find_figures(text: str, include_all: bool = False, doc=None,
                 units: bool = True) -> list[Figure]:
    """Figures in one sentence, spans relative to `text`.

    Without include_all, only what the ledger keeps (counts, percentages, money, measures);
    with it, also durations, ages and attribute sizes ("a 3,000-ton tank"), never dates or
    years. Given `doc`, a spaCy Doc or Span over exactly `text`, counted nouns are read from
    the parse; with units=False they are left to the caller (a count's unit stays None).
    """
    figures = _scan(Tokens(text), include_all)
    if not units:
        return figures
    if doc is not None:
        from claimledger.extract.fields.unit import assign_units

        assign_units(figures, doc)
    else:
        _guess_units(text, figures)
    return figures


_NEXT_WORD = re.compile(r"\s*(?:more\s+|other\s+|new\s+)?([A-Za-z]+)")
# "40 were hurt", "12 of the": words after a figure that are not what it counts
_NO_NOUN = words("no_noun_words")


def _guess_units(text: str, figures: list[Figure]) -> None:
    """Without a parse: the word after the figure, singular, when it looks like a noun."""
    from claimledger.extract.fields.unit import singular

    for f in figures:
        if f.unit:
            continue
        m = _NEXT_WORD.match(text, f.end)
        word = m.group(1) if m else ""
        if word and word.lower() not in _NO_NOUN:
            f.unit = singular(word)
        # else no counted noun follows: the unit stays None, nothing is guessed
