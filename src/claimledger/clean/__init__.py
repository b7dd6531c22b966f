"""Cleaning: strip page furniture, keep a map from every kept character to the original."""

from __future__ import annotations

from claimledger.clean.text import clean_plain
from claimledger.records import CleanText, Document

__all__ = ["clean"]


def clean(doc: Document) -> CleanText:
    """The article's own text with furniture cut, each kept char mapped back to doc.raw."""
    if doc.format == "html":
        from claimledger.clean.html import clean_html

        return clean_html(doc.raw, doc.title)
    return clean_plain(doc.raw)
