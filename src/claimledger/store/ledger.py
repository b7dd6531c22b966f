"""The ledger's tables: read claims for the ledger, write what it built, read it back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    desc,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from claimledger.ledger.entries import Entry
from claimledger.store import activity
from claimledger.store import schema as t
from claimledger.store.backend import asc
from claimledger.store.reviews import overlay, rejected, review_columns

if TYPE_CHECKING:
    from claimledger.ledger import Ledger


class LedgerTables:
    """Mixed into Store, whose `_transaction`, `_read` and `_rows` it uses."""

    conn: Connection
    _transaction: Any
    _read: Any
    _rows: Any

    def ledger_entries(self) -> list[Entry]:
        c, d = t.claims.c, t.documents.c
        # as people reviewed them: a rejected claim is not in the ledger, a corrected one
        # is there with its corrected fields
        rows = (overlay(dict(r)) for r in self._each(
            select(t.claims, d.date.label("doc_date"), d.outlet, *review_columns())
            .join(t.documents, d.id == c.doc)
            .outerjoin(t.reviews, t.reviews.c.claim == c.id)
            .where(~rejected()).order_by(c.id)))
        # Each row brings its own copy of every string: a document's id and date with each of
        # its claims, a sentence with each figure in it. One copy of each is kept.
        one: dict[str, str] = {}

        def same(s: str | None) -> str | None:
            return s if s is None else one.setdefault(s, s)

        return [Entry(
            id=r["id"], doc=same(r["doc"]), doc_date=same(r["doc_date"]),
            outlet=same(r["outlet"]), quote=same(r["quote"]), figure=same(r["figure"]),
            value=_f(r["value"]), low=_f(r["low"]), high=_f(r["high"]),
            qualifier=same(r["qualifier"]), unit=same(r["unit"]), claimant=same(r["claimant"]),
            role=same(r["claimant_role"]), affiliation=same(r["affiliation"]),
            predicate=same(r["predicate"]), framing=same(r["framing"]), date=same(r["date"]),
            place=same(r["place"]), position=r["figure_start"] or 0,
            period=same(r["period"])) for r in rows]

    def has_ledger(self) -> bool:
        """Whether every claim has been grouped (an empty store has nothing to group)."""
        c = t.claims.c
        return not self._rows(select(c.id).where(_ungrouped()).limit(1))

    def ungrouped_docs(self) -> set[str]:
        """Documents with claims the ledger has not grouped yet: new or replaced ones, or
        any whose group is gone (a ledger table emptied by a schema upgrade)."""
        c = t.claims.c
        return {r["doc"] for r in self._rows(select(c.doc).where(_ungrouped()).distinct())}

    def texts(self) -> Iterable[tuple[str, str]]:
        """(document id, clean text) of every document, sorted by id; each pass over it reads
        the store afresh, a page at a time, so a large corpus is never held in memory."""
        return _Texts(self)

    def write_ledger(self, ledger: Ledger) -> None:
        """Replace the ledger tables with `ledger`, in one transaction (logged)."""
        measure_of = {g: m.id for m in ledger.measures for g in m.groups}
        # rows made as they are written, a batch at a time: a large ledger's rows as dicts
        # at once would take more memory than the ledger itself
        rows: dict[Any, Iterable[dict[str, Any]]] = {
            t.claimants: (dict(
                id=c.id, name=c.name, aliases=json.dumps(c.aliases, ensure_ascii=False),
                affiliation=c.affiliation, role=c.role, kind=c.kind) for c in ledger.claimants),
            t.claim_groups: (dict(
                id=g.id, measure=measure_of.get(g.id), side=g.side, unit=g.unit,
                value=g.value, low=g.low, high=g.high, qualifier=g.qualifier,
                framing=g.framing, first_doc=g.first_doc, first_date=g.first_date,
                outlets=json.dumps(g.outlets, ensure_ascii=False), sources=g.sources,
                place=g.place, claimants=json.dumps(g.claimants)) for g in ledger.groups),
            t.measures: (dict(id=m.id, name=m.name, place=m.place) for m in ledger.measures),
            t.conflicts: (dict(a=c.a, b=c.b, kind=c.kind, measure=c.measure,
                               sentence=c.sentence, apart=c.apart, sources=c.sources,
                               weight=c.weight) for c in ledger.conflicts),
            t.syndication: (dict(
                a=link.a, b=link.b, cluster=cluster.id, how=link.how, score=link.score,
                passages=json.dumps(link.passages, ensure_ascii=False))
                for cluster in ledger.clusters for link in cluster.links),
        }
        c = t.claims.c
        with self._transaction() as db:
            for table in t.LEDGER_TABLES:
                db.execute(delete(table))
            for table, values in rows.items():
                for batch in _batches(values):
                    db.execute(insert(table), batch)
            # only claims whose group or claimant changed are touched
            current = {r.id: (r.grp, r.claimant_id)
                       for r in db.execute(select(c.id, c.grp, c.claimant_id))}
            changes = ({"_id": i, "_grp": ledger.group_of.get(i),
                        "_claimant": ledger.claimant_of.get(i)}
                       for i, old in current.items()
                       if old != (ledger.group_of.get(i), ledger.claimant_of.get(i)))
            changed = 0
            for batch in _batches(changes):
                db.execute(update(t.claims).where(c.id == bindparam("_id")).values(
                    grp=bindparam("_grp"), claimant_id=bindparam("_claimant")), batch)
                changed += len(batch)
            # logged in the same transaction, with a digest of the tables written
            activity.append(db, "ledger", {"claims": len(current), "changed": changed,
                                           **activity.ledger_digest(db)})

    def load_ledger(self) -> Ledger | None:
        """The ledger as last written, to update rather than rebuild; None if none yet."""
        from claimledger.ledger import Ledger
        from claimledger.ledger.claimants import Claimant
        from claimledger.ledger.groups import Group
        from claimledger.ledger.measures import Conflict, Measure

        rows = self.claim_groups()
        if not rows:
            return None
        members: dict[str, list[tuple]] = {}
        claimant_of: dict[int, str] = {}
        c, d = t.claims.c, t.documents.c
        for r in self._rows(select(c.id, c.grp, c.claimant_id, c.doc, c.date, c.figure_start,
                                   d.date.label("dd")).join(t.documents, d.id == c.doc)):
            if r["grp"]:
                members.setdefault(r["grp"], []).append(
                    ((r["date"] or r["dd"] or "9999"), r["doc"], r["figure_start"] or 0,
                     r["id"]))
            if r["claimant_id"]:
                claimant_of[r["id"]] = r["claimant_id"]
        groups = [Group(
            id=g["id"], members=tuple(m[-1] for m in sorted(members.get(g["id"], []))),
            claimants=tuple(g["claimants"] or ()), side=g["side"], unit=g["unit"],
            value=_f(g["value"]), low=_f(g["low"]), high=_f(g["high"]),
            qualifier=g["qualifier"], framing=g["framing"], first_doc=g["first_doc"],
            first_date=g["first_date"], outlets=tuple(g["outlets"] or ()),
            sources=g["sources"], place=g["place"]) for g in rows]
        measure_groups: dict[str, list[str]] = {}
        for g in rows:
            measure_groups.setdefault(g["measure"], []).append(g["id"])
        measures = [Measure(m["id"], m["name"], tuple(sorted(measure_groups.get(m["id"], []))),
                            m["place"]) for m in self.measures()]
        return Ledger(
            claimants=[Claimant(c["id"], c["name"], tuple(c["aliases"] or ()),
                                c["affiliation"], c["role"], c["kind"])
                       for c in self.claimants()],
            claimant_of=claimant_of, groups=groups,
            group_of={m: g.id for g in groups for m in g.members}, measures=measures,
            conflicts=[Conflict(c["a"], c["b"], c["kind"], c["measure"], c["sentence"] or "",
                                c["apart"] or 0.0, c["sources"] or 0, c["weight"] or 0.0)
                       for c in self.conflicts()],
            cluster_of={d: r["cluster"] for r in self.syndication() for d in (r["a"], r["b"])})

    def conflicts(self) -> list[dict[str, Any]]:
        k = t.conflicts.c
        # the weightiest first: furthest apart, most independent sources (explain.py)
        return self._rows(select(k.a, k.b, k.kind, k.measure, k.sentence, k.apart, k.sources,
                                 k.weight)
                          .order_by(desc(func.coalesce(k.weight, 0)), asc(k.measure), k.a, k.b))

    def measures(self) -> list[dict[str, Any]]:
        m, g = t.measures.c, t.claim_groups.c
        return self._rows(
            select(m.id, m.name, m.place, func.count(g.id).label("groups"))
            .select_from(t.measures.outerjoin(t.claim_groups, g.measure == m.id))
            .group_by(m.id).order_by(asc(m.name), m.id))

    def claim_groups(self, measure: str | None = None) -> list[dict[str, Any]]:
        g = t.claim_groups.c
        stmt = select(t.claim_groups).order_by(g.id)
        rows = self._rows(stmt if measure is None else stmt.where(g.measure == measure))
        return [_decoded(r, ("outlets", "claimants")) for r in rows]

    def group_claims(self, group: str) -> list[dict[str, Any]]:
        c, d = t.claims.c, t.documents.c
        return [overlay(r) for r in self._rows(
            select(t.claims, d.date.label("doc_date"), d.outlet, *review_columns())
            .join(t.documents, d.id == c.doc)
            .outerjoin(t.reviews, t.reviews.c.claim == c.id)
            .where(c.grp == group, ~rejected())
            .order_by(asc(func.coalesce(c.date, d.date)), c.doc, c.id))]

    def claimants(self) -> list[dict[str, Any]]:
        k = t.claimants.c
        return [_decoded(r, ("aliases",))
                for r in self._rows(select(t.claimants).order_by(asc(k.name), k.id))]

    def syndication(self) -> list[dict[str, Any]]:
        s = t.syndication.c
        return [_decoded(r, ("passages",))
                for r in self._rows(select(t.syndication).order_by(asc(s.cluster), s.a, s.b))]


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def _decoded(d: dict[str, Any], json_columns: tuple[str, ...]) -> dict[str, Any]:
    for c in json_columns:
        if d.get(c):
            d[c] = json.loads(d[c])
    return d


def _ungrouped():
    """Claims without a group, or with one the ledger no longer has (a rejected claim has
    none: it is not in the ledger)."""
    c, g = t.claims.c, t.claim_groups.c
    return and_(or_(c.grp.is_(None), ~exists().where(g.id == c.grp)), ~rejected())


def _batches(rows: Iterable[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class _Texts:
    """The documents' clean texts in id order (Python's order: ids are sorted here, not by
    the database's collation), read _PAGE documents at a time."""

    _PAGE = 200

    def __init__(self, store: Any) -> None:
        self.store = store

    def __iter__(self) -> Iterator[tuple[str, str]]:
        d = t.documents.c
        ids = sorted(r["id"] for r in self.store._each(select(d.id)))
        for k in range(0, len(ids), self._PAGE):
            page = ids[k:k + self._PAGE]
            text = {r["id"]: r["clean_text"] or ""
                    for r in self.store._each(select(d.id, d.clean_text).where(d.id.in_(page)))}
            for doc_id in page:
                yield doc_id, text[doc_id]
