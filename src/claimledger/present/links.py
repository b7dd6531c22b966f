"""Which URLs from the articles may leave claimledger as links (web pages, exports)."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """An article's own URL as a link only when it is http(s): never javascript: or data:.

    The URL comes from the article (a JSONL field, a page's metadata, a crawl's target) and
    is untrusted; a link a reader may click, in a page or a spreadsheet, must not run code."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
