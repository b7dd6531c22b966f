"""The one error type readers yield instead of raising."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SURROGATE = re.compile("[\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` with every unprintable character (newline, carriage return, escape, tab, line
    separator ...) written as in a Python string literal: a file name with a newline prints
    as `a\\nb`, so an error about it stays one line and cannot move the terminal's cursor.
    A byte of a file name that is not UTF-8 prints as `\\xff` (see utf8_name)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def utf8_name(text: str) -> str:
    """A file name or path that UTF-8 can hold, as it is shown in error lines. Python gives
    the bytes of a name that is not UTF-8 (`bad\\xffname.txt`) as lone surrogates, which
    neither the database nor the terminal can encode: each is written `\\xff`."""
    return _SURROGATE.sub(lambda m: _escape(m.group()), text)


def _escape(c: str) -> str:
    if "\udc80" <= c <= "\udcff":  # os.fsdecode's stand-in for the byte 0x80-0xff
        return f"\\x{ord(c) - 0xDC00:02x}"
    return repr(c)[1:-1]


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
