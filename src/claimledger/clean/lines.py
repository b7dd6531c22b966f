"""Lines: the unit the furniture rules judge, and assembly of kept lines into a CleanText.

Both plain text and extracted HTML become a list of Lines, each carrying the raw offset of
every character, so the rules never have to care where the text came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimledger.records import CleanText, Cut

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


@dataclass
class Line:
    """One paragraph-ish line of source text, stripped, with per-character raw offsets."""

    text: str
    offsets: Sequence[int]  # a range for a line of plain text
    gap_before: bool = False  # a blank line (paragraph break) precedes it in the source
    nl_before: int | None = None  # raw index of the line break before it, if any
    nl_after: int | None = None  # raw index of the line break that ends it, if any
    cuts: list[tuple[int, int, str]] = field(default_factory=list)  # line-local, with reason

    def cut(self, reason: str, start: int = 0, end: int | None = None) -> None:
        """Mark text[start:end] (default: all) as furniture of the given kind."""
        end = len(self.text) if end is None else end
        if start < end:
            self.cuts.append((start, end, reason))

    @property
    def whole_cut(self) -> bool:
        """True when nothing but whitespace survives the cuts."""
        return not self.kept()[0]

    @property
    def untouched(self) -> bool:
        return not self.cuts

    def reason(self) -> str | None:
        """The reason of the (first) cut on this line, if any."""
        return self.cuts[0][2] if self.cuts else None

    def kept(self) -> tuple[str, Sequence[int]]:
        """The text left after the cuts and the raw offset of each of its characters,
        trimmed, with the gap a cut leaves closed. Whole strings and slices where it can:
        a line may be megabytes long."""
        t, n = self.text, len(self.text)
        if not self.cuts:
            a, b = n - len(t.lstrip()), len(t.rstrip())
            return (t[a:b], self.offsets[a:b]) if a < b else ("", [])
        mask = [False] * n
        for a, b, _ in self.cuts:
            a, b = max(a, 0), min(b, n)
            if a < b:
                mask[a:b] = [True] * (b - a)
        chars: list[str] = []
        offs: list[int] = []
        after_cut = False
        for i, c in enumerate(t):
            if mask[i]:
                after_cut = True
                continue
            if c.isspace() and (not chars or (after_cut and chars[-1].isspace())):
                continue  # no leading space, no double space where a cut was
            chars.append(c)
            offs.append(self.offsets[i])
            after_cut = False
        while chars and chars[-1].isspace():
            chars.pop()
            offs.pop()
        return "".join(chars), offs


def split_plain(raw: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Lines of raw[start:end] (blank lines become `gap_before` flags), offsets into raw."""
    end = len(raw) if end is None else end
    lines: list[Line] = []
    gap = False
    prev_nl: int | None = start - 1 if start > 0 and raw[start - 1] in "\r\n" else None
    for m in _LINE.finditer(raw, start, end):
        if m.start() == m.end():
            break
        body = m.group(0).rstrip("\r\n")
        nl = m.start() + len(body) if len(body) < len(m.group(0)) else None
        lead = len(body) - len(body.lstrip())
        text = body.strip()
        if not text:
            gap = gap or bool(lines)
        else:
            a = m.start() + lead
            lines.append(Line(text, range(a, a + len(text)), gap_before=gap,
                              nl_before=prev_nl, nl_after=nl))
            gap = False
        prev_nl = nl
    return lines


def assemble(raw: str, lines: list[Line], extra_cuts: list[Cut] | None = None) -> CleanText:
    """Join the kept parts of the lines; one line per block, at most one blank line between."""
    chars: list[str] = []  # strings: a line's kept text, or a separator
    offs: list[int] = []
    prev: Line | None = None
    gap = False
    for line in lines:
        gap = gap or line.gap_before
        kept, kept_offsets = line.kept()
        if not kept:
            continue
        if prev is not None:
            first = kept_offsets[0]
            # separators map to the real line breaks where there are some, else to the next char
            chars.append("\n")
            offs.append(prev.nl_after if prev.nl_after is not None else first)
            if gap:
                chars.append("\n")
                nb = line.nl_before
                offs.append(nb if nb is not None and nb != offs[-1] else first)
        chars.append(kept)
        offs.extend(kept_offsets)
        prev, gap = line, False
    cuts = list(extra_cuts or [])
    for line in lines:
        cuts.extend(_line_cuts(line))
    cuts.sort(key=lambda c: (c.start, c.end))
    return CleanText(text="".join(chars), offsets=offs, cuts=cuts)


def _line_cuts(line: Line) -> list[Cut]:
    out = []
    covered = 0  # rules may overlap (a trailing marker inside a caption): report each char once
    for a, b, reason in sorted(line.cuts):
        a, b = max(a, covered, 0), min(b, len(line.text))
        if a >= b:
            continue
        covered = b
        piece = line.text[a:b]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if not piece:
            continue
        a += lead
        b = a + len(piece)
        out.append(Cut(start=line.offsets[a], end=line.offsets[b - 1] + 1, reason=reason,
                       text=piece))
    return out
