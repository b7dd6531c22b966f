"""Predicate and framing: what happened to the counted thing, and how the clause frames it.

The predicate is, in order: the act a noun names when the figure counts what it was done to
("the deportation of 400 children" -> deport); a participle on the counted noun ("2,400
civilians *killed*", "6,000 of those *forced*"); else the verb the noun is subject or object
of, skipping reporting and auxiliary verbs; where that verb only gives the count's size
("the tally of children deported stands at 19,000", "Among those captured were 6,000") the
verb the count is of. "found refuge", "sought shelter" keep their object.

Framing applies only to people being moved or held, and is read in the figure's own clause
(a sentence may frame another figure otherwise): forced (deported, abducted, held by
someone) or voluntary (evacuated, found refuge); a neutral verb (move, relocate, flee,
leave, return, or none) is framed by words in its clause ("against their will",
"forcibly", "hostages"; "willingly", "of their own free will"). People who do the holding
("206,000 refugees held passports", "40,000 people drove out") are not held; a negated act
("were not deported") frames nothing, unless the clause says what was done instead.
"""

from __future__ import annotations

import re

from claimledger import lexicon
from claimledger.extract.cues import REPORT_VERBS

SKIP_VERBS = REPORT_VERBS | lexicon.words("hedge_verbs") | {
    "be", "have", "manage", "continue", "begin", "try", "seem", "appear", "expect", "think",
    "include", "get", "become"}
DONE_REPORT_VERBS = lexicon.words("done_report_verbs")
PEOPLE_UNITS = (lexicon.words("people_units") | lexicon.words("people_words")
                | lexicon.words("child_words") | lexicon.words("soldier_words")) - {"death"}
FORCED_VERBS = lexicon.words("forced_verbs")
VOLUNTARY_VERBS = lexicon.words("voluntary_verbs")
MOVEMENT_VERBS = lexicon.words("movement_verbs")
MEASURE_VERBS = lexicon.words("measure_verbs")
REFUGE_NOUNS = lexicon.words("refuge_nouns")
ACTION_NOUNS = dict(e.split(None, 1) for e in lexicon.words("action_nouns"))
FORCED_CUES = lexicon.words("forced_cues")
VOLUNTARY_CUES = lexicon.words("voluntary_cues")
# words a parse may take for a verb that name what the people are, not what befell them
_NOT_VERBS = frozenset({"hostage", "hostages"})
# clauses inside the figure's that speak of the same people again ("... camps, where they
# may be used as hostages", "removing thousands ... and holding them in camps")
_BACK = frozenset({"they", "them", "who", "whom", "those"})
_CLAUSAL = frozenset({"ccomp", "conj", "advcl", "parataxis", "relcl", "acl", "csubj"})
# a state the codebook names, said with a copula: "12 were missing", "dozens remain
# unaccounted for", "40 are dead" (a state it does not name, "30,000 were present", leaves
# the sentence's words to say what happened)
_COPULAS = frozenset({"be", "remain", "go"})
_CONTROL = lexicon.words("control_verbs")
_EVENT_WORDS = frozenset(v for vs in lexicon.codebook()[0].values() for v in vs)


def predicate_of(fig_tok) -> str | None:
    """The verb lemma for the figure whose last token is `fig_tok`."""
    return _predicate(fig_tok)[0]


def _noun_of(fig_tok):
    if fig_tok.dep_ in ("nummod", "quantmod", "compound") and fig_tok.head.pos_ in ("NOUN",
                                                                                   "PROPN"):
        return fig_tok.head
    return fig_tok


def _predicate(fig_tok) -> tuple[str | None, object | None]:
    """(predicate, the token it was read from) for the figure ending at `fig_tok`."""
    noun = _noun_of(fig_tok)
    # the act a noun names: "the deportation of 400 children", "the return of some 207"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        act = noun.head.head
        if act.lemma_.lower() in ACTION_NOUNS:
            return ACTION_NOUNS[act.lemma_.lower()], act
    # a participle on the noun or on "those" after "of": "6,000 of those forced"
    for t in noun.subtree:
        if t.dep_ in ("acl", "relcl") and t.pos_ == "VERB" and t.lemma_ not in SKIP_VERBS \
                and t.i - noun.i < 6 and t.lower_ not in _NOT_VERBS:
            return _phrasal(t), t
    tok, first = noun, True
    for _ in range(12):
        if tok.head.i == tok.i:
            break
        below, tok = tok, tok.head
        # a plural noun taking the bare figure as its object is a verb the parse mistook
        # (headline "rally calling for ... to resign draws 18,000")
        verb_like = tok.pos_ in ("VERB", "AUX") or (
            tok.tag_ == "NNS" and below.pos_ == "NUM" and below.dep_ in ("dobj", "npadvmod"))
        if verb_like and tok.lower_ not in _NOT_VERBS:
            lemma = tok.lemma_.lower()
            if first and lemma in MEASURE_VERBS:  # only the figure's own verb sizes it
                of = _counted_act(tok, noun)
                if of is not None:
                    return _phrasal(of), of
            if first and lemma in _COPULAS:
                state = [c for c in tok.children if c.dep_ == "acomp"
                         and c.lemma_.lower() in _EVENT_WORDS]
                if state:
                    return _phrasal(state[0]), state[0]
            if first and lemma == "have":  # "have had their papers confiscated"
                done = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")
                        and c.pos_ == "VERB" and c.tag_ == "VBN"]
                if done:
                    return _phrasal(done[0]), done[0]
            if lemma in _CONTROL:
                # "6,800 residents asked to be moved": what they asked for befell them
                taken = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
                if taken and taken[0].lemma_.lower() not in SKIP_VERBS:
                    return _phrasal(taken[0]), taken[0]
            first = False
            if lemma not in SKIP_VERBS or lemma in DONE_REPORT_VERBS and _argument_of(noun, tok):
                return _phrasal(tok), tok
    root = fig_tok.sent.root
    if first and root.lemma_.lower() in MEASURE_VERBS:
        of = _counted_act(root, noun)
        if of is not None:
            return _phrasal(of), of
    if root.pos_ == "VERB" and root.lemma_.lower() not in SKIP_VERBS:
        return _phrasal(root), root
    return None, None


def _argument_of(noun, verb) -> bool:
    """Whether `noun` (or the phrase it heads) is `verb`'s own subject or object."""
    t = noun
    while t.dep_ in ("pobj", "prep", "conj", "appos") and t.head.i != t.i and t.head.i != verb.i:
        t = t.head
    return t.head.i == verb.i and t.dep_ in ("nsubj", "nsubjpass", "dobj")


def _counted_act(verb, noun):
    """The participle a count is of, beside a verb that only sizes it: "the tally of
    children deported stands at ...", "the number of those evacuated ranged ...",
    "Among those captured were ..." (none inside the figure's own phrase)."""
    inside = {t.i for t in noun.subtree}
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "prep", "expl"):
            continue
        for t in child.subtree:
            if t.i not in inside and t.dep_ in ("acl", "relcl", "amod") and t.pos_ == "VERB" \
                    and t.lemma_.lower() not in SKIP_VERBS and t.head.pos_ in ("NOUN", "PRON"):
                return t
    return None


def _phrasal(verb) -> str:
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    lemma = verb.lemma_.lower()
    if lemma == "take" and any(c.lower_ == "part" for c in verb.children):
        return "take part"
    refuge = [c.lemma_.lower() for c in verb.children
              if c.dep_ == "dobj" and c.lemma_.lower() in REFUGE_NOUNS]
    if refuge:
        return f"{lemma} {refuge[0]}"  # "find refuge", "seek shelter"
    return f"{lemma} {prt[0]}" if prt else lemma


def framing_of(predicate: str | None, unit: str | None, sentence: str,
               fig_tok=None) -> str | None:
    """forced, voluntary or None for a figure of `unit` whose predicate is `predicate`;
    read in the figure's clause where `fig_tok` (its last token) is given, else in the
    whole sentence."""
    if unit not in PEOPLE_UNITS:
        return None
    if fig_tok is None:
        return _framing(predicate, _words(sentence))
    pred, verb = _predicate(fig_tok)
    noun = _noun_of(fig_tok)
    if verb is None:
        return _framing(None, _clause_words(noun, noun))
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated:
        # "were not deported but evacuated": what was done instead frames them
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" \
                    and not any(g.dep_ == "neg" for g in c.children):
                return _framing(_phrasal(c), _clause_words(c, noun))
        return None
    # the people as the active subject of a holding verb hold, and are not held
    holder = noun.head.i == verb.i and noun.dep_ == "nsubj"
    return _framing(pred, _clause_words(verb, noun), holder)


def _framing(predicate: str | None, words: tuple[list[str], list[str]],
             holder: bool = False) -> str | None:
    names = {predicate, predicate.split()[0]} if predicate else set()  # "end up", "end"
    if predicate and predicate.split()[-1] in REFUGE_NOUNS:
        return "voluntary"
    if names & FORCED_VERBS and not holder:
        return "forced"
    if names & VOLUNTARY_VERBS:
        return "voluntary"
    if not names or names & (MOVEMENT_VERBS | FORCED_VERBS | MEASURE_VERBS):
        if _has(words, FORCED_CUES):
            return "forced"
        if _has(words, VOLUNTARY_CUES):
            return "voluntary"
    return None


def _clause_words(head, noun) -> tuple[list[str], list[str]]:
    """The lower-case words and lemmas of `head`'s clause: its subtree without the
    clauses in it that speak of something else (those holding the counted noun, or
    speaking of the same people by pronoun, stay)."""
    inside = {t.i for t in noun.subtree}
    drop: set[int] = set()
    for t in head.subtree:
        if t.i == head.i or t.dep_ not in _CLAUSAL or t.i in drop:
            continue
        sub = {u.i for u in t.subtree}
        if sub & inside or any(u.lower_ in _BACK and u.dep_ in ("nsubj", "nsubjpass", "dobj")
                               for u in t.subtree):
            continue
        drop |= sub
    toks = [t for t in head.subtree if t.i not in drop]
    return [t.lower_ for t in toks], [t.lemma_.lower() for t in toks]


def _words(sentence: str) -> tuple[list[str], list[str]]:
    w = re.findall(r"[a-z]+", sentence.lower())
    return w, w


def _has(words: tuple[list[str], list[str]], cues: frozenset[str]) -> bool:
    lower, lemmas = words
    texts = (" " + " ".join(lower) + " ", " " + " ".join(lemmas) + " ")
    for cue in cues:
        if cue.endswith("*"):  # a stem: "deport*" is deported, deportation, deportees
            if any(w.startswith(cue[:-1]) for w in lower):
                return True
        elif " " in cue:
            if any(f" {cue} " in t for t in texts):
                return True
        elif cue in lower or cue in lemmas:
            return True
    return False
