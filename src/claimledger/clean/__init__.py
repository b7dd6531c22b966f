"""Cleaning: strip page furniture, keep a map from every kept character to the original."""

from __future__ import annotations

from claimledger.clean.text import clean_plain, with_headline
from claimledger.records import CleanText, Document

__all__ = ["clean"]


def clean(doc: Document) -> CleanText:
    """The article's own text with furniture cut, each kept char mapped back to doc.raw."""
    if doc.format == "html":
        from claimledger.clean.html import clean_html

        return clean_html(doc.raw, doc.title)
    if doc.format == "pdf":
        from claimledger.clean.pdf import clean_pdf

        return clean_pdf(doc.raw, doc.pages)  # a metadata title is no part of its text
    # a plain-text document has a title only from metadata (JSONL): the headline goes first
    return with_headline(clean_plain(doc.raw), doc.title)
