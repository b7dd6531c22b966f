"""Fault injection (issues 5 and 11): kill `claimledger run` with SIGKILL at random moments,
run it again, and check that the result is exactly an uninterrupted run's, and that the
killed run left no process behind.

    .venv/bin/python bench/crash.py --workers 2          # 2,000 articles, 20 kills
    .venv/bin/python bench/crash.py --n 40 --trials 3     # a quick check

A corpus of N synthetic articles (plain text, some HTML, some JSONL lines; built from the
sample corpus's paragraphs with their numbers and names changed) is run once uninterrupted:
that database's exports (claims and conflicts, lines sorted) are the reference. Then, for
each trial, `claimledger run` starts on a fresh database, is killed with SIGKILL (the run
alone, or with `--kill group` its whole process group) after a random delay (seeded; the
trials are spread over the reference run's duration, and some fall while the ledger is being
built at the end), and is run again to completion. The trial is identical when the second
run exits 0, its exports equal the reference, PRAGMA integrity_check says ok, no claim is
stored twice (same document and figure_start), every document has its claims, and
`claimledger verify` passes. Every process seen under the run while it ran (read from /proc)
and every process of its process group must be gone within 10 s of the kill; any still there
is left behind (counted, then killed).

Prints one line per trial, then "crash: K of N runs identical; left behind: P processes"
and one JSON line. Exit status 0 when every trial is identical and nothing was left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample" / "docs"
CLI = [sys.executable, "-c", "import sys; from claimledger.cli import main; sys.exit(main())"]

# -- the corpus -----------------------------------------------------------------------------

FIRST = ["Olena", "Andriy", "Maria", "Pavel", "Natalia", "Viktor", "Irina", "Oleksiy", "Anna",
         "Dmitri", "Halyna", "Sergei", "Yulia", "Mykola", "Tetiana", "Igor", "Larysa", "Boris"]
LAST = ["Koval", "Petrenko", "Sokolova", "Melnyk", "Orlova", "Bondar", "Voronin", "Tkachenko",
        "Zaitseva", "Hrytsenko", "Belova", "Moroz", "Lysenko", "Kuznetsov", "Shevchuk", "Popova"]
# the people the sample's articles quote: each article gives them other names
PEOPLE = ["Lyudmyla Denisova", "Ludmila Denisova", "Mikhail Mizintsev", "Sergei Lavrov",
          "Sergey Lavrov", "Pavlo Kyrylenko", "Maria Lvova-Belova", "Maria Lvova",
          "Oleg Nikolenko", "Iryna Vereshchuk", "Grigory Karasin", "Dmytro Lubinets",
          "Antony Blinken", "Vadym Boychenko", "Petro Andriushchenko"]
OUTLETS = ["Eastbridge Daily", "Continental Press", "The Harbour Times", "Northern Wire",
           "Capital Ledger", "Riverside Post"]
NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,.-]?\d)")


def paragraphs() -> list[str]:
    """The sample's article paragraphs (furniture lines, too short or unpunctuated, left out)."""
    out = []
    for f in sorted(SAMPLE.glob("*.txt")):
        for p in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")):
            p = " ".join(p.split())
            if len(p) > 80 and p[-1] in ".\"”" and not p.startswith("date "):
                out.append(p)
    return out


def perturb(text: str, rng: random.Random) -> str:
    """Every number scaled by one random factor per number (years kept), same style."""
    def change(m: re.Match) -> str:
        s = m.group(1)
        value = float(s.replace(",", ""))
        if 1900 <= value <= 2100 and "," not in s and "." not in s:
            return s  # a year
        new = value * rng.uniform(0.5, 2.0)
        if "." in s:
            return f"{new:.{len(s.split('.')[1])}f}"
        digits = len(s.replace(",", ""))
        keep = 10 ** max(digits - 2, 0)  # two significant digits, as reported figures are
        n = max(int(round(new / keep)) * keep, 1)
        return f"{n:,}" if "," in s else str(n)
    return NUMBER.sub(change, text)


def make_article(i: int, rng: random.Random, pool: list[str]) -> tuple[str, str, str, str]:
    """(headline, outlet, ISO date, body paragraphs joined by blank lines) of article i."""
    names = {p: f"{rng.choice(FIRST)} {rng.choice(LAST)}" for p in PEOPLE}
    chosen = rng.sample(pool, rng.randint(4, 7))
    body = []
    for p in chosen:
        for old, new in names.items():
            p = p.replace(old, new)
        body.append(perturb(p, rng))
    words = body[0].split()[:9]
    headline = " ".join(words).rstrip(",.;:") + f" ({i})"
    day = (date(2022, 3, 1) + timedelta(days=rng.randint(0, 700))).isoformat()
    return headline, rng.choice(OUTLETS), day, "\n\n".join(body)


def build_corpus(n: int, out: Path, seed: int = 7) -> Path:
    """N articles under `out`: about 90% .txt, 5% .html, 5% lines of .jsonl files."""
    rng = random.Random(seed)
    pool = paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    jsonl: list[str] = []
    for i in range(n):
        headline, outlet, day, body = make_article(i, rng, pool)
        kind = rng.random()
        if kind < 0.05:
            paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
            (out / f"a{i:05d}.html").write_text(
                f"<!doctype html><html lang='en'><head><title>{headline} | {outlet}</title>"
                f"<meta property='og:site_name' content='{outlet}'>"
                f"<meta property='article:published_time' content='{day}'></head><body>"
                f"<nav><a href='/'>Home</a></nav><article><h1>{headline}</h1>{paras}"
                "</article><footer>Sign up for our newsletter</footer></body></html>",
                encoding="utf-8")
        elif kind < 0.10:
            jsonl.append(json.dumps({"title": headline, "outlet": outlet, "date": day,
                                     "text": body}, ensure_ascii=False))
        else:
            (out / f"a{i:05d}.txt").write_text(
                f" date {day} {headline}\n{outlet}\nSkip to content\n\n{body}\n\n"
                "Sign up for our newsletter\n", encoding="utf-8")
    for k in range(0, len(jsonl), 20):
        (out / f"feed{k // 20:03d}.jsonl").write_text("\n".join(jsonl[k:k + 20]) + "\n",
                                                      encoding="utf-8")
    return out


# -- running and checking -------------------------------------------------------------------

def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process, from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1]), int(fields[2])


def _processes() -> dict[int, tuple[str, int, int]]:
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            out[int(entry.name)] = stat
    return out


def descendants(pid: int) -> set[int]:
    """Every living process under `pid` (children, their children...), read from /proc."""
    procs = _processes()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, (state, ppid, _) in procs.items()
                    if ppid in frontier and state != "Z"} - found
        found |= frontier
    return found


def left_behind(pids: set[int], group: int | None = None) -> set[int]:
    """Those of `pids` still running, and any process of process group `group` (zombies, dead
    but not yet reaped by init, do not count)."""
    procs = _processes()
    return {p for p, (state, _, pgid) in procs.items()
            if state != "Z" and (p in pids or pgid == group)}


def gone(pids: set[int], group: int | None, within: float) -> tuple[set[int], float]:
    """Wait up to `within` seconds for `pids` and the process group to be gone: (those still
    there at the end, seconds waited)."""
    started = time.monotonic()
    while (left := left_behind(pids, group)) and time.monotonic() - started < within:
        time.sleep(0.05)
    return left, time.monotonic() - started


def run_cli(*args: str, log: Path | None = None) -> int:
    err = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.run([*CLI, *args], stdout=subprocess.DEVNULL, stderr=err,
                              check=False).returncode
    finally:
        if log:
            err.close()


def exports(db: Path) -> dict[str, list[str]]:
    """Both exports, their lines sorted."""
    from claimledger.present.export import export
    from claimledger.store import Store

    out: dict[str, list[str]] = {}
    with Store(db, create=False) as store:
        for fmt in ("jsonl", "conflicts"):
            path = db.with_suffix(f".{fmt}.out")
            with open(path, "w", encoding="utf-8") as f:
                export(store, fmt, f)
            out[fmt] = sorted(path.read_text(encoding="utf-8").splitlines())
    return out


def inspect(db: Path) -> dict:
    """What a database holds, read straight with sqlite3 (as after a crash)."""
    if not db.exists():
        return {"exists": False}
    conn = sqlite3.connect(db)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return {"exists": True, "documents": 0, "ledger": False, "finished": False}
        one = conn.execute
        return {
            "exists": True,
            "documents": one("SELECT count(*) FROM documents").fetchone()[0],
            "claims": one("SELECT count(*) FROM claims").fetchone()[0],
            "ledger": one("SELECT count(*) FROM activity WHERE action = 'ledger'")
            .fetchone()[0] > 0 if "activity" in tables else None,
            "finished": one("SELECT count(*) FROM runs WHERE finished IS NOT NULL")
            .fetchone()[0] > 0,
        }
    finally:
        conn.close()


def problems(db: Path, reference: dict[str, list[str]], per_doc: Counter) -> list[str]:
    """What differs from the reference run, or is damaged; empty when identical."""
    out = []
    conn = sqlite3.connect(db)
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            out.append(f"integrity_check: {'; '.join(check[:3])}")
        dups = conn.execute("SELECT doc, figure_start, count(*) FROM claims "
                            "GROUP BY doc, figure_start HAVING count(*) > 1").fetchall()
        if dups:
            out.append(f"{len(dups)} claims stored twice, e.g. {dups[0][0]} at {dups[0][1]}")
        have = Counter(dict(conn.execute("SELECT d.id, count(c.id) FROM documents d "
                                         "LEFT JOIN claims c ON c.doc = d.id GROUP BY d.id")))
    finally:
        conn.close()
    missing = [d for d in per_doc if d not in have]
    if missing:
        out.append(f"{len(missing)} documents missing, e.g. {missing[0]}")
    short = [d for d, n in per_doc.items() if d in have and have[d] != n]
    if short:
        out.append(f"{len(short)} documents without all their claims, e.g. {short[0]} "
                   f"({have[short[0]]} of {per_doc[short[0]]})")
    got = exports(db)
    for fmt, lines in reference.items():
        if got[fmt] != lines:
            extra = len(set(got[fmt]) - set(lines))
            lost = len(set(lines) - set(got[fmt]))
            out.append(f"export {fmt} differs: {len(got[fmt])} lines vs {len(lines)} "
                       f"({extra} not in the reference, {lost} lost)")
    return out


def claims_per_doc(db: Path) -> Counter:
    conn = sqlite3.connect(db)
    try:
        return Counter(dict(conn.execute("SELECT d.id, count(c.id) FROM documents d LEFT JOIN "
                                         "claims c ON c.doc = d.id GROUP BY d.id")))
    finally:
        conn.close()


def verified(db: Path) -> bool:
    from claimledger.integrity import verify
    from claimledger.store import Store

    with Store(db, create=False) as store:
        return verify(store).ok


def phases(db: Path, started: float) -> tuple[float, float]:
    """Seconds from the start of the run to its last document stored and to its ledger
    written, from the activity log's timestamps."""
    conn = sqlite3.connect(db)
    try:
        last_doc = conn.execute("SELECT max(at) FROM activity WHERE action = 'ingest'")
        ingested = last_doc.fetchone()[0]
        ledger = conn.execute("SELECT max(at) FROM activity WHERE action = 'ledger'")
        built = ledger.fetchone()[0]
    finally:
        conn.close()
    return (datetime.fromisoformat(ingested).timestamp() - started,
            datetime.fromisoformat(built).timestamp() - started)


def delays(trials: int, total: float, ledger: tuple[float, float],
           rng: random.Random) -> list[float]:
    """One kill moment per trial: stratified over the run, a fifth of them (at least one)
    in the ledger build at its end."""
    in_ledger = max(1, trials // 5) if trials > 1 else 0
    spread = trials - in_ledger
    out = [rng.uniform(total * k / spread, total * (k + 1) / spread) * 0.98
           for k in range(spread)]
    # in the ledger build: a share of its length, counted from the moment the run has stored
    # every document (a run's pace varies, so a moment fixed in advance may come too late)
    out += [-rng.uniform(0.05, 0.9) for _ in range(in_ledger)]
    return out


def _all_stored(db: Path, documents: int, deadline: float) -> bool:
    """Wait until the run has stored `documents` documents (read as a crash would find them)."""
    while time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(db, timeout=0.05)
            try:
                if conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= documents:
                    return True
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # not created yet, or locked by the writer for a moment
        time.sleep(0.05)
    return False


class Descendants(threading.Thread):
    """Every process seen under `pid` while it runs, read from /proc every 0.1 s (after a
    SIGKILL its orphans hang from init, so they must be known beforehand)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.seen = pid, set[int]()
        self.start()

    def run(self) -> None:
        while (stat := _stat(self.pid)) is not None and stat[0] != "Z":
            self.seen |= descendants(self.pid)
            time.sleep(0.1)


def trial(k: int, delay: float, corpus: Path, work: Path, reference: dict[str, list[str]],
          per_doc: Counter, workers: int = 1, ledger: tuple[float, float] = (0.0, 0.0),
          documents: int = 0, kill: str = "parent") -> dict:
    """One run killed after `delay` seconds, or, for a negative delay, that share of the
    ledger build's length after the run has stored all `documents`. `kill` "parent" sends
    SIGKILL to the run alone (as `kill -9` or the OOM killer would), "group" to its whole
    process group. Either way, any process of the run still there after 10 s is left
    behind: counted, then killed so that the second run starts clean."""
    db = work / f"trial{k:02d}.db"
    log = work / f"trial{k:02d}.log"
    started = time.monotonic()
    proc = subprocess.Popen([*CLI, "run", str(corpus), "--db", str(db), *_workers(workers)],
                            stdout=subprocess.DEVNULL, stderr=open(log, "wb"),
                            start_new_session=True)
    watched = Descendants(proc.pid)
    if delay < 0:  # in the ledger build: from the moment every document is stored
        if _all_stored(db, documents, started + 10 * max(ledger[1], 1.0)):
            time.sleep(-delay * max(ledger[1] - ledger[0], 0.05))
        delay = time.monotonic() - started
        killed = proc.poll() is None
    else:
        try:
            proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            killed = True
    if killed:
        watched.seen |= descendants(proc.pid)
        try:
            if kill == "group":
                os.killpg(proc.pid, signal.SIGKILL)  # the run and any worker it started
            else:
                os.kill(proc.pid, signal.SIGKILL)  # the run alone: its workers must follow
        except ProcessLookupError:
            killed = False  # it finished in the meantime
    proc.wait()
    at = time.monotonic() - started
    watched.join()
    # the process group too: a worker started since the last look is in it
    left, waited = gone(watched.seen, proc.pid, within=10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    state = inspect(db)
    again = time.monotonic()
    code = run_cli("run", str(corpus), "--db", str(db), *_workers(workers), log=log)
    rerun = time.monotonic() - again
    found = [] if code == 0 else [f"second run exited {code} (see {log})"]
    found += problems(db, reference, per_doc)
    if not verified(db):
        found.append("claimledger verify found mismatches")
    return {"trial": k, "delay": round(delay, 2), "killed_at": round(at, 2), "killed": killed,
            "stored_before": state.get("documents", 0), "ledger_before": state.get("ledger"),
            "rerun_seconds": round(rerun, 1), "identical": not found, "problems": found,
            "processes": len(watched.seen), "left_behind": len(left),
            "gone_after": round(waited, 2)}


def _workers(n: int) -> list[str]:
    return ["--workers", str(n)] if n > 1 else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles in the corpus [2000]")
    ap.add_argument("--trials", type=int, default=20, help="kills [20]")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", metavar="DIR", help="work here and keep it (default: a temp dir)")
    ap.add_argument("--workers", type=int, default=1, help="run with --workers N [1]")
    ap.add_argument("--kill", choices=("parent", "group"), default="parent",
                    help="SIGKILL the run alone, whose workers must die with it, or its whole "
                         "process group [parent]")
    args = ap.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="claimledger-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    try:
        corpus = build_corpus(args.n, work / "corpus", args.seed)
        ref_db = work / "reference.db"
        wall = time.time()
        started = time.monotonic()
        code = run_cli("run", str(corpus), "--db", str(ref_db), *_workers(args.workers),
                       log=work / "reference.log")
        total = time.monotonic() - started
        if code != 0:
            print(f"crash: the uninterrupted run exited {code} (see {work / 'reference.log'})")
            return 2
        reference = exports(ref_db)
        per_doc = claims_per_doc(ref_db)
        ledger = phases(ref_db, wall)
        print(f"reference ({args.workers} worker{'s' if args.workers > 1 else ''}): "
              f"{args.n} articles, {len(per_doc)} documents, "
              f"{len(reference['jsonl'])} claims, {len(reference['conflicts'])} conflicts in "
              f"{total:.1f} s (last document stored at {ledger[0]:.1f} s, ledger written at "
              f"{ledger[1]:.1f} s)", flush=True)

        rng = random.Random(args.seed)
        results = []
        for k, delay in enumerate(delays(args.trials, total, ledger, rng), start=1):
            r = trial(k, delay, corpus, work, reference, per_doc, args.workers, ledger,
                      inspect(ref_db)["documents"], args.kill)
            results.append(r)
            what = (f"killed at {r['killed_at']:.1f} s with {r['stored_before']} documents "
                    f"stored, ledger {'written' if r['ledger_before'] else 'not written'}"
                    if r["killed"] else f"finished before the kill at {r['delay']:.1f} s")
            verdict = "identical" if r["identical"] else "DIFFERENT: " + "; ".join(r["problems"])
            procs = (f"{r['processes']} processes, all gone {r['gone_after']:.2f} s after"
                     if not r["left_behind"] else
                     f"{r['left_behind']} of {r['processes']} processes LEFT BEHIND")
            print(f"trial {k:2d}: {what}; {procs}; rerun {r['rerun_seconds']:.1f} s: "
                  f"{verdict}", flush=True)
        same = sum(r["identical"] for r in results)
        left = sum(r["left_behind"] for r in results)
        print(f"crash: {same} of {len(results)} runs identical; left behind: {left} processes")
        print(json.dumps({"n": args.n, "documents": len(per_doc),
                          "claims": len(reference["jsonl"]),
                          "conflicts": len(reference["conflicts"]), "trials": len(results),
                          "identical": same, "killed": sum(r["killed"] for r in results),
                          "kill": args.kill, "workers": args.workers, "left_behind": left,
                          "gone_after_max": max((r["gone_after"] for r in results), default=0),
                          "reference_seconds": round(total, 1),
                          "ledger_phase": [round(x, 1) for x in ledger],
                          "seconds": round(time.monotonic() - began, 1),
                          "kills": [{k: r[k] for k in ("killed_at", "stored_before",
                                                       "ledger_before", "identical",
                                                       "processes", "left_behind")}
                                    for r in results]}))
        return 0 if same == len(results) and not left else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
