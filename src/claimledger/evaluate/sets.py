"""Graded sets on disk (SET/docs/, SET/gold.jsonl, optional SET/conflicts.jsonl), and the
pipeline run on one to grade it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from claimledger.evaluate.report import Report, grade
from claimledger.evaluate.rules import Record


def load_jsonl(path: str | Path) -> list[Record]:
    """One JSON object a line; blank lines skipped."""
    text = Path(path).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass
class GoldSet:
    """A graded set laid out as SET/docs/, SET/gold.jsonl, optional SET/conflicts.jsonl."""

    name: str
    docs: Path
    gold: list[Record]
    conflicts: list[Record] | None

    @classmethod
    def load(cls, folder: str | Path) -> GoldSet:
        folder = Path(folder)
        if not (folder / "docs").is_dir() or not (folder / "gold.jsonl").is_file():
            raise FileNotFoundError("a set needs docs/ and gold.jsonl")
        conflicts = folder / "conflicts.jsonl"
        return cls(folder.name, folder / "docs", load_jsonl(folder / "gold.jsonl"),
                   load_jsonl(conflicts) if conflicts.is_file() else None)


def default_sets(root: str | Path = ".") -> list[Path]:
    """corpus/sample, then every set under ../shared/corpus when that folder exists."""
    root = Path(root).resolve()  # Path(".").parent is "." itself
    found = [root / "corpus" / "sample"]
    shared = root.parent / "shared" / "corpus"
    if shared.is_dir():
        found += sorted(p for p in shared.iterdir() if (p / "gold.jsonl").is_file())
    return [p for p in found if (p / "docs").is_dir() and (p / "gold.jsonl").is_file()]


@dataclass
class Prediction:
    claims: list[Record]
    conflicts: list[Record]
    errors: list[str]  # "path: problem" lines of the run


def predict(docs: str | Path) -> Prediction:
    """Run the pipeline on `docs` into a temporary store, and export its claims and
    conflicts in memory as `export --format jsonl` and `--format conflicts` write them."""
    import io
    import tempfile

    from claimledger.pipeline import run
    from claimledger.present.export import export
    from claimledger.store import Store

    with tempfile.TemporaryDirectory(prefix="claimledger-eval-") as tmp:
        with Store(str(Path(tmp) / "eval.db"), create=True) as store:
            report = run([docs], store)
            out = {fmt: io.StringIO() for fmt in ("jsonl", "conflicts")}
            for fmt, buf in out.items():
                export(store, fmt, buf)
    claims, conflicts = ([json.loads(line) for line in out[fmt].getvalue().splitlines()
                          if line.strip()] for fmt in ("jsonl", "conflicts"))
    return Prediction(claims, conflicts, list(report.errors))


def evaluate_set(folder: str | Path) -> tuple[Report, Prediction]:
    """The pipeline run on SET/docs, graded against SET/gold.jsonl (and conflicts.jsonl)."""
    gold_set = GoldSet.load(folder)
    pred = predict(gold_set.docs)
    pred_conflicts = pred.conflicts if gold_set.conflicts is not None else None
    report = grade(gold_set.gold, pred.claims, gold_set.conflicts, pred_conflicts,
                   gold_set.name)
    return report, pred
