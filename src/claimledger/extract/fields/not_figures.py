"""Step 3 of the figure parser: numbers that are not figures.

Dates ("30 April", "2022-03-25", "3/25", the second day of "June 3-5"), years ("in
2019", "the 1990s", "1979-89"), clock times ("12:22"), ordinals ("4th"), names ("Article
5", "F-16", "Covid-19", "#3") and codes (phone numbers, ISBNs, "Story Code: 198127", a
leading zero) are dropped; what is kept as another kind (an age, a duration) is decided
in fields/figure.py `_read`.
"""

from __future__ import annotations

import re

from claimledger.extract.fields.cores import Core
from claimledger.extract.fields.measures import degrees_at
from claimledger.extract.fields.numbers import (
    CLOCK_WORDS,
    LABEL_WORDS,
    MEASURES,
    MONTHS,
    NAMING_WORDS,
    SCALE_ABBREV,
)
from claimledger.extract.fields.qualifier import qualifier
from claimledger.extract.fields.tokens import Tokens, glued
from claimledger.lexicon import words

_LEGAL_PARTS = words("legal_parts")


def not_a_figure(s: Tokens, c: Core) -> str | None:
    """Dates, years, clock times, ordinals, names -> "drop"; ages etc. -> their kind."""
    toks = s.toks
    t = toks[c.i]
    prev, nxt = s.low(c.i - 1), s.low(c.j)
    if t.kind == "num":
        raw = t.text
        if is_code(s, c):
            return "drop"
        # calendar dates: "30 April", "April 30", "Sept. 10", "2022-03-25", "3/25"
        if nxt in MONTHS or prev in MONTHS or (prev == "." and s.low(c.i - 2) in MONTHS):
            return "drop"
        # the second day of "from March 19 to 27", "June 3-5"
        if prev in ("to", "until", "till", "through", "and", "-", "–") and c.i >= 3 \
                and toks[c.i - 2].kind == "num" and s.low(c.i - 3) in MONTHS \
                and re.fullmatch(r"[0-3]?\d", raw) and re.fullmatch(r"[0-3]?\d",
                                                                 toks[c.i - 2].text):
            return "drop"
        if s.is_sym(c.j, "/:") and c.j + 1 < len(toks) and toks[c.j + 1].kind == "num" \
                and glued(toks[c.j - 1], toks[c.j]):
            return "drop"  # 12:22, 3/25
        if s.is_sym(c.i - 1, "/:") and c.i >= 2 and toks[c.i - 2].kind == "num" \
                and glued(toks[c.i - 2], toks[c.i - 1]):
            return "drop"
        # years: 1800-2100 without separators, unless a qualifier makes it a count
        if re.fullmatch(r"1[89]\d\d|20\d\d|2100", raw) and c.j == c.i + 1:
            q, _ = qualifier(s, c.i)
            if q is None or nxt in ("elections", "election", "war", "census"):
                return "drop"
        if re.fullmatch(r"(1[89]|20)\d\ds", raw + nxt) and nxt == "s":
            return "drop"  # the 1990s
        # ordinals: 4th, 21st
        if nxt in ("st", "nd", "rd", "th") and glued(toks[c.i], toks[c.j]):
            return "drop"
        # names: "Article 5", "F-16", "Covid-19", "G7"
        if c.i >= 1:
            p = toks[c.i - 1]
            if p.kind == "word" and glued(p, t):
                return "drop"
            if s.is_sym(c.i - 1, "-#№") and glued(toks[c.i - 1], t) and c.i >= 2 \
                    and toks[c.i - 2].kind == "word" and glued(toks[c.i - 2], toks[c.i - 1]):
                return "drop"
            if p.kind == "word" and p.low in NAMING_WORDS and (
                    p.text[:1].isupper() or p.low in _LEGAL_PARTS):
                return "drop"  # "Article 5", "article 8 of the Rome Statute"
            if s.is_sym(c.i - 1, "#№"):
                return "drop"
        if nxt and c.j < len(toks) and toks[c.j].kind == "word" and glued(t, toks[c.j]) \
                and nxt not in SCALE_ABBREV and nxt not in CLOCK_WORDS \
                and nxt not in ("st", "nd", "rd", "th") and nxt not in MEASURES \
                and toks[c.j].text != "pc" and not degrees_at(s, c.j) \
                and not (nxt == "p" and not (s.is_sym(c.j + 1, ".")
                                             and s.low(c.j + 2) == "m")):
            return "drop"  # "7am" handled as clock; "3D", "4G", "5x" are names
        if s.is_sym(c.i - 1, "-–") and c.i >= 2 and re.fullmatch(
                r"1[89]\d\d|20\d\d", toks[c.i - 2].text) \
                and glued(toks[c.i - 2], toks[c.i - 1]):
            return "drop"  # the second half of "1979-89"
        # "the 1979-89 war": a year range
        if s.is_sym(c.j, "-–") and c.j + 1 < len(toks) and re.fullmatch(
                r"1[89]\d\d|20\d\d", raw) and re.fullmatch(r"\d\d|\d{4}", toks[c.j + 1].text):
            return "drop"
    return None


def is_code(s: Tokens, c: Core) -> bool:
    """Phone numbers, ISBNs, dotted and ISO dates, codes: not counts of anything."""
    toks = s.toks
    i = c.i
    raw = toks[i].text
    if re.fullmatch(r"0\d+", raw):
        return True  # "0800", "0600 hours": a leading zero writes a code, not a count
    # labelled identifiers: "Story Code: 198127", "Code : 4411", "ISBN 978..."
    if s.is_sym(i - 1, ":") and s.low(i - 2) in LABEL_WORDS:
        return True
    if s.low(i - 1) in ("isbn", "issn", "doi", "tel", "fax"):
        return True
    # chains of numbers glued by separators: "2022-10-24", "16.09.2025", "978-0-14-04"
    n, k = 1, i
    dots = False
    while s.is_sym(k - 1, "-./") and k >= 2 and toks[k - 2].kind == "num" \
            and glued(toks[k - 2], toks[k - 1]) and glued(toks[k - 1], toks[k]):
        dots |= toks[k - 1].text == "."
        n, k = n + 1, k - 2
    k = i
    while s.is_sym(k + 1, "-./") and k + 2 < len(toks) and toks[k + 2].kind == "num" \
            and glued(toks[k], toks[k + 1]) and glued(toks[k + 1], toks[k + 2]):
        dots |= toks[k + 1].text == "."
        n, k = n + 1, k + 2
    if n >= 3 or (n == 2 and dots):
        return True
    # digit groups in a row with only a space between: "123 4567" (a phone number)
    for a, b in ((i - 1, i), (c.j - 1, c.j)):
        if 0 <= a and b < len(toks) and a != b and toks[a].kind == "num" \
                and toks[b].kind == "num" and s.text[toks[a].end:toks[b].start] == " " \
                and "," not in toks[a].text + toks[b].text and (a, b) != (c.i - 1, c.j):
            return True
    return False
