"""The claim's date: the day the statement was made, else the day the fact refers to,
else the publication date. Relative dates ("on Thursday", "last week") are resolved
against the publication date with dateparser; without one, only dates that carry a year
can be known.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from claimledger.extract.nlp import ents_of
from claimledger.lexicon import fold

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NOT_A_DAY = re.compile(r"^(?:since|until|till|by|from|through|throughout|during|as of|for)\b",
                        re.I)
_HAS_DAY = re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)}|today|"
                      r"yesterday|tonight|\d{1,2}(?:st|nd|rd|th)?)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@lru_cache(maxsize=4096)
def resolve(text: str, published: str | None) -> str | None:
    """A date phrase as YYYY-MM-DD, or None when no single day can be known."""
    if not _HAS_DAY.search(text):
        return None
    if published is None and not _YEAR.search(text):
        return None
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published)
    phrase = re.sub(r"^(?:on|last|this|earlier|late|early)\s+", "", text.strip(), flags=re.I)
    if published and phrase.lower() in _WEEKDAYS:
        # a bare weekday in a report is the latest such day up to publication (dateparser
        # will not give a full date for one, as REQUIRE_PARTS asks)
        base = datetime.fromisoformat(published).date()
        back = (base.weekday() - _WEEKDAYS.index(phrase.lower())) % 7
        return (base - timedelta(days=back)).isoformat()
    got = dateparser.parse(phrase, languages=["en"], settings=settings)
    if got is None:
        return None
    day = got.date().isoformat()
    if published and day > published:
        return None
    return day


_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
# Day phrases where NER did not run (sentences parse_plan parses without it)
_WEEKDAY_NAMES = "|".join(d.title() for d in _WEEKDAYS)
_DAY_PHRASE = re.compile(
    rf"\b(?:(?:on|last|this)\s+)?(?:(?:{_WEEKDAY_NAMES})|"
    rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|"
    rf"\d{{1,2}}\s+{_MONTHS}(?:\s+(?:19|20)\d\d)?|yesterday)\b")


def date_phrases(span) -> list[tuple[object, str]]:
    """DATE entities of a sentence that name a day, with the token they attach to."""
    if not span.doc.has_annotation("ENT_IOB"):
        found = []
        for m in _DAY_PHRASE.finditer(span.text):
            sub = span.char_span(m.start(), m.end(), alignment_mode="expand")
            if sub is not None:
                found.append((sub.root, m.group()))
        return found
    out = []
    for ent in ents_of(span):
        if ent.label_ != "DATE":
            continue
        prev = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if _NOT_A_DAY.match(ent.text) or prev in ("since", "until", "by", "from", "through",
                                                    "during", "of", "for", "before", "after"):
            continue
        out.append((ent.root, ent.text))
    return out


def claim_date(span, cue_verb_i: int | None, published: str | None) -> str | None:
    phrases = date_phrases(span)
    # the date on the reporting verb: "said on April 6", "On Thursday, the UK said"
    if cue_verb_i is not None:
        for root, text in phrases:
            anc = {a.i for a in root.ancestors}
            if cue_verb_i in anc and _nearest_verb(root) == cue_verb_i:
                day = resolve(text, published)
                if day:
                    return day
    # a full date the fact refers to: "when the agreement was struck on November 2, 2022"
    for _root, text in phrases:
        if _YEAR.search(text):
            day = resolve(text, published)
            if day:
                return day
    return published


def _nearest_verb(tok) -> int | None:
    for a in tok.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a.i
    return None


def antecedent_date(sents, s, claimant: str, published: str | None) -> str | None:
    """ "X spoke to journalists on Thursday. He said ...": the pronoun's statement is the
    one its antecedent made, on the day given there."""
    surname = fold(claimant).split()[-1:]
    if not surname:
        return None
    for j in range(s.index - 1, max(-1, s.index - 3), -1):
        for tok in sents[j].span:
            if tok.dep_ in ("nsubj", "nsubjpass") and fold(tok.text) == surname[0]:
                day = claim_date(sents[j].span, tok.head.i, published)
                return day if day != published else None
    return None
