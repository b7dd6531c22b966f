"""The plain data that flows through the pipeline, in the order it flows.

read -> Source, Document;  clean -> CleanText;  extract -> Figure, Claim.
Every stage takes and returns these; nothing here touches disk, network or SQL.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Source:
    """Raw bytes and where they came from. `sha256` names the archived original."""

    path: str  # the file it was read from (for JSONL: the .jsonl file)
    sha256: str  # of the raw bytes of this document (for JSONL: of its line)
    size: int
    url: str | None = None
    fetched: str | None = None  # ISO timestamp, when known (WARC)
    data: bytes = field(default=b"", repr=False, compare=False)  # the original bytes
    record: int | None = None  # its line (JSONL) or record (WARC) number in the file


@dataclass
class Document:
    """One article. `raw` is the decoded original that all offsets point into."""

    id: str  # file name, or `file.jsonl#N`
    raw: str  # decoded original: the text file, or the HTML source
    format: str  # "text" | "html"
    source: Source
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None  # publication date, YYYY-MM-DD
    date_source: str | None = None  # "metadata" | "marker" | "byline" | "html" | None
    language: str = "en"
    # a paged source (PDF): where each page starts in `raw`, page 1 first; None: unpaged
    pages: list[int] | None = None
    byline: str | None = None  # "Ana Petrova and John Smith", as the text gives it
    dateline: str | None = None  # "KYIV, Ukraine", as the text gives it


@dataclass(frozen=True)
class Cut:
    """A stretch of the original removed by cleaning, and why."""

    start: int  # offsets into Document.raw
    end: int
    reason: str  # e.g. "newsletter prompt", "related-news feed", "photo credit"
    text: str


@dataclass
class CleanText:
    """The article's own text, with a map from each kept character back to Document.raw."""

    text: str
    offsets: list[int]  # offsets[i] = index in Document.raw of text[i]
    cuts: list[Cut] = field(default_factory=list)
    language: str | None = None  # ISO 639-1, "und" when unclear (clean/language.py)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the clean text to the span of the original it came from."""
        if start >= end or not self.offsets:
            return (0, 0)
        return (self.offsets[start], self.offsets[end - 1] + 1)


@dataclass
class Figure:
    """A number phrase, normalised. Spans are offsets into the text it was parsed from."""

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact | approx | at_least | at_most | range | vague
    unit: str | None  # singular, lower case: person, child, percent, mile, ...
    kind: str  # count | percent | money | measure | duration | age | ...

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("value", "low", "high"):
            d[k] = _num(d[k])
        return d


@dataclass
class Claim:
    """A figure in context: who states it, about what, when and where."""

    doc: str
    quote: str
    quote_start: int  # offsets of the sentence in CleanText.text
    quote_end: int
    figure: Figure  # spans relative to the clean text
    claimant: str | None = None
    claimant_role: str | None = None
    affiliation: str | None = None
    predicate: str | None = None
    framing: str | None = None
    date: str | None = None
    place: str | None = None
    group: str | None = None
    # "earlier": its paragraph tells of an earlier time than the story's ("Earlier this month,
    # an airstrike killed ..."); not in the interchange record, read by the ledger's scopes
    period: str | None = None
    page: int | None = None  # the source's page the figure is on (from 1); None: unpaged

    def record(self) -> dict:
        """The claim as the interchange record of spec/claims.md."""
        f = self.figure
        return {
            "doc": self.doc,
            "quote": self.quote,
            "figure": f.text,
            "value": _num(f.value),
            "low": _num(f.low),
            "high": _num(f.high),
            "qualifier": f.qualifier,
            "unit": f.unit,
            "claimant": self.claimant,
            "affiliation": self.affiliation,
            "predicate": self.predicate,
            "framing": self.framing,
            "date": self.date,
            "place": self.place,
            "group": self.group,
        }


def page_at(pages: Sequence[int] | None, raw_offset: int) -> int | None:
    """The page (from 1) of a paged source (Document.pages: where each page starts in its
    raw text) that holds `raw_offset`; None for an unpaged source. The one place a claim's
    `page` is decided: by where its figure is printed, nothing linguistic."""
    if not pages:
        return None
    return max(1, bisect_right(pages, raw_offset))


def _num(x: float | None) -> float | int | None:
    """Whole numbers print as integers (402000, not 402000.0)."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x
