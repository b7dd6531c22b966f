"""What a conflict says, in a sentence a journalist could publish, and how much it weighs.

The sentence names each voice as the ledger knows it (the claimant as first named, else the
outlet that printed the figure), each figure as written and, for a framing conflict, each
side's own verb: "Russia's defence ministry: about 400,000 evacuated; Lyudmyla Denisova:
402,000 deported; the figures agree within 0.5%". A conflict's weight orders the ledger's
conflicts: how far apart the bounds are (twice as large counts 1, ten times 9), a framing
dispute counting as a twofold gap, times the independent sources behind the two groups
(syndicated copies count once). It ranks; it does not rule on who is right.
"""

from __future__ import annotations

import re

from claimledger.ledger.entries import Entry, in_base_unit
from claimledger.ledger.groups import Group

_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")


def describe(kind: str, a: Group, b: Group, entries: dict[int, Entry],
             bounds: tuple[tuple[float, float], tuple[float, float]]) -> tuple[str, float, int]:
    """(sentence, apart, sources): `apart` is how many times the nearer bounds differ, less
    one (0.0 where they meet); `sources` the independent sources of both groups."""
    if bounds[1][0] < bounds[0][0]:  # the lower figure first
        a, b, bounds = b, a, (bounds[1], bounds[0])
    ea, eb = entries[a.members[0]], entries[b.members[0]]
    (la, ha), (lb, hb) = bounds
    low_hi, high_lo = (ha, lb) if ha < lb else (hb, la)
    apart = high_lo / low_hi - 1 if kind != "framing" and low_hi > 0 else 0.0
    framed = kind in ("framing", "both")
    first = f"{_voice(ea)}: {ea.figure}" + (f" {_verb(ea)}" if framed else "")
    second = f"{_voice(eb)}: {eb.figure}" + (f" {_verb(eb)}" if framed else "")
    if kind == "framing":
        tail = f"the figures agree within {_agreement(ea, eb)}"
    elif apart >= 1:
        tail = f"the nearer bounds are {apart + 1:.3g} times apart"
    else:
        tail = f"the nearer bounds are {apart:.0%} apart"
    return f"{first}; {second}; {tail}", round(apart, 4), a.sources + b.sources


def weight(kind: str, apart: float, sources: int) -> float:
    """The conflict's rank: the gap (a framing dispute counts as a twofold one) times the
    independent sources."""
    return round((apart + (1.0 if kind in ("framing", "both") else 0.0)) * max(sources, 1), 4)


def _voice(e: Entry) -> str:
    return e.claimant or (f"{e.outlet} (its own count)" if e.outlet else "the reporting outlet")


def _verb(e: Entry) -> str:
    """The claim's verb as its sentence writes it ("evacuated" for the lemma "evacuate")."""
    lemma = (e.predicate or "").lower()
    if not lemma:
        return "(no verb)" if e.framing is None else e.framing
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    for w in _WORD.findall(e.quote):
        if w.lower().startswith(stem) and w.lower() != lemma and len(w) > len(stem):
            return w.lower()
    return lemma


def _agreement(a: Entry, b: Entry) -> str:
    va, vb = in_base_unit(a)[0], in_base_unit(b)[0]
    if va is None or vb is None or max(abs(va), abs(vb)) == 0:
        return "their ranges"
    gap = abs(va - vb) / max(abs(va), abs(vb))
    return "0.5%" if gap <= 0.005 else f"{gap:.0%}" if gap >= 0.01 else f"{gap:.1%}"
