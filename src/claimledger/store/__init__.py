"""The schema and the only code that speaks SQL."""

from claimledger.store.store import DEFAULT_PATH, DiskFull, Store, StoreError, claim_from_row

__all__ = ["DEFAULT_PATH", "DiskFull", "Store", "StoreError", "claim_from_row"]
