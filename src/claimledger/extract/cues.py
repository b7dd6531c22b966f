"""Attribution: who says a sentence, read from syntax rather than entity labels.

spaCy's NER mislabels transliterated names ("Denisova" as a place, "Lavrov" as an
organisation), so speakers are found by their role in the parse: the subject of a
reporting verb ("X said", "said X"), the object of "according to", a headline colon
("Ombudsman: ..."), a title-case headline verb ("Kremlin Claims ..."), a source noun
with an owner ("Moscow's claims that ...", "Ukrainian estimates ..."). Each cue
records the speaker's phrase, which speakers.py splits into name and role; names.py then
maps pronouns and short forms to the fullest name in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claimledger import lexicon
from claimledger.extract.speakers import (
    GENERIC_HEADS,
    GROUP_HEADS,
    MADE,
    ORG_WORDS,
    OUTLET_HEADS,
    PERSON_ROLES,
    PRONOUNS,
    SOURCE_NOUNS,
    Speaker,
    clean_phrase,
    has_name,
    speaker_from,
)
from claimledger.lexicon import sides

REPORT_VERBS = lexicon.words("report_verbs")
# Verbs that report only with a source-like subject ("initial estimates showed 51.5%").
WEAK_VERBS = lexicon.words("weak_report_verbs")


@dataclass
class Cue:
    kind: str  # verb | according | headline | fragment | source
    speaker: Speaker
    verb_i: int | None = None  # doc index of the reporting verb
    token_ids: frozenset[int] = frozenset()  # tokens of the speaker phrase
    made: bool = False  # said through a piece of work (a survey, a report): its findings run on
    # a headline's clause the cue speaks for, as doc character offsets ("Police put march at
    # 24,500; organisers claim 140,000"); None: the whole sentence
    clause: tuple[int, int] | None = None

    def speaks_for(self, tok) -> bool:
        return self.clause is None or self.clause[0] <= tok.idx < self.clause[1]


def _subject(verb):
    """The verb's subject; with two, the one nearest before the verb."""
    subs = [ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass") and ch.lower_ != "that"]
    before = [c for c in subs if c.i < verb.i]
    if before:
        return max(before, key=lambda c: c.i)
    return subs[0] if subs else None


def _inherited_subject(verb):
    """The subject of a participle or infinitive's governing verb ("..., saying ...")."""
    if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN") \
            and verb.head.lemma_.lower() not in SOURCE_NOUNS:
        return verb.head  # "SNES-FSU, the main union, announced ..." parsed as a modifier
    if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj"):
        # "officials provided lower figures, saying ...": who provided them says it
        gov = verb.head.head
        while gov.dep_ == "prep" and gov.head is not gov:
            gov = gov.head
        s = _subject(gov)
        if s is not None:
            return s
    v = verb
    for _ in range(4):
        dep = v.dep_
        if dep not in ("advcl", "xcomp", "conj", "ccomp", "acl") or v.head is v:
            break
        head = v.head
        s = _subject(head)
        # "saying its goal has backfired, acknowledging ...": a conjunct of an embedded
        # clause borrows the main clause's subject, not the embedded one's
        if s is not None and not (dep == "conj" and head.dep_ == "ccomp"):
            return s
        v = head
    return None


def verb_cues(span) -> list[Cue]:
    """Reporting verbs of a sentence with their speakers."""
    cues: list[Cue] = []
    for tok in span:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ in ("PROPN", "NOUN")
                                                     and tok.dep_ == "ROOT" and lemma in
                                                     ("says", "claims", "say", "claim")):
            continue
        if lemma not in REPORT_VERBS:
            continue
        if lemma == "give" and not any(c.dep_ == "dobj" and c.lemma_.lower() in (
                "figure", "estimate", "number", "tally", "toll", "count", "account", "version")
                for c in tok.children):  # "X gave a different account": X speaks
            continue
        if lemma in _OBJECT_REPORTS and not any(c.lemma_.lower() in _PUT_OBJECTS
                                                for c in tok.children):
            continue  # "put the crowd at 9,000", "raised the death toll to 27" report a count
        if lemma in _TOLL_CHANGES and not any(
                c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
            continue  # "revised the toll down by several thousand": a change, not a count
        if lemma == "speak" and not any(c.dep_ == "prep" and c.lower_ == "of"
                                        for c in tok.children):
            continue
        if lemma in _DENIALS and any(c.dep_ == "dobj" and (
                c.lower_ in PRONOUNS or c.lemma_.lower() in SOURCE_NOUNS
                or c.lemma_.lower() in lexicon.words("claim_nouns")) for c in tok.children):
            continue  # "UAE denies it", "disputed the claim": someone else's figure
        if lemma in ("express",) and not any(c.lemma_ in ("concern", "fear", "alarm")
                                             for c in tok.children):
            continue
        subj = _subject(tok) or _inherited_subject(tok)
        if subj is not None and subj.dep_ == "nsubjpass" and subj.head is tok \
                and lemma not in ("quote", "cite"):
            continue  # "Hundreds are believed to remain": what is said, not who says it
        if subj is None:
            # "said X" inverted with the subject after ("..., said Deputy Minister X")
            after = [c for c in tok.rights if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod")
                     and c.pos_ in ("PROPN", "NOUN")]
            subj = after[0] if after and lemma == "say" else None
        if subj is None:
            continue
        sp = speaker_from(subj)
        if sp is None:
            continue
        made = False
        weak = lemma in WEAK_VERBS
        if weak and subj.lower_ == "it" and any(
                c.lemma_.lower() in REPORT_VERBS and c.i != tok.i for c in tok.sent
                if c.pos_ == "VERB"):
            continue  # "it listed 34 dead, the governor said": the board lists, he says
        # a capitalised "Data", "Research" inside a sentence is a body's name, not a source
        source = subj.lemma_.lower() in MADE and not (
            subj.text[:1].isupper() and subj.i > subj.sent.start)
        if source:
            # "An assessment by the X Network estimates ...": the body that made it
            owner = source_owner(subj)
            if owner is not None and not (sides.country(owner.name) or sides.office(owner.name)):
                sp, made = owner, True  # a side's report ("the U.N. report") is resolved later
            elif weak and sp.kind == "generic" and subj.lemma_.lower() in SOURCE_NOUNS:
                continue  # "initial estimates showed": let a higher cue speak
        if weak and not made and sp.kind == "body" and not has_name(sp.text) \
                and subj.pos_ != "PROPN":
            continue  # "some tension was registered": not a source
        # the speaker's own phrase; for "X, ..., announced" parsed as a modifier of X,
        # without the modifier (the announcement is not the speaker)
        ids = frozenset(t.i for t in subj.subtree)
        if tok.i in ids:
            ids -= frozenset(t.i for t in tok.subtree)
        relayed = conduit_source(tok, sp)
        if relayed is not None:
            src, sp = relayed
            ids = ids | frozenset(t.i for t in src.subtree)
        cues.append(Cue(kind="verb", speaker=sp, verb_i=tok.i, token_ids=ids,
                        made=made or source))
    return cues


_OWNED_SOURCES = lexicon.words("owned_sources")
_DENIALS = lexicon.words("denial_verbs")
# "put the crowd at 9,000": what "put ... at" estimates
_PUT_OBJECTS = lexicon.words("put_objects")
# verbs that report only with such an object ("raised the toll to 27"; not "raised funds")
_TOLL_CHANGES = frozenset({"raise", "lower", "revise", "update"})  # report only "to" a figure
_OBJECT_REPORTS = _TOLL_CHANGES | {"put"}


def source_owner(noun) -> Speaker | None:
    """Who owns a source noun: "Moscow's claims", "Ukrainian estimates", "data provided by
    the ministry", "figures from the UN". None when no one is named."""
    if noun.lemma_.lower() not in _OWNED_SOURCES:
        return None
    for ch in noun.children:
        if ch.dep_ == "poss" and (ch.pos_ == "PROPN" or ch.lower_ in ORG_WORDS):
            return speaker_from(ch)  # "Moscow's claims", "the government's death toll"
        if ch.dep_ == "compound" and ch.i == noun.i - 1 and (
                ch.pos_ == "PROPN" and ch.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")
                or ch.lower_ in ORG_WORDS):
            # "police estimates", "Interior Ministry data": the body that made them
            return speaker_from(ch)
        if ch.dep_ == "amod" and ch.text[:1].isupper():
            if sides.demonym(ch.text):
                return Speaker(text=ch.text, name=ch.text, role=None, kind="demonym")
        preps = [ch] if ch.dep_ == "prep" else (
            [g for g in ch.children if g.dep_ in ("agent", "prep")]
            # "carried out for the X Coalition by Y Polling": the "by" may hang lower
            + [g for p in ch.children if p.dep_ == "prep" for o in p.children
               if o.dep_ == "pobj" for g in o.children if g.dep_ == "prep" and g.lower_ == "by"]
            if ch.dep_ == "acl" else [])
        if ch.dep_ == "acl":
            # "A poll by Sondages Hexagone published on Wednesday": the parse made the name
            # the participle's subject and left "by" with no object
            subj = [g for g in ch.children if g.dep_ == "nsubj" and g.pos_ == "PROPN"
                    and g.left_edge.i > 0 and g.doc[g.left_edge.i - 1].lower_ == "by"]
            if subj:
                return _maker(subj[0])
        for prep in preps:
            if prep.lower_ not in ("by", "from", "of"):
                continue
            for g in prep.children:
                if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.lower_ in GENERIC_HEADS):
                    return speaker_from(g)
                if g.dep_ == "pobj" and g.lower_ in _EXPERTS:  # "by researchers at X"
                    at = [x for p in g.children if p.dep_ == "prep"
                          and p.lower_ in ("at", "from", "of", "with")
                          for x in p.children if x.dep_ == "pobj" and x.pos_ == "PROPN"]
                    if at:
                        return speaker_from(at[0])
    return None


_EXPERTS = lexicon.words("expert_nouns")


def _maker(tok) -> Speaker | None:
    """Who made a poll or a report: a body, unless the tagger knows the name for a person's."""
    sp = speaker_from(tok)
    if sp is not None and sp.kind == "person" and tok.ent_type_ != "PERSON":
        return Speaker(text=sp.text, name=sp.text, role=sp.role, kind="body",
                       head=tok.lemma_.lower())
    return sp


def _relayed_speaker(head):
    """A person the outlet after "according to" relays: "according to the Meridian, the
    fire chief, Oskar Lind, said" (the small parser hangs the chief on the outlet)."""
    for ch in head.children:
        if ch.dep_ == "appos" and ch.i > head.i:
            sp = speaker_from(ch)
            if sp and sp.kind == "person" and any(
                    t.lemma_ == "say" and t.i > ch.i for t in head.doc[ch.i: ch.i + 12]):
                return sp, ch
    return None


def conduit_source(verb, speaker: Speaker):
    """Who a conduit relays (issue 12, class 3): "Y quoted X as saying" -> X; an outlet
    (or any "reported") "..., citing X" -> X when X is named. A body citing another keeps
    its own voice ("the agency said, citing the Red Crescent"), as does an outlet citing
    someone unnamed ("citing a local fighter"). Returns (speaker token, Speaker) or None."""
    lemma = verb.lemma_.lower()
    if lemma == "quote":
        for ch in verb.children:
            if ch.dep_ == "dobj" and any(c.dep_ == "prep" and c.lower_ == "as"
                                         for c in verb.children):
                # "quoted the governor of Sofala, Joaquim Nhantumbo, as saying": the person
                # named beside the role, wherever the parse hung the name
                named = [t for t in ch.subtree if t.dep_ == "appos" and t.pos_ == "PROPN"]
                for t in named:
                    sp = speaker_from(t)
                    if sp and sp.kind == "person":
                        role = verb.doc[ch.left_edge.i: t.left_edge.i].text.strip(" ,")
                        return t, replace(sp, role=clean_phrase(role) or sp.role)
                sp = speaker_from(ch)
                if sp and sp.kind in ("person", "body", "name", "generic", "role"):
                    return ch, sp
        return None
    outlet = lemma == "report" or sides.is_outlet(speaker.name) \
        or speaker.head in OUTLET_HEADS
    if not outlet:
        return None
    for t in verb.subtree:
        if t.lemma_ == "cite" and t.pos_ == "VERB" and t.i > verb.i:
            for ch in t.children:
                if ch.dep_ == "dobj" and (ch.pos_ == "PROPN" or any(
                        c.pos_ == "PROPN" for c in ch.children if c.dep_ == "compound")):
                    sp = speaker_from(ch)
                    if sp and sp.kind in ("person", "body", "name"):
                        return ch, sp
    return None




def according_cues(span) -> list[Cue]:
    cues = []
    for tok in span:
        nxt = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
        prv = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
        if tok.lower_ == "according" and nxt == "to" or (tok.lower_ == "per" and prv == "as"):
            prep = tok.doc[tok.i + 1] if tok.lower_ == "according" else tok
            pobj = [c for c in prep.children if c.dep_ == "pobj"] or [
                c for c in tok.children if c.dep_ == "pobj"]
            if not pobj:
                nxt = [t for t in tok.doc[prep.i + 1: prep.i + 6] if t.pos_ in ("PROPN", "NOUN")]
                pobj = nxt[-1:] if nxt else []
            if not pobj:
                continue
            head = pobj[0]
            sp = speaker_from(head)
            if sp and head.lemma_.lower() in MADE:
                sp = source_owner(head) or sp  # "according to a study by researchers at X"
            relayed = _relayed_speaker(head)
            if relayed is not None:  # "according to Y, the fire chief, X, said ...": X
                sp, head = relayed
            if sp:
                cues.append(Cue(kind="according", speaker=sp, verb_i=tok.head.i,
                                token_ids=frozenset(t.i for t in head.subtree)))
    return cues


_HEAD_VERB = re.compile(r"^(?P<who>[A-Z][\w.’'\- ]{1,60}?)\s+(?:Claims?|Says?|Said|Reports?|"
                        r"Warns?|Estimates?|Admits?|Insists?)\b")
# a headline's clauses, each with its own speaker: "X says ...; Y counts ...", "X puts it at
# ..., but Y says ..." (lower-case verbs too: a sentence-case headline)
_HEAD_CLAUSES = re.compile(r";\s+|,?\s+but\s+")
_CLAUSE_VERB = re.compile(r"^(?P<who>[A-Za-z][\w.’'\- ]{1,60}?)\s+(?:[Cc]laims?|[Ss]ays?|[Ss]aid|"
                          r"[Rr]eports?|[Ee]stimates?|[Cc]ounts?|[Pp]uts?|[Ii]nsists?)\b")
_HEAD_COLON_LEFT = re.compile(r"^(?P<who>[A-Z][^:]{1,60}):\s+\S")
_HEAD_COLON_RIGHT = re.compile(r":\s+(?P<who>[A-Z][\w.’'\- ]{1,40})$")


def headline_cues(text: str, span) -> list[Cue]:
    """ "Kremlin Claims ...", "National Resistance Center: ...", "...: Peace mediator"; in a
    headline of clauses, each clause's own ("Police put march at 24,500; organisers claim
    140,000")."""
    clauses = _clause_cues(text, span)
    if clauses:
        return clauses
    out = []
    for pattern in (_HEAD_VERB, _HEAD_COLON_LEFT, _HEAD_COLON_RIGHT):
        m = pattern.search(text.strip())
        if not m:
            continue
        who = clean_phrase(m.group("who"))
        if not who or len(who.split()) > 6:
            continue
        # a clause on the left of a colon is no speaker ("Police: ..." yes, "X killed Y:" no)
        toks = [t for t in span if t.idx - span.start_char >= 0]
        if any(t.pos_ == "VERB" and who.find(t.text) >= 0 and t.text[:1].islower()
               for t in toks):
            continue
        words = who.split()
        role_like = words[-1].lower() in PERSON_ROLES
        kind = "role" if role_like else "body"
        if all(w[:1].isupper() for w in words) and len(words) <= 3 and not any(
                w.lower() in ORG_WORDS for w in words) and kind != "role" \
                and not (len(words) == 1 and who.isupper()):  # "WHO:" is an acronym
            kind = "name"
        out.append(Cue(kind="headline", speaker=Speaker(text=who, name=who, role=None,
                                                        kind=kind)))
        break
    return out


def _clause_cues(text: str, span) -> list[Cue]:
    """A cue for each clause of a headline that opens with its speaker and a verb of
    statement; none unless the headline has two clauses or more."""
    bounds = [0] + [m.end() for m in _HEAD_CLAUSES.finditer(text)] + [len(text) + 1]
    if len(bounds) < 3:
        return []
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        m = _CLAUSE_VERB.match(text[a:b])
        who = clean_phrase(m.group("who")) if m else ""
        if not who or len(who.split()) > 4:
            continue
        words = who.split()
        kind = "role" if words[-1].lower() in PERSON_ROLES else "body"
        start = span.start_char
        out.append(Cue(kind="headline", speaker=Speaker(text=who, name=who, role=None, kind=kind),
                       clause=(start + a, start + b)))
    return out


def fragment_cue(span) -> Cue | None:
    """A sentence that is only "said the general secretary of the CGT, Philippe Martinez."."""
    toks = [t for t in span if not t.is_punct]
    if not toks or toks[0].lemma_.lower() not in ("say", "add", "tell"):
        return None
    for t in toks[1:]:
        if t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("nsubj", "dobj", "ROOT", "appos", "attr",
                                                       "npadvmod", "pobj"):
            head = t
            while head.dep_ in ("compound",) and head.head is not head:
                head = head.head
            sp = speaker_from(head)
            if sp:
                return Cue(kind="fragment", speaker=sp)
    return None


def governing_cue(fig_tok, cues: list[Cue]) -> Cue | None:
    """The cue whose reporting verb (or source noun) governs the figure's token, nearest
    first. A verb reached through its own subject does not govern: in "Al-Wefaq, which
    withdrew its 17 lawmakers, warned ...", the 17 describe the speaker."""
    by_verb = {c.verb_i: c for c in cues if c.verb_i is not None and c.kind == "source"}
    # a reporting verb outranks a source noun on the same token
    by_verb.update({c.verb_i: c for c in cues if c.verb_i is not None and c.kind == "verb"})
    tok = fig_tok
    for _ in range(40):
        if tok.head is tok:
            break
        prev, tok = tok, tok.head
        if tok.i in by_verb and prev.dep_ not in ("nsubj", "nsubjpass", "csubj"):
            found = by_verb[tok.i]
            if found.kind == "source":
                # "Kyiv's tally stands at 19,000, according to the ministry": the named
                # source outranks the owner of the tally
                named = [c for c in cues if c.kind == "according"]
                return named[0] if named else found
            if _unnamed(found.speaker):
                # "the coastguard said the migrants had told them 350 were aboard": the
                # article reports the coastguard; the migrants are its source
                outer = governing_cue(tok, [c for c in cues if c is not found])
                if outer is not None and outer.kind == "verb" and not _unnamed(outer.speaker):
                    return outer
            return found
    return None


def _unnamed(sp: Speaker) -> bool:
    """A speaker that is a plain group of people ("the migrants", "survivors")."""
    if sp.kind not in ("body", "generic") or any(ch.isupper() for ch in sp.text):
        return False
    last = sp.text.lower().split()[-1] if sp.text.split() else ""
    return not any(w in words for w in (sp.head, last) for words in _SPEAKING_WORDS)


_SPEAKING_WORDS = (ORG_WORDS, SOURCE_NOUNS, PERSON_ROLES, GENERIC_HEADS, GROUP_HEADS)


def source_cues(span) -> list[Cue]:
    """Source nouns with an owner govern what they contain: "Moscow's claims that ...",
    "Ukrainian estimates ... have ranged from ..."."""
    out = []
    for tok in span:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in SOURCE_NOUNS:
            continue
        owner = source_owner(tok)
        if owner is None:
            continue
        at = tok.head.i if tok.dep_ in ("nsubj", "nsubjpass") else tok.i
        out.append(Cue(kind="source", speaker=owner, verb_i=at,
                       token_ids=frozenset(t.i for t in tok.subtree),
                       made=tok.lemma_.lower() in lexicon.words("claim_nouns")))
    return out
