"""What a plain-text article says of itself where it stands: its title (the first heading),
outlet (its copyright line, else the agency of its dateline), byline ("By ...") and
dateline ("KYIV, Ukraine (AP) —"). A text file has no metadata of its own; an HTML page's
or a JSONL line's metadata always wins over these.

Read off the cleaned text and its cuts, so a newsletter prompt or a promo at the top is
never taken for the headline. Each guess is made only when the text's shape says so; when
unsure, nothing is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.records import CleanText, Document

_TITLE_MIN_WORDS, _TITLE_MAX_WORDS = 4, 25
# a dateline: the city in capitals, maybe its country, maybe the agency, then a dash
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3}"
    r"(?:,\s*[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3})?)"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\((?P<agency>[A-Z][\w.&' -]{0,30})\))?\s*[\u2014\u2013-]{1,2}\s")
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>.+?)"
    r"(?:[.,;]?\s*all rights reserved.*)?[.\s]*$", re.I)
_BY = re.compile(r"^by\s+", re.I)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# where a byline's names end: a separator, a stamp word, a date, a month or a weekday
_STAMP = re.compile(rf"\s*[|•·]\s*|,\s*(?=(?:updated|published|posted)\b)|\s+\d|"
                    rf"\s+(?=(?:{_MONTHS}|{_WEEKDAYS})\b\.?)", re.I)
# "Kyiv, May 13": a place and a day, the dateline of wire copy set on a line of its own
_DAY_LINE = re.compile(rf"^[A-Z][\w.' -]{{1,40}},\s*(?:{_MONTHS})\.? \d{{1,2}}\b", re.I)


@dataclass(frozen=True)
class Masthead:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None


def masthead(clean: CleanText) -> Masthead:
    """The title, outlet, byline and dateline of a plain-text article, where it gives them."""
    lines = [ln.strip() for ln in clean.text.split("\n") if ln.strip()]
    dateline, agency = _dateline(lines[:6])
    return Masthead(title=_title(lines), outlet=_copyright(clean) or agency,
                    byline=_byline(clean), dateline=dateline)


def _title(lines: list[str]) -> str | None:
    """The first line when it is shaped like a heading: a line of its own (the next one
    does not carry on its sentence), of a few words (a label, "All news", is fewer), not a
    sentence (a lede ends with a full stop), and no dateline."""
    if not lines:
        return None
    first = lines[0]
    words = first.split()
    if not (_TITLE_MIN_WORDS <= len(words) <= _TITLE_MAX_WORDS) or len(first) > 250:
        return None
    if first[-1] in ".,;:" or _DATELINE.match(first + " ") or _DAY_LINE.match(first) \
            or re.match(r"^[A-Z]{3,}[A-Z .'-]*,", first):
        return None
    if not any(c.islower() for c in first):  # "WATCH NOW", a shouted label
        return None
    if len(lines) > 1 and lines[1][:1].islower():  # a hard-wrapped lede goes on
        return None
    return first


def _dateline(lines: list[str]) -> tuple[str | None, str | None]:
    """(the dateline's place, its agency) from the first lines, or (None, None)."""
    for line in lines:
        m = _DATELINE.match(line)
        if m and sum(c.isupper() for c in m.group("place").split(",")[0]) >= 3:
            agency = (m.group("agency") or "").strip() or None
            return m.group("place").strip(), agency
        m = _DAY_LINE.match(line)
        if m and len(line.split()) <= 5:
            return line.split(",")[0].strip(), None
    return None, None


def _copyright(clean: CleanText) -> str | None:
    for cut in clean.cuts:
        if cut.reason == "copyright notice":
            name = copyright_name(cut.text)
            if name:
                return name
    return None


def copyright_name(text: str) -> str | None:
    """Whose a copyright line says the page is: "© 2024 The Velmora Courier. All rights
    reserved." -> "The Velmora Courier"; None when it names no one plausibly."""
    m = _COPYRIGHT.match(" ".join(text.split()))
    name = m.group("name").strip(" .,;|-") if m else ""
    if name and len(name.split()) <= 6 and not name[0].isdigit():
        return name
    return None


def _byline(clean: CleanText) -> str | None:
    """The names of the first "By ..." line (a contributors' note or a bare date stamp that
    cleaning also cuts as a byline is not one)."""
    for cut in clean.cuts:
        text = " ".join(cut.text.split())
        if cut.reason == "byline" and _BY.match(text):
            # "By Ana Petrova, updated 3 March 2024 9:41": the names, not the stamp
            names = _STAMP.split(_BY.sub("", text), maxsplit=1)[0].strip(" ,")
            return names or None
    return None


def fill_masthead(doc: Document, clean: CleanText) -> None:
    """Set what a plain-text document lacks (title, outlet, byline, dateline) from its
    text; metadata it came with is kept."""
    if doc.format != "text":
        return
    m = masthead(clean)
    doc.title = doc.title or m.title
    doc.outlet = doc.outlet or m.outlet
    doc.byline = doc.byline or m.byline
    doc.dateline = doc.dateline or m.dateline
