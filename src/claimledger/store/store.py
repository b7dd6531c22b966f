"""Store: the ledger's database, SQLite by default or PostgreSQL, and the only code that
speaks SQL (SQLAlchemy Core over the tables of schema.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Executable, delete, distinct, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from claimledger.records import Claim, CleanText, Document, Figure
from claimledger.store import activity
from claimledger.store import schema as t
from claimledger.store.activity import LEDGER_DIGEST_VERSION
from claimledger.store.backend import (
    DiskFull,
    StoreError,
    asc,
    connect,
    desc,
    is_disk_full,
    label,
    missing_triggers,
    write_lock,
)
from claimledger.store.codec import decode_cuts, decode_offsets, encode_cuts, encode_offsets
from claimledger.store.ledger import LedgerTables
from claimledger.store.reviews import ReviewTables, overlay, rejected, review_columns
from claimledger.store.signing import Signer, Verifier

DEFAULT_PATH = "claimledger.db"

__all__ = ["DEFAULT_PATH", "DiskFull", "Store", "StoreError", "claim_from_row"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(LedgerTables, ReviewTables):
    """A claimledger database, opened by path (SQLite) or by `postgresql://` URL; the schema
    is created on open.

    >>> with Store(":memory:") as store:
    ...     store.counts()["documents"]
    0
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, create: bool = True, *,
                 repair: bool = True, key: Verifier | None = None) -> None:
        """`repair`: put back append-only triggers someone dropped (verify opens without, to
        report them). `key` (store.signing.load_key): a Signer signs every activity entry
        this Store writes; a public key only verifies (`claimledger verify --key`)."""
        target = str(path)
        # The path as given; a URL without its password.
        self.path = label(target)
        self.key = key
        signer = key if isinstance(key, Signer) else None
        self.conn: Connection = connect(target, create, repair, signer)
        self.dialect = self.conn.dialect.name

    def close(self) -> None:
        engine = self.conn.engine
        self.conn.close()
        engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and queries -------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction: all of it or none; writers take turns (backend.py).
        Inside `locked()`, it is that transaction."""
        if self.conn.in_transaction():
            if not self.conn.info.get("write"):
                raise RuntimeError("a write inside a read transaction")
            yield self.conn
            return
        self.conn.info["write"] = True  # SQLite: BEGIN IMMEDIATE
        try:
            with self.conn.begin():
                write_lock(self.conn)
                yield self.conn
        except Exception as e:
            if is_disk_full(e):  # rolled back: the database is as it was before
                raise DiskFull(f"{self.path}: the disk is full (or the database reached its "
                               "size limit): this change was not written") from None
            raise
        finally:
            self.conn.info.pop("write", None)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One write transaction around several calls: what they read cannot change before
        what they write is committed (other writers wait), and all of it commits or none."""
        with self._transaction():
            yield

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction around several calls: they all see the same state."""
        with self._read():
            yield

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction, or the write transaction already open."""
        if self.conn.in_transaction():
            yield self.conn
        else:
            with self.conn.begin():
                yield self.conn

    def _rows(self, stmt: Executable) -> list[dict[str, Any]]:
        with self._read() as db:
            return [dict(r._mapping) for r in db.execute(stmt)]

    def _each(self, stmt: Executable) -> Iterator[Any]:
        """The rows one at a time (mappings), for results too large to hold as dicts."""
        with self._read() as db:
            for r in db.execute(stmt):
                yield r._mapping

    def _one(self, stmt: Executable) -> dict[str, Any] | None:
        rows = self._rows(stmt)
        return rows[0] if rows else None

    def _insert(self, table: Any) -> Any:
        """INSERT with ON CONFLICT, in this database's dialect."""
        return (pg_insert if self.dialect == "postgresql" else sqlite_insert)(table)

    # -- documents ----------------------------------------------------------------------

    def place_of(self, doc_id: str) -> dict[str, Any] | None:
        """Where a stored document was read from: {sha256, path, record, source_path} (path
        and record are None for documents stored before schema version 4), or None."""
        d, s = t.documents.c, t.sources.c
        return self._one(select(d.sha256, d.path, d.record, s.path.label("source_path"))
                         .join(t.sources, s.sha256 == d.sha256).where(d.id == doc_id))

    def document_at(self, path: str, record: int | None = None) -> str | None:
        """The id of the document read from this file (and line or record), if stored."""
        d = t.documents.c
        found = self._one(select(d.id).where(d.path == place(path),
                                             d.record.is_(None) if record is None
                                             else d.record == record))
        return None if found is None else found["id"]

    def has(self, doc_id: str, sha256: str) -> bool:
        """Whether this document, with exactly these bytes, is already stored."""
        d = t.documents.c
        return self._one(select(d.id).where(d.id == doc_id, d.sha256 == sha256)) is not None

    def add_document(self, doc: Document, clean: CleanText, claims: Iterable[Claim],
                     force: bool = False) -> str:
        """Write a document, its source and its claims in one transaction.

        Returns "unchanged" (same id and bytes already stored: nothing written), "replaced"
        (same id, new bytes, or the same bytes extracted again with `force`: its old claims
        are dropped) or "added". People's decisions on its claims are applied again to the
        new claims in the same transaction (review/state.py): they hold across re-runs. If
        anything fails, including iterating `claims`, nothing of the document is written.
        """
        src = doc.source
        with self._transaction() as db:
            old = db.execute(select(t.documents.c.sha256)
                             .where(t.documents.c.id == doc.id)).scalar_one_or_none()
            if old == src.sha256 and not force:
                return "unchanged"
            # Sources are content-addressed and never modified: the same bytes are kept once.
            db.execute(self._insert(t.sources).values(
                sha256=src.sha256, path=src.path, size=src.size, url=src.url,
                fetched=src.fetched, data=src.data,
            ).on_conflict_do_nothing(index_elements=["sha256"]))
            db.execute(delete(t.reviews).where(t.reviews.c.claim.in_(
                select(t.claims.c.id).where(t.claims.c.doc == doc.id).scalar_subquery())))
            db.execute(delete(t.claims).where(t.claims.c.doc == doc.id))
            row = dict(
                id=doc.id, sha256=src.sha256, title=doc.title, outlet=doc.outlet,
                url=doc.url or src.url, date=doc.date, date_source=doc.date_source,
                format=doc.format, language=doc.language, clean_text=clean.text,
                offsets=encode_offsets(clean.offsets), cuts=encode_cuts(clean.cuts),
                ingested_at=_now(), path=place(src.path), record=src.record,
                pages=None if doc.pages is None else json.dumps(doc.pages),
                byline=doc.byline, dateline=doc.dateline,
            )
            upsert = self._insert(t.documents).values(row)
            db.execute(upsert.on_conflict_do_update(
                index_elements=["id"], set_={k: upsert.excluded[k] for k in row if k != "id"}))
            rows = [dict(zip(t.CLAIM_COLUMNS, _claim_row(doc.id, c), strict=True))
                    for c in claims]
            if rows:
                db.execute(insert(t.claims), rows)
            # logged in the same transaction, with a digest of what was written
            what: dict[str, Any] = {"doc": doc.id, "path": src.path, "format": doc.format}
            what.update(activity.document_digest(db, doc.id) or {})
            if old is not None:
                what["replaced"] = old
            activity.append(db, "ingest" if old is None else "replace", what)
            if old is not None and self.decisions(doc.id):
                self.apply_reviews(doc.id)
        return "added" if old is None else "replaced"

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every document, without its text, with the number of claims found in it."""
        d, c = t.documents.c, t.claims.c
        n = select(func.count()).where(c.doc == d.id).scalar_subquery()
        yield from self._rows(select(
            d.id, d.sha256, d.title, d.outlet, d.url, d.date, d.date_source, d.format,
            d.language, d.byline, d.dateline, d.ingested_at, n.label("claims")).order_by(d.id))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document with its clean text; `offsets` and `cuts` decoded, or None."""
        d = self._one(select(t.documents).where(t.documents.c.id == doc_id))
        if d is None:
            return None
        d["offsets"] = decode_offsets(d["offsets"])
        d["cuts"] = decode_cuts(d["cuts"])
        return d

    def clean_text(self, doc_id: str) -> CleanText | None:
        d = self.document(doc_id)
        return None if d is None else CleanText(d["clean_text"] or "", d["offsets"], d["cuts"])

    def source_data(self) -> Iterator[tuple[str, bytes]]:
        """(sha256 key, bytes) of every archived original, streamed."""
        s = t.sources.c
        with self._read() as db:
            stmt = select(s.sha256, s.data).order_by(s.sha256).execution_options(yield_per=64)
            for key, data in db.execute(stmt):
                yield key, b"" if data is None else bytes(data)

    def source(self, sha256: str) -> dict[str, Any] | None:
        """The archived original: path, size, url, fetched and the bytes as `data`."""
        row = self._one(select(t.sources).where(t.sources.c.sha256 == sha256))
        if row is not None and row["data"] is not None:
            row["data"] = bytes(row["data"])
        return row

    # -- claims -------------------------------------------------------------------------

    def claims(self, doc: str | None = None, *, reviewed: bool = True,
               include_rejected: bool = False, reviewed_only: bool = False
               ) -> Iterator[dict[str, Any]]:
        """Claim rows, by document then position in its text, as people reviewed them
        (store/reviews.py's `overlay`: corrected fields, `status`, `reviewed_by`); a
        rejected claim only with `include_rejected`, and only claims a person decided on
        with `reviewed_only`. `reviewed=False`: the stored rows as they are."""
        c, r = t.claims.c, t.reviews.c
        order = (c.doc, asc(c.quote_start), asc(c.figure_start), c.id)
        if not reviewed:
            stmt = select(t.claims).order_by(*order)
            yield from self._rows(stmt if doc is None else stmt.where(c.doc == doc))
            return
        stmt = (select(t.claims, *review_columns())
                .outerjoin(t.reviews, r.claim == c.id).order_by(*order))
        if doc is not None:
            stmt = stmt.where(c.doc == doc)
        if not include_rejected:
            stmt = stmt.where(~rejected())
        if reviewed_only:
            stmt = stmt.where(r.status.is_not(None))
        for row in self._rows(stmt):
            yield overlay(row)

    def claim_rows(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """These claims as reviewed (rejected ones too), by id."""
        c, r = t.claims.c, t.reviews.c
        return [overlay(row) for row in self._rows(
            select(t.claims, *review_columns()).outerjoin(t.reviews, r.claim == c.id)
            .where(c.id.in_(list(ids))).order_by(c.id))]

    def top_figures(self, limit: int = 8) -> list[dict[str, Any]]:
        """The claims most carried: groups by number of records, then independent sources,
        then size; each with its first appearance and its claimants' canonical names
        (comma-separated, in the order of their first claim)."""
        g, c, f, k = t.claim_groups.c, t.claims.c, t.claims.alias("f").c, t.claimants.c
        first = select(f.figure).where(f.grp == g.id).order_by(f.id).limit(1).scalar_subquery()
        times = func.count(c.id).label("times")
        with self._read() as db:
            rows = [dict(r._mapping) for r in db.execute(
                select(g.id, g.sources, times, func.count(distinct(c.doc)).label("docs"),
                       g.first_doc.label("doc"), g.unit, first.label("figure"))
                .select_from(t.claim_groups.join(t.claims, c.grp == g.id))
                .group_by(g.id)
                .order_by(times.desc(), desc(g.sources),
                          desc(func.coalesce(g.value, g.high, g.low)))
                .limit(limit))]
            names: dict[str, list[str]] = {r["id"]: [] for r in rows}
            for grp, name in db.execute(
                    select(c.grp, k.name).join(t.claimants, k.id == c.claimant_id)
                    .where(c.grp.in_(list(names))).order_by(c.grp, c.id)):
                if name is not None and name not in names[grp]:
                    names[grp].append(name)
        for r in rows:
            r["claimant"] = ",".join(names[r["id"]]) or None
        return rows

    def counts(self) -> dict[str, int]:
        """Totals for the summary: documents, sources, claims, claimants, runs, errors."""
        tables = {"documents": t.documents, "sources": t.sources, "claims": t.claims,
                  "claimants": t.claimants, "groups": t.claim_groups,
                  "measures": t.measures, "conflicts": t.conflicts}
        q = {k: select(func.count()).select_from(v) for k, v in tables.items()}
        q["syndicated"] = select(func.count(distinct(t.syndication.c.cluster)))
        q["runs"] = select(func.count()).select_from(t.runs)
        q["errors"] = select(func.count()).select_from(t.errors)
        with self._read() as db:
            return {k: int(db.execute(stmt).scalar_one()) for k, stmt in q.items()}

    # -- the activity log (store/activity.py) -------------------------------------------

    def activity(self) -> list[dict[str, Any]]:
        """Every entry of the activity log, oldest first."""
        with self._read() as db:
            return activity.entries(db)

    def record_manual(self, what: dict[str, Any], documents: Iterable[str] = (),
                      ledger: bool = False) -> dict[str, Any]:
        """Log a change made by hand (`what`: what was changed and why) as action "manual",
        with the digests, as they are now, of the `documents` it changed (None for one it
        removed) and, if `ledger`, of the ledger tables: `verify` then checks them against
        this entry. Call it in the change's transaction (`with store.locked():`) or after."""
        with self._transaction() as db:
            what = dict(what)
            if documents:
                what["documents"] = {d: activity.document_digest(db, d) for d in documents}
            if ledger:
                what["ledger"] = activity.ledger_digest(db)
            return activity.append(db, "manual", what)

    def document_digests(self) -> dict[str, dict[str, Any]]:
        """{doc id: {sha256, claims, digest}} as the activity log records them on ingest."""
        with self._read() as db:
            return activity.document_digests(db)

    def ledger_digest(self, version: int = LEDGER_DIGEST_VERSION) -> dict[str, Any]:
        """{rows, digest} of the ledger tables (and claims' groups and claimants), as the
        activity log records them; `version` as the entry it is checked against."""
        with self._read() as db:
            return activity.ledger_digest(db, version)

    def head(self) -> str:
        """The latest activity entry's hash: record it elsewhere to anchor the history."""
        with self._read() as db:
            return activity.head(db)

    def damage(self) -> list[str]:
        """What SQLite's `quick_check` finds wrong with the file itself (empty: nothing; a
        PostgreSQL server checks its own pages)."""
        if self.dialect != "sqlite":
            return []
        try:
            with self._read() as db:
                found = [str(r[0]) for r in db.exec_driver_sql("PRAGMA quick_check(20)")]
        except Exception as e:  # too damaged to run the check at all
            return [f"SQLite cannot check it: {' '.join(str(getattr(e, 'orig', e)).split())}"]
        return [] if found == ["ok"] else [f"SQLite quick_check: {f}" for f in found]

    def missing_triggers(self) -> list[str]:
        """Append-only triggers someone dropped (opening with repair=True puts them back)."""
        with self._read() as db:
            return missing_triggers(db)

    # -- runs and errors ----------------------------------------------------------------

    def begin_run(self, inputs: Iterable[str | Path]) -> int:
        with self._transaction() as db:
            result = db.execute(insert(t.runs).values(
                started=_now(), inputs=json.dumps([str(p) for p in inputs], ensure_ascii=False),
                documents_added=0, errors=0))
        return int(result.inserted_primary_key[0] or 0)

    def finish_run(self, run: int, documents_added: int, errors: int) -> None:
        with self._transaction() as db:
            db.execute(update(t.runs).where(t.runs.c.id == run).values(
                finished=_now(), documents_added=documents_added, errors=errors))

    def record_error(self, run: int | None, path: str, problem: str) -> None:
        with self._transaction() as db:
            db.execute(insert(t.errors).values(run=run, path=path, problem=problem))

    def errors(self, run: int | None = None) -> list[dict[str, Any]]:
        e = t.errors.c
        stmt = select(e.run, e.path, e.problem).order_by(e.id)
        return self._rows(stmt if run is None else stmt.where(e.run == run))


def place(path: str) -> str:
    """A source path as documents.path keeps it: absolute, so that the same file named from
    another folder is still the same place (links are not resolved: the path as read)."""
    return os.path.abspath(path)


def _claim_row(doc_id: str, c: Claim) -> tuple:
    f = c.figure
    return (doc_id, c.quote, f.text, f.value, f.low, f.high, f.qualifier, f.unit, c.claimant,
            c.claimant_role, c.affiliation, c.predicate, c.framing, c.date, c.place, c.group,
            c.quote_start, c.quote_end, f.start, f.end, f.kind, c.period, c.page)


def claim_from_row(row: dict[str, Any]) -> Claim:
    """Rebuild the Claim a stored row came from (so Claim.record() stays the one spec mapping)."""
    figure = Figure(text=row["figure"], start=row["figure_start"], end=row["figure_end"],
                    value=row["value"], low=row["low"], high=row["high"],
                    qualifier=row["qualifier"], unit=row["unit"], kind=row["kind"])
    return Claim(doc=row["doc"], quote=row["quote"], quote_start=row["quote_start"],
                 quote_end=row["quote_end"], figure=figure, claimant=row["claimant"],
                 claimant_role=row["claimant_role"], affiliation=row["affiliation"],
                 predicate=row["predicate"], framing=row["framing"], date=row["date"],
                 place=row["place"], group=row["grp"], period=row["period"],
                 page=row.get("page"))
