"""The `page` field: which page of a paged source (a PDF) a claim's figure is printed on.

Positional, not linguistic: the figure's first character, mapped back to the original
text, falls on the page whose start (Document.pages) is the last at or before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def page_at(pages: Sequence[int] | None, raw_offset: int) -> int | None:
    """The page (from 1) holding `raw_offset`, or None for an unpaged source."""
    if not pages:
        return None
    return max(1, bisect_right(pages, raw_offset))
