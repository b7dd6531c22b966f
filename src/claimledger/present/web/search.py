"""The web app's own index: claims and article text in an in-memory SQLite with FTS5.

Built from the Store's read methods (documents(), document(), claims(), claimants(),
claim_groups(), measures()), so the ledger's database is only ever read; rebuilt when the
store changes. It answers the claims list (filters + full-text `q`) and search.

Full text covers each claim's quote, figure (as written and as plain digits, so "402000"
finds "402,000"), claimant names with every alias, measure and outlet, and each article's
title and clean text. User input never reaches FTS5's query syntax: each word becomes a
quoted prefix term.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass, field
from typing import Any

from claimledger.ledger.sides import OWN_COUNT, shown, shown_claimant_sides
from claimledger.store import Store

OUTLET_NONE = OWN_COUNT  # the side of a claim no one is quoted for: the outlet's own figure

# Marks for FTS5 snippets: control characters no clean text keeps (stripped at indexing),
# so the escaped snippet can turn exactly these into <mark>…</mark>.
SNIP_OPEN, SNIP_CLOSE = "\x02", "\x03"

CLAIM_COLUMNS = (
    "id", "doc", "quote", "figure", "value", "low", "high", "qualifier", "unit", "kind",
    "claimant", "claimant_id", "claimant_name", "claimant_role", "affiliation", "side",
    "predicate", "framing", "date", "place", "grp", "measure", "measure_name", "outlet",
    "doc_title", "quote_start", "quote_end", "figure_start", "figure_end", "status",
    "reviewed_by",
)

_SCHEMA = f"""
CREATE TABLE docs (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, outlet TEXT,
                   date TEXT, url TEXT, claims INTEGER);
CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE claims ({", ".join(CLAIM_COLUMNS)}, PRIMARY KEY (id));
CREATE INDEX claims_doc ON claims (doc);
CREATE INDEX claims_measure ON claims (measure);
CREATE INDEX claims_claimant ON claims (claimant_id);
CREATE VIRTUAL TABLE claims_fts USING fts5(quote, figure, who, about,
                                           tokenize = 'unicode61 remove_diacritics 2');
"""

_WORD = re.compile(r"\w+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def fts_query(q: str) -> str | None:
    """A safe FTS5 query from free text: every word a quoted prefix term, all required.

    "402,000" is one term of two adjacent tokens (a phrase), as the tokenizer splits it.
    Returns None when the text holds no word at all.
    """
    terms = []
    for chunk in q.split()[:32]:
        words = _WORD.findall(chunk)
        if words:
            terms.append('"' + " ".join(w.lower() for w in words) + '"*')
    return " AND ".join(terms) or None


@dataclass
class Filters:
    """The claims list's filters; every one optional, all combined with AND."""

    measure: str | None = None
    claimant: str | None = None
    side: str | None = None
    outlet: str | None = None
    framing: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    doc: str | None = None
    q: str | None = None

    def active(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass
class Facets:
    """The values each filter can take, for the form's drop-downs."""

    measures: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    claimants: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    sides: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    framings: list[str] = field(default_factory=list)


class Index:
    """A snapshot of the store for listing and searching; safe to share across threads."""

    def __init__(self, store: Store) -> None:
        self._lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.executescript(_SCHEMA)
        self.signature = signature(store)
        self._build(store)

    # -- building -----------------------------------------------------------------------

    def _build(self, store: Store) -> None:
        docs = list(store.documents())
        claimants = {c["id"]: c for c in store.claimants()}
        groups = {g["id"]: g for g in store.claim_groups()}
        measures = {m["id"]: m["name"] for m in store.measures()}
        by_id = {d["id"]: d for d in docs}
        # a claimants list shows each claimant under the side its groups are shown under
        self._claimant_sides = shown_claimant_sides(
            (g["claimants"] or (), g["side"]) for g in groups.values())
        db = self.db
        for rid, d in enumerate(docs, 1):
            full = store.document(d["id"]) or {}
            db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (rid, d["id"], d["title"], d["outlet"], d["date"], d["url"], d["claims"]))
            db.execute("INSERT INTO docs_fts (rowid, title, body) VALUES (?, ?, ?)",
                       (rid, _clean(d["title"] or ""), _clean(full.get("clean_text") or "")))
        rows = []
        fts = []
        for c in store.claims():
            d = by_id.get(c["doc"], {})
            g = groups.get(c["grp"] or "", {})
            k = claimants.get(c.get("claimant_id") or "", {})
            measure = g.get("measure")
            row = {
                **{col: c.get(col) for col in CLAIM_COLUMNS},
                "claimant_name": k.get("name") or c["claimant"],
                # its group's side (ledger/sides.py); ungrouped yet, its claimant's name
                "side": shown(g.get("side"), k.get("name") or c["claimant"]),
                "date": c["date"] or d.get("date"),
                "measure": measure, "measure_name": measures.get(measure or ""),
                "outlet": d.get("outlet"), "doc_title": d.get("title"),
            }
            rows.append(tuple(row[col] for col in CLAIM_COLUMNS))
            who = " ".join(x for x in [c["claimant"], k.get("name"), *(k.get("aliases") or []),
                                       k.get("role"), c["claimant_role"], c["affiliation"]]
                           if x)
            digits = " ".join(str(int(v)) for v in (c["value"], c["low"], c["high"])
                              if v is not None and float(v).is_integer())
            about = " ".join(x for x in (row["measure_name"], c["unit"], c["predicate"],
                                         c["place"], d.get("outlet"), d.get("title"), c["doc"])
                             if x)
            fts.append((c["id"], _clean(c["quote"] or ""), f"{c['figure'] or ''} {digits}",
                        _clean(who), _clean(about)))
        db.executemany(f"INSERT INTO claims VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
                       rows)
        db.executemany("INSERT INTO claims_fts (rowid, quote, figure, who, about) "
                       "VALUES (?, ?, ?, ?, ?)", fts)
        db.commit()
        self.facets = Facets(
            measures=sorted(measures.items(), key=lambda m: m[1]),
            claimants=sorted(((i, c["name"]) for i, c in claimants.items()),
                             key=lambda c: c[1].lower()),
            sides=self._distinct("side"), outlets=self._distinct("outlet"),
            framings=self._distinct("framing"))

    def _distinct(self, col: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            f"SELECT DISTINCT {col} FROM claims WHERE {col} IS NOT NULL ORDER BY {col}")]

    def close(self) -> None:
        self.db.close()

    # -- reading ------------------------------------------------------------------------

    def _all(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self.db.execute(sql, args)]

    def claims(self, f: Filters, limit: int = 100, offset: int = 0
               ) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, one page of them), by date then document and position."""
        where, args = [], []
        for col, value in (("measure", f.measure), ("claimant_id", f.claimant),
                           ("side", f.side), ("outlet", f.outlet), ("framing", f.framing),
                           ("doc", f.doc)):
            if value:
                where.append(f"c.{col} = ?")
                args.append(value)
        if f.date_from:
            where.append("c.date >= ?")
            args.append(f.date_from)
        if f.date_to:
            where.append("c.date <= ?")
            args.append(f.date_to)
        join = ""
        if f.q:
            match = fts_query(f.q)
            if match is None:
                return 0, []
            join = "JOIN claims_fts ON claims_fts.rowid = c.id AND claims_fts MATCH ?"
            args.insert(0, match)
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        base = f"FROM claims c {join} {cond}"
        total = self._all(f"SELECT count(*) AS n {base}", args)[0]["n"]
        rows = self._all(f"SELECT c.* {base} ORDER BY c.date IS NULL, c.date, c.doc, "
                         "c.quote_start, c.figure_start, c.id LIMIT ? OFFSET ?",
                         [*args, limit, offset])
        return total, rows

    def claim(self, claim_id: int) -> dict[str, Any] | None:
        rows = self._all("SELECT * FROM claims WHERE id = ?", (claim_id,))
        return rows[0] if rows else None

    def doc_claims(self, doc: str) -> list[dict[str, Any]]:
        """A document's claims in the order of its text."""
        return self._all("SELECT * FROM claims WHERE doc = ? ORDER BY quote_start, "
                         "figure_start, id", (doc,))

    def by_ids(self, ids: list[int]) -> list[dict[str, Any]]:
        """Claims by id, in the order given (ids not in the index are left out)."""
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = {r["id"]: r for r in self._all(f"SELECT * FROM claims WHERE id IN ({marks})",
                                              ids)}
        return [rows[i] for i in ids if i in rows]

    def first_claims(self, groups: list[str]) -> dict[str, int]:
        """The first claim (lowest id) of each group: where a chart's mark links to."""
        if not groups:
            return {}
        marks = ", ".join("?" * len(groups))
        return {r["grp"]: r["id"] for r in self._all(
            f"SELECT grp, min(id) AS id FROM claims WHERE grp IN ({marks}) GROUP BY grp",
            groups)}

    def documents(self, q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Documents whose title or text match `q`, best first, each with a short snippet
        (marked with SNIP_OPEN/SNIP_CLOSE); all documents when `q` is empty."""
        if not q:
            return self._all("SELECT id, title, outlet, date, url, claims FROM docs ORDER BY id")
        match = fts_query(q)
        if match is None:
            return []
        return self._all(
            "SELECT d.id, d.title, d.outlet, d.date, d.url, d.claims, "
            f"snippet(docs_fts, 1, '{SNIP_OPEN}', '{SNIP_CLOSE}', '…', 24) AS snippet "
            "FROM docs_fts JOIN docs d ON d.rid = docs_fts.rowid "
            "WHERE docs_fts MATCH ? ORDER BY bm25(docs_fts, 5.0, 1.0) LIMIT ?", (match, limit))

    def search_claims(self, q: str, limit: int = 50) -> list[dict[str, Any]]:
        """Claims matching `q`, best first (a claimant's name weighs most)."""
        match = fts_query(q)
        if match is None:
            return []
        return self._all(
            "SELECT c.* FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
            "WHERE claims_fts MATCH ? ORDER BY bm25(claims_fts, 2.0, 3.0, 4.0, 1.0), c.id "
            "LIMIT ?", (match, limit))

    def claimant_side(self, claimant_id: str) -> str | None:
        """The side a claimant is shown under: the one most of its groups have."""
        return self._claimant_sides.get(claimant_id)

    def counts_by(self, col: str, value: str) -> int:
        if col not in ("measure", "claimant_id", "doc", "grp"):
            raise ValueError(col)
        return self._all(f"SELECT count(*) AS n FROM claims WHERE {col} = ?", (value,))[0]["n"]


def signature(store: Store) -> tuple:
    """What changes when a run adds, replaces or regroups anything, or a reviewer decides:
    the index is rebuilt. (Every such write adds an activity entry: its head moves.)"""
    counts = store.counts()
    stamps = max((d["ingested_at"] or "" for d in store.documents()), default="")
    return tuple(sorted(counts.items())) + (stamps, store.head())


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)
