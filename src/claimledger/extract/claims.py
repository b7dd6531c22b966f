"""Assemble claims: every figure in the clean text, with who says it, about what, when, where.

The order of decisions, in one place:
  1. context.build: sentences, their attribution cues, every person and body named, the
     document's side and places;
  2. per sentence, per figure (fields/figure.py, fields/unit.py), the fields in order:
     claimant (fields/claimant.py) -> affiliation (fields/affiliation.py) -> predicate and
     framing (fields/predicate.py) -> date (fields/date.py) -> place (fields/place.py);
     a later field may read an earlier one, never the reverse;
  3. the document passes (passes.PASSES), which may override a field once every claim
     of the document is known.
"""

from __future__ import annotations

from bisect import bisect_left

from claimledger.extract import context
from claimledger.extract.context import DocContext, per_sentence
from claimledger.extract.fields import affiliation as aff
from claimledger.extract.fields.claimant import claimant_of
from claimledger.extract.fields.date import (
    antecedent_date,
    claim_date,
    paragraph_day,
    period_of,
)
from claimledger.extract.fields.figure import find_figures, lone_one_counts
from claimledger.extract.fields.place import (
    antecedent_place,
    claim_place,
    fled_from,
    located_places,
)
from claimledger.extract.fields.predicate import framing_of, predicate_of
from claimledger.extract.fields.unit import assign_units
from claimledger.extract.names import display_name
from claimledger.extract.nlp import Sentence, block_texts, load, parse_many, sentences
from claimledger.extract.passes import PASSES
from claimledger.records import Claim, CleanText, Document, Figure, page_at


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
    ctx = context.build(doc, sents, pieces.searchable(clean.text))
    claims: list[Claim] = []
    for s in sents:
        for fig in _figures(s):
            claim = _claim(ctx, s, fig)
            if claim is None:
                continue
            if s.headline:
                ctx.headline_claims.add(len(claims))
            claims.append(claim)
            ctx.paragraph_place[s.block] = claim.place
        ctx.places_seen.extend(e.text for e in located_places(s.span, ctx.places.names))
    for run in PASSES:
        run(claims, ctx)
    if doc.pages:
        for c in claims:
            c.page = page_at(doc.pages, clean.offsets[c.figure.start])
    return claims


def extract_many(items: list[tuple[Document, CleanText]]) -> list[list[Claim]]:
    """extract_claims over a batch, parsing all its blocks in one stream (faster)."""
    parsed = parse_many([block_texts(clean.text) for _, clean in items])
    return [extract_claims(doc, clean, p) for (doc, clean), p in zip(items, parsed, strict=True)]


def _figures(s: Sentence) -> list[Figure]:
    # units from the sentence's own parse (its span sits inside a block's doc)
    figs = find_figures(s.text.replace("\n", " "), units=False)
    assign_units(figs, s.span, base=s.span.start_char)
    return figs


def _claim(ctx: DocContext, s: Sentence, fig: Figure) -> Claim | None:
    span = s.span
    # the figure's last token: the last to start before the figure ends
    starts = per_sentence(s, "starts", lambda: [t.idx for t in span])
    k = bisect_left(starts, span.start_char + fig.end)
    fig_tok = span[k - 1] if k else span.root

    who, cue = claimant_of(ctx, s, fig_tok, fig.unit)
    claimant = display_name(who.name) if who and who.name else None
    role = who.role if who else None
    affiliation = aff.claim_affiliation(ctx, s, who) if claimant else None

    predicate = predicate_of(fig_tok)
    if not lone_one_counts(fig, predicate):
        return None
    framing = framing_of(predicate, fig.unit, s.text, fig_tok)

    date = claim_date(span, cue.verb_i if cue else None, ctx.published)
    if date == ctx.published:
        date = paragraph_day(ctx.sents, s, ctx.published) or date
    if date == ctx.published and cue is not None and cue.speaker.kind == "pronoun" and claimant:
        date = antecedent_date(ctx.sents, s, claimant, ctx.published) or date

    speaker_ids = cue.token_ids if cue else frozenset()
    place = claim_place(span, fig_tok, speaker_ids, ctx.places, ctx.places_seen,
                        ctx.paragraph_place.get(s.block))
    if (place is None or place == ctx.places.story and place not in s.text) and cue is not None \
            and cue.speaker.kind == "pronoun":
        place = antecedent_place(ctx.sents, ctx.cues, s, ctx.places.names) or place
    if place is None:
        place = per_sentence(s, "fled from", lambda: fled_from(span))

    quoted = Figure(**{**fig.__dict__, "start": fig.start + s.start, "end": fig.end + s.start})
    return Claim(doc=ctx.doc.id, quote=s.text, quote_start=s.start, quote_end=s.end,
                 figure=quoted, claimant=claimant, claimant_role=role,
                 affiliation=affiliation, predicate=predicate, framing=framing, date=date,
                 place=place, period=per_sentence(s, "period", lambda: period_of(ctx.sents, s)))
