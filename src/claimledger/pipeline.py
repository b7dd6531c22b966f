"""The run: read -> skip what is stored -> clean -> extract -> store.

Documents stream through in input order: this process reads them lazily and writes the store
(its only writer); cleaning and extraction run in an engine (claimledger.engines): here, in
worker processes, or on a Dask cluster, a few batches in flight at a time, so memory does not
grow with the corpus. A file that cannot be read, or a document that is too large or fails to
clean or extract, becomes a one-line error naming the file and the problem; the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimledger.clean.language import EXTRACTED
from claimledger.clean.masthead import fill_masthead
from claimledger.docids import disambiguated
from claimledger.read import ReadError, iter_documents, one_line, utf8_name
from claimledger.read.files import iter_files
from claimledger.records import Claim, Document
from claimledger.store import DiskFull, Store
from claimledger.store.store import place

if TYPE_CHECKING:
    from claimledger.engines import Engine

# Called once per document or failed file: its id or path, and the error line or None.
Progress = Callable[[str, str | None], None]

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # a news article is kilobytes; the reader stops at 64 MiB
BATCH_SIZE = 8  # documents sent to a worker at once (each takes ~0.1 s to extract)


@dataclass
class RunReport:
    """What one run did. `errors` holds lines of the form "path: problem"."""

    run: int
    inputs: list[str]
    seen: int = 0  # documents read
    added: int = 0  # new documents stored
    replaced: int = 0  # stored documents whose bytes changed
    skipped: int = 0  # already stored with the same bytes: not re-extracted
    claims: int = 0  # claims written by this run
    errors: list[str] = field(default_factory=list)
    # "path: ..." lines the user should know of that are not errors (a renamed document)
    notes: list[str] = field(default_factory=list)
    # documents stored and not extracted, by the language they are in (clean/language.py)
    unread: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def run(
    paths: Iterable[str | Path],
    store: Store,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    max_bytes: int | None = MAX_DOCUMENT_BYTES,
    batch_size: int | None = None,
    follow_links: bool = False,
    force: bool = False,
) -> RunReport:
    """Ingest every document under `paths` into `store`; see the module docstring.

    The documents stream through: read lazily, sent to the engine in batches of
    `batch_size`, a few batches in flight at a time, and written here, in input order, by
    this process alone. `workers` > 1 runs the work in that many processes; `engine="dask"`
    on a Dask cluster (`scheduler`, or a local one). A document over `max_bytes` (None: no
    cap) is reported and skipped. Symbolic links inside a folder are reported and skipped,
    or with `follow_links` followed when they lead inside `paths` (never out of them).
    `force`: extract again documents stored with the same bytes (a new rule's claims);
    people's decisions on their claims hold (store.add_document applies them again).
    """
    from claimledger.engines import make_engine

    inputs = [str(p) for p in paths]
    with make_engine(engine, workers, scheduler) as eng:
        # in one process, batches only pool spaCy's work (one stream parses ~20% faster)
        size = batch_size or (16 if eng.in_flight == 1 else BATCH_SIZE)
        named = [utf8_name(i) for i in inputs]  # as stored and shown: a name may not be UTF-8
        report = RunReport(run=store.begin_run(named), inputs=named)
        try:
            _ingest(inputs, store, report, eng, size, max_bytes, progress, follow_links,
                    force)
        except DiskFull as e:  # every later write would fail too: stop, and say what is kept
            raise DiskFull(f"{e}; the run stopped after storing {report.added} new and "
                           f"{report.replaced} replaced documents, each whole (the ledger "
                           "is not rebuilt: free space and run again)") from None

    if report.added or report.replaced or not store.has_ledger():
        rebuild_ledger(store)
    store.finish_run(report.run, report.added + report.replaced, len(report.errors))
    return report


# What the reader side decided for one input, in order: ("error", where, problem, doc id or
# None), ("skip", doc id), ("doc", document, where) for the engine, or ("again", document, where)
# for a document already met in this run with the same bytes (settled when written).
_Item = tuple


def _ingest(inputs: list[str], store: Store, report: RunReport, engine: Engine,
            batch_size: int, max_bytes: int | None, progress: Progress | None,
            follow_links: bool = False, force: bool = False) -> None:
    failed: dict[str, str] = {}  # doc id -> problem, for documents of this run that failed
    names = _Names(store)

    def fail(path: str, problem: str) -> None:
        # one line whatever the file is called: a newline in a name is shown as \n
        path, problem = one_line(path), one_line(problem)
        line = f"{path}: {problem}"
        report.errors.append(line)
        store.record_error(report.run, path, problem)
        if progress:
            progress(path, line)

    def triage() -> Iterator[_Item]:
        for item in _read(inputs, follow_links):
            if isinstance(item, ReadError):
                yield ("error", item.path, item.problem, None)
                continue
            doc = item
            report.seen += 1
            where = _where(doc)
            verdict, note = names.settle(doc)
            if note:
                report.notes.append(one_line(f"{where}: {note}"))
            if verdict == "changed":
                yield ("error", where, "read twice in this run with different bytes; the "
                                       "second read skipped", None)
            elif verdict == "again":
                yield ("again", doc, where)
            elif not force and store.has(doc.id, doc.source.sha256):
                yield ("skip", doc.id)
            elif max_bytes is not None and doc.source.size > max_bytes:
                yield ("error", where,
                       f"document too large ({doc.source.size} bytes > {max_bytes} bytes)",
                       doc.id)
            else:
                yield ("doc", doc, where)

    def batches() -> Iterator[tuple[list[_Item], list[Document]]]:
        items: list[_Item] = []
        docs: list[Document] = []
        for item in triage():
            items.append(item)
            if item[0] == "doc":
                docs.append(item[1])
            if len(docs) >= batch_size or len(items) >= 8 * batch_size:
                yield items, docs
                items, docs = [], []
        if items:
            yield items, docs

    for items, results in engine.map(batches()):
        done = iter(results)
        for item in items:
            kind = item[0]
            if kind == "error":
                if item[3] is not None:
                    failed[item[3]] = item[2]
                fail(item[1], item[2])
                continue
            if kind == "skip":
                report.skipped += 1
                if progress:
                    progress(item[1], None)
                continue
            doc, where = item[1], item[2]
            if kind == "again":
                # The same document met twice in this run (the same file given twice, or two
                # copies in two folders): it goes as the first went, without a second look.
                if not store.has(doc.id, doc.source.sha256):
                    fail(where, failed.get(doc.id, "not stored"))
                    continue
                report.skipped += 1
                if progress:
                    progress(doc.id, None)
                continue
            result = next(done)
            if isinstance(result, str):
                failed[doc.id] = result
                fail(where, result)
                continue
            text, claims = result
            fill_masthead(doc, text)
            doc.language = text.language or doc.language
            try:
                outcome = store.add_document(doc, text, claims, force=force)
            except DiskFull:
                raise
            except Exception as e:  # one bad document must not stop the batch
                failed[doc.id] = _problem(e)
                fail(where, failed[doc.id])
                continue
            if outcome == "added":
                report.added += 1
            elif outcome == "replaced":
                report.replaced += 1
            else:
                report.skipped += 1
            if outcome != "unchanged":
                report.claims += len(claims)
                if doc.language not in EXTRACTED:
                    report.unread.setdefault(doc.language, []).append(doc.id)
            if progress:
                progress(doc.id, None)


class _Names:
    """Which stored document each document read is (docids.py): the one read from the same
    file (and line) before, else a new one, under its file name unless another document,
    stored or met in this run, has it. The same name with the same bytes is the same
    article, a copy: it is not stored twice."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.places: dict[tuple[str, int | None], tuple[str, str]] = {}  # -> (id, sha256)
        self.ids: dict[str, str] = {}  # ids settled in this run -> sha256

    def settle(self, doc: Document) -> tuple[str, str | None]:
        """Set `doc.id`; returns ("again" | "changed" | "new", a note for the user or None):
        "again" for a document this run has met already, "changed" for one met with other
        bytes, else "new" (which may still be stored already, unchanged or replaced)."""
        src = doc.source
        here = (place(src.path), src.record)
        if here in self.places:  # the same file (and line) given twice
            doc.id, sha = self.places[here]
            return ("again" if sha == src.sha256 else "changed"), None
        note = None
        at = self.store.document_at(*here)
        if at is not None:
            doc.id = at
        elif self.ids.get(doc.id) == src.sha256:
            return "again", None  # a copy of a document met in this run
        elif not self._same_article(doc):
            new = disambiguated(doc.id, src.path, self._taken)
            if new != doc.id:
                note = (f"another document is already called {doc.id}: this one is stored "
                        f"as {new}")
                doc.id = new
        self.places[here] = (doc.id, src.sha256)
        self.ids[doc.id] = src.sha256
        return "new", note

    def _same_article(self, doc: Document) -> bool:
        """Whether the stored document called `doc.id`, if any, is this one: the same bytes
        (a copy, wherever it lies), or, stored before documents kept their path, read from
        the same path. A free name counts as the same."""
        if doc.id in self.ids:
            return False
        stored = self.store.place_of(doc.id)
        if stored is None or stored["sha256"] == doc.source.sha256:
            return True
        return stored["path"] is None and place(stored["source_path"] or "") == \
            place(doc.source.path)

    def _taken(self, doc_id: str) -> bool:
        return doc_id in self.ids or self.store.place_of(doc_id) is not None


def rebuild_ledger(store: Store, changed: set[str] | None = None) -> None:
    """Regroup the stored claims across documents: only what the documents whose claims
    are not yet grouped, or `changed` (a review decided on their claims), touch
    (ledger/build.py); the result equals a build from scratch. What people decided about
    the ledger (claimledger.review) is honoured.

    Read, built and written in one write transaction: another run storing documents
    meanwhile waits, rather than having its claims ungrouped by a ledger built without them.
    """
    from claimledger.ledger import build, build_ledger
    from claimledger.review import judgements

    with store.locked():
        changed = store.ungrouped_docs() | (changed or set())
        # the heap parsing left free given back first; then syndication, the texts streamed
        # from the store, and its memory given back before the claims are read: no two of
        # the three peak together
        _give_back_memory()
        clusters = build.syndication(store.texts())
        _give_back_memory()
        store.write_ledger(build_ledger(store.ledger_entries(), clusters=clusters,
                                        previous=store.load_ledger(), changed=changed,
                                        judgements=judgements(store.decisions(ledger=True))))


def _give_back_memory() -> None:
    """Return to the system the heap that earlier work (parsing, in a one-worker run; then
    syndication) freed but kept: the C heap stays fragmented otherwise, and the ledger's
    memory would come on top of it. Given back, the peak of a run over 10,000 articles is
    that of its parsing (bench/throughput.py)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc; elsewhere there is nothing to call
    except (AttributeError, OSError, TypeError):
        pass


def provisional_group(claim: Claim) -> str:
    """A deterministic group id from (claimant or side, figure, unit).

    Stands in until the ledger groups claims across documents properly.
    """
    f = claim.figure
    who = (claim.claimant or claim.affiliation or "").casefold()
    nums = [None if x is None else float(x) for x in (f.value, f.low, f.high)]
    key = json.dumps([who, nums, f.unit], ensure_ascii=False)
    return "g" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _read(inputs: list[str], follow_links: bool = False) -> Iterator[Document | ReadError]:
    """The reader's documents and errors, one input at a time.

    The reader reports unreadable files as ReadError. Should it raise instead, a folder is
    finished one file at a time, so the failure names its file and the rest still run. Both
    walk with the reader's walker: the same links followed (never out of the inputs).
    """
    for arg in inputs:
        seen: set[str] = set()  # files read and errors reported (by path) before a failure
        try:
            for item in iter_documents([arg], follow_links=follow_links, within=inputs):
                seen.add(item.source.path if isinstance(item, Document) else item.path)
                yield item
        except Exception as e:
            if not Path(arg).is_dir():
                yield ReadError(arg, _problem(e))
                continue
            try:
                found = list(iter_files([arg], follow_links=follow_links, within=inputs))
            except Exception as e2:  # the walk itself fails: the rest of the folder with it
                yield ReadError(arg, _problem(e2))
                continue
            for f in found:
                if isinstance(f, ReadError):
                    if f.path not in seen:
                        yield f
                    continue
                if str(f) in seen:
                    continue
                try:
                    yield from iter_documents([f])  # a link here was admitted by the walk
                except Exception as e2:
                    yield ReadError(str(f), _problem(e2))


def _where(doc: Document) -> str:
    """The file a document came from, with its line for JSONL (`file.jsonl#3`)."""
    _, sep, line = doc.id.rpartition("#")
    return f"{doc.source.path}#{line}" if sep else doc.source.path


_SPACY_ERROR = re.compile(r"\[E(\d+)\]")  # spaCy's messages start "[E088] Text of length ..."


def _problem(e: Exception) -> str:
    """An exception as one short line; spaCy's errors and UTF-8's refusal of a lone surrogate
    in our words (what reaches here from extraction or the store is the document's problem,
    not a library's advice to its programmers)."""
    msg = " ".join(str(e).split())
    spacy = _SPACY_ERROR.match(msg)
    if spacy and spacy.group(1) == "088":
        length = re.search(r"length (\d+)", msg)
        size = f" ({int(length.group(1)):,} characters)" if length else ""
        return f"extraction failed: text too long for the parser{size}"
    if spacy:
        return f"extraction failed: the parser refused the text (spaCy E{spacy.group(1)})"
    if isinstance(e, UnicodeError) and "surrogate" in msg:
        return "text holds a lone surrogate (half a UTF-16 pair), which UTF-8 cannot store"
    if len(msg) > 200:
        msg = msg[:199] + "…"
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__
