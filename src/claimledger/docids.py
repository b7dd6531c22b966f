"""Document ids: the file name (`report.txt`, `feed.jsonl#3`), as the spec's `doc` field has
it, unless another document already has that name.

Two different files may share a name (`x/report.txt`, `y/report.txt`). The second is a second
document, never a new version of the first: its id takes as many of its folders as make it
unique (`y/report.txt`), and, if even its whole path is taken, a counter (`report~2.txt`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath


def disambiguated(doc_id: str, path: str, taken: Callable[[str], bool]) -> str:
    """An id for the document `doc_id` read from `path` that `taken` does not refuse.

    >>> disambiguated("report.txt", "/in/y/report.txt", {"report.txt"}.__contains__)
    'y/report.txt'
    >>> disambiguated("feed.jsonl#3", "/a/x/feed.jsonl", {"feed.jsonl#3"}.__contains__)
    'x/feed.jsonl#3'
    """
    if not taken(doc_id):
        return doc_id
    name = PurePath(path).name
    suffix = doc_id[len(name):] if doc_id.startswith(name) else ""  # "#3" for a line
    folders = [p for p in PurePath(path).parent.parts if p not in ("/", "\\")]
    for k in range(1, len(folders) + 1):
        candidate = "/".join([*folders[-k:], name]) + suffix
        if not taken(candidate):
            return candidate
    stem, dot, ext = doc_id.partition(".")
    n = 2
    while taken(candidate := f"{stem}~{n}{dot}{ext}"):
        n += 1
    return candidate
