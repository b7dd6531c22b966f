"""Walking the inputs: files and folders -> regular files in a stable order, or ReadErrors.

Depth-first, entries sorted by name, hidden entries skipped. A folder handed over by someone
else may hold links to anything on the machine (`passwd.txt -> /etc/passwd`, `etc -> /etc`),
so symbolic links met inside a folder are not followed unless asked (`follow_links`), and
never to a place outside the inputs (`within`: by default the paths given), judged on the
link's target resolved to the end (every link of a chain, every `..`). Each link not followed
is reported by name; loops and dangling links are reported too. A path given explicitly is
the input itself: it is read even when it is a link, or hidden. Nothing here raises: every
OS problem becomes a ReadError for that path.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimledger.read.errors import ReadError

MAX_BYTES = 64 * 1024 * 1024  # an article is kilobytes; anything this big is not one

LINK_SKIPPED = "symlink: skipped (--follow-links follows links inside the input)"
LINK_LEAVES = "link leaves the input: skipped"


def iter_files(paths: Iterable[str | Path], *, follow_links: bool = False,
               within: Iterable[str | Path] | None = None) -> Iterator[Path | ReadError]:
    """Every regular file under `paths` (explicit paths are read even when hidden or links).

    A link inside a folder is followed only with `follow_links`, and only when its target
    lies inside one of `within` (default: `paths`) or the paths themselves; a file reached
    through a link keeps the link's path."""
    paths = [Path(p) for p in paths]
    roots = tuple(dict.fromkeys(os.path.realpath(p) for p in [*paths, *(within or ())]))
    for p in paths:
        yield from _walk(p, roots, follow_links)


def _walk(top: Path, roots: tuple[str, ...], follow_links: bool) -> Iterator[Path | ReadError]:
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
            found = _entry(path, roots)
            if isinstance(found, ReadError):
                yield found
                continue
            st, is_link = found
            if stat.S_ISDIR(st.st_mode) and (st.st_dev, st.st_ino) in ancestors:
                yield ReadError(str(path), "symlink loop")
            elif is_link and not follow_links:
                yield ReadError(str(path), LINK_SKIPPED)
            elif stat.S_ISDIR(st.st_mode):
                subdirs.append((path, ancestors | {(st.st_dev, st.st_ino)}))
            elif stat.S_ISREG(st.st_mode):
                yield path
            else:
                yield ReadError(str(path), "not a regular file")
        # files of a folder first, then its subfolders, each in name order
        stack.extend(reversed(subdirs))


def _entry(path: Path, roots: tuple[str, ...]) -> tuple[os.stat_result, bool] | ReadError:
    """What a folder entry is (its target's status for a link) and whether it is a link; a
    link that cannot be resolved, or leads outside `roots`, is a ReadError."""
    try:
        st = path.lstat()
    except OSError as e:
        return ReadError(str(path), _problem(e, path))
    if not stat.S_ISLNK(st.st_mode):
        return st, False
    try:  # the target at the end of the chain, every `..` taken after the link before it
        target = os.path.realpath(path, strict=True)
    except OSError as e:
        return ReadError(str(path), _problem(e, path))
    if not any(_inside(target, root) for root in roots):
        return ReadError(str(path), LINK_LEAVES)
    st = _stat(path)
    return st if isinstance(st, ReadError) else (st, True)


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


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
