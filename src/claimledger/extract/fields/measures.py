"""Step 2 of the figure parser, after the number: the unit words that follow a core.

Percent ("%", "per cent", "7pc"), units of measure and money ("km", "km²", "km/h",
"dollars"), temperatures ("40°C", "40 degrees Celsius") and the words of time that make a
number a duration ("three straight days"). Which noun a count counts ("402,000 *people*")
is not decided here but in fields/unit.py.
"""

from __future__ import annotations

import re

from claimledger.extract.fields.numbers import (
    DEGREES,
    MEASURES,
    PERCENT_WORDS,
    POWER_SIGNS,
    TIME_UNITS,
)
from claimledger.extract.fields.tokens import Tokens, glued
from claimledger.lexicon import words

_HEAT = re.compile(r"temperat|heat|degrees|celsius|fahrenheit|thermometer|warm|cold|hot\b"
                   r"|freez", re.I)
_TIME_FILLERS = words("time_fillers")
_TIME_ABBREV = {"yr": "year", "yrs": "year", "hr": "hour", "hrs": "hour", "min": "minute",
                "mins": "minute", "millennia": "millennium", "centuries": "century"}


def unit_at(s: Tokens, j: int) -> list[str]:
    """The unit words or sign at token j ("%", "per cent", "km"), or []."""
    if s.is_sym(j, "%"):
        return ["%"]
    if s.low(j) == "per" and s.low(j + 1) == "cent":
        return ["per", "cent"]
    if s.low(j) in PERCENT_WORDS or s.low(j) in MEASURES:
        return [s.low(j)]
    return []


def compound_measure(s: Tokens, unit: str, end_tok: int) -> tuple[str, int]:
    """ "km²" -> square kilometre, "km/h" -> kilometre per hour, after a measure word."""
    j = end_tok
    if s.is_sym(j, "²³") and glued(s.toks[j - 1], s.toks[j]):
        return f"{POWER_SIGNS[s.toks[j].text]} {unit}", j + 1
    if s.is_sym(j, "/") and s.low(j + 1) in ("h", "hr", "hour") \
            and glued(s.toks[j - 1], s.toks[j]):
        return f"{unit} per hour", j + 2
    return unit, end_tok


def degrees_at(s: Tokens, j: int) -> tuple[str, str, int] | None:
    """ "40°C", "40 degrees Celsius", "47.1C" (where the sentence speaks of heat)."""
    if s.is_sym(j, "°º"):
        unit = DEGREES.get(s.low(j + 1))
        return (unit, "measure", j + 2) if unit else ("degree", "measure", j + 1)
    if s.low(j) in ("degrees", "degree"):
        unit = DEGREES.get(s.low(j + 1))
        return (unit, "measure", j + 2) if unit else ("degree", "measure", j + 1)
    if j < len(s.toks) and s.toks[j].text in ("C", "F") and j > 0 \
            and glued(s.toks[j - 1], s.toks[j]) and _HEAT.search(s.text):
        return DEGREES[s.low(j)], "measure", j + 1
    return None


def time_unit_follows(s: Tokens, j: int) -> bool:
    """ "two years", "three straight days", "10 more days" (not "1,000 deaths every day")."""
    for n in range(3):
        w = s.low(j + n)
        if w in TIME_UNITS:
            return not (w == "second" and n == 0)
        if w not in _TIME_FILLERS:
            return False
    return False


def time_unit(word: str) -> str:
    """ "years" -> year, "hrs" -> hour: a duration's unit, singular."""
    if word in _TIME_ABBREV:
        return _TIME_ABBREV[word]
    return word[:-1] if word.endswith("s") else word
