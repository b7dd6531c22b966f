"""The figure parser's tokens: a sentence cut into numbers, words and single signs.

Every step of the parser (fields/cores.py, qualifier.py, measures.py, not_figures.py,
figure.py) reads a sentence through a `Tokens` view, by token index; an index outside
the sentence reads as the empty word, so a rule may look a few tokens ahead or back
without bounds checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d,]|\.\d)"
    r"|\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:[.'’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)


@dataclass
class Tok:
    text: str
    low: str  # lower case
    start: int
    end: int
    kind: str  # num | word | sym


def tokens(text: str) -> list[Tok]:
    return [Tok(m.group(), m.group().lower(), m.start(), m.end(), m.lastgroup or "sym")
            for m in _TOKEN.finditer(text)]


def num_value(s: str) -> float:
    """ "1,200" / "1 200" / "3.5" -> the number."""
    return float(re.sub(r"[,\s\u00a0\u202f\u2009]", "", s))


def glued(a: Tok, b: Tok) -> bool:
    """No space between the two tokens ("44-year", "1.5m", "F-16")."""
    return a.end == b.start


class Tokens:
    """A sentence and its tokens, read by index."""

    def __init__(self, text: str):
        self.text = text
        self.toks = tokens(text)

    def low(self, k: int) -> str:
        return self.toks[k].low if 0 <= k < len(self.toks) else ""

    def is_sym(self, k: int, chars: str) -> bool:
        return 0 <= k < len(self.toks) and self.toks[k].kind == "sym" and self.toks[k].text in chars
