"""Crash safety (issue 5): `run` commits in transactions and is idempotent. Killed with
SIGKILL at any moment and run again, it ends exactly as an uninterrupted run; two runs on
one database at once corrupt nothing and lose nothing. bench/crash.py is the full-size
version (2,000 articles, 20 kills); this is the one CI runs."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import make_claim, make_document

from claimledger import pipeline
from claimledger.records import CleanText
from claimledger.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("crash_bench", ROOT / "bench" / "crash.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


crash = _bench()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A 40-article corpus and its uninterrupted run: exports, claims per document, timing."""
    work = tmp_path_factory.mktemp("crash")
    corpus = crash.build_corpus(40, work / "corpus", seed=3)
    db = work / "reference.db"
    wall, started = time.time(), time.monotonic()
    assert crash.run_cli("run", str(corpus), "--db", str(db)) == 0
    total = time.monotonic() - started
    return {"work": work, "corpus": corpus, "exports": crash.exports(db),
            "per_doc": crash.claims_per_doc(db), "total": total,
            "ledger": crash.phases(db, wall)}


def test_the_corpus_builder_makes_every_kind_of_input(reference: dict):
    names = [p.name for p in reference["corpus"].iterdir()]
    assert any(n.endswith(".txt") for n in names)
    assert len(reference["per_doc"]) == 40
    assert sum(reference["per_doc"].values()) == len(reference["exports"]["jsonl"]) > 40
    assert reference["exports"]["conflicts"]


def test_a_run_killed_at_random_moments_and_run_again_ends_identical(reference: dict):
    # two moments while documents are stored, one as the ledger is being built (a run this
    # small may be done by then: it is checked all the same)
    stored, built = reference["ledger"]
    rng = random.Random(5)
    moments = [rng.uniform(0.5, 0.4 * stored), rng.uniform(0.4 * stored, 0.8 * stored),
               rng.uniform(stored, built)]
    results = [crash.trial(k, delay, reference["corpus"], reference["work"],
                           reference["exports"], reference["per_doc"])
               for k, delay in enumerate(moments, start=1)]
    assert [r["problems"] for r in results] == [[], [], []], results
    assert sum(r["killed"] for r in results) >= 2, results


def test_killed_after_storing_everything_the_next_run_still_builds_the_ledger(reference: dict,
                                                                              tmp_path: Path):
    db = tmp_path / "ledger.db"
    shutil.copy(reference["work"] / "reference.db", db)
    # as if killed before the ledger was written: every claim ungrouped, no ledger rows
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE claims SET grp = NULL, claimant_id = NULL")
        for table in ("claimants", "claim_groups", "measures", "conflicts", "syndication"):
            conn.execute(f"DELETE FROM {table}")
    conn.close()
    with Store(db) as store:
        assert not store.has_ledger()
    assert crash.run_cli("run", str(reference["corpus"]), "--db", str(db)) == 0  # adds nothing
    assert crash.exports(db) == reference["exports"]


def test_two_runs_at_once_on_one_database_equal_a_single_run(reference: dict, tmp_path: Path):
    db = tmp_path / "shared.db"
    cmd = [*crash.CLI, "run", str(reference["corpus"]), "--db", str(db)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert crash.problems(db, reference["exports"], reference["per_doc"]) == []
    assert crash.verified(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM runs WHERE finished IS NOT NULL").fetchone() == (2,)
    conn.close()


def test_a_document_stored_during_a_ledger_rebuild_is_not_left_ungrouped(tmp_path: Path,
                                                                          monkeypatch):
    """Run A builds the ledger while run B stores a document and rebuilds: A must not write a
    ledger built without B's document over B's. The rebuild holds the write lock, so B waits."""
    import claimledger.ledger as ledger_mod

    db = tmp_path / "ledger.db"
    text = "About 1,200 residents were evacuated from Irpin on Tuesday, the mayor said."

    def add(store: Store, name: str) -> None:
        doc = make_document(name, text.replace("1,200", str(1000 + len(name))))
        store.add_document(doc, CleanText(doc.raw, list(range(len(doc.raw)))),
                           [make_claim(doc, doc.raw, str(1000 + len(name)), 1000, "resident",
                                       claimant="the mayor", affiliation="Ukraine")])

    with Store(db) as store:
        add(store, "first.txt")

    real_build = ledger_mod.build_ledger
    building, go = threading.Event(), threading.Event()

    def slow_build(*args, **kwargs):
        if not building.is_set():  # only run A's build pauses
            building.set()
            go.wait(10)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(ledger_mod, "build_ledger", slow_build)
    errors: list[BaseException] = []

    def run_a() -> None:
        try:
            with Store(db) as store:
                pipeline.rebuild_ledger(store)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    def run_b() -> None:
        try:
            with Store(db) as store:
                add(store, "second-article.txt")
                pipeline.rebuild_ledger(store)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    a = threading.Thread(target=run_a)
    a.start()
    assert building.wait(10)
    b = threading.Thread(target=run_b)
    b.start()
    b.join(3)  # without the lock B would store, rebuild and be done; with it B waits for A
    go.set()
    a.join(30)
    b.join(30)
    assert not errors, errors
    with Store(db) as store:
        assert store.has_ledger()
        assert {c["doc"] for c in store.claims() if c["grp"]} == {"first.txt",
                                                                  "second-article.txt"}


# -- orphans (issue 11, item 8): workers die with the run, however it is killed ---------------


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("options,processes", [
    # the resource tracker, the forkserver and its two workers
    (["--workers", "2"], 4),
    # the resource tracker and two Dask workers (their nannies run in the run's process)
    (["--engine", "dask", "--workers", "2"], 3),
], ids=["workers2", "dask"])
def test_a_run_killed_with_sigkill_leaves_no_process_behind(reference: dict, tmp_path: Path,
                                                            options: list[str], processes: int):
    run = subprocess.Popen([*crash.CLI, "run", str(reference["corpus"]), "--db",
                            str(tmp_path / "ledger.db"), *options],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(seen) < processes and run.poll() is None and time.monotonic() < deadline:
            seen |= crash.descendants(run.pid)
            time.sleep(0.05)
        assert len(seen) >= processes, f"the workers never started: {sorted(seen)}"

        os.kill(run.pid, signal.SIGKILL)  # the run alone, as the OOM killer or kill -9 does
        run.wait()

        left, _ = crash.gone(seen, run.pid, within=5)
        assert left == set(), f"left behind: {sorted(left)} of {sorted(seen)}"
    finally:
        for pid in crash.left_behind(seen, run.pid):
            os.kill(pid, signal.SIGKILL)
