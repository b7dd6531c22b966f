"""WARC/ARC inputs: each HTML page a crawl fetched with status 200 is a Document `file#n`,
with the target URI and the fetch date; other records are skipped; damage is a ReadError."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.clean import clean
from claimledger.cli import main
from claimledger.read import ReadError, iter_documents
from claimledger.read import warc as warc_mod
from claimledger.records import Document

FLOOD = (
    '<!doctype html><html lang="en"><head><title>Flood barrier holds | River Gazette</title>'
    '<meta property="og:site_name" content="River Gazette">'
    '<meta property="article:published_time" content="2024-02-11T09:00:00Z"></head>'
    "<body><nav><a href='/'>Home</a> <a href='/weather'>Weather</a></nav>"
    "<article><h1>Flood barrier holds</h1>"
    "<p>The new flood barrier on the River Ouse held back the water for a third night, "
    "Yorkshire County Council said on Sunday.</p>"
    "<p>Council engineer Maria Holt said about 1,400 homes would have flooded without it. "
    "She said 220 residents spent the night in a school hall as a precaution.</p>"
    "</article><footer>Sign up for our newsletter</footer></body></html>"
)
LIBRARY = (
    "<html><head><title>Library reopens after refit</title></head><body><article>"
    "<h1>Library reopens after refit</h1>"
    "<p>The town library reopened on Monday after an 18-month refit, the mayor, Anne Castell, "
    "said.</p><p>Castell said 5,000 books had been added to the shelves.</p>"
    "</article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4

FLOOD_URL = "https://news.example/2024/flood-barrier"
LIBRARY_URL = "https://news.example/2024/library"


def response(writer: WARCWriter, uri: str, status: str, ctype: str, body: bytes, date: str,
             *headers: tuple[str, str]) -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype), *headers], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       http_headers=http, warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def write_crawl(path: Path, compress: bool = True, extras: bool = False) -> Path:
    """The two articles, an image, a 404 page and a redirect, in that order (the second
    article is the second record). `extras` adds a warcinfo and a request record first."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=compress)
        if extras:
            w.write_record(w.create_warcinfo_record(path.name, {"software": "test-crawler"}))
            request = StatusAndHeaders("GET /2024/flood-barrier HTTP/1.1",
                                       [("Host", "news.example")], is_http_request=True)
            w.write_record(w.create_warc_record(FLOOD_URL, "request", http_headers=request))
        response(w, FLOOD_URL, "200 OK", "text/html; charset=utf-8", FLOOD.encode(),
                 "2024-02-12T10:00:00Z")
        response(w, LIBRARY_URL, "200 OK", "text/html", LIBRARY.encode(),
                 "2024-02-13T23:30:00Z")
        response(w, "https://news.example/logo.png", "200 OK", "image/png", PNG,
                 "2024-02-13T23:30:01Z")
        response(w, "https://news.example/gone", "404 Not Found", "text/html",
                 b"<html><body><p>Page not found</p></body></html>", "2024-02-13T23:30:02Z")
        response(w, "https://news.example/old-library", "301 Moved Permanently", "text/html",
                 b"<html><body>Moved</body></html>", "2024-02-13T23:30:03Z",
                 ("Location", LIBRARY_URL))
    return path


def read(path: Path) -> tuple[list[Document], list[ReadError], list[Document | ReadError]]:
    items = list(iter_documents([path]))
    return ([x for x in items if isinstance(x, Document)],
            [x for x in items if isinstance(x, ReadError)], items)


def test_only_the_html_pages_fetched_with_200_become_documents(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "x.warc.gz")

    docs, errors, _ = read(path)

    assert not errors
    assert [d.id for d in docs] == ["x.warc.gz#1", "x.warc.gz#2"]
    assert [d.url for d in docs] == [FLOOD_URL, LIBRARY_URL]
    assert [d.source.url for d in docs] == [FLOOD_URL, LIBRARY_URL]
    assert [d.source.fetched for d in docs] == ["2024-02-12T10:00:00Z", "2024-02-13T23:30:00Z"]
    for doc, page in zip(docs, (FLOOD, LIBRARY), strict=True):
        assert doc.format == "html" and doc.raw == page
        assert doc.source.path == str(path)
        assert doc.source.data == page.encode()
        assert doc.source.size == len(page.encode())
        assert doc.source.sha256 == hashlib.sha256(page.encode()).hexdigest()


def test_metadata_from_the_page_and_the_fetch_date_when_it_has_none(tmp_path: Path) -> None:
    flood, library = read(write_crawl(tmp_path / "x.warc.gz"))[0]

    assert flood.title == "Flood barrier holds" and flood.outlet == "River Gazette"
    assert (flood.date, flood.date_source) == ("2024-02-11", "html")  # the page's own date
    assert library.title == "Library reopens after refit"
    assert (library.date, library.date_source) == ("2024-02-13", "fetched")


def test_cleaning_a_page_gives_its_article_text(tmp_path: Path) -> None:
    flood = read(write_crawl(tmp_path / "x.warc.gz"))[0][0]

    text = clean(flood).text

    assert "about 1,400 homes would have flooded without it" in text
    assert "220 residents spent the night in a school hall" in text
    assert "newsletter" not in text and "Weather" not in text


def test_a_plain_warc_with_warcinfo_and_request_records(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "y.warc", compress=False, extras=True)
    assert path.read_bytes().startswith(b"WARC/1")

    docs, errors, _ = read(path)

    assert not errors
    assert [(d.id, d.url) for d in docs] == [("y.warc#1", FLOOD_URL), ("y.warc#2", LIBRARY_URL)]
    assert docs[1].raw == LIBRARY


def record_spans(path: Path) -> list[tuple[int, int]]:
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        return [(it.get_record_offset(), it.get_record_length()) for _ in it]


@pytest.mark.parametrize("name,compress", [("x.warc.gz", True), ("y.warc", False)])
def test_a_file_cut_in_the_second_record_gives_the_first_page_then_one_error(
        tmp_path: Path, name: str, compress: bool) -> None:
    whole = write_crawl(tmp_path / name, compress)
    start, length = record_spans(whole)[1]
    cut = tmp_path / "cut" / name
    cut.parent.mkdir()
    cut.write_bytes(whole.read_bytes()[: start + length // 2])

    docs, errors, items = read(cut)

    assert [d.id for d in docs] == [f"{name}#1"] and docs[0].raw == FLOOD
    assert len(errors) == 1 and items[-1] is errors[0]  # the good page first, then the error
    assert errors[0].path == str(cut)
    assert "truncated" in errors[0].problem and f"offset {start}" in errors[0].problem


@pytest.mark.parametrize("cut_at", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_a_cut_anywhere_never_raises_nor_yields_a_partial_page(tmp_path: Path,
                                                               cut_at: float) -> None:
    whole = write_crawl(tmp_path / "x.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: int(len(whole) * cut_at)])

    docs, errors, _ = read(cut)

    assert len(errors) == 1 and errors[0].path == str(cut)
    assert [d.raw for d in docs] == [FLOOD, LIBRARY][: len(docs)]


INTERNALS = ("Error", "NoneType", "attribute", "Traceback", "object")  # Python's, not ours


@pytest.mark.parametrize("name,compress", [("x.warc.gz", True), ("y.warc", False)])
def test_a_cut_inside_a_record_header_is_one_plain_error(tmp_path: Path, name: str,
                                                         compress: bool) -> None:
    whole = write_crawl(tmp_path / name, compress).read_bytes()
    start, _ = record_spans(tmp_path / name)[1]
    header_end = start + 400 if compress else whole.index(b"\r\n\r\n", start) + 4
    for cut_at in range(start + 1, header_end):  # every byte of the second record's header
        cut = tmp_path / "cut" / name
        cut.parent.mkdir(exist_ok=True)
        cut.write_bytes(whole[:cut_at])

        docs, errors, _ = read(cut)

        assert [d.raw for d in docs] == [FLOOD], cut_at
        assert len(errors) == 1 and errors[0].path == str(cut), (cut_at, errors)
        problem = errors[0].problem
        assert "truncated" in problem and f"offset {start}" in problem, (cut_at, problem)
        assert not any(word in problem for word in INTERNALS), (cut_at, problem)


def test_a_response_without_a_target_uri_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = write_crawl(tmp_path / "x.warc", compress=False)
    data = path.read_bytes()
    start, _ = record_spans(path)[1]
    uri = data.index(b"WARC-Target-URI: ", start)
    path.write_bytes(data[:uri] + data[data.index(b"\r\n", uri) + 2:])

    docs, errors, _ = read(path)

    assert [d.raw for d in docs] == [FLOOD]  # the library page has lost its URI: not a page
    assert [str(e) for e in errors] == [
        f"{path}: the record at offset {start} is a response without a WARC-Target-URI; "
        "skipped"]


def test_a_warc_gzipped_whole_is_read_too(tmp_path: Path) -> None:
    plain = write_crawl(tmp_path / "plain.warc", compress=False).read_bytes()
    (tmp_path / "z.warc.gz").write_bytes(gzip.compress(plain))  # one member, not per record
    (tmp_path / "zcut.warc.gz").write_bytes(gzip.compress(plain)[:-200])  # in the image

    docs, errors, _ = read(tmp_path / "z.warc.gz")
    assert not errors and [d.id for d in docs] == ["z.warc.gz#1", "z.warc.gz#2"]

    docs, errors, _ = read(tmp_path / "zcut.warc.gz")
    assert [d.id for d in docs] == ["zcut.warc.gz#1", "zcut.warc.gz#2"]
    assert [e.path for e in errors] == [str(tmp_path / "zcut.warc.gz")]
    assert "truncated" in errors[0].problem


def test_the_charset_of_the_http_header_decodes_the_page(tmp_path: Path) -> None:
    page = ("<html><head><title>Σεισμός</title></head><body><p>Η πυροσβεστική είπε ότι "
            "120 σπίτια υπέστησαν ζημιές.</p></body></html>")
    path = tmp_path / "gr.warc.gz"
    with open(path, "wb") as f:
        response(WARCWriter(f, gzip=True), "https://gr.example/a", "200 OK",
                 'text/html; charset="ISO-8859-7"', page.encode("iso-8859-7"),
                 "2023-09-01T08:00:00Z")

    [doc], errors, _ = read(path)

    assert not errors and doc.raw == page
    assert doc.source.data == page.encode("iso-8859-7")


def test_a_gzip_content_encoding_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "enc.warc"
    with open(path, "wb") as f:
        response(WARCWriter(f, gzip=False), LIBRARY_URL, "200 OK", "application/xhtml+xml",
                 gzip.compress(LIBRARY.encode()), "2024-02-13T23:30:00Z",
                 ("Content-Encoding", "gzip"))

    [doc], errors, _ = read(path)

    assert not errors and doc.raw == LIBRARY and doc.source.data == LIBRARY.encode()


def test_a_page_over_the_size_cap_is_an_error_and_the_next_keeps_its_number(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(warc_mod, "MAX_BYTES", len(FLOOD) - 1)
    path = write_crawl(tmp_path / "x.warc.gz")

    docs, errors, _ = read(path)

    assert [d.id for d in docs] == ["x.warc.gz#2"]
    assert [e.path for e in errors] == [f"{path}#1"] and "too large" in errors[0].problem


def test_an_arc_file(tmp_path: Path) -> None:
    body = b"<html><head><title>Dam inspected</title></head><body><p>Inspectors said 12 cracks " \
           b"were found in the dam wall.</p></body></html>"
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = (b"filedesc://t.arc 0.0.0.0 20240212100000 text/plain %d\n%s\n" % (len(desc), desc)
           + b"http://news.example/dam 192.0.2.1 20240301120000 text/html %d\n%s\n"
           % (len(http), http))
    (tmp_path / "t.arc").write_bytes(arc)

    [doc], errors, _ = read(tmp_path / "t.arc")

    assert not errors and doc.id == "t.arc#1" and doc.raw == body.decode()
    assert doc.url == "http://news.example/dam"
    assert doc.source.fetched == "2024-03-01T12:00:00Z"
    assert (doc.date, doc.date_source) == ("2024-03-01", "fetched")


def test_an_empty_or_garbage_warc_is_an_error_and_a_folder_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.warc").write_bytes(b"")
    (tmp_path / "b.warc.gz").write_bytes(b"this is not an archive\n")
    (tmp_path / "c.txt").write_text("The council said 40 buses left the town.\n")

    docs, errors, _ = read(tmp_path)

    assert [d.id for d in docs] == ["c.txt"]
    assert [e.path for e in errors] == [str(tmp_path / "a.warc"), str(tmp_path / "b.warc.gz")]
    assert errors[0].problem == "empty file"


def test_run_and_export_through_the_cli(runner, tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_crawl(crawl / "x.warc.gz")
    db = tmp_path / "ledger.db"

    result = runner.invoke(main, ["run", str(crawl), "--db", str(db)])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["export", "--db", str(db)])
    assert exported.exit_code == 0, exported.output

    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {r["doc"] for r in records} == {"x.warc.gz#1", "x.warc.gz#2"}
    homes = [r for r in records if r["figure"] == "about 1,400"]
    assert len(homes) == 1 and homes[0]["doc"] == "x.warc.gz#1"
    assert homes[0]["value"] == 1400
