"""Benchmark: quantities in news sentences, ours vs quantulum3 vs CQE, by value and by unit.

    .venv/bin/python bench/quantities.py                 # table, then one JSON line
    .venv/bin/python bench/quantities.py --show 40       # also our misses / wrong units
    .venv/bin/python bench/quantities.py --tools none    # ours only (no other venv)
    .venv/bin/python bench/quantities.py --build         # data/quantities.src.txt -> .jsonl

The set (bench/data/quantities.jsonl, built from data/quantities.src.txt): ~260 sentences
invented in news style for this bench, every quantity annotated with its span, value
(low/high for a range or vague count), unit as the spec writes it (a singular lower-case
counted noun, a measure unit, `percent`, a currency as our exports name it: dollar, euro,
pound, rupee ...; null where no counted noun or measure exists) and qualifier; numbers that
are not quantities (dates, years, ages, durations, ordinals, names, clock times, phone
numbers, codes) are marked too. Each sentence has a tag saying what it tests.

Ours runs as the pipeline does (extract/claims.py `_figures`: find_figures without units,
then units from the spaCy parse of each sentence). quantulum3 and CQE run in ANOTHER venv
(`--venv`, default /tmp/qvenv) through bench/quantity_tools.py, one subprocess per tool.

Scoring, one to one per sentence: values match within 0.5%; a range or vague count matches
a predicted range that overlaps it and is at most twice as wide (the spec's rule); a point
never matches a range. value+unit also needs the units equal after every system's unit
names are mapped onto the spec's vocabulary (`percentage` -> percent, `pound sterling` ->
pound, plural nouns singular, US spellings British); null equals null.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO / "bench" / "data"
TOLERANCE = 0.005
CONVENTION_TAGS = {"fraction", "vague"}

# -- the data -------------------------------------------------------------------------------
_MARK = re.compile(r"\[\[(?P<q>[^\]]+)\]\]|\{\{(?P<n>[^}]+)\}\}")


def build(src: Path, out: Path) -> int:
    """quantities.src.txt (inline markup) -> quantities.jsonl (one sentence a line)."""
    rows = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        tag, _, marked = line.partition(": ")
        text, quants, nots, pos = "", [], [], 0
        for m in _MARK.finditer(marked):
            text += marked[pos:m.start()]
            pos = m.end()
            if m.group("n"):
                nots.append({"span": m.group("n"), "start": len(text),
                             "end": len(text) + len(m.group("n"))})
                text += m.group("n")
                continue
            parts = m.group("q").split("|")
            span, value, unit = parts[0], parts[1], parts[2]
            qual = parts[3] if len(parts) > 3 else "exact"
            q: dict[str, Any] = {"span": span, "start": len(text), "end": len(text) + len(span),
                                 "value": None, "low": None, "high": None,
                                 "unit": None if unit == "-" else unit, "qualifier": qual}
            if "~" in value:
                lo, hi = value.split("~")
                q["low"], q["high"] = float(lo), float(hi)
            else:
                q["value"] = float(value)
            quants.append(q)
            text += span
        text += marked[pos:]
        rows.append({"id": len(rows) + 1, "tag": tag, "text": text, "quantities": quants,
                     "not_quantities": nots})
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    return len(rows)


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


# -- units onto the spec's vocabulary ------------------------------------------------------
_UNIT_NAMES = {
    "percentage": "percent", "per cent": "percent", "%": "percent", "pct": "percent",
    "dimensionless": None, "-": None, "": None,
    "pound sterling": "pound", "british pound": "pound", "penny": "pound",
    "united states dollar": "dollar", "us dollar": "dollar", "dollar": "dollar",
    "indian rupee": "rupee", "japanese yen": "yen", "chinese yuan": "yuan",
    "renminbi": "yuan", "russian ruble": "rouble", "ruble": "rouble",
    "ukrainian hryvnia": "hryvnia", "metric ton": "tonne", "ton": "tonne",
    "degree celsius": "degree celsius", "celsius": "degree celsius",
    "kilometre per hour": "kilometre per hour", "kilometer per hour": "kilometre per hour",
    "people": "person", "persons": "person", "children": "child", "men": "man",
    "women": "woman", "percentage points": "percentage point",
}
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def norm_unit(unit: str | None) -> str | None:
    """Any system's unit name in the spec's words, so names alone cannot win or lose."""
    if unit is None:
        return None
    u = " ".join(unit.lower().replace("_", " ").split())
    if u in _UNIT_NAMES:
        return _UNIT_NAMES[u]
    u = re.sub(r"(kilo|centi|milli|)meter", r"\1metre", u).replace("liter", "litre")
    words = u.split()
    last = words[-1]
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "xes", "sses")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    u = " ".join(words[:-1] + [last])
    return _UNIT_NAMES.get(u, u)


# -- predictions ---------------------------------------------------------------------------
@dataclass
class Pred:
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None  # as the system names it


Run = list[list[Pred]]  # predictions per sentence, in data order


def run_ours(rows: list[dict[str, Any]]) -> tuple[Run, float, str]:
    """As the pipeline reads a sentence: extract/claims.py `_figures` on each spaCy
    sentence of the text (find_figures without units, then units from the parse)."""
    from claimledger.extract.claims import _figures
    from claimledger.extract.nlp import load as load_nlp
    from claimledger.extract.nlp import sentences

    nlp = load_nlp()
    sentences("Warm up.", nlp)
    out: Run = []
    t0 = time.perf_counter()
    for r in rows:
        preds = []
        for s in sentences(r["text"], nlp, "all"):
            for f in _figures(s):
                a, b = s.start + f.start, s.start + f.end
                preds.append(Pred(r["text"][a:b], a, b, f.value, f.low, f.high, f.unit))
        out.append(preds)
    return out, time.perf_counter() - t0, "ours (pipeline units)"


def run_tool(name: str, rows: list[dict[str, Any]], python: Path) -> tuple[Run, float, str]:
    """One subprocess per tool, in the other venv; its load time is not counted."""
    script = REPO / "bench" / "quantity_tools.py"
    inp = "".join(json.dumps({"text": r["text"]}) + "\n" for r in rows)
    proc = subprocess.run([str(python), str(script), name], input=inp, capture_output=True,
                          text=True, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"},
                          timeout=1800)
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    if not lines or len(lines) != len(rows) + 1:
        tail = proc.stderr.strip().splitlines()[-3:]
        raise RuntimeError(f"{name} failed: {' | '.join(tail)}")
    head, body = lines[0], lines[1:]
    out = [[Pred(p["text"], p["start"], p["end"], p["value"], p["low"], p["high"], p["unit"])
            for p in b["preds"]] for b in body]
    errors = sum(1 for b in body if b.get("error"))
    label = f"{name} {head['version']}" + (f" ({errors} crashes)" if errors else "")
    return out, sum(b["seconds"] for b in body), label


# -- scoring -------------------------------------------------------------------------------
def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), 1e-9)


def value_match(g: dict[str, Any], p: Pred) -> bool:
    if g["value"] is not None:
        return p.value is not None and _close(g["value"], p.value)
    if p.low is None or p.high is None:
        return False
    glo, ghi = g["low"], g["high"]
    if p.low > ghi or p.high < glo:
        return False
    return p.high - p.low <= 2 * max(ghi - glo, 1.0)


@dataclass
class Score:
    tp: int = 0
    tp_unit: int = 0
    n_pred: int = 0
    n_gold: int = 0
    non_figures: int = 0  # predictions on a number marked as not a quantity
    misses: list[tuple[str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str]] = field(default_factory=list)
    wrong_unit: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)

    def f1(self, tp: int) -> tuple[float, float, float]:
        p = tp / self.n_pred if self.n_pred else 0.0
        r = tp / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs(golds: list[dict[str, Any]], preds: list[Pred],
           ok: Callable[[dict[str, Any], Pred], bool],
           taken_g: set[int], taken_p: set[int]) -> list[tuple[int, int]]:
    out = []
    for gi, g in enumerate(golds):
        if gi in taken_g:
            continue
        for pi, p in enumerate(preds):
            if pi not in taken_p and ok(g, p):
                out.append((gi, pi))
                taken_g.add(gi)
                taken_p.add(pi)
                break
    return out


def score(rows: list[dict[str, Any]], run: Run) -> tuple[Score, dict[str, Score]]:
    total, by_tag = Score(), defaultdict(Score)
    for r, preds in zip(rows, run, strict=True):
        golds = r["quantities"]
        tg: set[int] = set()
        tp_: set[int] = set()
        # pairs agreeing on the unit first, so the pairing order cannot cost a unit match
        both = _pairs(golds, preds, lambda g, p: value_match(g, p)
                      and norm_unit(p.unit) == norm_unit(g["unit"]), tg, tp_)
        only = _pairs(golds, preds, value_match, tg, tp_)
        for s in (total, by_tag[r["tag"]]):
            s.tp += len(both) + len(only)
            s.tp_unit += len(both)
            s.n_pred += len(preds)
            s.n_gold += len(golds)
            s.non_figures += sum(1 for p in preds if any(
                p.start < n["end"] and n["start"] < p.end for n in r["not_quantities"]))
            s.misses += [(r["text"], g["span"]) for i, g in enumerate(golds) if i not in tg]
            s.spurious += [(r["text"], p.text) for i, p in enumerate(preds) if i not in tp_]
            s.wrong_unit += [(r["text"], golds[gi]["span"], golds[gi]["unit"],
                              norm_unit(preds[pi].unit)) for gi, pi in only]
    return total, dict(by_tag)


# -- report --------------------------------------------------------------------------------
def report(rows: list[dict[str, Any]], runs: list[tuple[str, Run, float]], show: int,
           out: list[str]) -> dict[str, Any]:
    def say(line: str = "") -> None:
        out.append(line)
        print(line)

    n_gold = sum(len(r["quantities"]) for r in rows)
    n_not = sum(len(r["not_quantities"]) for r in rows)
    say(f"{len(rows)} invented news sentences, {n_gold} quantities, {n_not} marked non-figures"
        " (bench/data/quantities.jsonl)")
    say(f"  {'system':<34} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}   "
        f"{'tp+u':>5} {'F1+u':>6}  {'non-fig':>7} {'ms/sent':>8}")
    result: dict[str, Any] = {"sentences": len(rows), "gold": n_gold}
    scored = []
    for name, run, secs in runs:
        total, tags = score(rows, run)
        scored.append((name, total, tags))
        p, r, f = total.f1(total.tp)
        _, _, fu = total.f1(total.tp_unit)
        say(f"  {name:<34} {total.n_pred:>5} {total.tp:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}   "
            f"{total.tp_unit:>5} {fu:>6.3f}  {total.non_figures:>7} "
            f"{1000 * secs / len(rows):>8.2f}")
        key = name.split()[0]
        result.update({f"{key}_value_p": round(p, 4), f"{key}_value_r": round(r, 4),
                       f"{key}_value_f1": round(f, 4), f"{key}_value_unit_f1": round(fu, 4),
                       f"{key}_non_figures": total.non_figures})
    say("  tp+u / F1+u: value and unit both right; non-fig: predictions on numbers marked"
        " as not quantities")
    # word fractions as percent and vague counts as bounds are the spec's conventions,
    # which the other tools do not share: the same scores without those two tags
    plain = [i for i, r in enumerate(rows) if r["tag"] not in CONVENTION_TAGS]
    sub = [rows[i] for i in plain]
    for name, run, _ in runs:
        total, _ = score(sub, [run[i] for i in plain])
        _, _, f = total.f1(total.tp)
        _, _, fu = total.f1(total.tp_unit)
        say(f"  without {'/'.join(sorted(CONVENTION_TAGS))}: {name:<26} value F1 {f:.3f}"
            f"  value+unit F1 {fu:.3f}")
        result[f"{name.split()[0]}_plain_value_f1"] = round(f, 4)
        result[f"{name.split()[0]}_plain_value_unit_f1"] = round(fu, 4)
    say()
    say("value F1 / value+unit F1 by tag:")
    tags = sorted({r["tag"] for r in rows})
    say(f"  {'tag':<10} {'gold':>4}  " + "  ".join(f"{n.split()[0]:>15}" for n, _, _ in scored))
    for t in tags:
        cells = []
        for _, _, by in scored:
            s = by.get(t, Score())
            _, _, f = s.f1(s.tp)
            _, _, fu = s.f1(s.tp_unit)
            cells.append(f"{f:.2f} / {fu:.2f}" if s.n_gold else f"{s.n_pred:>2} pred")
        g = sum(len(r["quantities"]) for r in rows if r["tag"] == t)
        say(f"  {t:<10} {g:>4}  " + "  ".join(f"{c:>15}" for c in cells))
    if show and scored:
        name, total, _ = scored[0]
        for title, items in (("missed", total.misses), ("spurious", total.spurious),
                             ("wrong unit (gold -> ours)", total.wrong_unit)):
            say()
            say(f"{name}: {title} ({len(items)}; first {min(show, len(items))})")
            for it in items[:show]:
                text = it[0]
                rest = " ".join(str(x) for x in it[1:])
                say(f"  {rest:<40} in {text[:100]!r}")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA / "quantities.jsonl")
    ap.add_argument("--build", action="store_true", help="rebuild the .jsonl from the .src.txt")
    ap.add_argument("--venv", type=Path, default=Path("/tmp/qvenv"),
                    help="the venv holding quantulum3 and CQE (bench/quantity_tools.py)")
    ap.add_argument("--tools", default="quantulum3,cqe", help="comma list, or 'none'")
    ap.add_argument("--show", type=int, default=0, metavar="N")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    args = ap.parse_args(argv)
    if args.build:
        n = build(DATA / "quantities.src.txt", args.data)
        print(f"{n} sentences -> {args.data}")
        return 0
    rows = load(args.data)
    runs: list[tuple[str, Run, float]] = []
    run, secs, label = run_ours(rows)
    runs.append((label, run, secs))
    for tool in [t for t in args.tools.split(",") if t and t != "none"]:
        try:
            run, secs, label = run_tool(tool, rows, args.venv / "bin" / "python")
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            print(f"{tool}: not run ({e})", file=sys.stderr)
            continue
        runs.append((label, run, secs))
    lines: list[str] = []
    result = report(rows, runs, args.show, lines)
    print(json.dumps(result))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n" + json.dumps(result) + "\n",
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
