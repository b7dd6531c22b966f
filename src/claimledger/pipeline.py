"""The run: read -> skip what is stored -> clean -> extract -> store, one document at a time.

A file that cannot be read, or a document that fails to clean or extract, becomes a one-line
error naming the file and the problem; the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.clean import clean
from claimledger.read import ReadError, iter_documents
from claimledger.records import Claim, Document
from claimledger.store import Store

# Called once per document or failed file: its id or path, and the error line or None.
Progress = Callable[[str, str | None], None]


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

    @property
    def ok(self) -> bool:
        return not self.errors


def run(paths: Iterable[str | Path], store: Store, progress: Progress | None = None) -> RunReport:
    """Ingest every document under `paths` into `store`; see the module docstring."""
    # Imported here: loading the extractor loads spaCy, which takes seconds.
    from claimledger.extract import extract_claims

    inputs = [str(p) for p in paths]
    report = RunReport(run=store.begin_run(inputs), inputs=inputs)
    first_seen: dict[str, tuple[str, str]] = {}  # doc id -> (sha256, path), for this run

    def fail(path: str, problem: str) -> None:
        line = f"{path}: {problem}"
        report.errors.append(line)
        store.record_error(report.run, path, problem)
        if progress:
            progress(path, line)

    for item in _read(inputs):
        if isinstance(item, ReadError):
            fail(item.path, item.problem)
            continue
        doc = item
        report.seen += 1
        where = _where(doc)
        earlier = first_seen.setdefault(doc.id, (doc.source.sha256, where))
        if earlier[0] != doc.source.sha256:
            # Two different files with one name: keep the first rather than silently flip.
            fail(where, f"another document with id {doc.id} was read from {earlier[1]}; skipped")
            continue
        if store.has(doc.id, doc.source.sha256):
            report.skipped += 1
        else:
            try:
                text = clean(doc)
                claims = extract_claims(doc, text)
                outcome = store.add_document(doc, text, claims)
            except Exception as e:  # one bad document must not stop the batch
                fail(where, _problem(e))
                continue
            if outcome == "added":
                report.added += 1
            elif outcome == "replaced":
                report.replaced += 1
            report.claims += len(claims)
        if progress:
            progress(doc.id, None)

    if report.added or report.replaced or not store.has_ledger():
        rebuild_ledger(store)
    store.finish_run(report.run, report.added + report.replaced, len(report.errors))
    return report


def rebuild_ledger(store: Store) -> None:
    """Regroup the stored claims across documents: only what the documents whose claims
    are not yet grouped touch (ledger/build.py); the result equals a build from scratch."""
    from claimledger.ledger import build_ledger

    changed = store.ungrouped_docs()
    store.write_ledger(build_ledger(store.ledger_entries(), store.texts(),
                                    previous=store.load_ledger(), changed=changed))


def provisional_group(claim: Claim) -> str:
    """A deterministic group id from (claimant or side, figure, unit).

    Stands in until the ledger groups claims across documents properly.
    """
    f = claim.figure
    who = (claim.claimant or claim.affiliation or "").casefold()
    nums = [None if x is None else float(x) for x in (f.value, f.low, f.high)]
    key = json.dumps([who, nums, f.unit], ensure_ascii=False)
    return "g" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _read(inputs: list[str]) -> Iterator[Document | ReadError]:
    """The reader's documents and errors, one input at a time.

    The reader reports unreadable files as ReadError. Should it raise instead, a folder is
    finished one file at a time, so the failure names its file and the rest still run.
    """
    for arg in inputs:
        seen: set[str] = set()
        try:
            for item in iter_documents([arg]):
                if isinstance(item, Document):
                    seen.add(item.source.path)
                yield item
        except Exception as e:
            if not Path(arg).is_dir():
                yield ReadError(arg, _problem(e))
                continue
            top = Path(arg)
            for f in sorted(p for p in top.rglob("*") if p.is_file()):
                hidden = any(part.startswith(".") for part in f.relative_to(top).parts)
                if hidden or str(f) in seen:
                    continue
                try:
                    yield from iter_documents([f])
                except Exception as e2:
                    yield ReadError(str(f), _problem(e2))


def _where(doc: Document) -> str:
    """The file a document came from, with its line for JSONL (`file.jsonl#3`)."""
    _, sep, line = doc.id.rpartition("#")
    return f"{doc.source.path}#{line}" if sep else doc.source.path


def _problem(e: Exception) -> str:
    """An exception as one short line."""
    msg = " ".join(str(e).split())
    if len(msg) > 200:
        msg = msg[:199] + "…"
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__
