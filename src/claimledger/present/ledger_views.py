"""Text views of the ledger for the terminal: measures, a measure's timeline, sources."""

from __future__ import annotations

import json

from claimledger.ledger.groups import Group
from claimledger.ledger.measures import Measure
from claimledger.ledger.sides import OWN_COUNT
from claimledger.ledger.timeline import Point, as_json, timeline
from claimledger.store import Store


class MeasureNotFound(LookupError):
    pass


def measures_table(store: Store) -> str:
    rows = store.measures()
    if not rows:
        return "No measures yet: run `claimledger run PATH...` first."
    conflicts: dict[str, int] = {}
    for c in store.conflicts():
        conflicts[c["measure"]] = conflicts.get(c["measure"], 0) + 1
    width = max(32, *(len(m["name"]) for m in rows))  # an occasion's name carries its day
    lines = [f"{'measure':<{width}} {'groups':>6} {'conflicts':>9}  id"]
    for m in rows:
        lines.append(f"{m['name']:<{width}} {m['groups']:>6} "
                     f"{conflicts.get(m['name'], 0):>9}  {m['id']}")
    return "\n".join(lines)


def find_measure(store: Store, query: str) -> tuple[Measure, dict[str, Group]]:
    """A measure by id, exact name, or a unique part of its name."""
    rows = store.measures()
    exact = [m for m in rows if query in (m["id"], m["name"])]
    found = exact or [m for m in rows if query.lower() in m["name"].lower()]
    if len(found) != 1:
        names = ", ".join(m["name"] for m in (found or rows)[:12])
        what = "matches several measures" if found else "matches no measure"
        raise MeasureNotFound(f"{query!r} {what}: {names}")
    m = found[0]
    groups = {g["id"]: group_of_row(g) for g in store.claim_groups(m["id"])}
    return Measure(m["id"], m["name"], tuple(sorted(groups)), m["place"]), groups


def timeline_text(store: Store, query: str, as_data: bool = False) -> str:
    measure, groups = find_measure(store, query)
    names = {c["id"]: c["name"] for c in store.claimants()}
    series = labelled(timeline(measure, groups), names)
    if as_data:
        return json.dumps({"measure": measure.name, "series": as_json(series)},
                          ensure_ascii=False, indent=2)
    lines = [f"{measure.name}" + (f" ({measure.place})" if measure.place else "")]
    for side, points in series.items():
        lines.append(f"\n  {side}")
        for p in points:
            who = ", ".join(names.get(c, c) for c in p.claimants) or "(the outlet)"
            framing = f"  [{p.framing}]" if p.framing else ""
            sources = f"  {p.sources} source{'s' if p.sources != 1 else ''}"
            lines.append(f"    {p.date or 'undated':<10}  {_bounds(p):<24} {who}{framing}"
                         f"{sources}  {p.group}")
    return "\n".join(lines)


def labelled(series: dict[str, list[Point]], names: dict[str, str]) -> dict[str, list[Point]]:
    """A timeline's series under the labels they are shown with (`series_label`)."""
    out: dict[str, list[Point]] = {}
    for side, points in series.items():
        out.setdefault(series_label(side, names), []).extend(points)
    for points in out.values():
        points.sort(key=lambda p: (p.date or "9999", p.group))
    return dict(sorted(out.items()))


def series_label(side: str, names: dict[str, str]) -> str:
    """A timeline series as shown: its side (ledger/sides.py decides it). A group stored
    before every named claimant had a side is filed under its claimant's id: its name,
    never the id; the outlet's own voice is its own count."""
    if side == "(outlet)":
        return OWN_COUNT
    return names.get(side, side)


def _bounds(p: Point) -> str:
    """Bounds as bounds: never averaged."""
    def n(x: float | None) -> str:
        return "" if x is None else f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

    if p.qualifier == "at_least":
        return f">= {n(p.value)}"
    if p.qualifier == "at_most":
        return f"<= {n(p.value)}"
    if p.qualifier == "approx":
        return f"~ {n(p.value)}"
    if p.value is None:
        return f"{n(p.low)} .. {n(p.high)}" + (" (vague)" if p.qualifier == "vague" else "")
    return n(p.value)


def sources_text(store: Store) -> str:
    links = store.syndication()
    if not links:
        return "No syndicated or retold documents found."
    lines: list[str] = []
    cluster = None
    for link in links:
        if link["cluster"] != cluster:
            cluster = link["cluster"]
            docs = sorted({x for lk in links if lk["cluster"] == cluster for x in (lk["a"],
                                                                                   lk["b"])})
            lines.append(f"{cluster}: {len(docs)} documents, one source")
            lines.extend(f"  {d}" for d in docs)
        score = f"{link['score']:.2f}" if link["how"] == "near-duplicate" else \
            f"{int(link['score'])} passages"
        lines.append(f"    {link['a']} ~ {link['b']}: {link['how']} ({score})")
        for pa, pb in (link["passages"] or [])[:2]:
            lines.append(f"      “{_short(pa)}”\n      “{_short(pb)}”")
    return "\n".join(lines)


def _short(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def group_of_row(row: dict) -> Group:
    """A claim group as the store returns it, as the ledger's record."""
    return Group(
        id=row["id"], members=(), claimants=tuple(row["claimants"] or ()), side=row["side"],
        unit=row["unit"], value=row["value"], low=row["low"], high=row["high"],
        qualifier=row["qualifier"], framing=row["framing"], first_doc=row["first_doc"],
        first_date=row["first_date"], outlets=tuple(row["outlets"] or ()),
        sources=row["sources"], place=row["place"])
