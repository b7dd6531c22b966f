"""Cleaning plain text: the leading date marker, then the line rules."""

from __future__ import annotations

from claimledger.clean.lines import Line, assemble, split_plain
from claimledger.clean.rules import mark_furniture
from claimledger.read.dates import DATE_MARKER
from claimledger.records import CleanText


def clean_plain(raw: str) -> CleanText:
    """The article text of a plain-text document, with its cuts and offset map."""
    lines = split_plain(raw)
    _split_marker(raw, lines)
    mark_furniture(lines)
    return assemble(raw, lines)


def _split_marker(raw: str, lines: list[Line]) -> None:
    """Cut a leading ` date YYYY-MM-DD` marker; the rest of its line is article text."""
    m = DATE_MARKER.match(raw)
    if not m or not lines:
        return
    first = lines[0]
    n = sum(1 for o in first.offsets if o < m.end())
    marker = Line(first.text[:n], first.offsets[:n], nl_before=first.nl_before)
    marker.cut("date marker")
    rest = first.text[n:]
    lead = len(rest) - len(rest.lstrip())
    first.text, first.offsets = rest.strip(), first.offsets[n + lead:n + lead + len(rest.strip())]
    first.nl_before = None
    lines.insert(0, marker)
    if not first.text:
        lines.remove(first)


def with_headline(ct: CleanText, title: str | None) -> CleanText:
    """Put a metadata headline (a JSONL `title`) first when the text does not start with it.

    The headline is article text, but it is not in Document.raw (the `text` value), so its
    characters are synthetic: they map to offset 0, the start of the document.
    """
    title = " ".join((title or "").split())
    if not title or _squash(title) in _squash(ct.text[: len(title) + 500]):
        return ct
    sep = "\n\n" if ct.text else ""
    return CleanText(text=title + sep + ct.text, offsets=[0] * (len(title) + len(sep))
                     + ct.offsets, cuts=ct.cuts)


def _squash(s: str) -> str:
    return "".join(s.split()).casefold()
