"""The claims for other tools: a spreadsheet (csv), schema.org JSON-LD (claimreview) and
Parquet.

csv and parquet have one row per claim: the fields of the JSONL record (spec/claims.md), in
its order, then a few columns about the claim and its document (COLUMNS). The record is
flat already (the figure's value, low and high are columns of their own), so no cell holds
JSON. claimreview has one schema.org Claim per claim group, with its appearances.

claimledger records who claimed what; it never rules on who is right. So it writes Claim
objects, not ClaimReview: a ClaimReview carries a rating, and there is none to give. A
fact-checker can wrap these Claims in ClaimReviews of their own.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO, TextIO

from claimledger import lexicon
from claimledger.present.export import ALL, ExportError, Which, spec_claims
from claimledger.present.links import safe_url
from claimledger.store import Store

# The JSONL record's fields, in spec order, then columns about the claim and its document.
SPEC_COLUMNS = ("doc", "quote", "figure", "value", "low", "high", "qualifier", "unit",
                "claimant", "affiliation", "predicate", "framing", "date", "place", "group")
EXTRA_COLUMNS = (
    "claim_id",       # the claim's id in the database (and in `serve`'s /claims/{id})
    "page",           # the page of a paged source (a PDF) the figure is on; empty: unpaged
    "claimant_role",  # "Ukraine's human rights commissioner"
    "figure_kind",    # count | percent | money | measure | ...
    "outlet",         # the document's outlet, title, publication date, URL and the
    "doc_title",      # SHA-256 of its original bytes (sources.sha256)
    "doc_date",
    "doc_url",        # (http(s) only: a javascript: or data: URL is left out)
    "doc_sha256",
    "status",         # machine | confirmed | corrected | rejected | added (claimledger review)
    "reviewed_by",    # who decided last, or empty
)
COLUMNS = SPEC_COLUMNS + EXTRA_COLUMNS

# Parquet types; every column may be null.
NUMBER_COLUMNS = ("value", "low", "high")  # float64
INTEGER_COLUMNS = ("claim_id", "page")  # int64
DATE_COLUMNS = ("date", "doc_date")  # date32 (YYYY-MM-DD in csv)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def claim_rows(store: Store, which: Which = ALL, ids: set[int] | None = None
               ) -> Iterator[dict[str, Any]]:
    """Every claim `which` selects (of `ids`, when given) as a flat dict of COLUMNS, by
    document then position."""
    docs = {d["id"]: d for d in store.documents()}
    for row, claim in spec_claims(store, which):
        if ids is not None and row["id"] not in ids:
            continue
        record = claim.record()  # the spec's fields, as the JSONL export writes them
        doc = docs.get(claim.doc) or {}
        record.update(
            claim_id=row["id"], page=row.get("page"), claimant_role=row["claimant_role"],
            figure_kind=row["kind"],
            outlet=doc.get("outlet"), doc_title=doc.get("title"), doc_date=doc.get("date"),
            doc_url=safe_url(doc.get("url")), doc_sha256=doc.get("sha256"),
            status=row["status"], reviewed_by=row["reviewed_by"])
        yield record


# -- csv ---------------------------------------------------------------------------------


def export_csv(store: Store, out: TextIO, which: Which = ALL, ids: set[int] | None = None
               ) -> int:
    """One claim a row under a header row of COLUMNS, for spreadsheets: UTF-8 with a byte
    order mark (so Excel reads Cyrillic names), RFC 4180 quoting (CRLF between rows; a
    newline inside a cell stays inside its quotes), numbers as plain numbers, None as an
    empty cell, and text that a spreadsheet would run as a formula escaped with a leading
    apostrophe. `ids`: only these claims (the web UI's filtered view). Returns the number
    of rows, header not counted."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")  # QUOTE_MINIMAL, doubled quotes
    writer.writerow(COLUMNS)
    n = 0
    for record in claim_rows(store, which, ids):
        writer.writerow([csv_cell(record[c]) for c in COLUMNS])
        n += 1
    return n


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: numbers as they are, None empty, text that starts like a
    formula (=, +, -, @, tab, CR) prefixed with an apostrophe. Article text is untrusted."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# -- parquet -----------------------------------------------------------------------------


def parquet_schema() -> Any:
    """COLUMNS with their Arrow types: text as string, value/low/high as float64, the claim
    id as int64, dates as date32."""
    import pyarrow as pa

    def arrow_type(column: str) -> Any:
        if column in NUMBER_COLUMNS:
            return pa.float64()
        if column in INTEGER_COLUMNS:
            return pa.int64()
        if column in DATE_COLUMNS:
            return pa.date32()
        return pa.string()

    return pa.schema([pa.field(c, arrow_type(c), nullable=True) for c in COLUMNS])


def export_parquet(store: Store, out: BinaryIO, which: Which = ALL) -> int:
    """One claim a row, COLUMNS typed as parquet_schema() says, to a binary file.
    Returns the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:  # a dependency; only a broken install lacks it
        raise ExportError(f"the parquet export needs pyarrow ({e}): pip install -e .") from e

    rows = list(claim_rows(store, which))
    data: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for record in rows:
        for c in COLUMNS:
            data[c].append(_typed(c, record[c], record))
    pq.write_table(pa.table(data, schema=parquet_schema()), out)
    return len(rows)


def _typed(column: str, value: Any, record: dict[str, Any]) -> Any:
    if value is None:
        return None
    if column in NUMBER_COLUMNS:
        return float(value)
    if column in DATE_COLUMNS:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ExportError(f"claim {record['claim_id']} in {record['doc']}: {column} "
                             f"{value!r} is not a YYYY-MM-DD date") from None
    return value


# -- claimreview: schema.org JSON-LD -----------------------------------------------------


def export_claimreview(store: Store, out: TextIO, which: Which = ALL) -> int:
    """One JSON-LD document, {"@context": "https://schema.org", "@graph": [...]}, with a
    schema.org Claim per claim group, in order of first appearance. Returns the number of
    Claims."""
    graph = claim_objects(store, which)
    json.dump({"@context": "https://schema.org", "@graph": graph}, out,
              ensure_ascii=False, indent=2)
    out.write("\n")
    return len(graph)


def claim_objects(store: Store, which: Which = ALL) -> list[dict[str, Any]]:
    """A schema.org Claim for each claim group:

    - `identifier`: the group id (the JSONL records' `group`);
    - `text`: the quote of its first appearance, the sentence that states it;
    - `author`: who states it (at its first attributed appearance): a Person (with
      `jobTitle` and `affiliation`) or an Organization (with `memberOf`: the side it speaks
      for, the side the ledger shows its group under). The ledger's claimant kind decides,
      else the claimant's shape;
    - `datePublished`: the first appearance's claim date, else its document's date;
    - `appearance`: a CreativeWork per document that carries it, first appearance first,
      with `url` (the document's URL when it is http(s), else `urn:sha256:` and its
      original's hash),
      `identifier` (the document id), `headline`, `datePublished` and `publisher`;
    - `firstAppearance`: the first of those.

    Appearances are ordered as the ledger orders a group: by claim date (else document
    date), document, position.
    """
    docs = {d["id"]: d for d in store.documents()}
    claimants = {c["id"]: c for c in store.claimants()}
    sides = {g["id"]: g["side"] for g in store.claim_groups()}  # ledger/sides.py decided them
    groups: dict[str, list[dict[str, Any]]] = {}
    for row, claim in spec_claims(store, which):
        groups.setdefault(claim.group or "", []).append(row)

    def key(row: dict[str, Any]) -> tuple:
        doc_date = (docs.get(row["doc"]) or {}).get("date")
        return (row["date"] or doc_date or "9999", row["doc"], row["figure_start"] or 0,
                row["id"])

    members = {g: sorted(rows, key=key) for g, rows in groups.items()}
    graph = []
    for group, rows in sorted(members.items(), key=lambda item: (key(item[1][0]), item[0])):
        first = rows[0]
        seen: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["doc"] not in seen:
                seen[row["doc"]] = _creative_work(row["doc"], docs.get(row["doc"]) or {})
        appearances = list(seen.values())
        graph.append(_compact({
            "@type": "Claim",
            "identifier": group,
            "text": first["quote"],
            "author": _author(rows, claimants, sides.get(group)),
            "datePublished": first["date"] or (docs.get(first["doc"]) or {}).get("date"),
            "appearance": appearances,
            "firstAppearance": appearances[0],
        }))
    return graph


def _creative_work(doc_id: str, doc: dict[str, Any]) -> dict[str, Any]:
    url = safe_url(doc.get("url")) or (f"urn:sha256:{doc['sha256']}" if doc.get("sha256")
                                       else None)
    outlet = doc.get("outlet")
    return _compact({
        "@type": "CreativeWork",
        "url": url,
        "identifier": doc_id,
        "headline": doc.get("title"),
        "datePublished": doc.get("date"),
        "publisher": {"@type": "Organization", "name": outlet} if outlet else None,
    })


def _author(rows: list[dict[str, Any]], claimants: dict[str, dict[str, Any]],
            shown: str | None = None) -> dict | None:
    """The Person or Organization who states the claim: the claimant of its first attributed
    appearance, under the ledger's canonical name when the ledger has resolved it. A claim
    with no claimant but a side is the side's (an Organization); with neither, None."""
    row = next((r for r in rows if r["claimant"]), None)
    if row is None:
        side = next((r["affiliation"] for r in rows if r["affiliation"]), None)
        return {"@type": "Organization", "name": side} if side else None
    known = claimants.get(row.get("claimant_id") or "")
    if known:
        name, kind = known["name"] or row["claimant"], known["kind"]
        role = known["role"] or row["claimant_role"]
        side = shown or known["affiliation"] or row["affiliation"]
        aliases = [a for a in known["aliases"] or () if a != name]
    else:
        name, role, aliases = row["claimant"], row["claimant_role"], []
        kind = claimant_kind(name, role, row["affiliation"])  # its shape, as extracted
        side = shown or row["affiliation"]
    side_org = {"@type": "Organization", "name": side} if side and side != name else None
    if kind == "person":
        return _compact({"@type": "Person", "name": name, "alternateName": aliases or None,
                         "jobTitle": role, "affiliation": side_org})
    return _compact({"@type": "Organization", "name": name, "alternateName": aliases or None,
                     "memberOf": side_org})


# Words that make a claimant a body, not a person ("Ukraine's defence ministry").
BODY_WORDS = lexicon.words("body_words")


def claimant_kind(name: str, role: str | None, side: str | None) -> str:
    """"person" or "body", from the claimant alone, for claims the ledger has not resolved:
    a claimant with a role, or two to four capitalised words none of which names a body
    ("Lyudmyla Denisova", "Людмила Денисова"), is a person; a side, a country, or anything
    else is a body."""
    if role:
        return "person"
    words = [re.sub(r"['’]s$", "", w).strip(".,") for w in name.split()]
    if name == side or any(w.casefold() in BODY_WORDS for w in words):
        return "body"
    return "person" if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) else "body"


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Without the keys whose value is None: JSON-LD leaves out what is not known."""
    return {k: v for k, v in obj.items() if v is not None}
