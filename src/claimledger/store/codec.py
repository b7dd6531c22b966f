"""Compact JSON for the per-character offset map and the list of cuts."""

from __future__ import annotations

import json

from claimledger.records import Cut


def encode_offsets(offsets: list[int]) -> str:
    """Runs of consecutive offsets as [clean_start, raw_start, length]: a few runs per article
    instead of one number per character."""
    runs: list[list[int]] = []
    for i, o in enumerate(offsets):
        if runs and runs[-1][1] + runs[-1][2] == o and runs[-1][0] + runs[-1][2] == i:
            runs[-1][2] += 1
        else:
            runs.append([i, o, 1])
    return json.dumps(runs, separators=(",", ":"))


def decode_offsets(text: str | None) -> list[int]:
    out: list[int] = []
    for _start, raw, n in json.loads(text or "[]"):
        out.extend(range(raw, raw + n))
    return out


def encode_cuts(cuts: list[Cut]) -> str:
    return json.dumps(
        [{"start": c.start, "end": c.end, "reason": c.reason, "text": c.text} for c in cuts],
        ensure_ascii=False,
    )


def decode_cuts(text: str | None) -> list[Cut]:
    return [Cut(**c) for c in json.loads(text or "[]")]
