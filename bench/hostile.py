"""Hostile sizes (issue 11, items 6 and 7): inputs that once took minutes and gigabytes, each
run through `claimledger run` in a child process, timed, with its peak RSS.

    .venv/bin/python bench/hostile.py                 # every input, full size
    .venv/bin/python bench/hostile.py --only base64 --scale 0.25

The inputs, one plain-text article each (a headline, a blank line, then the body), built
deterministically in a temp folder:

  capitalised-words   48 KB of Capitalised Words, no full stop (syndication paired every
                      name with every other: 77 s and 4.1 GB)
  capitalised-stops   the same with a full stop every 30 words: prose-shaped, so not cut,
                      and each sentence has more names than syndication keys on
  base64              200 KB of base64 on one line (12.4 GB, every later run paying again)
  base64-wrapped      200 KB of base64 at 76 columns, as in a MIME part
  short-sentences     5,000 short sentences with figures in one paragraph ("The council said
                      12 homes were hit.", varied: past 300 s)
  long-sentence       one 950 KB sentence of clauses with figures (387 s and 3 GB)
  huge-paragraph      a 7 MB paragraph of such sentences (spaCy's E088: the article lost)

For each: `claimledger run` on a fresh database, then `claimledger verify`, then a later run
adding one small article to the same database (what every later run pays for the stored
text). A row PASSes when the run exits 0 with the document stored, verify says OK, and both
runs finish within 60 s and 1.5 GB. Peak RSS is the child's ru_maxrss (os.wait4): an upper
bound, since it starts from this script's own size at the fork (printed). Exit status 0 when
every row passes.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "import sys; from claimledger.cli import main; sys.exit(main())"]
LIMIT_S = 60.0
LIMIT_MB = 1536.0

SUBJECTS = ["The council", "The ministry", "Police", "The mayor", "Officials", "The agency",
            "Rescuers", "The governor", "The regional office", "Emergency services"]
VERBS = ["said", "reported", "estimated", "told reporters", "announced", "confirmed"]
NOUNS = ["homes", "people", "schools", "buildings", "families", "cars", "shops", "bridges"]
PREDICATES = ["were hit", "were damaged", "were evacuated", "were destroyed", "had fled",
              "were counted"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SMALL_ARTICLE = ("Floods reach the river town\n\nThe regional council said 340 homes were "
                 "flooded on Tuesday, and rescuers said 52 people were taken to shelters.\n")


def _clause(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.randint(2, 99_999):,} "
            f"{rng.choice(NOUNS)} {rng.choice(PREDICATES)}")


def _capitalised(rng: random.Random) -> str:
    """A made-up capitalised word: almost every one distinct, as names in a wall would be."""
    return rng.choice(LETTERS).upper() + "".join(rng.choice(LETTERS)
                                                 for _ in range(rng.randint(3, 8)))


def capitalised_words(size: int, rng: random.Random, stop_every: int = 0) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        w = _capitalised(rng)
        if stop_every and len(words) % stop_every == stop_every - 1:
            w += "."
        words.append(w)
        length += len(w) + 1
    return " ".join(words)


def base64_text(size: int, rng: random.Random, width: int = 0) -> str:
    text = base64.b64encode(rng.randbytes(size * 3 // 4)).decode()
    if not width:
        return text
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def short_sentences(count: int, rng: random.Random) -> str:
    return " ".join(_clause(rng) + "." for _ in range(count))


def long_sentence(size: int, rng: random.Random) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(_clause(rng).lower())
        length += len(parts[-1]) + 6
    return "The report says " + ", and ".join(parts) + "."


def huge_paragraph(size: int, rng: random.Random) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(_clause(rng) + ".")
        length += len(parts[-1]) + 1
    return " ".join(parts)


# name -> (headline, body builder taking a scale and a seeded Random)
INPUTS: dict[str, tuple[str, Callable[[float, random.Random], str]]] = {
    "capitalised-words": ("A wall of names", lambda k, r: capitalised_words(int(48_000 * k), r)),
    "capitalised-stops": ("Names in short sentences",
                          lambda k, r: capitalised_words(int(48_000 * k), r, stop_every=30)),
    "base64": ("An inline attachment", lambda k, r: base64_text(int(200_000 * k), r)),
    "base64-wrapped": ("A MIME attachment",
                       lambda k, r: base64_text(int(200_000 * k), r, width=76)),
    "short-sentences": ("Damage reported across the region",
                        lambda k, r: short_sentences(max(1, int(5_000 * k)), r)),
    "long-sentence": ("One sentence", lambda k, r: long_sentence(int(950_000 * k), r)),
    "huge-paragraph": ("One paragraph", lambda k, r: huge_paragraph(int(7_000_000 * k), r)),
}


def article(name: str, scale: float = 1.0, seed: int = 1) -> str:
    """The text of one hostile input: its headline, a blank line, its body."""
    headline, build = INPUTS[name]
    return f"{headline}\n\n{build(scale, random.Random(f'{seed}:{name}'))}\n"


def timed(args: list[str], timeout: float) -> tuple[int, float, float, str]:
    """(exit status, seconds, peak RSS in MB, output) of a claimledger command."""
    start = time.monotonic()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([*CLI, *args], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = start + timeout
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return proc.returncode, seconds, usage.ru_maxrss / 1024, out.read()


def measure(name: str, scale: float, seed: int, work: Path, timeout: float) -> dict:
    folder = work / name
    folder.mkdir()
    path = folder / f"{name}.txt"
    path.write_text(article(name, scale, seed), encoding="utf-8")
    db = work / f"{name}.db"
    status, seconds, mb, out = timed(["run", str(path), "--db", str(db)], timeout)
    row = {"input": name, "bytes": path.stat().st_size, "exit": status,
           "seconds": round(seconds, 2), "peak_rss_mb": round(mb, 1)}
    stored = claims = 0
    if db.exists():
        with sqlite3.connect(db) as con:
            stored = con.execute("select count(*) from documents").fetchone()[0]
            claims = con.execute("select count(*) from claims").fetchone()[0]
    row.update(stored=stored, claims=claims)
    v_status, v_seconds, _, v_out = timed(["verify", "--db", str(db)], timeout)
    row["verify"] = "OK" if v_status == 0 else (v_out.strip().splitlines() or ["failed"])[-1]
    later = folder / "later.txt"
    later.write_text(SMALL_ARTICLE, encoding="utf-8")
    l_status, l_seconds, l_mb, _ = timed(["run", str(later), "--db", str(db)], timeout)
    row.update(later_exit=l_status, later_seconds=round(l_seconds, 2),
               later_peak_rss_mb=round(l_mb, 1))
    ok = (status == 0 and l_status == 0 and stored == 1 and row["verify"] == "OK"
          and max(seconds, l_seconds) < LIMIT_S and max(mb, l_mb) < LIMIT_MB)
    row["result"] = "PASS" if ok else "FAIL"
    if status != 0:  # the run's own error line, else its last line (a kill leaves none)
        lines = out.strip().splitlines()
        row["error"] = [x for x in lines if x.startswith("error")][:1] or lines[-1:] or [""]
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", choices=sorted(INPUTS),
                    help="run this input only (repeatable)")
    ap.add_argument("--scale", type=float, default=1.0, help="size factor for every input")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="seconds after which a run is killed (and fails)")
    ap.add_argument("--keep", action="store_true", help="keep the inputs and databases")
    args = ap.parse_args(argv)

    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"limits: {LIMIT_S:.0f} s and {LIMIT_MB:.0f} MB per run; this script's own RSS "
          f"{own_mb:.0f} MB (the children's peaks start from it); load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'input':<18} {'bytes':>10} {'s':>7} {'MB':>7} {'claims':>7} {'verify':>7} "
          f"{'later s':>8} {'later MB':>9}  result")
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    rows = []
    try:
        for name in args.only or INPUTS:
            row = measure(name, args.scale, args.seed, work, args.timeout)
            rows.append(row)
            print(f"{name:<18} {row['bytes']:>10,} {row['seconds']:>7.1f} "
                  f"{row['peak_rss_mb']:>7.0f} {row['claims']:>7,} {row['verify'][:7]:>7} "
                  f"{row['later_seconds']:>8.1f} {row['later_peak_rss_mb']:>9.0f}  "
                  f"{row['result']}" + (f"  ({row['error'][0]})" if "error" in row else ""),
                  flush=True)
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    passed = sum(r["result"] == "PASS" for r in rows)
    print(f"hostile: {passed} of {len(rows)} inputs within {LIMIT_S:.0f} s and {LIMIT_MB:.0f} MB")
    print(json.dumps({"scale": args.scale, "seed": args.seed, "rows": rows}))
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
