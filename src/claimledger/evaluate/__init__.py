"""The project's own grader: extracted claim records against gold, as spec/claims.md says.

Written from the spec's "Grading" section and its qualifier table. Predicted and gold
records are matched one to one within each document (figures alike; among the pairs that
could be made, as many as possible, then those whose claimants also match, then those
quoting the same sentence); then precision, recall and F1 are counted for figures alone and
for figures with their claimant, each field's accuracy over the matched pairs, how many
cross-document restatements share a group, and how many gold conflicts are found.

The grader keeps its own small tables (country aliases, transliterations, nationality
adjectives, words of bodies) instead of the extractor's lexicon: what is measured must not
move when the extractor's word lists do.
"""

from __future__ import annotations

from claimledger.evaluate.matching import Matching, Pair, match, pair_doc
from claimledger.evaluate.report import PRF, Report, format_report, grade
from claimledger.evaluate.rules import (
    FIELDS,
    Record,
    claimants_match,
    field_matches,
    figures_match,
    fold,
    is_person,
)
from claimledger.evaluate.sets import (
    GoldSet,
    Prediction,
    default_sets,
    evaluate_set,
    load_jsonl,
    predict,
)

__all__ = [
    "FIELDS", "PRF", "GoldSet", "Matching", "Pair", "Prediction", "Record", "Report",
    "claimants_match", "default_sets", "evaluate_set", "field_matches", "figures_match",
    "fold", "format_report", "grade", "is_person", "load_jsonl", "match", "pair_doc",
    "predict",
]
