"""What a document's decisions make of its claims: the one place a claim's status is decided.

Decisions are applied in the order they were made, each to the claim its anchor finds:
fields corrected accumulate (a later correction of the same field wins), the last confirm,
correct or reject says whether the claim stands. A claim the machine found and a person
corrected is `corrected` (`confirmed` if every field set equals the machine's); one a
person added, or confirmed where the machine no longer finds it, is kept as a claim of the
review layer's own (`added`, or as confirmed or corrected), so a new extraction rule never
loses a human decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.review.anchor import Anchor, anchor
from claimledger.review.records import Decision

# the columns of a claim a review-layer claim is written with, besides its spans and text
_CLAIM_FIELDS = ("value", "low", "high", "qualifier", "unit", "claimant", "claimant_role",
                 "affiliation", "predicate", "framing", "date", "place", "kind", "period")


@dataclass
class ClaimState:
    """A claim as decisions leave it. `claim`: the stored machine claim, or None for one the
    review layer keeps (then `record` is the whole claim to write)."""

    claim: int | None
    status: str
    reviewer: str
    at: str
    decision: int
    fields: dict[str, Any]
    record: dict[str, Any] | None = None


@dataclass
class DocState:
    claims: list[ClaimState] = field(default_factory=list)
    orphans: list[tuple[Decision, str]] = field(default_factory=list)
    # the latest decision on each claim, by machine claim id or ("span", start, end)
    latest: dict[Any, int] = field(default_factory=dict)
    key_of: dict[int, Any] = field(default_factory=dict)  # decision id -> its claim's key


def doc_state(decisions: Sequence[Decision], sha256: str | None, text: str | None,
              claims: Sequence[dict[str, Any]]) -> DocState:
    """The reviewed state of one document's claims (`claims`: its stored rows, machine
    ones and any the review layer wrote) under its claim `decisions`, oldest first."""
    machine = {int(c["id"]): c for c in claims if c.get("origin") is None}
    out = DocState()
    seen: dict[Any, dict[str, Any]] = {}  # key -> {"first", "last", "fields", "at", "span"}
    for d in decisions:
        where = anchor(d, sha256, text, claims)
        if isinstance(where, str):
            out.orphans.append((d, where))
            continue
        key: Any = where.claim if where.claim is not None else ("span", where.figure_start,
                                                               where.figure_end)
        s = seen.setdefault(key, {"first": d, "fields": {}, "span": where})
        s["last"] = d
        s["fields"].update(d.fields)
        out.latest[key] = int(d.id or 0)
        out.key_of[int(d.id or 0)] = key
    for key, s in seen.items():
        last: Decision = s["last"]
        state = ClaimState(claim=key if isinstance(key, int) else None, status="",
                           reviewer=last.reviewer, at=last.at, decision=int(last.id or 0),
                           fields=dict(s["fields"]))
        if last.action == "reject":
            state.status = "rejected"
            if state.claim is None:
                continue  # nothing the machine found, nothing kept: it simply is not there
        elif state.claim is not None:
            row = machine[state.claim]
            differs = any(row.get(k) != v for k, v in state.fields.items())
            state.status = "corrected" if differs else "confirmed"
        else:
            first: Decision = s["first"]
            state.status = ("added" if first.action == "add"
                            else "corrected" if state.fields else "confirmed")
            state.record = _kept(first, s["span"], text or "", state.fields)
        out.claims.append(state)
    return out


def _kept(first: Decision, at: Anchor, text: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The claim row the review layer writes: the claim as first seen (a confirmed claim's
    snapshot) or added, with the fields set since, at its anchor in the text now."""
    base = {k: first.before.get(k) for k in _CLAIM_FIELDS}
    base.update({k: v for k, v in fields.items() if k in _CLAIM_FIELDS})
    base["kind"] = base.get("kind") or "count"
    base["qualifier"] = base.get("qualifier") or "exact"
    return {**base, "quote": text[at.quote_start:at.quote_end],
            "figure": text[at.figure_start:at.figure_end], "quote_start": at.quote_start,
            "quote_end": at.quote_end, "figure_start": at.figure_start,
            "figure_end": at.figure_end, "origin": "review"}
