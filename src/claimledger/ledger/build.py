"""Build the ledger from stored claims: syndication -> claimants -> groups -> measures ->
conflicts. Deterministic: the same claims give the same ids, in whatever order they came,
so a ledger updated after new documents equals one built afresh over all of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from claimledger.ledger.claimants import Claimant, resolve_claimants
from claimledger.ledger.entries import Entry
from claimledger.ledger.groups import Group, group_claims
from claimledger.ledger.measures import Conflict, Measure, conflicts_of, measures_of


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


def build_ledger(entries: Iterable[Entry], texts: Iterable[tuple[str, str]] = ()) -> Ledger:
    """`texts` are (document id, clean text) pairs, for syndication."""
    entries = sorted(entries, key=lambda e: e.id)
    clusters = _syndication(texts)
    cluster_of = {d: c.id for c in clusters for d in c.docs}
    claimants, claimant_of = resolve_claimants(entries)
    groups = group_claims(entries, claimant_of, cluster_of)
    by_id = {e.id: e for e in entries}
    group_of = {m: g.id for g in groups for m in g.members}
    measures = measures_of(groups, by_id)
    conflicts = conflicts_of(measures, {g.id: g for g in groups}, by_id)
    return Ledger(claimants, claimant_of, groups, group_of, measures, conflicts, clusters,
                  cluster_of)


def _syndication(texts: Iterable[tuple[str, str]]) -> list:
    texts = list(texts)
    if len(texts) < 2:
        return []
    try:
        from claimledger.ledger.syndication import find_syndication
    except ImportError:  # the detector is optional at this layer
        return []
    return find_syndication(texts)
