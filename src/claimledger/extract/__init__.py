"""Extraction: figures, claimants, predicate, framing, date and place, sentence by sentence."""

from claimledger.extract.claims import extract_claims, extract_many

__all__ = ["extract_claims", "extract_many"]
