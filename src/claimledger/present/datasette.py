"""`claimledger datasette-metadata`: a metadata file for opening the database in Datasette
(`datasette claimledger.db -m metadata.json`): what each table, view and column holds, and
which column names a row (`label_column`), so that references show as names, not hashes.

The database declares its foreign keys (claims -> documents, claimants; claim groups ->
measures, documents; conflicts -> claim groups; syndication -> documents) and ships two
views for people: `claims_readable` and `conflicts_readable` (store/schema.py VIEWS).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES: dict[str, tuple[str, str | None, dict[str, str]]] = {
    # table: (description, label column, {column: description})
    "claims_readable": ("Every claim in words: its document, claimant, side, measure and "
                        "review status (machine values; corrections are in reviews)", None, {
        "claim_id": "the claim's id, as in /claims/ID and the CSV export",
        "figure": "the figure as written", "value": "its point value",
        "low": "lower bound implied by the wording", "high": "upper bound",
        "claimant": "who states it (merged across spellings)",
        "side": "the side its group is shown under", "measure": "what it counts",
        "status": "machine, or what a reviewer made of it", "page": "a PDF's page",
        "quote": "the sentence it came from, verbatim"}),
    "conflicts_readable": ("Every conflict as the two claims it sets against each other", None,
                           {"sentence": "what differs, in plain words",
                            "a_figure": "the first claim of group a, as written",
                            "b_figure": "the first claim of group b, as written",
                            "apart": "times the nearer bounds differ, less one",
                            "weight": "the rank: the gap times the independent sources"}),
    "documents": ("Articles as read: metadata, clean text and what cleaning cut", "title", {
        "id": "the file name (or file.jsonl#N, result.json#POST)",
        "sha256": "of the original bytes, archived in sources",
        "clean_text": "the article's own text; claim offsets point here",
        "cuts": "JSON: what cleaning removed, and why", "language": "ISO 639-1"}),
    "sources": ("The original bytes of every input, by SHA-256, never modified", "path", {}),
    "claims": ("Every figure found, in context (spec/claims.md's record)", "figure", {
        "grp": "the spec's group: the same claim across documents (claim_groups)",
        "claimant_id": "the claimant across spellings (claimants)",
        "origin": "NULL: the machine's; review: kept by the review layer",
        "page": "a PDF's page, from 1"}),
    "claimants": ("One claimant across spellings and transliterations", "name", {
        "aliases": "JSON: every spelling met"}),
    "claim_groups": ("One claim stated across documents", "id", {
        "sources": "independent sources (syndicated copies count once)",
        "outlets": "JSON: the outlets that carried it"}),
    "measures": ("What groups of claims count", "name", {}),
    "conflicts": ("Claim groups that cannot both be true, or one figure framed two ways", None,
                  {"a": "claim_groups.id", "b": "claim_groups.id",
                   "kind": "figure | framing | both"}),
    "syndication": ("Documents that are one story: copies and retellings", None, {
        "how": "near-duplicate | shared passages"}),
    "activity": ("The hash-chained log of every write (claimledger verify checks it)", None,
                 {}),
    "decisions": ("Reviewers' decisions, append-only", None, {}),
    "reviews": ("What decisions make of each claim", None, {}),
}
HIDDEN = ("users",)  # password hashes: nothing to browse


def metadata(db_name: str) -> dict[str, Any]:
    """The metadata object for a database Datasette names `db_name` (its file's stem)."""
    tables: dict[str, Any] = {}
    for name, (about, label, columns) in TABLES.items():
        entry: dict[str, Any] = {"description": about}
        if label:
            entry["label_column"] = label
        if columns:
            entry["columns"] = columns
        tables[name] = entry
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {"title": "claimledger",
            "description": "Who claimed what figure, when: a sourced ledger of claims.",
            "databases": {db_name: {"tables": tables}}}


def database_name(path: str) -> str:
    """The name Datasette gives a database file: its file name without the extension."""
    return Path(path).stem
