"""The review layer's tables: users, decisions (append-only, each logged) and reviews (the
state the decisions give each claim, rebuilt by claimledger.reviewing like the ledger).

Reading a claim through `reviewed()` gives the claim as people left it: the fields a
reviewer corrected replace the machine's, and `status` and `reviewed_by` say who decided.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from claimledger.records import page_at
from claimledger.review.records import Decision
from claimledger.review.state import DocState, doc_state
from claimledger.store import activity
from claimledger.store import schema as t


class ReviewTables:
    """Mixed into Store, whose `_transaction`, `_read` and `_rows` it uses."""

    conn: Connection
    _transaction: Any
    _read: Any
    _rows: Any

    # -- users --------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str, at: str) -> None:
        """A new reviewer or viewer (logged: who added whom, never the hash); replacing
        an existing user's password or role is the same call."""
        u = t.users.c
        with self._transaction() as db:
            old = db.execute(select(u.name).where(u.name == name)).first()
            if old is None:
                db.execute(insert(t.users).values(name=name, role=role,
                                                  password=password_hash, created=at))
            else:
                db.execute(t.users.update().where(u.name == name)
                           .values(role=role, password=password_hash))
            activity.append(db, "users", {"user": name, "role": role,
                                          "event": "added" if old is None else "changed"})

    def user(self, name: str) -> dict[str, Any] | None:
        rows = self._rows(select(t.users).where(t.users.c.name == name))
        return rows[0] if rows else None

    def users(self) -> list[dict[str, Any]]:
        u = t.users.c
        return self._rows(select(u.name, u.role, u.created).order_by(u.name))

    # -- decisions ----------------------------------------------------------------------

    def add_decision(self, decision: Decision) -> Decision:
        """Store a decision and log it (the activity entry records the whole row, so
        `verify` catches a decision rewritten later); returns it with its id. In the
        caller's write transaction if one is open."""
        with self._transaction() as db:
            row = decision.row()
            row.pop("id")
            result = db.execute(insert(t.decisions).values(row))
            stored = Decision.from_row({**row, "id": int(result.inserted_primary_key[0])})
            activity.append(db, "review", {"decision": stored.row()})
        return stored

    def decisions(self, doc: str | None = None, *, ledger: bool | None = None
                  ) -> list[Decision]:
        """Decisions oldest first: of one document's claims, or (`ledger`=True) those about
        the ledger itself, or (False) every claim decision."""
        k = t.decisions.c
        stmt = select(t.decisions).order_by(k.id)
        if doc is not None:
            stmt = stmt.where(k.doc == doc)
        if ledger is not None:
            stmt = stmt.where(k.doc.is_(None) if ledger else k.doc.is_not(None))
        return [Decision.from_row(r) for r in self._rows(stmt)]

    def decision_rows(self) -> list[dict[str, Any]]:
        """Every decisions row as stored (verify compares them with the log)."""
        return self._rows(select(t.decisions).order_by(t.decisions.c.id))

    def reviewed_docs(self) -> list[str]:
        """Documents with claim decisions."""
        k = t.decisions.c
        return [r["doc"] for r in self._rows(select(k.doc).where(k.doc.is_not(None))
                                             .distinct().order_by(k.doc))]

    # -- the state they give (review/state.py decides it; written here) ----------------

    def review_state(self, doc: str) -> DocState:
        """What `doc`'s decisions make of its claims as stored now (review/state.py)."""
        with self._read() as db:
            d = t.documents.c
            found = db.execute(select(d.sha256, d.clean_text).where(d.id == doc)).first()
            claims = [dict(r._mapping) for r in db.execute(
                select(t.claims).where(t.claims.c.doc == doc).order_by(t.claims.c.id))]
            decisions = self.decisions(doc)
        return doc_state(decisions, found.sha256 if found else None,
                         found.clean_text if found else None, claims)

    def apply_reviews(self, doc: str) -> DocState:
        """Bring `doc`'s review rows up to date with its decisions (after a decision, or
        after its claims were extracted again), in the caller's transaction if one is open."""
        with self._transaction():
            state = self.review_state(doc)
            self.write_reviews(doc, state)
        return state

    def write_reviews(self, doc: str, state: DocState) -> None:
        """Replace `doc`'s review rows with `state`, and bring the claims the review layer
        keeps for it up to date, in one transaction. A kept claim keeps its id while its
        figure stays where it is (its permalink holds); a new one is written without a
        group, for the ledger to group when it is rebuilt next."""
        c, r = t.claims.c, t.reviews.c
        with self._transaction() as db:
            ids = select(c.id).where(c.doc == doc).scalar_subquery()
            db.execute(delete(t.reviews).where(r.claim.in_(ids)))
            kept = {(row.figure_start, row.figure_end): row.id for row in db.execute(
                select(c.id, c.figure_start, c.figure_end)
                .where(c.doc == doc, c.origin.is_not(None)))}
            still: set[int] = set()
            page_of: Any = None
            for s in state.claims:
                claim = s.claim
                if claim is None and s.record is not None:
                    page_of = page_of or self._page_of(doc)
                    record = {**s.record, "page": page_of(s.record["figure_start"])}
                    claim = kept.get((record["figure_start"], record["figure_end"]))
                    if claim is None:
                        result = db.execute(insert(t.claims).values(doc=doc, **record))
                        claim = int(result.inserted_primary_key[0])
                    else:
                        db.execute(update(t.claims).where(c.id == claim).values(**record))
                    still.add(claim)
                db.execute(insert(t.reviews).values(
                    claim=claim, status=s.status, reviewer=s.reviewer, at=s.at,
                    decision=s.decision, fields=json.dumps(s.fields, ensure_ascii=False,
                                                           sort_keys=True)))
            gone = set(kept.values()) - still
            if gone:
                db.execute(delete(t.claims).where(c.id.in_(sorted(gone))))

    def _page_of(self, doc: str) -> Any:
        """clean-text offset -> the page it is printed on (None for an unpaged source), as
        extraction gives a machine claim its page."""
        d = self.document(doc)  # type: ignore[attr-defined]
        pages = json.loads(d["pages"]) if d and d.get("pages") else None
        if not pages:
            return lambda _at: None
        offsets = d["offsets"]  # type: ignore[index]
        return lambda at: page_at(pages, offsets[at]) if 0 <= at < len(offsets) else None

    def review_rows(self) -> list[dict[str, Any]]:
        """Every reviews row, by claim."""
        return self._rows(select(t.reviews).order_by(t.reviews.c.claim))


def overlay(row: dict[str, Any]) -> dict[str, Any]:
    """A claim row read with its review (status, reviewed_by, review_fields) as people left
    it: corrected fields replace the machine's; the machine's values are kept under
    `machine` for those fields."""
    fields = json.loads(row.pop("review_fields", None) or "{}")
    row["status"] = row.get("status") or "machine"
    if fields:
        row["machine"] = {k: row.get(k) for k in fields}
        row.update(fields)
    return row


def rejected() -> Any:
    """Whether a claim (claims.id) has been rejected, as an SQL condition."""
    r = t.reviews.c
    return t.claims.c.id.in_(select(r.claim).where(r.status == "rejected").scalar_subquery())


def review_columns() -> tuple[Any, ...]:
    r = t.reviews.c
    return (r.status, r.reviewer.label("reviewed_by"), r.fields.label("review_fields"))
