"""Step 1 of the figure parser: the number core of a phrase, and what it is worth.

A core is the number itself, before anything around it is read: digits ("1.06 million",
"1.5m", "2 million 340 thousand"), spelled numbers ("twenty-five", "two hundred and
fifty"), vague counts ("hundreds of thousands", "several thousand"), fractions as
proportions ("a third", "two-thirds", "one in five"), multiples ("twice the number") and
ranges ("20-40", "between 20 and 40", "1.5 to 2 million"). The words and their values are
in fields/numbers.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger import lexicon
from claimledger.extract.fields.measures import unit_at
from claimledger.extract.fields.numbers import (
    FRACTIONS,
    MULTIPLE_NEXT,
    NUMBER_WORDS,
    SCALE_ABBREV,
    SCALES,
    SIGN_CHARS,
    TENS,
    TIME_UNITS,
    UNITS,
    VAGUE,
    VAGUE_MULTIPLIERS,
)
from claimledger.extract.fields.tokens import Tokens, glued, num_value
from claimledger.lexicon import gazetteer

# singular nouns of people after which a lone "one" may count ("one child", "one civilian")
_ONE_COUNTS = lexicon.words("people_units") | lexicon.words("child_words")
_VAGUE_LONGEST_FIRST = [(p, p.split()) for p in sorted(VAGUE, key=lambda p: -len(p.split()))]
# Words a number phrase can start with; any other word is skipped at once.
_STARTERS = (NUMBER_WORDS | set(FRACTIONS) | {p.split()[0] for p in VAGUE}
             | {m.split()[0] for m in VAGUE_MULTIPLIERS} | {"a", "an", "another", "half",
                                                          "twice"})


@dataclass
class Core:
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


def is_lone_one(text: str) -> bool:
    """A figure written "one" alone ("one child"), which core() admits only before a noun of
    people: a count under a toll's verb, else an article."""
    return text.lower() == "one"


def core(s: Tokens, k: int) -> Core | None:
    """Read a number core starting at token k, or None."""
    t = s.toks[k]
    w = t.low
    if t.kind != "num" and w not in _STARTERS:
        return None  # most words start no number: the fast way out
    # Vague counts: "hundreds of thousands", "thousands", "dozens"
    for phrase, parts in _VAGUE_LONGEST_FIRST:
        if [s.low(k + n) for n in range(len(parts))] == parts:
            lo, hi = VAGUE[phrase]
            return Core(k, k + len(parts), None, lo, hi, "vague", words_only=True)
    # "several thousand", "a few hundred" ("many thousands" reads as "thousands")
    for mult_word, mult in VAGUE_MULTIPLIERS.items():
        parts = mult_word.split()
        n = len(parts)
        if [s.low(k + x) for x in range(n)] == parts and s.low(k + n) in SCALES:
            if mult_word == "many":
                continue
            scale = SCALES[s.low(k + n)]
            return Core(k, k + n + 1, None, mult * scale, 10 * scale - 1, "vague",
                        words_only=True)
    # "half a million"
    if w == "half" and s.low(k + 1) == "a" and s.low(k + 2) in SCALES:
        return Core(k, k + 3, SCALES[s.low(k + 2)] / 2, words_only=True)
    # Fractions: "half", "a third", "two-thirds", "three out of ten", "one in five"
    frac = fraction(s, k)
    if frac:
        return frac
    # "a thousand", "a million", "another thousand": approximate by the article
    if w in ("a", "an", "another") and s.low(k + 1) in SCALES:
        j = k + 2
        value = SCALES[s.low(k + 1)]
        if s.low(j) in SCALES and SCALES[s.low(j)] > value:  # "a hundred thousand"
            value *= SCALES[s.low(j)]
            j += 1
        return Core(k, j, float(value), words_only=True, article=True)
    if w == "twice" and s.low(k + 1) in MULTIPLE_NEXT:
        return Core(k, k + 1, 200.0, kind="percent", unit="percent", words_only=True)
    if w == "a" and s.low(k + 1) == "dozen":
        return Core(k, k + 2, 12.0, words_only=True, article=True)
    if t.kind == "num":
        return digits_core(s, k)
    got = words_number(s, k)
    if got:
        j, value = got
        if w == "one" and j == k + 1:
            if s.low(k + 1) in _ONE_COUNTS:
                # "killing one child": maybe a toll; kept only under a toll's verb
                # (figure.lone_one_counts)
                return Core(k, j, 1.0, words_only=True)
            return None  # "one" alone is an article or a pronoun, not a count
        if s.low(j) == "dozen":
            return Core(k, j + 1, value * 12, words_only=True)
        return Core(k, j, value, words_only=True)
    return None


def words_number(s: Tokens, k: int) -> tuple[int, float] | None:
    """Spelled numbers from token k: "two", "twenty-five", "one million", "two hundred"."""
    total, current, j, seen = 0.0, 0.0, k, False
    while j < len(s.toks):
        w = s.low(j)
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
            # "twenty-five"
            if (s.is_sym(j + 1, "-") and s.low(j + 2) in UNITS
                    and glued(s.toks[j], s.toks[j + 1])):
                current += UNITS[s.low(j + 2)]
                j += 2
        elif w in SCALES and seen:
            if w == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * SCALES[w]
                current = 0
        elif w == "and" and seen and s.low(j + 1) == "a" and s.low(j + 2) == "half":
            current += 0.5  # "two and a half million"
            j += 2
        elif w == "and" and seen and s.low(j + 1) in NUMBER_WORDS and s.low(j + 1) \
                not in SCALES and current >= 100:
            pass  # "two hundred and fifty"
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return j, total + current


def digits_core(s: Tokens, k: int) -> Core:
    t = s.toks[k]
    value = num_value(t.text)
    j = k + 1
    if s.low(j) in SCALES:  # "1.06 million", "2 thousand"
        scale = SCALES[s.low(j)]
        value *= scale
        j += 1
        # one figure written in parts: "2 million 340 thousand", "3 billion 200 million"
        toks = s.toks
        while j + 1 < len(toks) and toks[j].kind == "num" and s.low(j + 1) in SCALES \
                and SCALES[s.low(j + 1)] < scale \
                and s.text[toks[j - 1].end:toks[j].start] == " ":
            part = num_value(toks[j].text)
            if part >= 1000:
                break
            scale = SCALES[s.low(j + 1)]
            value += part * scale
            j += 2
    elif s.low(j) in SCALE_ABBREV and glued(s.toks[k], s.toks[j]):  # "1.5m"
        value *= SCALE_ABBREV[s.low(j)]
        j += 1
    elif s.low(j) in ("mln", "bn"):
        value *= SCALE_ABBREV[s.low(j)]
        j += 1
    return Core(k, j, value)


def fraction(s: Tokens, k: int) -> Core | None:
    w = s.low(k)
    if w == "half" and s.low(k - 1) not in ("first", "second", "last", "latter", "other"):
        if s.low(k + 1) in TIME_UNITS or s.low(k + 1) in ("-", "an", "a"):
            return None  # "half an hour", "half-hour"
        return Core(k, k + 1, 50.0, kind="percent", unit="percent", words_only=True)
    if w in ("a", "one") and s.low(k + 1) in FRACTIONS and s.low(k + 1) != "half":
        # "a third", "a quarter" ("one third" is exact, "a third" approximate)
        nxt = s.low(k + 1)
        if nxt.endswith("s"):
            return None
        if s.low(k + 2) in ("century", "of") and nxt == "quarter" and s.low(k + 3) in (
                "century", "an", "hour"):
            return None
        after = s.low(k + 2)
        if nxt != "quarter" and gazetteer.is_noun(after) and not gazetteer.is_english_word(
                after) and after not in UNITS and after not in SCALES:
            return None  # "a third aircraft", "a fifth day": an ordinal, not a share
        return Core(k, k + 2, FRACTIONS[nxt], kind="percent", unit="percent",
                    words_only=True, article=(w == "a"))
    if w in UNITS and w != "one":
        j = k + 1
        if s.is_sym(j, "-") and glued(s.toks[k], s.toks[j]):
            j += 1
        if s.low(j) in FRACTIONS and s.low(j).endswith("s"):  # "two-thirds"
            return Core(k, j + 1, UNITS[w] * FRACTIONS[s.low(j)], kind="percent",
                        unit="percent", words_only=True)
    # "three out of ten", "one in five", "three of every ten", "one in every four"
    if w in UNITS or s.toks[k].kind == "num":
        a = UNITS.get(w) if w in UNITS else num_value(s.toks[k].text)
        n = 0
        if s.low(k + 1) == "out" and s.low(k + 2) == "of":
            n = 3
        elif s.low(k + 1) in ("of", "in") and s.low(k + 2) == "every":
            n = 2
        if n:
            n += s.low(k + n) == "every"
            b = s.low(k + n)
            bv = UNITS.get(b, TENS.get(b)) if b else None
            if bv is None and k + n < len(s.toks) and s.toks[k + n].kind == "num":
                bv = num_value(s.toks[k + n].text)
            if bv:
                return Core(k, k + n + 1, 100.0 * a / bv, kind="percent", unit="percent",
                            words_only=w in UNITS)
        if s.low(k + 1) == "in" and s.low(k + 2) in set(UNITS) | {"ten"} and w in UNITS:
            b = s.low(k + 2)
            bv = UNITS.get(b) or {"ten": 10}.get(b)
            if bv and s.low(k + 3) not in TIME_UNITS:
                return Core(k, k + 3, 100.0 * a / bv, kind="percent", unit="percent",
                            words_only=True)
    return None


def extend_range(s: Tokens, c: Core) -> Core:
    """ "20-40", "200,000 to 400,000", "between 20 and 40" (caller handles "between")."""
    j = c.j
    spelled_fraction = c.kind == "percent" and c.unit == "percent" and c.words_only
    if c.value is None or c.qualifier != "exact" or spelled_fraction:
        return c
    # a unit repeated on both ends: "5% and 10%", "20%-30%", "5 km to 10 km"
    unit = unit_at(s, j)
    j += len(unit)
    dash = s.is_sym(j, "-–") and j + 1 < len(s.toks)
    word = s.low(j) in ("to", "and") and j + 1 < len(s.toks)
    if not (dash or word):
        return c
    if s.low(j) == "and" and "between" not in (s.low(c.i - 1), s.low(c.i - 2)):
        return c  # "45 and 50 cases" are two figures; "between 45 and 50" is a range
    if dash and not (glued(s.toks[j - 1], s.toks[j])
                     and glued(s.toks[j], s.toks[j + 1])):
        return c
    k = j + 1
    if s.is_sym(k, SIGN_CHARS):  # "$300 million and $400 million"
        k += 1
    other = core(s, k) if k < len(s.toks) else None
    if other is None or other.value is None or other.qualifier != "exact" \
            or other.kind != "count":
        return c
    if unit and unit_at(s, other.j) != unit:
        return c
    lo, hi = c.value, other.value
    # "1.5 to 2 million", "two to three billion": the scale of the second applies
    # to the first
    last = s.low(other.j - 1)
    if last in SCALES and s.low(c.j - 1) not in SCALES and lo < hi / 1000 and lo < 1000:
        lo *= SCALES[last]
    if hi <= lo:
        return c
    return Core(c.i, other.j, None, lo, hi, "range", words_only=c.words_only)
