"""Web archives (WARC, ARC; gzip or plain): each HTML page a crawl fetched is a Document.

Only `response` records with HTTP status 200 and an HTML content type are articles; every
other record (requests, metadata, images, redirects, errors) is skipped silently. The n-th
such page of `crawl.warc.gz` is `crawl.warc.gz#n` (n from 1, in file order, counting pages
that fail to decode too, so ids do not shift). Its Source is the HTTP body (chunking and
gzip/deflate content coding undone), with the target URI and the WARC-Date as url and
fetched; a page without a date of its own is dated by its fetch day ("fetched").

The archive is streamed record by record, never read whole. A page that is too large or is
not text is a ReadError for that page (`file#n`) and the rest go on, as does a record that
does not end where its Content-Length says; a truncated or corrupt archive yields every good
page before the damage, then one ReadError naming the file and the offset of the damaged
record, and stops; so does a header cut short (warcio's own exceptions never reach the user). A
response record without the WARC-Target-URI the standard requires is reported and skipped.
Nothing here raises. A .gz made of one gzip member (not one per record)
is read too, through gzip, with offsets into the uncompressed data.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from claimledger.read.decode import DecodeProblem, decode_bytes
from claimledger.read.errors import ReadError
from claimledger.read.files import MAX_BYTES, _problem
from claimledger.read.html import html_document
from claimledger.records import Document, Source

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_CHUNK = 1 << 16
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 BOMs start alike
# Labels browsers read as windows-1252 (WHATWG Encoding): servers say "iso-8859-1" for it.
_AS_CP1252 = {"latin-1", "iso8859-1", "cp1252"}

T = TypeVar("T")


def is_web_archive(path: Path) -> bool:
    """Whether the file is read as a WARC/ARC archive (by its name)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def warc_documents(path: Path) -> Iterator[Document | ReadError]:
    """The HTML pages in one WARC/ARC file, or ReadErrors; see the module docstring."""
    try:
        f = open(path, "rb")  # closed by the `with` below
    except OSError as e:
        yield ReadError(str(path), _problem(e, path))
        return
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
        except OSError as e:
            yield ReadError(str(path), _problem(e, path))
            return
        if size == 0:
            yield ReadError(str(path), "empty file")
            return
        count = _Count()
        try:
            yield from _records(path, f, size, count)
            if count.one_member:  # gzipped whole: read it again through gzip, past the read
                f.seek(0)
                with gzip.GzipFile(fileobj=f) as unzipped:
                    yield from _records(path, _Unzipped(unzipped), None, count)
        except (Exception, RecursionError) as e:  # a bug here must still not end the batch
            yield ReadError(str(path), f"unexpected error: {type(e).__name__}: {_line(str(e))}")


@dataclass
class _Count:
    pages: int = 0  # HTML pages met so far: the n of `file#n`
    records: int = 0  # records read whole so far
    one_member: bool = False  # a .gz that is one gzip member, not one per record


class _CutShort(OSError):
    """The gzip stream ends inside a member: the file was cut short."""

    def __init__(self) -> None:
        super().__init__("gzip data cut short")


class _Unzipped:
    """A whole-file gzip stream for warcio, whose offsets are then into the uncompressed
    data. A cut-short file raises _CutShort: warcio would take an EOFError for the end."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        try:  # read1: a read() that meets the cut would drop the data it had gathered
            return self.stream.read1(size) if size > 0 else self.stream.read()
        except EOFError:
            raise _CutShort() from None


def _records(path: Path, stream, size: int | None,
             count: _Count) -> Iterator[Document | ReadError]:
    """Documents and ReadErrors of one pass over the archive. `size` is the file's size when
    `stream` is the file itself (warcio's offsets are then the file's), else None."""
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(stream, arc2warc=True)
    _no_uri_no_http(it.loader)
    at = "offset" if size is not None else "uncompressed offset"
    skip, index = count.records, 0  # a second pass goes past the records the first one read
    while True:
        try:
            record, noise = _quiet(next, it, None)
        except Exception as e:  # ArchiveLoadFailed, zlib.error, OSError, a parser's trip ...
            if size is not None and "non-chunked gzip" in str(e):
                count.one_member = True  # one gzip member for many records (or a cut one)
            else:
                yield _damage(path, f"{at} {it.offset}", e)
            return
        if record is None:
            if size is not None and it.offset < size:  # warcio stops quietly at a cut header
                yield ReadError(str(path), f"truncated or corrupt archive at {at} {it.offset}"
                                           f" of {size} bytes{_because(noise)}")
            return
        index += 1
        if index <= skip:
            continue
        offset = it.offset
        if not _declared_length(record):  # cut inside the record header, or a broken one
            yield ReadError(str(path), f"truncated or corrupt archive: the record at {at} "
                                       f"{offset} has no valid Content-Length")
            return
        no_uri = record.rec_type == "response" and not _target(record)
        page = _is_html_page(record)
        if page:
            count.pages += 1
        complaints = it.err_count
        try:
            (payload, too_big), noise = _quiet(_payload, record) if page else ((b"", False), "")
            short, more = _quiet(_drain, record.raw_stream)
            _, after = _quiet(it.read_to_end)  # to the next record: checks what ends this one
        except Exception as e:
            yield _damage(path, f"{at} {offset}", e, "record")
            return
        noise += more + after
        if short:
            yield ReadError(str(path), f"truncated archive: the record at {at} {offset} is "
                                       f"missing {short} bytes{_because(noise)}")
            return
        count.records += 1
        if it.err_count > complaints:  # warcio found no blank line where the record should end
            yield ReadError(f"{path}#{count.pages}" if page else str(path),
                            f"the record at {at} {offset} does not end where its Content-Length "
                            "says; skipped")
            continue
        if page:
            yield _document(path, count.pages, f"{at} {offset}", record, payload, too_big)
        elif no_uri:
            yield ReadError(str(path), f"the record at {at} {offset} is a response without a "
                                       "WARC-Target-URI; skipped")
        if size is not None and not _member_ended(it):
            # In a per-record .warc.gz each record ends its gzip member. This one did not: the
            # file is gzipped whole (more records follow in the member) or was cut short.
            if getattr(it, "next_line", None):
                count.one_member = True
            else:
                yield ReadError(str(path), f"truncated archive: the gzip data of the record at "
                                           f"{at} {offset} is cut short")
            return


def _no_uri_no_http(loader) -> None:
    """Have warcio's record loader leave the HTTP block of a record without a WARC-Target-URI
    unparsed (so it is no page), where it would fail on the missing URI with an AttributeError:
    a response record that lacks one (reported), or a header cut short before it."""
    load_http_headers = loader.load_http_headers

    def load(rec_type, uri, stream, length):
        return None if uri is None else load_http_headers(rec_type, uri, stream, length)

    loader.load_http_headers = load


def _target(record) -> str | None:
    return record.rec_headers.get_header("WARC-Target-URI") or None


def _member_ended(it) -> bool:
    """Whether the gzip member of the record just read is complete (or the file is plain)."""
    decompressor = getattr(getattr(it, "reader", None), "decompressor", None)
    return decompressor is None or getattr(decompressor, "eof", True)


def _declared_length(record) -> bool:
    """Whether the record header ends with its mandatory, numeric Content-Length."""
    value = record.rec_headers.get_header("Content-Length")
    return value is not None and value.strip().isdigit()


def _is_html_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    h = record.http_headers
    if h.get_statuscode() != "200":
        return False
    media, _ = _content_type(h.get_header("Content-Type"))
    return media in HTML_TYPES


def _payload(record) -> tuple[bytes, bool]:
    """The HTTP body, at most MAX_BYTES of it, and whether there was more."""
    stream = record.content_stream()
    parts, total = [], 0
    while total <= MAX_BYTES:
        chunk = stream.read(min(_CHUNK, MAX_BYTES + 1 - total))
        if not chunk:
            return b"".join(parts), False
        parts.append(chunk)
        total += len(chunk)
    return b"", True


def _drain(raw) -> int:
    """Read the rest of the record; the bytes its Content-Length promised but the file lacks."""
    while raw.read(_CHUNK):
        pass
    return max(getattr(raw, "limit", 0), 0)  # a LimitReader when Content-Length was given


def _document(path: Path, n: int, at: str, record, payload: bytes,
              too_big: bool) -> Document | ReadError:
    where = f"{path}#{n}"
    if too_big:
        return ReadError(where, f"page at {at} too large (over {MAX_BYTES} bytes)")
    _, charset = _content_type(record.http_headers.get_header("Content-Type"))
    try:
        raw = _decode(payload, charset)
    except DecodeProblem as e:
        return ReadError(where, f"page at {at}: {e}")
    url = _target(record)
    fetched = _iso_time(record.rec_headers.get_header("WARC-Date"))
    src = Source(path=str(path), sha256=hashlib.sha256(payload).hexdigest(), size=len(payload),
                 url=url, fetched=fetched, data=payload, record=n)
    doc = html_document(f"{path.name}#{n}", raw, src)
    if doc.date is None and fetched:
        # No date in the page: the crawl's. A page cannot be published after it was fetched,
        # so the fetch day is an upper bound, and news crawls fetch pages within days of
        # publication; a claim dated a little late beats one with no date at all.
        doc.date = _utc_day(fetched)
        doc.date_source = "fetched"
    return doc


def _decode(payload: bytes, charset: str | None) -> str:
    """The page text: by the HTTP header's charset when it fits, else the project's guess."""
    if charset and payload and not payload.startswith(_BOMS):  # a BOM outranks the header
        try:
            name = codecs.lookup(charset).name
            text = payload.decode("cp1252" if name in _AS_CP1252 else name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: guess as for any file
        else:
            if text.strip() and "\x00" not in text:
                return text
    return decode_bytes(payload)


def _content_type(value: str | None) -> tuple[str, str | None]:
    """(media type in lower case, charset or None) of a Content-Type header."""
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = None
    for p in params:
        key, _, val = p.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower(), charset


def _iso_time(value: str | None) -> str | None:
    """The WARC-Date as given when it is an ISO timestamp, else None."""
    if not value:
        return None
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return value.strip()


def _utc_day(iso: str) -> str:
    t = datetime.fromisoformat(iso)
    if t.tzinfo is not None:  # WARC dates are UTC by the standard; honour any other offset
        t = t.astimezone(UTC)
    return t.date().isoformat()


def _quiet(fn: Callable[..., T], *args: object) -> tuple[T, str]:
    """fn(*args) and what it wrote to stderr: warcio prints its warnings there (gzip errors, bad
    record ends); they belong in the ReadError, not in the middle of the CLI's output."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        result = fn(*args)
    return result, buf.getvalue()


def _damage(path: Path, at: str, e: Exception, part: str = "header") -> ReadError:
    """The ReadError for a failure reading the record (its `part`) at `at`, in our words: a
    cut and a corruption look alike here, and warcio's exceptions are its own business."""
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(e, _CutShort):
        return ReadError(str(path), f"truncated archive: the gzip data ends in the record at {at}")
    if isinstance(e, ArchiveLoadFailed) and "first line" in str(e):
        why = "not a WARC or ARC record"  # a first line cut short, or not an archive at all
    elif isinstance(e, ArchiveLoadFailed):
        why = _line(str(e))
    else:
        why = f"the record {part} is cut short or malformed"
    return ReadError(str(path), f"truncated or corrupt archive at {at}: {why}")


def _because(noise: str) -> str:
    noise = _line(noise)
    return f" ({noise})" if noise else ""


def _line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
