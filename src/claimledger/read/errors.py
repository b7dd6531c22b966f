"""The one error type readers yield instead of raising."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadError:
    """A file (or JSONL line) that could not be read, and why, in one line."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"
