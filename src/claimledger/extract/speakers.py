"""A speaker's phrase: the noun phrase that says a figure, split into name and role.

Read from the parse around its head token: "Russian Colonel General Mikhail Mizintsev"
is the person Mizintsev with his titles; "the UAE's official news agency WAM" the body
WAM; "Its spokesman, Jean Martel" the person named in apposition; "an ICRC spokesman" the
body whose unnamed officer speaks. cues.py finds where a sentence names a speaker and asks
this module what the phrase names; names.py resolves it across the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger import lexicon
from claimledger.lexicon import sides

SOURCE_NOUNS = lexicon.words("source_nouns")
# Nouns naming one person by office: "the foreign minister", "a senior Russian legislator".
PERSON_ROLES = lexicon.words("person_roles")
_HONORIFICS = lexicon.words("honorifics")
GROUP_HEADS = lexicon.words("group_heads")
PRONOUNS = lexicon.words("pronouns")
TITLE_WORDS = lexicon.words("title_words")
ORG_WORDS = lexicon.words("organisation_words")
GENERIC_HEADS = lexicon.words("generic_heads")
MADE = SOURCE_NOUNS | lexicon.words("made_sources")  # a piece of work: a report, a survey
OUTLET_HEADS = lexicon.words("outlet_heads")
BODY_OR_OUTLET = ORG_WORDS | OUTLET_HEADS  # nouns a name after them belongs to


@dataclass
class Speaker:
    text: str  # the speaker's phrase as written, trimmed ("Ukraine’s Foreign Ministry")
    name: str  # the name part ("Mikhail Mizintsev"), or the phrase for bodies
    role: str | None  # "Russian Colonel General", "Ukraine's ombudsperson"
    kind: str  # person | body | pronoun | generic | demonym | name | role
    acronym: str | None = None
    head: str = ""  # the phrase's head word, lower case ("head" in "head of the army X")


def clean_phrase(s: str) -> str:
    """A phrase as a name: one space between words, no edge punctuation, no article."""
    s = re.sub(r"\s+", " ", s).strip(" ,;:–—-\"“”'‘’()")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    return s.strip()


def _phrase_tokens(head) -> list:
    """The tokens of a noun phrase headed by `head`: modifiers and "of"/"for" names,
    without relative clauses, appositions or participial phrases."""
    keep = {head}

    def walk(tok, depth=0):
        for ch in tok.children:
            if ch.dep_ in ("compound", "amod", "poss", "case", "nmod", "det", "nummod",
                           "npadvmod", "quantmod") and ch.i < tok.i:
                keep.add(ch)
                walk(ch, depth + 1)
            elif ch.dep_ == "prep" and ch.lower_ in ("of", "for", "from") and ch.i > tok.i \
                    and depth < 3:
                pobj = [g for g in ch.children if g.dep_ == "pobj"]
                if pobj and (pobj[0].pos_ == "PROPN" or any(
                        g.pos_ == "PROPN" for g in pobj[0].subtree)):
                    keep.add(ch)
                    for g in pobj[0].subtree:
                        if g.dep_ not in ("relcl", "acl", "appos", "punct") and not any(
                                a.dep_ in ("relcl", "acl", "appos") and a in pobj[0].subtree
                                and g in a.subtree and a is not pobj[0] for a in g.ancestors):
                            keep.add(g)
            elif ch.dep_ == "cc" and ch.i < tok.i:
                keep.add(ch)
    walk(head)
    toks = sorted(keep, key=lambda t: t.i)
    # keep a contiguous run ending at the head or its of-phrase
    return [t for t in toks if not (t.is_punct and t.text not in ("-", ".", "’", "'"))]


def _span_text(toks) -> str:
    if not toks:
        return ""
    doc = toks[0].doc
    return doc[toks[0].i: toks[-1].i + 1].text


def speaker_from(head) -> Speaker | None:
    """The speaker whose phrase is headed by token `head`."""
    low = head.lower_
    if low in ("which", "who", "that") and head.head.dep_ == "relcl" and not head.is_upper:
        head = head.head.head  # the relative clause's antecedent
        while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in (
                "PROPN", "NOUN") and head.head.head.text[:1].isupper():
            head = head.head.head  # "the Royal College of Ward Nurses, which says": the College
        low = head.lower_
    if low in PRONOUNS and not (head.is_upper and len(head.text) > 2):  # "WHO" is no "who"
        return Speaker(text=head.text, name=head.text, role=None, kind="pronoun")
    if head.pos_ not in ("NOUN", "PROPN", "X") and not head.text[:1].isupper() and not any(
            c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children):
        return None  # ("the alliance's secretary-general, X": "general" tagged ADJ, named)
    toks = _phrase_tokens(head)
    if head.lemma_.lower() not in MADE and any(t.like_num or t.pos_ == "NUM" for t in toks):
        return None  # "248 servicemen had been released": counted, not speaking
    # "Former Nigerian President and ... negotiator in the peace talks Olusegun Obasanjo said":
    # a name run closing a long subject is the speaker, the rest is the role
    tail = _name_run_before(head)
    if tail is not None:
        return tail
    text = clean_phrase(_span_text(toks))
    if not text:
        return None
    acronym = None
    role = _heads_what(head)
    for ch in head.children:
        if ch.dep_ == "appos" or _set_off(head, ch):
            ap = clean_phrase(ch.doc[ch.left_edge.i: ch.right_edge.i + 1].text)
            if head.pos_ == "NOUN" and ch.pos_ == "PROPN" and ch.i > head.i \
                    and _bare(head.text) in BODY_OR_OUTLET:
                # "the UAE's official news agency WAM": the body is the name
                return Speaker(text=ap, name=ap, role=text, kind="body", head=ch.lemma_.lower())
            if ap.isupper() and len(ap) <= 8:
                acronym = ap
            elif ch.pos_ == "PROPN" and head.pos_ in ("NOUN", "ADJ"):
                # "the Front's convenor, Jimmy Sham" : the name is the apposition
                name_toks = [t for t in ch.subtree if t.dep_ in ("compound", "flat") or t is ch
                             or (t.pos_ == "PROPN" and t.i <= ch.right_edge.i)]
                name = clean_phrase(ch.doc[min(t.i for t in name_toks): ch.i + 1].text)
                if ch.right_edge.i > ch.i and ch.doc[ch.i + 1].text == "-":
                    first = min(t.i for t in name_toks)
                    name = clean_phrase(ch.doc[first: ch.right_edge.i + 1].text)
                # "the hospital's operator, Kingsferry Health Trust": a body
                kind = "body" if any(_bare(w) in ORG_WORDS for w in name.split()) else "person"
                return Speaker(text=name, name=name, role=text, kind=kind)
            else:
                role = ap
    # split a person's titles from the name: "Russian Colonel General Mikhail Mizintsev"
    words = text.split()
    placeish = bool(sides.country(text) or sides.capital(text) or sides.demonym(text))
    after = [t for t in toks if t.i > head.i]
    of_part = ""
    if head.pos_ == "PROPN" and after and after[0].lower_ in ("of", "from", "at") \
            and not placeish:
        # "Commissioner Ada Morrow of the Dunmore Health Board": the name is before "of"
        before = clean_phrase(_span_text([t for t in toks if t.i <= head.i])).split()
        names = [w for w in before if w[:1].isupper() and w.lower() not in TITLE_WORDS]
        if len(names) >= 2 and head.ent_type_ == "PERSON" \
                and not any(_bare(w) in ORG_WORDS for w in before):
            words, of_part = before, clean_phrase(_span_text(after))  # "of the Dunmore ... Board"
    if head.pos_ == "PROPN" and not placeish \
            and not any(_bare(w) in ORG_WORDS for w in _name_part(words)) \
            and not (len(words) == 1 and words[0].replace(".", "").isupper()):
        name_words: list[str] = []
        for w in reversed(words):
            lw = w.lower()
            if lw in TITLE_WORDS or not (w[:1].isupper() or _PARTICLE.match(w)) \
                    or w.endswith(("’s", "'s")):
                break
            name_words.insert(0, w)
        if name_words:
            title = " ".join(w for w in words[: len(words) - len(name_words)]
                             if w.lower().rstrip(".") not in _HONORIFICS).strip()
            name = " ".join(name_words)
            title = " ".join(x for x in (title, of_part) if x)
            role = ", ".join(x for x in (title, role) if x) or None
            return Speaker(text=text, name=name, role=role, kind="person", acronym=acronym)
    hw = head.lower_
    if head.pos_ == "NOUN" and hw in GROUP_HEADS:
        # "Organisers from the Civil Human Rights Front": the body they belong to speaks
        for ch in head.children:
            if ch.dep_ == "prep" and ch.lower_ in ("from", "of", "at"):
                pobj = [g for g in ch.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                if pobj:
                    inner = speaker_from(pobj[0])
                    if inner and inner.kind == "body":
                        return inner
    desc = [t for t in toks if t.i < head.i]
    if (head.pos_ == "PROPN" or head.is_upper and len(head.text) > 1) and desc \
            and desc[-1].pos_ == "NOUN" and desc[-1].i == head.i - 1 \
            and _bare(desc[-1].text) in BODY_OR_OUTLET:
        # "the region's official news agency KORA": the name after the description
        name = clean_phrase(_span_text([t for t in toks if t.i >= head.i]))
        return Speaker(text=name, name=name, role=clean_phrase(_span_text(desc)), kind="body",
                       head=head.lemma_.lower())
    unnamed = head.pos_ == "NOUN" and hw in PERSON_ROLES and role is None and any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)
    body = [c for c in head.children if c.dep_ == "compound" and c.i < head.i
            and c.pos_ == "PROPN" and not sides.demonym(c.text)]
    if unnamed and body and not any(c.dep_ == "prep" for c in head.children):
        # "an ICRC spokesman added": one of the body's officers, unnamed - the body speaks
        name = clean_phrase(_span_text([t for t in toks if body[0].i <= t.i < head.i]))
        return Speaker(text=name, name=name, role=text, kind="body",
                       head=body[-1].lemma_.lower())
    if unnamed:
        # "a spokeswoman for the trust" (one of many, unnamed; "the head of X" is one
        # person, named elsewhere): the role keeps whom she speaks for
        for ch in head.children:
            if ch.dep_ == "prep" and ch.lower_ in ("for", "of") and any(
                    g.dep_ == "pobj" for g in ch.children):
                role = clean_phrase(head.doc[head.i: ch.right_edge.i + 1].text)
                break
    generic = head.pos_ == "NOUN" and (hw in GENERIC_HEADS or head.lemma_.lower() in SOURCE_NOUNS
                                       or hw in TITLE_WORDS or hw in PERSON_ROLES)
    return Speaker(text=text, name=text, role=role, kind="generic" if generic else "body",
                   acronym=acronym, head=head.lemma_.lower())


def has_name(text: str) -> bool:
    """Whether a phrase holds a name: a capital after its first word (which a sentence's
    start capitalises), or an acronym ("CGT union")."""
    words = text.split()
    return any(w[:1].isupper() for w in words[1:]) or bool(
        words and len(words[0]) > 1 and words[0].isupper())


# a surname after a particle: "al-Qudaimi", "el-Sisi", "bin-Omar"
_PARTICLE = re.compile(r"^[a-z]{1,3}-[A-Z]")


def _set_off(head, ch) -> bool:
    """A name between commas just after a noun, which the parse did not call an apposition
    ("The UN refugee agency, UNHCR, said": UNHCR as an adverbial)."""
    doc = ch.doc
    return (ch.dep_ == "npadvmod" and ch.pos_ == "PROPN" and ch.left_edge.i == head.i + 2
            and doc[head.i + 1].text == "," and ch.right_edge.i + 1 < len(doc)
            and doc[ch.right_edge.i + 1].text == ",")


def _heads_what(head) -> str | None:
    """ "X, who heads Russia's National Defence Management Centre": a role in a clause."""
    for ch in head.children:
        if ch.dep_ == "relcl" and ch.lemma_ in ("head", "lead", "run", "chair", "direct",
                                                 "command"):
            obj = [g for g in ch.children if g.dep_ == "dobj"]
            if obj:
                o = obj[0]
                return "head of " + o.doc[o.left_edge.i: o.right_edge.i + 1].text
    return None


def _name_part(words: list[str]) -> list[str]:
    """The words after a phrase's last title word ("Institute director Rosa Quispe" ->
    Rosa Quispe): an organisation word before the title names her body, not her."""
    for k in range(len(words) - 1, -1, -1):
        if words[k].lower().rstrip(".") in TITLE_WORDS - {"and", "of", "the", "state",
                                                          "national", "council", "city"}:
            after = words[k + 1:]
            # "Rosa Quispe" after the title; not "for Refugees" in "High Commissioner for ..."
            return after if after and all(w[:1].isupper() for w in after) else words
    return words


def _bare(word: str) -> str:
    """A word without its possessive, lower case ("Service" -> "service", "Army's" -> "army")."""
    return re.sub(r"['’]s$", "", word.lower())


def _name_run_before(head):
    """A person's name that ends a long subject phrase, right before its verb."""
    sub = list(head.subtree)
    if len(sub) < 5 or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    run = []
    for t in reversed(sub):
        if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in TITLE_WORDS \
                and t.lower_ not in ORG_WORDS:
            run.insert(0, t)
        elif t.text == "-" and run and t.i > sub[0].i and t.doc[t.i - 1].pos_ == "PROPN" \
                and t.doc[t.i - 1].text[:1].isupper():
            run.insert(0, t)  # "Jean-Baptiste": one name (not "al-Qudaimi": "al" is no name)
        else:
            break
    if len(run) < 2 or run[0].i == sub[0].i or run[-1].ent_type_ in ("GPE", "NORP"):
        return None
    before = head.doc[run[0].i - 1]
    if head.lower_ in ORG_WORDS or before.lower_ in ("of", "for", "the", "and"):
        return None  # "Office for the Coordination of Humanitarian Affairs": a body
    doc = head.doc
    name = doc[run[0].i: run[-1].i + 1].text
    role = clean_phrase(doc[sub[0].i: run[0].i].text)
    return Speaker(text=name, name=name, role=role or None, kind="person")
