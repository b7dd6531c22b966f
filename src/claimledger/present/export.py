"""Export formats: the dispatch, the spec's JSONL claim records and the conflicts.

The spreadsheet (csv), schema.org (claimreview) and Parquet exports live in formats.py.
Nothing heavy is imported here, so the CLI can list FORMATS without loading the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, TextIO

from claimledger.records import Claim
from claimledger.store import Store, claim_from_row

FORMATS = ("jsonl", "conflicts", "csv", "claimreview", "parquet", "gold")
# Written to a binary file, never to a terminal: the CLI wants --out for these.
BINARY_FORMATS = ("parquet",)


class ExportError(Exception):
    """The export cannot be written as asked (a value the format cannot hold, a missing
    library); the message says why."""


@dataclass(frozen=True)
class Which:
    """Which claims an export writes: every claim but the rejected ones by default; only
    those a person decided on (`reviewed_only`); rejected ones too (`include_rejected`,
    their `status` saying so)."""

    reviewed_only: bool = False
    include_rejected: bool = False


ALL = Which()


def spec_claims(store: Store, which: Which = ALL) -> Iterator[tuple[dict[str, Any], Claim]]:
    """(stored row, Claim) for every claim `which` selects, as people reviewed them, by
    document then position in its text.

    A claim the ledger has not grouped yet gets the provisional group the pipeline would
    give it: the spec's `group` is always a string, in every format.
    """
    from claimledger.pipeline import provisional_group  # deferred: it loads the reader

    for row in store.claims(include_rejected=which.include_rejected,
                            reviewed_only=which.reviewed_only):
        claim = claim_from_row(row)
        if claim.group is None:
            claim.group = provisional_group(claim)
        yield row, claim


def export_jsonl(store: Store, out: TextIO, which: Which = ALL) -> int:
    """One claim record a line, keys in spec order, by document then position. A claim from
    a paged source (a PDF) carries, after the spec's keys, its `page`; a record a
    person decided on also carries, after the spec's keys, its review `status`
    (confirmed, corrected, rejected, added) and `reviewed_by`; the machine's own records
    are exactly the spec's (their status is "machine").

    Returns the number of records written.
    """
    n = 0
    for row, claim in spec_claims(store, which):
        # Claim.record() is the one place the spec's field order and number style live.
        record = claim.record()
        if row.get("page") is not None:  # a paged source's claim says where it is printed
            record["page"] = row["page"]
        if row["status"] != "machine":
            record.update(status=row["status"], reviewed_by=row["reviewed_by"])
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_gold(store: Store, out: TextIO, which: Which = ALL) -> int:
    """The claims people confirmed, corrected or added, as spec/claims.md's gold records
    (the claim group as `key`), so a team's reviews grade the next version:
    `grade.py --gold` takes this file."""
    n = 0
    for row, claim in spec_claims(store, Which(reviewed_only=True)):
        if row["status"] not in ("confirmed", "corrected", "added"):
            continue
        record = claim.record()
        record["key"] = record.pop("group")
        record["reviewed_by"] = row["reviewed_by"]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_conflicts(store: Store, out: TextIO, which: Which = ALL) -> int:
    """Conflicting claim groups, one {"a", "b", "kind", "measure"} object a line, as the
    spec says, the weightiest first; each also says what differs ("sentence"), its rank
    ("apart", "sources", "weight") and carries both groups' quotes and sources, so it can
    be checked."""
    n = 0
    for c in store.conflicts():
        record = {"a": c["a"], "b": c["b"], "kind": c["kind"], "measure": c["measure"],
                  "sentence": c["sentence"], "apart": c["apart"], "sources": c["sources"],
                  "weight": c["weight"]}
        record["evidence"] = {side: [
            {"doc": r["doc"], "quote": r["quote"], "figure": r["figure"],
             "claimant": r["claimant"], "date": r["date"] or r["doc_date"],
             "outlet": r["outlet"]} for r in store.group_claims(c[side])] for side in "ab"}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def export(store: Store, fmt: str, out: IO[Any], which: Which = ALL) -> int:
    """Write `store` to `out` in one of FORMATS, the claims `which` selects; returns the
    number of records written (lines, rows, or schema.org Claim objects).

    `out` is a text stream, except for BINARY_FORMATS, which need a binary file.
    """
    from claimledger.present import formats

    writers = {"jsonl": export_jsonl, "conflicts": export_conflicts,
               "csv": formats.export_csv, "claimreview": formats.export_claimreview,
               "parquet": formats.export_parquet, "gold": export_gold}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    with store.reading():  # every format reads one consistent state
        return writers[fmt](store, out, which)
