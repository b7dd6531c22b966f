"""The claim's place: where the counted thing is or happened, as written.

Candidates are the sentence's place entities (GPE, LOC, FAC) and known countries; left
out are destinations ("to Russia", "into Poland"), actors (the subject of a verb, the
owner of a ministry), the speaker's own phrase, and the object of an invasion. The one
nearest the figure wins; "the city", "the port city", "the country" point back to the
latest place named before.
"""

from __future__ import annotations

import re

from claimledger.extract import affiliation as aff

_DEST = {"to", "into", "toward", "towards", "onto"}
_ARRIVAL = {"arrive", "enter", "reach", "come", "flee", "cross"}
_NOT_PLACE_HEADS = {"invasion", "annexation", "occupation", "attack", "aggression"}
_ANAPHORA = re.compile(r"\bthe (?:besieged |port |coastal |devastated |ruined |occupied |"
                       r"embattled |southern |eastern |northern |western )?"
                       r"(city|town|village|enclave|region|steelworks|plant|site|area|strip|"
                       r"country|province|territory)\b", re.I)


def _is_place(ent) -> bool:
    if aff.demonym(ent.text):
        return False
    return ent.label_ in ("GPE", "LOC", "FAC") or bool(aff.country(ent.text))


def _excluded(ent, speaker_ids: frozenset[int]) -> bool:
    root = ent.root
    if root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass"):
        return True  # "Ukraine and Russia have exchanged": actors
    if any(t.i in speaker_ids for t in ent):
        return True
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        return True
    if root.dep_ == "poss" and root.head.lower_ not in ("population", "residents", "people",
                                                         "citizens", "city", "district"):
        return True
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in _DEST:
            return True
        if prep.lower_ == "in" and prep.head.lemma_ in _ARRIVAL:
            return True
        if prep.lower_ == "of" and prep.head.lemma_ in _NOT_PLACE_HEADS:
            return True
    if ent.label_ == "GPE" and root.dep_ == "compound" and root.head.lower_ in (
            "ministry", "government", "forces", "army", "military", "officials"):
        return True
    return False


def place_names(span, gazetteer: frozenset[str] = frozenset()) -> list:
    """Places in a sentence, in order: its place entities, and any name the document
    elsewhere tags as a place (the tagger finds "Mariupol" in one sentence, not another)."""
    found = [e for e in span.ents if _is_place(e)]
    taken = {t.i for e in found for t in e}
    for tok in span:
        if tok.i in taken or not tok.text[:1].isupper() or tok.ent_type_ == "NORP":
            continue
        for n in (3, 2, 1):
            if tok.i + n > span.end:
                continue
            cand = span.doc[tok.i: tok.i + n]
            if cand.text in gazetteer and not any(t.i in taken for t in cand):
                found.append(cand)
                taken.update(t.i for t in cand)
                break
    return sorted(found, key=lambda e: e.start)


_PLACE_NOUNS = {"city", "town", "village", "port", "region", "district", "area", "province",
                "capital", "outskirts", "section", "suburb", "oblast", "county", "state"}
_DWELLER_NOUNS = {"residents", "citizens", "population", "inhabitants", "streets"}


def gazetteer(spans) -> frozenset[str]:
    """Every name the document's sentences tag as a place, or use as one ("the port
    city of Mariupol", "Mariupol residents") where the tagger calls it something else."""
    names = set()
    for span in spans:
        for e in span.ents:
            if e.label_ in ("GPE", "LOC", "FAC") and not aff.demonym(e.text):
                names.add(re.sub(r"^the\s+", "", e.text))
        for tok in span:
            if tok.pos_ != "PROPN" or aff.demonym(tok.text):
                continue
            head = tok.head
            if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PLACE_NOUNS \
                    or tok.dep_ in ("compound", "poss") and head.lower_ in _DWELLER_NOUNS:
                names.add(tok.text)
    return frozenset(names)


def claim_place(span, fig_tok, speaker_ids: frozenset[int], previous: list[str],
                names: frozenset[str] = frozenset()) -> str | None:
    cands = [e for e in place_names(span, names) if not _excluded(e, speaker_ids)]
    if cands:
        best = min(cands, key=lambda e: abs(e.root.i - fig_tok.i))
        text = best.text
        # "the Donetsk and Luhansk regions": keep the coordination as written
        conj = [c for c in best.root.children if c.dep_ == "conj"]
        if conj and conj[0].ent_type_ in ("GPE", "LOC"):
            text = span.doc[best.start: conj[0].i + 1].text
        return re.sub(r"^the\s+", "", text)
    m = _ANAPHORA.search(span.text)
    if m and previous:
        if m.group(1).lower() == "country":
            return previous[-1] if aff.country(previous[-1]) else _last_country(previous)
        return previous[-1]
    return None


def _last_country(previous: list[str]) -> str | None:
    for p in reversed(previous):
        if aff.country(p):
            return p
    return None
