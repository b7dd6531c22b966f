"""Export formats: the spec's JSONL claim records, and (soon) conflicts."""

from __future__ import annotations

import json
from typing import TextIO

from claimledger.pipeline import provisional_group
from claimledger.store import Store, claim_from_row

FORMATS = ("jsonl", "conflicts")


def export_jsonl(store: Store, out: TextIO) -> int:
    """One claim record a line, keys in spec order, by document then position.

    Returns the number of records written.
    """
    n = 0
    for row in store.claims():
        claim = claim_from_row(row)
        if claim.group is None:  # the spec's group is always a string
            claim.group = provisional_group(claim)
        # Claim.record() is the one place the spec's field order and number style live.
        out.write(json.dumps(claim.record(), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_conflicts(store: Store, out: TextIO) -> int:
    """Conflicting claim groups, one {"a", "b", "kind", "measure"} object a line, as the
    spec says; each also carries both groups' quotes and sources, so it can be checked."""
    n = 0
    for c in store.conflicts():
        record = {"a": c["a"], "b": c["b"], "kind": c["kind"], "measure": c["measure"]}
        record["evidence"] = {side: [
            {"doc": r["doc"], "quote": r["quote"], "figure": r["figure"],
             "claimant": r["claimant"], "date": r["date"] or r["doc_date"],
             "outlet": r["outlet"]} for r in store.group_claims(c[side])] for side in "ab"}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write `store` to `out` in one of FORMATS; returns the number of lines."""
    writers = {"jsonl": export_jsonl, "conflicts": export_conflicts}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return writers[fmt](store, out)
