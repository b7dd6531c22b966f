"""Furniture rules over lines: patterns first, then the rules that need a line's neighbours.

Each pass marks cuts on Lines; later passes only touch lines still untouched, so the most
specific reason wins. When a rule is unsure it keeps the text: a figure in the article body
must never be cut.
"""

from __future__ import annotations

import re

from claimledger.clean.lines import Line
from claimledger.clean.masthead import copyright_name
from claimledger.clean.patterns import (
    AGENCY_WORD,
    LEADING_AD,
    NAME_IN_PLACE,
    TIMESTAMP,
    TRAILING_AD,
    carries_figure,
    donation_score,
    feed_heading,
    non_latin,
    not_prose,
    photo_credit,
    related_link,
    sentence_end,
    trailing_credit,
    whole_line_reason,
)
from claimledger.read.dates import DATE_PATTERNS, date_on_byline

_BY = re.compile(r"^by\s+", re.I)
_STAMPED = re.compile(r"^(published|updated|posted|last updated|first published)\b", re.I)
_NAME_GLUE = {"and", "of", "the", "de", "da", "van", "der", "von", "al", "el", "bin", "news",
              "desk", "staff", "in", "&"}
_PROMPTS = {"newsletter prompt", "subscribe block", "notification prompt"}
FEED = "related-news feed"
_MAX_HEADINGS = 50  # feed headings tried per document (keeps pathological pages linear)


_SECTION_SEP = re.compile(r"\s+[|›»>]\s+")
_SECTION_PART = re.compile(r"^[A-Z][\w'&.-]*(?: [\w'&.-]+){0,3}$")


def mark_furniture(lines: list[Line]) -> None:
    """Mark every furniture line (or part of a line) in place."""
    _patterns(lines)
    _sections(lines)
    _mastheads(lines)
    _bylines(lines)
    _donations(lines)
    _captions(lines)
    _promos(lines)
    _feeds(lines)
    _sandwiched(lines)
    _duplicates(lines)


def _patterns(lines: list[Line]) -> None:
    for line in lines:
        if not line.untouched:
            continue
        t = line.text
        reason = whole_line_reason(t) or not_prose(t)
        if reason:
            line.cut(reason)
        elif feed_heading(t):
            line.cut(FEED)
        elif related_link(t):
            line.cut("related link")
        else:
            m = TRAILING_AD.search(t)
            if m:
                line.cut("advertisement marker", m.start(), len(t))
            m = LEADING_AD.match(t)
            if m:
                line.cut("advertisement marker", 0, m.end())


def _sections(lines: list[Line]) -> None:
    """A site's section path, "World | Europe | Ukraine": a line of a few short names joined
    by a separator, none a sentence nor holding a number."""
    for line in lines:
        if not line.untouched:
            continue
        parts = _SECTION_SEP.split(line.text.strip())
        if len(parts) >= 2 and all(_SECTION_PART.match(p) and not any(c.isdigit() for c in p)
                                   for p in parts):
            line.cut("section line")


def _mastheads(lines: list[Line]) -> None:
    """The outlet's name alone on a line at the top, where its copyright line names the same
    outlet: the masthead, not the headline."""
    names = {" ".join(n.casefold().split()) for line in lines
             if line.reason() == "copyright notice"
             for n in [copyright_name(line.text)] if n}
    if not names:
        return
    for line in lines[:3]:
        if line.untouched and " ".join(line.text.casefold().split()) in names:
            line.cut("masthead")


def _bylines(lines: list[Line]) -> None:
    for i, line in enumerate(lines):
        if line.untouched and _is_byline(line.text, i):
            line.cut("byline")


def _is_byline(t: str, position: int) -> bool:
    if len(t) > 200:
        return False
    if _BY.match(t):
        if date_on_byline(t):
            return True
        words = _BY.sub("", t).split()
        return (1 <= len(words) <= 7 and not sentence_end(t) and not carries_figure(t)
                and all(w[:1].isupper() or w.lower() in _NAME_GLUE for w in words))
    if _STAMPED.match(t) and len(t) <= 120:
        return bool(date_on_byline(t))
    if 0 < position < 5 and len(t) <= 60 and NAME_IN_PLACE.match(t) and not carries_figure(t):
        return True
    # a bare date/time stamp near the top ("April 7, 2023 6:37 PM")
    if position < 8 and len(t) <= 60 and date_on_byline(t):
        rest = t
        for pat in DATE_PATTERNS:
            rest = pat.sub(" ", rest)
        return len(re.findall(r"[^\W\d_]{3,}", rest)) <= 2
    return False


def _donations(lines: list[Line]) -> None:
    for line in lines:
        if line.untouched and len(line.text) >= 40 and donation_score(line.text) >= 3:
            line.cut("donation appeal")


def _caption_like(line: Line) -> bool:
    """Could this line, right above a credit, be its caption rather than body text?"""
    t = line.text
    if not line.untouched or len(t) > 250:
        return False
    if line.gap_before:  # a short block of its own, glued to the credit below it
        return True
    # in text without paragraph gaps, a full sentence with a figure is more likely body text
    return not sentence_end(t) or (len(t) <= 120 and not carries_figure(t))


def _captions(lines: list[Line]) -> None:
    """A short line directly above a photo credit is its caption (how scrapes show photos)."""
    for i, line in enumerate(lines):
        t = line.text
        if line.reason() == "gallery widget":
            _caption_after_gallery(lines, i)
            continue
        if not line.untouched and not (line.reason() == "agency credit" and AGENCY_WORD.match(t)):
            continue
        kind = photo_credit(t)
        if kind is None:
            span = line.untouched and trailing_credit(t)
            if span:
                line.cut("photo credit", *span)
                # a line ending in a credit is a caption; mid-article, only when figure-free
                head = t[: span[0]]
                if span[0] <= 300 and (i == 0 or not carries_figure(head)):
                    line.cut("photo caption", 0, span[0])
            continue
        prev = lines[i - 1] if i > 0 and not line.gap_before else None
        if kind == "agency":  # "Reuters" alone: a credit only under a stand-alone short line
            standalone = prev is not None and (
                prev.gap_before or i == 1 or lines[i - 2].whole_cut)
            if not (standalone and _caption_like(prev)):
                continue
        line.cuts = []
        line.cut("photo credit")
        if prev is not None and _caption_like(prev):
            prev.cut("photo caption")
            k = i - 2
            # caption lines in another language sit right above (a bilingual caption)
            while k >= 0 and not lines[k + 1].gap_before and lines[k].untouched and non_latin(
                lines[k].text
            ):
                lines[k].cut("photo caption")
                k -= 1


def _caption_after_gallery(lines: list[Line], i: int) -> None:
    """Lines between a 'View gallery' widget and the photo credit below it are the caption."""
    for k in range(i + 1, min(i + 7, len(lines))):
        if lines[k].gap_before or len(lines[k].text) > 250:
            return
        if photo_credit(lines[k].text) == "explicit":
            for j in range(i + 1, k):
                if lines[j].untouched:
                    lines[j].cut("photo caption")
            return


def _promos(lines: list[Line]) -> None:
    """The teaser line above a 'WATCH NOW' button belongs to the promo."""
    for i, line in enumerate(lines):
        if line.reason() == "video promo" and i > 0:
            prev = lines[i - 1]
            if prev.untouched and len(prev.text) <= 120 and not carries_figure(prev.text):
                prev.cut("video promo")


def _feeds(lines: list[Line]) -> None:
    """From a feed heading near the end, a tail that looks like a feed is all furniture."""
    wrap = _wrap_width(lines)
    after = [0] * (len(lines) + 1)  # untouched characters from line i to the end
    for i in range(len(lines) - 1, -1, -1):
        after[i] = after[i + 1] + (len(lines[i].text) if lines[i].untouched else 0)
    total = after[0] or 1
    headings = [h for h, x in enumerate(lines) if x.reason() in (FEED, "related link")
                and (feed_heading(x.text) or related_link(x.text))]
    for h in headings[:_MAX_HEADINGS]:
        tail = lines[h + 1:]
        body_chars = after[h + 1]
        if body_chars and body_chars <= 0.6 * total and _looks_like_feed(tail, wrap):
            for x in tail:
                if x.untouched:
                    x.cut(FEED)
            return


def _looks_like_feed(tail: list[Line], wrap: int | None) -> bool:
    """Headlines and timestamps, not prose: a feed (teasers are prose, but come stamped)."""
    stamps = headlines = prose = 0
    for x in tail:
        if not x.untouched:
            continue
        t = x.text
        if TIMESTAMP.match(t) or (len(t) <= 40 and date_on_byline(t)):
            stamps += 1
        elif wrap is not None and len(t) >= 0.75 * wrap:
            prose += 1  # a line of a hard-wrapped paragraph
        elif len(t) <= 50 or (len(t) <= 120 and not sentence_end(t)):
            headlines += 1
        else:
            prose += 1
    if headlines + stamps == 0:
        return False
    if prose == 0:
        return True
    if stamps and prose <= headlines + stamps:
        return True
    return prose <= 1 and headlines >= 3


def _wrap_width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped text breaks at (most lines end near it, mid-sentence)."""
    lengths = [len(x.text) for x in lines if x.untouched]
    if len(lengths) < 6:
        return None
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    if width > 100:
        return None
    wrapped = sum(1 for x in lines if x.untouched and len(x.text) >= 0.75 * width
                  and not sentence_end(x.text))
    return width if wrapped >= 0.4 * len(lengths) else None


def _sandwiched(lines: list[Line]) -> None:
    """A short line between two prompts of one widget is part of it (a newsletter's name)."""
    for i in range(1, len(lines) - 1):
        line, prev, nxt = lines[i], lines[i - 1], lines[i + 1]
        if not line.untouched or line.gap_before or nxt.gap_before:
            continue
        if len(line.text) > 80 or carries_figure(line.text):
            continue
        if prev.whole_cut and nxt.whole_cut and prev.reason() == nxt.reason() in _PROMPTS:
            line.cut(prev.reason() or "newsletter prompt")


def _duplicates(lines: list[Line]) -> None:
    """A line printed twice in a row (a headline repeated by the page) is kept once; so is
    a headline repeated a few lines down, after the outlet's name or a kicker."""
    prev: Line | None = None
    seen = 0
    head: set[str] = set()
    for line in lines:
        if line.whole_cut:
            continue
        norm = _norm(line.text)
        if prev is not None and line.untouched and norm == _norm(prev.text):
            line.cut("duplicated headline" if seen <= 2 else "duplicated line")
            continue
        if seen < 6 and line.untouched and len(norm) >= 20 and norm in head:
            line.cut("duplicated headline")
            continue
        if seen < 6:
            head.add(norm)
        prev = line
        seen += 1


def _norm(t: str) -> str:
    return " ".join(t.casefold().split())
