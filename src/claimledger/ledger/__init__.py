"""The ledger across documents: claimants, claim groups, measures, conflicts, timelines,
syndication. A pure function of the stored claims and documents (see build.py)."""

from claimledger.ledger.build import Ledger, build_ledger

__all__ = ["Ledger", "build_ledger"]
