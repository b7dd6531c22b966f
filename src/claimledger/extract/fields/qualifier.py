"""Step 2 of the figure parser, before the number: the qualifier that bounds a figure.

"more than 300" is at_least, "nearly 300" at_most, "about 300" or "c. 300" approx (the
phrases are QUALIFIERS in fields/numbers.py); "exceeded the 1 million mark" is at_least.
"""

from __future__ import annotations

import re

from claimledger.extract.fields.numbers import PASSING_VERBS, QUALIFIERS
from claimledger.extract.fields.tokens import Tokens, glued

_QUAL_MAX = max(len(q.split()) for q in QUALIFIERS)


def qualifier(s: Tokens, start_tok: int) -> tuple[str | None, int]:
    """The qualifier phrase ending right before the figure, and its first token."""
    k = start_tok
    # approximate marks: "~0.8mm", "≈ 300", "c. 600", "ca. 40"
    if s.is_sym(k - 1, "~≈∼"):
        return "approx", k - 1
    if s.is_sym(k - 1, ".") and s.low(k - 2) in ("c", "ca") and (
            k < 3 or not glued(s.toks[k - 3], s.toks[k - 2])):
        return "approx", k - 2
    # one demonym between qualifier and number: "over Ukrainian 19,000 children"
    skip_adj = k >= 1 and s.toks[k - 1].text[:1].isupper() and re.search(
        r"(?:an|ian|ese|ish|i|ch)$", s.toks[k - 1].text) is not None
    for end in ([k, k - 1] if skip_adj else [k]):
        for n in range(_QUAL_MAX, 0, -1):
            a = end - n
            if a < 0:
                continue
            phrase = " ".join(s.low(x) for x in range(a, end))
            if phrase in QUALIFIERS:
                if phrase in ("some", "over", "under", "above", "below") and a > 0 \
                        and s.low(a - 1) in ("for", "in", "of"):
                    continue
                if phrase == "estimated" and a > 0 and s.toks[a - 1].kind == "word":
                    continue  # "organisers estimated 1.7 million": a verb, not a hedge
                return QUALIFIERS[phrase], (a if end == k else k)
    # "exceeded the 1 million mark"
    if s.low(k - 1) == "the" and s.low(k - 2) in PASSING_VERBS:
        return "at_least", k
    return None, k
