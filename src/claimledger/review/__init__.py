"""The review layer's plain parts: what a person decided about a claim, how that decision
finds its claim again after a re-run, and the state decisions give each claim.

Nothing here touches SQL: store/reviews.py keeps the tables, and claimledger.reviewing
runs a decision end to end (validate, anchor, store, rebuild the ledger).
"""

from claimledger.review.fields import FIELDS, FieldError, parse_fields
from claimledger.review.records import (
    CLAIM_ACTIONS,
    LEDGER_ACTIONS,
    REASONS,
    STATUSES,
    Decision,
    judgements,
)

__all__ = ["CLAIM_ACTIONS", "FIELDS", "LEDGER_ACTIONS", "REASONS", "STATUSES", "Decision",
           "FieldError", "judgements", "parse_fields"]
