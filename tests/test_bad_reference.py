"""Damaged reference files: a row with the wrong column count (or a file that is not UTF-8 CSV)
is an input error naming the file, the line and both counts; nothing is loaded.

Each case copies the shipped reference folder, damages one file, and points
``ICSGOV_REFERENCE_DIR`` at the copy, so the real loader and the real CLI read it.
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from icsgov.errors import InputError
from icsgov.loaders.reference import read_reference
from icsgov.loaders.reference_files import REFERENCE_DIR_ENV, iter_rows, reference_dir
from tests.cli_helpers import run_cli


def _lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8-sig").splitlines()


def _write(path: Path, lines: list[str]) -> None:
    raw = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(raw) if path.name.endswith(".gz") else raw)


def extra_column(lines: list[str]) -> tuple[list[str], int, int]:
    lines[3] += ",surplus"
    return lines, 4, lines[0].count(",") + 2


def missing_column(lines: list[str]) -> tuple[list[str], int, int]:
    lines[2] = lines[2].rsplit(",", 1)[0]
    return lines, 3, lines[0].count(",")


Damage = Callable[[list[str]], tuple[list[str], int, int]]
CASES: list[tuple[str, Damage]] = [
    ("trusts.csv", extra_column),
    ("trusts.csv", missing_column),
    ("sicbl_icb_nhser_2024.csv", extra_column),
    ("pcn_members.csv.gz", missing_column),
    ("icb_partners_2024.csv", extra_column),
]


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    monkeypatch.setenv(REFERENCE_DIR_ENV, str(folder))
    return folder


def test_the_copy_loads_like_the_shipped_files(copy: Path) -> None:
    assert reference_dir() == copy
    assert read_reference("2024").get("ods:QHG").name.endswith("Integrated Care Board")


@pytest.mark.parametrize(("name", "damage"), CASES, ids=[f"{n}-{d.__name__}" for n, d in CASES])
def test_wrong_column_count_is_refused_with_file_line_and_counts(
    copy: Path, name: str, damage: Damage, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy / name
    header = _lines(path)[0].count(",") + 1
    lines, line_no, got = damage(_lines(path))
    _write(path, lines)
    expected = f"{path}:{line_no}:0: row {line_no - 1} has {got} columns; the header has {header}"
    with pytest.raises(InputError) as caught:
        list(iter_rows(name))
    assert expected in str(caught.value)
    with pytest.raises(InputError):
        read_reference()
    outcome = run_cli(capsys, "where", "Luton")
    assert outcome.code == 2
    assert expected in outcome.err and "Traceback" not in outcome.err
    assert outcome.out == "", "nothing may be answered from a damaged reference folder"


def test_a_file_that_is_not_utf8_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy / "trusts.csv"
    path.write_bytes(path.read_bytes().replace(b"NHS", b"NHS\xe9", 1))
    outcome = run_cli(capsys, "info", "--reference")
    assert outcome.code == 2 and "Traceback" not in outcome.err
    assert f"{path}: cannot read reference file" in outcome.err


def test_a_truncated_gzip_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy / "gp_practices.csv.gz"
    path.write_bytes(path.read_bytes()[:200])
    outcome = run_cli(capsys, "where", "Luton")
    assert outcome.code == 2 and "Traceback" not in outcome.err
    assert f"{path}: cannot read reference file" in outcome.err


def test_a_missing_file_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (copy / "pcns.csv").unlink()
    outcome = run_cli(capsys, "where", "Luton")
    assert outcome.code == 2 and "Traceback" not in outcome.err
    assert "pcns.csv: cannot read reference file" in outcome.err
