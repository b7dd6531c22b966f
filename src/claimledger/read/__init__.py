"""Readers: files and folders -> Documents (placeholder: plain text only, until readers land)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimledger.records import Document, Source


@dataclass(frozen=True)
class ReadError:
    """A file (or JSONL line) that could not be read, and why, in one line."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
    """Every document under the given files and folders (recursive), in a stable order."""
    for p in paths:
        p = Path(p)
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            data = f.read_bytes()
            src = Source(path=str(f), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                         data=data)
            yield Document(id=f.name, raw=data.decode("utf-8"), format="text", source=src)
