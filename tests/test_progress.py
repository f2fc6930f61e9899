"""Progress on long work: a line on a terminal's stderr, nothing when piped, --json or --quiet.

Each case runs the real ``icsgov`` console script in a child process with
stderr on a pseudo-terminal (``pty``), as a person at a terminal sees it, or
on a pipe, as a script sees it; stdout is always a pipe and must hold the
command's output alone. The commands are ones that take seconds here:
generating a system (``synth``) and loading with the national skeleton.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ICSGOV = str(Path(sys.executable).with_name("icsgov"))


@dataclass
class Run:
    code: int
    out: str
    err: str


def _icsgov(args: list[str], *, tty: bool, env: dict[str, str] | None = None) -> Run:
    """Run ``icsgov ARGS``; stderr on a pseudo-terminal when ``tty``, else on a pipe."""
    environ = {**os.environ, **(env or {}), "COLUMNS": "100"}
    if not tty:
        done = subprocess.run([ICSGOV, *args], capture_output=True, text=True, env=environ)
        return Run(done.returncode, done.stdout, done.stderr)
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [ICSGOV, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=environ,
    )
    os.close(slave)
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out, _ = child.communicate(timeout=600)
    reader.join(timeout=60)
    os.close(master)
    return Run(child.returncode, out.decode(), b"".join(seen).decode(errors="replace"))


@pytest.fixture(scope="module")
def synth_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """``synth`` of one system, at a terminal and piped, with its output folders."""
    base = tmp_path_factory.mktemp("progress")
    args = ["synth", "--scale", "1", "--seed", "3", "--systems", "QR1"]
    return {
        "tty": _icsgov([*args, "-o", str(base / "tty")], tty=True),
        "pipe": _icsgov([*args, "-o", str(base / "pipe")], tty=False),
        "json": _icsgov([*args, "--json", "-o", str(base / "json")], tty=True),
        "quiet": _icsgov(["--quiet", *args, "-o", str(base / "quiet")], tty=True),
    }


def test_synth_shows_progress_at_a_terminal(synth_runs: dict[str, Run]) -> None:
    run = synth_runs["tty"]
    assert run.code == 0, run.err
    assert "Generating systems" in run.err or "Writing YAML" in run.err, run.err
    assert "\r" in run.err  # drawn in place, then erased
    assert "\r" not in run.out and "Writing YAML" not in run.out
    assert run.err.endswith(" \r"), "the line is erased at the end (spaces, then back)"


def test_piped_json_and_quiet_show_no_progress(synth_runs: dict[str, Run]) -> None:
    for how in ("pipe", "json", "quiet"):
        run = synth_runs[how]
        assert run.code == 0, (how, run.err)
        assert "\r" not in run.err and "Generating" not in run.err, (how, run.err)
    # the terminal run printed exactly what the piped run printed (but for the folder's name)
    assert synth_runs["tty"].out.replace("/tty/", "/pipe/") == synth_runs["pipe"].out


def test_loading_the_national_skeleton_shows_progress(tmp_path: Path) -> None:
    env = {"ICSGOV_NO_CACHE": "1"}
    args = ["info", "--data", "icsgov:reference", "--data", "icsgov:example"]
    at_terminal = _icsgov(args, tty=True, env=env)
    assert at_terminal.code == 0, at_terminal.err
    assert "Reading the national skeleton" in at_terminal.err, at_terminal.err
    piped = _icsgov(args, tty=False, env=env)
    assert piped.code == 0 and piped.err == "", piped.err
    assert at_terminal.out == piped.out
