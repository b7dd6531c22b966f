"""The ledger's tables: read claims for the ledger, write what it built, read it back."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from claimledger.ledger.entries import Entry

if TYPE_CHECKING:
    import sqlite3

    from claimledger.ledger import Ledger


class LedgerTables:
    """Mixed into Store; `self.conn` is its connection."""

    conn: sqlite3.Connection

    def ledger_entries(self) -> list[Entry]:
        rows = self.conn.execute(
            "SELECT c.*, d.date AS doc_date, d.outlet FROM claims c"
            " JOIN documents d ON d.id = c.doc ORDER BY c.id")
        return [Entry(
            id=r["id"], doc=r["doc"], doc_date=r["doc_date"], outlet=r["outlet"],
            quote=r["quote"], figure=r["figure"], value=_f(r["value"]), low=_f(r["low"]),
            high=_f(r["high"]), qualifier=r["qualifier"], unit=r["unit"],
            claimant=r["claimant"], role=r["claimant_role"], affiliation=r["affiliation"],
            predicate=r["predicate"], framing=r["framing"], date=r["date"],
            place=r["place"], position=r["figure_start"] or 0) for r in rows]

    def has_ledger(self) -> bool:
        """Whether every claim has been grouped (an empty store has nothing to group)."""
        return self.conn.execute("SELECT 1 FROM claims WHERE grp IS NULL LIMIT 1").fetchone() \
            is None

    def ungrouped_docs(self) -> set[str]:
        """Documents with claims the ledger has not grouped yet: new or replaced ones."""
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT doc FROM claims WHERE grp IS NULL")}

    def texts(self) -> list[tuple[str, str]]:
        return [(r["id"], r["clean_text"] or "") for r in self.conn.execute(
            "SELECT id, clean_text FROM documents ORDER BY id")]

    def write_ledger(self, ledger: Ledger) -> None:
        """Replace the ledger tables with `ledger`, in one transaction."""
        measure_of = {g: m.id for m in ledger.measures for g in m.groups}
        with self._transaction() as db:  # type: ignore[attr-defined]
            for table in ("claimants", "claim_groups", "measures", "conflicts", "syndication"):
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO claimants VALUES (?, ?, ?, ?, ?, ?)", [
                (c.id, c.name, json.dumps(c.aliases, ensure_ascii=False), c.affiliation,
                 c.role, c.kind) for c in ledger.claimants])
            db.executemany(
                "INSERT INTO claim_groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(g.id, measure_of.get(g.id), g.side, g.unit, g.value, g.low, g.high,
                  g.qualifier, g.framing, g.first_doc, g.first_date,
                  json.dumps(g.outlets, ensure_ascii=False), g.sources, g.place,
                  json.dumps(g.claimants)) for g in ledger.groups])
            db.executemany("INSERT INTO measures VALUES (?, ?, ?)",
                           [(m.id, m.name, m.place) for m in ledger.measures])
            db.executemany("INSERT INTO conflicts VALUES (?, ?, ?, ?)",
                           [(c.a, c.b, c.kind, c.measure) for c in ledger.conflicts])
            db.executemany("INSERT INTO syndication VALUES (?, ?, ?, ?, ?, ?)", [
                (link.a, link.b, cluster.id, link.how, link.score,
                 json.dumps(link.passages, ensure_ascii=False))
                for cluster in ledger.clusters for link in cluster.links])
            # only claims whose group or claimant changed are touched
            current = {r["id"]: (r["grp"], r["claimant_id"]) for r in db.execute(
                "SELECT id, grp, claimant_id FROM claims")}
            changes = [(ledger.group_of.get(i), ledger.claimant_of.get(i), i)
                       for i, old in current.items()
                       if old != (ledger.group_of.get(i), ledger.claimant_of.get(i))]
            db.executemany("UPDATE claims SET grp = ?, claimant_id = ? WHERE id = ?", changes)

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
        for r in self.conn.execute(
                "SELECT c.id, c.grp, c.claimant_id, c.doc, c.date, c.figure_start, d.date AS dd"
                " FROM claims c JOIN documents d ON d.id = c.doc"):
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
            conflicts=[Conflict(c["a"], c["b"], c["kind"], c["measure"])
                       for c in self.conflicts()],
            cluster_of={d: r["cluster"] for r in self.syndication() for d in (r["a"], r["b"])})

    def conflicts(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT a, b, kind, measure FROM conflicts ORDER BY measure, a, b")]

    def measures(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT m.id, m.name, m.place, count(g.id) AS groups FROM measures m"
            " LEFT JOIN claim_groups g ON g.measure = m.id GROUP BY m.id ORDER BY m.name")]

    def claim_groups(self, measure: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM claim_groups"
        rows = self.conn.execute(sql + (" WHERE measure = ?" if measure else "") + " ORDER BY id",
                                 (measure,) if measure else ())
        return [_decoded(r, ("outlets", "claimants")) for r in rows]

    def group_claims(self, group: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT c.*, d.date AS doc_date, d.outlet FROM claims c JOIN documents d"
            " ON d.id = c.doc WHERE c.grp = ? ORDER BY coalesce(c.date, d.date), c.doc",
            (group,))]

    def claimants(self) -> list[dict[str, Any]]:
        return [_decoded(r, ("aliases",)) for r in self.conn.execute(
            "SELECT * FROM claimants ORDER BY name")]

    def syndication(self) -> list[dict[str, Any]]:
        return [_decoded(r, ("passages",)) for r in self.conn.execute(
            "SELECT * FROM syndication ORDER BY cluster, a, b")]


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def _decoded(row: Any, json_columns: tuple[str, ...]) -> dict[str, Any]:
    d = dict(row)
    for c in json_columns:
        if d.get(c):
            d[c] = json.loads(d[c])
    return d
