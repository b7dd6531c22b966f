"""Invented articles through the public API, as the per-field example tests write them.

A test gives an article as a triple-quoted string: a headline, then paragraphs separated by
blank lines, wrapped in the source only to keep its lines short.
"""

from __future__ import annotations

import hashlib

from claimledger.clean import clean
from claimledger.extract import extract_claims
from claimledger.records import Claim, Document, Source

PUBLISHED = "2025-03-14"  # a Friday


def article(text: str) -> str:
    """The article as a file holds it: each paragraph one line, blank lines between."""
    blocks = [" ".join(b.split()) for b in text.strip().split("\n\n")]
    return "\n\n".join(blocks) + "\n"


def claims_in(text: str, date: str | None = PUBLISHED) -> list[Claim]:
    """Every claim of the article, published on `date` (None: no date known)."""
    raw = article(text)
    data = raw.encode()
    source = Source(path="article.txt", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    doc = Document(id="article.txt", raw=raw, format="text", source=source,
                   date=date, date_source="metadata" if date else None)
    return extract_claims(doc, clean(doc))
