"""Store: the ledger's SQLite database, and the only code that speaks SQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimledger.records import Claim, CleanText, Document, Figure
from claimledger.store.codec import decode_cuts, decode_offsets, encode_cuts, encode_offsets
from claimledger.store.ledger import LedgerTables
from claimledger.store.schema import CLAIM_COLUMNS, MIGRATIONS, SCHEMA, VERSION

DEFAULT_PATH = "claimledger.db"


class StoreError(Exception):
    """The database cannot be opened or used; the message says which file and why."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(LedgerTables):
    """A claimledger database, opened by path; the schema is created on open.

    >>> with Store(":memory:") as store:
    ...     store.counts()["documents"]
    0
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, create: bool = True) -> None:
        self.path = str(path)
        if not create and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"no database at {self.path}")
        try:
            # Autocommit mode: transactions are opened explicitly in _transaction().
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                raise StoreError(f"{self.path}: schema version {version} is newer than "
                                 f"this claimledger knows ({VERSION})")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
            self.conn.execute("PRAGMA foreign_keys = ON")
            if version < VERSION:
                # One script, one transaction: a database is never left half-created.
                steps = [sql for v, sqls in sorted(MIGRATIONS.items()) if 0 < version < v
                         for sql in sqls]
                self.conn.executescript(
                    "BEGIN IMMEDIATE; " + "; ".join(steps) + (";" if steps else "")
                    + f" {SCHEMA}; PRAGMA user_version = {VERSION}; COMMIT;"
                )
        except sqlite3.Error as e:
            if hasattr(self, "conn"):
                self.conn.close()
            raise StoreError(f"cannot open database {self.path}: {e}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so a concurrent writer fails fast here
        # rather than halfway through a document.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- documents ----------------------------------------------------------------------

    def has(self, doc_id: str, sha256: str) -> bool:
        """Whether this document, with exactly these bytes, is already stored."""
        row = self.conn.execute(
            "SELECT 1 FROM documents WHERE id = ? AND sha256 = ?", (doc_id, sha256)
        ).fetchone()
        return row is not None

    def add_document(self, doc: Document, clean: CleanText, claims: Iterable[Claim]) -> str:
        """Write a document, its source and its claims in one transaction.

        Returns "unchanged" (same id and bytes already stored: nothing written), "replaced"
        (same id, new bytes: its old claims are dropped) or "added". If anything fails,
        including iterating `claims`, nothing of the document is written.
        """
        src = doc.source
        with self._transaction() as db:
            row = db.execute("SELECT sha256 FROM documents WHERE id = ?", (doc.id,)).fetchone()
            if row is not None and row["sha256"] == src.sha256:
                return "unchanged"
            # Sources are content-addressed and never modified: the same bytes are kept once.
            db.execute(
                "INSERT OR IGNORE INTO sources (sha256, path, size, url, fetched, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (src.sha256, src.path, src.size, src.url, src.fetched, src.data),
            )
            db.execute("DELETE FROM claims WHERE doc = ?", (doc.id,))
            db.execute(
                "INSERT INTO documents (id, sha256, title, outlet, url, date, date_source,"
                " format, language, clean_text, offsets, cuts, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET sha256 = excluded.sha256,"
                " title = excluded.title, outlet = excluded.outlet, url = excluded.url,"
                " date = excluded.date, date_source = excluded.date_source,"
                " format = excluded.format, language = excluded.language,"
                " clean_text = excluded.clean_text, offsets = excluded.offsets,"
                " cuts = excluded.cuts, ingested_at = excluded.ingested_at",
                (doc.id, src.sha256, doc.title, doc.outlet, doc.url or src.url, doc.date,
                 doc.date_source, doc.format, doc.language, clean.text,
                 encode_offsets(clean.offsets), encode_cuts(clean.cuts), _now()),
            )
            db.executemany(
                f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
                (_claim_row(doc.id, c) for c in claims),
            )
        return "added" if row is None else "replaced"

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every document, without its text, with the number of claims found in it."""
        yield from map(dict, self.conn.execute(
            "SELECT d.id, d.sha256, d.title, d.outlet, d.url, d.date, d.date_source, d.format,"
            " d.ingested_at, (SELECT COUNT(*) FROM claims c WHERE c.doc = d.id) AS claims"
            " FROM documents d ORDER BY d.id"
        ))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document with its clean text; `offsets` and `cuts` decoded, or None."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        d = dict(row)
        d["offsets"] = decode_offsets(d["offsets"])
        d["cuts"] = decode_cuts(d["cuts"])
        return d

    def clean_text(self, doc_id: str) -> CleanText | None:
        d = self.document(doc_id)
        return None if d is None else CleanText(d["clean_text"] or "", d["offsets"], d["cuts"])

    def source(self, sha256: str) -> dict[str, Any] | None:
        """The archived original: path, size, url, fetched and the bytes as `data`."""
        row = self.conn.execute("SELECT * FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else dict(row)

    # -- claims -------------------------------------------------------------------------

    def claims(self, doc: str | None = None) -> Iterator[dict[str, Any]]:
        """Claim rows, by document then position in its text."""
        where, args = ("WHERE doc = ?", (doc,)) if doc is not None else ("", ())
        yield from map(dict, self.conn.execute(
            f"SELECT * FROM claims {where} ORDER BY doc, quote_start, figure_start, id", args
        ))

    def top_figures(self, limit: int = 8) -> list[dict[str, Any]]:
        """The claims most carried: groups by number of records, then independent sources,
        then size; each with its first appearance and its claimants' canonical names."""
        return [dict(r) for r in self.conn.execute(
            "SELECT g.id, g.sources, COUNT(c.id) AS times, COUNT(DISTINCT c.doc) AS docs,"
            " g.first_doc AS doc, g.unit,"
            " (SELECT figure FROM claims f WHERE f.grp = g.id ORDER BY f.id LIMIT 1) AS figure,"
            " (SELECT group_concat(DISTINCT k.name) FROM claims f JOIN claimants k"
            "  ON k.id = f.claimant_id WHERE f.grp = g.id) AS claimant"
            " FROM claim_groups g JOIN claims c ON c.grp = g.id GROUP BY g.id"
            " ORDER BY times DESC, g.sources DESC, COALESCE(g.value, g.high, g.low) DESC"
            " LIMIT ?", (limit,))]

    def counts(self) -> dict[str, int]:
        """Totals for the summary: documents, sources, claims, claimants, runs, errors."""
        q = {
            "documents": "SELECT COUNT(*) FROM documents",
            "sources": "SELECT COUNT(*) FROM sources",
            "claims": "SELECT COUNT(*) FROM claims",
            "claimants": "SELECT COUNT(*) FROM claimants",
            "groups": "SELECT COUNT(*) FROM claim_groups",
            "measures": "SELECT COUNT(*) FROM measures",
            "conflicts": "SELECT COUNT(*) FROM conflicts",
            "syndicated": "SELECT COUNT(DISTINCT cluster) FROM syndication",
            "runs": "SELECT COUNT(*) FROM runs",
            "errors": "SELECT COUNT(*) FROM errors",
        }
        return {k: self.conn.execute(sql).fetchone()[0] for k, sql in q.items()}

    # -- runs and errors ----------------------------------------------------------------

    def begin_run(self, inputs: Iterable[str | Path]) -> int:
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (started, inputs, documents_added, errors) VALUES (?, ?, 0, 0)",
                (_now(), json.dumps([str(p) for p in inputs], ensure_ascii=False)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, documents_added: int, errors: int) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished = ?, documents_added = ?, errors = ? WHERE id = ?",
                (_now(), documents_added, errors, run),
            )

    def record_error(self, run: int | None, path: str, problem: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT INTO errors (run, path, problem) VALUES (?, ?, ?)",
                       (run, path, problem))

    def errors(self, run: int | None = None) -> list[dict[str, Any]]:
        where, args = ("WHERE run = ?", (run,)) if run is not None else ("", ())
        return [dict(r) for r in self.conn.execute(
            f"SELECT run, path, problem FROM errors {where} ORDER BY id", args
        )]


def _claim_row(doc_id: str, c: Claim) -> tuple:
    f = c.figure
    return (doc_id, c.quote, f.text, f.value, f.low, f.high, f.qualifier, f.unit, c.claimant,
            c.claimant_role, c.affiliation, c.predicate, c.framing, c.date, c.place, c.group,
            c.quote_start, c.quote_end, f.start, f.end, f.kind)


def claim_from_row(row: dict[str, Any]) -> Claim:
    """Rebuild the Claim a stored row came from (so Claim.record() stays the one spec mapping)."""
    figure = Figure(text=row["figure"], start=row["figure_start"], end=row["figure_end"],
                    value=row["value"], low=row["low"], high=row["high"],
                    qualifier=row["qualifier"], unit=row["unit"], kind=row["kind"])
    return Claim(doc=row["doc"], quote=row["quote"], quote_start=row["quote_start"],
                 quote_end=row["quote_end"], figure=figure, claimant=row["claimant"],
                 claimant_role=row["claimant_role"], affiliation=row["affiliation"],
                 predicate=row["predicate"], framing=row["framing"], date=row["date"],
                 place=row["place"], group=row["grp"])
