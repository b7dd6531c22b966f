"""Readers: files and folders -> Documents (text, HTML, JSONL, PDF, Telegram), or ReadErrors.

One broken file never stops a batch: every problem is yielded as a ReadError in its place.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimledger.read.decode import DecodeProblem, decode_bytes
from claimledger.read.errors import ReadError, one_line, utf8_name
from claimledger.read.files import iter_files, read_bytes
from claimledger.read.html import html_document
from claimledger.read.jsonl import jsonl_documents
from claimledger.read.pdf import is_pdf, pdf_document
from claimledger.read.telegram import telegram_documents
from claimledger.read.text import text_document
from claimledger.read.warc import is_web_archive, warc_documents
from claimledger.records import Document, Source

__all__ = ["ReadError", "iter_documents", "one_line", "read_file", "utf8_name"]

TEXT_EXT = {".txt", ".text", ".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}


def iter_documents(paths: Iterable[str | Path], *, follow_links: bool = False,
                   within: Iterable[str | Path] | None = None
                   ) -> Iterator[Document | ReadError]:
    """Every document under the given files and folders (recursive), in a stable order.

    Symbolic links inside a folder are reported, not read, unless `follow_links`; even then
    only those whose target lies inside `paths` or `within` are read (see read.files)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for item in iter_files(paths, follow_links=follow_links, within=within):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            for found in read_file(item):
                yield _named_in_utf8(found) if isinstance(found, Document) else found
        except (Exception, RecursionError) as e:  # a reader bug must not end the batch
            yield ReadError(str(item), f"unexpected error: {type(e).__name__}: {e}")


def _named_in_utf8(doc: Document) -> Document:
    """The document with its id and path as UTF-8 can store them (a name that is not UTF-8
    is stored as its error lines show it, `bad\\xffname.txt`)."""
    path = utf8_name(doc.source.path)
    if path != doc.source.path:
        doc.id = utf8_name(doc.id)
        doc.source = dataclasses.replace(doc.source, path=path)
    return doc


def read_file(path: Path) -> Iterator[Document | ReadError]:
    """The document(s) in one file, dispatched by extension, sniffing unknown ones."""
    if is_web_archive(path):  # .warc/.arc(.gz): streamed, never read whole (nor size-capped)
        yield from warc_documents(path)
        return
    data = read_bytes(path)
    if isinstance(data, ReadError):
        yield data
        return
    ext = path.suffix.lower()
    if ext == ".pdf" or (ext not in TEXT_EXT | HTML_EXT | JSONL_EXT and is_pdf(data)):
        yield pdf_document(path, data, Source(path=str(path),
                                              sha256=hashlib.sha256(data).hexdigest(),
                                              size=len(data), data=data))
        return
    if ext in JSONL_EXT:
        if not data.strip():
            yield ReadError(str(path), "empty file")
            return
        yield from jsonl_documents(path, data)
        return
    if ext == ".json":  # a Telegram export (result.json); any other .json is refused there
        yield from telegram_documents(path, data)
        return
    try:
        raw = decode_bytes(data)
    except DecodeProblem as e:
        yield ReadError(str(path), str(e))
        return
    src = Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                 data=data)
    head = raw.lstrip()[:200].lower()
    if ext in HTML_EXT or (ext in TEXT_EXT and head.startswith(("<!doctype html", "<html"))):
        yield html_document(path.name, raw, src)
    elif ext in TEXT_EXT:
        yield text_document(path.name, raw, src)
    elif head.startswith("<"):
        yield html_document(path.name, raw, src)
    else:
        yield ReadError(str(path), "unsupported file type")
