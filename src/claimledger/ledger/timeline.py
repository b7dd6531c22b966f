"""Timelines: each measure's figures over time, one series per side.

Bounds stay bounds: "more than one million" is a point with only a floor, "up to
800,000" one with only a ceiling, "between 20 and 40" a range; nothing is averaged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from claimledger.ledger.groups import Group
from claimledger.ledger.measures import Measure


@dataclass(frozen=True)
class Point:
    date: str | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    group: str
    claimants: tuple[str, ...]
    framing: str | None
    sources: int


def timeline(measure: Measure, groups: dict[str, Group]) -> dict[str, list[Point]]:
    """{side: points by date}; a group without a side is filed under its claimant."""
    series: dict[str, list[Point]] = defaultdict(list)
    for gid in measure.groups:
        g = groups[gid]
        side = g.side or (g.claimants[0] if g.claimants else "(outlet)")
        series[side].append(Point(g.first_date, g.value, g.low, g.high, g.qualifier, g.id,
                                  g.claimants, g.framing, g.sources))
    for points in series.values():
        points.sort(key=lambda p: (p.date or "9999", p.group))
    return dict(sorted(series.items()))


def as_json(series: dict[str, list[Point]]) -> dict[str, list[dict]]:
    """Ready for the report and the web UI to draw."""
    return {side: [asdict(p) for p in points] for side, points in series.items()}
