"""Every ``-o`` is written whole or not at all (issue #14).

The kill test runs the real ``icsgov`` in a child process whose file-size limit
(RLIMIT_FSIZE) is smaller than the export, so the kernel kills it with SIGXFSZ in
the middle of writing: a deterministic "killed mid-write", with no timing luck.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from icsgov.errors import OutputError
from icsgov.outputs import write_output

LIMIT = 64 * 1024  # bytes the child may write to any one file before the kernel kills it

COMMANDS = {
    "export": ["export", "--format", "ttl", "-o"],
    "export jsonld": ["export", "--format", "jsonld", "-o"],
    "export nt": ["export", "--format", "nt", "-o"],
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_run_killed_mid_write_leaves_the_old_file(tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.file"
    # Python ignores SIGXFSZ (a write then fails with EFBIG); the child restores the default,
    # so the kernel kills it outright, as a power cut or `kill -9` would.
    child = "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
    child += "from icsgov.cli import main; main()"
    args = [sys.executable, "-c", child]
    args += [*COMMANDS[command], str(target)]
    whole = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 0, whole.stderr
    size = target.stat().st_size
    if size <= LIMIT:
        pytest.fail(f"{command} wrote only {size} bytes; the test needs more than {LIMIT}")
    old = b"the previous, good file\n"
    target.write_bytes(old)
    killed = subprocess.run(args, capture_output=True, timeout=120, preexec_fn=_limited)
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr
    assert target.read_bytes() == old


def test_the_file_mode_of_a_replaced_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_a_device_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    write_output("/dev/null", "discarded")
    assert Path("/dev/null").is_char_device()
    with pytest.raises(OutputError, match="/dev/full: No space left on device"):
        write_output("/dev/full", "x" * 10_000)
    assert Path("/dev/full").is_char_device()
