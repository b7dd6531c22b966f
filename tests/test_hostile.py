"""Hostile and broken input (issue 5): one folder of everything that goes wrong with files,
generated here, ingested by one `claimledger run` in a subprocess.

Every file is processed (at least one stored document) or reported (one line
"error: <path>: <problem>" on stderr naming it; a JSONL line or WARC page that fails is one
line "error: <path>#<n>: <problem>"); the batch finishes; the exit status is 1;
the peak memory of the run stays bounded; the three ordinary articles lose nothing; nothing of
a hostile page's scripts reaches the stored text.

Paths in error lines are printed with control characters escaped as in a Python literal
(a newline in a file name is the two characters backslash and n), so one error stays one line.

Two bugs it found outside the readers (measure ids in non-Latin scripts, raw paths in the
pipeline's error lines) are fixed; their tests now pass.

Issue 11 added links out of the folder (to a file and a folder outside it: nothing of theirs
may be archived) and inside it (reported: links are followed only with --follow-links), UTF-16
without a byte order mark, stray and padding NULs, lone surrogates in JSONL and a file name
that is not UTF-8 (each was a UnicodeEncodeError, the name's a traceback that ended the
batch), WARCs cut inside a header or lying about a length, and javascript:/data: URLs, which
must not reach the csv and claimreview exports.

For the release note: `python -m pytest tests/test_hostile.py -q -s` prints
"hostile input: N files tried, P processed, R reported, lost L".
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import re
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.read import ReadError

PEAK_RSS_LIMIT = 1536 * 1024 * 1024  # 1.5 GiB: the model, a batch, never a whole big file
BIG_FILE_BYTES = 100 * 1024 * 1024
RUN_TIMEOUT = 900  # seconds

# -- the three ordinary articles, with the figures their claims must carry ------------------

GOOD = {
    "good_bridge.txt": (
        "Bridge reopens after repairs\n\n"
        "The Antonivskyi bridge reopened on Monday after repairs costing 12 million euros, "
        "the regional governor, Petro Hrytsenko, said. About 4,500 vehicles crossed it on "
        "the first day, police said.\n",
        ["12 million", "4,500"],
    ),
    "good_strike.txt": (
        "Dock workers strike in Hamburg\n\n"
        "Some 3,000 dock workers walked out in Hamburg on Thursday, the ver.di union said. "
        "The port operator said 40 ships were waiting to unload.\n",
        ["3,000", "40"],
    ),
    "good_harvest.txt": (
        "Harvest falls short\n\n"
        "Farmers harvested 21 million tonnes of wheat this year, the agriculture ministry "
        "said on Friday, down from 33 million tonnes a year earlier.\n",
        ["21 million", "33 million"],
    ),
}

# A page full of active content; its article paragraphs must survive, its scripts must not.
HOSTILE_PAGE = """<!doctype html>
<html lang="en"><head><title>Shelters open in Lviv</title>
<script>alert(1)</script><script src="https://evil.example/x.js"></script>
<style>body{background:url("javascript:alert(1)")}</style>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
</head>
<body onload="alert(1)">
<iframe src="javascript:alert(1)"></iframe>
<iframe src="https://evil.example/frame" onload="alert(1)">fallback alert(1)</iframe>
<article>
<h1 onmouseover="alert(1)">Shelters open in Lviv</h1>
<p onclick="alert(1)">The city council said on Tuesday that 2,300 people had moved into the
new shelters in Lviv.<script>document.write('<img src=x onerror=alert(1)>')</script></p>
<img src="x" onerror="alert(1)" alt="">
<svg onload="alert(1)"><script>alert(1)</script></svg>
<p>The mayor, Andriy Sadovyi, said <a href="javascript:alert(1)" onfocus="alert(1)">another
800 beds</a> would be ready by Friday.</p>
<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">
<noscript><script>alert(1)</script></noscript>
<template><script>alert(1)</script></template>
</article>
<script>
  for (;;) { alert(1) }
</script>
<script>alert(1)
"""
SCRIPT_TRACES = ("<script", "onerror", "alert(", "javascript:", "onload", "document.write")

# A UTF-8 article with a stray byte, an invalid sequence and a character cut in half: still
# UTF-8 (its curly quotes and dashes must survive) when it is stored at all.
DAMAGED_UTF8 = (
    "Evacuation in Sumy\n\nPresident Zelenskyy’s office said on Monday that 1,900 people — "
    "about a third of them children — had left Sumy, “despite the shelling”.".encode()
    + b" \xff Stray \xc3\x28 bytes. The governor said 250 buses were used.\n"
    + "—".encode()[:2]
)
CYRILLIC = (
    "Київ, 5 березня. Міська рада повідомила, що 1 200 мешканців евакуювали з Ірпеня у вівторок. "
    "Понад 300 з них — діти.\n"
)
ARABIC_NAME = "أخبار الإجلاء.txt"
NOT_UTF8_NAME = os.fsdecode(b"caf\xe9 \xff\xfe report.txt")  # Latin-1 bytes in a name
OUTSIDE = "outside the input"  # a folder beside the input, which links point into
SECRET = "root:x:0:0:root:/root:/bin/bash\nThe secret service said 777 agents were hired.\n"
HOSTILE_URLS = ("javascript:alert(document.cookie)",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                " JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "file:///etc/passwd")


def article(topic: str, figure: str) -> str:
    return (f"{topic}\n\nOfficials said {figure} residents were evacuated from the town on "
            f"Wednesday, the regional governor said.\n")


@dataclass
class Expect:
    """What a file must come to: 'processed', 'reported', or 'either'."""

    outcome: str
    figures: list[str] = field(default_factory=list)  # figures its claims must carry
    text: list[str] = field(default_factory=list)  # strings its stored text must contain


def build_folder(folder: Path) -> dict[str, Expect]:
    """Write the hostile folder; return what each entry (by name) must come to."""
    folder.mkdir(parents=True)
    expect: dict[str, Expect] = {}

    def put(name: str, data: bytes | str, outcome: str, **kw) -> Path:
        path = folder / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        expect[name] = Expect(outcome, **kw)
        return path

    for name, (text, figures) in GOOD.items():
        put(name, text, "processed", figures=figures)

    # empty, whitespace-only and binary files
    put("empty.txt", b"", "reported")
    put("empty.html", b"", "reported")
    put("empty.jsonl", b"", "reported")
    put("blank.txt", b" \n\t\r\n   \n", "reported")
    put("random.bin", random.Random(5).randbytes(8192), "reported")
    put("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16,
        "reported")
    put("nul_bytes.html", b"<html>" + b"\x00" * 4096 + b"</html>", "reported")

    # encodings: UTF-8 with bad bytes in it, UTF-16 with a BOM, Windows-1251 Cyrillic
    put("invalid_utf8.txt", DAMAGED_UTF8, "either", text=["Zelenskyy’s", "— about"])
    put("only_bad_bytes.txt", b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 50,
        "either")
    put("utf16_bom.txt", article("Wide text", "2,600").encode("utf-16"), "processed",
        figures=["2,600"], text=["Wide text"])
    put("utf16le_bom.html",
        b"\xff\xfe" + ("<html><body><p>" + article("Little end", "2,700")
                       + "</p></body></html>").encode("utf-16-le"),
        "processed", figures=["2,700"], text=["Little end"])
    put("cyrillic_cp1251.txt", CYRILLIC.encode("cp1251"), "processed",
        text=["Міська рада", "евакуювали"])

    # 100 MB of text: too large to be an article; must not be read whole
    big = folder / "huge.txt"
    paragraph = article("Endless", "5,000").encode("utf-8")
    block = paragraph * (1024 * 1024 // len(paragraph) + 1)
    with open(big, "wb") as f:
        written = 0
        while written < BIG_FILE_BYTES:
            f.write(block)
            written += len(block)
    expect[big.name] = Expect("either")
    # 9 MB: under the reader's cap, over the run's default --max-bytes (8M), a newline in its name
    put("big\nname.txt", paragraph * (9 * 1024 * 1024 // len(paragraph)), "either")

    # HTML nested 10,000 deep, closed and unclosed
    put("nested_10000.html",
        "<html><body>" + "<div>" * 10_000 + "<p>" + article("Deep", "6,100") + "</p>"
        + "</div>" * 10_000 + "</body></html>", "either")
    put("nested_unclosed.html",
        "<html><body>" + "<span><b><i>" * 4_000 + article("Deeper", "6,200"), "either")

    # scripts, iframes and on* attributes around a real article
    put("hostile_page.html", HOSTILE_PAGE, "processed", figures=["2,300"],
        text=["2,300 people", "Andriy Sadovyi"])

    # JSONL: good lines, broken lines (checked line by line below)
    lines = [
        json.dumps({"text": article("Line one", "7,100"), "title": "Line one"}).encode(),
        b'{"text": "an unterminated string',
        json.dumps({"html": "<p>" + article("Line three", "7,300") + "</p><script>alert(1)"
                    "</script>", "url": "https://news.example/3"}).encode(),
        b"[1, 2, 3]",
        b'{"text": "caf\xe9 \xff broken bytes"}',
        b"",
        json.dumps({"title": "no body at all"}).encode(),
        b"\x00\x01\x02 not json",
        json.dumps({"text": article("Line nine", "7,900")}).encode(),
        b'{"text": ',  # cut mid-line, no newline at the end
    ]
    put("feed.jsonl", b"\n".join(lines), "processed")
    put("all_broken.jsonl", b"{not json}\n[]\n\"a string\"\n", "reported")

    # a WARC cut in the middle of its third record
    put("crawl.warc.gz", truncated_warc(), "processed")

    # file names: spaces, quotes, a newline, Cyrillic and Arabic letters
    put("with some spaces.txt", article("Spaces", "8,100"), "processed", figures=["8,100"])
    put("it's \"quoted\".txt", article("Quotes", "8,200"), "processed", figures=["8,200"])
    put("new\nline.txt", article("Newline", "8,300"), "processed", figures=["8,300"])
    put("Новини Київ.txt", article("Cyrillic name", "8,400"), "processed", figures=["8,400"])
    put(ARABIC_NAME, article("Arabic name", "8,500"), "processed", figures=["8,500"])
    put("bad\nname\r\x1b[31m.bin", random.Random(6).randbytes(2048), "reported")

    # symlinks: a loop back to the folder, a link to itself, a dangling one
    os.symlink(".", folder / "loop")
    expect["loop"] = Expect("reported")
    os.symlink("self_link.txt", folder / "self_link.txt")
    expect["self_link.txt"] = Expect("reported")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    expect["dangling.txt"] = Expect("reported")

    # a named pipe: reading it would block forever
    os.mkfifo(folder / "pipe.txt")
    expect["pipe.txt"] = Expect("reported")

    # an unreadable file (root reads it anyway: then it is simply processed)
    locked = put("locked.txt", article("Locked", "9,100"), "either")
    locked.chmod(0)

    build_issue_11(folder, put, expect)
    return expect


def build_issue_11(folder: Path, put, expect: dict[str, Expect]) -> None:
    """The hostile inputs issue 11 added (see the module docstring)."""
    # links out of the folder: an absolute one to a file, one to a folder, a relative one
    # through "..", a chain ending outside, one to a device; never read, with or without
    # --follow-links. Their targets are in a folder beside the input, never the real /etc.
    outside = folder.parent / OUTSIDE
    (outside / "etc").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET)
    (outside / "etc" / "shadow.txt").write_text(SECRET)
    links = {"passwd.txt": outside / "secret.txt", "etc": outside / "etc",
             "up_and_out.txt": Path("..") / OUTSIDE / "secret.txt", "hop.txt": "passwd.txt",
             "dev_zero.txt": "/dev/zero",
             # and links inside it, to a file, and through ".." back in: not followed unless
             # asked (--follow-links), and reported
             "alias.txt": "good_bridge.txt",
             "back_in.txt": Path("..") / folder.name / "good_strike.txt"}
    for name, target in links.items():
        os.symlink(target, folder / name)
        expect[name] = Expect("reported")

    # UTF-16 without a byte order mark, both ways round; a text with a few stray NULs; a
    # text padded with NULs (a write cut short): text, not binaries; a lone UTF-8 BOM: empty
    put("utf16le_nobom.txt", article("No mark little", "2,810").encode("utf-16-le"),
        "processed", figures=["2,810"], text=["No mark little"])
    put("utf16be_nobom.txt", article("No mark big", "2,820").encode("utf-16-be"),
        "processed", figures=["2,820"], text=["No mark big"])
    put("stray_nuls.txt", article("Stray\x00 nuls", "2,830").replace(" residents",
                                                                      "\x00 residents"),
        "processed", figures=["2,830"], text=["Stray nuls"])
    put("nul_padded.txt", article("Padded", "2,840").encode() + b"\x00" * 4096, "processed",
        figures=["2,840"])
    put("bom_only.txt", b"\xef\xbb\xbf", "reported")

    # JSONL: lone surrogate escapes in text, title and url; URLs that run code; a line nested
    # too deeply for the parser between two good ones; UTF-16 without a byte order mark
    put("surrogates.jsonl", "\n".join([
        '{"text": "Officials said 4,010 residents \\ud800were evacuated, the governor said."}',
        '{"text": "Officials said 4,020 residents were evacuated.", "title": "Half \\udc00"}',
        '{"text": "Officials said 4,030 residents left.", "url": "https://x.example/\\udfff"}',
    ]), "processed")
    put("javascript_url.jsonl", "\n".join(
        json.dumps({"text": article(f"Link {n}", f"4,1{n}0"), "url": url})
        for n, url in enumerate(HOSTILE_URLS)), "processed")
    put("deep_nesting.jsonl", json.dumps({"text": article("Before", "4,210")}) + "\n"
        + "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": article("After", "4,230")}),
        "processed")
    put("utf16_nobom.jsonl", (json.dumps({"text": article("Wide line", "4,310")}) + "\n")
        .encode("utf-16-le"), "processed", figures=["4,310"])

    # WARCs: cut inside the second record's header; a response without its target URI between
    # two good pages; a record claiming a terabyte; empty; a .gz that is not gzip
    put("cut_in_header.warc", cut_in_header_warc(), "processed")
    put("no_target_uri.warc", no_target_uri_warc(), "processed")
    put("lying_length.warc", lying_length_warc(), "processed")
    put("empty.warc", b"", "reported")
    put("not_gzip.warc.gz", article("Plain", "4,410"), "reported")

    # a file name that is not UTF-8 (stored as shown: caf\xe9 \xff\xfe report.txt); a socket
    put(NOT_UTF8_NAME, article("Latin-1 name", "8,600"), "processed", figures=["8,600"])
    with socket.socket(socket.AF_UNIX) as sock:
        here = os.getcwd()
        os.chdir(folder)  # a socket's path is limited to ~100 bytes: bind a relative one
        try:
            sock.bind("socket.txt")
        finally:
            os.chdir(here)
    expect["socket.txt"] = Expect("reported")


def warc_pages(*figures: str) -> tuple[bytes, list[int]]:
    """A plain WARC of one HTML page per figure, and where each record ends."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    ends = []
    for n, figure in enumerate(figures, start=1):
        body = (f"<html><head><title>Page {n}</title></head><body><article>"
                f"<p>{article(f'Archived page {n}', figure)}</p></article></body></html>")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.example/a{n}", "response", payload=io.BytesIO(body.encode()),
            http_headers=http, warc_headers_dict={"WARC-Date": f"2024-04-0{n}T10:00:00Z"}))
        ends.append(buf.tell())
    return buf.getvalue(), ends


def cut_in_header_warc() -> bytes:
    data, ends = warc_pages("3,510", "3,520")
    return data[: ends[0] + 40]  # inside "WARC-Record-ID: <urn:uuid:..."


def no_target_uri_warc() -> bytes:
    data, ends = warc_pages("3,610", "3,620", "3,630")
    uri = data.index(b"WARC-Target-URI: ", ends[0])
    return data[:uri] + data[data.index(b"\r\n", uri) + 2:]


def lying_length_warc() -> bytes:
    data, ends = warc_pages("3,710", "3,720")
    at = data.index(b"Content-Length: ", ends[0])
    end = data.index(b"\r\n", at)
    return data[:at] + b"Content-Length: 1000000000000" + data[end:]


def truncated_warc() -> bytes:
    """Three HTML pages in a per-record gzipped WARC, cut in the middle of the third."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    ends = []
    for n, figure in enumerate(["3,100", "3,200", "3,300"], start=1):
        body = (f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
                f"<p>{article(f'Crawled page {n}', figure)}</p></article></body></html>")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/page{n}", "response", payload=io.BytesIO(body.encode()),
            http_headers=http, warc_headers_dict={"WARC-Date": f"2024-03-0{n}T10:00:00Z"})
        writer.write_record(record)
        ends.append(buf.tell())
    data = buf.getvalue()
    cut = ends[1] + (ends[2] - ends[1]) // 2
    assert gzip.decompress(data[: ends[1]])  # the first two members are whole
    return data[:cut]


# -- the run --------------------------------------------------------------------------------


@dataclass
class HostileRun:
    folder: Path
    expect: dict[str, Expect]
    returncode: int
    seconds: float
    peak_rss: int  # bytes
    stdout: str
    stderr: str
    docs: dict[str, str]  # stored document id -> clean text
    figures: dict[str, list[str]]  # document id -> figures of its claims
    db: Path
    paths: list[str] = field(default_factory=list)  # of every archived original
    per_file: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    # entry name -> (ids of its stored documents, its error lines)

    @property
    def processed(self) -> list[str]:
        return [n for n, (docs, _) in self.per_file.items() if docs]

    @property
    def reported(self) -> list[str]:
        return [n for n, (docs, errs) in self.per_file.items() if not docs and errs]

    @property
    def lost(self) -> list[str]:
        return [n for n, (docs, errs) in self.per_file.items() if not docs and not errs]

    def summary(self) -> str:
        partial = sum(1 for n in self.processed if self.per_file[n][1])
        crash = "; CRASHED: a traceback on stderr" if "Traceback" in self.stderr else ""
        return (f"hostile input: {len(self.per_file)} files tried, {len(self.processed)} "
                f"processed, {len(self.reported)} reported, lost {len(self.lost)} "
                f"({partial} processed in part with their broken parts reported; exit status "
                f"{self.returncode}; peak RSS {self.peak_rss / 2**20:.0f} MiB; "
                f"{self.seconds:.0f} s{crash})")


def shown(path: Path | str) -> str:
    """A path as error lines print it: control characters escaped, as in a Python literal,
    and a byte of a name that is not UTF-8 as \\xNN (as its document id is stored)."""
    return "".join(c if c.isprintable() else stored(c) if "\udc80" <= c <= "\udcff"
                   else repr(c)[1:-1] for c in str(path))


def stored(name: str) -> str:
    """A file name as its document id: the bytes of a name that is not UTF-8 as \\xNN."""
    return re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", name)


def run_cli(folder: Path, db: Path, out: Path) -> tuple[int, float, int, str, str]:
    """`claimledger run FOLDER --db DB` in a subprocess: (status, seconds, peak RSS, out, err).
    The peak RSS comes from wait4(), which reports it for this child alone."""
    cli = "from claimledger.cli import main; main(prog_name='claimledger')"
    cmd = [sys.executable, "-c", cli, "run", str(folder), "--db", str(db)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    src = Path(__file__).resolve().parents[1] / "src"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(src)) if p)
    started = time.monotonic()
    with open(out / "stdout", "wb") as so, open(out / "stderr", "wb") as se:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=so, stderr=se, env=env)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > RUN_TIMEOUT:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"claimledger run did not finish in {RUN_TIMEOUT} s")
            time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    # bytes, decoded without newline translation: a "\r" printed raw must stay visible
    so, se = ((out / n).read_bytes().decode("utf-8", "backslashreplace")
              for n in ("stdout", "stderr"))
    return proc.returncode, seconds, usage.ru_maxrss * 1024, so, se


def hostile_run(tmp: Path) -> HostileRun:
    """Build the folder under `tmp`, run the CLI on it once, and sort out what became of each
    entry. The numbers for the release note are in `.summary()`."""
    folder = tmp / "hostile inputs"
    expect = build_folder(folder)
    assert sorted(expect) == sorted(os.listdir(folder))  # every entry has its expectation
    db = tmp / "ledger.db"
    try:
        code, seconds, peak, out, err = run_cli(folder, db, tmp)
    finally:
        (folder / "huge.txt").unlink()  # 100 MB: gone as soon as it has been tried
        (folder / "locked.txt").chmod(stat.S_IRUSR | stat.S_IWUSR)

    docs: dict[str, str] = {}
    figures: dict[str, list[str]] = {}
    paths: list[str] = []
    if db.exists():
        with closing(sqlite3.connect(db)) as con:
            docs = dict(con.execute("SELECT id, coalesce(clean_text, '') FROM documents"))
            for doc, fig in con.execute("SELECT doc, figure FROM claims"):
                figures.setdefault(doc, []).append(fig)
            paths = [p for (p,) in con.execute("SELECT path FROM sources")]
    run = HostileRun(folder, expect, code, seconds, peak, out, err, docs, figures, db, paths)
    for name in sorted(expect):
        errs: list[str] = []
        # the printable form, as error lines must show it; the raw one, to tell a file reported
        # with its newline printed as is (see test_a_newline_...) from a lost one
        for form in dict.fromkeys((shown(folder / name), str(folder / name))):
            head = re.compile("^" + re.escape(f"error: {form}") + "(?=: |#)", re.M)
            for m in head.finditer(err):
                end = err.find("\n", m.end())
                errs.append(err[m.start():end if end >= 0 else len(err)])
        ids = [d for d in docs if d == stored(name) or d.startswith(stored(name) + "#")]
        run.per_file[name] = (ids, errs)
    return run


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileRun:
    run = hostile_run(tmp_path_factory.mktemp("hostile"))
    print("\n" + run.summary())
    return run


# -- the checks ------------------------------------------------------------------------------


def test_the_batch_finishes_and_every_file_is_accounted_for(hostile: HostileRun):
    summary = hostile.summary()
    assert hostile.returncode == 1, f"{summary}\n{hostile.stderr}"  # something failed
    assert not hostile.lost, f"{summary}: lost {hostile.lost}\nstderr:\n{hostile.stderr}"
    for name, (ids, errs) in hostile.per_file.items():
        # what each line is about: the whole file (""), or one part of it ("#3": a JSONL line,
        # a WARC page); one line at most for each
        forms = (f"error: {shown(hostile.folder / name)}", f"error: {hostile.folder / name}")
        about = [next(e.removeprefix(f) for f in forms if e.startswith(f)).split(": ", 1)[0]
                 for e in errs]
        assert len(about) == len(set(about)), f"{name!r} is reported twice: {errs}"
        want = hostile.expect[name].outcome
        if want == "processed":
            assert ids, f"{name!r} should be stored; stderr: {errs}"
        elif want == "reported":
            assert not ids and errs, f"{name!r} should be reported, stored as {ids}"


def test_no_traceback(hostile: HostileRun):
    assert "Traceback" not in hostile.stderr + hostile.stdout, hostile.stderr


def test_every_stderr_line_is_one_error_naming_an_input(hostile: HostileRun):
    named = {e for _, errs in hostile.per_file.values() for e in errs}
    # a crash is test_no_traceback's business; every line before it is checked here
    before_crash = hostile.stderr.partition("Traceback (most recent call last):")[0]
    for known in hostile.per_file["big\nname.txt"][1]:  # tested on its own below
        before_crash = before_crash.replace(known + "\n", "")
    for line in before_crash.splitlines():
        assert line.startswith("error: "), f"not an error line: {line!r}"
        assert line in named, f"an error line that names no input: {line!r}"
        problem = line.removeprefix("error: ").rsplit(": ", 1)[-1]
        assert problem.strip(), f"an error without a problem: {line!r}"


def test_a_newline_in_a_file_name_is_escaped_in_a_read_error(hostile: HostileRun):
    [line] = hostile.per_file["bad\nname\r\x1b[31m.bin"][1]
    assert line.startswith(f"error: {hostile.folder}/bad\\nname\\r\\x1b[31m.bin: binary")
    assert "\x1b" not in hostile.stderr and "\r" not in hostile.stderr


def test_a_newline_in_a_file_name_is_escaped_in_a_document_error(hostile: HostileRun):
    ids, errs = hostile.per_file["big\nname.txt"]
    if ids:
        pytest.skip("this run has no cap on a document's size (--max-bytes)")
    [line] = errs
    assert line.startswith(f"error: {hostile.folder}/big\\nname.txt: document too large")


def test_peak_memory_stays_bounded(hostile: HostileRun):
    assert hostile.peak_rss < PEAK_RSS_LIMIT, hostile.summary()


def test_the_ordinary_articles_lose_nothing(hostile: HostileRun):
    for name, want in hostile.expect.items():
        # the claims of its document, or of its lines (JSONL) or pages (WARC)
        found = [f for doc in hostile.per_file[name][0] for f in hostile.figures.get(doc, [])]
        for figure in want.figures:
            assert any(figure in f for f in found), f"{name!r}: no claim on {figure}: {found}"
        if name in hostile.docs:  # an 'either' file may be reported instead
            for text in want.text:
                assert text in hostile.docs[name], f"{name!r}: {text!r} not in its stored text"


def test_no_script_reaches_the_stored_text(hostile: HostileRun):
    page = hostile.docs["hostile_page.html"]
    assert "2,300 people" in page and "800 beds" in page
    for doc_id, text in hostile.docs.items():
        for trace in SCRIPT_TRACES:
            assert trace not in text, f"{doc_id!r} keeps {trace!r}: {text!r}"


def test_broken_jsonl_lines_are_reported_one_by_one(hostile: HostileRun):
    ids, errs = hostile.per_file["feed.jsonl"]
    assert sorted(ids) == ["feed.jsonl#1", "feed.jsonl#3", "feed.jsonl#9"]
    where = shown(hostile.folder / "feed.jsonl")
    reported = sorted(int(e.removeprefix(f"error: {where}#").split(":", 1)[0]) for e in errs)
    assert reported == [2, 4, 5, 7, 8, 10], errs
    assert "7,100" in hostile.figures["feed.jsonl#1"]


def test_a_truncated_warc_gives_its_good_pages_and_one_error(hostile: HostileRun):
    ids, errs = hostile.per_file["crawl.warc.gz"]
    assert sorted(ids) == ["crawl.warc.gz#1", "crawl.warc.gz#2"]
    [line] = errs
    assert line.startswith(f"error: {shown(hostile.folder / 'crawl.warc.gz')}: ")
    assert "trunc" in line or "corrupt" in line


def test_the_huge_file_is_reported_or_processed_in_bounded_memory(hostile: HostileRun):
    ids, errs = hostile.per_file["huge.txt"]
    assert ids or any("too large" in e for e in errs), errs


# -- issue 11: links, text that was called binary, surrogates, WARC headers, URLs -------------

INTERNALS = re.compile(r"\b\w*Error\b|\[E\d+\]|NoneType|Traceback|surrogates not allowed")


def test_nothing_outside_the_folder_is_archived(hostile: HostileRun):
    assert hostile.paths and all(p.startswith(f"{hostile.folder}{os.sep}")
                                 for p in hostile.paths), hostile.paths
    for doc_id, text in hostile.docs.items():
        assert "777 agents" not in text and "root:x" not in text, doc_id
    for name in ("passwd.txt", "etc", "up_and_out.txt", "hop.txt", "dev_zero.txt"):
        assert hostile.per_file[name][1] == [
            f"error: {hostile.folder / name}: link leaves the input: skipped"], name


def test_links_inside_the_folder_are_reported_not_followed(hostile: HostileRun):
    for name in ("alias.txt", "back_in.txt"):
        assert hostile.per_file[name][1] == [
            f"error: {hostile.folder / name}: symlink: skipped (--follow-links follows links "
            "inside the input)"], name


def test_no_error_line_carries_a_librarys_exception_text(hostile: HostileRun):
    for _, errs in hostile.per_file.values():
        for line in errs:
            assert not INTERNALS.search(line), line


def test_lone_surrogates_are_stored_replaced(hostile: HostileRun):
    ids, errs = hostile.per_file["surrogates.jsonl"]
    assert sorted(ids) == [f"surrogates.jsonl#{n}" for n in (1, 2, 3)] and not errs
    assert "4,010 residents \ufffdwere evacuated" in hostile.docs["surrogates.jsonl#1"]


def test_a_jsonl_line_nested_too_deeply_costs_only_its_line(hostile: HostileRun):
    ids, errs = hostile.per_file["deep_nesting.jsonl"]
    assert sorted(ids) == ["deep_nesting.jsonl#1", "deep_nesting.jsonl#3"]
    assert errs == [f"error: {hostile.folder / 'deep_nesting.jsonl'}#2: invalid JSON: nested "
                    "too deeply"]


def test_the_file_name_that_is_not_utf8_is_stored_as_shown(hostile: HostileRun):
    assert "caf\\xe9 \\xff\\xfe report.txt" in hostile.docs
    assert "8,600" in hostile.figures["caf\\xe9 \\xff\\xfe report.txt"][0]


@pytest.mark.parametrize("name, pages, problem", [
    ("cut_in_header.warc", 1, "truncated or corrupt archive: the record at offset"),
    ("no_target_uri.warc", 2, "is a response without a WARC-Target-URI; skipped"),
    ("lying_length.warc", 1, "truncated archive: the record at offset"),
])
def test_a_damaged_warc_gives_its_good_pages_and_one_plain_line(hostile: HostileRun, name,
                                                                 pages, problem):
    ids, errs = hostile.per_file[name]
    assert sorted(ids) == [f"{name}#{n}" for n in range(1, pages + 1)]
    [line] = errs
    assert problem in line


def test_exports_carry_no_link_that_runs_code(hostile: HostileRun, tmp_path: Path):
    from click.testing import CliRunner

    from claimledger.cli import main

    assert sorted(hostile.per_file["javascript_url.jsonl"][0]) == [
        f"javascript_url.jsonl#{n}" for n in range(1, len(HOSTILE_URLS) + 1)]
    runner = CliRunner()
    out = tmp_path / "claims.csv"
    assert runner.invoke(main, ["export", "--db", str(hostile.db), "--format", "csv",
                                "--out", str(out)]).exit_code == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        urls = {row["doc_url"] for row in csv.DictReader(f)}
    assert urls and all(u == "" or u.startswith(("http://", "https://")) for u in urls), urls
    result = runner.invoke(main, ["export", "--db", str(hostile.db), "--format", "claimreview"])
    works = [a for c in json.loads(result.stdout)["@graph"] for a in c["appearance"]]
    assert works and all(w["url"].startswith(("http://", "https://", "urn:sha256:"))
                         for w in works)


def test_verify_rederives_every_hostile_document(hostile: HostileRun):
    from click.testing import CliRunner

    from claimledger.cli import main

    result = CliRunner().invoke(main, ["verify", "--db", str(hostile.db)])
    assert result.exit_code == 0 and "OK" in result.output, result.output


@pytest.fixture
def linked_folder(tmp_path: Path) -> Path:
    """A folder with an article, a subfolder, links inside it (to the article, to the
    subfolder) and out of it (a secret file, a folder of them)."""
    outside = tmp_path / OUTSIDE
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(article("Inside", "5,110"))
    (folder / "sub" / "b.txt").write_text(article("Below", "5,120"))
    os.symlink("a.txt", folder / "alias.txt")
    os.symlink("sub", folder / "more")
    os.symlink(outside / "secret.txt", folder / "passwd.txt")
    os.symlink(outside, folder / "etc")
    return folder


def test_follow_links_reads_links_inside_and_never_outside(linked_folder: Path, tmp_path: Path):
    from click.testing import CliRunner

    from claimledger.cli import main

    db = tmp_path / "follow.db"
    result = CliRunner().invoke(main, ["run", str(linked_folder), "--db", str(db),
                                       "--follow-links"])
    assert result.exit_code == 1, result.output
    assert sorted(result.stderr.splitlines()) == [
        f"error: {linked_folder / 'etc'}: link leaves the input: skipped",
        f"error: {linked_folder / 'passwd.txt'}: link leaves the input: skipped"]
    with closing(sqlite3.connect(db)) as con:
        texts = dict(con.execute("SELECT id, clean_text FROM documents"))
        paths = [p for (p,) in con.execute("SELECT path FROM sources")]
    assert {"a.txt", "alias.txt", "b.txt"} <= set(texts)
    assert not any("777 agents" in t for t in texts.values())
    assert all(p.startswith(f"{linked_folder}{os.sep}") for p in paths)


def test_the_walk_after_a_reader_crash_keeps_to_the_input(linked_folder: Path, monkeypatch):
    import claimledger.pipeline as pipeline

    real = pipeline.iter_documents

    def crashing(paths, **options):  # a reader bug on the first file of the folder
        for _ in real(paths, **options):
            if len(paths) == 1 and Path(paths[0]).is_dir():
                raise RuntimeError("reader bug")
            yield _

    monkeypatch.setattr(pipeline, "iter_documents", crashing)
    for follow in (False, True):
        items = list(pipeline._read([str(linked_folder)], follow))
        read = [x.source.path for x in items if not isinstance(x, ReadError)]
        assert read and not any("secret" in p or "passwd" in p or "etc" in p for p in read)
        assert all(p.startswith(str(linked_folder)) for p in read)
        assert not any("777 agents" in x.raw for x in items if hasattr(x, "raw"))


def test_a_named_input_that_is_not_utf8_is_read_and_stored_as_shown(tmp_path: Path):
    from click.testing import CliRunner

    from claimledger.cli import main

    named = tmp_path / os.fsdecode(b"named \xff.txt")
    named.write_text(article("Named", "5,310"))
    db = tmp_path / "named.db"
    result = CliRunner().invoke(main, ["run", str(named), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(db)) as con:
        assert [i for (i,) in con.execute("SELECT id FROM documents")] == ["named \\xff.txt"]
        assert json.loads(con.execute("SELECT inputs FROM runs").fetchone()[0]) == [
            stored(str(named))]


def test_an_extraction_failure_is_one_line_in_our_words(tmp_path: Path, monkeypatch):
    from spacy.errors import Errors

    import claimledger.extract
    from claimledger.pipeline import run
    from claimledger.store import Store

    def too_long(*_a, **_k):
        raise ValueError(Errors.E088.format(length=7_000_000, max_length=1_000_000))

    monkeypatch.setattr(claimledger.extract, "extract_claims", too_long)
    (tmp_path / "long.txt").write_text(article("Long", "5,210"))
    with Store(tmp_path / "e088.db") as store:
        report = run([tmp_path / "long.txt"], store)
    assert report.errors == [f"{tmp_path / 'long.txt'}: extraction failed: text too long for "
                             "the parser (7,000,000 characters)"]


def test_a_lone_surrogate_that_reaches_the_store_is_named_not_quoted():
    from claimledger.pipeline import _problem

    try:
        "said \ud800".encode("utf-8")
    except UnicodeEncodeError as e:
        assert _problem(e) == ("text holds a lone surrogate (half a UTF-16 pair), which UTF-8 "
                               "cannot store")


# -- the reader fixes this suite called for, checked in-process --------------------------------


def test_a_read_error_is_one_printable_line():
    from claimledger.read import ReadError, one_line

    e = ReadError("in/a\nb\r\x1b[31m\u2028c.txt", "bad\nthing")
    assert str(e) == "in/a\\nb\\r\\x1b[31m\\u2028c.txt: bad\\nthing"
    assert one_line("Київ أخبار it's \"q\" a b.txt") == "Київ أخبار it's \"q\" a b.txt"


@pytest.mark.parametrize("text, codec", [
    ("МІСЬКА РАДА ІРПІНЬ: ЕВАКУАЦІЯ ТРИВАЄ, ІНФОРМАЦІЯ ДЛЯ МЕШКАНЦІВ", "cp1251"),
    (CYRILLIC, "cp1251"),
    ("Москва сообщила, что 402 000 человек были вывезены. Всё тише.", "cp1251"),
    ("Le ministère a déclaré à Besançon — «Zoë» — que 1 200 élèves ont quitté l'école.",
     "cp1252"),
])
def test_legacy_text_is_still_read_as_legacy(text, codec):
    from claimledger.read.decode import decode_bytes

    assert decode_bytes(text.encode(codec)) == text


def test_utf8_with_a_few_bad_bytes_stays_utf8():
    from claimledger.read.decode import decode_bytes

    text = decode_bytes(DAMAGED_UTF8)
    assert "Zelenskyy’s office" in text and "“despite the shelling”" in text
    assert text.count("\ufffd") == 3


if __name__ == "__main__":  # python tests/test_hostile.py: the summary line alone
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(hostile_run(Path(tmp)).summary())
