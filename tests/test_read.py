"""Readers: files and folders in, Documents (or one-line ReadErrors) out, never an exception."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from claimledger import read as read_mod
from claimledger.read import ReadError, iter_documents
from claimledger.records import Document


def docs_and_errors(*paths: Path) -> tuple[list[Document], list[ReadError]]:
    items = list(iter_documents(paths))
    return ([x for x in items if isinstance(x, Document)],
            [x for x in items if isinstance(x, ReadError)])


def test_text_file_with_date_marker(tmp_path: Path) -> None:
    data = b" date 2022-03-25 The council said 40 buses left the town.\n\nMore text.\n"
    (tmp_path / "a.txt").write_bytes(data)
    [doc], errors = docs_and_errors(tmp_path / "a.txt")
    assert not errors
    assert doc.id == "a.txt" and doc.format == "text"
    assert doc.date == "2022-03-25" and doc.date_source == "marker"
    assert doc.raw == data.decode()
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.size == len(data) and doc.source.data == data
    assert doc.source.path == str(tmp_path / "a.txt")


def test_byline_date(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(
        "Harbour reopens after storm\n\nby Coastal Desk April 7, 2023 6:37 PM 2 min read\n\n"
        "Port officials said 12 ships were waiting offshore.\n"
    )
    [doc], _ = docs_and_errors(tmp_path / "b.txt")
    assert (doc.date, doc.date_source) == ("2023-04-07", "byline")


@pytest.mark.parametrize("line", ["7 April 2023", "2023-04-07", "Published: Apr. 7, 2023"])
def test_byline_date_formats(tmp_path: Path, line: str) -> None:
    (tmp_path / "c.txt").write_text(f"Headline here\n{line}\nThe mayor said 3 roads closed.\n")
    [doc], _ = docs_and_errors(tmp_path / "c.txt")
    assert doc.date == "2023-04-07"


@pytest.mark.parametrize("opening", [
    "VARNO, Ostrelia, June 9, 2024 (Coastline Wire) - Rescuers said 14 people were missing.",
    "LAKE TEMBA, 9 June 2024 (Reuters) - Rescuers said 14 people were missing after a long day.",
    "VARNO, June 9, 2024 - Rescuers said 14 people were missing.",
])
def test_a_wire_dateline_opening_the_first_paragraph_dates_the_story(
        tmp_path: Path, opening: str) -> None:
    (tmp_path / "w.txt").write_text(f"Ferry sinks in storm\n\n{opening}\n")
    [doc], _ = docs_and_errors(tmp_path / "w.txt")
    assert (doc.date, doc.date_source) == ("2024-06-09", "byline")


def test_a_date_after_a_sentences_subject_is_no_dateline(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text(
        "Ferry sinks\n\nThe agency said on June 9, 2024 (a Sunday) - when 14 were missing - "
        "that the search would go on for as long as there was any hope left of survivors.\n")
    [doc], _ = docs_and_errors(tmp_path / "s.txt")
    assert doc.date is None


def test_a_date_inside_a_sentence_is_not_the_publication_date(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(
        "Ceasefire holds\nThe accord signed on November 2, 2022 ended a war that killed many.\n"
    )
    [doc], _ = docs_and_errors(tmp_path / "d.txt")
    assert doc.date is None and doc.date_source is None


def test_html_metadata(tmp_path: Path) -> None:
    page = (
        '<html lang="en"><head><title>Bridge closes | Valley News</title>'
        '<meta property="og:site_name" content="Valley News">'
        '<meta property="article:published_time" content="2021-06-02T08:15:00Z">'
        '<link rel="canonical" href="https://news.example/bridge"></head>'
        "<body><article><h1>Bridge closes</h1><p>Engineers said 300 cars a day used it.</p>"
        "</article></body></html>"
    )
    (tmp_path / "p.html").write_text(page)
    [doc], _ = docs_and_errors(tmp_path / "p.html")
    assert doc.format == "html" and doc.raw == page
    assert doc.title == "Bridge closes"
    assert doc.outlet == "Valley News"
    assert doc.url == "https://news.example/bridge"
    assert (doc.date, doc.date_source) == ("2021-06-02", "html")


def test_jsonl_one_document_per_line_and_a_malformed_line(tmp_path: Path) -> None:
    good = json.dumps({"text": "Ferry service resumes with 4 boats.", "url": "https://x.example/1",
                       "title": "Ferries", "date": "2020-01-31", "outlet": "Bay Times"})
    html = json.dumps({"html": "<p>Market traders counted 250 stalls.</p>"})
    lines = [good, "{not json", "", html, "[1, 2]", json.dumps({"title": "no body"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    items = list(iter_documents([tmp_path / "feed.jsonl"]))
    kinds = [(x.id if isinstance(x, Document) else x.path.rsplit("/", 1)[-1]) for x in items]
    assert kinds == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#4", "feed.jsonl#5",
                     "feed.jsonl#6"]
    first, bad, page = items[0], items[1], items[2]
    assert isinstance(first, Document) and first.format == "text"
    assert (first.date, first.date_source) == ("2020-01-31", "metadata")
    assert (first.url, first.title, first.outlet) == ("https://x.example/1", "Ferries", "Bay Times")
    assert first.source.sha256 == hashlib.sha256(good.encode()).hexdigest()
    assert first.source.path == str(tmp_path / "feed.jsonl")
    assert isinstance(bad, ReadError) and "invalid JSON" in bad.problem
    assert isinstance(page, Document) and page.format == "html" and "250 stalls" in page.raw
    assert all(isinstance(x, ReadError) for x in items[3:])


def test_jsonl_text_without_date_field_uses_its_marker(tmp_path: Path) -> None:
    (tmp_path / "m.jsonl").write_text(json.dumps({"text": " date 2019-08-18 Rally of 9 groups."}))
    [doc], _ = docs_and_errors(tmp_path / "m.jsonl")
    assert (doc.date, doc.date_source) == ("2019-08-18", "marker")


def test_broken_files_become_read_errors_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1_empty.txt").write_bytes(b"")
    (tmp_path / "2_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "3_notes.xyz").write_text("plain words, not a known type")
    (tmp_path / "4_bad16.txt").write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")
    (tmp_path / "5_good.txt").write_text("The depot stored 600 tonnes of grain.")
    os.symlink("6_loop.txt", tmp_path / "6_loop.txt")
    os.symlink(tmp_path / "missing", tmp_path / "7_dangling.txt")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    docs, errors = docs_and_errors(tmp_path)
    assert [d.id for d in docs] == ["5_good.txt"]
    problems = {Path(e.path).name: e.problem for e in errors}
    assert problems["1_empty.txt"] == "empty file"
    assert problems["2_binary.txt"] == "binary file, not text"
    assert problems["3_notes.xyz"] == "unsupported file type"
    assert problems["4_bad16.txt"].startswith("invalid UTF-16")
    assert problems["6_loop.txt"] == "symlink loop"
    assert problems["7_dangling.txt"] == "broken symlink"
    assert problems["up"] == "symlink loop"


def test_missing_path_and_error_text(tmp_path: Path) -> None:
    [err] = list(iter_documents([tmp_path / "nope.txt"]))
    assert isinstance(err, ReadError)
    assert str(err) == f"{tmp_path / 'nope.txt'}: no such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text("x")
    f.chmod(0)
    [err] = list(iter_documents([f]))
    assert isinstance(err, ReadError) and err.problem == "permission denied"


def test_encodings(tmp_path: Path) -> None:
    text = "Café owners said 35 terraces reopened."
    (tmp_path / "a_utf16.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (tmp_path / "b_bom8.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "c_latin1.txt").write_bytes(text.encode("latin-1"))
    docs, errors = docs_and_errors(tmp_path)
    assert not errors
    assert [d.raw for d in docs] == [text, text, text]


def test_walk_order_hidden_entries_and_sniffing(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two 2.")
    (tmp_path / "a.txt").write_text("One 1.")
    (tmp_path / "c.page").write_text("  <p>Sniffed as HTML, 3 lines.</p>")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("secret")
    (tmp_path / ".dot.txt").write_text("secret")
    docs, errors = docs_and_errors(tmp_path)
    assert not errors
    assert [d.id for d in docs] == ["a.txt", "c.page", "2.txt"]
    assert docs[1].format == "html"
    again, _ = docs_and_errors(tmp_path)
    assert [d.id for d in again] == [d.id for d in docs]


def test_a_reader_crash_is_reported_not_raised(tmp_path: Path, monkeypatch) -> None:
    def boom(*_a, **_k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(read_mod, "html_document", boom)
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.txt").write_text("Still read: 5 items.")
    docs, errors = docs_and_errors(tmp_path)
    assert [d.id for d in docs] == ["b.txt"]
    assert "RuntimeError: kaput" in errors[0].problem


@pytest.mark.parametrize(("value", "expected"), [
    ("Fri, 07 Apr 2023 10:00:00 GMT", "2023-04-07"),
    ("2023-04-07T23:59:59-05:00", "2023-04-07"),
    ("7 April 2023", "2023-04-07"),
    ("07.04.2023", "2023-04-07"),
    ("yesterday", None),
    ("2023", None),
])
def test_jsonl_date_field_formats(tmp_path: Path, value: str, expected: str | None) -> None:
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": "Crews laid 9 km of cable.",
                                                  "date": value}))
    [doc] = list(iter_documents([tmp_path / "d.jsonl"]))
    assert isinstance(doc, Document) and doc.date == expected


# -- links: a folder from someone else may point anywhere on the machine -----------------------


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """`inbox/` holding an article, a subfolder, and links: to a secret file and a folder
    outside it (absolute, relative with `..`, through a chain), and to its own file and folder
    (directly, through a chain, through `..`)."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("root:x:0:0:root:/root said 5 users.")
    (outside / "deep" / "shadow.txt").write_text("root:$6$salt said 9 hashes.")
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_text("The council said 40 buses left.")
    (inbox / "sub" / "b.txt").write_text("The port said 12 ships waited.")
    os.symlink(outside / "secret.txt", inbox / "passwd.txt")  # absolute, out
    os.symlink(outside, inbox / "etc")  # a folder, out
    os.symlink("../../outside/deep/shadow.txt", inbox / "sub" / "up.txt")  # relative, out
    os.symlink("passwd.txt", inbox / "hop.txt")  # a chain that ends out
    os.symlink("sub/../a.txt", inbox / "alias.txt")  # in, through `..`
    os.symlink("alias.txt", inbox / "chain.txt")  # in, through a chain
    os.symlink("sub", inbox / "more")  # a folder, in
    os.symlink("../outside/..", inbox / "parent")  # a folder, out (the inbox's parent)
    return inbox


def _by_name(errors: list[ReadError]) -> dict[str, str]:
    return {Path(e.path).name: e.problem for e in errors}


def test_links_are_not_followed_unless_asked(linked: Path) -> None:
    docs, errors = docs_and_errors(linked)
    assert [d.id for d in docs] == ["a.txt", "b.txt"]
    assert _by_name(errors) == {
        "alias.txt": "symlink: skipped (--follow-links follows links inside the input)",
        "chain.txt": "symlink: skipped (--follow-links follows links inside the input)",
        "more": "symlink: skipped (--follow-links follows links inside the input)",
        "etc": "link leaves the input: skipped", "hop.txt": "link leaves the input: skipped",
        "parent": "link leaves the input: skipped",
        "passwd.txt": "link leaves the input: skipped", "up.txt": "link leaves the input: skipped",
    }


def test_links_are_followed_inside_the_input_only(linked: Path) -> None:
    items = list(iter_documents([linked], follow_links=True))
    docs = [x for x in items if isinstance(x, Document)]
    errors = [x for x in items if isinstance(x, ReadError)]
    assert [(d.id, d.source.path) for d in docs] == [
        ("a.txt", str(linked / "a.txt")), ("alias.txt", str(linked / "alias.txt")),
        ("chain.txt", str(linked / "chain.txt")), ("b.txt", str(linked / "more" / "b.txt")),
        ("b.txt", str(linked / "sub" / "b.txt"))]
    assert not any("root" in d.raw for d in docs)
    assert _by_name(errors) == {n: "link leaves the input: skipped"
                                for n in ("etc", "hop.txt", "parent", "passwd.txt", "up.txt")}


def test_a_link_given_as_the_input_is_read(linked: Path, tmp_path: Path) -> None:
    os.symlink(linked, tmp_path / "named")  # the user names the link: it is the input
    os.symlink(linked / "passwd.txt", tmp_path / "named_file.txt")
    docs, errors = docs_and_errors(tmp_path / "named", tmp_path / "named_file.txt")
    assert [d.id for d in docs] == ["a.txt", "b.txt", "named_file.txt"]
    assert len(errors) == 8
    # inside the folder it names, its links keep to the folder it resolves to
    items = list(iter_documents([tmp_path / "named"], follow_links=True))
    assert sorted(x.id for x in items if isinstance(x, Document)) == [
        "a.txt", "alias.txt", "b.txt", "b.txt", "chain.txt"]


def test_a_link_into_another_input_is_inside(linked: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    os.symlink(linked / "a.txt", other / "to_inbox.txt")
    items = list(iter_documents([other], follow_links=True, within=[linked]))
    assert [x.id for x in items] == ["to_inbox.txt"]
    [err] = iter_documents([other], follow_links=True)
    assert err.problem == "link leaves the input: skipped"


# -- text that older readers called binary ------------------------------------------------------

WIDE = ("Officials in Kharkiv said on Monday that 1,250 people had left — “in two days”.\n"
        "Київ: 300 евакуйованих.\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path: Path, codec: str) -> None:
    (tmp_path / "wide.txt").write_bytes(WIDE.encode(codec))
    (tmp_path / "wide.jsonl").write_bytes(
        (json.dumps({"text": WIDE}, ensure_ascii=False) + "\n").encode(codec))
    docs, errors = docs_and_errors(tmp_path)
    assert not errors
    assert [d.raw for d in docs] == [WIDE, WIDE]


def test_a_few_nul_bytes_are_dropped_not_called_binary(tmp_path: Path) -> None:
    data = ("The council said 40 buses left.\x00\x00 The port said 12 ships\x00 waited.\n"
            * 3).encode()
    (tmp_path / "nuls.txt").write_bytes(data)
    [doc], errors = docs_and_errors(tmp_path)
    assert not errors
    assert doc.raw == data.decode().replace("\x00", "")
    assert doc.source.data == data  # the original is archived as it came


@pytest.mark.parametrize("data", [
    b"<html>" + b"\x00" * 4096 + b"</html>",  # mostly NULs
    bytes(range(256)) * 8,  # every byte value
    b"\x01\x00\x02\x00\x03\x00" * 200,  # a NUL in every other byte, but not text
    "ok".encode("utf-16-le") + b"\x00\xd8" + "more text".encode("utf-16-le"),  # half a pair
])
def test_binaries_are_still_binary(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "x.txt").write_bytes(data)
    [err] = iter_documents([tmp_path / "x.txt"])
    assert isinstance(err, ReadError) and err.problem == "binary file, not text"


def test_a_lone_surrogate_in_a_jsonl_line_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text(
        '{"text": "Crews said 9 km \\ud800of cable.", "title": "Cable \\udc00",'
        ' "url": "https://news.example/\\udfff", "outlet": "\\ud83d"}\n'
        '{"text": "A pair is one character: \\ud83d\\ude00, 3 of them."}\n')
    first, second = iter_documents([tmp_path / "s.jsonl"])
    assert first.raw == "Crews said 9 km \ufffdof cable." and first.title == "Cable \ufffd"
    assert first.url == "https://news.example/\ufffd" and first.outlet == "\ufffd"
    assert second.raw == "A pair is one character: \U0001f600, 3 of them."


def test_a_jsonl_line_nested_too_deeply_costs_only_its_line(tmp_path: Path) -> None:
    (tmp_path / "deep.jsonl").write_text(
        '{"text": "One 1."}\n' + "[" * 200_000 + "]" * 200_000 + '\n{"text": "Three 3."}\n')
    first, err, third = iter_documents([tmp_path / "deep.jsonl"])
    assert (first.id, third.id) == ("deep.jsonl#1", "deep.jsonl#3")
    assert str(err) == f"{tmp_path / 'deep.jsonl'}#2: invalid JSON: nested too deeply"


def test_a_file_name_that_is_not_utf8_is_stored_as_it_is_shown(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9 \xff.txt")).write_text("The depot stored 600 tonnes.")
    (tmp_path / os.fsdecode(b"bin\xff.txt")).write_bytes(b"\x00\x01\x02" * 100)
    err, doc = iter_documents([tmp_path])
    assert doc.id == "caf\\xe9 \\xff.txt" and doc.source.path == str(tmp_path / doc.id)
    assert str(err) == f"{tmp_path}/bin\\xff.txt: binary file, not text"
    assert (doc.id + doc.source.path + str(err)).encode("utf-8")  # UTF-8 holds them
