"""The bad-input corpus: every case exits 2 with its message at its place, and loads nothing.

Each case in ``tests/bad_inputs/`` (a file, or a folder for cases that span
files) carries a first-line comment ``# expect: FRAGMENT @ LINE:COLUMN`` in
the file where the problem is; ``@ 0:0`` means the problem belongs to the
whole file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from icsgov.errors import InputError
from icsgov.loaders.governance_yaml import MAX_FILE_BYTES, read_yaml
from tests.cli_helpers import run_cli

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(CORPUS.iterdir())


def expectation(case: Path) -> tuple[Path, str, int, int]:
    files = sorted(case.glob("*.yaml")) if case.is_dir() else [case]
    for file in files:
        first = file.read_bytes().split(b"\n", 1)[0].decode("latin-1")
        match = re.match(r"# expect: (.+) @ (\d+):(\d+)$", first)
        if match:
            return file, match.group(1), int(match.group(2)), int(match.group(3))
    raise AssertionError(f"{case} has no '# expect:' line")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_is_refused_with_message_and_place(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, fragment, line, column = expectation(case)
    outcome = run_cli(capsys, "validate", str(case))
    assert outcome.code == 2
    assert "Traceback" not in outcome.err
    where = f"{file}:{line}:{column}:" if line else f"{file}: "
    hits = [x for x in outcome.err.splitlines() if where in x and fragment in x]
    assert hits, f"expected {fragment!r} at {where} in:\n{outcome.err}"
    with pytest.raises(InputError):
        read_yaml(case)


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.yaml"
    line = "  - {id: x%08d, name: Padding, level: place}\n"
    with big.open("w") as out:
        out.write("footprints:\n")
        count = 0
        while out.tell() <= MAX_FILE_BYTES + 1024:
            out.write(line % count)
            count += 1
    outcome = run_cli(capsys, "validate", str(big))
    assert outcome.code == 2
    assert "the limit is 16 MiB per file" in outcome.err
    assert "split it into several files" in outcome.err


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Spreadsheet tools and Notepad write a UTF-8 BOM; YAML allows it, so we read it."""
    marked = tmp_path / "bom.yaml"
    marked.write_bytes(b"\xef\xbb\xbffootprints:\n  - {id: eng, name: England, level: national}\n")
    assert read_yaml(marked).get("eng").label == "England"
