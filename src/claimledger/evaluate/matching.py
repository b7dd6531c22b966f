"""One-to-one pairs of gold and predicted records within each document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimledger.evaluate.rules import Record, claimants_match, figures_match


@dataclass
class Pair:
    gold: Record
    pred: Record

    @property
    def counted(self) -> bool:
        """A pair with an optional gold record counts for nothing."""
        return not self.gold.get("optional")


def _weight(gold: Record, pred: Record, with_claimant: bool) -> float:
    """How good a pairing is (0: none may be made), in tiers no lower tier can outweigh:
    a pairing at all, then a gold record that is not optional, then (when the claimant is
    not required) a matching claimant, then the same sentence."""
    if not figures_match(gold, pred):
        return 0.0
    same_claimant = claimants_match(gold.get("claimant"), pred.get("claimant"))
    if with_claimant and not same_claimant:
        return 0.0
    w = 1e9 + (0 if gold.get("optional") else 1e6) + 1e3 * same_claimant
    return w + fuzz.ratio(gold.get("quote") or "", pred.get("quote") or "") / 100


def _assign(weights: list[list[float]]) -> list[tuple[int, int]]:
    """A maximum-weight one-to-one assignment of rows to columns (the Hungarian method,
    on costs = -weight); returns the (row, column) pairs of positive weight."""
    if not weights or not weights[0]:
        return []
    flip = len(weights) > len(weights[0])
    if flip:  # the method wants rows <= columns
        weights = [list(col) for col in zip(*weights, strict=True)]
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while owner[j0]:
            used[j0], i0, delta, j1 = True, owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -weights[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1)
             if owner[j] and weights[owner[j] - 1][j - 1] > 0]
    return [(c, r) for r, c in pairs] if flip else pairs


def pair_doc(gold: Sequence[Record], pred: Sequence[Record], with_claimant: bool
             ) -> list[tuple[int, int]]:
    """The (gold index, pred index) pairs of one document: a maximum-weight assignment,
    so no gold record is left unmatched that another choice would have matched."""
    return _assign([[_weight(g, p, with_claimant) for p in pred] for g in gold])


@dataclass
class Matching:
    """One-to-one pairs within each document, and what was left over."""

    pairs: list[Pair]
    missed: list[Record]  # gold records left unmatched, optional ones aside
    spurious: list[Record]  # predictions left unmatched

    @property
    def counted(self) -> list[Pair]:
        return [p for p in self.pairs if p.counted]


def match(gold: Sequence[Record], pred: Sequence[Record], with_claimant: bool = False
          ) -> Matching:
    """Pair predictions with gold records of the same document, figures alike (and, with
    `with_claimant`, claimants alike): as many pairs as can be made, then as many with a
    gold record that counts, then with matching claimants, then quoting the same sentence."""
    by_doc: dict[str, tuple[list[Record], list[Record]]] = defaultdict(lambda: ([], []))
    for g in gold:
        by_doc[g["doc"]][0].append(g)
    for p in pred:
        by_doc[p["doc"]][1].append(p)
    out = Matching([], [], [])
    for gs, ps in by_doc.values():
        found = pair_doc(gs, ps, with_claimant)
        out.pairs += [Pair(gs[gi], ps[pi]) for gi, pi in found]
        gold_done, pred_done = {gi for gi, _ in found}, {pi for _, pi in found}
        out.missed += [g for i, g in enumerate(gs)
                       if i not in gold_done and not g.get("optional")]
        out.spurious += [p for i, p in enumerate(ps) if i not in pred_done]
    return out
