"""Engines: where documents are cleaned and their claims extracted.

The pipeline hands an engine batches of documents and gets back, batch by batch and in the
order it sent them, one result per document: `(clean text, claims)`, or a one-line problem.
Reading and writing stay in the calling process, which is the store's only writer.

- `LocalEngine`: in this process, one document at a time (the default).
- `PoolEngine(workers)`: worker processes on this machine, the spaCy model loaded once in
  each when it starts.
- `DaskEngine(workers, scheduler)`: a Dask cluster (dask.distributed), the one at
  `scheduler` or a LocalCluster of `workers` processes; each worker process loads the model
  once, on its first batch.

Memory stays bounded: an engine keeps at most `in_flight` batches sent and not yet handed
back, and pulls the next batch from its input only when one comes back.
"""

from __future__ import annotations

import ctypes
import dataclasses
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from claimledger.clean.language import EXTRACTED
from claimledger.records import Claim, CleanText, Document

# One document's outcome: its clean text and claims, or what went wrong, in one line.
Result = tuple[CleanText, list[Claim]] | str

K = TypeVar("K")

ENGINES = ("local", "dask")


# -- the work, wherever it runs ---------------------------------------------------------


def warm() -> None:
    """Load the extractor and its spaCy model in this process (cached for its lifetime)."""
    from claimledger.extract.nlp import load

    load()


def start_worker(lifeline: Connection) -> None:
    """A pool worker's start: it dies with the run, then loads the model.

    However the run ends, SIGKILL included, its workers must not outlive it (each holds a
    spaCy model, ~190 MB). `lifeline` is the read end of a pipe whose only writer is the run:
    when the run dies the kernel closes it, and
    - the kernel sends this worker SIGIO (O_ASYNC on the pipe; SIGIO's default is to
      terminate), which kills it even in the middle of a long C call holding the GIL;
    - a thread here reads EOF and exits, where O_ASYNC is missing (or the run died before
      it was set).
    On Linux the kernel also kills the worker when its parent dies (PR_SET_PDEATHSIG): the
    run under spawn, the forkserver under the forkserver. The forkserver and the resource
    tracker exit by themselves once no worker holds their pipes.
    """
    _die_with_parent()
    _signal_on_hangup(lifeline)
    threading.Thread(target=_watch, args=(lifeline,), name="claimledger-lifeline",
                     daemon=True).start()
    warm()


def _watch(lifeline: Connection) -> None:
    try:
        while True:
            lifeline.recv_bytes()  # nothing is ever sent: this returns only at EOF
    except (EOFError, OSError):
        pass
    os._exit(1)  # no cleanup: nobody is left to take the results


def _signal_on_hangup(lifeline: Connection) -> None:
    """Have the kernel send this process SIGIO, left at its default (terminate), when the
    lifeline's writer closes (where fcntl and O_ASYNC exist)."""
    try:
        import fcntl

        fd = lifeline.fileno()
        signal.signal(signal.SIGIO, signal.SIG_DFL)
        fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
    except (ImportError, AttributeError, OSError, ValueError):
        pass  # the thread still watches


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent() -> None:
    """Have the kernel SIGKILL this process when its parent dies (Linux; elsewhere the
    lifeline alone does it)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this libc: the lifeline still holds
        pass


def process(doc: Document) -> Result:
    """Clean one document and extract its claims; an exception becomes its problem line."""
    from claimledger.extract import extract_claims

    text = _clean(doc)
    if isinstance(text, str):
        return text
    if text.language not in EXTRACTED:
        return text, []  # archived and listed, not guessed at: see clean/language.py
    try:
        return text, list(extract_claims(doc, text))
    except Exception as e:  # one bad document must not stop the batch
        return _describe(e)


def process_batch(docs: list[Document]) -> list[Result]:
    """`process` over a batch: what a worker runs.

    The batch's cleaned texts are parsed in one spaCy stream (extract_many: the same claims,
    faster); should that fail, each document is extracted alone, so only the one at fault
    is reported.
    """
    if len(docs) <= 1:
        return [process(doc) for doc in docs]
    from claimledger.extract import extract_many

    cleaned = [_clean(doc) for doc in docs]
    ok = [(doc, text) for doc, text in zip(docs, cleaned, strict=True)
          if not isinstance(text, str) and text.language in EXTRACTED]
    try:
        found = iter(extract_many(ok))
    except Exception:
        return [text if isinstance(text, str) else process(doc)
                for doc, text in zip(docs, cleaned, strict=True)]
    out: list[Result] = []
    for text in cleaned:
        if isinstance(text, str):
            out.append(text)  # its problem line
        else:
            out.append((text, list(next(found)) if text.language in EXTRACTED else []))
    return out


def _clean(doc: Document) -> CleanText | str:
    from claimledger.clean import clean
    from claimledger.clean.language import detect_language

    try:
        text = clean(doc)
    except Exception as e:  # one bad document must not stop the batch
        return _describe(e)
    try:
        text.language = detect_language(text.text)
    except Exception:  # a detector's failure is no reason to lose the article: read it
        text.language = "und"
    return text


def _lean(doc: Document) -> Document:
    """The document without its original bytes, which only the store needs: the workers
    get the decoded text, and half as much to carry."""
    return dataclasses.replace(doc, source=dataclasses.replace(doc.source, data=b""))


# -- engines ----------------------------------------------------------------------------


class EngineError(Exception):
    """The engine cannot run at all (workers that cannot start, a cluster out of reach)."""


class Engine:
    """In-order, bounded map of `process_batch` over batches; a context manager."""

    name = "local"
    workers = 1

    @property
    def in_flight(self) -> int:
        """Batches sent and not yet handed back, at most."""
        return max(2, 2 * self.workers)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def _submit(self, docs: list[Document]) -> Any:
        """Start a batch; returns something with `.result()`."""
        raise NotImplementedError

    def _recover(self, error: BaseException) -> None:
        """After a batch failed as a whole (a worker died): make the engine usable again."""

    def map(self, batches: Iterable[tuple[K, list[Document]]]) -> Iterator[tuple[K, list[Result]]]:
        """(key, docs) -> (key, one result per doc), in input order.

        A batch that fails as a whole (its worker died, the cluster lost it) is tried again
        one document at a time, so only a document that fails alone is reported, with the
        reason.
        """
        pending: deque[tuple[K, list[Document], Any]] = deque()
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.in_flight:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                key, docs = item
                lean = [_lean(d) for d in docs]
                pending.append((key, lean, self._submit(lean) if lean else None))
            if not pending:
                return
            key, docs, fut = pending.popleft()
            yield key, self._collect(docs, fut)

    def _collect(self, docs: list[Document], fut: Any) -> list[Result]:
        if fut is None:
            return []
        try:
            results = fut.result()
        except Exception as e:
            self._recover(e)
            if len(docs) == 1:
                return [f"worker failed: {_describe(e)}"]
            return [self._collect([d], self._submit([d]))[0] for d in docs]
        if len(results) != len(docs):  # never expected; keeps the pairing honest
            raise RuntimeError(f"engine returned {len(results)} results for {len(docs)}")
        return results


class LocalEngine(Engine):
    """This process, one document at a time: exactly the serial pipeline."""

    name = "local"
    workers = 1

    @property
    def in_flight(self) -> int:
        return 1

    def _submit(self, docs: list[Document]) -> _Done:
        return _Done(process_batch(docs))


class _Done:
    def __init__(self, value: list[Result]) -> None:
        self.value = value

    def result(self) -> list[Result]:
        return self.value


class PoolEngine(Engine):
    """`workers` processes on this machine, each loading the spaCy model once at start.

    A fresh interpreter per worker (forkserver, else spawn): never a fork of a process that
    may already hold spaCy's threads. A worker that dies takes its batch with it; the pool is
    started again and the batch retried document by document (see `Engine.map`). Workers die
    with this process, however it ends (see `start_worker`).
    """

    name = "local"

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn")
        self._pool: ProcessPoolExecutor | None = None
        self._lifeline: tuple[Connection, Connection] | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # the workers get the read end; the write end stays here, and is never sent
            reader, writer = self._context.Pipe(duplex=False)
            self._lifeline = (reader, writer)
            pool = ProcessPoolExecutor(self.workers, mp_context=self._context,
                                       initializer=start_worker, initargs=(reader,))
            # Every worker up and its model loaded, or the run stops here: a pool that cannot
            # start must not be blamed on the documents.
            try:
                for f in [pool.submit(warm) for _ in range(self.workers)]:
                    f.result()
            except Exception as e:
                pool.shutdown(wait=False, cancel_futures=True)
                self._cut_lifeline()
                raise EngineError(f"worker processes could not start: {_describe(e)}") from e
            self._pool = pool
        return self._pool

    def _submit(self, docs: list[Document]) -> Future:
        try:
            return self._executor().submit(process_batch, docs)
        except BrokenProcessPool as e:
            self._recover(e)
            return self._executor().submit(process_batch, docs)

    def _recover(self, error: BaseException) -> None:
        if isinstance(error, BrokenProcessPool) and self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            self._cut_lifeline()  # the broken pool's workers that still run exit now

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._cut_lifeline()

    def _cut_lifeline(self) -> None:
        if self._lifeline is not None:
            for end in self._lifeline:
                end.close()
            self._lifeline = None


class DaskEngine(Engine):
    """A Dask cluster: the scheduler at `scheduler`, or a LocalCluster of `workers` (2 when
    not given) single-threaded worker processes, closed at the end.

    Batches go out with `client.submit` as they are read, at most two per worker thread at a
    time, and come back in the order sent; the workers need claimledger installed. A
    LocalCluster's nannies run in this process and its worker processes exit when it dies
    (distributed holds a pipe to each, as `start_worker` does); the workers of a cluster at
    `scheduler` are the cluster's, not ours.
    """

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - dask is a dependency
            raise EngineError("the dask engine needs dask[distributed] installed") from None
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler)
            else:
                # No dashboard, and no statistical profiler sampling the workers' stacks
                # every 10 ms: nobody looks at either here, and both cost CPU.
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    self._cluster = LocalCluster(
                        n_workers=workers or 2, threads_per_worker=1, processes=True,
                        dashboard_address=None,
                    )
                self._client = Client(self._cluster)
        except Exception as e:
            if self._cluster is not None:
                self._cluster.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise EngineError(f"cannot start {where}: {_describe(e)}") from e
        self._requested = workers
        self._asked = -1e9
        self._threads = 1

    @property
    def workers(self) -> int:  # type: ignore[override]
        """Worker threads in the cluster, asked again every few seconds (it may grow or
        shrink while we run)."""
        now = time.monotonic()
        if now - self._asked > 5:
            self._asked = now
            self._threads = sum(self._client.nthreads().values()) or (self._requested or 1)
        return self._threads

    def _submit(self, docs: list[Document]) -> Any:
        return self._client.submit(process_batch, docs, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(name: str = "local", workers: int | None = None,
                scheduler: str | None = None) -> Engine:
    """The engine called `name` ("local" or "dask")."""
    if name == "dask":
        return DaskEngine(workers, scheduler)
    if name != "local":
        raise ValueError(f"unknown engine {name!r} (one of: {', '.join(ENGINES)})")
    if scheduler:
        raise ValueError("--scheduler needs --engine dask")
    return PoolEngine(workers) if workers and workers > 1 else LocalEngine()


def _describe(e: BaseException) -> str:
    """An exception as one short line (the pipeline's wording)."""
    from claimledger.pipeline import _problem

    return _problem(e) if isinstance(e, Exception) else type(e).__name__
