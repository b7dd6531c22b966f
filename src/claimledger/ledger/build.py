"""Build the ledger from stored claims: syndication -> claimants -> groups -> measures ->
conflicts. Deterministic: the same claims give the same ids, in whatever order they came,
so a ledger updated after new documents equals one built afresh over all of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from claimledger.ledger.claimants import Claimant, resolve_claimants
from claimledger.ledger.entries import Entry
from claimledger.ledger.groups import Group, block_key, group_claims
from claimledger.ledger.judgements import Judgements, honoured, merge_claimants
from claimledger.ledger.measures import Conflict, Measure, conflicts_of, measures_of
from claimledger.ledger.sides import Setting, group_side, settings


@dataclass
class Ledger:
    claimants: list[Claimant] = field(default_factory=list)
    claimant_of: dict[int, str] = field(default_factory=dict)  # entry id -> claimant id
    groups: list[Group] = field(default_factory=list)
    group_of: dict[int, str] = field(default_factory=dict)  # entry id -> group id
    measures: list[Measure] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    clusters: list = field(default_factory=list)  # syndication.Cluster
    cluster_of: dict[str, str] = field(default_factory=dict)  # doc id -> cluster id
    regrouped: set[str] = field(default_factory=set)  # groups made anew by the last update


def build_ledger(entries: Iterable[Entry], texts: Iterable[tuple[str, str]] = (),
                 previous: Ledger | None = None, changed: set[str] | None = None,
                 clusters: list | None = None, judgements: Judgements | None = None
                 ) -> Ledger:
    """The ledger of `entries`; `texts` are (document id, clean text) pairs, for syndication,
    unless its `clusters` are given (found beforehand: see pipeline.rebuild_ledger).

    Given the `previous` ledger and the documents `changed` since, only what they touch is
    regrouped: the claims of the same counted thing and voice as a changed claim, or whose
    claimant or syndication cluster changed; the other groups, and the conflicts of
    measures none of whose groups changed, are kept. Grouping never crosses a (counted
    thing, voice) block, so the result equals a build from scratch.
    """
    entries = sorted(entries, key=lambda e: e.id)
    if clusters is None:
        clusters = syndication(texts)
    cluster_of = {d: c.id for c in clusters for d in c.docs}
    claimants, claimant_of = resolve_claimants(entries)
    if judgements:
        claimants, claimant_of = merge_claimants(claimants, claimant_of,
                                                 judgements.same_claimant)
    by_id = {e.id: e for e in entries}
    side = {c.id: c.affiliation for c in claimants}
    # the side each group is shown under reads the ledger's claimants and what each whole
    # document says, never only the claims regrouped now
    named, where = {c.id: c for c in claimants}, settings(entries)
    if previous is None or changed is None or not previous.groups:
        groups = group_claims(entries, claimant_of, cluster_of, side, named, where)
        if judgements and judgements.split_groups:
            groups = _split(groups, judgements.split_groups, by_id, claimant_of, cluster_of,
                            side, named, where)
        kept_conflicts: list[Conflict] = []
        touched_groups = {g.id for g in groups}
    else:
        groups, touched_groups = _regroup(previous, entries, by_id, claimant_of, cluster_of,
                                          side, changed, named, where)
        if not touched_groups and any(not g.members or any(m not in by_id for m in g.members)
                                      for g in previous.groups):
            touched_groups = {g.id for g in groups}
        kept_conflicts = previous.conflicts
    group_of = {m: g.id for g in groups for m in g.members}
    measures = measures_of(groups, by_id)
    redo = [m for m in measures if touched_groups & set(m.groups)]
    redo_names = {m.name for m in redo}
    current = {m.name: set(m.groups) for m in measures}
    conflicts = [c for c in kept_conflicts if c.measure not in redo_names
                 and {c.a, c.b} <= current.get(c.measure, set())]
    conflicts += conflicts_of(redo, {g.id: g for g in groups}, by_id)
    if judgements:
        measures, conflicts = honoured(measures, conflicts, judgements)
    conflicts.sort(key=lambda c: (c.measure, c.a, c.b))
    return Ledger(claimants, claimant_of, groups, group_of, measures, conflicts, clusters,
                  cluster_of, touched_groups)


def _regroup(previous: Ledger, entries: list[Entry], by_id: dict[int, Entry],
             claimant_of: dict[int, str], cluster_of: dict[str, str],
             side: dict[str, str | None], changed: set[str], named: dict[str, Claimant],
             where: dict[str, Setting]) -> tuple[list[Group], set[str]]:
    """Regroup the (counted thing, voice) blocks the changed documents touch; keep every
    other group as it was, its side shown read afresh (a claimant's name may have grown
    fuller). Returns the groups and the ids of those made anew."""
    side_before = {c.id: c.affiliation for c in previous.claimants}
    if any(not g.members or any(m not in by_id for m in g.members) for g in previous.groups):
        # claims were dropped (a document replaced): regroup everything
        return group_claims(entries, claimant_of, cluster_of, side, named, where), set()

    def now(e: Entry) -> tuple[str, str]:
        return block_key(e, claimant_of, side)

    def before(e: Entry) -> tuple[str, str]:
        return block_key(e, previous.claimant_of, side_before)

    touched: set[tuple[str, str]] = set()
    for e in entries:
        known = e.id in previous.group_of
        if not known or e.doc in changed or now(e) != before(e) \
                or claimant_of.get(e.id) != previous.claimant_of.get(e.id) \
                or cluster_of.get(e.doc) != previous.cluster_of.get(e.doc):
            touched.add(now(e))
            if known:
                touched.add(before(e))
    kept = [replace(g, side=group_side([by_id[m] for m in g.members], claimant_of, named, where))
            for g in previous.groups if not any(now(by_id[m]) in touched for m in g.members)]
    kept_ids = {m for g in kept for m in g.members}
    fresh = group_claims([e for e in entries if e.id not in kept_ids], claimant_of, cluster_of,
                         side, named, where)
    return sorted(kept + fresh, key=lambda g: g.id), {g.id for g in fresh}


def _split(groups: list[Group], split: set[str], by_id: dict[int, Entry],
           claimant_of: dict[int, str], cluster_of: dict[str, str],
           side: dict[str, str | None], named: dict[str, Claimant],
           where: dict[str, Setting]) -> list[Group]:
    """Each group people split made one group per claim (the first keeps the id)."""
    out: list[Group] = []
    for g in groups:
        if g.id not in split or len(g.members) < 2:
            out.append(g)
            continue
        for m in g.members:
            out += group_claims([by_id[m]], claimant_of, cluster_of, side, named, where)
    return sorted(out, key=lambda g: g.id)


def syndication(texts: Iterable[tuple[str, str]]) -> list:
    """The syndication clusters of (document id, clean text) pairs."""
    try:
        from claimledger.ledger.syndication import find_syndication
    except ImportError:  # the detector is optional at this layer
        return []
    return find_syndication(texts)
