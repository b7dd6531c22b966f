"""Plain-text articles: the Document and its date from a leading marker or a byline."""

from __future__ import annotations

from claimledger.read.dates import byline_date, marker_date
from claimledger.records import Document, Source


def text_document(doc_id: str, raw: str, source: Source) -> Document:
    """A plain-text Document; `raw` is the decoded file (or JSONL `text` value)."""
    doc = Document(id=doc_id, raw=raw, format="text", source=source, url=source.url)
    fill_text_dates(doc)
    # no title guess: the first line of a scrape is as often a prompt as a headline
    return doc


def fill_text_dates(doc: Document) -> None:
    """Set date/date_source from a leading marker, else from a byline near the top."""
    found = marker_date(doc.raw)
    if found:
        doc.date, doc.date_source = found, "marker"
        return
    found = byline_date(doc.raw)
    if found:
        doc.date, doc.date_source = found, "byline"

