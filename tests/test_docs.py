"""Every command is documented, and every documented command exists (docs/cli.md)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from icsgov.cli import cli

DOCS = Path(__file__).resolve().parent.parent / "docs"


def command_names(group: click.Group, prefix: str = "icsgov") -> set[str]:
    names = set()
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        names.add(full)
        if isinstance(command, click.Group):
            names |= command_names(command, full)
    return names


def documented() -> set[str]:
    text = (DOCS / "cli.md").read_text()
    return set(re.findall(r"^#{2,3} `(icsgov [a-z0-9 -]+)`", text, flags=re.MULTILINE))


def test_every_command_has_a_section_in_docs_cli() -> None:
    missing = command_names(cli) - documented()
    assert not missing, f"undocumented commands: {sorted(missing)}"


def test_every_documented_command_exists() -> None:
    stale = documented() - command_names(cli)
    assert not stale, f"docs/cli.md describes commands that do not exist: {sorted(stale)}"


def test_every_command_has_help_with_an_example() -> None:
    for name, command in cli.commands.items():
        assert command.help and "icsgov" in command.help, f"{name} help has no example"
