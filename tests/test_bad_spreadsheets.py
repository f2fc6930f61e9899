"""The spreadsheet bad-input corpus: every case exits 2 with row and column, and writes nothing.

Cases and their expected message and place are in ``tests/bad_spreadsheets/expect.yaml``
(a CSV cannot carry a comment line: its first line is the header). Every CSV case runs
twice, as the committed ``.csv`` and as the same cells in an ``.xlsx`` written with openpyxl;
the workbook-only cases (merged cells, formulas that refer to cells) are built from their rows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_helpers import run_cli
from tests.golden_who_decides import CORE

CORPUS = Path(__file__).parent / "bad_spreadsheets"
EXPECT: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(
    (CORPUS / "expect.yaml").read_text(encoding="utf-8")
)
CSV_CASES = sorted(EXPECT["csv"])
XLSX_ONLY = sorted(EXPECT["xlsx_only"])


def write_xlsx(path: Path, rows: list[list[str]], merge: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([cell if cell != "" else None for cell in row])
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def run_case(
    capsys: pytest.CaptureFixture[str], path: Path, case: dict[str, Any], out: Path
) -> None:
    if case["command"] == "sod":
        argv = ["sod", "import", str(path), "--system", "glos", "--data", str(CORE)]
        argv += ["--as-of", "2024-01-01", "-o", str(out)]
        argv += ["--mapping", str(out.with_suffix(".mapping.yaml"))]
    else:
        argv = ["import-matrix", str(path), "--data", str(CORE), "-o", str(out)]
    outcome = run_cli(capsys, *argv)
    assert outcome.code == 2, outcome.out + outcome.err
    assert "Traceback" not in outcome.err
    where = f"{path}:{case['at']}:"
    hits = [x for x in outcome.err.splitlines() if where in x and case["expect"] in x]
    assert hits, f"expected {case['expect']!r} at {where} in:\n{outcome.err}"
    assert "nothing was loaded" in outcome.err
    assert not out.exists(), "a refused spreadsheet must write nothing"
    assert outcome.out == ""


def test_every_committed_csv_has_an_expectation() -> None:
    assert {p.name for p in CORPUS.glob("*.csv")} == set(CSV_CASES)


@pytest.mark.parametrize("name", CSV_CASES)
def test_csv_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_case(capsys, CORPUS / name, EXPECT["csv"][name], tmp_path / "rights.yaml")


@pytest.mark.parametrize("name", CSV_CASES)
def test_same_cells_as_xlsx(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (CORPUS / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    book = write_xlsx(tmp_path / (Path(name).stem + ".xlsx"), rows)
    run_case(capsys, book, EXPECT["csv"][name], tmp_path / "rights.yaml")


@pytest.mark.parametrize("name", XLSX_ONLY)
def test_workbook_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = EXPECT["xlsx_only"][name]
    book = write_xlsx(tmp_path / f"{name}.xlsx", case["rows"], case.get("merge"))
    run_case(capsys, book, case, tmp_path / "rights.yaml")
