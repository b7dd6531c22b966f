"""How sure the machine is of a claim, for ordering the review queue: a score in 0..1 from
what the rules could and could not decide, not a probability.

Each field the extractor left undecided, or decided the weak way, costs what PENALTIES
says: no claimant (the outlet's own voice, which on unseen articles is most often a speaker
missed), a claimant without a side, a vague count, no predicate, no date of its own, no
place. The weights follow where the grader finds the machine wrong most often on articles
it has not seen (claimant first, then affiliation, place and date).
"""

from __future__ import annotations

from typing import Any

PENALTIES = {
    "no claimant": 0.30,
    "no side": 0.15,
    "vague figure": 0.10,
    "no predicate": 0.10,
    "no place": 0.05,
    "no date": 0.10,
}


def doubts(claim: dict[str, Any]) -> list[str]:
    """What the machine could not decide about a claim (keys of PENALTIES)."""
    out = []
    if not claim.get("claimant"):
        out.append("no claimant")
    elif not claim.get("affiliation"):
        out.append("no side")
    if claim.get("qualifier") == "vague":
        out.append("vague figure")
    if not claim.get("predicate"):
        out.append("no predicate")
    if not claim.get("place"):
        out.append("no place")
    if not claim.get("date"):
        out.append("no date")
    return out


def confidence(claim: dict[str, Any]) -> float:
    return round(max(0.0, 1.0 - sum(PENALTIES[d] for d in doubts(claim))), 2)
