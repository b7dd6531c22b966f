"""What a reviewer may set on a claim, and how a typed value is read: one place for it.

`--field claimant="Ludmila Denisova"` on the command line and the web form's fields both
come here. A value is text from a person, so it is checked, never trusted: an unknown field,
a bound that is not a number, a date that is not YYYY-MM-DD or a qualifier outside the
spec's six is refused with a message naming the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
FRAMINGS = ("forced", "voluntary")

# field -> kind. "side" is a name for `affiliation`: the side a claimant speaks for.
FIELDS: dict[str, str] = {
    "claimant": "text", "claimant_role": "text", "affiliation": "text",
    "predicate": "text", "framing": "framing", "date": "date", "place": "text",
    "unit": "text", "qualifier": "qualifier", "value": "number", "low": "number",
    "high": "number",
}
ALIASES = {"side": "affiliation", "role": "claimant_role"}
# text a person may leave empty: the field is then null (no claimant: the outlet's voice)
NULLABLE = {"claimant", "claimant_role", "affiliation", "predicate", "framing", "date",
            "place", "value", "low", "high"}
MAX_TEXT = 300  # a name, a place or a lemma; never a page of pasted text
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class FieldError(ValueError):
    """A field a reviewer set that cannot be used; the message says which and why."""


def parse_fields(pairs: Iterable[str]) -> dict[str, Any]:
    """["claimant=Ludmila Denisova", "low=3000"] -> {"claimant": "Ludmila Denisova",
    "low": 3000}; each NAME=VALUE as `check` reads it."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq:
            raise FieldError(f"{pair!r}: give a field as NAME=VALUE (e.g. claimant=Ukraine)")
        key, typed = check(name.strip(), value)
        out[key] = typed
    return out


def check(name: str, value: Any) -> tuple[str, Any]:
    """(field, value as stored) for one field set by a person, or FieldError."""
    key = ALIASES.get(name, name)
    kind = FIELDS.get(key)
    if kind is None:
        known = ", ".join(sorted([*FIELDS, *ALIASES]))
        raise FieldError(f"{name!r} is not a field a reviewer can set (one of: {known})")
    if value is None or (isinstance(value, str) and not value.strip()):
        if key not in NULLABLE:
            raise FieldError(f"{name}: cannot be empty")
        return key, None
    if kind == "number":
        return key, _number(name, value)
    if not isinstance(value, str):
        raise FieldError(f"{name}: expected text, got {type(value).__name__}")
    text = " ".join(value.split())
    if _CONTROL.search(value.replace("\n", " ").replace("\t", " ")) or len(text) > MAX_TEXT:
        raise FieldError(f"{name}: expected a short line of text (at most {MAX_TEXT} "
                         "characters, no control characters)")
    if kind == "qualifier" and text not in QUALIFIERS:
        raise FieldError(f"{name}: {text!r} is not one of {', '.join(QUALIFIERS)}")
    if kind == "framing" and text not in FRAMINGS:
        raise FieldError(f"{name}: {text!r} is not one of {', '.join(FRAMINGS)} (or empty)")
    if kind == "date":
        try:
            date.fromisoformat(text)
        except ValueError:
            raise FieldError(f"{name}: {text!r} is not a date as YYYY-MM-DD") from None
        if len(text) != 10:
            raise FieldError(f"{name}: {text!r} is not a date as YYYY-MM-DD")
    return key, text


def _number(name: str, value: Any) -> int | float:
    if isinstance(value, bool):
        raise FieldError(f"{name}: expected a number")
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").replace("_", "").strip())
        except ValueError:
            raise FieldError(f"{name}: {value!r} is not a number") from None
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise FieldError(f"{name}: expected a finite number, zero or more")
    return int(value) if float(value).is_integer() else float(value)


def consistent(record: dict[str, Any]) -> str | None:
    """What is wrong with a claim's bounds once fields are set, or None: a low above its
    high, or a value outside them."""
    low, high, value = record.get("low"), record.get("high"), record.get("value")
    if low is not None and high is not None and low > high:
        return f"low ({low}) is above high ({high})"
    if value is not None and ((low is not None and value < low)
                              or (high is not None and value > high)):
        return f"value ({value}) is outside low..high"
    return None
