"""Document-level passes: decisions that need every claim of the document read first.

They run in the order of PASSES, after each figure has its fields (claims.py); each
takes the document's claims and its context and may override a field. A newcomer reads
here every override there is, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from claimledger import lexicon
from claimledger.extract.context import DocContext
from claimledger.extract.fields.affiliation import affiliation_of
from claimledger.extract.fields.date import claimant_days
from claimledger.lexicon import sides
from claimledger.records import Claim, Figure


def body_to_its_speaker(claims: list[Claim], ctx: DocContext) -> None:
    """Where a body's figure is also given by a named person who heads or speaks for it
    ("the electoral commission put it at 51.5%" ... "the head of the commission, X, said
    ... 51.5%"), the spec wants the named speaker."""
    people = [c for c in claims if c.claimant and c.claimant_role]
    for k, c in enumerate(claims):
        if not c.claimant or c.claimant_role:
            continue
        if c.affiliation is None and k not in ctx.headline_claims:
            continue  # a headline's "Varnia says ..." may name a side no table knows
        words = _stems(c.claimant)
        headline = k in ctx.headline_claims
        for p in people:
            if p is c or p.figure.value is None or p.figure.value != c.figure.value \
                    or p.figure.unit != c.figure.unit:
                continue
            if p.figure.qualifier != c.figure.qualifier and not (
                    headline and c.figure.qualifier == "exact"):
                continue  # a headline drops "more than", "about": "organisers claim 150,000"
            if words & _stems(p.claimant_role):
                c.claimant, c.claimant_role, c.affiliation = (p.claimant, p.claimant_role,
                                                              p.affiliation or c.affiliation)
                break


def _stems(text: str) -> set[str]:
    """The words of a name or role as stems, so that "organisers" meets "which organised
    the march" and "police" meets "a police spokesman"."""
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


# "the organisers", "the promoters": an agent noun of a verb the document uses of a body
_AGENT = re.compile(r"^(?:the )?([a-z]{4,}?)(?:ers|ors)$")
_AGENT_OF = re.compile(r"^(?:[Tt]he )?([A-Za-z]+) (?:from|of|at) (?:the )?([A-Z].+)$")
_ORGANISATION_WORDS = lexicon.words("organisation_words")
_NAME = r"((?:the )?[A-Z][\w'’-]*(?: (?:of |for |and )?[A-Z][\w'’-]*){0,5})"


def agent_to_its_body(claims: list[Claim], ctx: DocContext) -> None:
    """ "the organizers estimated 300,000" in a story of "a rally organized by Candlelight
    Action" (or "Candlelight Action, which organised the rally"): the organisers are that
    body, as the spec names a claimant most fully. Only where the document names one."""
    text = ctx.searchable or "\n".join(s.text for s in ctx.sents)
    found: dict[str, str | None] = {}
    for c in claims:
        part = _AGENT_OF.match(c.claimant or "")
        if part and _AGENT.match(part.group(1).lower()) and any(
                w.lower().strip("'’") in _ORGANISATION_WORDS for w in part.group(2).split()):
            # "Organisers from the Velmora Pensioners' Front": the Front
            body = part.group(2)
            c.claimant, c.affiliation = body, affiliation_of(body, None) or body
            continue
        m = _AGENT.match((c.claimant or "").lower())
        if not m or c.claimant_role:
            continue
        stem = m.group(1).rstrip("e")[:6]
        if stem not in found:
            verb = rf"{stem}\w*ed"
            agent = re.escape(c.claimant or "")
            bodies = {b.removeprefix("the ") for b in
                      re.findall(rf"\b{verb} by {_NAME}", text)
                      + re.findall(rf"{_NAME}, (?:which|who) (?:had )?{verb}\b", text)
                      + re.findall(rf"\b{agent}, {_NAME},", text, re.I)}
            found[stem] = bodies.pop() if len(bodies) == 1 else None
        body = found[stem]
        if body:
            # a body no table knows speaks for itself, as an unknown movement does
            c.claimant, c.affiliation = body, affiliation_of(body, None) or body


def country_to_its_speaker(claims: list[Claim], ctx: DocContext) -> None:
    """ "Kyiv says 402,000 ..." in a headline, then "Denisova said 402,000 ...": a country
    speaking through a named speaker of its side is that speaker."""
    for c in claims:
        if not c.claimant or c.claimant != c.affiliation or not sides.country(c.claimant) \
                or c.claimant in ("United Nations", "European Union"):
            continue
        named = [p for p in claims if p is not c and p.claimant and p.claimant != p.affiliation
                 and p.affiliation == c.affiliation and _same_figure(p.figure, c.figure)]
        if named:
            best = min(named, key=lambda p: (p.claimant_role is None, p.quote_start))
            c.claimant, c.claimant_role = best.claimant, best.claimant_role


def restated_figure_keeps_its_source(claims: list[Claim], ctx: DocContext) -> None:
    """A figure the document gives in its own voice (a headline, a summary bullet, a
    lead) and elsewhere with its source is that source's: the spec names the speaker
    "where a named speaker is given anywhere for the statement". Only where one claimant
    gives exactly that figure of that thing."""
    for c in claims:
        if c.claimant and not _unnamed(c) or c.figure.value is None \
                or c.figure.unit in (None, "percent") \
                or c.figure.qualifier == "vague" or c.figure.value < 50:
            continue  # "two dams", "half", "thousands": too common to be one statement
        sources = {(p.claimant, p.claimant_role, p.affiliation) for p in claims
                   if p.claimant and not _unnamed(p) and p.figure.unit == c.figure.unit
                   and p.figure.value == c.figure.value
                   and _same_wording(p.figure.qualifier, c.figure.qualifier)}
        if len({name for name, _, _ in sources}) == 1:
            c.claimant, c.claimant_role, c.affiliation = min(sources, key=lambda x: str(x))


def _unnamed(c: Claim) -> bool:
    """An official the article does not name ("a police spokesman said"): the claimant is
    the description itself, and gives way to a named speaker of the same figure."""
    return c.claimant is not None and c.claimant == c.claimant_role


def _same_wording(a: str, b: str) -> bool:
    """ "1,200" in a headline and "About 1,200" in the body say the same; "over 1,200"
    and "up to 1,200" do not."""
    return a == b or {a, b} <= {"exact", "approx"}


def headline_day_from_body(claims: list[Claim], ctx: DocContext) -> None:
    """A headline restating a figure its claimant gives in the body ("Ombudsman: over
    2,500 ...") carries the body's day for it."""
    published = ctx.published
    for k in ctx.headline_claims:
        c = claims[k]
        if c.date != published or not c.claimant:
            continue
        for i, p in enumerate(claims):
            if i not in ctx.headline_claims and p.claimant == c.claimant \
                    and p.date != published and p.figure.value == c.figure.value \
                    and p.figure.unit == c.figure.unit:
                c.date = p.date
                break


def _same_figure(a: Figure, b: Figure) -> bool:
    if a.unit != b.unit:
        return False
    if a.value is not None and b.value is not None:
        return a.value == b.value  # the same figure, not a rounding of it
    return a.value is None and b.value is None and (a.low, a.high) == (b.low, b.high)


PASSES: list[Callable[[list[Claim], DocContext], None]] = [
    agent_to_its_body,
    body_to_its_speaker,
    country_to_its_speaker,
    restated_figure_keeps_its_source,
    headline_day_from_body,
    claimant_days,
]
