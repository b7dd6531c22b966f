"""Cleaning a PDF's text: running headers, footers and page numbers are furniture.

A report repeats its title or its publisher at the top of every page and "Page 3 of 20" at
the bottom; left in, they would cut sentences that run over a page break in two and add
figures ("20") that nobody claimed. A line is a running header (footer) when, digits aside,
the same line stands among the first (last) lines of several pages; a page number is a
lone number at a page's edge. The rest goes through the line rules plain text has.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

from claimledger.clean.lines import Line, assemble, split_plain
from claimledger.clean.rules import mark_furniture
from claimledger.records import CleanText

EDGE = 3  # lines at the top and at the bottom of a page that may be furniture
_PAGE_NUMBER = re.compile(
    r"(?i)^(?:page\s+|p\.\s*|[-–—]\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?$")
_DIGITS = re.compile(r"\d+")


def clean_pdf(raw: str, pages: Sequence[int] | None) -> CleanText:
    """The report's own text, its page furniture cut, with the cuts and the offset map."""
    lines = split_plain(raw)
    mark_page_furniture(lines, pages or [0])
    mark_furniture(lines)
    return assemble(raw, lines)


def mark_page_furniture(lines: list[Line], pages: Sequence[int]) -> None:
    """Cut running headers and footers, and page numbers, at the pages' edges."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[bisect_right(pages, line.offsets[0]) if line.offsets else 0].append(line)
    edges = [(page[:EDGE], page[-EDGE:]) for page in by_page.values()]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)  # (where, key) -> pages
    for n, (top, bottom) in enumerate(edges):
        for where, group in (("top", top), ("bottom", bottom)):
            for line in group:
                seen[(where, _key(line.text))].add(n)
    # repeated on at least two pages, and on a third of them: a report's running line
    enough = max(2, len(edges) // 3)
    for top, bottom in edges:
        for where, group in (("top", top), ("bottom", bottom)):
            for line in group:
                if not line.untouched:
                    continue
                if _PAGE_NUMBER.match(line.text):
                    line.cut("page number")
                elif len(seen[(where, _key(line.text))]) >= enough:
                    line.cut("running header" if where == "top" else "running footer")


def _key(text: str) -> str:
    """A line as it repeats from page to page: case, spacing and its numbers aside."""
    return _DIGITS.sub("#", " ".join(text.casefold().split()))
