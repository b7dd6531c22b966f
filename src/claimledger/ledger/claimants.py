"""One claimant across documents: spellings, transliterations, titles and short forms.

"Lyudmyla Denisova" / "Ludmila Denisova", "Volodymyr Zelenskyy" / "Vladimir Zelensky",
"Sergei" / "Sergey Lavrov" are one person: surnames alike (rapidfuzz ratio >= 85 after
folding to ASCII), first names compatible (alike, or the same initial — transliterations
keep it), and no disagreement on the side they speak for. "Ukraine's Foreign Ministry" /
"the Ukrainian Foreign Ministry" are one body: the same words once nationality adjectives
become countries. Nothing here names a person; the rules are about spellings.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimledger import lexicon
from claimledger.ledger.entries import Entry, fold
from claimledger.lexicon import sides as aff


@dataclass(frozen=True)
class Claimant:
    id: str
    name: str  # the canonical name: the fullest, most used spelling
    aliases: tuple[str, ...]
    affiliation: str | None
    role: str | None
    kind: str  # person | body


_TITLES = lexicon.words("name_titles")


def _untitled(name: str) -> str:
    """ "President Zelensky" -> "Zelensky": titles are no part of a name."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def _kind(name: str, surnames: set[str]) -> str:
    words = _untitled(name).split()
    if aff.country(name) or aff.capital(name) or aff.office(name) or aff.is_outlet(name) \
            or aff.national_society(name):
        return "body"  # ("Philippine Red Cross": three capitalised words, no person)
    if any(w.lower().strip("’'s") in lexicon.words("organisation_words") for w in words):
        return "body"
    if len(words) == 1 and words[0][:1].isupper():
        # a surname alone is a person when someone in the ledger bears it in full
        last = fold(words[0])
        return "person" if any(fuzz.ratio(last, s) >= 85 for s in surnames) else "body"
    if not 2 <= len(words) <= 5 or not all(_name_word(w) for w in words) \
            or not words[-1][:1].isupper() and not _PARTICLE.match(words[-1]):
        return "body"
    return "person"


_PARTICLES = lexicon.words("name_particles")
_PARTICLE = re.compile(r"^[a-z]{1,3}-[A-Z]")  # "al-Qudaimi"


def _name_word(w: str) -> bool:
    return w[:1].isupper() or w in _PARTICLES or bool(_PARTICLE.match(w))


def _body_tokens(name: str) -> frozenset[str]:
    out = set()
    for w in fold(name).split():
        if w in ("the", "of", "and", "for"):
            continue
        country = aff.demonym(w) or aff.country(w)
        out.add(fold(country) if country else w)
    return frozenset(out)


def _same_person(a: str, b: str) -> bool:
    fa, fb = fold(_untitled(a)).split(), fold(_untitled(b)).split()
    if not fa or not fb or fuzz.ratio(fa[-1], fb[-1]) < 85:
        return False
    if len(fa) > 1 and len(fb) > 1:
        first_a, first_b = fa[0], fb[0]
        return first_a[0] == first_b[0] or fuzz.ratio(first_a, first_b) >= 60
    return True


def _compact(name: str) -> str:
    """A body's name without spaces, hyphens and apostrophes: "Tally-Line" is "Tallyline",
    "the Pensioners' Front" the "Pensioners Front"."""
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"^the\s+", "", fold(name)))


def _same_body(a: str, b: str) -> bool:
    ta, tb = _body_tokens(a), _body_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or _compact(a) == _compact(b):
        return True
    return fuzz.token_set_ratio(" ".join(sorted(ta)), " ".join(sorted(tb))) >= 95 \
        and min(len(ta), len(tb)) >= 2


def speaks_for_itself(claimant: str | None, affiliation: str | None) -> bool:
    """A body whose side is its own name, no country's or known office's ("Velmora
    Pensioners' Front" for itself): its side is no more than a spelling of its name."""
    return bool(claimant) and affiliation == claimant and not (
        aff.country(affiliation) or aff.office(affiliation))


def _sides_agree(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def resolve_claimants(entries: list[Entry]) -> tuple[list[Claimant], dict[int, str]]:
    """The claimants of all entries, and each entry's claimant id."""
    names = sorted({e.claimant for e in entries if e.claimant})
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    uses: Counter[str] = Counter()
    for e in entries:
        if e.claimant:
            uses[e.claimant] += 1
            if e.affiliation:
                sides[e.claimant][e.affiliation] += 1
            if e.role:
                roles[e.claimant][e.role] += 1
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    full = {fold(_untitled(n)).split()[-1] for n in names
            if len(_untitled(n).split()) > 1 and fold(n)}
    kinds = {n: _kind(n, full) for n in names}
    # the sides each cluster speaks for; a body speaking for itself names no side apart
    # from its name, which the spelling rules compare ("Pensioners Front" / "... Front")
    cluster_sides = {n: {s for s in sides[n] if not speaks_for_itself(n, s)} for n in names}
    # fullest names first, so a short form joins a full one rather than the reverse
    order = sorted(names, key=lambda n: (-len(_untitled(n).split()), n))
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            ra, rb = find(a), find(b)
            if ra == rb or kinds[a] != kinds[b]:
                continue
            # the sides of the whole clusters must agree, not just of these two names
            if not _sides_agree(cluster_sides[ra], cluster_sides[rb]):
                continue
            same = _same_person(a, b) if kinds[a] == "person" else _same_body(a, b)
            if same:
                parent[rb] = ra
                cluster_sides[ra] |= cluster_sides[rb]
    clusters: dict[str, list[str]] = defaultdict(list)
    for n in names:
        clusters[find(n)].append(n)
    claimants: list[Claimant] = []
    id_of: dict[str, str] = {}
    for members in clusters.values():
        # the fullest: most words spelled out (an initial is not a name), then most used
        members.sort(key=lambda n: (-sum(len(w.rstrip(".")) > 1 for w in _untitled(n).split()),
                                    -len(_untitled(n)), -uses[n], n))
        canonical = members[0]
        side: Counter[str] = Counter()
        for m in members:  # counted per claim: the side it speaks for most often
            side.update(sides[m])
        role: Counter[str] = Counter()
        for m in members:
            role.update(roles[m])
        kind = kinds[canonical]
        key = fold(_untitled(canonical)).split()[-1] if kind == "person" else " ".join(
            sorted(_body_tokens(canonical)))
        # ties broken by name, so ids do not depend on hash order
        top_side = max(side.items(), key=lambda kv: (kv[1], kv[0]))[0] if side else None
        cid = ("p-" if kind == "person" else "b-") + _slug(key) + "-" + hashlib.sha1(
            f"{kind}|{key}|{top_side}".encode()).hexdigest()[:6]
        top_role = max(role.items(), key=lambda kv: (kv[1], kv[0]))[0] if role else None
        claimants.append(Claimant(cid, canonical, tuple(sorted(members)), top_side, top_role,
                                  kind))
    # Namesakes on one side ("Vitali Klitschko" / "Wladimir Klitschko") share surname and side,
    # so their ids would too: each then gets its canonical name in its id as well, whatever
    # the order they were met in.
    taken = Counter(c.id for c in claimants)
    claimants = [c if taken[c.id] == 1 else Claimant(
        f"{c.id}-{hashlib.sha1(c.name.encode()).hexdigest()[:6]}", c.name, c.aliases,
        c.affiliation, c.role, c.kind) for c in claimants]
    for c in claimants:
        for m in c.aliases:
            id_of[m] = c.id
    claimants.sort(key=lambda c: c.id)
    return claimants, {e.id: id_of[e.claimant] for e in entries if e.claimant}


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:40] or "x"
