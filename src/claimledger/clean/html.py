"""Cleaning HTML: trafilatura finds the article, the source-position stream supplies the text.

trafilatura decides *what* is article text; its paragraphs are then located in the stream of
visible characters (exactly, ignoring whitespace, or fuzzily), so every kept character comes
from the source with its offset. The headline (<h1>) goes first, once. Everything visible but
not kept, and everything hidden (scripts, styles, head), is recorded as a Cut. When trafilatura
finds nothing or fails (absurd nesting, broken markup), a plain tag-stripping path keeps the
text outside navigation, sidebars, footers, forms and captions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from difflib import SequenceMatcher

from claimledger.clean.htmlstream import Stream, parse_stream
from claimledger.clean.lines import Line, assemble
from claimledger.clean.rules import mark_furniture
from claimledger.records import CleanText, Cut

_IGNORABLE = set("\u200b\u200c\u200d\u2060\ufeff\xad")
_XML_BLOCKS = {"p", "head", "item", "list", "table", "row", "cell", "quote", "code", "div",
               "section", "main"}
_FUZZY_MIN = 0.8  # share of a paragraph's characters that must match in order


def clean_html(raw: str, title: str | None = None) -> CleanText:
    """The article text of an HTML page, with its cuts and offset map into the HTML source."""
    stream = parse_stream(raw)
    sq, sq_map = _squeeze(stream.chars)
    paras = _paragraphs(raw)
    spans = _align(sq, sq_map, paras) if paras else []
    spans = _without_chrome(stream, spans)
    if not spans:
        spans = _fallback_spans(stream)
    head_line, spans = _headline(stream, sq, sq_map, spans, title)
    lines = ([head_line] if head_line else []) + _lines(stream, spans)
    hidden = _outside(raw, stream.hidden, head_line) if head_line else stream.hidden
    cuts = hidden + _removed(stream, spans)
    mark_furniture(lines)
    return assemble(raw, lines, cuts)


def _paragraphs(raw: str) -> list[str] | None:
    """trafilatura's main-text paragraphs, or None when it finds nothing or fails."""
    try:
        import trafilatura
        from lxml import etree

        xml = trafilatura.extract(
            raw, output_format="xml", include_comments=False, include_tables=True,
            include_images=False, include_links=False, include_formatting=False,
            deduplicate=False,
        )
        if not xml:
            return None
        root = etree.fromstring(xml.encode("utf-8"))
    except (Exception, RecursionError):  # trafilatura/lxml give up on some pages: fall back
        return None
    main = root.find("main")
    out: list[str] = []
    _collect(main if main is not None else root, out)
    return out


def _collect(el: object, out: list[str]) -> None:
    children = list(el)  # type: ignore[call-overload]
    if not any(c.tag in _XML_BLOCKS for c in children):
        text = "".join(el.itertext()).strip()  # type: ignore[attr-defined]
        if text:
            out.append(text)
        return
    if el.text and el.text.strip():  # type: ignore[attr-defined]
        out.append(el.text.strip())  # type: ignore[attr-defined]
    for c in children:
        _collect(c, out)
        if c.tail and c.tail.strip():
            out.append(c.tail.strip())


def _squeeze(chars: list[str] | str) -> tuple[str, list[int]]:
    """The characters without whitespace, and where each came from: spacing-proof matching."""
    keep = [(c, i) for i, c in enumerate(chars) if not c.isspace() and c not in _IGNORABLE]
    return "".join(c for c, _ in keep), [i for _, i in keep]


def _align(sq: str, sq_map: list[int], paras: list[str]) -> list[tuple[int, int]]:
    """Stream spans [start, end) of the paragraphs, found in order where possible."""
    taken = _Taken()
    cursor = 0
    for p in paras:
        ps, _ = _squeeze(p)
        if not ps:
            continue
        found = _find(sq, ps, cursor, taken)
        if found is None:
            continue
        taken.add(*found)
        cursor = max(cursor, found[1])
    return [(sq_map[a], sq_map[b - 1] + 1) for a, b in zip(taken.starts, taken.ends, strict=True)]


class _Taken:
    """Disjoint squeezed spans already matched, sorted, for O(log n) overlap checks."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect_right(self.starts, a)
        return (i > 0 and self.ends[i - 1] > a) or (i < len(self.starts) and self.starts[i] < b)

    def add(self, a: int, b: int) -> None:
        i = bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


_MAX_TRIES = 20  # occurrences of a repeated paragraph tried before giving up on it


def _find(sq: str, ps: str, cursor: int, taken: _Taken) -> tuple[int, int] | None:
    for start in (cursor, 0):
        pos = sq.find(ps, start)
        tries = 0
        while pos >= 0 and taken.overlaps(pos, pos + len(ps)) and tries < _MAX_TRIES:
            pos = sq.find(ps, pos + 1)
            tries += 1
        if pos >= 0 and not taken.overlaps(pos, pos + len(ps)):
            return pos, pos + len(ps)
    return _fuzzy(sq, ps, cursor, taken)


def _fuzzy(sq: str, ps: str, cursor: int, taken: _Taken) -> tuple[int, int] | None:
    """Where a paragraph trafilatura retouched (dropped an inline bit, ...) most likely is."""
    if len(ps) < 20:
        return None
    window = sq[cursor: cursor + 2 * len(ps) + 2000]
    sm = SequenceMatcher(None, window, ps, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= 8]
    if not blocks or sum(b.size for b in blocks) < _FUZZY_MIN * len(ps):
        return None
    a, b = cursor + blocks[0].a, cursor + blocks[-1].a + blocks[-1].size
    if b - a > 1.5 * len(ps) or taken.overlaps(a, b):
        return None
    return a, b


def _without_chrome(stream: Stream, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop navigation/footer text from the spans (on tiny pages trafilatura keeps it all)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        out.extend(_runs(range(a, b), lambda i: not stream.chrome[i]))
    return out if out or not spans else spans


def _fallback_spans(stream: Stream) -> list[tuple[int, int]]:
    """Tag stripping: runs of text outside navigation, sidebars, footers, captions, widgets."""
    return _runs(range(len(stream.chars)), lambda i: stream.reasons[i] in (None, "form"))


def _runs(indices: range, keep: Callable[[int], bool]) -> list[tuple[int, int]]:
    """Maximal [start, end) runs of consecutive indices that `keep` accepts."""
    spans: list[tuple[int, int]] = []
    start = None
    for i in indices:
        if keep(i):
            start = i if start is None else start
        elif start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, indices.stop))
    return spans


def _headline(
    stream: Stream, sq: str, sq_map: list[int], spans: list[tuple[int, int]], title: str | None
) -> tuple[Line | None, list[tuple[int, int]]]:
    """Put the headline first: the page's <h1>, else the metadata title where the page has it."""
    first = spans[0][0] if spans else len(stream.chars)
    if stream.h1:
        a, b = stream.h1[0]
        text = "".join(stream.chars[a:b])
        overlapping = any(a < y and x < b for x, y in spans)
        if overlapping:
            return None, spans
        if b <= first or (title and _squeeze(title)[0] == _squeeze(text)[0]):
            return None, sorted([(a, b), *spans])
    if not title:
        return None, spans
    ts, _ = _squeeze(title)
    if not ts:
        return None, spans
    pos = sq.find(ts)
    if pos >= 0:
        a, b = sq_map[pos], sq_map[pos + len(ts) - 1] + 1
        if any(a < y and x < b for x, y in spans):
            return None, spans
        if b <= first:
            return None, sorted([(a, b), *spans])
    if stream.title:  # only in <head>: take the headline part of the <title> text
        text, offsets = stream.title
        tsq, tmap = _squeeze(text)
        pos = tsq.find(ts)
        if pos >= 0:
            a, b = tmap[pos], tmap[pos + len(ts) - 1] + 1
            return _make_line(list(text[a:b]), offsets[a:b]), spans
    return None, spans


def _outside(raw: str, cuts: list[Cut], line: Line) -> list[Cut]:
    """The hidden cuts minus a headline taken from <title>: only the rest of it was cut."""
    hs, he = line.offsets[0], line.offsets[-1] + 1
    out: list[Cut] = []
    for c in cuts:
        if c.end <= hs or c.start >= he:
            out.append(c)
            continue
        for a, b in ((c.start, hs), (he, c.end)):
            piece = raw[a:b].strip()
            if a < b and piece:
                out.append(Cut(a, b, c.reason, piece))
    return out


def _lines(stream: Stream, spans: list[tuple[int, int]]) -> list[Line]:
    """Kept spans as Lines: one per source block, whitespace runs collapsed to one space."""
    lines: list[Line] = []
    for a, b in spans:
        start = a
        for i in range(a + 1, b + 1):
            if i == b or stream.blocks[i] != stream.blocks[i - 1]:
                line = _make_line(stream.chars[start:i], stream.offsets[start:i])
                if line:
                    lines.append(line)
                start = i
    return lines


def _make_line(chars: list[str], offsets: list[int]) -> Line | None:
    text: list[str] = []
    offs: list[int] = []
    space: int | None = None
    for c, o in zip(chars, offsets, strict=True):
        if c in _IGNORABLE:
            continue
        if c.isspace():
            space = o if space is None else space
            continue
        if space is not None and text:
            text.append(" ")  # deliberate: a whitespace run becomes one space at its start
            offs.append(space)
        space = None
        text.append(c)
        offs.append(o)
    return Line("".join(text), offs) if text else None


def _removed(stream: Stream, spans: list[tuple[int, int]]) -> list[Cut]:
    """One Cut per block of visible text that was not kept, named by its context."""
    kept = [False] * len(stream.chars)
    for a, b in spans:
        kept[a:b] = [True] * (b - a)
    cuts: list[Cut] = []
    i, n = 0, len(kept)
    while i < n:
        if kept[i]:
            i += 1
            continue
        j = i
        while (j < n and not kept[j] and stream.blocks[j] == stream.blocks[i]
               and stream.reasons[j] == stream.reasons[i]):
            j += 1
        line = _make_line(stream.chars[i:j], stream.offsets[i:j])
        if line:
            cuts.append(Cut(line.offsets[0], line.offsets[-1] + 1,
                            stream.reasons[i] or "boilerplate", line.text))
        i = j
    return cuts
