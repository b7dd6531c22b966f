"""The numbers for one set: P/R/F1, field accuracies, grouping, conflicts; and the table."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.evaluate.matching import Matching, Pair, match
from claimledger.evaluate.rules import FIELDS, Record, field_matches


@dataclass
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, hits: int, predicted: int, expected: int) -> PRF:
        p = hits / predicted if predicted else 0.0
        r = hits / expected if expected else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    """The numbers for one set; a ratio is None where there was nothing to count."""

    name: str
    gold: int  # gold records that count (not optional)
    pred: int
    figures: PRF
    attributed: PRF  # figures with their claimant
    fields: dict[str, float | None]
    grouping: float | None  # claims stated more than once whose records share one group
    conflict_recall: float | None = None
    conflict_precision: float | None = None
    pred_conflicts: int | None = None
    missed: list[Record] = field(default_factory=list)
    spurious: list[Record] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = dict(vars(self))
        out["figures"], out["attributed"] = vars(self.figures), vars(self.attributed)
        out["missed"] = [_brief(r) for r in self.missed]
        out["spurious"] = [_brief(r) for r in self.spurious]
        return out


def _prf(m: Matching, gold: Sequence[Record], pred: Sequence[Record]) -> PRF:
    """Predictions matched to optional gold records count neither way."""
    expected = sum(not g.get("optional") for g in gold)
    free = len(m.pairs) - len(m.counted)
    return PRF.of(len(m.counted), len(pred) - free, expected)


def _brief(r: Record) -> dict[str, Any]:
    return {k: r.get(k) for k in ("doc", "figure", "claimant", "quote")}


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def grade(gold: Sequence[Record], pred: Sequence[Record],
          gold_conflicts: Sequence[Record] | None = None,
          pred_conflicts: Sequence[Record] | None = None, name: str = "") -> Report:
    """Grade `pred` against `gold` (and, given both, the conflicts).

    Fields, groups and conflicts are read on the pairs matched on figure *and* claimant:
    the affiliation, date or group of the wrong speaker's claim says nothing. As the
    shared grader does, only predictions in documents the gold covers are graded.
    """
    covered = {g.get("doc") for g in gold}
    pred = [p for p in pred if p.get("doc") in covered]
    figures = match(gold, pred)
    attributed = match(gold, pred, with_claimant=True)
    pairs = attributed.counted
    fields: dict[str, float | None] = {}
    for f in FIELDS:
        scored = [p for p in pairs if f in p.gold]
        fields[f] = _ratio(sum(field_matches(f, p.gold[f], p.pred.get(f)) for p in scored),
                           len(scored))
    report = Report(name, sum(not g.get("optional") for g in gold), len(pred),
                    _prf(figures, gold, pred), _prf(attributed, gold, pred), fields,
                    _grouping(gold, pairs), missed=figures.missed, spurious=figures.spurious)
    if gold_conflicts is not None and pred_conflicts is not None:
        _conflicts(report, pairs, gold_conflicts, pred_conflicts)
    return report


def _grouping(gold: Sequence[Record], pairs: Iterable[Pair]) -> float | None:
    """Of the claims the gold states more than once (records sharing a key, in one document
    or several) with a matched prediction, the share whose predictions all carry one group."""
    stated = Counter(g["key"] for g in gold if g.get("key"))
    groups: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        key = p.gold.get("key")
        if key and stated[key] > 1 and p.pred.get("group") is not None:
            groups[key].add(str(p.pred["group"]))
    return _ratio(sum(len(g) == 1 for g in groups.values()), len(groups))


def _conflicts(report: Report, pairs: Iterable[Pair], gold_conflicts: Sequence[Record],
               pred_conflicts: Sequence[Record]) -> None:
    """A gold conflict (two gold keys) is found when a predicted conflict joins a group
    holding a match of one key to a group holding a match of the other; a predicted
    conflict is right when it joins two keys that the gold says conflict."""
    keys: dict[str, set[str]] = defaultdict(set)  # predicted group -> gold keys matched in it
    for p in pairs:
        if p.pred.get("group") is not None and p.gold.get("key"):
            keys[str(p.pred["group"])].add(p.gold["key"])

    def joins(pc: Record, gc: Record) -> bool:
        a, b = keys.get(str(pc.get("a")), set()), keys.get(str(pc.get("b")), set())
        return (gc["a"] in a and gc["b"] in b) or (gc["a"] in b and gc["b"] in a)

    found = sum(any(joins(pc, gc) for pc in pred_conflicts) for gc in gold_conflicts)
    right = sum(any(joins(pc, gc) for gc in gold_conflicts) for pc in pred_conflicts)
    report.conflict_recall = _ratio(found, len(gold_conflicts))
    report.conflict_precision = _ratio(right, len(pred_conflicts))
    report.pred_conflicts = len(pred_conflicts)


def _f(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_report(r: Report, lists: bool = True) -> str:
    """A compact table for one set, then the missed and spurious records."""
    lines = [f"== {r.name}: gold {r.gold}, predicted {r.pred}",
             "                      P      R      F1",
             *(f"  {label:<18}{_f(s.precision)}  {_f(s.recall)}  {_f(s.f1)}"
               for label, s in (("figures", r.figures), ("figures+claimant", r.attributed))),
             "  " + "  ".join(f"{f} {_f(v)}" for f, v in r.fields.items()),
             f"  grouping {_f(r.grouping)}  conflict recall {_f(r.conflict_recall)}"
             f"  precision {_f(r.conflict_precision)}"
             + (f" (of {r.pred_conflicts} predicted)" if r.pred_conflicts is not None else "")]
    if lists:
        lines += [f"  missed    {g['doc']}: {g.get('figure')} ({g.get('claimant')})"
                  for g in r.missed]
        lines += [f"  spurious  {p['doc']}: {p.get('figure')} ({p.get('claimant')})"
                  for p in r.spurious]
    return "\n".join(lines)
