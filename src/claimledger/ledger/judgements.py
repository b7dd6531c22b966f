"""What people decided about the ledger itself (claimledger.review), for the build to honour.

The build never second-guesses these: two claimant ids merged are one claimant, a group
split keeps each of its claims apart, a pair dismissed is never a conflict again, and a
measure renamed keeps its name however its groups change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from claimledger.ledger.claimants import Claimant
from claimledger.ledger.measures import Conflict, Measure


@dataclass
class Judgements:
    same_claimant: list[tuple[str, str]] = field(default_factory=list)  # claimant ids
    split_groups: set[str] = field(default_factory=set)  # group ids
    not_conflicts: set[frozenset[str]] = field(default_factory=set)  # pairs of group ids
    measure_names: dict[str, str] = field(default_factory=dict)  # measure id -> name

    def __bool__(self) -> bool:
        return bool(self.same_claimant or self.split_groups or self.not_conflicts
                    or self.measure_names)


def merge_claimants(claimants: list[Claimant], claimant_of: dict[int, str],
                    pairs: list[tuple[str, str]]) -> tuple[list[Claimant], dict[int, str]]:
    """Each (a, b) made one claimant under a's id, with both's spellings; a pair naming a
    claimant no longer there is skipped (its names may have changed since)."""
    by_id = {c.id: c for c in claimants}
    into: dict[str, str] = {}

    def root(x: str) -> str:
        while x in into:
            x = into[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra == rb or ra not in by_id or rb not in by_id:
            continue
        keep, gone = by_id[ra], by_id.pop(rb)
        by_id[ra] = replace(keep, aliases=tuple(sorted(set(keep.aliases) | set(gone.aliases))),
                            affiliation=keep.affiliation or gone.affiliation,
                            role=keep.role or gone.role)
        into[rb] = ra
    if not into:
        return claimants, claimant_of
    return (sorted(by_id.values(), key=lambda c: c.id),
            {e: root(c) for e, c in claimant_of.items()})


def honoured(measures: list[Measure], conflicts: list[Conflict], j: Judgements
             ) -> tuple[list[Measure], list[Conflict]]:
    """Measures under the names people gave them, and the conflicts people have not
    dismissed (with their measure's name as given)."""
    names = {m.name: j.measure_names.get(m.id, m.name) for m in measures}
    measures = [replace(m, name=names[m.name]) for m in measures]
    conflicts = [replace(c, measure=names.get(c.measure, c.measure)) for c in conflicts
                 if frozenset((c.a, c.b)) not in j.not_conflicts]
    return measures, conflicts
