"""PDF reports: their text layer, page by page (pypdfium2: PDFium, Chrome's PDF engine; in
bench/pdf_libraries.py as exact as pypdf and pdfminer.six on words, figures and tables, and
10 to 57 times faster), as one Document with page starts.

The pages are joined by a line break into Document.raw and Document.pages keeps where each
begins, so every claim knows its page; running headers, footers and page numbers are cut as
furniture by clean/pdf.py. A PDF without a text layer (a scan) is reported by name, not
guessed at: there is no OCR here. The title and date come from the file's own metadata
when it has them (date_source "metadata").
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from claimledger.read.errors import ReadError, one_line
from claimledger.records import Document, Source

PDF_MAGIC = b"%PDF-"
# a title that is a file name or a tool's placeholder says nothing of the report
_JUNK_TITLE = re.compile(r"(?i)^(untitled|microsoft word\b.*|.*\.(docx?|pdf|indd|odt))$")
_MIN_TEXT = 20  # characters of text in the whole file below which it has no text layer
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PDF_DATE = re.compile(r"^(?:D:)?(?P<y>\d{4})(?P<m>\d{2})?(?P<d>\d{2})?")  # D:20241201...


def is_pdf(data: bytes) -> bool:
    """A file of unknown kind that is a PDF: it starts with %PDF-."""
    return data.startswith(PDF_MAGIC)


def pdf_document(path: Path, data: bytes, source: Source) -> Document | ReadError:
    """The Document of one PDF file, or a ReadError naming what is wrong with it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            return ReadError(str(path), "encrypted PDF: a password is needed to read it")
        return ReadError(str(path), f"not a readable PDF: {one_line(str(e))}")
    try:
        texts = [_page_text(pdf, i) for i in range(len(pdf))]
        meta = _metadata(pdf)
    except (pdfium.PdfiumError, ValueError, OSError) as e:
        return ReadError(str(path), f"not a readable PDF: {one_line(str(e))}")
    finally:
        pdf.close()
    if not texts:
        return ReadError(str(path), "PDF with no pages")
    if sum(len(t.strip()) for t in texts) < _MIN_TEXT:
        return ReadError(str(path), f"no text layer ({len(texts)} page"
                                    f"{'s' if len(texts) != 1 else ''}, a scan?): not read; "
                                    "run it through OCR first")
    raw, pages = _join(texts)
    doc = Document(id=path.name, raw=raw, format="pdf", source=source, url=source.url,
                   pages=pages)
    doc.title = meta.get("title")
    if meta.get("date"):
        doc.date, doc.date_source = meta["date"], "metadata"
    return doc


def _page_text(pdf: Any, i: int) -> str:
    page = pdf[i]
    try:
        text = page.get_textpage().get_text_range()  # the whole page, its line breaks kept
    finally:
        page.close()
    # PDFium joins a word broken at a line end and marks the break U+FFFE (a hyphen
    # printed there, "displace-ment" or "Cross-border" alike): write the hyphen back
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")
    # NUL and other C0 controls (not tab, line breaks) are font-mapping debris, not text
    return _CONTROLS.sub("", text)


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


def _metadata(pdf: Any) -> dict[str, str]:
    try:
        meta = pdf.get_metadata_dict()
    except Exception:  # noqa: BLE001 - broken metadata is no reason to lose the text
        return {}
    out: dict[str, str] = {}
    title = " ".join(str(meta.get("Title") or "").split())
    if title and len(title) <= 300 and not _JUNK_TITLE.match(title):
        out["title"] = title
    m = _PDF_DATE.match(str(meta.get("CreationDate") or ""))
    if m:
        try:
            created = date(int(m["y"]), int(m["m"] or 1), int(m["d"] or 1))
        except ValueError:
            created = None
        if created and 1990 <= created.year <= date.today().year + 1:
            out["date"] = created.isoformat()
    return out
