"""The counted thing: which noun a figure counts ("402,000 *people*" -> person).

Read from spaCy's parse: the noun after the number (skipping adjectives, "more", and
proper-noun modifiers such as "Mariupol residents"), or the noun after "of"
("hundreds of thousands of civilians"). When the figure stands alone ("another 2,000
were packed"), the unit of an earlier figure in the sentence, a "number of X", or a
percentage context decides. Else a bare count is of people, as news figures mostly are,
unless the sentence measures something else and says nothing of people ("the index closed
at 7,412.5", "the final score was 3 to 1"): then no counted noun exists and the unit is None.
"""

from __future__ import annotations

import re

from claimledger import lexicon
from claimledger.extract.fields.cores import is_lone_one
from claimledger.lexicon import words
from claimledger.records import Figure

IRREGULAR = {
    "people": "person", "persons": "person", "children": "child", "men": "man",
    "women": "woman", "police": "police officer", "personnel": "personnel",
    "casualties": "casualty", "staff": "staff", "troops": "troop", "lives": "life",
    "refugees": "refugee", "wives": "wife", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "citizens": "citizen", "data": "data",
    "series": "series", "species": "species", "aircraft": "aircraft", "crises": "crisis",
    "analyses": "analysis", "bases": "base", "buses": "bus", "statuses": "status",
}
# Words between a number and its noun that do not change what is counted.
_SKIP_LEMMAS = words("count_skip_words")
_PERCENT_CONTEXT = re.compile(r"\b(percentage|per cent|percent|turnout|rate|share|proportion)\b",
                              re.I)
# What says a bare count is of people: verbs done to or by people, nouns of gatherings and
# tolls (lemmas). Without one of them in the sentence, a bare number counts nothing named.
_PEOPLE_VERBS = words("people_verbs")
# the codebook's verbs, read as nouns by the tagger in a headline ("Thousands rally in ...")
_EVENT_VERBS = frozenset(v for vs in lexicon.codebook()[0].values() for v in vs if " " not in v)
_PEOPLE_NOUNS = words("people_nouns") | words("people_units") | words("people_words")
# Nouns (and verbs) of measures that are not counts: the number is a level, not a tally.
_MEASURE_NOUNS = words("measure_nouns")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ans|ians|is|ese|ers|ards|ites|ots|ish|ch)$")


def singular(word: str) -> str:
    w = word.lower()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if _DEMONYM.match(word) and word[0].isupper():
        return "person"
    if w.endswith("men") and len(w) > 4 and w not in ("specimen", "regimen", "abdomen"):
        return w[:-3] + "man"  # servicemen, policemen, fishermen
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _lemma(tok) -> str:
    text = tok.text
    if tok.ent_type_ == "NORP" or (tok.pos_ == "PROPN" and _DEMONYM.match(text)):
        return "person"
    low = text.lower()
    if low in IRREGULAR:
        return IRREGULAR[low]
    lemma = tok.lemma_.lower()
    if (tok.tag_ in ("NNS", "NNPS") or low.endswith("men")) and lemma == low:
        lemma = singular(low)
    return lemma


def _noun_after(tokens, k: int, end: int):
    """The counted noun starting at token index k (relative to `tokens`), or None."""
    steps = 0
    while k < end and steps < 6:
        t = tokens[k]
        low = t.lower_
        if steps == 0 and t.pos_ == "DET" and low in ("a", "an", "the", "each", "every", "per"):
            return None  # "1,090 a year earlier": what follows an article is not counted
        if low in ("or", "to") and k + 1 < end and tokens[k + 1].pos_ == "NUM":
            k += 2  # "648 or 650 men": the noun after the second number
            steps += 1
            continue
        if t.tag_ in ("VBN", "VBG") and t.dep_ == "amod" and k + 1 < end \
                and tokens[k + 1].pos_ in ("NOUN", "ADJ"):
            k += 1  # "1,804 spoiled votes": a participle describing the noun
            steps += 1
            continue
        if low == "of" and steps == 0:
            k += 1
            steps += 1
            # "84,000 of them children": the noun after the pronoun
            if k + 1 < end and tokens[k].lower_ in ("them", "whom", "those", "these") \
                    and tokens[k + 1].pos_ == "NOUN":
                k += 1
            continue
        if t.pos_ in ("ADJ", "ADV", "DET", "NUM") or low in _SKIP_LEMMAS or t.dep_ == "poss" \
                or low in ("’s", "'s") or (t.pos_ == "PROPN" and t.dep_ == "compound") \
                or (t.text == "-" and steps > 0):
            if t.pos_ == "DET" and low in ("those", "these", "them", "which", "whom"):
                return None
            k += 1
            steps += 1
            continue
        if t.pos_ in ("NOUN", "PROPN"):
            # a compound of common nouns counts as one unit: "relief workers"
            parts = [t]
            while k + 1 < end and t.dep_ == "compound" and tokens[k + 1].pos_ == "NOUN":
                k += 1
                t = tokens[k]
                parts.append(t)
            if t.pos_ == "PROPN" and not (t.ent_type_ == "NORP" or _DEMONYM.match(t.text)):
                return None
            head = _lemma(parts[-1])
            if head in ("other", "more"):
                return None  # "and 79 others": the unit of the figure before
            if len(parts) == 1 and steps == 0 and low in _EVENT_VERBS and k + 1 < end \
                    and tokens[k + 1].pos_ == "ADP" and not low.endswith("s"):
                return None  # a headline's "Thousands march in Velmora": a verb, tagged noun
            mods = [p.lower_ for p in parts[:-1] if p.pos_ == "NOUN"]
            return " ".join(mods + [head])
        return None
    return None


def _as_noun(tokens, f: Figure, base: int) -> str | None:
    """ "600,000 have registered as refugees": the noun the verb files them as."""
    own = [t for t in tokens if f.start <= t.idx - base < f.end]
    if not own:
        return None
    verb = own[-1].head
    if verb.pos_ not in ("VERB", "AUX") or own[-1].dep_ not in ("nsubj", "nsubjpass"):
        return None
    for ch in verb.children:
        if ch.dep_ == "prep" and ch.lower_ == "as":
            pobj = [g for g in ch.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            if pobj:
                return _lemma(pobj[0])
    return None


def _bare_unit(tokens) -> str | None:
    """A bare count's unit: person, unless the sentence measures something else and says
    nothing of people."""
    measured = False
    for t in tokens:
        lemma = t.lemma_.lower()
        if lemma in _PEOPLE_VERBS or lemma in _PEOPLE_NOUNS or t.ent_type_ == "NORP" \
                or t.lower_ in _PEOPLE_VERBS:
            return "person"
        measured = measured or lemma in _MEASURE_NOUNS
    return None if measured else "person"


def assign_units(figures: list[Figure], span, base: int = 0) -> None:
    """Set `unit` on figures that lack one, reading the parse of `span`.

    `span` is a spaCy Doc or Span; figure offsets are relative to char `base` in its doc.
    """
    tokens = list(span)
    text = span.text
    earlier: list[str] = []
    for f in figures:
        own = [t for t in tokens if f.start <= t.idx - base < f.end]
        if own and any(a.dep_ in ("relcl", "appos") for a in own[-1].ancestors) \
                and own[-1].dep_ != "appos":
            # "Egeland, whose council has 1,000 relief workers, said ...": an aside lends
            # no unit to the figures after it
            if not f.unit:
                f.unit = (_noun_after(tokens, tokens.index(own[-1]) + 1, len(tokens))
                          or _bare_unit(tokens))
            continue
        if f.unit:
            earlier.append(f.unit)
            continue
        after = [i for i, t in enumerate(tokens) if t.idx - base >= f.end]
        unit = _noun_after(tokens, after[0], len(tokens)) if after else None
        if unit is None:
            unit = _as_noun(tokens, f, base)
        if unit is None:
            m = re.search(r"\b(?:numbers?|tally|count|total|toll) of (?:the )?(?:[A-Z]\w+ )?(\w+)",
                          text[: f.start])
            count_units = [u for u in earlier if u not in ("percent", "percentage point")]
            if count_units:
                unit = count_units[-1]
            elif m and m.group(1).lower() not in ("the", "those", "them", "people"):
                unit = singular(m.group(1))
            elif _PERCENT_CONTEXT.search(text) and f.value is not None and f.value <= 100 \
                    or (_PERCENT_CONTEXT.search(text) and f.high is not None and f.high <= 100):
                unit, f.kind = "percent", "percent"
            else:
                unit = _bare_unit(tokens)
        f.unit = unit
        if unit and not is_lone_one(f.text):
            # a lone "one child" lends no noun: "killing one child and injuring dozens"
            earlier.append(unit)
