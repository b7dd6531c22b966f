"""Syndication: find articles that are copies or retellings of one another.

A figure from one wire story carried by ten outlets is one source, not ten. Two signals:

* near-duplicates (a reprint with different headline, byline and page furniture): MinHash over
  word 5-shingles, candidates from LSH, confirmed by the MinHash Jaccard estimate;
* shared passages (a wire story retold in other words shares almost no 5-shingles, so MinHash
  misses it, but it keeps the same figures and names sentence by sentence): sentences that carry
  the same distinctive tokens and read alike (rapidfuzz token-sort ratio) are one passage, and
  documents sharing enough distinct passages are linked.

Linked documents are grouped into clusters by union-find.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process

NUM_PERM = 128
SEED = 1  # fixed so that signatures, and hence links, are the same on every run
SHINGLE = 5
MIN_WORDS = 8  # shorter sentences (datelines, captions, "he said.") are too generic to count
# token_sort_ratio floor for two sentences to be one passage. On the seed and sample corpora,
# sentences retold from one wire story score 58-99 and same-topic sentences that merely share
# a name or figure 30-66, so the ratio alone cannot tell them apart: min_passages does most of
# the work. 60 keeps every retelling link there; 55 adds topic-only links, 65 loses retellings.
MIN_RATIO = 60.0
MAX_EXAMPLES = 5
FURNITURE_SHARE = 0.1
MIN_FURNITURE_DOCS = 20
# Bounds that keep a large corpus linear rather than quadratic in time and memory. A sentence
# verbatim in more than MAX_SHARING documents is boilerplate or a wire copy (which MinHash
# links as a near-duplicate); a blocking key shared by more than MAX_BUCKET sentences names the
# story's topic ("Kyiv", "Russia"), not a source. Each document keeps at most LINKS_PER_DOC
# links beyond those that join it to its cluster, enough to show why it belongs there.
MAX_SHARING = 100
MAX_BUCKET = 1000
LINKS_PER_DOC = 5
# Bounds per sentence, so that no text can make a quadratic number of keys (a wall of 6,000
# capitalised words made 20 million name pairs): a sentence keys on its first MAX_NAMES
# distinct names and first MAX_FIGURES figures; one of over MAX_PASSAGE_WORDS words (a block
# of base64, a page with no full stop) is no passage, its words still counted for MinHash.
# The most in one sentence of the seed, dev and sample corpora: 13 names, 5 figures, 58 words.
MAX_NAMES = 24
MAX_FIGURES = 24
MAX_PASSAGE_WORDS = 150
SHINGLE_BATCH = 20_000  # MinHash takes a long text's shingles a batch at a time (memory)
# Of a text, the first MAX_TEXT characters are compared: far more than any article (the
# longest of the corpora is 7,227), and enough to tell copies apart; past it a text is a dump,
# and every later run would read all of it again (a 7 MB paragraph cost each one 18 s).
MAX_TEXT = 1_000_000

# Words capitalised for grammar or the calendar, not because they name someone: they turn up
# after quotes and colons mid-sentence, and every story of one day shares them.
_NOT_NAMES = frozenset(
    "the a an he she it they we i you his her its their this that these those but and or in on at"
    " for of to by with as if when while after before mr mrs ms dr monday tuesday wednesday"
    " thursday friday saturday sunday january february march april may june july august"
    " september october november december".split()
)

_QUOTES = str.maketrans("‘’‚‛“”„‟«»", "''''\"\"\"\"\"\"")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"([.!?]+[\"')\]]*)[ \t]+")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Dates are not figures: two stories of one day share them without sharing a source.
_DATE = re.compile(rf"(?i)\b\d{{4}}-\d\d-\d\d\b|\b\d{{1,2}}\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}\b")


@dataclass(frozen=True)
class Link:
    a: str  # document id (a < b)
    b: str
    how: str  # "near-duplicate" | "shared passages"
    score: float  # estimated Jaccard for near-duplicates; number of shared passages otherwise
    passages: tuple[tuple[str, str], ...] = ()  # (sentence in a, sentence in b), up to 5 examples


@dataclass(frozen=True)
class Cluster:
    id: str  # stable: "s-" + first 10 hex of sha1 of the sorted member ids joined by "\n"
    docs: tuple[str, ...]  # sorted member ids
    links: tuple[Link, ...]


def _tokens(text: str) -> list[str]:
    """Words and numbers with curly quotes folded; thousands separators dropped (402,000 -> 402000)
    so that a figure is one token however an outlet writes it."""
    out = []
    for tok in _TOKEN.findall(text.translate(_QUOTES)):
        if tok[0].isdigit():
            tok = re.sub(r",(?=\d{3}\b)", "", tok).rstrip(".,")
        out.append(tok)
    return out


def normalise(text: str) -> str:
    """Casefolded words and numbers, punctuation stripped."""
    return " ".join(t.casefold().replace("'", "") for t in _tokens(text))


def split_sentences(text: str) -> list[str]:
    """Split on . ! ? (plus closing quotes) followed by a space, and on line breaks."""
    text = _SENTENCE_END.sub(r"\1\n", text.translate(_QUOTES))
    return [s.strip() for s in text.splitlines() if s.strip()]


def _is_figure(number: str) -> bool:
    """Single digits (list numbering, "two" written as 2) and years say nothing about a source."""
    if len(number) == 1:
        return False
    return not (len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2099)


def _figures_in_order(sentence: str) -> list[str]:
    found = (t for t in _tokens(_DATE.sub(" ", sentence)) if t[0].isdigit() and _is_figure(t))
    return list(dict.fromkeys(found))


def figures(sentence: str) -> set[str]:
    """The numbers in a sentence that could be someone's figure (not dates, years or digits)."""
    return set(_figures_in_order(sentence))


def distinctive_keys(sentence: str) -> set[str]:
    """Blocking keys: the figures, and every pair of capitalised words that are not
    sentence-initial (the first MAX_FIGURES and MAX_NAMES of them). Two sentences are
    passage candidates only if they share a key."""
    names: dict[str, None] = {}
    for tok in _tokens(sentence)[1:]:
        if tok[0].isupper():
            name = re.sub(r"'s$", "", tok.casefold())
            if name not in _NOT_NAMES:
                names[name] = None
                if len(names) == MAX_NAMES:
                    break
    keys = {"n:" + n for n in _figures_in_order(sentence)[:MAX_FIGURES]}
    keys.update(f"c:{x}|{y}" for x, y in combinations(sorted(names), 2))
    return keys


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


Pair = tuple[int, int]


class _NearDuplicates:
    """MinHash signatures of the documents as they stream past, one row of a matrix each,
    and the pairs whose signatures share a band (LSH) and agree on at least `threshold` of
    their values. The bands are datasketch's own (MinHashLSH's layout for this threshold);
    kept as one numpy matrix rather than a MinHashLSH index, which holds a Python set per
    band per document: 78 MB for 10,000 documents, against 10 MB here."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.bands = MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges
        first = MinHash(num_perm=NUM_PERM, seed=SEED)  # permutations made once, then shared
        self.permutations, self.scheme = first.permutations, first.scheme
        self.rows = bytearray()  # the signatures, one after another (NUM_PERM uint64 each)
        self.docs: list[int] = []  # row -> document index

    def add(self, i: int, words: list[str]) -> None:
        """Document i's normalised words."""
        if not words:
            return  # an empty text is a copy of nothing
        mh = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=self.permutations,
                     scheme=self.scheme)
        shingles = sorted(_shingles(words))
        for at in range(0, len(shingles), SHINGLE_BATCH):  # the same minima as in one batch
            mh.update_batch(shingles[at:at + SHINGLE_BATCH])
        self.rows += mh.hashvalues.astype(np.uint64).tobytes()
        self.docs.append(i)

    def pairs(self) -> dict[Pair, float]:
        """(i, j) -> estimated Jaccard for document pairs (i < j) at or above the threshold."""
        if len(self.docs) < 2:
            return {}
        sig = np.frombuffer(self.rows, dtype=np.uint64).reshape(len(self.docs), NUM_PERM)
        candidates: set[tuple[int, int]] = set()
        for lo, hi in self.bands:
            _, bucket = np.unique(sig[:, lo:hi], axis=0, return_inverse=True)
            bucket = bucket.ravel()
            order = np.argsort(bucket, kind="stable")
            edges = np.flatnonzero(np.diff(bucket[order])) + 1
            for rows in np.split(order, edges):
                if len(rows) > 1:
                    candidates.update(combinations(rows.tolist(), 2))
        found = {}
        for a, b in sorted(candidates):
            # MinHash.jaccard's own arithmetic, so the estimates are the same
            jac = float(np.count_nonzero(sig[a] == sig[b])) / float(NUM_PERM)
            if jac >= self.threshold:
                found[(self.docs[a], self.docs[b])] = jac
        return found


class _Passages:
    """Every sentence that could be a shared passage, indexed by blocking key.

    Built in one pass over all documents (`add`, then `close`: so that how widely a sentence
    or a key is shared is known), then read document by document: `candidates(j)` scores
    document j's sentences against the sentences of earlier documents that share a key with
    them. Memory grows with the number of distinct sentences, never with the number of
    document pairs, and the documents' texts are not held."""

    def __init__(self) -> None:
        # sentence id -> its document, its distinct sentence (uid) and its text, as flat
        # arrays: a tuple per sentence cost 100 bytes each
        self.sent_doc = array("i")
        self.sent_uid = array("i")
        self.sent_text: list[str] = []
        self.doc_start = array("i")  # doc -> its first sentence id (a document's are in a row)
        self.uid_of: dict[str, int] = {}  # identical normalised sentences are scored once
        self.text_of: dict[str, str] = {}  # one copy of a sentence printed many times
        self.forms: list[str] = []  # uid -> words sorted once, for token_sort_ratio as ratio()
        self.numbers: list[set[str]] = []
        self.keys: list[tuple[str, ...]] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.first_id: list[int] = []  # doc -> the first uid it could introduce

    def add(self, text: str) -> list[str]:
        """The next document's sentences; returns its normalised words (all of them: the
        same as normalise(text).split(), which tokens never cross a sentence break)."""
        d = len(self.doc_start)
        self.doc_start.append(len(self.sent_uid))
        self.first_id.append(len(self.forms))
        seen: set[str] = set()  # a headline printed twice is one sentence
        every: list[str] = []
        for sent in split_sentences(text):
            norm = normalise(sent)
            words = norm.split()
            every += words
            if not MIN_WORDS <= len(words) <= MAX_PASSAGE_WORDS or norm in seen:
                continue
            seen.add(norm)
            uid = self.uid_of.get(norm)
            if uid is None:
                uid = self.uid_of[norm] = len(self.forms)
                self.forms.append(" ".join(sorted(words)))
                self.numbers.append(figures(sent))
                self.keys.append(tuple(sorted(distinctive_keys(sent))))
                for key in self.keys[uid]:
                    self.index[key].append(uid)
            self.sent_doc.append(d)
            self.sent_uid.append(uid)
            self.sent_text.append(self.text_of.setdefault(sent, sent))
        return every

    def close(self) -> None:
        """Every document added: find the furniture, lay the occurrences out flat."""
        self.uid_of, self.text_of = {}, {}
        self.doc_start.append(len(self.sent_uid))
        uids = np.frombuffer(self.sent_uid, dtype=np.int32)
        sizes = np.bincount(uids, minlength=len(self.forms)).astype(np.int64)
        # One sentence verbatim in a large share of all documents is site furniture (a
        # newsletter or copyright line naming the outlet), not a passage.
        furniture = min(MAX_SHARING, max(MIN_FURNITURE_DOCS,
                                            int(FURNITURE_SHARE * (len(self.doc_start) - 1))))
        self.common = set(np.flatnonzero(sizes > furniture).tolist())
        # every sentence's occurrences as flat arrays (uid u's are [start[u], start[u + 1]),
        # in document order), so that a passage's earlier copies are gathered in numpy
        self.start = np.concatenate(([0], np.cumsum(sizes)))
        self.occ_sid = np.argsort(uids, kind="stable").astype(np.int64)
        self.occ_doc = np.frombuffer(self.sent_doc, dtype=np.int32)[self.occ_sid].astype(np.int64)

    def sentences_of(self, j: int) -> list[tuple[int, int]]:
        """Document j's sentences: (uid, sentence id)."""
        return [(self.sent_uid[t], t) for t in range(self.doc_start[j], self.doc_start[j + 1])]

    def candidates(self, j: int, at_least: int, wanted: Iterable[int] = ()
                   ) -> dict[int, list[tuple[float, int, int]]]:
        """Earlier document i -> [(score, sentence in i, sentence in j)] for every candidate
        passage they share with document j; only documents with `at_least` candidates, or
        `wanted` ones."""
        found: list[tuple[float, int, int]] = []  # (score, uid in an earlier doc, sid in j)
        mine = [(u, t) for u, t in self.sentences_of(j) if u not in self.common]
        for u, t in mine:
            # Blocking: only sentences sharing a key are scored; a key shared by too many
            # sentences is the story's topic and blocks nothing.
            keys = [key for key in self.keys[u] if len(self.index[key]) <= MAX_BUCKET]
            # only sentences that occur in an earlier document can pair with this one: ids
            # are given in order of first appearance, and buckets are in id order
            limit = self.first_id[j]
            others = {v for key in keys
                      for v in self.index[key][:bisect_left(self.index[key], limit)]
                      if v not in self.common}
            if keys and u < limit:
                others.add(u)  # the same sentence, verbatim, in an earlier document
            earlier = sorted(others)
            if not earlier:
                continue
            scores = process.cdist([self.forms[u]], [self.forms[v] for v in earlier],
                                   scorer=fuzz.ratio, score_cutoff=MIN_RATIO,
                                   dtype=np.float32)[0]
            for k in np.flatnonzero(scores >= MIN_RATIO):  # most score below: sift in numpy
                v = earlier[k]
                # A retelling keeps the figures: two sentences giving different figures are
                # different claims.
                if v != u and self.numbers[u] and self.numbers[v] \
                        and not self.numbers[u] & self.numbers[v]:
                    continue
                found.append((100.0 if v == u else float(scores[k]), v, t))
        if not found:
            return {}
        # each passage stands for every earlier document its sentence occurs in
        score, uid, t = (np.array(x) for x in zip(*found, strict=True))
        first, sizes = self.start[uid], self.start[uid + 1] - self.start[uid]
        at = np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
        doc = self.occ_doc[at]
        keep = doc < j
        doc, sid = doc[keep], self.occ_sid[at][keep]
        score, t = np.repeat(score, sizes)[keep], np.repeat(t, sizes)[keep]
        counts = np.bincount(doc, minlength=j)
        chosen = counts >= at_least
        chosen[[i for i in wanted if i < j]] = True
        out: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
        pick = chosen[doc]
        for i, sc, s_, t_ in zip(doc[pick].tolist(), score[pick].tolist(), sid[pick].tolist(),
                                 t[pick].tolist(), strict=True):
            out[i].append((sc, s_, t_))
        return out


def _match(candidates: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best score first: each sentence counts in one passage only,
    so a sentence repeated or echoed several times cannot inflate the count."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen = []
    for _, s, t in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if s not in used_a and t not in used_b:
            used_a.add(s)
            used_b.add(t)
            chosen.append((s, t))
    return sorted(chosen)


class _OutOfOrder(Exception):
    pass


def _in_id_order(docs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The documents sorted by id, which makes every later step independent of input order.
    A re-iterable source (the store's texts) is streamed as it comes, never held whole, and
    checked to be sorted (_OutOfOrder if not); a list or a one-off iterator is sorted here."""
    stream = iter(docs)
    if stream is docs or isinstance(docs, (list, tuple)):
        stream = iter(sorted(stream))
    last = None
    for doc_id, text in stream:
        if last is not None and doc_id <= last:
            if doc_id == last:
                raise ValueError(f"document ids must be unique: {doc_id!r} twice")
            raise _OutOfOrder
        last = doc_id
        yield doc_id, text


def _scan(docs: Iterator[tuple[str, str]], threshold: float
          ) -> tuple[list[str], dict[Pair, float], _Passages]:
    """One pass over the documents: their ids, near-duplicate pairs and passages."""
    ids: list[str] = []
    near = _NearDuplicates(threshold)
    passages = _Passages()
    for doc_id, text in docs:
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT].rsplit(None, 1)[0]  # not a word cut in two
        near.add(len(ids), passages.add(text))
        ids.append(doc_id)
    passages.close()
    return ids, near.pairs(), passages


def _cluster_id(members: Iterable[str]) -> str:
    return "s-" + hashlib.sha1("\n".join(sorted(members)).encode()).hexdigest()[:10]


def find_syndication(
    docs: Iterable[tuple[str, str]], *, threshold: float = 0.5, min_passages: int = 3
) -> list[Cluster]:
    """docs: (doc id, clean text). Returns clusters of 2+ documents (singletons omitted),
    sorted by id; deterministic for the same input regardless of input order."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if min_passages < 1:
        raise ValueError(f"min_passages must be at least 1, got {min_passages}")
    try:
        ids, near, passages = _scan(_in_id_order(docs), threshold)
    except _OutOfOrder:  # a re-iterable source not sorted by id after all: sort it here
        ids, near, passages = _scan(iter(sorted(docs)), threshold)
    near_of: dict[int, list[int]] = defaultdict(list)
    for i, j in near:
        near_of[j].append(i)
    sentences = passages.sent_text

    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Document by document, each against the earlier ones: every link that joins two clusters
    # is kept, and beyond those at most LINKS_PER_DOC per document, so memory stays linear.
    links: list[tuple[int, int, Link]] = []
    kept = [0] * len(ids)
    for j in range(len(ids)):
        # documents with too few candidates cannot make a link, however those match
        candidates = passages.candidates(j, min_passages, near_of[j])
        for i in sorted(set(candidates) | set(near_of[j])):
            matched = _match(candidates.get(i, []))
            if (i, j) in near:
                how, score = "near-duplicate", near[(i, j)]
            elif len(matched) >= min_passages:
                how, score = "shared passages", float(len(matched))
            else:
                continue
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
            elif kept[i] >= LINKS_PER_DOC or kept[j] >= LINKS_PER_DOC:
                continue
            kept[i] += 1
            kept[j] += 1
            examples = tuple((sentences[s], sentences[t])
                             for s, t in matched[:MAX_EXAMPLES])
            links.append((i, j, Link(ids[i], ids[j], how, score, examples)))

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ids)):
        members[find(i)].append(i)
    by_root: dict[int, list[Link]] = defaultdict(list)
    for i, _, link in links:
        by_root[find(i)].append(link)

    clusters = [
        Cluster(_cluster_id(ids[m] for m in group), tuple(ids[m] for m in group),
                tuple(by_root[root]))
        for root, group in members.items()
        if len(group) > 1
    ]
    return sorted(clusters, key=lambda c: c.id)
