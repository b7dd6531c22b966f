"""`claimledger figures [--all]`: one sentence a line in, one JSON array a line out."""

from __future__ import annotations

import json

import pytest

from claimledger.cli import main

SENTENCES = [
    "About 1,200 residents were evacuated from Irpin.",
    "",
    "Between 20 and 40 ships, and a 44-year-old captain, left over two years.",
    "Київ says more than 300 children were taken.",
]
KEYS = ["text", "value", "low", "high", "qualifier", "unit", "kind"]


@pytest.mark.parametrize("flags", [[], ["--all"]])
def test_one_json_array_per_input_line(runner, flags):
    result = runner.invoke(main, ["figures", *flags], input="\n".join(SENTENCES) + "\n")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(SENTENCES)
    for line in lines:
        found = json.loads(line)
        assert isinstance(found, list)
        for figure in found:
            assert list(figure) == KEYS
