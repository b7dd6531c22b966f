"""The people's verdict as a measure: the reviewed claims are gold, the machine's own
records of them the prediction, scored as the grader scores a gold set (evaluate/).

A claim confirmed or corrected is gold as the people left it, and the machine's record as
it found it; one rejected is only a prediction (the machine's false positive); one added
is only gold (a claim the machine missed). Claims nobody looked at count for nothing, and,
as in the shared grader, only documents with some gold are graded: a rejection in a
document where nothing was confirmed, corrected or added is kept, but not scored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SPEC_FIELDS = ("doc", "quote", "figure", "value", "low", "high", "qualifier", "unit",
               "claimant", "affiliation", "predicate", "framing", "date", "place")


def gold_and_machine(rows: Iterable[dict[str, Any]]
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(gold, machine) spec records of the reviewed `rows` (store.claims with rejected
    ones, as reviewed: `status`, and `machine` for the fields people changed)."""
    gold, machine = [], []
    for r in rows:
        status = r.get("status")
        if status in (None, "machine"):
            continue
        reviewed = {k: r.get(k) for k in SPEC_FIELDS}
        reviewed["key"] = r.get("grp")
        if status in ("confirmed", "corrected", "added"):
            gold.append(reviewed)
        if status in ("confirmed", "corrected", "rejected") and r.get("origin") is None:
            found = {**reviewed, **(r.get("machine") or {})}
            found["group"] = r.get("grp")
            found.pop("key")
            machine.append(found)
    return gold, machine
