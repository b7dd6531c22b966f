"""Claimant: who states a figure, as most fully named in the document.

Decided per figure, in this order:
  1. the cue that governs the figure in its sentence: a reporting verb whose clause holds
     it ("X said 400 died"), "according to X", a source noun with an owner ("X's figures
     show"), a headline form ("X: 400 died", "400 died, X says") — cues.py;
     "we"/"I" inside a quotation give way to the named speaker of the sentence;
  2. a figure inside the speaker's own phrase ("X, whose council has 1,000 workers")
     has no claimant;
  3. with no cue governing it: another cue of the sentence ("according to", headline),
     a reported-speech verb before it, a trailing "..., X said." in the next sentence;
  4. a sentence inside a quotation: the quotation's speaker, named after or before it;
  5. else the person who spoke the previous sentence of the same paragraph.
The cue's speaker is then resolved to the fullest name (names.py); a country or bare
role gives way to a named person who "made the claims" in the next sentence.
"""

from __future__ import annotations

import re

from claimledger import lexicon
from claimledger.extract.context import DocContext, per_sentence
from claimledger.extract.cues import Cue, fragment_cue, governing_cue
from claimledger.extract.fields.affiliation import affiliation_of, is_government
from claimledger.extract.names import Resolved, resolve
from claimledger.extract.nlp import Sentence, quote_open_after
from claimledger.extract.speakers import Speaker, speaker_from
from claimledger.lexicon.sides import countries_in

_FIRST_PERSON = ("we", "i", "us")
_SOURCE_NOUNS = lexicon.words("source_nouns") | lexicon.words("made_sources")
_REPORT = lexicon.words("report_verbs")
_PEOPLE = lexicon.words("people_words")


def claimant_of(ctx: DocContext, s: Sentence, fig_tok,
                unit: str | None = None) -> tuple[Resolved | None, Cue | None]:
    """Who states the figure whose last token is `fig_tok`, and the cue that says so
    (the date and place read the cue too)."""
    sc = ctx.cues[s.index]
    if any(c.speaker.text.lower() in _FIRST_PERSON for c in sc) and not _in_quotes(s, fig_tok):
        # "As we said in a previous post, ...": the outlet's own voice, unless another
        # speaker is named in the sentence
        sc = [c for c in sc if c.speaker.text.lower() not in _FIRST_PERSON]
        if not sc:
            return None, None
    if _in_quotes(s, fig_tok):
        # a quotation's words are its speaker's: "“The commission has added 90,000 ghost
        # votes,” said X" is X's, whatever verbs the quotation itself holds
        outside = [c for c in sc if c.kind == "verb" and c.token_ids
                   and not _in_quotes(s, fig_tok.doc[min(c.token_ids)])]
        if outside and any(_in_quotes(s, fig_tok.doc[min(c.token_ids)]) for c in sc
                           if c.token_ids):
            sc = outside
    cue = governing_cue(fig_tok, sc)
    if any(c.clause for c in sc):
        # a headline of clauses: each figure is its own clause's ("Police put march at 24,500;
        # organisers claim 140,000"), whatever verb the parse hung it on
        mine = [c for c in sc if c.clause and c.speaks_for(fig_tok)]
        if not mine:
            return None, None  # a clause in the outlet's own words ("Official inflation at 38%")
        cue = mine[0]
    who: Resolved | None = None
    if cue is not None and cue.speaker.text.lower() in _FIRST_PERSON:
        # "“We estimate ...,” officials were quoted as saying": the named speaker
        others = [c for c in sc if c.speaker.text.lower() not in _FIRST_PERSON]
        cue = others[-1] if others else None
        if cue is None:
            who = _quote_speaker(ctx, s)
    aside = _reported_in_aside(fig_tok, sc)
    if aside is not None:
        # "X, who on Monday put the toll at about 55, said ...": X's own earlier claim
        cue = aside
    elif cue is not None and cue.speaker.text.split()[0].lower() in _POSSESSIVES:
        # "X said his own officials had counted 55": the named speaker, not "his officials"
        outer = [c for c in sc if c is not cue and c.verb_i is not None and cue.verb_i
                 is not None and c.speaker.text.split()[0].lower() not in _POSSESSIVES
                 and c.verb_i in {a.i for a in fig_tok.doc[cue.verb_i].ancestors}]
        cue = outer[0] if outer else cue
    if (aside is not None or not _describes_speaker(fig_tok, sc)) and who is None:
        if cue is None:
            cue = _fallback_cue(ctx, s, fig_tok)
        if cue is not None:
            who = resolve(cue.speaker, ctx.reg, s.index)
            if who.kind == "role" and cue.kind == "headline":
                who = _first_named_speaker(ctx) or who
            if who.kind in ("country", "unresolved", "role") or (cue.kind == "verb"
                                                                 and who.kind == "body"):
                who = _named_claim_maker(ctx, s) or who
            if who.kind == "country" and unit:
                who = _speaker_for_country(ctx, s, who, unit) or who
            elif who.kind == "body" and unit and is_government(who.name):
                # "Burkina Faso's government said ... . Government spokesman X told ... that
                # the people ...": the state's statement, made by the person named after
                home = countries_in(who.name)
                if home:
                    who = _speaker_for_country(ctx, s, Resolved(home[0], None, "country"),
                                               unit) or who
        elif s.quote_open_at_start or s.text.lstrip()[:1] in ("“", '"'):
            who = _quote_speaker(ctx, s)
        elif _after_intro(s, fig_tok):
            who = _intro_speaker(ctx, s.index)
        elif sc:
            # the sentence names its own speaker, who does not say this figure: it is
            # the outlet's ("The police estimated 7,000 would come, so with more than
            # twice that number ..."), not the previous sentence's speaker's
            who = _claim_owner(ctx, s, fig_tok)
        else:
            who = _claim_owner(ctx, s, fig_tok) or _inherited(ctx, s)
    if who is not None and who.name is None:
        who = None
    if who is not None:
        ctx.spoke[s.index] = who
        if cue is not None and (cue.kind == "source" or cue.made
                                or cue.speaker.head in _SOURCE_NOUNS) \
                or s.index - 1 in ctx.findings and ctx.spoke.get(s.index - 1) == who:
            ctx.findings.add(s.index)
    return who, cue


def _in_quotes(s: Sentence, tok) -> bool:
    """Whether a token stands inside quotation marks, counting a quotation carried over
    from the sentence before."""
    return quote_open_after(s.text[: tok.idx - s.span.start_char], s.quote_open_at_start)


_POSSESSIVES = ("his", "her", "its", "their")


def _reported_in_aside(fig_tok, sc: list[Cue]) -> Cue | None:
    """The cue whose speaker's own aside reports the figure with a verb of statement ("X,
    who on Monday put the toll at about 55, said ..."): that speaker claims it."""
    for c in sc:
        if c.kind != "verb" or fig_tok.i not in c.token_ids:
            continue
        for a in fig_tok.ancestors:
            if a.i not in c.token_ids:
                break
            if a.pos_ == "VERB" and a.dep_ in ("relcl", "acl") and a.lemma_.lower() in _REPORT:
                return c
    return None


def _describes_speaker(fig_tok, sc: list[Cue]) -> bool:
    """The figure sits in a speaker's own phrase ("Egeland, whose council has 1,000 workers"),
    not in the content of a claim or report that speaks ("X's claim that 12,000 ...")."""
    return any(c.kind in ("verb", "source") and not c.made and fig_tok.i in c.token_ids
               and c.verb_i != fig_tok.i
               and c.speaker.kind != "demonym" for c in sc
               if c.verb_i is not None and fig_tok.doc[c.verb_i].pos_ in ("VERB", "AUX"))


def _fallback_cue(ctx: DocContext, s: Sentence, fig_tok) -> Cue | None:
    sc = [c for c in ctx.cues[s.index] if c.speaker.text.lower() not in _FIRST_PERSON
          or _in_quotes(s, fig_tok)]
    for kind in ("according", "headline"):
        found = [c for c in sc if c.kind == kind and c.speaks_for(fig_tok)]
        if found:
            return found[0]
    # a misparsed "X had said, citing Y, that N died": reported speech follows the verb
    verbs = [c for c in sc if c.kind in ("verb", "source") and c.verb_i is not None
             and c.verb_i < fig_tok.i and fig_tok.doc[c.verb_i].lemma_ in ("say", "tell")
             and fig_tok.doc[c.verb_i].dep_ not in ("relcl", "acl")]  # "X, who said ..., "
    if verbs:
        return verbs[-1]
    # "... burned 8,000 hectares, and 2,300 people were evacuated, the fire chief, X, told
    # the agency": a trailing "..., X said" speaks the whole sentence, whatever the parse
    # hung it on
    doc = fig_tok.doc
    trailing = [c for c in sc if c.kind == "verb" and c.verb_i is not None
                and c.verb_i > fig_tok.i and doc[c.verb_i].dep_ in ("ROOT", "conj", "parataxis")
                and doc[c.verb_i].lemma_ in ("say", "tell", "add", "state", "announce")
                and c.token_ids and min(c.token_ids) > fig_tok.i
                and doc[min(c.token_ids) - 1].text == ","
                and not any(t.pos_ == "VERB" and t.dep_ in ("ccomp", "conj")
                            for t in doc[c.verb_i + 1: s.span.end])]
    if trailing:
        return trailing[-1]
    sents = ctx.sents
    nxt = sents[s.index + 1] if s.index + 1 < len(sents) else None
    if nxt is not None and nxt.block == s.block:
        frag = fragment_cue(nxt.span)
        if frag:
            return frag
    return None


def _quote_speaker(ctx: DocContext, s: Sentence) -> Resolved | None:
    """The speaker of the quotation a sentence sits in: named after it or before it."""
    sents, cues, i = ctx.sents, ctx.cues, s.index
    # forward, to where the quotation closes
    for j in range(i, min(i + 4, len(sents))):
        if sents[j].block != s.block:
            break
        verbs = [c for c in cues[j] if c.kind == "verb"]
        if j != i:  # the speaker named after the quotation, not a body it mentions
            verbs = [c for c in verbs if not (c.token_ids and _in_quotes(
                sents[j], sents[j].span.doc[min(c.token_ids)]))] or verbs
        if verbs and j != i:
            return resolve(verbs[0].speaker, ctx.reg, j)
        if not sents[j].quote_open_at_end:
            if j != i:
                break
            # the quote closes in this sentence: a cue after it may be in the next one
    # backward, to where it opened
    for j in range(i - 1, max(i - 5, -1), -1):
        verbs = [c for c in cues[j] if c.kind in ("verb", "according")]
        if verbs:
            return resolve(verbs[-1].speaker, ctx.reg, j)
        intro = _intro_speaker(ctx, j)
        if intro is not None:
            return intro
        if not (sents[j].quote_open_at_start or sents[j].text.lstrip()[:1] in ("“", '"')):
            break
    return None


def _intro_at(s: Sentence) -> int:
    """Where a quotation introduced by a colon opens in the sentence ("X addressed the
    crowd: “Some 18,000 ..."), else -1."""
    m = _COLON_QUOTE.search(s.text)
    return m.end() if m else -1


_COLON_QUOTE = re.compile(r":\s*[“\"]")


def _after_intro(s: Sentence, fig_tok) -> bool:
    at = _intro_at(s)
    return at >= 0 and fig_tok.idx - s.span.start_char >= at


def _intro_speaker(ctx: DocContext, j: int) -> Resolved | None:
    """The subject of the clause that introduces a quotation with a colon."""
    s = ctx.sents[j]
    at = _intro_at(s)
    if at < 0:
        return None
    for tok in s.span:
        if tok.idx - s.span.start_char >= at:
            break
        if tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
            sp = speaker_from(tok)
            if sp is not None and sp.kind in ("person", "body", "name"):
                who = resolve(sp, ctx.reg, j)
                return who if who.name else None
    return None


def _inherited(ctx: DocContext, s: Sentence) -> Resolved | None:
    """The speaker of the previous sentence of the same paragraph, if they gave figures
    there: a person's voice runs on ("He said thousands died ... Across the country, 230
    schools ..."), and so do a report's findings ("A survey by X found 1,200 ... At least 45
    schools were shut"); a body's statement only into a sentence tied to it ("The agency
    counted 1,200 ... Of these, 300 ...", "It also found ...")."""
    prev = s.index - 1
    if _opens_with(s, "contrast_words"):
        return None  # "But when results came in, ...": the voice changes
    if prev < 0 or ctx.sents[prev].block != s.block or prev not in ctx.spoke:
        return None
    who = ctx.spoke[prev]
    if who.kind == "person" or prev in ctx.findings or _tied(s):
        return who
    return None


def _opens_with(s: Sentence, listname: str) -> bool:
    head = " ".join(s.text.lstrip(" “\"'(").lower().replace(",", " ").split()[:4])
    return any(head == w or head.startswith(w + " ") for w in lexicon.words(listname))


def _tied(s: Sentence) -> bool:
    """The sentence continues the one before: a cohesive tie among its first words, or
    "also" anywhere ("Some 300 wells were also damaged")."""
    words = s.text.lower().replace(",", " ").split()
    if "also" in words:
        return True
    head = " ".join(words[:6])
    return any(f" {w} " in f" {head} " for w in lexicon.words("cohesive_ties"))


def _named_claim_maker(ctx: DocContext, s: Sentence) -> Resolved | None:
    """ "Ukraine has claimed ... . Its spokesman, X, made the claims on Thursday": X."""
    j = s.index + 1
    if j >= len(ctx.sents):
        return None
    nxt = ctx.sents[j]
    sp = per_sentence(nxt, "claim maker", lambda: _claim_maker(nxt.span))
    return resolve(sp, ctx.reg, j) if sp is not None else None


def _speaker_for_country(ctx: DocContext, s: Sentence, country: Resolved,
                         unit: str) -> Resolved | None:
    """ "Ukraine said 210,000 children had been deported. Ombudswoman X said the children
    were ...": a country speaking through a person named right after, about the same
    counted thing ("the children"), is that person (spec: the speaker, not the country)."""
    plural = unit + ("ren" if unit == "child" else "s")
    for j in range(s.index + 1, min(s.index + 3, len(ctx.sents))):
        nxt = ctx.sents[j]
        if nxt.block - s.block > 1:
            break
        low = nxt.text.lower()
        if f"the {plural}" not in low and f"the {unit}" not in low and not (
                unit in _PEOPLE and ("the people" in low or "the families" in low)):
            continue
        for c in ctx.cues[j]:
            if c.kind == "verb" and c.speaker.kind == "person":
                who = resolve(c.speaker, ctx.reg, j)
                if who.kind == "person" and who.name:
                    side = affiliation_of(who.name, who.role)
                    if side in (None, country.name) or is_government(side) and (
                            countries_in(side)[:1] == [country.name]):
                        return Resolved(who.name, who.role, who.kind, side=country.name)
    return None


def _claim_owner(ctx: DocContext, s: Sentence, fig_tok) -> Resolved | None:
    """A figure inside "X's claim that ..." is X's; inside "the claim that ..." the
    claims' maker the document names ("claims made by X", "X's claims")."""
    claim_nouns = lexicon.words("claim_nouns")
    tok = fig_tok
    for _ in range(12):
        if tok.head is tok:
            return None
        prev, tok = tok, tok.head
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in claim_nouns \
                and prev.dep_ in ("acl", "ccomp", "relcl") and prev.i > tok.i:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None and owner.lower_ not in ("its", "their", "his", "her"):
                sp = speaker_from(owner)
                return resolve(sp, ctx.reg, s.index) if sp else None
            maker = ctx.reg.made_by.get("claim")
            return Resolved(maker, None, "person") if maker else None
    return None


def _claim_maker(span) -> Speaker | None:
    """The person who "made the claims" in this sentence."""
    claim_nouns = lexicon.words("claim_nouns")
    for tok in span:
        if tok.lemma_.lower() == "make" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in claim_nouns for c in tok.children):
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj:
                sp = speaker_from(subj[0])
                if sp and sp.kind == "person":
                    return sp
    return None


def _first_named_speaker(ctx: DocContext) -> Resolved | None:
    for m in ctx.reg.mentions:
        if m.kind == "person" and m.spoke:
            return Resolved(m.name, m.role, "person")
    return None
