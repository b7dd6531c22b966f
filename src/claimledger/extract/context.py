"""What every field reads: one document's sentences, cues, names and setting.

`build` parses nothing itself: it takes the sentences (nlp.py), finds each sentence's
attribution cues (cues.py), and registers every person and body the document names
(names.py), in order, so a field deciding one figure can ask "who spoke last", "what is
the fullest name for 'the agency'", "which country is this story's side", "which places
does it name". State that grows as the claims are read in order (who spoke each sentence,
the places named so far) lives here too, so the fields stay plain functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from claimledger import lexicon
from claimledger.extract.cues import Cue, according_cues, headline_cues, source_cues, verb_cues
from claimledger.extract.fields import affiliation as aff
from claimledger.extract.fields.place import Places, document_places
from claimledger.extract.names import (
    Mention,
    Registry,
    Resolved,
    display_name,
    owner_of,
    resolve,
)
from claimledger.extract.nlp import Sentence, ents_of, noun_chunks_of
from claimledger.extract.speakers import Speaker, speaker_from
from claimledger.lexicon import sides
from claimledger.records import Document


@dataclass
class DocContext:
    doc: Document
    sents: list[Sentence]
    cues: list[list[Cue]]  # per sentence
    reg: Registry  # every person and body named, in order
    side: str | None  # the country most of the document's speakers stand for
    places: Places  # the places the document names
    # the clean text, figure-free blocks too (unparsed), for document-wide searches
    searchable: str = ""
    # grown while the claims are read in order:
    spoke: dict[int, Resolved] = field(default_factory=dict)  # sentence -> its speaker
    findings: set[int] = field(default_factory=set)  # sentences a report or survey speaks
    places_seen: list[str] = field(default_factory=list)  # places named before this sentence
    paragraph_place: dict[int, str | None] = field(default_factory=dict)  # block -> last place
    headline_claims: set[int] = field(default_factory=set)  # indexes of the headline's claims

    @property
    def published(self) -> str | None:
        return self.doc.date


def build(doc: Document, sents: list[Sentence], searchable: str) -> DocContext:
    """The context of a document's sentences; `searchable` is the clean text with the
    spans left unparsed still readable (nlp.Blocks.searchable)."""
    cues = [sentence_cues(s) for s in sents]
    reg = _registry(sents, cues, searchable)
    return DocContext(doc=doc, sents=sents, cues=cues, reg=reg,
                      side=aff.document_side(sents, reg),
                      places=document_places(s.span for s in sents), searchable=searchable)


def per_sentence(s: Sentence, what: str, compute: Callable[[], Any]) -> Any:
    """What a sentence gives every figure of it, computed for its first: a sentence of
    hundreds of figures is not walked again for each."""
    if what not in s.extra:
        s.extra[what] = compute()
    return s.extra[what]


def sentence_cues(s: Sentence) -> list[Cue]:
    out = verb_cues(s.span) + according_cues(s.span) + source_cues(s.span)
    if s.headline or not out and s.index < 4 and not s.text.rstrip().endswith((".", "”", '"')):
        out += headline_cues(s.text, s.span)
    return out


_MADE_SOURCES = lexicon.words("made_sources")  # "the report" is no body of its own
_ROLES = lexicon.words("person_roles")
# one person, unnamed: by office ("a spokesman for X"), by what they are ("a resident", "a
# member of the militia")
_PERSON_HEADS = _ROLES | lexicon.words("people_words") | lexicon.words("person_nouns")
_OUTLETS = lexicon.words("outlet_nouns") | {"agency", "newspaper", "network", "service"}
_DESCRIPTIONS = lexicon.words("body_descriptions") | lexicon.words("outlet_nouns")
_GROUPS = {w[:-1] if w.endswith("s") else w for w in lexicon.words("group_heads")}


def _registry(sents: list[Sentence], cues: list[list[Cue]], text: str) -> Registry:
    reg = Registry(side_of=aff.affiliation_of)
    unnamed: list[tuple[Speaker, int]] = []
    for s, sc in zip(sents, cues, strict=True):
        for c in sc:
            sp = c.speaker
            if sp.head in _MADE_SOURCES and owner_of(sp.text):
                reg.made_by.setdefault(sp.head, owner_of(sp.text))
            if sp.kind in ("person", "name"):
                reg.add(Mention(display_name(sp.name), "person", sp.role, s.index, True))
            elif sp.kind in ("generic", "role") and sp.head in _PERSON_HEADS \
                    and sp.head in re.findall(r"[a-z]+", sp.text.lower()):  # one, not many
                # "A member of the X told AFP ... he said": the unnamed speaker is whom a
                # later "he" or "she" is, as the speaker was resolved where it spoke
                unnamed.append((sp, s.index))
            elif sp.kind in ("body", "generic") and sp.head not in _MADE_SOURCES \
                    and not (sp.head in _DESCRIPTIONS and not any(  # "the industry body"
                        w[:1].isupper() for w in sp.text.split()[1:])) \
                    and sp.text.lower().split()[0] not in ("its", "their"):
                reg.add(Mention(display_name(sp.name), "body", sp.role, s.index, True,
                                sp.acronym))
        for ent in ents_of(s.span):
            if ent.label_ == "PERSON" and ent.start > 0 \
                    and ent.doc[ent.start - 1].lower_ in _OUTLETS:
                continue  # "told the state news agency Prensa Andina": an outlet, no person
            if ent.label_ == "PERSON" and not (sides.demonym(ent.text) or sides.country(ent.text)):
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
            head = chunk.root.lemma_.lower()
            if head in _MADE_SOURCES or head == "claim":  # "a new X study", "claims made by X"
                preps = [p for p in chunk.root.children if p.dep_ == "prep"] + [
                    p for a in chunk.root.children if a.dep_ == "acl"  # "published by X"
                    for p in a.children if p.dep_ in ("agent", "prep")]
                by = [g for p in preps if p.lower_ == "by"
                      for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                poss = [c for c in chunk.root.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
                maker = speaker_from(poss[0]) if poss else speaker_from(by[0]) if by else None
                owner = maker.name if maker is not None and maker.kind in (
                    "person", "body", "name") else owner_of(chunk.text)
                if owner:
                    reg.made_by.setdefault(head, owner)
            if head in _GROUPS:  # "organisers from the Civil Rights Front": a body's people
                of = [g for p in chunk.root.children if p.dep_ == "prep"
                      and p.lower_ in ("from", "of", "at", "with")
                      for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                if of and of[0].ent_type_ in ("ORG", "") and not sides.country(of[0].text):
                    name = display_name(s.span.doc[of[0].left_edge.i: of[0].i + 1].text)
                    name = re.sub(r"^(?:the|The)\s+", "", name)
                    reg.group_of.setdefault(head, name)
            if head in ("official", "authority") and len(chunk) > 1:
                sp = speaker_from(chunk.root)
                if sp:
                    reg.add(Mention(display_name(sp.name), "body", None, s.index, False))
    _unnamed_speakers(reg, unnamed)
    _unparsed_mentions(reg, sents, text)
    return reg


def _unnamed_speakers(reg: Registry, unnamed: list[tuple[Speaker, int]]) -> None:
    """"A member of the X told AFP ... he said": an unnamed speaker is whom a later "he" or
    "she" is, resolved as where it spoke (once every name is known: "The head of X said ...
    Ivanov said" is Ivanov)."""
    found = []
    for sp, k in unnamed:
        who = resolve(sp, reg, k)
        if who.name:
            found.append(Mention(who.name, "person", who.role or sp.text, k, True))
    if found:
        reg.mentions = sorted(reg.mentions + found, key=lambda m: m.sentence)


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
