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
from collections import defaultdict
from collections.abc import Iterable
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
CHUNK = 512  # rows per rapidfuzz cdist call
FURNITURE_SHARE = 0.1
MIN_FURNITURE_DOCS = 20

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


def figures(sentence: str) -> set[str]:
    """The numbers in a sentence that could be someone's figure (not dates, years or digits)."""
    return {t for t in _tokens(_DATE.sub(" ", sentence)) if t[0].isdigit() and _is_figure(t)}


def distinctive_keys(sentence: str) -> set[str]:
    """Blocking keys: every figure, and every pair of capitalised words that are not
    sentence-initial. Two sentences are passage candidates only if they share a key."""
    toks = _tokens(sentence)
    numbers = figures(sentence)
    names = set()
    for tok in toks[1:]:
        if tok[0].isupper():
            name = re.sub(r"'s$", "", tok.casefold())
            if name not in _NOT_NAMES:
                names.add(name)
    keys = {"n:" + n for n in numbers}
    keys.update(f"c:{x}|{y}" for x, y in combinations(sorted(names), 2))
    return keys


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


Pair = tuple[int, int]


def _near_duplicates(texts: list[str], threshold: float) -> dict[Pair, float]:
    """(i, j) -> estimated Jaccard for document pairs (i < j) at or above the threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs: dict[int, MinHash] = {}
    for i, text in enumerate(texts):
        words = normalise(text).split()
        if not words:
            continue  # an empty text is a copy of nothing
        mh = MinHash(num_perm=NUM_PERM, seed=SEED)
        mh.update_batch(sorted(_shingles(words)))
        sigs[i] = mh
        lsh.insert(str(i), mh)
    found = {}
    for i, mh in sigs.items():
        for key in lsh.query(mh):
            j = int(key)
            if j > i:
                jac = float(mh.jaccard(sigs[j]))
                if jac >= threshold:
                    found[(i, j)] = jac
    return found


def _passage_candidates(
    texts: list[str],
) -> tuple[list[tuple[int, str]], dict[Pair, list[tuple[float, int, int]]]]:
    """Sentences as (doc index, text), and (doc i, doc j) -> [(score, sentence in i, in j)]
    for every candidate passage pair between two different documents (i < j)."""
    sentences: list[tuple[int, str]] = []
    uid_of: dict[str, int] = {}  # identical normalised sentences are scored once
    occurrences: list[list[int]] = []
    sorted_forms: list[str] = []
    numbers: list[set[str]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for d, text in enumerate(texts):
        seen: set[str] = set()  # a headline printed twice is one sentence
        for sent in split_sentences(text):
            norm = normalise(sent)
            words = norm.split()
            if len(words) < MIN_WORDS or norm in seen:
                continue
            seen.add(norm)
            sid = len(sentences)
            sentences.append((d, sent))
            uid = uid_of.get(norm)
            if uid is None:
                uid = uid_of[norm] = len(occurrences)
                occurrences.append([])
                sorted_forms.append(" ".join(sorted(words)))
                numbers.append(figures(sent))
                for key in distinctive_keys(sent):
                    index[key].append(uid)
            occurrences[uid].append(sid)

    # One sentence verbatim in a large share of all documents is site furniture (a newsletter
    # or copyright line naming the outlet), not a passage; it would also cost n^2 pairs.
    furniture = max(MIN_FURNITURE_DOCS, int(FURNITURE_SHARE * len(texts)))
    common = {u for u, occ in enumerate(occurrences) if len(occ) > furniture}

    # Blocking: only sentences sharing a key are scored, a bucket at a time in C, in row chunks
    # so that a huge bucket never needs a huge matrix. token_sort_ratio is ratio() on the
    # sorted words, so the words are sorted once per sentence rather than once per comparison.
    scores: dict[Pair, float] = {}
    for bucket in index.values():
        uids = [u for u in bucket if u not in common]
        forms = [sorted_forms[u] for u in uids]
        for lo in range(0, len(uids) - 1, CHUNK):
            block = process.cdist(forms[lo : lo + CHUNK], forms[lo:], scorer=fuzz.ratio,
                                  score_cutoff=MIN_RATIO, dtype=np.float32,
                                  workers=-1 if len(uids) > CHUNK else 1)
            for x, y in zip(*np.nonzero(block), strict=True):
                u, v = sorted((uids[lo + x], uids[lo + y]))
                # Columns start at lo, so y > x is the upper triangle. A retelling keeps the
                # figures: two sentences giving different figures are different claims.
                if y > x and (not numbers[u] or not numbers[v] or numbers[u] & numbers[v]):
                    scores[(u, v)] = float(block[x, y])
    keyed = {u for bucket in index.values() for u in bucket} - common
    scores.update({(u, u): 100.0 for u in keyed if len(occurrences[u]) > 1})

    by_pair: dict[Pair, list[tuple[float, int, int]]] = defaultdict(list)
    for (u, v), score in scores.items():
        for s in occurrences[u]:
            for t in occurrences[v]:
                ds, dt = sentences[s][0], sentences[t][0]
                if ds < dt:
                    by_pair[(ds, dt)].append((score, s, t))
                elif dt < ds:
                    by_pair[(dt, ds)].append((score, t, s))
    return sentences, by_pair


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
    items = sorted(docs)  # sorting first makes every later step independent of input order
    ids = [doc_id for doc_id, _ in items]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    texts = [text for _, text in items]

    near = _near_duplicates(texts, threshold)
    sentences, candidates = _passage_candidates(texts)

    links: list[tuple[int, int, Link]] = []
    for i, j in sorted(set(near) | set(candidates)):
        matched = _match(candidates.get((i, j), []))
        examples = tuple((sentences[s][1], sentences[t][1]) for s, t in matched[:MAX_EXAMPLES])
        if (i, j) in near:
            links.append((i, j, Link(ids[i], ids[j], "near-duplicate", near[(i, j)], examples)))
        elif len(matched) >= min_passages:
            links.append((i, j, Link(ids[i], ids[j], "shared passages", float(len(matched)),
                                     examples)))

    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in links:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

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
