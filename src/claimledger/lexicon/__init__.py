"""Every word list the pipeline reads, as data behind one API.

The lists live in `lexicon/data/NAME.txt`, one entry per line, each file saying in its
first line what the list is for; `words(NAME)` reads one as a frozenset. Countries,
demonyms, capitals, known offices and outlets (which map a name to a side) are in
`lexicon.sides`. Both extraction and the ledger read words from here, so a list is
edited in one place and no layer reaches into another's internals for one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

__all__ = ["codebook", "fold", "names", "occasions", "restatements", "table", "words"]


@cache
def words(name: str) -> frozenset[str]:
    """The entries of list `name` (lexicon/data/NAME.txt)."""
    path = resources.files("claimledger.lexicon").joinpath(f"data/{name}.txt")
    if not path.is_file():
        raise KeyError(f"no word list {name!r} in claimledger/lexicon/data ({', '.join(names())})")
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.add(entry)
    return frozenset(out)


@cache
def table(name: str):
    """The JSON table `name` (lexicon/data/NAME.json), for data richer than a word list."""
    path = resources.files("claimledger.lexicon").joinpath(f"data/{name}.json")
    if not path.is_file():
        raise KeyError(f"no table {name!r} in claimledger/lexicon/data")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def codebook() -> tuple[dict[str, frozenset[str]], tuple[tuple[str, str], ...]]:
    """The measures' event classes (lexicon/data/codebook.json): {class: its verbs}, and the
    (pattern, class) cues tried in order on a sentence whose verb says little."""
    data = table("codebook")
    classes = {c["event"]: frozenset(c["verbs"]) for c in data["classes"]}
    # a cue of several classes ("turnout": voted or attended) is kept as "voted|attended"
    cues = tuple((c["cue"], c["event"] if isinstance(c["event"], str) else "|".join(c["event"]))
                 for c in data["cues"])
    unknown = {part for _, e in cues for part in e.split("|")} - set(classes)
    if unknown:
        raise ValueError(f"codebook.json: cues name no class: {', '.join(sorted(unknown))}")
    return classes, cues


@cache
def restatements() -> frozenset[frozenset[str]]:
    """The codebook's pairs of classes one voice's one figure may be told as ("320 missing",
    "320 feared drowned"): {missing, killed}."""
    return frozenset(frozenset((c["event"], other)) for c in table("codebook")["classes"]
                     for other in c.get("restates", ()))


@cache
def joining_verbs() -> dict[str, str]:
    """The codebook's verbs of joining, each with its class ("join" -> attended): what is
    joined may be another occasion ("joined the strike")."""
    return {v: c["event"] for c in table("codebook")["classes"] for v in c.get("joins", ())}


@cache
def verb_phrases() -> dict[str, tuple[tuple[str, str], ...]]:
    """The codebook's phrases: a verb -> (words that make it another verb, that verb)
    ("take" with "into custody" is "detain")."""
    out: dict[str, list[tuple[str, str]]] = {}
    for ph in table("codebook").get("phrases", ()):
        out.setdefault(ph["verb"], []).append((ph["with"], ph["as"]))
    return {v: tuple(ps) for v, ps in out.items()}


@cache
def change_verbs() -> frozenset[str]:
    """The codebook's verbs of a count's size changing ("rise", "slow"): the sentence's cue
    names what happened, where one matches."""
    return frozenset(table("codebook").get("changes", ()))


@cache
def occasions() -> frozenset[str]:
    """The codebook's classes that count one day's occasion (a march, a vote, a strike)."""
    return frozenset(c["event"] for c in table("codebook")["classes"] if c.get("occasion"))


def names() -> list[str]:
    """The lists there are."""
    folder = resources.files("claimledger.lexicon").joinpath("data")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """A name reduced for comparison: ASCII, lower case, no possessive, no punctuation
    ("Ukraine’s Foreign Ministry" -> "ukraine foreign ministry")."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'").lower()
    s = re.sub(r"'s\b", "", s)
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", s).split())
