"""HTML articles: the Document with title, outlet, URL and date from the page's metadata."""

from __future__ import annotations

import re

from claimledger.read.dates import normalize_date
from claimledger.records import Document, Source

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)


def html_document(doc_id: str, raw: str, source: Source) -> Document:
    """An HTML Document; metadata comes from trafilatura (which uses htmldate for dates)."""
    doc = Document(id=doc_id, raw=raw, format="html", source=source, url=source.url)
    meta = page_metadata(raw)
    doc.title = meta.get("title")
    doc.outlet = meta.get("outlet")
    doc.url = doc.url or meta.get("url")
    if meta.get("date"):
        doc.date, doc.date_source = meta["date"], "html"
    m = _LANG.search(raw[:5000])
    if m:
        doc.language = m.group(1).lower()
    return doc


def page_metadata(raw: str) -> dict[str, str]:
    """title/outlet/url/date found in the page; empty when the page defeats the parser."""
    try:
        from trafilatura import extract_metadata

        meta = extract_metadata(raw)
    except (Exception, RecursionError):  # broken or absurdly nested HTML: no metadata
        return {}
    if meta is None:
        return {}
    out: dict[str, str] = {}
    for key, value in (("title", meta.title), ("outlet", meta.sitename), ("url", meta.url)):
        if isinstance(value, str) and value.strip():
            out[key] = value.strip()
    found = normalize_date(meta.date)
    if found:
        out["date"] = found
    return out
