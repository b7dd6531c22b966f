"""Extraction quality, measured with the project's grader on the development sets.

The bars are issue 12's. Bars not yet met are marked xfail(strict=True): the gap stays
visible in every run, and the marker must come off the day the bar is reached. Every
figure also has a floor at the level measured when it was last changed, so that no
later change lowers it unnoticed. Skipped when ../shared (the grader and the seeds, dev
and dev2 sets) is absent; the bundled sample corpus is graded with the same grader.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from claimledger.clean import clean
from claimledger.extract import extract_claims
from claimledger.read import ReadError, iter_documents

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": SHARED / "corpus" / "seeds",
    "dev": SHARED / "corpus" / "dev",
    "dev2": SHARED / "corpus" / "dev2",
    "sample": ROOT / "corpus" / "sample",
}
# (issue bar, floor measured now) per set and figure. The bars are issue 12's: figures and
# figures+claimant F1 per set, every field >= 0.85. Floors are the figures measured when
# they last changed, rounded down: raise them when a figure rises, never lower one.
# Field accuracies are ratios over the claimant-matched pairs: better attribution adds
# pairs, and a newly matched claim's other fields count from then on.
BARS = {
    "seeds": {"figures": (0.97, 1.0), "attributed": (0.90, 0.99), "unit": (0.85, 1.0),
              "qualifier": (0.85, 1.0), "framing": (0.85, 1.0), "affiliation": (0.85, 1.0),
              "date": (0.85, 1.0), "place": (0.85, 0.93)},
    "dev": {"figures": (0.97, 1.0), "attributed": (0.88, 0.90), "unit": (0.85, 0.93),
            "qualifier": (0.85, 0.98), "framing": (0.85, 0.98), "affiliation": (0.85, 0.94),
            "date": (0.85, 1.0), "place": (0.85, 0.85)},
    "dev2": {"figures": (0.95, 0.96), "attributed": (0.85, 0.81), "unit": (0.85, 0.92),
             "qualifier": (0.85, 0.96), "framing": (0.85, 1.0), "affiliation": (0.85, 0.91),
             "date": (0.85, 0.89), "place": (0.85, 0.62)},
    "sample": {"figures": (0.95, 0.96), "attributed": (0.85, 0.94), "unit": (0.85, 0.93),
               "qualifier": (0.85, 0.98), "framing": (0.85, 0.96), "affiliation": (0.85, 0.86),
               "date": (0.85, 1.0), "place": (0.85, 0.90)},
}
# A floor the build fell below, kept where it was so that the fall stays in sight: the
# case is xfail(strict) with what happened, and passes again (failing the marker) once
# the figure is back.
FELL = {
    ("dev", "unit"): "0.920 (start of issue 12: 0.932): 'hundreds of thousands of anti-"
                     "government protesters' is now unit protester where this gold says person "
                     "(its other record of the phrase says protester), and a claim matched "
                     "since attribution improved brought its unit error into the count",
}


def _grader():
    path = SHARED / "tools" / "grade.py"
    if not path.exists():
        pytest.skip("../shared is absent: no grader")
    spec = importlib.util.spec_from_file_location("grade", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_REPORTS: dict[str, dict] = {}


def report(name: str) -> dict:
    if name not in _REPORTS:
        grade = _grader()
        folder = SETS[name]
        if not folder.exists():
            pytest.skip(f"{folder} is absent")
        pred = []
        for doc in iter_documents([folder / "docs"]):
            assert not isinstance(doc, ReadError), str(doc)
            pred += [c.record() for c in extract_claims(doc, clean(doc))]
        gold = [json.loads(x) for x in (folder / "gold.jsonl").read_text().splitlines() if x]
        _REPORTS[name] = grade.grade(gold, pred)
    return _REPORTS[name]


def metric(r: dict, name: str) -> float:
    if name == "figures":
        return r["figures_prf"][2]
    if name == "attributed":
        return r["attributed_prf"][2]
    return r["field_accuracy"][name]


CASES = [(s, m) for s, bars in BARS.items() for m in bars]


def _floor_case(name, what):
    if (name, what) in FELL:
        return pytest.param(name, what, marks=pytest.mark.xfail(
            strict=True, reason=f"{name} {what} fell: {FELL[name, what]}"))
    return pytest.param(name, what)


@pytest.mark.parametrize("name,what", [_floor_case(s, m) for s, m in CASES])
def test_no_figure_falls_below_its_floor(name, what):
    assert metric(report(name), what) >= BARS[name][what][1]


def _bar_case(name, what):
    bar, floor = BARS[name][what]
    if floor < bar:
        return pytest.param(name, what, marks=pytest.mark.xfail(
            strict=True, reason=f"{name} {what}: measured {floor:.2f}, bar {bar:.2f}"))
    return pytest.param(name, what)


@pytest.mark.parametrize("name,what", [_bar_case(s, m) for s, m in CASES])
def test_issue_bar(name, what):
    assert metric(report(name), what) >= BARS[name][what][0]
