"""The README and the CLI agree: every command documented, every documented command real."""

from __future__ import annotations

import re
from pathlib import Path

from claimledger.cli import main

README = Path(__file__).parent.parent / "README.md"


def documented_commands() -> set[str]:
    return set(re.findall(r"^\s*(?:\$\s*)?claimledger ([a-z][a-z-]*)", README.read_text(),
                          re.MULTILINE))


def test_every_cli_command_is_documented():
    assert set(main.commands) <= documented_commands()


def test_every_documented_command_exists(runner):
    listed = runner.invoke(main, ["--help"]).stdout
    for name in documented_commands():
        assert name in main.commands, f"README documents `claimledger {name}`"
        assert re.search(rf"^\s+{name}\s", listed, re.MULTILINE)
        assert runner.invoke(main, [name, "--help"]).exit_code == 0


def test_the_readme_starts_with_the_two_set_up_commands():
    head = README.read_text()[:1500]
    assert "make demo" in head and "make test" in head
