"""Assemble claims from a cleaned document (placeholder until the extractor lands)."""

from __future__ import annotations

from claimledger.records import Claim, CleanText, Document


def extract_claims(doc: Document, clean: CleanText) -> list[Claim]:
    """Every figure in the clean text as a Claim, quote spans relative to clean.text."""
    return []
