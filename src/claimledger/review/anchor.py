"""Find a decision's claim again in a document as it is stored now.

Claim ids change whenever a document is extracted again; a decision holds on to where its
claim stands instead: the document's hash, the sentence and the figure, by offsets and by
text. The same bytes give the same offsets; a changed document is searched for the sentence
(exactly, else the closest stretch at least MIN_SIMILARITY alike, so a corrected typo or a
moved paragraph keeps the decision) and the figure inside it. A decision whose sentence or
figure is gone is orphaned: shown as such, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from claimledger.review.records import Decision

MIN_SIMILARITY = 90.0  # rapidfuzz's 0-100, sentence against the stretch found


@dataclass(frozen=True)
class Anchor:
    """Where a decision's claim stands now. `claim` is the stored claim there, or None
    where the machine no longer finds one (a confirmed claim is then kept by the review
    layer, as an added one is). `moved`: found by its text, not its offsets."""

    quote_start: int
    quote_end: int
    figure_start: int
    figure_end: int
    claim: int | None
    moved: bool = False


def anchor(d: Decision, sha256: str | None, text: str | None,
           claims: Sequence[dict[str, Any]]) -> Anchor | str:
    """The Anchor of a claim decision in the document now stored as (`sha256`, clean
    `text`, its `claims` rows), or why it is orphaned (a str)."""
    if text is None:
        return f"its document {d.doc} is no longer stored"
    if None in (d.quote_start, d.quote_end, d.figure_start, d.figure_end) or not d.quote:
        return "the decision names no sentence"
    qs, qe = int(d.quote_start), int(d.quote_end)  # type: ignore[arg-type]
    rel = int(d.figure_start) - qs  # type: ignore[arg-type]
    width = int(d.figure_end) - int(d.figure_start)  # type: ignore[arg-type]
    moved = False
    if not (sha256 == d.sha256 and text[qs:qe] == d.quote):
        found = _find(d.quote, text, qs)
        if found is None:
            return "its sentence is no longer in the document"
        qs, qe = found
        moved = True
    fs = qs + rel
    if text[fs:fs + width] != d.figure:
        at = text.find(d.figure or "\x00", qs, qe)
        if at < 0:
            return "its figure is no longer in the sentence"
        fs, moved = at, True
    fe = fs + width
    return Anchor(qs, qe, fs, fe, _claim_at(claims, fs, fe), moved)


def _find(quote: str, text: str, near: int) -> tuple[int, int] | None:
    """The span of `quote` in `text`: the exact occurrence nearest `near`, else the most
    alike stretch if alike enough."""
    hits, at = [], text.find(quote)
    while at >= 0:
        hits.append(at)
        at = text.find(quote, at + 1)
    if hits:
        best = min(hits, key=lambda h: abs(h - near))
        return best, best + len(quote)
    if not text or not quote:
        return None
    a = fuzz.partial_ratio_alignment(quote, text, score_cutoff=MIN_SIMILARITY)
    if a is None:
        return None
    return a.dest_start, a.dest_end


def _claim_at(claims: Sequence[dict[str, Any]], fs: int, fe: int) -> int | None:
    """The stored claim on exactly this figure, else one overlapping it."""
    machine = [c for c in claims if c.get("origin") is None]
    for c in machine:
        if c["figure_start"] == fs and c["figure_end"] == fe:
            return int(c["id"])
    for c in machine:
        if c["figure_start"] < fe and fs < c["figure_end"]:
            return int(c["id"])
    return None
