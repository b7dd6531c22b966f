"""What the ledger works on: each stored claim with its document's date and outlet.

Plain data, read from the store by `Store.ledger_entries()`; everything in ledger/ is a
function of a list of these (and the documents' clean text, for syndication).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache

from claimledger import lexicon
from claimledger.lexicon import fold as _fold


@dataclass(frozen=True, slots=True)  # slots: a large corpus holds every claim as one
class Entry:
    id: int  # claims.id
    doc: str
    doc_date: str | None
    outlet: str | None
    quote: str
    figure: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    claimant: str | None
    role: str | None
    affiliation: str | None
    predicate: str | None
    framing: str | None
    date: str | None
    place: str | None
    position: int  # figure offset in the document: orders claims within it
    period: str | None = None  # "earlier": told as of an earlier time (records.Claim.period)

    @property
    def when(self) -> str | None:
        """The day the claim belongs to: its own date, else its document's."""
        return self.date or self.doc_date

    @property
    def sort_key(self) -> tuple:
        return (self.when or "9999", self.doc, self.position)


# Units that count the same thing under other names, and measures in other units.
PEOPLE = lexicon.words("people_words")
CHILDREN = lexicon.words("child_words")
SOLDIERS = lexicon.words("soldier_words")
SHELTERS = lexicon.words("shelter_words")  # "9,500 shelters" is "9,500 facilities"
TO_BASE = {"mile": ("kilometre", 1.609344), "metre": ("kilometre", 0.001),
           "foot": ("kilometre", 0.0003048), "ton": ("tonne", 0.907185),
           "kilogram": ("tonne", 0.001)}


def unit_family(unit: str | None) -> str:
    u = (unit or "").lower()
    if u in PEOPLE:
        return "people"
    if u in CHILDREN:
        return "children"
    if u in SOLDIERS:
        return "soldiers"
    if u in SHELTERS:
        return "shelters"
    if u in TO_BASE:
        return TO_BASE[u][0]
    return u or "thing"


def in_base_unit(e: Entry) -> tuple[float | None, float | None, float | None]:
    """value, low, high converted to the family's base unit (21 miles -> 33.8 km)."""
    return _in_base(e.unit, e.value, e.low, e.high)


@lru_cache(maxsize=1 << 17)  # asked of each claim for every claim it is compared with
def _in_base(unit: str | None, value: float | None, low: float | None,
             high: float | None) -> tuple[float | None, float | None, float | None]:
    factor = TO_BASE.get((unit or "").lower(), (None, 1.0))[1]
    return tuple(None if x is None else x * factor for x in (value, low, high))


def days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((Date.fromisoformat(a) - Date.fromisoformat(b)).days)
    except ValueError:
        return None


def fold(s: str | None) -> str:
    """Names compared as extraction compares them: ASCII, lower case, no possessive."""
    return _fold(s or "")
