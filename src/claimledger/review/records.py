"""A decision, as stored: who decided what about which claim (or which part of the ledger).

A claim's decision names its claim by where it stands, not by its id: the document and its
hash when decided, the sentence and the figure by offsets and by text. A re-run gives claims
new ids; anchor.py finds the claim again from these.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from claimledger.ledger.judgements import Judgements

CLAIM_ACTIONS = ("confirm", "correct", "reject", "add")
LEDGER_ACTIONS = ("merge-claimants", "split-group", "not-a-conflict", "rename-measure")
REASONS = ("not-a-claim", "furniture", "duplicate", "other")
# a claim's review status; "machine": nobody has decided on it
STATUSES = ("machine", "confirmed", "corrected", "rejected", "added")


@dataclass(frozen=True)
class Decision:
    action: str
    reviewer: str
    at: str = ""
    id: int | None = None  # decisions.id, once stored
    claim: int | None = None  # the claim's id when decided
    doc: str | None = None
    sha256: str | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    figure_start: int | None = None
    figure_end: int | None = None
    quote: str | None = None
    figure: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # corrected or added values
    before: dict[str, Any] = field(default_factory=dict)  # the claim as the reviewer saw it
    target: list[str] = field(default_factory=list)  # ledger actions: what they are about
    reason: str | None = None
    note: str | None = None
    base: int | None = None  # the latest decision on this claim the reviewer had seen

    def row(self) -> dict[str, Any]:
        """The decisions row (JSON columns as text)."""
        out = {k: getattr(self, k) for k in COLUMNS}
        for k in ("fields", "before", "target"):
            out[k] = json.dumps(out[k], ensure_ascii=False, sort_keys=True)
        return out

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Decision:
        values = {k: row.get(k) for k in COLUMNS}
        for k, empty in (("fields", {}), ("before", {}), ("target", [])):
            values[k] = json.loads(values[k]) if values[k] else empty
        return cls(**values)


COLUMNS = ("id", "at", "reviewer", "action", "claim", "doc", "sha256", "quote_start",
           "quote_end", "figure_start", "figure_end", "quote", "figure", "fields", "before",
           "target", "reason", "note", "base")


def judgements(decisions: list[Decision]) -> Judgements:
    """The ledger-level decisions, in order, as the ledger build takes them."""
    j = Judgements()
    for d in decisions:
        if d.action == "merge-claimants" and len(d.target) == 2:
            j.same_claimant.append((d.target[0], d.target[1]))
        elif d.action == "split-group" and d.target:
            j.split_groups.add(d.target[0])
        elif d.action == "not-a-conflict" and len(d.target) == 2:
            j.not_conflicts.add(frozenset(d.target))
        elif d.action == "rename-measure" and len(d.target) == 1 and d.fields.get("name"):
            j.measure_names[d.target[0]] = d.fields["name"]
    return j
