"""Claimant resolution within one document: pronouns, surnames, acronyms, short forms.

"He said" -> the most recent person; "Denisova", "Mr Nikolenko" -> the fullest name with
that surname anywhere in the document; "the ministry", "the border guard" -> the fullest
body containing those words; "MoD", "OCHA" -> the body with those initials; "the report",
"a statement" -> the most recent body that spoke; "Kyiv", "the UK" -> the country.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

from rapidfuzz import fuzz

from claimledger import lexicon
from claimledger.extract.speakers import ORG_WORDS, PERSON_ROLES, Speaker
from claimledger.lexicon import sides

fold = lexicon.fold  # the same names are folded over and over in a document


@lru_cache(maxsize=1 << 16)
def _content(s: str) -> tuple[str, ...]:
    """Content words, crudely singular, so "Organiser" finds "Organisers from the Front"."""
    return tuple(w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w
            for w in fold(s).split() if w not in ("the", "of", "and", "for", "a", "an"))


@dataclass
class Mention:
    name: str
    kind: str  # person | body
    role: str | None
    sentence: int
    spoke: bool
    acronym: str | None = None


def _answered_once(method: Callable) -> Callable:
    """A Registry lookup computed once for each state of the registry (cleared when a
    mention is added): each lookup reads every mention, and a document of thousands of
    sentences asks the same ones again for each of its figures."""

    @wraps(method)
    def lookup(self: Registry, *args: Hashable, **kwargs: Hashable) -> Any:
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key not in self._answers:
            self._answers[key] = method(self, *args, **kwargs)
        return self._answers[key]

    return lookup


class Registry:
    """Every person and body the document names, in order."""

    def __init__(self, mentions: Iterable[Mention] = (),
                 side_of: Callable[[str, str | None], str | None] | None = None) -> None:
        self._mentions = list(mentions)
        # a body's side from its name and role (fields/affiliation.py hands it in: the
        # registry knows names, not sides)
        self.side_of = side_of or (lambda name, role: None)
        self._answers: dict[tuple, Any] = {}
        # made sources the document gives an owner ("a new Harvard study" -> study: Harvard),
        # so that "the study" or "a new study" elsewhere is that owner's
        self.made_by: dict[str, str] = {}
        # group words the document ties to a body ("organisers from X": organiser -> X)
        self.group_of: dict[str, str] = {}

    @property
    def mentions(self) -> list[Mention]:
        return self._mentions

    @mentions.setter
    def mentions(self, value: Iterable[Mention]) -> None:
        self._mentions = list(value)
        self._answers = {}

    def add(self, m: Mention) -> None:
        self._mentions.append(m)
        self._answers = {}

    @_answered_once
    def people(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.kind == "person")

    @_answered_once
    def bodies(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.kind == "body")

    @_answered_once
    def fullest_person(self, name: str) -> Mention | None:
        """The longest-named person whose surname matches `name`'s last word."""
        last = fold(name).split()[-1:] or [""]
        best = None
        for m in self.people():
            mlast = fold(m.name).split()[-1:] or [""]
            if last[0] and mlast[0] and fuzz.ratio(last[0], mlast[0]) >= 85:
                if best is None or len(m.name.split()) > len(best.name.split()):
                    best = m
        return best

    @_answered_once
    def role_of(self, name: str) -> str | None:
        last = fold(name).split()[-1:]
        roles = [m.role for m in self.people() if m.role and fold(m.name).split()[-1:] == last]
        return max(roles, key=len) if roles else None

    # Lookups "up to sentence N" bisect the mentions' sentence numbers when the mentions are
    # in sentence order, as _registry adds them (else they read every one, as they did): each
    # is asked once per sentence, and a document of thousands made that quadratic.
    @_answered_once
    def _in_order(self, kind: str) -> list[int] | None:
        """The sentences of the people (or bodies), if nondecreasing, else None."""
        sents = [m.sentence for m in (self.people() if kind == "person" else self.bodies())]
        return sents if all(a <= b for a, b in zip(sents, sents[1:], strict=False)) else None

    @_answered_once
    def last_person(self, before: int, inclusive: bool = True) -> Mention | None:
        """The person "he" or "she" most likely is: a recent speaker, else the last named."""
        people, sents = self.people(), self._in_order("person")
        if sents is None:
            cands = [m for m in people
                     if m.sentence < before or inclusive and m.sentence == before]
            recent = [m for m in cands if m.spoke and m.sentence >= before - 2]
            if recent:
                return recent[-1]
            return cands[-1] if cands else None
        k = (bisect_right if inclusive else bisect_left)(sents, before)
        for i in range(k - 1, -1, -1):  # the recent ones end the candidates
            if sents[i] < before - 2:
                break
            if people[i].spoke:
                return people[i]
        return people[k - 1] if k else None

    @_answered_once
    def next_person(self, after: int, within: int = 2) -> Mention | None:
        people, sents = self.people(), self._in_order("person")
        if sents is None:
            for m in people:
                if after < m.sentence <= after + within:
                    return m
            return None
        i = bisect_right(sents, after)
        return people[i] if i < len(sents) and sents[i] <= after + within else None

    @_answered_once
    def last_body(self, before: int, spoke: bool = True) -> Mention | None:
        if self._in_order("body") is None:
            for m in reversed(self.mentions):
                if m.kind == "body" and m.sentence <= before and (m.spoke or not spoke) \
                        and not sides.is_outlet(m.name):
                    return m
            return None
        sents, bodies = self._bodies_where(spoke)
        k = bisect_right(sents, before)
        return bodies[k - 1] if k else None

    @_answered_once
    def _bodies_where(self, spoke: bool) -> tuple[list[int], list[Mention]]:
        """The bodies last_body may answer (no outlets; with `spoke`, only those that spoke)
        and their sentences."""
        bodies = [m for m in self.bodies()
                  if (m.spoke or not spoke) and not sides.is_outlet(m.name)]
        return [m.sentence for m in bodies], bodies

    @_answered_once
    def fullest_body(self, name: str) -> Mention | None:
        """The longest body whose words include all of `name`'s (the border guard ->
        Polish border guard), or whose initials are `name` (OCHA)."""
        words = set(_content(name))
        best = None
        for m in self.bodies():
            mw = set(_content(m.name))
            initials = "".join(w[0] for w in _content(m.name) if w)
            every = "".join(w[0] for w in fold(m.name).split() if w != "the")
            short = name.replace(".", "")
            acro = 2 <= len(short) <= 7 and sum(c.isupper() for c in short) >= 2
            ok = words and words <= mw or (acro and (
                m.acronym == name or initials.endswith(short.lower())
                or every.endswith(short.lower())))
            if ok and (best is None or len(m.name) > len(best.name)):
                best = m
        return best

    @_answered_once
    def described_body(self, text: str) -> Mention | None:
        """The one named body a description's own words name ("Mozambique's disaster
        management agency": the National Institute for Disaster Risk Management): two
        lower-case words of it or more, all in the body's name, and no other body's."""
        written = re.sub(r"^.*['’]s\s+", "", text)  # not the owner: "Mozambique's"
        words = [w for w in re.findall(r"[A-Za-z]+", written) if w.islower()][:-1]
        if len(words) < 2:
            return None
        found = [m for m in self.bodies() if _proper(m.name)
                 and set(words) <= set(_content(m.name))]
        names = {m.name for m in found}
        return max(found, key=lambda m: len(m.name)) if len(names) == 1 else None

    @_answered_once
    def most_spoken_body(self, side: str | None) -> Mention | None:
        """The body of this side that spoke most ("the U.N. report")."""
        same = [b for b in self.bodies() if b.spoke and side
                and self.side_of(b.name, b.role) == side]
        if not same:
            return None
        name = Counter(b.name for b in same).most_common(1)[0][0]
        return next(b for b in same if b.name == name)

    @_answered_once
    def latest_body_with(self, word: str, before: int) -> Mention | None:
        """The last body named with this word up to sentence `before` ("the ministry")."""
        if self._in_order("body") is None:
            for cand in reversed(self.bodies()):
                if word in _content(cand.name) and cand.sentence <= before:
                    return cand
            return None
        sents, bodies = self._bodies_by_word().get(word, ([], []))
        k = bisect_right(sents, before)
        return bodies[k - 1] if k else None

    @_answered_once
    def _bodies_by_word(self) -> dict[str, tuple[list[int], list[Mention]]]:
        """Content word -> the sentences and bodies named with it, in order."""
        index: dict[str, tuple[list[int], list[Mention]]] = {}
        for m in self.bodies():
            for w in set(_content(m.name)):
                sents, bodies = index.setdefault(w, ([], []))
                sents.append(m.sentence)
                bodies.append(m)
        return index

    def by_role(self, role_words: Iterable[str], before: int) -> Mention | None:
        """A person whose recorded role has these words ("the foreign minister")."""
        return self._by_role(frozenset(role_words))

    @_answered_once
    def _by_role(self, want: frozenset[str]) -> Mention | None:
        for m in reversed(self.people()):
            if m.role and want <= set(_content(m.role)):
                return m
        return None


@dataclass
class Resolved:
    name: str | None
    role: str | None
    kind: str  # person | body | country | outlet | unresolved
    side: str | None = None  # known from the passage ("Ukraine said ... X said"): X's side


def resolve(sp: Speaker, reg: Registry, sentence: int) -> Resolved:
    """The fullest name for a speaker as the document names it."""
    low = sp.text.lower()
    if sp.kind == "pronoun":
        if low in ("he", "she", "him", "her", "i"):
            m = reg.last_person(sentence)
            if m is None:
                return Resolved(None, None, "unresolved")
            full = reg.fullest_person(m.name) or m
            return Resolved(full.name, m.role or reg.role_of(full.name), "person")
        m = reg.last_body(sentence)
        if m is not None and low == "it" and _plural(m.name) and not m.name[:1].isupper():
            # "it" is no "families": the last body that is one
            m = next((b for b in reversed(reg.bodies()) if b.sentence <= sentence
                      and b.spoke and not (_plural(b.name) and not b.name[:1].isupper())
                      and not sides.is_outlet(b.name)), None)
        if m is None:
            return Resolved(None, None, "unresolved")
        full = reg.fullest_body(m.name) or m
        return Resolved(full.name, full.role, "body")
    c = sides.country(sp.name) or sides.capital(sp.name)
    if c:
        return Resolved(c, None, "country")
    if sp.kind == "demonym":
        c = sides.demonym(sp.name)
        return Resolved(c, None, "country") if c else Resolved(None, None, "unresolved")
    if sides.is_outlet(sp.name):
        return Resolved(re.sub(r"^(?:the)\s+", "", sp.name, flags=re.I), None, "outlet")
    group = _group_word(sp.text)
    if group and group in reg.group_of:
        # "Organisers from the Civil Rights Front ..." then "Organisers estimate ...": that body
        return Resolved(reg.group_of[group], None, "body")
    if sp.kind == "person" or sp.kind == "name":
        m = reg.fullest_person(sp.name)
        name = m.name if m and len(m.name) >= len(sp.name) else sp.name
        role = sp.role or reg.role_of(name)
        if sp.kind == "name" and (m is None or m.name == sp.name) and (
                len(sp.name.split()) == 1 and reg.fullest_body(sp.name) is not None):
            return _body(sp, reg)  # "Coastguard:" in a headline, the Northern Coastguard ...
        if sp.kind == "name" and m is None and not _looks_like_person(sp.name):
            return _body(sp, reg)
        return Resolved(name, role, "person")
    words = _content(sp.name)
    parts = low.split()
    if len(parts) == 2 and parts[0] in ("its", "their") and parts[1] in lexicon.words(
            "expert_nouns"):  # "Its analysts estimate": the body "its" is
        return resolve(Speaker("it", "it", None, "pronoun"), reg, max(sentence - 1, 0))
    if sp.kind in ("body", "generic") and words and _unowned(sp.text) and (
            words[-1] in lexicon.words("outlet_nouns")
            or words[-1] in lexicon.words("body_descriptions")):
        # "The Corvel Herald reported ... The paper said ...": the outlet that spoke just before;
        # "The first ICRC plane took off, the organisation said": the body its sentence names
        here = [b for b in reg.mentions if b.kind == "body" and b.sentence == sentence
                and _content(b.name) != words and not sides.is_outlet(b.name)
                and words[-1] not in lexicon.words("outlet_nouns")]
        if here:
            return Resolved(here[-1].name, here[-1].role, "body")
        m = reg.last_body(sentence - 1) if sentence else None
        if m is not None and sentence - m.sentence <= 2:
            return Resolved(m.name, m.role, "body")
    if sp.kind == "body" and sp.head in lexicon.words("made_sources") and _unowned(sp.text):
        # "a new study says ...": the body the document says made it
        owner = reg.made_by.get(sp.head)
        if owner is None and len(set(reg.made_by.values())) == 1:
            owner = next(iter(reg.made_by.values()))  # "new research by X ... The study found"
        if owner:
            full = reg.fullest_body(owner)
            return Resolved(full.name if full and len(full.name) > len(owner) else owner,
                            None, "body")
        return Resolved(None, None, "unresolved")
    if sp.kind in ("generic", "role") or _title_only(sp, words):
        last = sp.head or (words[-1] if words else "")
        if last in ("reports", "sources"):
            return Resolved(None, None, "unresolved")
        if last in lexicon.words("made_sources"):
            first = low.split()[0] if low.split() else ""
            if first in ("his", "her"):  # "according to his statement": its maker
                pron = "he" if first == "his" else "she"
                return resolve(Speaker(pron, pron, None, "pronoun"), reg, sentence)
            m = reg.last_body(sentence)
            if len(words) > 1:  # "the U.N. report": the body of that side that spoke most
                side = sides.office(sp.name) or sides.country(words[0])
                m = reg.most_spoken_body(side) or m
                owner = owner_of(sp.name)
                if owner and not (side and m):  # "Harvard report": Harvard made it
                    full = reg.fullest_body(owner)
                    return Resolved(full.name if full and len(full.name) > len(owner)
                                    else owner, None, "body")
            return Resolved(m.name, m.role, "body") if m else Resolved(None, None, "unresolved")
        single_title = last in PERSON_ROLES and not sp.text.lower().endswith("s")
        if single_title or last in ("spokesman", "spokeswoman", "spokesperson",
                                           "mediator", "negotiator", "convenor"):
            of = re.search(r"\b(?:for|of)\s+(?:the\s+)?(.+)$", sp.role or "")
            if of and not reg.by_role(words, sentence):
                # "a spokeswoman for the trust", unnamed: the body she speaks for
                body = resolve(Speaker(of.group(1), of.group(1), None, "body",
                                       head=of.group(1).split()[-1].lower()), reg, sentence)
                if body.name and body.kind in ("body", "country"):
                    return body
            m = reg.by_role(words, sentence) or reg.next_person(sentence)
            if m:
                # "The head of the Russian private army Wagner ... . Prigozhin said":
                # the description is that person's role
                if not m.role:
                    reg.add(Mention(m.name, "person", sp.text, sentence, False))
                return Resolved(m.name, m.role or sp.text, "person")
            # an unnamed official is no voice of the article's: the claimant as described
            return Resolved(sp.text, sp.text, "role")
        m = reg.fullest_body(sp.name)
        if m and _plural(sp.text) and not _plural(m.name):
            m = None  # "the officials" are not "the official in charge"
        if m and len(m.name) > len(sp.name):
            return Resolved(m.name, m.role, "body")
        described = reg.described_body(sp.text)
        if described is not None:
            return Resolved(described.name, described.role, "body")
        if last in ("ministry", "agency", "office", "council", "department", "commission"):
            m = reg.last_body(sentence, spoke=False)
            cand = reg.latest_body_with(last, sentence)
            if cand is not None:
                return Resolved(cand.name, cand.role, "body")
        return Resolved(sp.name, sp.role, "body")
    return _body(sp, reg)


_UNOWNING = lexicon.words("unowned_words")


def owner_of(text: str) -> str | None:
    """The name in a made source's phrase: "new Harvard study" -> "Harvard", "a new study"
    -> None."""
    words = text.split()[:-1]  # without the head noun
    owner = [w for w in words if w.lower() not in _UNOWNING and w[:1].isupper()]
    return " ".join(owner) or None


def _unowned(text: str) -> bool:
    """ "a new study", "The report": no name in it (unlike "Harvard report")."""
    words = text.split()
    return not any(w[:1].isupper() and not (k == 0 and w.lower() in _UNOWNING)
                   for k, w in enumerate(words))


def _group_word(text: str) -> str | None:
    """ "the organisers", "Organiser": the group word, singular, of a bare group phrase."""
    words = text.lower().split()
    if words and words[0] in ("the", "its", "their"):
        words = words[1:]
    if len(words) != 1:
        return None
    w = words[0].rstrip("’'")
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _plural(text: str) -> bool:
    last = text.split()[-1].lower() if text.split() else ""
    return last.endswith("s") and not last.endswith("ss") and len(last) > 3


def _title_only(sp: Speaker, words: tuple[str, ...]) -> bool:
    """ "the commissioner", "the deputy governor": a bare title, no name, read as a body
    by the parse; it names the person the document gave that title."""
    return sp.kind == "body" and bool(words) and words[-1] in PERSON_ROLES \
        and not any(w[:1].isupper() for w in sp.text.split()[1:]) \
        and not sp.text.lower().endswith("s")


def _proper(name: str) -> bool:
    """A proper name: every word capitalised but its particles ("Institute for Disaster")."""
    words = name.split()
    return len(words) > 1 and all(w[:1].isupper() or w in ("of", "for", "and", "the", "on")
                                  for w in words)


def _body(sp: Speaker, reg: Registry) -> Resolved:
    if len(sp.name.split()) == 1 and sp.name[:1].isupper():
        person = reg.fullest_person(sp.name)  # "Lubinets added", tagged as a common noun
        if person and len(person.name.split()) > 1:
            return Resolved(person.name, person.role, "person")
    m = reg.fullest_body(sp.name)
    if m and len(m.name) > len(sp.name):
        return Resolved(m.name, m.role or sp.role, "body")
    return Resolved(sp.name, sp.role, "body")


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 4 and not any(w.lower() in ORG_WORDS for w in words) \
        and sides.office(name) is None and sides.country(name) is None


def display_name(name: str) -> str:
    """Drop a parenthesised acronym and honorifics: "Ministry of Defence (MoD)"."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", name)
    return name.strip()
