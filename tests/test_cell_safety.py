"""Exports are data, never formulas: every CSV and XLSX writer guards its cells (issue #14)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from icsgov.cells import FORMULA_STARTS, csv_text, unguard_cell
from tests.cli_helpers import run_cli
from tests.golden_who_decides import CORE

EVIL = "=cmd|' /C calc'!A0"
PREFIXED = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def evil_data(tmp_path: Path) -> Path:
    """The golden data with one place committee renamed to a command-running formula."""
    text = CORE.read_text(encoding="utf-8")
    text = text.replace("name: Forest of Dean place committee", f'name: "{EVIL}"', 1)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _no_formula(cell: str) -> bool:
    return cell[:1] not in FORMULA_STARTS


def _matrix(capsys: pytest.CaptureFixture[str], data: Path, fmt: str, out: Path) -> None:
    args = ["matrix", "--system", "glos", "--by", "body", "--format", fmt, "-o", str(out)]
    result = run_cli(capsys, *args, "--data", str(data), "--as-of", "2024-01-01")
    assert result.code == 0, result.err


def test_a_formula_name_is_a_string_in_the_matrix_xlsx_header(
    evil_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.xlsx"
    _matrix(capsys, evil_data, "xlsx", out)
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(EVIL in str(c.value) for c in cells)
    assert all(c.data_type == "s" for c in cells), [c.value for c in cells if c.data_type != "s"]
    assert all(_no_formula(str(c.value)) for c in cells)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_icsgov_reimports_its_own_matrix_export(
    evil_data: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"m.{fmt}"
    _matrix(capsys, evil_data, fmt, out)
    result = run_cli(capsys, "import-matrix", str(out), "--data", str(evil_data))
    assert result.code == 0, result.err
    assert "holder: forest-cttee" in result.out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_sod_export_guards_every_cell(
    evil_data: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"sord.{fmt}"
    args = ["sod", "export", "--system", "glos", "--format", fmt, "-o", str(out)]
    result = run_cli(capsys, *args, "--data", str(evil_data))
    assert result.code == 0, result.err
    if fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(out.read_text(), newline="")) for c in row]
    else:
        book = load_workbook(out).active
        typed = [c for row in book.iter_rows() for c in row if c.value is not None]
        assert all(c.data_type == "s" for c in typed)
        cells = [str(c.value) for c in typed]
    assert any(EVIL in c for c in cells)
    assert all(_no_formula(c) for c in cells)


def test_sparql_csv_guards_cells_and_keeps_rows_whole(capsys: pytest.CaptureFixture[str]) -> None:
    values = " ".join('"' + v.replace("\t", "\\t").replace("\r", "\\r") + '"' for v in PREFIXED)
    query = f'SELECT ?v WHERE {{ VALUES ?v {{ {values} "a\\rb=1" }} }}'
    result = run_cli(capsys, "sparql", query, "--csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out, newline="")))
    assert rows[0] == ["v"] and len(rows) == 1 + len(PREFIXED) + 1
    cells = [r[0] for r in rows[1:]]
    assert all(_no_formula(c) for c in cells)
    assert [unguard_cell(c) for c in cells] == [*PREFIXED, "a\rb=1"]


def test_a_carriage_return_cannot_split_a_csv_row() -> None:
    text = csv_text([["name", "id"], ["a\r=HYPERLINK(1)", "x"]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["name", "id"], ["a\r=HYPERLINK(1)", "x"]]
