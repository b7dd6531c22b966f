"""What happened to the counted thing, in the ledger's words, whatever verb each side uses.

From the claim's predicate when it belongs to a known family ("deport", "evacuate",
"relocate" -> moved), from event words in its sentence when the verb says little ("the
turnout was 26"), else the verb itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger import lexicon
from claimledger.ledger.entries import Entry

# The event classes and their verbs are data, a codebook anyone may edit (README: Measures).
EVENTS, CUES = lexicon.codebook()
OCCASIONS = lexicon.occasions()  # classes counting one day's occasion: a march, a vote
_JOINING = lexicon.joining_verbs()  # "join" -> attended, unless it joins another occasion
_CHANGES = lexicon.change_verbs()  # "rose", "slowed to": the cue says what changed
_PHRASES = lexicon.verb_phrases()  # "take" + "into custody" -> "detain"
_IRREGULAR = {"take": "take|takes|took|taken|taking"}  # the phrases' verbs' forms, where -ed fails
_VERB_EVENT = {verb: event for event, verbs in EVENTS.items() for verb in verbs}


# Verbs too general to say what happened: the sentence's words must tell ("arrive": at a
# rally or across a border).
_LIGHT_VERBS = {"", "turn out", "turn", "be", "have", "get", "make", "do", "sign", "sign up",
                "arrive", "stand", "reach", "run", "put", "see", "show", "include", "equal",
                "appear", "become", "call", "offer", "give", "total", "number", "exceed", "top",
                "set", "learn"} | lexicon.words("report_verbs")  # a statement says no event


def event_of(e: Entry) -> str | None:
    """What happened to the counted thing, in the ledger's words: a known family of verbs,
    else the verb itself, else event words in the sentence."""
    return _event(e.predicate, e.quote)


@lru_cache(maxsize=1 << 17)  # asked of each claim for every claim it is compared with
def _event(predicate: str | None, quote: str) -> str | None:
    p = (predicate or "").lower()
    for words, verb in _PHRASES.get(p, ()):
        # "took part", "taken into custody", "stopped work": the phrase's verb
        forms = _IRREGULAR.get(p) or rf"{p[:-1] if p.endswith('e') else p}\w*"
        if re.search(rf"\b(?:{forms})\s+(?:\w+\s+){{0,2}}?{words}\b", quote, re.I):
            p = verb
            break
    if p in _JOINING:
        # "4,900 joined the stoppage", "took part in the referendum": what was joined
        return _cue(quote, OCCASIONS) or _JOINING[p]
    if p in _CHANGES:
        # "the death toll rose to 236", "inflation slowed to 38.2%": what it is a count of
        return _cue(quote) or p
    if p in _VERB_EVENT:
        return _VERB_EVENT[p]
    if p.split(" ")[0] in _VERB_EVENT and p.split(" ")[0] not in _LIGHT_VERBS:
        return _VERB_EVENT[p.split(" ")[0]]
    return _cue(quote) if p in _LIGHT_VERBS else p


def _cue(quote: str, among: frozenset[str] | None = None) -> str | None:
    """The class of the first cue (of the classes `among`, else any) the sentence holds; a
    cue of several classes gives them all ("voted|attended": `choose` picks one)."""
    for pattern, event in CUES:
        parts = [p for p in event.split("|") if among is None or p in among]
        if parts and re.search(pattern, quote, re.I):
            return "|".join(parts)
    return None


def choose(event: str | None, counts: dict[str, int]) -> str | None:
    """One class of a cue of several ("voted|attended"): the one its document counts more
    of, else the first."""
    if not event or "|" not in event:
        return event
    parts = event.split("|")
    return max(parts, key=lambda p: (counts.get(p, 0), -parts.index(p)))
