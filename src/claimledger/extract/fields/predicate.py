"""Predicate and framing: what happened to the counted thing, and how the clause frames it.

The predicate is the verb governing the counted noun: a participle on the noun first
("2,400 civilians *killed*", "6,000 of those *forced*"), else the verb the noun is subject
or object of, skipping reporting and auxiliary verbs. Framing applies only to people being
moved or held: forced (deported, abducted, "against their will", "forcibly", hostages) or
voluntary (evacuated, "willingly", "of their own free will", found refuge); neutral verbs
(move, relocate, flee, leave, return) stay null unless the sentence adds such words.
"""

from __future__ import annotations

import re

from claimledger import lexicon
from claimledger.extract.cues import REPORT_VERBS

SKIP_VERBS = REPORT_VERBS | {"be", "have", "manage", "continue", "begin", "try", "seem",
                             "appear", "expect", "think", "include", "get", "become"}
PEOPLE_UNITS = lexicon.words("people_units")
FORCED_VERBS = lexicon.words("forced_verbs")
VOLUNTARY_VERBS = lexicon.words("voluntary_verbs")
MOVEMENT_VERBS = lexicon.words("movement_verbs")
_FORCED_CUES = re.compile(r"against (?:their|his|her) will|forcibl|by force|\bforced\b|"
                          r"hostage|kidnap|abduct|deport|illegally (?:took|taken|moved)", re.I)
_VOLUNTARY_CUES = re.compile(r"willingly|own free will|voluntar|wanted to go|\brefuge\b|"
                             r"evacuat|of their own accord", re.I)


def predicate_of(fig_tok) -> str | None:
    """The verb lemma for the figure whose last token is `fig_tok`."""
    noun = fig_tok
    if fig_tok.dep_ in ("nummod", "quantmod", "compound") and fig_tok.head.pos_ in ("NOUN",
                                                                                   "PROPN"):
        noun = fig_tok.head
    # a participle on the noun or on "those" after "of": "6,000 of those forced"
    for t in noun.subtree:
        if t.dep_ in ("acl", "relcl") and t.pos_ == "VERB" and t.lemma_ not in SKIP_VERBS \
                and t.i - noun.i < 6:
            return _phrasal(t)
    tok = noun
    for _ in range(12):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in SKIP_VERBS:
            return _phrasal(tok)
    root = fig_tok.sent.root
    if root.pos_ == "VERB" and root.lemma_.lower() not in SKIP_VERBS:
        return _phrasal(root)
    return None


def _phrasal(verb) -> str:
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    lemma = verb.lemma_.lower()
    if lemma == "take" and any(c.lower_ == "part" for c in verb.children):
        return "take part"
    return f"{lemma} {prt[0]}" if prt else lemma


def framing_of(predicate: str | None, unit: str | None, sentence: str) -> str | None:
    if unit not in PEOPLE_UNITS:
        return None
    p = (predicate or "").split()[0] if predicate else ""
    if p in FORCED_VERBS:
        return "forced"
    if p in VOLUNTARY_VERBS:
        return "voluntary"
    if p in MOVEMENT_VERBS or not p:
        if _FORCED_CUES.search(sentence):
            return "forced"
        if _VOLUNTARY_CUES.search(sentence):
            return "voluntary"
    return None
