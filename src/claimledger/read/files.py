"""Walking the inputs: files and folders -> regular files in a stable order, or ReadErrors.

Depth-first, entries sorted by name, hidden entries skipped, symlinks followed but loops
reported. Nothing here raises: every OS problem becomes a ReadError for that path.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimledger.read.errors import ReadError

MAX_BYTES = 64 * 1024 * 1024  # an article is kilobytes; anything this big is not one


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Every regular file under `paths` (explicit paths are read even when hidden)."""
    for p in paths:
        yield from _walk(Path(p))


def _walk(top: Path) -> Iterator[Path | ReadError]:
    st = _stat(top)
    if isinstance(st, ReadError):
        yield st
        return
    if not stat.S_ISDIR(st.st_mode):
        yield top if stat.S_ISREG(st.st_mode) else ReadError(str(top), "not a regular file")
        return
    # explicit stack of (directory, ids of its ancestors): no recursion limit, exact loop check
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [
        (top, frozenset({(st.st_dev, st.st_ino)}))
    ]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it if not e.name.startswith("."))
        except OSError as e:
            yield ReadError(str(folder), _problem(e, folder))
            continue
        subdirs: list[tuple[Path, frozenset[tuple[int, int]]]] = []
        for name in names:
            path = folder / name
            st = _stat(path)
            if isinstance(st, ReadError):
                yield st
            elif stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield ReadError(str(path), "symlink loop")
                else:
                    subdirs.append((path, ancestors | {key}))
            elif stat.S_ISREG(st.st_mode):
                yield path
            else:
                yield ReadError(str(path), "not a regular file")
        # files of a folder first, then its subfolders, each in name order
        stack.extend(reversed(subdirs))


def read_bytes(path: Path) -> bytes | ReadError:
    """The file's bytes, or why they could not be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return ReadError(str(path), f"file too large ({size} bytes)")
        with open(path, "rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as e:
        return ReadError(str(path), _problem(e, path))


def _stat(path: Path) -> os.stat_result | ReadError:
    try:
        return path.stat()
    except OSError as e:
        return ReadError(str(path), _problem(e, path))


def _problem(e: OSError, path: Path) -> str:
    if e.errno == errno.ELOOP:
        return "symlink loop"
    if e.errno == errno.ENOENT:
        return "broken symlink" if path.is_symlink() else "no such file or directory"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot read: {e.strerror or e}"
