"""Publication dates: the ` date YYYY-MM-DD` marker, bylines/datelines, metadata strings.

Regexes plus datetime (no network, no guessing from body sentences): a date counts as the
publication date only on a line that reads like a byline or dateline, not inside a sentence.
"""

from __future__ import annotations

import re
from datetime import date

# The marker some corpora put before the text: " date 2022-03-25 Moscow is ...". It is not
# article text; the cleaner cuts exactly this match.
DATE_MARKER = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|(?=\r?\n)|\Z)")

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<year>\d{4})/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})\b"),
]
CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4}T))?", re.I)
READ_TIME = re.compile(r"\b\d+\s*min(?:ute)?s?\s+read\b", re.I)
WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?",
                     re.I)
_BYLINE_START = re.compile(
    r"^(?:by\b|published\b|updated\b|posted\b|last\s+updated\b|first\s+published\b|"
    r"date\b|dateline\b|issued\b)", re.I)
_BYLINE_LINES = 15  # a byline or dateline sits near the top


def marker_date(text: str) -> str | None:
    """The date of a leading ` date YYYY-MM-DD` marker, if there is a valid one."""
    m = DATE_MARKER.match(text)
    return _iso(m.group(1)) if m else None


def byline_date(text: str) -> str | None:
    """A date on a byline/dateline-like line among the first lines, as YYYY-MM-DD."""
    seen = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > _BYLINE_LINES:
            break
        found = date_on_byline(line)
        if found:
            return found
    return None


# A wire dateline opening the first paragraph: "HALVIK, Tarsova, March 3, 2025 (Agency) - ..."
# (a place in capitals, perhaps its region or country, the date, the agency, a dash).
_WIRE_PLACE = re.compile(r"^[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}"
                         r"(?:, [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}){0,2},? $")
_WIRE_AFTER = re.compile(r"^(?: \([^()\n]{1,60}\))? ?[-–—]")


def date_on_byline(line: str) -> str | None:
    """The date in `line` when the line reads like a byline or dateline, else None."""
    for pat in DATE_PATTERNS:
        m = pat.search(line, 0, 120)
        if m and _WIRE_PLACE.match(line[: m.start()]) and _WIRE_AFTER.match(line[m.end():]):
            found = _from_match(m)
            if found:
                return found
    if len(line) > 200:
        return None
    for pat in DATE_PATTERNS:
        m = pat.search(line)
        if not m:
            continue
        found = _from_match(m)
        if found is None:
            continue
        rest = line[: m.start()] + " " + line[m.end():]
        rest = READ_TIME.sub(" ", CLOCK.sub(" ", WEEKDAY.sub(" ", rest)))
        words = re.findall(r"[^\W\d_][\w'’.-]*", rest)
        if re.search(r"\d", rest):  # other numbers around it: a sentence with figures
            continue
        if _BYLINE_START.match(line) or READ_TIME.search(line) or CLOCK.search(line):
            return found
        if len(words) <= 8 and not line.endswith((".", "?", "!", "”", '"')):
            return found
    return None


def normalize_date(value: object) -> str | None:
    """A metadata date string (ISO, '7 April 2023', 'April 7, 2023', ...) as YYYY-MM-DD."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for pat in DATE_PATTERNS:
        m = pat.search(s)
        if m:
            found = _from_match(m)
            if found:
                return found
    if not re.search(r"\b(1[89]|2[01])\d{2}\b", s):  # no year: "yesterday" is not a date here
        return None
    return _dateparser(s)


def _dateparser(s: str) -> str | None:
    """Last resort for unusual metadata formats; imported lazily because it is slow to load."""
    try:
        import dateparser

        settings = {"REQUIRE_PARTS": ["day", "month", "year"]}
        if re.search(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", s):  # dotted dates are day-first
            settings["DATE_ORDER"] = "DMY"
        parsed = dateparser.parse(s, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return _ymd(parsed.year, parsed.month, parsed.day) if parsed else None


def _from_match(m: re.Match[str]) -> str | None:
    d = m.groupdict()
    month = int(d["mnum"]) if d.get("mnum") else _MONTHS[d["mon"][:3].lower()]
    return _ymd(int(d["year"]), month, int(d["day"]))


def _iso(s: str) -> str | None:
    y, mo, d = (int(x) for x in s.split("-"))
    return _ymd(y, mo, d)


def _ymd(y: int, mo: int, d: int) -> str | None:
    if not 1800 <= y <= 2200:
        return None
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None
