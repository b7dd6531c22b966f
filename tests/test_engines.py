"""Engines: one process, worker processes, a Dask cluster; the same ledger from each.

The bundled sample corpus, with one broken file added, is run three ways into three
databases; their exports must be the same lines, and each run reports the broken file once.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLES, BROKEN

from claimledger.cli import main
from claimledger.engines import Engine, LocalEngine, PoolEngine, make_engine, process_batch
from claimledger.pipeline import run
from claimledger.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample" / "docs"

ENGINES = {
    "local": [],
    "workers2": ["--workers", "2"],
    "dask": ["--engine", "dask", "--workers", "2"],
}


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def export(db: Path, fmt: str) -> list[str]:
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return sorted(result.stdout.splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("engines") / "docs"
    shutil.copytree(SAMPLE, folder)
    (folder / "broken.txt").write_bytes(BROKEN)
    return folder


@pytest.fixture(scope="module")
def runs(corpus: Path) -> dict[str, tuple[Path, object]]:
    """Each engine's database and CLI result, on the same folder."""
    out = {}
    for name, options in ENGINES.items():
        db = corpus.parent / f"{name}.db"
        result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), *options])
        out[name] = (db, result)
    return out


@pytest.mark.parametrize("name", ENGINES)
def test_each_engine_reports_the_broken_file_once_and_stores_the_rest(runs, corpus, name):
    db, result = runs[name]
    assert result.exit_code == 1, result.output
    [line] = error_lines(result)
    assert line.startswith(f"error: {corpus / 'broken.txt'}: ")
    assert "Traceback" not in result.output
    with Store(db) as store:
        ids = [d["id"] for d in store.documents()]
        assert store.counts()["claims"] > 0
    with Store(runs["local"][0]) as store:
        assert ids == [d["id"] for d in store.documents()]
    assert len(ids) >= len(list(SAMPLE.iterdir()))


@pytest.mark.parametrize("fmt", ["jsonl", "conflicts"])
def test_every_engine_exports_the_same_ledger(runs, fmt):
    exports = {name: export(db, fmt) for name, (db, _) in runs.items()}
    assert exports["local"], "the sample corpus yields claims"
    assert exports["workers2"] == exports["local"]
    assert exports["dask"] == exports["local"]


def test_a_second_run_with_workers_skips_everything(runs, corpus):
    db, _ = runs["workers2"]
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 1  # the broken file again
    assert re.search(r"\b0 added, 0 replaced, [1-9]\d* unchanged", result.stdout), result.stdout


# -- the size cap -----------------------------------------------------------------------


def test_a_document_over_the_cap_is_one_error_and_the_rest_are_stored(articles, tmp_path):
    big = articles / "giant.txt"
    big.write_text("Officials said 1,200 people left.\n" * 400, encoding="utf-8")
    size = big.stat().st_size
    db = tmp_path / "ledger.db"

    result = CliRunner().invoke(main, ["run", str(articles), "--db", str(db),
                                       "--max-bytes", "10K"])

    assert result.exit_code == 1
    assert error_lines(result) == [
        f"error: {big}: document too large ({size} bytes > 10240 bytes)"
    ]
    with Store(db) as store:
        assert [d["id"] for d in store.documents()] == sorted(ARTICLES)


def test_the_cap_applies_to_each_jsonl_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    small = '{"text": "Officials said 1,200 people left Irpin on Tuesday."}'
    large = '{"text": "' + "Officials said 1,200 people left. " * 100 + '"}'
    (folder / "feed.jsonl").write_text(f"{small}\n{large}\n", encoding="utf-8")
    with Store(tmp_path / "ledger.db") as store:
        report = run([folder], store, max_bytes=1000)
        assert report.errors == [
            f"{folder / 'feed.jsonl'}#2: document too large "
            f"({len(large.encode())} bytes > 1000 bytes)"
        ]
        assert [d["id"] for d in store.documents()] == ["feed.jsonl#1"]


@pytest.mark.parametrize("given,expected", [("4096", 4096), ("512K", 524288), ("8M", 8388608),
                                            ("1.5k", 1536), ("2MiB", 2097152)])
def test_max_bytes_reads_sizes(given, expected):
    from claimledger.cli import ByteSize

    assert ByteSize().convert(given, None, None) == expected


def test_max_bytes_refuses_nonsense(runner, articles, tmp_path):
    result = runner.invoke(main, ["run", str(articles), "--db", str(tmp_path / "x.db"),
                                  "--max-bytes", "lots"])
    assert result.exit_code == 2 and "not a size" in result.output


def test_scheduler_needs_the_dask_engine(runner, articles, tmp_path):
    result = runner.invoke(main, ["run", str(articles), "--db", str(tmp_path / "x.db"),
                                  "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--engine dask" in result.output


# -- the engine's contract: in order, bounded, a lost batch retried a document at a time ---


class Flaky(Engine):
    """In this process; a batch holding a document named in `poison` fails as a whole."""

    workers = 2

    def __init__(self, poison: set[str]) -> None:
        self.poison = poison
        self.submitted: list[int] = []

    def _submit(self, docs):
        self.submitted.append(len(docs))
        outer = self

        class Fut:
            def result(self):
                if any(d.id in outer.poison for d in docs):
                    raise OSError("worker lost")
                return [("clean", d.id) for d in docs]

        return Fut()


def _docs(n: int):
    from conftest import make_document

    return [make_document(f"d{i}.txt", f"Text {i}.") for i in range(n)]


def test_results_come_back_in_order_and_a_lost_batch_blames_only_its_culprit():
    docs = _docs(9)
    batches = [(i, docs[i:i + 3]) for i in range(0, 9, 3)]
    engine = Flaky(poison={"d4.txt"})

    out = list(engine.map(batches))

    assert [k for k, _ in out] == [0, 3, 6]
    flat = [r for _, rs in out for r in rs]
    assert flat[4] == "worker failed: OSError: worker lost"
    assert [r for i, r in enumerate(flat) if i != 4] == [
        ("clean", f"d{i}.txt") for i in range(9) if i != 4
    ]
    assert engine.submitted == [3, 3, 3, 1, 1, 1]  # the lost batch again, one by one


def test_batches_are_pulled_only_as_results_are_taken():
    pulled = []
    docs = _docs(1)

    def endless():
        for i in itertools.count():
            pulled.append(i)
            yield i, docs

    engine = Flaky(poison=set())
    results = engine.map(endless())
    for _ in range(10):
        next(results)
    assert len(pulled) <= 10 + engine.in_flight  # never the whole input in memory


def test_the_local_engine_is_one_document_at_a_time_in_this_process():
    engine = make_engine("local", 1)
    assert isinstance(engine, LocalEngine) and engine.in_flight == 1
    assert isinstance(make_engine("local", 3), PoolEngine)
    with pytest.raises(ValueError):
        make_engine("local", 2, scheduler="tcp://127.0.0.1:8786")


def _die_on_poison(docs):
    """A worker that dies outright (as on running out of memory) on one document."""
    if any(d.id == "poison.txt" for d in docs):
        os._exit(3)
    return process_batch(docs)


class DyingPool(PoolEngine):
    def _submit(self, docs):
        return self._executor().submit(_die_on_poison, docs)


def test_a_worker_that_dies_costs_only_its_document(articles, tmp_path):
    (articles / "poison.txt").write_text("Nothing to see, 12 people said.\n", encoding="utf-8")
    from claimledger.read import iter_documents

    docs = [d for d in iter_documents([articles]) if hasattr(d, "id")]
    with DyingPool(2) as engine:
        [(_, results)] = list(engine.map([("all", docs)]))
    by_id = dict(zip([d.id for d in docs], results, strict=True))
    assert by_id.pop("poison.txt").startswith("worker failed: BrokenProcessPool")
    assert all(not isinstance(r, str) for r in by_id.values())


# -- workers die with the run (issue 11, item 8; the whole run is in tests/test_crash.py) ---

BUSY_RUN = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from claimledger.engines import start_worker

def stuck(flag: str) -> int:
    Path(flag).write_text(str(os.getpid()))
    return sum(range(10**13))  # hours in one C call that never lets go of the GIL

if __name__ == "__main__":
    context = multiprocessing.get_context("forkserver")
    reader, writer = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=start_worker,
                               initargs=(reader,))
    pool.submit(stuck, sys.argv[1])
    time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_worker_stuck_in_c_code_still_dies_with_its_run(tmp_path):
    spec = importlib.util.spec_from_file_location("crash_bench", ROOT / "bench" / "crash.py")
    crash = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(crash)  # its /proc helpers
    script, flag = tmp_path / "busy_run.py", tmp_path / "worker.pid"
    script.write_text(BUSY_RUN, encoding="utf-8")
    run_ = subprocess.Popen([sys.executable, str(script), str(flag)], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)  # inside the C call by now
        worker = int(flag.read_text())

        os.kill(run_.pid, signal.SIGKILL)
        run_.wait()

        assert crash.gone({worker}, run_.pid, within=3)[0] == set()
    finally:
        for pid in crash.left_behind(set(), run_.pid):
            os.kill(pid, signal.SIGKILL)
