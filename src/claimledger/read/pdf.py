"""PDF reports: their text layer, page by page (pypdf), as one Document with page starts.

The pages are joined by a line break into Document.raw and Document.pages keeps where each
begins, so every claim knows its page; running headers, footers and page numbers are cut as
furniture by clean/pdf.py. A PDF without a text layer (a scan) is reported by name, not
guessed at: there is no OCR here. The title and date come from the file's own metadata
when it has them (date_source "metadata").
"""

from __future__ import annotations

import io
import logging
import re
from datetime import datetime
from pathlib import Path

from claimledger.read.errors import ReadError, one_line
from claimledger.records import Document, Source

PDF_MAGIC = b"%PDF-"
# a title that is a file name or a tool's placeholder says nothing of the report
_JUNK_TITLE = re.compile(r"(?i)^(untitled|microsoft word\b.*|.*\.(docx?|pdf|indd|odt))$")
_MIN_TEXT = 20  # characters of text in the whole file below which it has no text layer


def is_pdf(data: bytes) -> bool:
    """A file of unknown kind that is a PDF: it starts with %PDF-."""
    return data.startswith(PDF_MAGIC)


def pdf_document(path: Path, data: bytes, source: Source) -> Document | ReadError:
    """The Document of one PDF file, or a ReadError naming what is wrong with it."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _unlocked(reader):
            return ReadError(str(path), "encrypted PDF: a password is needed to read it")
        texts = [_page_text(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError, ZeroDivisionError) as e:
        return ReadError(str(path), f"not a readable PDF: {one_line(str(e)) or type(e).__name__}")
    if not texts:
        return ReadError(str(path), "PDF with no pages")
    if sum(len(t.strip()) for t in texts) < _MIN_TEXT:
        return ReadError(str(path), f"no text layer ({len(texts)} page"
                                    f"{'s' if len(texts) != 1 else ''}, a scan?): not read; "
                                    "run it through OCR first")
    raw, pages = _join(texts)
    doc = Document(id=path.name, raw=raw, format="pdf", source=source, url=source.url,
                   pages=pages)
    meta = _metadata(reader)
    doc.title = meta.get("title")
    if meta.get("date"):
        doc.date, doc.date_source = meta["date"], "metadata"
    return doc


def _unlocked(reader: object) -> bool:
    """Many published PDFs are "encrypted" with an empty user password (print restrictions)."""
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a cipher pypdf cannot do is a locked file here
        return False


def _page_text(page: object) -> str:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    # NUL and other C0 controls (not tab, line breaks) are font-mapping debris, not text
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text).replace("\r\n", "\n")


def _join(texts: list[str]) -> tuple[str, list[int]]:
    """The pages' texts joined by a line break, and the offset where each page begins."""
    parts: list[str] = []
    pages: list[int] = []
    at = 0
    for text in texts:
        text = text.rstrip("\n")
        pages.append(at)
        parts.append(text)
        at += len(text) + 1
    return "\n".join(parts) + "\n", pages


def _metadata(reader: object) -> dict[str, str]:
    try:
        meta = reader.metadata  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - broken metadata is no reason to lose the text
        return {}
    if meta is None:
        return {}
    out: dict[str, str] = {}
    title = " ".join(str(meta.get("/Title") or "").split())
    if title and len(title) <= 300 and not _JUNK_TITLE.match(title):
        out["title"] = title
    try:
        created = meta.creation_date
    except Exception:  # noqa: BLE001 - a malformed date string
        created = None
    if isinstance(created, datetime) and 1990 <= created.year <= datetime.now().year + 1:
        out["date"] = created.date().isoformat()
    return out
