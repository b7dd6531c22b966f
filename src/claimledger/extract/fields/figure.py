"""The figure parser: number phrases in a sentence -> Figure(value, low, high, qualifier, unit).

A hand-written scanner, because the published extractors fail on exactly what news
reporting of contested figures is made of: they drop "over"/"nearly", miss "several
thousand" and "hundreds of thousands", average ranges, and read years and ages as counts
(measured in bench/figures_vs_quantulum.py). Each phrase is read in three steps:
the number core (digits, words, vague counts, fractions, ranges), then what surrounds it
(a qualifier before; a unit, percent or time word after), then whether it is a figure at
all (dates, years, clock times, ages, durations, ordinals and names are not).

The counted noun ("402,000 *people*") is read from spaCy's parse when a parsed sentence is
given (see units.py); on its own the parser reads the next word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.extract.fields.numbers import (
    AGE_WORDS,
    CHANGE_VERBS,
    CLOCK_WORDS,
    CURRENCY_SIGNS,
    DEGREES,
    FRACTIONS,
    LABEL_WORDS,
    MEASURE_PREFIXES,
    MEASURES,
    MONTHS,
    NAMING_WORDS,
    NUMBER_WORDS,
    PASSING_VERBS,
    PERCENT_WORDS,
    POWER_SIGNS,
    QUALIFIERS,
    SCALE_ABBREV,
    SCALES,
    SIGN_CHARS,
    TENS,
    TIME_UNITS,
    UNITS,
    VAGUE,
    VAGUE_MULTIPLIERS,
)
from claimledger.records import Figure

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d,]|\.\d)"
    r"|\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:[.'’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
_QUAL_MAX = max(len(q.split()) for q in QUALIFIERS)
_VAGUE_LONGEST_FIRST = [(p, p.split()) for p in sorted(VAGUE, key=lambda p: -len(p.split()))]
# Words a number phrase can start with; any other word is skipped at once.
_STARTERS = (NUMBER_WORDS | set(FRACTIONS) | {p.split()[0] for p in VAGUE}
             | {m.split()[0] for m in VAGUE_MULTIPLIERS} | {"a", "an", "another", "half",
                                                          "twice"})
LEDGER_KINDS = {"count", "percent", "money", "measure"}
_LEGAL_PARTS = {"article", "section", "chapter", "paragraph", "clause", "resolution", "page"}
# "twice the number", "ten times as many": a multiple is a proportion (200, 1000 percent)
_MULTIPLE_NEXT = {"the", "as", "more", "higher", "larger", "bigger", "greater", "that", "less",
                  "lower", "smaller", "over", "what", "this"}
_HEAT = re.compile(r"temperat|heat|degrees|celsius|fahrenheit|thermometer|warm|cold|hot\b"
                   r"|freez", re.I)
_TIME_FILLERS = {"straight", "more", "consecutive", "full", "long", "whole", "additional",
                 "further", "previous", "past", "next", "last", "successive", "short", "hard",
                 "extra", "calendar", "working", "business", "solid", "long,"}


@dataclass
class _Tok:
    text: str
    low: str  # lower case
    start: int
    end: int
    kind: str  # num | word | sym


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end(), m.lastgroup or "sym")
            for m in _TOKEN.finditer(text)]


def _num_value(s: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u202f\u2009]", "", s))


def _glued(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


@dataclass
class _Core:
    """A number core: token span [i, j) and its reading."""

    i: int
    j: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    kind: str = "count"
    unit: str | None = None
    words_only: bool = False  # spelled in words ("two", "one million")
    article: bool = False  # "a thousand": the article makes it approximate


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)

    # -- small helpers --------------------------------------------------------------------
    def low(self, k: int) -> str:
        return self.toks[k].low if 0 <= k < len(self.toks) else ""

    def is_sym(self, k: int, chars: str) -> bool:
        return 0 <= k < len(self.toks) and self.toks[k].kind == "sym" and self.toks[k].text in chars

    # -- number cores -------------------------------------------------------------------
    def words_number(self, k: int) -> tuple[int, float] | None:
        """Spelled numbers from token k: "two", "twenty-five", "one million", "two hundred"."""
        total, current, j, seen = 0.0, 0.0, k, False
        while j < len(self.toks):
            w = self.low(j)
            if w in UNITS:
                current += UNITS[w]
            elif w in TENS:
                current += TENS[w]
                # "twenty-five"
                if (self.is_sym(j + 1, "-") and self.low(j + 2) in UNITS
                        and _glued(self.toks[j], self.toks[j + 1])):
                    current += UNITS[self.low(j + 2)]
                    j += 2
            elif w in SCALES and seen:
                if w == "hundred":
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * SCALES[w]
                    current = 0
            elif w == "and" and seen and self.low(j + 1) == "a" and self.low(j + 2) == "half":
                current += 0.5  # "two and a half million"
                j += 2
            elif w == "and" and seen and self.low(j + 1) in NUMBER_WORDS and self.low(j + 1) \
                    not in SCALES and current >= 100:
                pass  # "two hundred and fifty"
            else:
                break
            seen = True
            j += 1
        if not seen:
            return None
        return j, total + current

    def core(self, k: int) -> _Core | None:
        """Read a number core starting at token k, or None."""
        t = self.toks[k]
        w = t.low
        if t.kind != "num" and w not in _STARTERS:
            return None  # most words start no number: the fast way out
        # Vague counts: "hundreds of thousands", "thousands", "dozens"
        for phrase, parts in _VAGUE_LONGEST_FIRST:
            if [self.low(k + n) for n in range(len(parts))] == parts:
                lo, hi = VAGUE[phrase]
                return _Core(k, k + len(parts), None, lo, hi, "vague", words_only=True)
        # "several thousand", "a few hundred" ("many thousands" reads as "thousands")
        for mult_word, mult in VAGUE_MULTIPLIERS.items():
            parts = mult_word.split()
            n = len(parts)
            if [self.low(k + x) for x in range(n)] == parts and self.low(k + n) in SCALES:
                if mult_word == "many":
                    continue
                scale = SCALES[self.low(k + n)]
                return _Core(k, k + n + 1, None, mult * scale, 10 * scale - 1, "vague",
                             words_only=True)
        # "half a million"
        if w == "half" and self.low(k + 1) == "a" and self.low(k + 2) in SCALES:
            return _Core(k, k + 3, SCALES[self.low(k + 2)] / 2, words_only=True)
        # Fractions: "half", "a third", "two-thirds", "three out of ten", "one in five"
        frac = self.fraction(k)
        if frac:
            return frac
        # "a thousand", "a million", "another thousand": approximate by the article
        if w in ("a", "an", "another") and self.low(k + 1) in SCALES:
            j = k + 2
            value = SCALES[self.low(k + 1)]
            if self.low(j) in SCALES and SCALES[self.low(j)] > value:  # "a hundred thousand"
                value *= SCALES[self.low(j)]
                j += 1
            return _Core(k, j, float(value), words_only=True, article=True)
        if w == "twice" and self.low(k + 1) in _MULTIPLE_NEXT:
            return _Core(k, k + 1, 200.0, kind="percent", unit="percent", words_only=True)
        if w == "a" and self.low(k + 1) == "dozen":
            return _Core(k, k + 2, 12.0, words_only=True, article=True)
        if t.kind == "num":
            return self.digits_core(k)
        got = self.words_number(k)
        if got:
            j, value = got
            if w == "one" and j == k + 1:
                return None  # "one" alone is an article or a pronoun, not a count
            if self.low(j) == "dozen":
                return _Core(k, j + 1, value * 12, words_only=True)
            return _Core(k, j, value, words_only=True)
        return None

    def digits_core(self, k: int) -> _Core:
        t = self.toks[k]
        value = _num_value(t.text)
        j = k + 1
        if self.low(j) in SCALES:  # "1.06 million", "2 thousand"
            scale = SCALES[self.low(j)]
            value *= scale
            j += 1
            # one figure written in parts: "2 million 340 thousand", "3 billion 200 million"
            toks = self.toks
            while j + 1 < len(toks) and toks[j].kind == "num" and self.low(j + 1) in SCALES \
                    and SCALES[self.low(j + 1)] < scale and self.text[toks[j - 1].end:
                                                                   toks[j].start] == " ":
                part = _num_value(toks[j].text)
                if part >= 1000:
                    break
                scale = SCALES[self.low(j + 1)]
                value += part * scale
                j += 2
        elif self.low(j) in SCALE_ABBREV and _glued(self.toks[k], self.toks[j]):  # "1.5m"
            value *= SCALE_ABBREV[self.low(j)]
            j += 1
        elif self.low(j) in ("mln", "bn"):
            value *= SCALE_ABBREV[self.low(j)]
            j += 1
        return _Core(k, j, value)

    def fraction(self, k: int) -> _Core | None:
        w = self.low(k)
        if w == "half" and self.low(k - 1) not in ("first", "second", "last", "latter", "other"):
            if self.low(k + 1) in TIME_UNITS or self.low(k + 1) in ("-", "an", "a"):
                return None  # "half an hour", "half-hour"
            return _Core(k, k + 1, 50.0, kind="percent", unit="percent", words_only=True)
        if w in ("a", "one") and self.low(k + 1) in FRACTIONS and self.low(k + 1) != "half":
            # "a third", "a quarter" ("one third" is exact, "a third" approximate)
            nxt = self.low(k + 1)
            if nxt.endswith("s"):
                return None
            if self.low(k + 2) in ("century", "of") and nxt == "quarter" and self.low(k + 3) in (
                    "century", "an", "hour"):
                return None
            return _Core(k, k + 2, FRACTIONS[nxt], kind="percent", unit="percent",
                         words_only=True, article=(w == "a"))
        if w in UNITS and w != "one":
            j = k + 1
            if self.is_sym(j, "-") and _glued(self.toks[k], self.toks[j]):
                j += 1
            if self.low(j) in FRACTIONS and self.low(j).endswith("s"):  # "two-thirds"
                return _Core(k, j + 1, UNITS[w] * FRACTIONS[self.low(j)], kind="percent",
                             unit="percent", words_only=True)
        # "three out of ten", "one in five", "three of every ten", "one in every four"
        if w in UNITS or self.toks[k].kind == "num":
            a = UNITS.get(w) if w in UNITS else _num_value(self.toks[k].text)
            n = 0
            if self.low(k + 1) == "out" and self.low(k + 2) == "of":
                n = 3
            elif self.low(k + 1) in ("of", "in") and self.low(k + 2) == "every":
                n = 2
            if n:
                n += self.low(k + n) == "every"
                b = self.low(k + n)
                bv = UNITS.get(b, TENS.get(b)) if b else None
                if bv is None and k + n < len(self.toks) and self.toks[k + n].kind == "num":
                    bv = _num_value(self.toks[k + n].text)
                if bv:
                    return _Core(k, k + n + 1, 100.0 * a / bv, kind="percent", unit="percent",
                                 words_only=w in UNITS)
            if self.low(k + 1) == "in" and self.low(k + 2) in set(UNITS) | {"ten"} and w in UNITS:
                b = self.low(k + 2)
                bv = UNITS.get(b) or {"ten": 10}.get(b)
                if bv and self.low(k + 3) not in TIME_UNITS:
                    return _Core(k, k + 3, 100.0 * a / bv, kind="percent", unit="percent",
                                 words_only=True)
        return None

    # -- ranges -------------------------------------------------------------------------
    def extend_range(self, c: _Core) -> _Core:
        """ "20-40", "200,000 to 400,000", "between 20 and 40" (caller handles "between")."""
        j = c.j
        spelled_fraction = c.kind == "percent" and c.unit == "percent" and c.words_only
        if c.value is None or c.qualifier != "exact" or spelled_fraction:
            return c
        # a unit repeated on both ends: "5% and 10%", "20%-30%", "5 km to 10 km"
        unit = self.unit_at(j)
        j += len(unit)
        dash = self.is_sym(j, "-–") and j + 1 < len(self.toks)
        word = self.low(j) in ("to", "and") and j + 1 < len(self.toks)
        if not (dash or word):
            return c
        if self.low(j) == "and" and "between" not in (self.low(c.i - 1), self.low(c.i - 2)):
            return c  # "45 and 50 cases" are two figures; "between 45 and 50" is a range
        if dash and not (_glued(self.toks[j - 1], self.toks[j])
                         and _glued(self.toks[j], self.toks[j + 1])):
            return c
        k = j + 1
        if self.is_sym(k, SIGN_CHARS):  # "$300 million and $400 million"
            k += 1
        other = self.core(k) if k < len(self.toks) else None
        if other is None or other.value is None or other.qualifier != "exact" \
                or other.kind != "count":
            return c
        if unit and self.unit_at(other.j) != unit:
            return c
        lo, hi = c.value, other.value
        # "1.5 to 2 million", "two to three billion": the scale of the second applies
        # to the first
        last = self.low(other.j - 1)
        if last in SCALES and self.low(c.j - 1) not in SCALES and lo < hi / 1000 and lo < 1000:
            lo *= SCALES[last]
        if hi <= lo:
            return c
        return _Core(c.i, other.j, None, lo, hi, "range", words_only=c.words_only)

    def unit_at(self, j: int) -> list[str]:
        """The unit words or sign at token j ("%", "per cent", "km"), or []."""
        if self.is_sym(j, "%"):
            return ["%"]
        if self.low(j) == "per" and self.low(j + 1) == "cent":
            return ["per", "cent"]
        if self.low(j) in PERCENT_WORDS or self.low(j) in MEASURES:
            return [self.low(j)]
        return []

    # -- the scan -----------------------------------------------------------------------
    def figures(self, include_all: bool) -> list[Figure]:
        out: list[Figure] = []
        toks = self.toks
        # a line of numbers and signs alone ("1201", "24 | 17") says nothing is counted
        if not any(t.kind == "word" and len(t.text) > 1 and t.low not in NUMBER_WORDS
                   for t in toks):
            return out
        k = 0
        while k < len(toks):
            c = self.core(k)
            if c is None:
                k += 1
                continue
            if toks[k].kind == "word" and k and toks[k - 1].kind == "num" \
                    and _glued(toks[k - 1], toks[k]):
                k = c.j  # "13:10Thousands": a word glued to digits starts no figure
                continue
            fig = self.read(c)
            k = max(c.j, k + 1)
            if fig is None:
                continue
            figure, end_tok = fig
            k = max(k, end_tok)
            if figure.kind in LEDGER_KINDS or include_all:
                out.append(figure)
        return out

    def read(self, c: _Core) -> tuple[Figure, int] | None:
        """Surround a core with its qualifier and unit; decide what kind of quantity it is."""
        toks = self.toks
        start_tok = c.i
        # "between 20 and 40", "from 200,000 to 400,000"
        before = self.low(c.i - 1)
        # "rose from 3.1 to 2.9 percent", "went from 120 to 200": a change, two figures
        change = before == "from" and (self.low(c.i - 2) in CHANGE_VERBS
                                       or self.low(c.i - 3) in CHANGE_VERBS)
        if not change:
            c = self.extend_range(c)
        if c.qualifier == "range" and before in ("between", "from"):
            start_tok = c.i - 1
        kind = c.kind
        own_unit: str | None = None  # what a duration, age or attribute is measured in
        # A glued hyphen and a word: "44-year-old", "3,000-ton", "40-member" — an attribute.
        j = c.j
        if self.is_sym(j, "-") and j + 1 < len(toks) and toks[j + 1].kind == "word" \
                and _glued(toks[j - 1], toks[j]) and _glued(toks[j], toks[j + 1]):
            nxt = self.low(j + 1)
            if nxt in TIME_UNITS:
                kind = "age" if self.low(j + 3) == "old" else "duration"
                own_unit = _time_unit(nxt)
            elif nxt not in ("plus",):
                kind = "attribute"
                own_unit = MEASURES[nxt][0] if nxt in MEASURES else nxt
        skip = self.not_a_figure(c)
        if skip == "drop":
            return None
        if skip:
            kind = skip
        # Unit words right after the core: per cent, %, miles, dollars; time units.
        unit = c.unit
        end_tok = c.j
        if kind in ("count", "percent"):
            w = self.low(j)
            w2 = f"{w} {self.low(j + 1)}"
            if self.is_sym(j, "%"):
                kind, unit, end_tok = "percent", "percent", j + 1
            elif w2 in ("per cent", "percentage points", "percentage point"):
                unit = "percent" if w2 == "per cent" else "percentage point"
                kind, end_tok = "percent", j + 2
            elif w in PERCENT_WORDS and (w != "pc" or toks[j].text == "pc"):
                kind, unit, end_tok = "percent", "percent", j + 1
            elif w in ("points", "pts") and c.value is not None and c.value <= 100:
                kind, unit, end_tok = "percent", "percentage point", j + 1
            elif w == "times" and self.low(j + 1) in _MULTIPLE_NEXT and c.value is not None \
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
                unit, end_tok = self.compound_measure(unit, end_tok)
            elif w in MEASURE_PREFIXES and self.low(j + 1) in MEASURES:
                unit, kind = f"{MEASURE_PREFIXES[w]} {MEASURES[self.low(j + 1)][0]}", "measure"
                end_tok = j + 2
            elif self.degrees_at(j):
                unit, kind, end_tok = self.degrees_at(j)
            elif w == "p" and _glued(toks[j - 1], toks[j]) and c.value is not None \
                    and not (self.is_sym(j + 1, ".") and self.low(j + 2) == "m"):
                # "95p": pence
                c.value /= 100
                kind, unit, end_tok = "money", "pound", j + 1
            elif self.time_unit_follows(j):
                kind = "duration"
                own_unit = next(_time_unit(self.low(x)) for x in range(j, j + 3)
                                if self.low(x) in TIME_UNITS)
            elif w in CLOCK_WORDS or (w in ("a", "p") and self.is_sym(j + 1, ".")
                                      and self.low(j + 2) == "m"):
                return None  # a clock time
            elif w in ("years", "year") and self.low(j + 1) == "old":
                kind = "age"
        # Currency sign before: "$2bn", "€5 million", "Rs 40 crore", "Rs. 300", "HK$5"
        sign_at = c.i - 1
        if self.low(sign_at) == "." and self.low(sign_at - 1) == "rs":
            sign_at -= 1
        sign = self.low(sign_at)
        if sign in CURRENCY_SIGNS and kind == "count":
            kind, unit = "money", CURRENCY_SIGNS[sign]
            start_tok = min(start_tok, sign_at)
            if toks[sign_at].text == "$" and self.low(sign_at - 1) in ("us", "hk", "a", "c", "s",
                                                                     "nz") \
                    and _glued(toks[sign_at - 1], toks[sign_at]):
                start_tok = sign_at - 1
        if self.low(c.i - 1) in AGE_WORDS or self.low(c.i - 2) in AGE_WORDS and \
                self.low(c.i - 1) in ("of", "from", "to", "between"):
            kind = "age"
        if self.low(end_tok) == "old" and self.low(end_tok - 1) in ("years", "year"):
            kind = "age"
        if change and kind == "count" and unit is None and self.low(c.j) == "to":
            # "from 3.1 to 2.9 percent": the first end is in the second's unit
            other = self.core(c.j + 1) if c.j + 1 < len(toks) else None
            after = self.unit_at(other.j) if other else []
            if after and after[0] in ("%", "per", "percent", "pct", "pc"):
                kind, unit = "percent", "percent"
            elif after and after[0] in MEASURES:
                unit, kind = MEASURES[after[0]]
        if kind == "age":
            unit = "year"
        elif kind in ("duration", "attribute") and unit is None:
            unit = own_unit
        qualifier, q_start = self.qualifier(start_tok)
        value, low, high = c.value, c.low, c.high
        q = c.qualifier
        if q == "exact":
            if qualifier:
                q = qualifier
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
        if qualifier:
            start_tok = q_start
        s, e = toks[start_tok].start, toks[end_tok - 1].end
        return Figure(text=self.text[s:e], start=s, end=e, value=value, low=low, high=high,
                      qualifier=q, unit=unit, kind=kind), end_tok

    def compound_measure(self, unit: str, end_tok: int) -> tuple[str, int]:
        """ "km²" -> square kilometre, "km/h" -> kilometre per hour, after a measure word."""
        j = end_tok
        if self.is_sym(j, "²³") and _glued(self.toks[j - 1], self.toks[j]):
            return f"{POWER_SIGNS[self.toks[j].text]} {unit}", j + 1
        if self.is_sym(j, "/") and self.low(j + 1) in ("h", "hr", "hour") \
                and _glued(self.toks[j - 1], self.toks[j]):
            return f"{unit} per hour", j + 2
        return unit, end_tok

    def degrees_at(self, j: int) -> tuple[str, str, int] | None:
        """ "40°C", "40 degrees Celsius", "47.1C" (where the sentence speaks of heat)."""
        if self.is_sym(j, "°º"):
            unit = DEGREES.get(self.low(j + 1))
            return (unit, "measure", j + 2) if unit else ("degree", "measure", j + 1)
        if self.low(j) in ("degrees", "degree"):
            unit = DEGREES.get(self.low(j + 1))
            return (unit, "measure", j + 2) if unit else ("degree", "measure", j + 1)
        if j < len(self.toks) and self.toks[j].text in ("C", "F") and j > 0 \
                and _glued(self.toks[j - 1], self.toks[j]) and _HEAT.search(self.text):
            return DEGREES[self.low(j)], "measure", j + 1
        return None

    def time_unit_follows(self, j: int) -> bool:
        """ "two years", "three straight days", "10 more days" (not "1,000 deaths every day")."""
        for n in range(3):
            w = self.low(j + n)
            if w in TIME_UNITS:
                return not (w == "second" and n == 0)
            if w not in _TIME_FILLERS:
                return False
        return False

    def qualifier(self, start_tok: int) -> tuple[str | None, int]:
        """The qualifier phrase ending right before the figure, and its first token."""
        k = start_tok
        # approximate marks: "~0.8mm", "≈ 300", "c. 600", "ca. 40"
        if self.is_sym(k - 1, "~≈∼"):
            return "approx", k - 1
        if self.is_sym(k - 1, ".") and self.low(k - 2) in ("c", "ca") and (
                k < 3 or not _glued(self.toks[k - 3], self.toks[k - 2])):
            return "approx", k - 2
        # one demonym between qualifier and number: "over Ukrainian 19,000 children"
        skip_adj = k >= 1 and self.toks[k - 1].text[:1].isupper() and re.search(
            r"(?:an|ian|ese|ish|i|ch)$", self.toks[k - 1].text) is not None
        for end in ([k, k - 1] if skip_adj else [k]):
            for n in range(_QUAL_MAX, 0, -1):
                a = end - n
                if a < 0:
                    continue
                phrase = " ".join(self.low(x) for x in range(a, end))
                if phrase in QUALIFIERS:
                    if phrase in ("some", "over", "under", "above", "below") and a > 0 \
                            and self.low(a - 1) in ("for", "in", "of"):
                        continue
                    if phrase == "estimated" and a > 0 and self.toks[a - 1].kind == "word":
                        continue  # "organisers estimated 1.7 million": a verb, not a hedge
                    return QUALIFIERS[phrase], (a if end == k else k)
        # "exceeded the 1 million mark"
        if self.low(k - 1) == "the" and self.low(k - 2) in PASSING_VERBS:
            return "at_least", k
        return None, k

    def not_a_figure(self, c: _Core) -> str | None:
        """Dates, years, clock times, ordinals, names -> "drop"; ages etc. -> their kind."""
        toks = self.toks
        t = toks[c.i]
        prev, nxt = self.low(c.i - 1), self.low(c.j)
        if t.kind == "num":
            raw = t.text
            if self.is_code(c):
                return "drop"
            # calendar dates: "30 April", "April 30", "Sept. 10", "2022-03-25", "3/25"
            if nxt in MONTHS or prev in MONTHS or (prev == "." and self.low(c.i - 2) in MONTHS):
                return "drop"
            # the second day of "from March 19 to 27", "June 3-5"
            if prev in ("to", "until", "till", "through", "and", "-", "–") and c.i >= 3 \
                    and toks[c.i - 2].kind == "num" and self.low(c.i - 3) in MONTHS \
                    and re.fullmatch(r"[0-3]?\d", raw) and re.fullmatch(r"[0-3]?\d",
                                                                     toks[c.i - 2].text):
                return "drop"
            if self.is_sym(c.j, "/:") and c.j + 1 < len(toks) and toks[c.j + 1].kind == "num" \
                    and _glued(toks[c.j - 1], toks[c.j]):
                return "drop"  # 12:22, 3/25
            if self.is_sym(c.i - 1, "/:") and c.i >= 2 and toks[c.i - 2].kind == "num" \
                    and _glued(toks[c.i - 2], toks[c.i - 1]):
                return "drop"
            # years: 1800-2100 without separators, unless a qualifier makes it a count
            if re.fullmatch(r"1[89]\d\d|20\d\d|2100", raw) and c.j == c.i + 1:
                q, _ = self.qualifier(c.i)
                if q is None or nxt in ("elections", "election", "war", "census"):
                    return "drop"
            if re.fullmatch(r"(1[89]|20)\d\ds", raw + nxt) and nxt == "s":
                return "drop"  # the 1990s
            # ordinals: 4th, 21st
            if nxt in ("st", "nd", "rd", "th") and _glued(toks[c.i], toks[c.j]):
                return "drop"
            # names: "Article 5", "F-16", "Covid-19", "G7"
            if c.i >= 1:
                p = toks[c.i - 1]
                if p.kind == "word" and _glued(p, t):
                    return "drop"
                if self.is_sym(c.i - 1, "-#№") and _glued(toks[c.i - 1], t) and c.i >= 2 \
                        and toks[c.i - 2].kind == "word" and _glued(toks[c.i - 2], toks[c.i - 1]):
                    return "drop"
                if p.kind == "word" and p.low in NAMING_WORDS and (
                        p.text[:1].isupper() or p.low in _LEGAL_PARTS):
                    return "drop"  # "Article 5", "article 8 of the Rome Statute"
                if self.is_sym(c.i - 1, "#№"):
                    return "drop"
            if nxt and c.j < len(toks) and toks[c.j].kind == "word" and _glued(t, toks[c.j]) \
                    and nxt not in SCALE_ABBREV and nxt not in CLOCK_WORDS \
                    and nxt not in ("st", "nd", "rd", "th") and nxt not in MEASURES \
                    and toks[c.j].text != "pc" and not self.degrees_at(c.j) \
                    and not (nxt == "p" and not (self.is_sym(c.j + 1, ".")
                                                 and self.low(c.j + 2) == "m")):
                return "drop"  # "7am" handled as clock; "3D", "4G", "5x" are names
            if self.is_sym(c.i - 1, "-–") and c.i >= 2 and re.fullmatch(
                    r"1[89]\d\d|20\d\d", toks[c.i - 2].text) \
                    and _glued(toks[c.i - 2], toks[c.i - 1]):
                return "drop"  # the second half of "1979-89"
            # "the 1979-89 war": a year range
            if self.is_sym(c.j, "-–") and c.j + 1 < len(toks) and re.fullmatch(
                    r"1[89]\d\d|20\d\d", raw) and re.fullmatch(r"\d\d|\d{4}", toks[c.j + 1].text):
                return "drop"
        return None


    def is_code(self, c: _Core) -> bool:
        """Phone numbers, ISBNs, dotted and ISO dates, codes: not counts of anything."""
        toks = self.toks
        i = c.i
        raw = toks[i].text
        if re.fullmatch(r"0\d+", raw):
            return True  # "0800", "0600 hours": a leading zero writes a code, not a count
        # labelled identifiers: "Story Code: 198127", "Code : 4411", "ISBN 978..."
        if self.is_sym(i - 1, ":") and self.low(i - 2) in LABEL_WORDS:
            return True
        if self.low(i - 1) in ("isbn", "issn", "doi", "tel", "fax"):
            return True
        # chains of numbers glued by separators: "2022-10-24", "16.09.2025", "978-0-14-04"
        n, k = 1, i
        dots = False
        while self.is_sym(k - 1, "-./") and k >= 2 and toks[k - 2].kind == "num" \
                and _glued(toks[k - 2], toks[k - 1]) and _glued(toks[k - 1], toks[k]):
            dots |= toks[k - 1].text == "."
            n, k = n + 1, k - 2
        k = i
        while self.is_sym(k + 1, "-./") and k + 2 < len(toks) and toks[k + 2].kind == "num" \
                and _glued(toks[k], toks[k + 1]) and _glued(toks[k + 1], toks[k + 2]):
            dots |= toks[k + 1].text == "."
            n, k = n + 1, k + 2
        if n >= 3 or (n == 2 and dots):
            return True
        # digit groups in a row with only a space between: "123 4567" (a phone number)
        for a, b in ((i - 1, i), (c.j - 1, c.j)):
            if 0 <= a and b < len(toks) and a != b and toks[a].kind == "num" \
                    and toks[b].kind == "num" and self.text[toks[a].end:toks[b].start] == " " \
                    and "," not in toks[a].text + toks[b].text and (a, b) != (c.i - 1, c.j):
                return True
        return False


def find_figures(text: str, include_all: bool = False, doc=None,
                 units: bool = True) -> list[Figure]:
    """Figures in one sentence, spans relative to `text`.

    Without include_all, only what the ledger keeps (counts, percentages, money, measures);
    with it, also durations, ages and attribute sizes ("a 3,000-ton tank"), never dates or
    years. Given `doc`, a spaCy Doc or Span over exactly `text`, counted nouns are read from
    the parse; with units=False they are left to the caller (a count's unit stays None).
    """
    figures = _Scanner(text).figures(include_all)
    if not units:
        return figures
    if doc is not None:
        from claimledger.extract.fields.unit import assign_units

        assign_units(figures, doc)
    else:
        _guess_units(text, figures)
    return figures


_TIME_ABBREV = {"yr": "year", "yrs": "year", "hr": "hour", "hrs": "hour", "min": "minute",
                "mins": "minute", "millennia": "millennium", "centuries": "century"}


def _time_unit(word: str) -> str:
    """ "years" -> year, "hrs" -> hour: a duration's unit, singular."""
    if word in _TIME_ABBREV:
        return _TIME_ABBREV[word]
    return word[:-1] if word.endswith("s") else word


_NEXT_WORD = re.compile(r"\s*(?:more\s+|other\s+|new\s+)?([A-Za-z]+)")


def _guess_units(text: str, figures: list[Figure]) -> None:
    """Without a parse: the word after the figure, singular, when it looks like a noun."""
    from claimledger.extract.fields.unit import singular

    for f in figures:
        if f.unit:
            continue
        m = _NEXT_WORD.match(text, f.end)
        word = m.group(1) if m else ""
        if word and word.lower() not in ("of", "and", "or", "to", "in", "on", "at", "were",
                                         "was", "are", "is", "have", "had", "the", "a"):
            f.unit = singular(word)
        # else no counted noun follows: the unit stays None, nothing is guessed
