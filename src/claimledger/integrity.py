"""Integrity: everything stored is checked against the archived originals and the activity log.

`verify(store)` runs these checks, each reporting every mismatch it finds as one Mismatch
(table, row, what differs):

0. the database file: SQLite's own `quick_check` (a corrupted page is a finding, not a
   crash), and the append-only triggers all present (a dropped one is reported).
1. sources: every archived original still hashes (SHA-256) to its key.
2. documents: each document's working copy is re-derived from its original, with the
   reader logic that first read it (plain text, HTML, a JSONL line, a WARC page: by the
   document id and stored format), then cleaned again; the stored clean text, offset map and
   cuts must equal the re-derived ones.
3. claims: each claim's quote and figure are the clean text at their offsets (a figure's
   line break read as a space), the figure lies in its quote, and the offset map takes every
   character of the figure back to the same character of the original (an HTML entity to
   the `&` it was decoded from, a whitespace run to whitespace, a JSONL `title` headline to
   the title).
4. activity: the log's hash chain: each entry's hash recomputes and links to the previous.
5. activity vs data: each document (its row: clean text and metadata), its claims and the
   ledger (the ledger tables, and each claim's group and claimant) hash to the digest the
   latest activity entry about them recorded; a document the log never mentions, or one the
   log has but the database lost, is a mismatch too.
6. anchors, when given: `expect_head`, a head recorded elsewhere, must be an entry of the
   chain (else the history was rewritten after it was recorded); `key` (a public or private
   Ed25519 key, store/signing.py): every entry from the first signed one on, and the latest,
   must carry a valid signature by that key, so a re-hashed chain without the key fails.

No SQL here: the Store reads (claimledger.store), this module compares.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.clean import clean
from claimledger.read import JSONL_EXT, ReadError
from claimledger.read.decode import DecodeProblem, decode_bytes
from claimledger.read.html import html_document
from claimledger.read.jsonl import jsonl_documents
from claimledger.read.pdf import pdf_document
from claimledger.read.telegram import telegram_post
from claimledger.read.text import text_document
from claimledger.read.warc import is_web_archive
from claimledger.records import CleanText, Document, Source
from claimledger.review.records import Decision
from claimledger.store import Store
from claimledger.store.activity import ACTIONS, GENESIS, canonical, entry_hash
from claimledger.store.signing import Verifier

__all__ = ["Mismatch", "Report", "rederive", "verify"]


@dataclass(frozen=True)
class Mismatch:
    """One thing that is not as the originals and the log say it should be."""

    table: str  # sources | documents | claims | activity | ledger
    row: str  # the row: its key, "doc#claim id", or the entry number
    problem: str

    def line(self) -> str:
        return f"{self.table} {self.row}: {self.problem}"


@dataclass
class Report:
    """What verify checked and what it found."""

    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("sources", "documents", "claims", "activity"), 0))
    mismatches: list[Mismatch] = field(default_factory=list)
    head: str = GENESIS  # the latest entry's hash, to record elsewhere
    notes: list[str] = field(default_factory=list)  # what the anchors established

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def summary(self) -> str:
        c = self.checked
        what = (f"{c['sources']} originals, {c['documents']} documents, {c['claims']} claims, "
                f"{c['activity']} log entries")
        if self.ok:
            return f"verify: OK: {what} checked, no mismatch"
        n = len(self.mismatches)
        return f"verify: FAILED: {n} mismatch{'es' if n != 1 else ''} in {what}"


class DeriveError(Exception):
    """The archived original no longer reads as a document."""


def verify(store: Store, found: Callable[[Mismatch], None] | None = None, *,
           expect_head: str | None = None, key: Verifier | None = None) -> Report:
    """Check `store` (see the module docstring); `found` is called on each mismatch as it is
    found. Everything is read in one transaction: concurrent writers do not skew it. A
    database too damaged to read gives mismatches, not an exception."""
    report = Report()

    def bad(table: str, row: str, problem: str) -> None:
        m = Mismatch(table, row, problem)
        report.mismatches.append(m)
        if found:
            found(m)

    damaged = store.damage()
    for problem in damaged:
        bad("database", "file", problem)
    try:
        with store.reading():
            for name in store.missing_triggers():
                bad("database", name, "append-only trigger missing: the table it guards can "
                                      "be edited (a writable open puts it back)")
            _check_sources(store, report, bad)
            _check_documents(store, report, bad)
            entries = store.activity()
            report.checked["activity"] = len(entries)
            report.head = entries[-1]["hash"] if entries else GENESIS
            _check_chain(entries, bad)
            _check_log_against_data(store, entries, bad)
            _check_decisions(store, entries, report, bad)
            if expect_head is not None:
                _check_head(entries, expect_head, report, bad)
            if key is not None:
                _check_signatures(entries, key, report, bad)
    except Exception as e:  # a page the quick check let through, or one it reported
        if not damaged and not _is_damage(e):
            raise
        bad("database", "file", f"cannot read it to the end: {_first_line(e)}")
    return report


def _is_damage(e: Exception) -> bool:
    text = str(e).lower()
    return any(w in text for w in ("malformed", "not a database", "disk i/o error"))


def _first_line(e: Exception) -> str:
    orig = getattr(e, "orig", None) or e
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(e).__name__


# -- 1. originals ---------------------------------------------------------------------------

def _check_sources(store: Store, report: Report, bad: Callable[[str, str, str], None]) -> None:
    for key, data in store.source_data():
        report.checked["sources"] += 1
        digest = hashlib.sha256(data).hexdigest()
        if digest != key:
            bad("sources", key, f"the archived bytes ({len(data)} bytes) hash to "
                                f"{digest}, not to their key")


# -- 2. and 3. documents and claims ---------------------------------------------------------

def _check_documents(store: Store, report: Report,
                     bad: Callable[[str, str, str], None]) -> None:
    for listed in store.documents():
        report.checked["documents"] += 1
        doc_id = listed["id"]
        row = store.document(doc_id)
        if row is None:  # pragma: no cover - one read transaction: it cannot vanish
            continue
        stored = CleanText(row["clean_text"] or "", row["offsets"], row["cuts"])
        src = store.source(row["sha256"])
        raw: str | None = None
        if src is None:
            bad("documents", doc_id, f"its original {row['sha256']} is not in sources")
        else:
            try:
                doc, derived = _matching_derivation(row, src, stored)
            except DeriveError as e:
                bad("documents", doc_id, f"cannot re-derive it from its original: {e}")
            else:
                problems = _differences(stored, derived)
                for p in problems:
                    bad("documents", doc_id, p)
                if not problems:
                    raw = doc.raw
        claims = list(store.claims(doc_id, reviewed=False))
        report.checked["claims"] += len(claims)
        for claim in claims:
            for p in _claim_problems(claim, stored, raw, row.get("title")):
                bad("claims", f"{doc_id}#{claim['id']}", p)


def rederive(row: dict[str, Any], source: dict[str, Any]) -> Document:
    """The Document a stored document row was read as, from its archived original `source`
    (a row of sources, with its bytes as `data`), by the reader that first read it."""
    return next(_derivations(row, source))


def _derivations(row: dict[str, Any], source: dict[str, Any]) -> Iterator[Document]:
    """The Document re-read from its original; for a WARC page, whose HTTP charset is not
    archived, then each other plausible decoding of it."""
    data: bytes = source["data"] or b""
    doc_id: str = row["id"]
    src = Source(path=source["path"] or doc_id, sha256=hashlib.sha256(data).hexdigest(),
                 size=len(data), url=source["url"], fetched=source["fetched"], data=data)
    # What the original is, by the file it was read from (the document's own path; for rows
    # stored before version 4, the path its bytes were first read from), never by the id:
    # a file may well be called `notes.jsonl#1.txt`.
    container = Path(row.get("path") or source["path"] or "")
    if container.suffix.lower() in JSONL_EXT:
        # the original is the line's bytes: read it as a one-line JSONL file
        [item] = list(jsonl_documents(container, data)) or [ReadError(doc_id, "empty line")]
        if isinstance(item, ReadError):
            raise DeriveError(item.problem)
        item.id = doc_id
        yield item
        return
    if is_web_archive(container):
        # the original is the page's HTTP body; the page is HTML whatever its name
        tried: set[str] = set()
        for raw in _web_page_texts(data):
            if raw not in tried:
                tried.add(raw)
                yield html_document(doc_id, raw, src)
        if not tried:
            raise DeriveError("the page is not text")
        return
    if container.suffix.lower() == ".json":  # a Telegram post: its message's JSON
        post = telegram_post(doc_id, data, src)
        if isinstance(post, ReadError):
            raise DeriveError(post.problem)
        yield post
        return
    if row["format"] == "pdf":
        pdf = pdf_document(Path(doc_id), data, src)
        if isinstance(pdf, ReadError):
            raise DeriveError(pdf.problem)
        pdf.id = doc_id
        yield pdf
        return
    try:
        raw = decode_bytes(data)
    except DecodeProblem as e:
        raise DeriveError(str(e)) from None
    if row["format"] == "html":
        yield html_document(doc_id, raw, src)
    else:
        yield text_document(doc_id, raw, src)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _web_page_texts(data: bytes) -> Iterator[str]:
    """A WARC page's text as the project decodes any file, then by its <meta> charset, then as
    windows-1252 (what servers mean by iso-8859-1): the HTTP header that chose is not kept."""
    try:
        yield decode_bytes(data)
    except DecodeProblem:
        pass
    labels = [m.group(1).decode("ascii", "replace") for m in _META_CHARSET.finditer(data[:4096])]
    for label in [*labels, "cp1252", "utf-8"]:
        try:
            text = data.decode(label)
        except (LookupError, UnicodeDecodeError):
            continue
        if text.strip() and "\x00" not in text:
            yield text


def _matching_derivation(row: dict[str, Any], source: dict[str, Any],
                         stored: CleanText) -> tuple[Document, CleanText]:
    """The first derivation whose cleaning reproduces the stored text, else the first one."""
    first: tuple[Document, CleanText] | None = None
    derivations = _derivations(row, source)
    while True:
        try:
            doc = next(derivations)
        except StopIteration:
            break
        except Exception as e:  # a reader failing on a changed original: a finding
            if first is not None:
                break
            if isinstance(e, DeriveError):
                raise
            raise DeriveError(f"{type(e).__name__}: {e}") from None
        try:
            derived = clean(doc)
        except Exception as e:
            raise DeriveError(f"cleaning fails: {type(e).__name__}: {e}") from None
        if first is None:
            first = (doc, derived)
        if not _differences(stored, derived):
            return doc, derived
    if first is None:
        raise DeriveError("no reader accepts it")
    return first


def _differences(stored: CleanText, derived: CleanText) -> list[str]:
    out = []
    if stored.text != derived.text:
        i = _first_difference(stored.text, derived.text)
        out.append(f"clean_text differs from the text re-derived from the original at char "
                   f"{i}: stored {_snip(stored.text, i)}, re-derived {_snip(derived.text, i)} "
                   f"({len(stored.text)} vs {len(derived.text)} chars)")
    if stored.offsets != derived.offsets:
        i = _first_difference(stored.offsets, derived.offsets)
        s = stored.offsets[i] if i < len(stored.offsets) else "none"
        d = derived.offsets[i] if i < len(derived.offsets) else "none"
        out.append(f"offsets differ from the re-derived map at char {i}: stored {s}, "
                   f"re-derived {d}")
    if stored.cuts != derived.cuts:
        i = _first_difference(stored.cuts, derived.cuts)
        s = _cut(stored.cuts[i]) if i < len(stored.cuts) else "none"
        d = _cut(derived.cuts[i]) if i < len(derived.cuts) else "none"
        out.append(f"cuts differ from the re-derived cuts at cut {i}: stored {s}, "
                   f"re-derived {d} ({len(stored.cuts)} vs {len(derived.cuts)} cuts)")
    return out


def _claim_problems(claim: dict[str, Any], text: CleanText, raw: str | None,
                    title: str | None) -> Iterator[str]:
    n = len(text.text)
    qs, qe, fs, fe = (claim[k] for k in ("quote_start", "quote_end", "figure_start",
                                         "figure_end"))
    if qs is None or qe is None or not 0 <= qs <= qe <= n:
        yield f"quote offsets [{qs}, {qe}] are not a span of the {n}-char clean text"
    elif text.text[qs:qe] != claim["quote"]:
        yield (f"quote differs from clean_text[{qs}:{qe}]: stored {_q(claim['quote'])}, "
               f"text has {_q(text.text[qs:qe])}")
    if fs is None or fe is None or not 0 <= fs <= fe <= n:
        yield f"figure offsets [{fs}, {fe}] are not a span of the {n}-char clean text"
        return
    if _ws(text.text[fs:fe]) != _ws(claim["figure"] or ""):  # a figure's line break is a space
        yield (f"figure differs from clean_text[{fs}:{fe}]: stored {_q(claim['figure'])}, "
               f"text has {_q(text.text[fs:fe])}")
        return
    if qs is not None and qe is not None and not qs <= fs <= fe <= qe:
        yield f"figure [{fs}, {fe}] lies outside its quote [{qs}, {qe}]"
    if raw is None or len(text.offsets) != n:
        return  # the document itself mismatched: reported there
    headline = _synthetic_headline(text, raw, title)
    for i in range(fs, fe):
        ch, at = text.text[i], text.offsets[i]
        if i < headline:
            continue  # a metadata headline: not in the original (checked via the title)
        if not _maps_back(ch, raw, at):
            got = raw[at] if 0 <= at < len(raw) else "past the end"
            yield (f"figure {_q(claim['figure'])}: char {i - fs} {_q(ch)} maps to original "
                   f"offset {at}, which holds {_q(got)}")
            return
    if headline > fs and not _in_title(claim["figure"], title):
        yield f"figure {_q(claim['figure'])} is in the headline but not in the title"


def _ws(s: str) -> str:
    return " ".join(s.split())


def _maps_back(ch: str, raw: str, at: int) -> bool:
    if not 0 <= at < len(raw):
        return False
    if ch == "\n":
        return True  # a line break cleaning put between kept lines maps to the next char
    got = raw[at]
    options = got
    if got == "&":
        m = _ENTITY.match(raw, at)
        if m:
            options += html.unescape(m.group(0))
    if ch in options:
        return True
    return ch.isspace() and any(o.isspace() for o in options)


_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _synthetic_headline(text: CleanText, raw: str, title: str | None) -> int:
    """Length of a metadata headline put before the text (clean.text.with_headline): its
    characters are not in the original and all map to offset 0."""
    head = " ".join((title or "").split())
    if not head or not text.text.startswith(head) or raw.startswith(head):
        return 0
    n = len(head)
    while n < len(text.text) and text.text[n] == "\n":
        n += 1
    return n if all(o == 0 for o in text.offsets[:n]) else 0


def _in_title(figure: str, title: str | None) -> bool:
    return figure in " ".join((title or "").split())


# -- 4. and 5. the activity log -------------------------------------------------------------

def _check_chain(entries: list[dict[str, Any]], bad: Callable[[str, str, str], None]) -> None:
    prev = GENESIS
    for n, e in enumerate(entries, start=1):
        row = f"#{e['id']}"
        if e["id"] != n:
            bad("activity", row, f"entry number {e['id']} where {n} should be "
                                 "(an entry was removed or inserted)")
        if e["prev"] != prev:
            bad("activity", row, f"prev is {_short(e['prev'])} but the previous entry's hash "
                                 f"is {_short(prev)}: the chain is broken here")
        try:
            recomputed = entry_hash(e["prev"] or "", e)
        except (TypeError, KeyError) as err:  # pragma: no cover - a column set to garbage
            recomputed = f"unhashable ({err})"
        if e["hash"] != recomputed:
            bad("activity", row, f"hash {_short(e['hash'])} does not recompute "
                                 f"({_short(recomputed)}): the entry was edited")
        if e["action"] not in ACTIONS:
            bad("activity", row, f"unknown action {_q(str(e['action']))}")
        if _what(e) is None:
            bad("activity", row, "`what` is not a JSON object")
        prev = e["hash"] or ""


def _check_head(entries: list[dict[str, Any]], expected: str, report: Report,
                bad: Callable[[str, str, str], None]) -> None:
    """A head recorded elsewhere must be one of the chain's hashes (a prefix of 16 hex digits
    or more will do): the chain then proves that every entry up to it is as it was."""
    want = expected.strip().lower()
    if len(want) < 16 or any(ch not in "0123456789abcdef" for ch in want):
        bad("activity", "head", f"--expect-head {_q(expected)} is not a hash (16 to 64 hex "
                                "digits)")
        return
    for e in entries:
        if (e["hash"] or "").startswith(want):
            later = len(entries) - e["id"]
            report.notes.append(f"head {want[:16]}… is entry #{e['id']}: the history up to it "
                                f"is as recorded; {later} entr{'y' if later == 1 else 'ies'} "
                                "since")
            return
    bad("activity", "head", f"the expected head {want[:16]}… is in no entry of the log: the "
                            "history was rewritten since that head was recorded (or it is "
                            "another database's)")


def _check_signatures(entries: list[dict[str, Any]], key: Verifier, report: Report,
                      bad: Callable[[str, str, str], None]) -> None:
    """From the first signed entry on, every entry is signed by `key`, and so is the latest:
    a chain re-hashed without the key cannot carry valid signatures. Entries before the first
    signed one (a log that took a key later) are covered through the chain by its signature."""
    first = next((e["id"] for e in entries if e.get("sig")), None)
    if first is None:
        if entries:
            bad("activity", f"#{entries[-1]['id']}", "no entry of the log is signed: it was "
                                                     "written (or rewritten) without the key")
        return
    for e in entries:
        if e["id"] < first:
            continue
        problem = key.problem(e["hash"] or "", e.get("sig"))
        if problem:
            bad("activity", f"#{e['id']}", problem)
    report.notes.append(f"signatures by key {key.key_id}: entries #{first} to "
                        f"#{entries[-1]['id']}"
                        + (f" (#1 to #{first - 1} predate the key, covered by the chain)"
                           if first > 1 else ""))


def _check_log_against_data(store: Store, entries: list[dict[str, Any]],
                            bad: Callable[[str, str, str], None]) -> None:
    expected: dict[str, tuple[int, dict[str, Any]]] = {}  # doc -> (entry id, what it recorded)
    ledger: tuple[int, dict[str, Any]] | None = None
    stored_after_ledger: list[int] = []  # entries that stored documents after the last ledger
    for e in entries:
        what = _what(e)
        if what is None:
            continue
        if e["action"] in ("ingest", "replace") and isinstance(what.get("doc"), str):
            expected[what["doc"]] = (e["id"], what)
            stored_after_ledger.append(e["id"])
        if e["action"] == "manual" and isinstance(what.get("documents"), dict):
            for doc, digest in what["documents"].items():
                if digest is None:
                    expected.pop(doc, None)  # a document removed by hand
                else:
                    expected[doc] = (e["id"], digest)
        if e["action"] == "ledger" or (e["action"] == "manual"
                                       and isinstance(what.get("ledger"), dict)):
            ledger = (e["id"], what.get("ledger", what))
            stored_after_ledger = []
    actual = store.document_digests()
    for doc, now in actual.items():
        if doc not in expected:
            bad("documents", doc, "not in the activity log: stored without an ingest entry")
            continue
        n, was = expected[doc]
        if now["sha256"] != was.get("sha256"):
            bad("documents", doc, f"its original is {_short(now['sha256'])} but activity "
                                  f"entry #{n} recorded {_short(str(was.get('sha256')))}")
        elif now["claims"] != was.get("claims"):
            bad("claims", doc, f"{now['claims']} claims stored but activity entry #{n} "
                               f"recorded {was.get('claims')}")
        elif now["digest"] != was.get("digest"):
            bad("documents", doc, f"its row or its claims changed since activity entry #{n} "
                                  "wrote them")
    for doc, (n, _was) in sorted(expected.items()):
        if doc not in actual:
            bad("documents", doc, f"written by activity entry #{n} but no longer stored")
    if ledger is None:
        if any(store.ledger_digest()["rows"].values()):
            bad("ledger", "tables", "the ledger tables have rows but no ledger entry in the "
                                    "activity log")
        return
    version = ledger[1].get("digest_version", 1)
    now_ledger = store.ledger_digest(version if isinstance(version, int) else 1)
    if now_ledger["digest"] == ledger[1].get("digest"):
        return
    if stored_after_ledger and version >= 2:
        # the claims the ledger covers changed by ingest: a run stopped before its ledger
        bad("ledger", "tables", f"not rebuilt since activity entr"
                                f"{'y' if len(stored_after_ledger) == 1 else 'ies'} "
                                f"#{stored_after_ledger[0]}"
                                + (f"..#{stored_after_ledger[-1]}"
                                   if len(stored_after_ledger) > 1 else "")
                                + " stored documents (a run that stopped before its end?): "
                                  "`claimledger run` again rebuilds it")
    else:
        rows = ", ".join(f"{k} {v}" for k, v in now_ledger["rows"].items())
        bad("ledger", "tables", f"changed since activity entry #{ledger[0]} wrote them "
                                f"(now: {rows})")


def _check_decisions(store: Store, entries: list[dict[str, Any]], report: Report,
                     bad: Callable[[str, str, str], None]) -> None:
    """Every review decision is as its activity entry recorded it (a decision rewritten
    in the table, or one slipped in without an entry, is caught), and the review state of
    each claim is what the decisions make of it."""
    logged: dict[int, tuple[int, dict[str, Any]]] = {}
    for e in entries:
        what = _what(e)
        if e["action"] == "review" and what and isinstance(what.get("decision"), dict):
            row = what["decision"]
            if isinstance(row.get("id"), int):
                logged[row["id"]] = (e["id"], row)
    rows = store.decision_rows()
    report.checked["decisions"] = len(rows)
    for row in rows:
        now = Decision.from_row(row).row()
        if row["id"] not in logged:
            bad("decisions", str(row["id"]), "not in the activity log: written without a "
                                             "review entry")
            continue
        n, was = logged.pop(row["id"])
        if canonical(now) != canonical(was):
            field = next((k for k in now if now[k] != was.get(k)), "?")
            bad("decisions", str(row["id"]), f"changed since activity entry #{n} recorded it "
                                             f"(field {field})")
    for i, (n, _was) in sorted(logged.items()):
        bad("decisions", str(i), f"recorded by activity entry #{n} but no longer stored")
    stored = {r["claim"]: r for r in store.review_rows()}
    expected: dict[int, Any] = {}
    for doc in store.reviewed_docs():
        for s in store.review_state(doc).claims:
            if s.claim is not None:
                expected[s.claim] = s
    kept = {c["id"] for c in store.claims(reviewed=False) if c.get("origin")}
    for claim, s in expected.items():
        r = stored.get(claim)
        if r is None or (r["status"], r["decision"]) != (s.status, s.decision) \
                or json.loads(r["fields"] or "{}") != s.fields:
            bad("reviews", str(claim), "its review state is not what its decisions make of "
                                       "it: `claimledger review apply` rebuilds it")
    for claim in stored.keys() - expected.keys() - kept:
        bad("reviews", str(claim), "a review state no decision gives")


def _what(e: dict[str, Any]) -> dict[str, Any] | None:
    try:
        what = json.loads(e["what"] or "")
    except (TypeError, ValueError):
        return None
    return what if isinstance(what, dict) else None


# -- formatting -----------------------------------------------------------------------------

def _first_difference(a: Any, b: Any) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _snip(text: str, i: int, width: int = 24) -> str:
    return _q(text[max(i - 4, 0):i + width])


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _short(h: str) -> str:
    return h[:16] + "…" if h and len(h) > 16 else repr(h)


def _cut(c: Any) -> str:
    return f"[{c.start}, {c.end}) {c.reason}"
