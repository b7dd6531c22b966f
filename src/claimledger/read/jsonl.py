"""JSONL inputs: one article per line, `{"text"|"html": ..., "url", "title", "date", "outlet"}`.

Each line is its own Document (`file.jsonl#N`, N from 1) with the line's bytes as its Source;
a malformed line becomes a ReadError and the other lines go on.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from claimledger.read.dates import normalize_date
from claimledger.read.decode import DecodeProblem, decode_bytes, utf16_without_bom
from claimledger.read.errors import ReadError
from claimledger.read.html import html_document
from claimledger.read.text import fill_text_dates, text_document
from claimledger.records import Document, Source

# JSON may escape half a surrogate pair ("\ud800"): text no UTF-8 store or terminal can hold
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELDS = ("text", "html", "url", "title", "outlet", "date")


def jsonl_documents(path: Path, data: bytes) -> Iterator[Document | ReadError]:
    """One Document (or ReadError) per non-blank line of a JSONL file."""
    for n, line in _lines(path, data):
        doc_id = f"{path.name}#{n}"
        where = f"{path}#{n}"
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as e:
            yield ReadError(where, f"invalid UTF-8 at byte {e.start}")
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            yield ReadError(where, f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        except RecursionError:  # `[[[[...` a million deep: this line, not the whole file
            yield ReadError(where, "invalid JSON: nested too deeply")
            continue
        yield _document(doc_id, where, path, line, obj, n)


def _lines(path: Path, data: bytes) -> Iterator[tuple[int, bytes]]:
    """(line number, line bytes without its terminator); UTF-16/32 files (UTF-16 with a BOM or
    without) re-encoded as UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data.startswith(
        (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    ):
        try:
            data = decode_bytes(data).encode("utf-8")
        except DecodeProblem:
            data = b""
    elif b"\x00" in data:
        wide = utf16_without_bom(data)
        if wide is not None:
            data = wide.encode("utf-8")
    for n, line in enumerate(data.split(b"\n"), start=1):
        yield n, line.removesuffix(b"\r")


def _document(
    doc_id: str, where: str, path: Path, line: bytes, obj: object, n: int
) -> Document | ReadError:
    if not isinstance(obj, dict):
        return ReadError(where, "JSON line is not an object")
    for key in _FIELDS:  # a lone surrogate is an undecodable character: U+FFFD, as for bytes
        value = obj.get(key)
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            obj[key] = _LONE_SURROGATE.sub("\ufffd", value)
    html, text = obj.get("html"), obj.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        return ReadError(where, "no 'text' or 'html' field with content")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    src = Source(path=str(path), sha256=hashlib.sha256(line).hexdigest(), size=len(line),
                 url=url, data=line, record=n)
    is_html = body is html
    doc = html_document(doc_id, body, src) if is_html else text_document(doc_id, body, src)
    for key in ("title", "outlet"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            setattr(doc, key, value.strip())
    found = normalize_date(obj.get("date"))
    if found:
        doc.date, doc.date_source = found, "metadata"
    elif not is_html and doc.date is None:
        fill_text_dates(doc)
    return doc
