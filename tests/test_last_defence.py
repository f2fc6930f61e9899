"""``main()`` is the last line of defence: exit 2 and one line, or "this is a bug" (issue #14)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

_BOOM = """
import click, sys
from icsgov import cli

@click.command("boom")
def boom() -> None:
    raise ZeroDivisionError("an unexpected fault")

cli.cli.add_command(boom)
cli.main(sys.argv[1:])
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BOOM, *args], capture_output=True, text=True, timeout=60
    )


def test_an_unexpected_error_says_it_is_a_bug_without_a_traceback() -> None:
    done = _run("boom")
    assert done.returncode == 70
    assert "Traceback" not in done.stderr
    assert "bug in icsgov" in done.stderr and "report it" in done.stderr
    assert "ZeroDivisionError" in done.stderr and len(done.stderr.splitlines()) == 2


def test_debug_shows_the_traceback() -> None:
    done = _run("--debug", "boom")
    assert done.returncode != 0 and "Traceback" in done.stderr
    assert "ZeroDivisionError: an unexpected fault" in done.stderr


@pytest.mark.parametrize("where", ["missing folder", "a folder", "a full disk"])
def test_an_unwritable_output_exits_2_with_the_path_and_the_reason(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = {
        "missing folder": tmp_path / "no" / "such" / "gov.ttl",
        "a folder": tmp_path,
        "a full disk": Path("/dev/full"),
    }[where]
    if where == "a full disk" and not target.exists():
        pytest.fail("/dev/full is missing: this test needs a Linux device file")
    result = run_cli(capsys, "web", "glos-icb", "--format", "graphml", "-o", str(target))
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert str(target) in result.err
    reason = {
        "missing folder": "the folder does not exist",
        "a folder": "it is a folder",
        "a full disk": "No space left on device",
    }[where]
    assert reason in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_csv_cell_over_128_kib_is_exit_2_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "matrix.csv"
    sheet.write_text(
        "decision id,value band,Board (board @ glos)\ncapital,any value," + "D" * 140_000 + "\n",
        encoding="utf-8",
    )
    result = run_cli(capsys, "import-matrix", str(sheet))
    assert result.code == 2, result
    assert "Traceback" not in result.err and "field larger than field limit" in result.err
    assert len(result.err.strip().splitlines()) == 1
