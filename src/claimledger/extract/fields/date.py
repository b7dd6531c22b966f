"""The claim's date: the day the statement was made, else the day the fact refers to,
else the publication date.

In a sentence, in order: a day on the cue's verb ("said on Tuesday"), a day on another act
of stating without a subject of its own ("figures released on Tuesday"), a full date, any
other day the sentence gives the fact ("evacuated on Saturday"); spans ("since Monday",
"between March 2 and 6") are no day. Relative days ("on Thursday", "yesterday") resolve
against the publication date, a month and day without a year to the publication's year
(the year before when that would put it months ahead); without a publication date only
dates that carry a year can be known. Across the document (claimant_days, a pass): a
claimant's undated statement takes the day the story gives that claimant elsewhere, and a
dateline's day what is left.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from claimledger.extract.context import per_sentence
from claimledger.extract.nlp import ents_of
from claimledger.lexicon import fold, words

if TYPE_CHECKING:
    from claimledger.extract.context import DocContext
    from claimledger.records import Claim

# verbs of an act of stating whose day dates what was stated ("figures released on ...")
_STATING_VERBS = words("report_verbs")

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# spans of time and bounds are no day of a fact: "since Monday", "between March 19 and 23"
_NOT_A_DAY = re.compile(r"^(?:since|until|till|by|from|through|throughout|during|as of|for|"
                        r"between)\b|\b(?:and|to|through|until)\b|\d\s*[-\u2013]\s*\d", re.I)
_SPAN_WORDS = frozenset({"since", "until", "till", "by", "from", "through", "during", "of",
                         "for", "before", "after", "between"})
_HAS_DAY = re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)}|today|"
                      r"yesterday|tonight|\d{1,2}(?:st|nd|rd|th)?)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# a weekday, "today" and the like, or a month's day: the sentence dates itself
_NAMES_A_DAY = re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)}|today|yesterday|tonight)\b", re.I)


_MONTH_NUM = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
# "March 3", "Oct. 22", "3 March", "March 3rd, 2023", "Sunday, 3 March 2024"
_MONTH_WORD = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_MONTH_DAY = re.compile(
    rf"\b(?:{_MONTH_WORD}\s+(?P<d1>\d{{1,2}}){_ORD}|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?"
    rf"{_MONTH_WORD.replace('mon>', 'mon2>')})\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?", re.I)
# how far past publication a day without a year may fall before it means last year's
# (a report of 14 March on "December 12" speaks of the December before; "March 20" of
# a meeting to come is no day of the claim)
_NEXT_YEAR_GAP = 60


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_AGO = re.compile(r"^(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                  r"(?P<unit>days?|weeks?)\s+(?:ago|earlier|before)$", re.I)


@lru_cache(maxsize=4096)
def resolve(text: str, published: str | None) -> str | None:
    """A date phrase as YYYY-MM-DD, or None when no single day can be known."""
    back = _AGO.match(text.strip())
    if back and published:
        # "two weeks earlier", "three days ago": counted back from the story's day
        n = back.group("n").lower()
        count = int(n) if n.isdigit() else _COUNT_WORDS.get(n)
        if count is not None:
            days = count * (7 if back.group("unit").lower().startswith("week") else 1)
            return (datetime.fromisoformat(published).date() - timedelta(days=days)).isoformat()
    if not _HAS_DAY.search(text):
        return None
    if published is None and not _YEAR.search(text):
        return None
    phrase = re.sub(r"^(?:on|last|this|earlier|late|early|the)\s+", "", text.strip(), flags=re.I)
    phrase = re.sub(r"(?:['\u2019]s)?(?:\s+(?:morning|afternoon|evening|night))?$", "", phrase,
                    flags=re.I)
    base = datetime.fromisoformat(published).date() if published else None
    if base is not None and phrase.lower() in _WEEKDAYS:
        # a bare weekday in a report is the latest such day up to publication (dateparser
        # will not give a full date for one, as REQUIRE_PARTS asks)
        back = (base.weekday() - _WEEKDAYS.index(phrase.lower())) % 7
        if back == 0 and re.match(r"last\s", text.strip(), re.I):
            back = 7  # "last Wednesday" in a Wednesday's paper is a week before
        return (base - timedelta(days=back)).isoformat()
    week = re.fullmatch(r"(\w+)\s+(?:of\s+)?last\s+week", phrase, re.I)
    if base is not None and week and week.group(1).lower() in _WEEKDAYS:
        # "on Tuesday last week": that weekday of the week before publication's
        monday = base - timedelta(days=base.weekday() + 7)
        return (monday + timedelta(days=_WEEKDAYS.index(week.group(1).lower()))).isoformat()
    if base is not None and phrase.lower() in ("yesterday", "today", "tonight"):
        return (base - timedelta(days=phrase.lower() == "yesterday")).isoformat()
    m = _MONTH_DAY.search(phrase)
    if m:
        return _month_day(m, base)
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published)
    got = dateparser.parse(phrase, languages=["en"], settings=settings)
    if got is None:
        return None
    day = got.date().isoformat()
    if published and day > published:
        return None
    return day


def _month_day(m: re.Match[str], base: date | None) -> str | None:
    """ "March 3" as a day: its own year, else the publication's, else the year before
    where that would put it well after publication."""
    month = _MONTH_NUM[(m.group("mon") or m.group("mon2"))[:3].lower()]
    day_of = int(m.group("d1") or m.group("d2"))
    year = int(m.group("year")) if m.group("year") else (base.year if base else None)
    if year is None:
        return None
    try:
        got = date(year, month, day_of)
    except ValueError:
        return None
    if base is not None and got > base:
        if m.group("year"):
            return None
        if (got - base).days <= _NEXT_YEAR_GAP:
            return None  # a day to come: no day of a statement or of a fact reported
        got = got.replace(year=year - 1) if not (month == 2 and day_of == 29) else None
    return got.isoformat() if got else None


_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
# Day phrases where NER did not run (sentences parse_plan parses without it)
_WEEKDAY_NAMES = "|".join(d.title() for d in _WEEKDAYS)
_DAY_PHRASE = re.compile(
    rf"\b(?:(?:on|last|this)\s+)?(?:(?:{_WEEKDAY_NAMES})|"
    rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|"
    rf"\d{{1,2}}\s+{_MONTHS}(?:\s+(?:19|20)\d\d)?|yesterday)\b")


def paragraph_day(sents, s, published: str | None) -> str | None:
    """The day a sentence that says no time takes from its paragraph: the day the sentence
    before gives what happened ("Around 6 pm on Saturday, the road was packed. Police said
    18,000 gathered."); a sentence's own "this month" or "since" keeps none."""
    if not s.index or sents[s.index - 1].block != s.block or has_time_words(s.span):
        return None
    prev = sents[s.index - 1]
    return per_sentence(prev, "fact day", lambda: fact_day(prev.span, published))


# a paragraph opening on an earlier time than the story's: "Earlier this month, an airstrike
# killed dozens", "Last year, ...", "In March 2021, ..." (not "last week": often the story's
# own event, told days later)
_EARLIER = re.compile(
    r"^[“\"]?(?:Earlier (?:this|that) (?:month|year)|Last (?:month|year)|In (?:19|20)\d\d|"
    r"(?:Earlier )?[Ii]n (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:,? (?:19|20)\d\d)?|(?:A|One|Two|Three|\d+) (?:months?|years?) "
    r"(?:ago|earlier))\b")


def period_of(sents, s) -> str | None:
    """ "earlier" for a sentence whose paragraph opens on an earlier time than the story's
    ("Earlier this month, an airstrike killed dozens. Al-Masirah reported at least 51
    ..."): its figures are of that other occasion."""
    first = s
    while first.index and sents[first.index - 1].block == s.block:
        first = sents[first.index - 1]
    return "earlier" if first.index and _EARLIER.match(first.text.lstrip()) else None


def has_time_words(span) -> bool:
    """Whether the sentence says when at all: a day, or a span ("this month", "last week",
    "since the floods")."""
    if re.search(r"\bsince\b|\b(?:this|last|next) (?:week|month|year)\b", span.text, re.I):
        return True
    if not span.doc.has_annotation("ENT_IOB"):
        return bool(_DAY_PHRASE.search(span.text))
    return any(ent.label_ == "DATE" for ent in ents_of(span))


def fact_day(span, published: str | None) -> str | None:
    """The day a sentence gives what happened, not the day someone said it ("Around 6 pm on
    Saturday, the road was packed", not "The agency said on Tuesday ...")."""
    for root, text in date_phrases(span):
        v = _nearest_verb(root)
        if v is not None and root.doc[v].lemma_.lower() in _STATING_VERBS:
            continue
        if (day := resolve(text, published)) and not _to_come(root):
            return day
    return None


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
        if _NOT_A_DAY.search(ent.text) or prev in _SPAN_WORDS:
            continue
        out.append((ent.root, ent.text))
    return out


def claim_date(span, cue_verb_i: int | None, published: str | None,
               fig_tok=None) -> str | None:
    """The claim's day in sentence `span`: the statement's, else the fact's, else the
    publication date. `cue_verb_i` is the attribution cue's verb, `fig_tok` the figure's
    last token (to find the fact's own clause)."""
    days = [(root, text, day) for root, text in date_phrases(span)
            if (day := resolve(text, published))]
    # the date on the reporting verb: "said on April 6", "On Thursday, the UK said"
    if cue_verb_i is not None:
        for root, _text, day in days:
            anc = {a.i for a in root.ancestors}
            if cue_verb_i in anc and _nearest_verb(root) == cue_verb_i:
                return day
    # the date of another act of stating in the sentence: "according to figures released
    # on Tuesday", "in comments published on Saturday", "after having tweeted on Sunday"
    # (one with a subject of its own is another's statement: "..., AFP reported on Monday")
    for root, _text, day in days:
        v = _nearest_verb(root)
        if v is not None and root.doc[v].lemma_.lower() in _STATING_VERBS \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.doc[v].children):
            return day
    # a full date the fact refers to: "when the agreement was struck on November 2, 2022"
    for _root, text, day in days:
        if _YEAR.search(text):
            return day
    # a day the fact refers to: "25 civilians had been evacuated on Saturday"; not a day
    # of something still to come ("the vote, which parliament is due to hold on Thursday")
    for root, _text, day in days:
        if not _to_come(root):
            return day
    return published


def _to_come(tok) -> bool:
    """The day's verb takes "will"/"shall", or is an infinitive that is not perfect ("due
    to hold on Thursday", not "reported to have left on Saturday"): an act planned."""
    v = _nearest_verb(tok)
    if v is None:
        return False
    aux = {c.lower_ for c in tok.doc[v].children if c.dep_ == "aux"}
    return bool(aux & {"will", "shall", "'ll"}) or ("to" in aux and "have" not in aux)


def _nearest_verb(tok) -> int | None:
    for a in tok.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a.i
    return None


def antecedent_date(sents, s, claimant: str, published: str | None) -> str | None:
    """ "X spoke to journalists on Thursday. He said ...": the pronoun's statement is the
    one its antecedent made, on the day given there (the nearest of the last three
    sentences that names X with a day)."""
    surname = fold(claimant).split()[-1:]
    if not surname:
        return None
    for j in range(s.index - 1, max(-1, s.index - 4), -1):
        for tok in sents[j].span:
            if fold(tok.text) != surname[0]:
                continue
            while tok.dep_ in ("appos", "compound", "flat") and tok.head is not tok:
                tok = tok.head  # "the governor, Marta Ilves," -> governor
            if tok.dep_ in ("nsubj", "nsubjpass"):
                day = claim_date(sents[j].span, tok.head.i, published)
                if day != published:
                    return day
    return None


def claimant_days(claims: list[Claim], ctx: DocContext) -> None:
    """A document pass (passes.PASSES): a claim whose sentence gives no day takes the day
    of the same claimant's nearest dated claim, before it, else after it ("the council said on
    Saturday ..." then "According to the council, ..."; a headline "X says ..." over the
    body's "X said on Tuesday ..."). A claimant's statements in one story are one
    statement unless the story dates them apart. A dateline's day ("TARVEN, March 12
    (Wirepress) -") then dates what is left without a day."""
    published = ctx.published
    if published is None:
        return
    filed = _dateline_day(claims, published)
    # a claim dates itself when its sentence names a day, even the publication's own
    # ("said on Thursday" in Thursday's paper)
    own = [c.date if c.date != published or _NAMES_A_DAY.search(c.quote) else None
           for c in claims]
    for i, c in enumerate(claims):
        if own[i] is not None or not c.claimant:
            continue
        for j in [*range(i - 1, -1, -1), *range(i + 1, len(claims))]:
            if own[j] and claims[j].claimant and _same_speaker(c.claimant, claims[j].claimant):
                c.date = own[j]
                break
    if filed:
        for i, c in enumerate(claims):
            if own[i] is None and c.date == published:
                c.date = filed


# "TARVEN, March 12 (Wirepress) - ": the day a wire story was filed
_DATELINE = re.compile(rf"^[A-Z][\w.\-]+(?: [A-Z][\w.\-]+)?, (?i:{_MONTH_WORD})\s+\d{{1,2}}\b"
                       r"(?:,\s+(?:19|20)\d\d)?(?=\s*[(.:\u2013\u2014-]|\s+[A-Z\u201c\"])")


def _dateline_day(claims: list[Claim], published: str) -> str | None:
    """The day of the story's dateline, where one opens a sentence a claim is in: it is
    the day of the report, which dates what the story states without a day of its own."""
    for c in claims:
        m = _DATELINE.match(c.quote)
        if m:
            day = _month_day(_MONTH_DAY.search(m.group()), date.fromisoformat(published))
            if day:
                return day
    return None


_NAME_STOP = frozenset({"the", "of", "and", "for"})


def _same_speaker(a: str, b: str) -> bool:
    """The same claimant named more or less fully: "the council" / "city council of X"."""
    ta = set(fold(a).split()) - _NAME_STOP
    tb = set(fold(b).split()) - _NAME_STOP
    return bool(ta and tb) and (ta <= tb or tb <= ta)
