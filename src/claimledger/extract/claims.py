"""Assemble claims: every figure in the clean text, with who says it, about what, when, where.

One pass over the sentences finds the attribution cues and the people and bodies named;
a second pass reads each sentence's figures and decides, per figure:
  claimant  - the reporting verb governing it, else "according to", a headline cue, a
              trailing "said X" fragment, the speaker of the quotation it sits in, or the
              person who spoke the previous sentence of the paragraph (attribution.py,
              resolve.py);
  affiliation - affiliation.py, falling back on the side of another speaker in the
              sentence, then on the document's main country;
  predicate, framing - predicate.py;  date - dates.py;  place - places.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from typing import Any

from claimledger.extract import affiliation as aff
from claimledger.extract.attribution import (
    Cue,
    Speaker,
    according_cues,
    fragment_cue,
    governing_cue,
    headline_cues,
    source_cues,
    speaker_from,
    verb_cues,
)
from claimledger.extract.dates import claim_date
from claimledger.extract.figures import find_figures
from claimledger.extract.nlp import (
    Sentence,
    block_texts,
    ents_of,
    load,
    noun_chunks_of,
    parse_many,
    sentences,
)
from claimledger.extract.places import claim_place, document_places, located_places
from claimledger.extract.predicate import framing_of, predicate_of
from claimledger.extract.resolve import (
    Mention,
    Registry,
    Resolved,
    display_name,
    fold,
    resolve,
)
from claimledger.records import Claim, CleanText, Document, Figure

_CONTRAST = {"but", "however", "meanwhile", "yet", "still", "officially"}
_CLAIM_NOUNS = {"claim", "allegation", "accusation", "comment", "statement", "remark", "charge"}


def extract_claims(doc: Document, clean: CleanText, parsed: list | None = None) -> list[Claim]:
    """Every figure in the clean text as a Claim, spans relative to clean.text; `parsed`
    are the clean text's pieces (nlp.block_texts) already parsed (see extract_many)."""
    pieces = block_texts(clean.text)
    sents = sentences(clean.text, load(), parsed, pieces)
    if not sents:
        return []
    if any(s.span.doc.user_data.get("partial") and _figures(s) for s in sents):
        # parse_plan read a block as figure-free and a sentence of it says otherwise:
        # parse the whole document, rather than lose the figure
        sents = sentences(clean.text, load(), "all", pieces)
    cues = [_cues(s) for s in sents]
    reg = _registry(sents, cues, pieces.searchable(clean.text))
    default_side = _document_side(sents, cues, reg)
    claims: list[Claim] = []
    places_seen: list[str] = []
    doc_places = document_places(s.span for s in sents)
    paragraph_place: dict[int, str | None] = {}  # block -> place of its latest claim
    headline: set[int] = set()  # claims of the headline
    spoke: dict[int, Resolved] = {}  # sentence index -> who spoke its figures
    for s, sc in zip(sents, cues, strict=True):
        figures = _figures(s)
        for fig in figures:
            claim = _claim(doc, s, sc, fig, sents, cues, reg, spoke, places_seen,
                           default_side, doc_places, paragraph_place.get(s.block))
            if s.headline:
                headline.add(len(claims))
            claims.append(claim)
            paragraph_place[s.block] = claim.place
        places_seen.extend(e.text for e in located_places(s.span, doc_places.names))
    _name_the_speaker(claims)
    _same_day_as_body(claims, headline, doc.date)
    return claims


def extract_many(items: list[tuple[Document, CleanText]]) -> list[list[Claim]]:
    """extract_claims over a batch, parsing all its blocks in one stream (faster)."""
    parsed = parse_many([block_texts(clean.text) for _, clean in items])
    return [extract_claims(doc, clean, p) for (doc, clean), p in zip(items, parsed, strict=True)]


def _name_the_speaker(claims: list[Claim]) -> None:
    """Where a body's figure is also given by a named person who heads or speaks for it
    ("the electoral commission put it at 51.5%" ... "the head of the commission, X, said
    ... 51.5%"), the spec wants the named speaker."""
    people = [c for c in claims if c.claimant and c.claimant_role]
    for c in claims:
        if not c.claimant or c.claimant_role or c.affiliation is None:
            continue
        words = {w for w in re.findall(r"[a-z]+", c.claimant.lower()) if len(w) > 3}
        for p in people:
            if p is c or p.figure.value is None or p.figure.value != c.figure.value \
                    or p.figure.unit != c.figure.unit or p.figure.qualifier != c.figure.qualifier:
                continue
            if words & set(re.findall(r"[a-z]+", p.claimant_role.lower())):
                c.claimant, c.claimant_role, c.affiliation = (p.claimant, p.claimant_role,
                                                              p.affiliation)
                break
    # "Kyiv says 402,000 ..." in a headline, then "Denisova said 402,000 ...": a country
    # speaking through a named speaker of its side is that speaker
    for c in claims:
        if not c.claimant or c.claimant != c.affiliation or not aff.country(c.claimant) \
                or c.claimant in ("United Nations", "European Union"):
            continue
        named = [p for p in claims if p is not c and p.claimant and p.claimant != p.affiliation
                 and p.affiliation == c.affiliation and _same_figure(p.figure, c.figure)]
        if named:
            best = min(named, key=lambda p: (p.claimant_role is None, p.quote_start))
            c.claimant, c.claimant_role = best.claimant, best.claimant_role


def _same_figure(a: Figure, b: Figure) -> bool:
    if a.unit != b.unit:
        return False
    if a.value is not None and b.value is not None:
        return a.value == b.value  # the same figure, not a rounding of it
    return a.value is None and b.value is None and (a.low, a.high) == (b.low, b.high)


def _figures(s: Sentence) -> list[Figure]:
    from claimledger.extract.units import assign_units

    # units from the sentence's own parse (its span sits inside a block's doc)
    figs = find_figures(s.text.replace("\n", " "), units=False)
    assign_units(figs, s.span, base=s.span.start_char)
    return figs


def _cues(s: Sentence) -> list[Cue]:
    out = verb_cues(s.span) + according_cues(s.span) + source_cues(s.span)
    if s.headline or not out and s.index < 4 and not s.text.rstrip().endswith((".", "”", '"')):
        out += headline_cues(s.text, s.span)
    return out


def _registry(sents: list[Sentence], cues: list[list[Cue]], text: str) -> Registry:
    reg = Registry()
    for s, sc in zip(sents, cues, strict=True):
        for c in sc:
            sp = c.speaker
            if sp.kind in ("person", "name"):
                reg.add(Mention(display_name(sp.name), "person", sp.role, s.index, True))
            elif sp.kind in ("body", "generic") and sp.head not in ("report", "statement",
                                                                     "update", "data"):
                reg.add(Mention(display_name(sp.name), "body", sp.role, s.index, True,
                                sp.acronym))
        for ent in ents_of(s.span):
            if ent.label_ == "PERSON" and not (aff.demonym(ent.text) or aff.country(ent.text)):
                sp = speaker_from(ent.root)
                if sp and sp.kind == "person":
                    role = sp.role
                    if ent.root.dep_ == "appos" and not role:  # "its spokesman, X, ..."
                        h = ent.root.head
                        role = h.doc[h.left_edge.i: h.i + 1].text
                    reg.add(Mention(display_name(sp.name), "person", role, s.index, False))
            elif ent.label_ == "ORG":
                sp = speaker_from(ent.root)
                if sp and sp.kind == "body":
                    reg.add(Mention(display_name(sp.name), "body", sp.role, s.index, False,
                                    sp.acronym))
        for tok in s.span:  # subjects of any verb, appositions: "its spokesman, Oleg X,"
            if tok.dep_ in ("nsubj", "appos") and tok.pos_ == "PROPN" \
                    and tok.ent_type_ != "PERSON":
                sp = speaker_from(tok)
                if sp and sp.kind == "person" and len(sp.name.split()) >= 2:
                    role = sp.role
                    if tok.dep_ == "appos" and not role:
                        h = tok.head
                        role = h.doc[h.left_edge.i: h.i + 1].text
                    reg.add(Mention(display_name(sp.name), "person", role, s.index, False))
        for chunk in noun_chunks_of(s.span):
            if chunk.root.lemma_.lower() in ("official", "authority") and len(chunk) > 1:
                sp = speaker_from(chunk.root)
                if sp:
                    reg.add(Mention(display_name(sp.name), "body", None, s.index, False))
    _unparsed_mentions(reg, sents, text)
    return reg


def _unparsed_mentions(reg: Registry, sents: list[Sentence], text: str) -> None:
    """People the document names again in sentences left unparsed (nlp.parse_plan): "X
    used his nightly video ..." between X's speech and "He said ..." keeps X the last person
    named. Only people named in parsed sentences are looked for; their mentions go in
    order, after the parsed sentence they follow."""
    people = {}
    for m in reg.people():
        full = reg.fullest_person(m.name) or m
        surname = full.name.split()[-1]
        if len(surname) > 2 and surname[:1].isupper():
            people[surname] = full.name
    if not people:
        return
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, people)) + r")\b")
    found: list[Mention] = []
    for k in range(len(sents)):
        gap = text[sents[k].end: sents[k + 1].start if k + 1 < len(sents) else len(text)]
        if not any(ch.isalpha() for ch in gap):
            continue
        for m in pattern.finditer(gap):
            found.append(Mention(people[m.group(1)], "person", None, k, False))
    if found:
        reg.mentions = sorted(reg.mentions + found, key=lambda m: m.sentence)


def _document_side(sents, cues, reg: Registry) -> str | None:
    """The country most of the document's speakers stand for, else the most named one."""
    sides: Counter[str] = Counter()
    for m in reg.mentions:
        if m.spoke:
            a = aff.affiliation_of(m.name, m.role)
            if a and aff.country(a):
                sides[a] += 1
    if sides:
        return sides.most_common(1)[0][0]
    named: Counter[str] = Counter()
    for s in sents:
        named.update(aff.countries_in(s.text))
    return named.most_common(1)[0][0] if named else None


def _claim(doc, s, sc, fig, sents, cues, reg, spoke, places_seen, default_side,
           doc_places, paragraph_place) -> Claim:
    span = s.span
    base = span.start_char
    # the figure's last token: the last to start before the figure ends
    starts = _per_sentence(s, "starts", lambda: [t.idx for t in span])
    k = bisect_left(starts, base + fig.end)
    fig_tok = span[k - 1] if k else span.root
    cue = governing_cue(fig_tok, sc)
    who: Resolved | None = None
    if cue is not None and cue.speaker.text.lower() in ("we", "i", "us"):
        # "“We estimate ...,” officials were quoted as saying": the named speaker
        others = [c for c in sc if c.speaker.text.lower() not in ("we", "i", "us")]
        cue = others[-1] if others else None
        if cue is None:
            who = _quote_speaker(s, sents, cues, reg)
    inside = _describes_speaker(fig_tok, sc)
    if not inside and who is None:
        if cue is None:
            cue = _fallback_cue(s, sc, sents, cues, fig_tok)
        if cue is not None:
            who = resolve(cue.speaker, reg, s.index)
            if who.kind == "role" and cue.kind == "headline":
                who = _first_named_speaker(reg) or who
            if who.kind in ("country", "unresolved", "role") or (cue.kind == "verb"
                                                                 and who.kind == "body"):
                who = _named_claim_maker(s, sents, reg) or who
        elif s.quote_open_at_start or s.text.lstrip()[:1] in ("“", '"'):
            who = _quote_speaker(s, sents, cues, reg)
        else:
            who = _inherited(s, sents, spoke)
    if who is not None and who.name is None:
        who = None
    if who is not None and who.kind == "person":
        spoke[s.index] = who
    claimant = display_name(who.name) if who and who.name else None
    role = who.role if who else None
    affiliation = None
    if claimant:
        if who.kind == "outlet":
            affiliation = None
        elif who.kind == "country":
            affiliation = claimant
        else:
            affiliation = _side(claimant, role, who.kind, sc, reg, s.index, default_side)
    predicate = predicate_of(fig_tok)
    framing = framing_of(predicate, fig.unit, s.text)
    date = claim_date(span, cue.verb_i if cue else None, doc.date)
    if date == doc.date and cue is not None and cue.speaker.kind == "pronoun" and claimant:
        date = _antecedent_date(s, sents, claimant, doc.date) or date
    speaker_ids = cue.token_ids if cue else frozenset()
    place = claim_place(span, fig_tok, speaker_ids, doc_places, places_seen, paragraph_place)
    if place is None:
        place = _per_sentence(s, "fled from", lambda: _fled_from(span))
    quoted = Figure(**{**fig.__dict__, "start": fig.start + s.start, "end": fig.end + s.start})
    return Claim(doc=doc.id, quote=s.text, quote_start=s.start, quote_end=s.end,
                 figure=quoted, claimant=claimant, claimant_role=role,
                 affiliation=affiliation, predicate=predicate, framing=framing, date=date,
                 place=place)


def _antecedent_date(s, sents, claimant: str, published: str | None) -> str | None:
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


def _same_day_as_body(claims: list[Claim], headline: set[int], published: str | None) -> None:
    """A headline restating a figure its claimant gives in the body ("Ombudsman: over
    2,500 ...") carries the body's day for it."""
    for k in headline:
        c = claims[k]
        if c.date != published or not c.claimant:
            continue
        for i, p in enumerate(claims):
            if i not in headline and p.claimant == c.claimant and p.date != published \
                    and p.figure.value == c.figure.value and p.figure.unit == c.figure.unit:
                c.date = p.date
                break


def _describes_speaker(fig_tok, sc) -> bool:
    """The figure sits in a speaker's own phrase ("Egeland, whose council has 1,000 workers")."""
    return any(c.kind in ("verb", "source") and fig_tok.i in c.token_ids and c.verb_i != fig_tok.i
               and c.speaker.kind != "demonym" for c in sc
               if c.verb_i is not None and fig_tok.doc[c.verb_i].pos_ in ("VERB", "AUX"))


def _per_sentence(s: Sentence, what: str, compute: Callable[[], Any]) -> Any:
    """What a sentence gives every figure of it, computed for its first: a sentence of
    hundreds of figures is not walked again for each."""
    if what not in s.extra:
        s.extra[what] = compute()
    return s.extra[what]


def _fled_from(span) -> str | None:
    """ "1.06 million Ukrainians have fled to Poland": flight starts in the people's country."""
    if not any(t.lemma_ in ("flee", "escape") for t in span):
        return None
    for t in span:
        if t.tag_ == "NNPS" and t.text.endswith("s") and aff.demonym(t.text[:-1]):
            return aff.demonym(t.text[:-1])
    return None


def _fallback_cue(s, sc, sents, cues, fig_tok) -> Cue | None:
    for kind in ("according", "headline"):
        found = [c for c in sc if c.kind == kind]
        if found:
            return found[0]
    # a misparsed "X had said, citing Y, that N died": reported speech follows the verb
    verbs = [c for c in sc if c.kind in ("verb", "source") and c.verb_i is not None
             and c.verb_i < fig_tok.i and fig_tok.doc[c.verb_i].lemma_ in ("say", "tell")]
    if verbs:
        return verbs[-1]
    nxt = sents[s.index + 1] if s.index + 1 < len(sents) else None
    if nxt is not None and nxt.block == s.block:
        frag = fragment_cue(nxt.span)
        if frag:
            return frag
    return None


def _quote_speaker(s, sents, cues, reg) -> Resolved | None:
    """The speaker of the quotation a sentence sits in: named after it or before it."""
    i = s.index
    # forward, to where the quotation closes
    for j in range(i, min(i + 4, len(sents))):
        if sents[j].block != s.block:
            break
        verbs = [c for c in cues[j] if c.kind == "verb"]
        if verbs and j != i:
            return resolve(verbs[0].speaker, reg, j)
        if not sents[j].quote_open_at_end:
            if j != i:
                break
            # the quote closes in this sentence: a cue after it may be in the next one
    # backward, to where it opened
    for j in range(i - 1, max(i - 5, -1), -1):
        verbs = [c for c in cues[j] if c.kind in ("verb", "according")]
        if verbs:
            return resolve(verbs[-1].speaker, reg, j)
        if not (sents[j].quote_open_at_start or sents[j].text.lstrip()[:1] in ("“", '"')):
            break
    return None


def _inherited(s, sents, spoke) -> Resolved | None:
    """The person who spoke the previous sentence of the same paragraph, if they gave
    figures there: "He said thousands died ... Across the country, 230 schools ..."."""
    prev = s.index - 1
    if s.text.lstrip().split(" ", 1)[0].lower().strip(",") in _CONTRAST:
        return None  # "But when results came in, ...": the voice changes
    if prev >= 0 and sents[prev].block == s.block and prev in spoke:
        return spoke[prev]
    return None


def _named_claim_maker(s, sents, reg) -> Resolved | None:
    """ "Ukraine has claimed ... . Its spokesman, X, made the claims on Thursday": X."""
    j = s.index + 1
    if j >= len(sents):
        return None
    sp = _per_sentence(sents[j], "claim maker", lambda: _claim_maker(sents[j].span))
    return resolve(sp, reg, j) if sp is not None else None


def _claim_maker(span) -> Speaker | None:
    """The person who "made the claims" in this sentence."""
    for tok in span:
        if tok.lemma_.lower() == "make" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in _CLAIM_NOUNS for c in tok.children):
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj:
                sp = speaker_from(subj[0])
                if sp and sp.kind == "person":
                    return sp
    return None


def _first_named_speaker(reg: Registry) -> Resolved | None:
    for m in reg.mentions:
        if m.kind == "person" and m.spoke:
            return Resolved(m.name, m.role, "person")
    return None


def _side(claimant, role, kind, sc, reg, index, default_side) -> str | None:
    """A claimant's side: from its name and role; a non-state body speaks for itself;
    a state office without a named country for the country the document is about."""
    side = aff.affiliation_of(claimant, role)
    if side and not (aff.country(side) or aff.office(side)):
        body = reg.fullest_body(side)  # "the Front's convenor" -> Civil Human Rights Front
        return display_name(body.name) if body else side
    if side:
        return side
    if kind == "body" and not aff.is_government(claimant):
        return claimant
    if aff.is_government(claimant, role):
        return _sentence_side(sc, reg, index, claimant) or default_side
    return None


def _sentence_side(sc, reg, index, claimant) -> str | None:
    """Another speaker's side in the same sentence ("Ukraine has claimed ..., with officials
    saying ...")."""
    for c in sc:
        r = resolve(c.speaker, reg, index)
        if r.name and r.name != claimant:
            a = r.name if r.kind == "country" else aff.affiliation_of(r.name, r.role)
            if a:
                return a
    return None
