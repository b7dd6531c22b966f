"""timeline: a measure's figures over time, one series per side, bounds kept as bounds."""

from __future__ import annotations

import json
from dataclasses import replace

from claimledger.ledger.claimants import resolve_claimants
from claimledger.ledger.entries import Entry
from claimledger.ledger.groups import group_claims
from claimledger.ledger.measures import measures_of
from claimledger.ledger.timeline import as_json, timeline

BLANK = Entry(id=0, doc="a.txt", doc_date="2022-04-01", outlet=None, quote="", figure="",
              value=None, low=None, high=None, qualifier="exact", unit="person",
              claimant=None, role=None, affiliation=None, predicate="deport", framing=None,
              date=None, place=None, position=0)
UKRAINE = {"claimant": "Ukraine", "affiliation": "Ukraine"}
RUSSIA = {"claimant": "Russia", "affiliation": "Russia"}


def claim(id: int, value: float | None, date: str, **fields) -> Entry:
    bounds = {"low": value, "high": value} if fields.get("qualifier", "exact") == "exact" else {}
    return replace(BLANK, **{"id": id, "doc": f"doc{id}.txt", "value": value, "date": date,
                              **bounds, **fields})


def series_of(*entries: Entry):
    """The timeline of the only measure the entries make."""
    _, claimant_of = resolve_claimants(list(entries))
    groups = group_claims(list(entries), claimant_of, {})
    [measure] = measures_of(groups, {e.id: e for e in entries})
    return timeline(measure, {g.id: g for g in groups})


def test_each_side_is_one_series():
    series = series_of(
        claim(1, 402000, "2022-03-25", **UKRAINE),
        claim(2, 84000, "2022-03-25", claimant="Lyudmyla Denisova", affiliation="Ukraine"),
        claim(3, 400000, "2022-03-25", qualifier="approx", predicate="evacuate", **RUSSIA))
    assert list(series) == ["Russia", "Ukraine"]
    assert [len(points) for points in series.values()] == [1, 2]


def test_a_floor_stays_a_floor_and_a_ceiling_a_ceiling():
    series = series_of(
        claim(1, 1000000, "2022-04-01", low=1000000, qualifier="at_least", **RUSSIA),
        claim(2, 800000, "2022-04-01", high=800000, qualifier="at_most", **UKRAINE))
    [floor], [ceiling] = series["Russia"], series["Ukraine"]
    assert (floor.value, floor.low, floor.high, floor.qualifier) == (
        1000000, 1000000, None, "at_least")
    assert (ceiling.value, ceiling.low, ceiling.high, ceiling.qualifier) == (
        800000, None, 800000, "at_most")


def test_a_range_is_not_averaged():
    [point] = series_of(claim(1, None, "2022-04-01", low=20, high=40, qualifier="range",
                              **UKRAINE))["Ukraine"]
    assert (point.value, point.low, point.high, point.qualifier) == (None, 20, 40, "range")


def test_points_are_in_date_order():
    series = series_of(claim(1, 700000, "2022-06-10", **UKRAINE),
                       claim(2, 200000, "2022-03-05", **UKRAINE),
                       claim(3, 402000, "2022-04-20", **UKRAINE))
    assert [(p.date, p.value) for p in series["Ukraine"]] == [
        ("2022-03-05", 200000), ("2022-04-20", 402000), ("2022-06-10", 700000)]


def test_a_point_says_who_claimed_it_how_and_from_how_many_sources():
    [point] = series_of(claim(1, 5000, "2022-04-01", framing="forced",
                              claimant="Lyudmyla Denisova", affiliation="Ukraine"))["Ukraine"]
    assert point.claimants[0].startswith("p-denisova-")
    assert (point.framing, point.sources) == ("forced", 1)
    assert point.group.startswith("g-")


def test_the_outlets_own_figures_are_a_series_of_their_own():
    assert list(series_of(claim(1, 5000, "2022-04-01"))) == ["(outlet)"]


def test_the_series_are_ready_to_serialise_as_json():
    series = series_of(
        claim(1, 1000000, "2022-04-01", low=1000000, qualifier="at_least", **RUSSIA),
        claim(2, None, "2022-04-02", low=700000, high=800000, qualifier="range", **UKRAINE))

    data = json.loads(json.dumps(as_json(series)))

    assert data["Russia"][0]["qualifier"] == "at_least"
    assert {k: data["Ukraine"][0][k] for k in ("value", "low", "high")} == {
        "value": None, "low": 700000, "high": 800000}
    assert set(data["Ukraine"][0]) == {"date", "value", "low", "high", "qualifier", "group",
                                       "claimants", "framing", "sources"}
