"""Which language an article's clean text is in: lingua, offline, over a fixed set of
languages (lexicon `detected_languages`), measured in bench/language.py.

Only English is extracted today; a document said to be in another language is archived
and listed, and no claim is guessed from it. The costly mistake is an English article
called something else (its claims are lost), so a language other than English is said
only with confidence >= THRESHOLD on at least MIN_LETTERS letters; else "und"
(undetermined), which is extracted as English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from claimledger import lexicon

EXTRACTED = frozenset({"en", "und"})  # the languages extraction reads
THRESHOLD = 0.8
MIN_LETTERS = 20
SAMPLE = 2000  # characters read: the start of an article says its language


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in sorted(lexicon.words("detected_languages"))]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or "und" when it is too short or unclear."""
    sample = text[:SAMPLE]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return "und"
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return "und"
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    if code == "en":
        return "en"
    return code if top.value >= THRESHOLD else "und"
