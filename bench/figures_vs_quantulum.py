"""Benchmark: claimledger's figure parser against quantulum3, the best-known quantity extractor.

Run from the repo root (needs the `bench` extra: pip install -e '.[bench]'):

    .venv/bin/python bench/figures_vs_quantulum.py [--shared ../shared] [--show N]

Set A: the annotated English test sentences that ship inside the quantulum3 package
(tests/quantities.json and tests/quantities.ambiguity.json). Scored by value: a prediction
matches an annotation when the values are within 0.5%, one to one per sentence. quantulum3
was written and tuned against exactly these sentences, so its score there is a ceiling,
not a fair comparison; the set is used because it is public and annotated by others.

Set B: the project's gold claim quotes (shared/corpus/{seeds,dev}/gold.jsonl), grouped by
quote and scored with the figure match of shared/tools/grade.py (point values within 0.5%,
or bounded, overlapping ranges not more than twice as wide), plus qualifier accuracy.

Both systems run in this process, offline. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))  # runnable from a checkout without an editable install

from claimledger.extract.fields.figure import find_figures  # noqa: E402

INSTALL_HINT = "quantulum3 is not installed; install the bench extra: pip install -e '.[bench]'"
TOLERANCE = 0.005  # 0.5%, the same tolerance as shared/tools/grade.py


# ---------------------------------------------------------------------------------------------
# Predictions: one shape for both systems, so the scoring below cannot favour either.


@dataclass
class Pred:
    """One extracted figure: a point value and/or bounds, as grade.py reads records."""

    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None  # None: the system has no notion of qualifiers
    averaged: bool = False  # a range the system reported as its mean (quantulum3 does)

    def point(self) -> float | None:
        """A single value for set A, whose annotations are points (ranges as their mean)."""
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high


System = Callable[[str], list[Pred]]


def ours(include_all: bool) -> System:
    def run(text: str) -> list[Pred]:
        return [Pred(f.text, f.value, f.low, f.high, f.qualifier)
                for f in find_figures(text, include_all=include_all)]
    return run


def quantulum() -> System:
    from quantulum3 import parser as qparser

    def run(text: str) -> list[Pred]:
        out = []
        for q in qparser.parse(text):
            unc = getattr(q, "uncertainty", None)
            if unc:  # a range "8 to 16" comes back as 12 +/- 4: give grade.py its bounds back
                out.append(Pred(q.surface, None, q.value - unc, q.value + unc, averaged=True))
            else:
                out.append(Pred(q.surface, float(q.value), None, None))
        return out
    return run


def load_quantulum() -> System | None:
    """quantulum3, quietly: without scikit-learn it warns that its unit classifier is off,
    which changes units only, never the values scored here."""
    warnings.filterwarnings("ignore", module=r"quantulum3.*")
    logging.getLogger("quantulum3").setLevel(logging.ERROR)
    try:
        return quantulum()
    except ImportError:
        return None


# ---------------------------------------------------------------------------------------------
# Scoring.


@dataclass
class Score:
    name: str
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    qual_ok: int = 0
    qual_n: int = 0
    exact_ok: int = 0  # matched pairs whose gold qualifier is "exact" (a no-qualifier baseline)
    averaged: int = 0
    errors: int = 0
    seconds: float = 0.0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (sentence, gold surface)
    spurious: list[tuple[str, str]] = field(default_factory=list)  # (sentence, predicted)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return round(p, 3), round(r, 3), round(f, 3)

    def qual_acc(self) -> float | None:
        return round(self.qual_ok / self.qual_n, 3) if self.qual_n else None

    def exact_rate(self) -> float | None:
        return round(self.exact_ok / self.qual_n, 3) if self.qual_n else None


def close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), 1e-9)


def greedy(golds: Sequence[Any], preds: Sequence[Pred],
           match: Callable[[Any, Pred], bool]) -> list[tuple[int, int]]:
    """One-to-one, gold order, first unused prediction that matches (as grade.py does)."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and match(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def run_system(system: System, text: str, score: Score) -> list[Pred]:
    t0 = time.perf_counter()
    try:
        preds = system(text)
    except Exception:  # a crash on one sentence scores as no output, and is counted
        preds = []
        score.errors += 1
    score.seconds += time.perf_counter() - t0
    score.averaged += sum(p.averaged for p in preds)
    return preds


# --- Set A ------------------------------------------------------------------------------------


@dataclass
class Annotation:
    surface: str
    value: float
    unit: str


def load_set_a() -> tuple[list[tuple[str, list[Annotation]]], list[str]]:
    """The annotated test sentences shipped inside quantulum3 (en_US)."""
    import quantulum3

    tests = Path(quantulum3.__file__).parent / "_lang" / "en_US" / "tests"
    files = [tests / "quantities.json", tests / "quantities.ambiguity.json"]
    sentences = []
    for path in files:
        for item in json.loads(path.read_text(encoding="utf-8")):
            anns = [Annotation(r["surface"], float(r["value"]), r.get("unit", ""))
                    for r in item["res"]]
            sentences.append((item["req"], anns))
    return sentences, [str(p.relative_to(tests.parents[2])) for p in files]


def value_match(g: Annotation, p: Pred) -> bool:
    v = p.point()
    return v is not None and close(g.value, v)


def score_set_a(sentences: list[tuple[str, list[Annotation]]], system: System,
                name: str) -> Score:
    s = Score(name)
    for text, anns in sentences:
        preds = run_system(system, text, s)
        pairs = greedy(anns, preds, value_match)
        s.tp += len(pairs)
        s.n_pred += len(preds)
        s.n_gold += len(anns)
        got, hit = {g for g, _ in pairs}, {p for _, p in pairs}
        s.misses += [(text, a.surface) for i, a in enumerate(anns) if i not in got]
        s.spurious += [(text, p.text) for i, p in enumerate(preds) if i not in hit]
    return s


def is_year(a: Annotation) -> bool:
    """Years are not figures for the ledger, by design: counted apart when reporting misses."""
    return a.unit == "dimensionless" and a.value.is_integer() and 1000 <= a.value <= 2100 \
        and a.surface.strip().isdigit()


# --- Set B ------------------------------------------------------------------------------------


def num(x: Any) -> float | None:
    return None if x is None else float(x)


def bounds(r: dict[str, Any]) -> tuple[float, float]:
    v, lo, hi = num(r.get("value")), num(r.get("low")), num(r.get("high"))
    if lo is None and hi is None and v is not None:
        lo = hi = v
    return (lo if lo is not None else -math.inf, hi if hi is not None else math.inf)


def figure_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """shared/tools/grade.py's figure_match, copied so the bench runs without shared/."""
    gv, pv = num(g.get("value")), num(p.get("value"))
    if gv is not None and pv is not None:
        return abs(gv - pv) <= TOLERANCE * max(abs(gv), 1e-9)
    glo, ghi = bounds(g)
    plo, phi = bounds(p)
    if -math.inf in (glo, plo) or math.inf in (ghi, phi):
        return False  # an open or missing range proves nothing
    if not (glo <= phi and plo <= ghi):
        return False
    scale = max(ghi - glo, abs(gv) if gv is not None else abs(ghi), 1.0)
    return (phi - plo) <= 2 * scale


def gold_pred_match(g: dict[str, Any], p: Pred) -> bool:
    return figure_match(g, {"value": p.value, "low": p.low, "high": p.high})


def load_set_b(shared: Path) -> dict[str, list[tuple[str, list[dict[str, Any]]]]]:
    """Gold records grouped by quote, per gold file; empty when shared/ is not there."""
    out: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {}
    for split in ("seeds", "dev"):
        path = shared / "corpus" / split / "gold.jsonl"
        if not path.is_file():
            continue
        by_quote: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                by_quote[rec["quote"]].append(rec)
        out[split] = list(by_quote.items())
    return out


def score_set_b(quotes: list[tuple[str, list[dict[str, Any]]]], system: System,
                name: str) -> Score:
    """As grade.py: required gold first; optional gold then absorbs leftover predictions,
    which count neither for nor against."""
    s = Score(name)
    for quote, golds in quotes:
        preds = run_system(system, quote, s)
        req = [g for g in golds if not g.get("optional")]
        opt = [g for g in golds if g.get("optional")]
        pairs = greedy(req, preds, gold_pred_match)
        used = {p for _, p in pairs}
        rest = [i for i in range(len(preds)) if i not in used]
        absorbed = greedy(opt, [preds[i] for i in rest], gold_pred_match)
        s.tp += len(pairs)
        s.n_pred += len(preds) - len(absorbed)
        s.n_gold += len(req)
        for gi, pi in pairs:
            g, p = req[gi], preds[pi]
            s.qual_n += 1
            s.exact_ok += g.get("qualifier") == "exact"
            s.qual_ok += p.qualifier is not None and p.qualifier == g.get("qualifier")
        got = {g for g, _ in pairs}
        hit = used | {rest[p] for _, p in absorbed}
        s.misses += [(quote, str(g.get("figure"))) for i, g in enumerate(req) if i not in got]
        s.spurious += [(quote, p.text) for i, p in enumerate(preds) if i not in hit]
    return s


# ---------------------------------------------------------------------------------------------
# Report.


def row(s: Score, note: str = "") -> str:
    p, r, f = s.prf()
    q = s.qual_acc()
    qual = "-" if q is None else f"{q:.3f}"
    if s.name.startswith("quantulum3") and s.qual_n:
        qual = "n/a"
    ms = 1000 * s.seconds
    return (f"  {s.name:<30} {s.n_gold:>5} {s.n_pred:>5} {s.tp:>5}  {p:.3f}  {r:.3f}  {f:.3f}"
            f"  {qual:>5} {ms:>8.0f}ms  {note}").rstrip()


HEADER = (f"  {'system':<30} {'gold':>5} {'pred':>5} {'tp':>5}  {'P':>5}  {'R':>5}  {'F1':>5}"
          f"  {'qual':>5} {'time':>10}")  # time includes quantulum3's first-call loading


def show(title: str, items: list[tuple[str, str]], n: int) -> None:
    if not n or not items:
        return
    print(f"  {title} ({len(items)}; first {min(n, len(items))}):")
    for text, what in items[:n]:
        print(f"    {what!r:<24} in {' '.join(text.split())[:110]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the shared/ folder with corpus/{seeds,dev}/gold.jsonl")
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="list the first N misses and spurious figures of our parser")
    args = ap.parse_args(argv)

    qsys = load_quantulum()
    if qsys is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    qname = f"quantulum3 {metadata.version('quantulum3')}"
    result: dict[str, Any] = {"quantulum3": metadata.version("quantulum3")}

    # --- Set A
    sentences, files = load_set_a()
    a_all = score_set_a(sentences, ours(True), "ours include_all=True")
    a_led = score_set_a(sentences, ours(False), "ours include_all=False")
    a_q = score_set_a(sentences, qsys, qname)
    n_ann = sum(len(a) for _, a in sentences)
    print(f"Set A: quantulum3's own annotated test sentences ({', '.join(files)})")
    print(f"  {len(sentences)} sentences, {n_ann} annotated quantities;"
          " value match within 0.5%, one to one per sentence")
    print(HEADER)
    print(row(a_all))
    print(row(a_led, "(ledger kinds only)"))
    print(row(a_q, "(tuned on these sentences: a ceiling)"))
    years = sum(1 for text, anns in sentences for a in anns if is_year(a))
    year_misses = sum(1 for text, anns in sentences for a in anns
                      if is_year(a) and (text, a.surface) in set(a_all.misses))
    print(f"  {years} annotations are bare years, which our parser skips by design;"
          f" {year_misses} of its {len(a_all.misses)} misses (include_all=True) are years")
    if a_q.averaged:
        print(f"  quantulum3 averaged {a_q.averaged} ranges into mean +/- uncertainty"
              " (the annotations do too)")
    show("ours include_all=True missed", a_all.misses, args.show)
    show("ours include_all=True spurious", a_all.spurious, args.show)
    for key, s in (("ours", a_all), ("ours_ledger", a_led), ("quantulum", a_q)):
        p, r, f = s.prf()
        result.update({f"{key}_value_p_a": p, f"{key}_value_r_a": r, f"{key}_value_f1_a": f})
    result.update({"set_a_n": len(sentences), "set_a_gold": n_ann})

    # --- Set B
    splits = load_set_b(args.shared)
    print()
    if not splits:
        print(f"Set B: skipped, no gold at {args.shared}/corpus/{{seeds,dev}}/gold.jsonl")
        result.update({"set_b_n": 0, "ours_f1_b": None, "quantulum_f1_b": None})
    else:
        quotes = [q for split in splits.values() for q in split]
        n_gold = sum(1 for _, gs in quotes for g in gs if not g.get("optional"))
        print(f"Set B: project gold claim quotes ({' + '.join(splits)}, {args.shared})")
        print(f"  {len(quotes)} quotes, {n_gold} required gold figures; grade.py figure match;"
              " every other figure in a quote counts as spurious")
        print("  our parser was developed against these quotes: its score here is a ceiling too")
        print(HEADER)
        scores: dict[str, tuple[Score, Score, Score]] = {}
        for label, qs in [("all", quotes)] + [(k, v) for k, v in splits.items()]:
            b_led = score_set_b(qs, ours(False), f"ours include_all=False [{label}]")
            b_all = score_set_b(qs, ours(True), f"ours include_all=True [{label}]")
            b_q = score_set_b(qs, qsys, f"{qname} [{label}]")
            scores[label] = (b_led, b_all, b_q)
            print(row(b_led))
            print(row(b_all))
            print(row(b_q, "(range averaged)" if b_q.averaged else ""))
        b_led, b_all, b_q = scores["all"]
        print("  qual = qualifier accuracy over matched pairs (exact/approx/at_least/at_most/"
              "range/vague); quantulum3 has none")
        print(f"  a system that always says 'exact' would score {b_q.exact_rate()} on"
              " quantulum3's matched pairs")
        if b_q.averaged:
            print(f"  range averaged: quantulum3 gave {b_q.averaged} ranges as mean +/-"
                  " uncertainty; scored here with bounds mean -/+ uncertainty")
        show("ours include_all=False missed", b_led.misses, args.show)
        show("ours include_all=False spurious", b_led.spurious, args.show)
        for key, s in (("ours", b_led), ("ours_all", b_all), ("quantulum", b_q)):
            p, r, f = s.prf()
            result.update({f"{key}_p_b": p, f"{key}_r_b": r, f"{key}_f1_b": f})
        result.update({"set_b_n": len(quotes), "set_b_gold": n_gold,
                       "ours_qualifier_acc_b": b_led.qual_acc(),
                       "quantulum_exact_baseline_qualifier_acc_b": b_q.exact_rate()})
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
