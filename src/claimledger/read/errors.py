"""The one error type readers yield instead of raising."""

from __future__ import annotations

from dataclasses import dataclass


def one_line(text: str) -> str:
    """`text` with every unprintable character (newline, carriage return, escape, tab, line
    separator ...) written as in a Python string literal: a file name with a newline prints
    as `a\\nb`, so an error about it stays one line and cannot move the terminal's cursor."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class ReadError:
    """A file (or JSONL line) that could not be read, and why, in one line.

    `path` and `problem` are kept printable (see one_line): they are shown and stored as
    they are, and a file name may hold any character but "/" and NUL.
    """

    path: str
    problem: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "problem", one_line(self.problem))

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"
