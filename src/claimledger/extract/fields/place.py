"""The claim's place: where the counted thing is or happened, as written.

Per sentence, candidates are place entities (GPE, LOC, FAC), known countries, and names
the document elsewhere uses as places ("the port city of Mariupol" makes "Mariupol" a
place everywhere in it, whatever the tagger says). Left out: destinations ("to Russia"),
actors (the subject or object of a verb, the owner of a ministry), the speaker's own
phrase, offices and parenthesised acronyms, and the country in a title ("Minister of
Ukraine"). An origin ("from Mariupol") beats other candidates, then the nearest wins.
Without one: "the city", "the besieged city" point back to the last place named; "the
country" to the document's country; then the place of the paragraph's previous claim;
then the story's place when one place dominates the document. A site inside a city
(a park, a district) gives the story's city.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from claimledger import lexicon
from claimledger.extract.nlp import ents_of
from claimledger.lexicon import gazetteer
from claimledger.lexicon import sides as aff

_DEST = {"to", "into", "toward", "towards", "onto"}
_ARRIVAL = {"arrive", "enter", "reach", "come", "cross"}
_NOT_PLACE_HEADS = {"invasion", "annexation", "occupation", "attack", "aggression"}
_ANAPHORA = re.compile(r"\bthe (?:[A-Za-z\-]+ ){0,2}(city|town|village|enclave|region|steelworks|"
                       r"plant|site|area|strip|country|province|territory)\b")
# Sites inside a city: the spec wants the city ("a site inside a city gives the city").
_SITE = re.compile(
    r"\b(?:" + "|".join(sorted(w.title() for w in lexicon.words("site_suffixes"))) + r")$|"
    r"^(?:the\s+)?(?:" + "|".join(sorted(w.title() for w in lexicon.words("site_prefixes")))
    + r")\s+(?:(?:de|del|de la|du|des|di|della|der|do|da)\s+)?[A-Z]")
_PLACE_NOUNS = lexicon.words("place_nouns")
# parts of a city: "the Livoberezhniy district" is a site of its city, no place of its own
_PARTS = frozenset({"district", "suburb", "section", "outskirts", "area", "quarter"})
_DWELLER_NOUNS = lexicon.words("dweller_nouns")
_CONTEST_NOUNS = lexicon.words("event_nouns")
# "Minister of Ukraine", "President of Russia": the country in a title is no location
_TITLES = lexicon.words("office_titles")
_REPORT_VERBS = lexicon.words("report_verbs")
# verbs of coming to know a figure: where one learned it is no place of the figure
_KNOWING_VERBS = frozenset({"learn", "hear"})
_STATEMENT_NOUNS = lexicon.words("statement_nouns")
_REFUGE_NOUNS = lexicon.words("refuge_nouns")  # "found refuge in X": X is a destination


@dataclass(frozen=True)
class Places:
    """What the whole document says about places."""

    names: frozenset[str]  # every name used as a place somewhere in the document
    story: str | None  # the place the story is about, when one dominates
    country: str | None  # the country named most


def document_places(spans) -> Places:
    spans = list(spans)
    names = set()
    for span in spans:
        for e in ents_of(span):
            if e.label_ in ("GPE", "LOC", "FAC") and not aff.demonym(e.text) \
                    and not _is_office(e.text):
                names.add(re.sub(r"^the\s+", "", e.text))
        for tok in span:
            if tok.pos_ != "PROPN" or aff.demonym(tok.text) or _is_office(tok.text):
                continue
            head = tok.head
            if tok.dep_ == "pobj" and (
                    head.lower_ in ("of", "for") and head.head.lower_ in _PLACE_NOUNS
                    or head.lower_ in ("of", "for", "in") and head.head.lower_ in _CONTEST_NOUNS) \
                    or tok.dep_ in ("compound", "poss") and head.lower_ in _DWELLER_NOUNS:
                names.add(tok.text)
            elif tok.dep_ == "compound" and head.lower_ in _PLACE_NOUNS - _PARTS \
                    and head.i == tok.i + 1:  # "Ngwedwin village", "Ngwe Oo village"
                first = tok.i
                while first > span.start and span.doc[first - 1].pos_ == "PROPN" \
                        and span.doc[first - 1].head.i == head.i:
                    first -= 1
                names.add(span.doc[first: tok.i + 1].text)
    names |= _gazetteer_names(spans)
    frozen = frozenset(names)
    counts: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for span in spans:
        for p in place_names(span, frozen):
            if not _excluded(p, frozenset()):
                counts[p.text] += 1
                if aff.country(p.text):
                    countries[p.text] += 1
    story = None
    ranked = counts.most_common(2)
    if ranked:
        top, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        nations = _nations(spans, frozen)
        home = aff.country(top)
        between = home and any(c != home and k >= 2 for c, k in nations.items())
        if n >= 3 and n >= 0.5 * sum(counts.values()) and n > second and not between:
            story = top if aff.country(top) else _capital_or_country(top, spans)
    if story is None:
        story = _single_setting(spans, frozen)
    country = countries.most_common(1)[0][0] if countries else None
    if country is None and story:
        # "across the country" in a story set in Seoul: South Korea
        home = gazetteer.place(story)
        country = home.country if home else None
    return Places(frozen, story, country)


def _gazetteer_names(spans) -> set[str]:
    """Proper names the gazetteer knows as a city, region or country, whatever the tagger
    made of them ("Mariupol council": an ORG to the tagger, a city of Ukraine). A word some
    person's name in the document uses ("Oliveira") is no place."""
    people = {t.text for span in spans for e in ents_of(span) if e.label_ == "PERSON"
              for t in e}
    found: set[str] = set()
    for span in spans:
        toks = list(span)
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.text in people \
                    or tok.ent_type_ in ("PERSON", "NORP", "DATE", "CARDINAL"):
                i += 1
                continue
            for n in (3, 2, 1):
                run = toks[i:i + n]
                if len(run) < n or any(t.pos_ != "PROPN" or t.text in people for t in run):
                    continue
                text = span.doc[run[0].i: run[-1].i + 1].text
                if aff.demonym(text) or _is_office(text) or aff.is_outlet(text) \
                        or _in_longer_name(span.doc, run[0].i, run[-1].i):
                    continue
                if n == 1 and _is_word(text) and not gazetteer.country(text):
                    continue  # "Central", "Federal", "Hurricane": words before places
                if gazetteer.place(text) is not None:
                    found.add(text)
                    i += n - 1
                    break
            i += 1
    return found


def _in_longer_name(doc, first: int, last: int) -> bool:
    """Part of a longer name: "Vladimir" in "Vladimir Putin", "New York" in "New York
    Times", "Lvova" in "Lvova-Belova"."""
    def name_at(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()
    hyphen = last + 2 < len(doc) and doc[last + 1].text == "-" and name_at(last + 2)
    return name_at(first - 1) or name_at(last + 1) or hyphen


_GOVERNMENT_WORDS = lexicon.words("government_words")


def _named_for(doc, first: int, last: int) -> bool:
    """A place in the name of a body that is no office of it: "Istanbul" of the "Istanbul
    Economic Research Collective" says nothing of where its figures are; "Kharkiv" of the
    "Kharkiv Regional Military Administration" does (its figures are its city's)."""
    if not _in_longer_name(doc, first, last):
        return False
    start, end = first, last
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and doc[end + 1].text[:1].isupper():
        end += 1
    words = {t.lower_ for t in doc[start: end + 1]}
    return bool(words & _ORGANISATION_WORDS) and not words & _GOVERNMENT_WORDS


_ORGANISATION_WORDS = lexicon.words("organisation_words")


def _is_word(text: str) -> bool:
    # adjectives, verbs, adverbs only: WordNet's nouns hold the places themselves ("crete")
    return gazetteer.is_english_word(text)


def _nations(spans, names: frozenset[str]) -> Counter[str]:
    """How often each nation is named: as a place, a capital or a people ("Ukrainians")."""
    nations: Counter[str] = Counter()
    for span in spans:
        for tok in span:
            if tok.tag_ in ("NNPS", "NNS") and tok.text.endswith("s"):
                nation = aff.demonym(tok.text[:-1])
            elif tok.pos_ == "PROPN" and tok.text[:1].isupper():
                nation = aff.capital(tok.text) or aff.country(tok.text)
            else:
                nation = None
            if nation and nation not in ("United Nations", "European Union"):
                nations[nation] += 1
    return nations


def _single_setting(spans, names: frozenset[str]) -> str | None:
    """A story set in one place: named at least three times as a setting (not as an actor
    or a destination), in a story about one nation. A story that names two nations at
    least twice each (as places, actors or peoples: "Ukrainians") is a story between them,
    with no single setting."""
    settings: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    nations = _nations(spans, names)
    for span in spans:
        for p in place_names(span, names):
            text = re.sub(r"^the\s+|['’]s$", "", p.text)
            nation = aff.country(text) or aff.capital(text)
            root = p.root
            if root.dep_ == "pobj" and root.head.lower_ in _DEST:
                continue
            if _struck(root):
                pass  # "the storm hit Puerto Rico": where it happened
            elif root.dep_ in ("nsubj", "nsubjpass", "dobj") and nation and (
                    root.head.pos_ == "VERB"
                    or root.head.pos_ == "AUX" and root.head.lemma_ != "be"):
                # "Russia said", "Kyiv accused": actors; a city is still a setting, and so
                # is a place described ("with Lisbon being the most affected")
                continue
            settings[spelling.setdefault(text.lower(), text)] += 1  # "PARIS" is "Paris"
    if not settings:
        return None
    # "Hong Kong Island" is in "Hong Kong": count the part for the whole
    for name in list(settings):
        whole = [o for o in settings if o != name and name.startswith(o + " ")]
        if whole:
            settings[min(whole, key=len)] += settings.pop(name)
    # a capital and its country are one setting, under the name used more ("Paris" and
    # "France" in a story on a French strike; "Kyiv" once in a story on Ukraine)
    for name in list(settings):
        side = aff.capital(name)
        other = next((o for o in settings if o != name and aff.country(o) == side), None)
        if side and other and name in settings:
            keep, drop = (name, other) if settings[name] >= settings[other] else (other, name)
            settings[keep] += settings.pop(drop)
    top, n = settings.most_common(1)[0]
    home = aff.country(top)
    # nations named twice; a capital's own mentions name its country, not another nation
    twice = {c for c, k in nations.items() if k >= 2} - {aff.capital(top)}
    # a city or region needs fewer mentions when the story names no nation twice
    needed = 3 if home or twice else 2
    if n < needed or (home and twice - {home}) or (not home and len(twice) >= 2):
        # a town named too rarely, in a story about one nation: the nation is the setting
        one = len(twice) == 1 and n < needed and (not home or home in twice)
        return next(iter(twice)) if one else None
    return top if aff.country(top) else _capital_or_country(top, spans)


_NATIONWIDE = lexicon.words("nationwide_words")
_NATIONWIDE_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _NATIONWIDE),
                                                       key=len, reverse=True)) + r")\b")


def _capital_or_country(city: str, spans) -> str:
    """A capital sets a story in its country when the story is nationwide ("the general
    strike", "the referendum", "the country is working": at least two such words), else
    in the city itself (a rally in Seoul is in Seoul)."""
    side = gazetteer.capital(city)
    if not side:
        return city
    hits = sum(len(_NATIONWIDE_RE.findall(_text(span).lower())) for span in spans)
    return side if hits >= 2 else city


def _is_office(text: str) -> bool:
    """Bodies are no places: the Kremlin, the U.N., the EU."""
    side = aff.country(text)
    return aff.office(text) is not None and side is None or side in (
        "United Nations", "European Union")


def _is_place(ent) -> bool:
    if aff.demonym(ent.text) or _is_office(ent.text):
        return False
    return ent.label_ in ("GPE", "LOC", "FAC") or bool(aff.country(ent.text))


def place_names(span, names: frozenset[str] = frozenset()) -> list:
    """Places in a sentence, in order: its place entities and the document's place names."""
    # asked of one sentence several times (document places, the claim's place): kept on
    # the doc, so the answer lives as long as the parse it comes from
    cache = span.doc.user_data.setdefault("place_names", {})
    key = (span.start, span.end, names)
    if key not in cache:
        cache[key] = _place_names(span, names)
    return list(cache[key])


def _place_names(span, names: frozenset[str]) -> list:
    found = [e for e in ents_of(span) if _is_place(e)
             and not _named_for(span.doc, e.start, e.end - 1)]
    taken = {t.i for e in found for t in e}
    for tok in span:
        if tok.i in taken or not tok.text[:1].isupper() or tok.ent_type_ == "NORP":
            continue
        for n in (3, 2, 1):
            if tok.i + n > span.end:
                continue
            cand = span.doc[tok.i: tok.i + n]
            if cand.text in names and not any(t.i in taken for t in cand) \
                    and not _named_for(span.doc, cand.start, cand.end - 1):
                found.append(cand)
                taken.update(t.i for t in cand)
                break
    return sorted(found, key=lambda e: e.start)


def _text(span) -> str:
    """span.text, made once per sentence (it joins every token: per figure, it was
    quadratic in a sentence of hundreds)."""
    cache = span.doc.user_data.setdefault("span_text", {})
    key = (span.start, span.end)
    if key not in cache:
        cache[key] = span.text
    return cache[key]


def located_places(span, names: frozenset[str] = frozenset()) -> list:
    """Places a sentence names as where something is, not as actors or destinations."""
    return [e for e in place_names(span, names) if not _excluded(e, frozenset())]


def _tree_distance(a, b) -> int:
    """Edges between two tokens in the parse."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            return n + ids_b[t.i]
    return 99


def _excluded(ent, speaker_ids: frozenset[int], said_at: bool = False,
              fig_tok=None) -> bool:
    """Whether a place of the sentence is no location of its figures: an actor, a
    destination, an office; with `said_at`, also where a statement was made (still a
    place the story names, for "the city" after it), unless the reporting verb's own
    object is the figure (`fig_tok`): "registers 2,500 refugees in Lebanon" is where the
    refugees are."""
    root = ent.root
    doc = ent.doc
    if any(t.i in speaker_ids for t in ent):
        return True
    if ent.start > 0 and doc[ent.start - 1].text == "(":
        return True  # "(MoD)"
    if ent.start > 0 and doc[ent.start - 1].lower_ in _DEST and root.dep_ != "pobj":
        return True  # "asked to be moved to Djibo", the name parsed as a verb: a destination
    if root.dep_ in ("nsubj", "nsubjpass", "dobj") and root.head.pos_ in ("VERB", "AUX") \
            and not _struck(root):
        return True  # actors: "Ukraine has managed", "accused Moscow"
    if root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass"):
        return True  # "Ukraine and Russia have exchanged"
    if root.dep_ == "poss" and root.head.lower_ not in _DWELLER_NOUNS | _CONTEST_NOUNS | {
            "people", "city", "district"}:
        return True  # "Ukraine's Foreign Ministry", but "Syria's war", "Mariupol's population"
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in _DEST:
            return True
        if prep.lower_ in ("in", "at") and any(
                c.dep_ == "dobj" and c.lemma_ in _REFUGE_NOUNS for c in prep.head.children):
            return True  # "found refuge in Poland", "sought asylum in Spain": a destination
        if said_at and prep.lower_ in ("in", "at") and (
                prep.head.lemma_ in _REPORT_VERBS | _KNOWING_VERBS
                or prep.head.lower_ in _STATEMENT_NOUNS) \
                and not (fig_tok is not None and _verb_of(fig_tok) == prep.head):
            return True  # "said in Lima", "a briefing in Geneva": where it was said
        if said_at and prep.lower_ in ("in", "at") and prep.head.dep_ == "pobj" \
                and prep.head.head.lower_ in ("from", "by") \
                and prep.head.head.head.lemma_ in _REPORT_VERBS | _KNOWING_VERBS:
            return True  # "we learned from survivors in Italy": where the source is
        if prep.lower_ == "in" and prep.head.lemma_ in _ARRIVAL:
            return True
        if prep.lower_ == "of" and (prep.head.lemma_ in _NOT_PLACE_HEADS
                                    or prep.head.lower_ in _TITLES):
            return True  # "invasion of Ukraine", "Deputy Prime Minister of Ukraine"
    if root.dep_ in ("compound", "nmod", "amod") and (root.head.lower_ in (
            "ministry", "government", "forces", "army", "military", "officials")
            or root.head.lower_ in _TITLES):
        return True  # "US Secretary of State", "Ukraine envoy"
    return False


_IMPACT_VERBS = lexicon.words("impact_verbs")


def _verb_of(tok):
    """The nearest verb governing `tok` (the token itself when it is one)."""
    for t in (tok, *tok.ancestors):
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _is_other_figure(tok, fig_tok) -> bool:
    return tok.i != fig_tok.i and tok.pos_ == "NUM" and tok.ent_type_ not in (
        "DATE", "TIME", "ORDINAL")


def _of_other_figure(ent, fig_tok) -> bool:
    """A place hanging from another figure of the sentence is that figure's: in "600,000
    registered in Jordan and 670,000 in Turkey", Turkey is 670,000's, not 600,000's."""
    above_fig = {fig_tok.i, *(t.i for t in fig_tok.ancestors)}
    for t in ent.root.ancestors:
        if t.i in above_fig:
            return False  # reached the figure's own branch
        if _is_other_figure(t, fig_tok) or any(
                c.dep_ == "nummod" and _is_other_figure(c, fig_tok) for c in t.children):
            return True
    return False


def _struck(root) -> bool:
    """The object of a verb of impact: "rockets hit Israel", "the storm devastated X"."""
    return root.dep_ == "dobj" and root.head.lemma_ in _IMPACT_VERBS


def _origin(ent) -> bool:
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ == "from" or (
        root.dep_ in ("compound", "poss") and root.head.lower_ in _DWELLER_NOUNS)


# the figure's own words, up to the next clause, end on a word of the whole country
_OVER_COUNTRY = re.compile(r"^[^,;.]{0,60}?\b(?:" + "|".join(
    sorted(map(re.escape, lexicon.words("nationwide_adverbs")), key=len, reverse=True))
    + r")\b", re.I)


def claim_place(span, fig_tok, speaker_ids: frozenset[int], doc_places: Places,
                previous: list[str], paragraph_place: str | None) -> str | None:
    """The place of the figure at `fig_tok`; `previous` lists places named before this
    sentence, `paragraph_place` is the place of the previous claim in the paragraph."""
    if doc_places.country and _OVER_COUNTRY.match(
            span.doc.text[fig_tok.idx + len(fig_tok.text): span.end_char]):
        return doc_places.country  # "... are on strike nationally, and 70 percent in Paris"
    cands = [e for e in place_names(span, doc_places.names)
             if not _excluded(e, speaker_ids, said_at=True, fig_tok=fig_tok)]
    if cands:
        best = min(cands, key=lambda e: (not _origin(e), _of_other_figure(e, fig_tok),
                                         _tree_distance(e.root, fig_tok),
                                         abs(e.root.i - fig_tok.i)))
        named_site = _SITE.search(best.text)
        site = getattr(best, "label_", "") in ("FAC", "LOC") or named_site
        if named_site and not (doc_places.story and aff.country(doc_places.story) is None):
            city = _city_around(span, doc_places.story)
            if city:
                return city  # "marched from the Jardin du Luxembourg": Paris, named nearby
        if site and doc_places.story and best.text != doc_places.story \
                and (named_site or aff.country(doc_places.story) is None):
            return doc_places.story  # a park or district of the story's city
        text = best.text
        # "the Donetsk and Luhansk regions": keep the coordination as written
        conj = [c for c in best.root.children if c.dep_ == "conj"]
        if conj and conj[0].ent_type_ in ("GPE", "LOC") or conj and conj[0].text in \
                doc_places.names:
            text = span.doc[best.start: conj[0].i + 1].text
        return re.sub(r"^the\s+", "", text)
    m = _ANAPHORA.search(_text(span))
    if m and m.group(1) == "country" and doc_places.country:
        return doc_places.country
    if m and m.group(1) in ("city", "town", "village") and previous:
        # "the city's pre-war population": the last place named that is no country
        for name in reversed(previous):
            if aff.country(name) is None:
                return name
        return doc_places.story or previous[-1]
    if m and previous:
        return previous[-1]
    return doc_places.story or paragraph_place


def _city_around(span, country: str | None) -> str | None:
    """The city (of the story's country, where the story is set in one) that a sentence
    naming a site also names, in any phrase ("Paris police say ... from the Jardin du
    Luxembourg")."""
    for e in ents_of(span):
        p = gazetteer.place(e.text) if e.label_ == "GPE" else None
        if p is not None and p.kind == "city" and (
                country is None or p.country == aff.country(country)):
            return e.text
    return None


def antecedent_place(sents, cues, s, names: frozenset[str]) -> str | None:
    """ "He said his group had raided Ngwedwin village ... They killed 16, he said": a
    pronoun's statement is about where the same voice's last sentence (of the three before)
    put it, when that named a place below a country."""
    voice = {c.speaker.text.lower() for c in cues[s.index] if c.speaker.kind == "pronoun"}
    for j in range(s.index - 1, max(-1, s.index - 4), -1):
        if not any(c.speaker.text.lower() in voice for c in cues[j]):
            continue
        found = [e.text for e in located_places(sents[j].span, names)
                 if not aff.country(e.text)]
        if found:
            return re.sub(r"^the\s+", "", found[-1])
    return None


def fled_from(span) -> str | None:
    """ "1.06 million Ukrainians have fled to Poland": flight starts in the people's country."""
    if not any(t.lemma_ in ("flee", "escape") for t in span):
        return None
    for t in span:
        if t.tag_ == "NNPS" and t.text.endswith("s") and aff.demonym(t.text[:-1]):
            return aff.demonym(t.text[:-1])
    return None
