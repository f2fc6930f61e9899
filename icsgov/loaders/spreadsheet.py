"""Read a table people keep in a spreadsheet (CSV or XLSX) strictly, or not at all.

Schemes of delegation and decision matrices arrive as spreadsheets with
merged cells, formulas and stray blank rows. Each of those would load
something other than what the reader sees, so each is an error with its row
and column (as a spreadsheet shows them: row 1 is the header, column A is
1), and nothing is returned unless the whole table is clean.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = path.write_text("a,b\\n1,2\\n", encoding="utf-8")
>>> sheet = read_table(path, required=["a", "b"])
>>> sheet.rows[0].cells
{'a': '1', 'b': '2'}
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from icsgov._suggest import close_matches
from icsgov.errors import InputError, Problem

__all__ = ["Row", "Table", "column_letter", "read_table"]


@dataclass(frozen=True)
class Row:
    """A data row: its spreadsheet row number and its cells by (normalised) header."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A header and its data rows; ``columns`` maps each header to its 1-based column."""

    path: str
    headers: list[str]
    columns: dict[str, int]
    rows: list[Row]
    labels: dict[str, str]

    def column(self, header: str) -> int:
        """The 1-based column of a (normalised) header, 0 when absent."""
        return self.columns.get(_norm(header), 0)


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 1-based column: 1 -> A, 28 -> AB.

    >>> column_letter(1), column_letter(28)
    ('A', 'AB')
    """
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path, required: Sequence[str] = (), known: Sequence[str] = ()) -> Table:
    """Read ``path`` (``.csv`` or ``.xlsx``); ``InputError`` listing every problem found.

    Headers are matched case-insensitively with spaces collapsed; ``required``
    names the columns that must be there; ``known`` the other fixed columns
    (never suggested as a misspelling of a required one).
    """
    problems: list[Problem] = []
    name = str(path)
    if not path.exists():
        raise InputError([Problem(name, 0, 0, "no such file", hint="check the path")])
    if path.suffix.lower() == ".xlsx":
        grid = _read_xlsx(path, problems)
    elif path.suffix.lower() == ".csv":
        grid = _read_csv(path, problems)
    else:
        raise InputError(
            [
                Problem(
                    name, 0, 0, f"cannot read '{path.suffix}' files", hint="save as .csv or .xlsx"
                )
            ]
        )
    header_at = next((i for i, row in enumerate(grid) if any(row)), None)
    if header_at is None:
        raise InputError([Problem(name, 0, 0, "the file has no header row and no data")])
    headers = [_norm(h) for h in grid[header_at]]
    columns = {h: i + 1 for i, h in enumerate(headers) if h}
    for wanted in required:
        if _norm(wanted) not in columns:
            fixed = {_norm(k) for k in (*required, *known)}
            near = close_matches(_norm(wanted), [h for h in columns if h not in fixed])
            if near:  # point at the user's column and say what to call it, not the reverse
                problems.append(
                    Problem(
                        name,
                        header_at + 1,
                        columns[near[0]],
                        f"missing column '{wanted}'",
                        hint=f"rename the column headed '{near[0]}' to '{wanted}'",
                    )
                )
                continue
            problems.append(
                Problem(
                    name,
                    header_at + 1,
                    0,
                    f"missing column '{wanted}'",
                    hint=f"add a column headed '{wanted}'",
                )
            )
    rows: list[Row] = []
    blank: int | None = None
    for offset, values in enumerate(grid[header_at + 1 :], start=header_at + 2):
        if not any(values):
            blank = blank or offset
            continue
        if blank is not None:
            problems.append(
                Problem(name, blank, 1, "blank row inside the table", hint="delete the empty row")
            )
            blank = None
        for col, value in enumerate(values, start=1):
            if (col > len(headers) or not headers[col - 1]) and value:
                problems.append(
                    Problem(
                        name,
                        offset,
                        col,
                        "value in a column with no header",
                        hint="give the column a header or clear the cell",
                    )
                )
        cells = {h: _unguard(values[i]) if i < len(values) else "" for h, i in _index(headers)}
        rows.append(Row(offset, cells))
    if problems:
        raise InputError(problems)
    labels = {h: str(raw).strip() for h, raw in zip(headers, grid[header_at], strict=True) if h}
    return Table(name, headers, columns, rows, labels)


def _index(headers: list[str]) -> list[tuple[str, int]]:
    return [(h, i) for i, h in enumerate(headers) if h]


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _unguard(text: str) -> str:
    """Undo the apostrophe an export puts before a formula-like cell (see ``icsgov.cells``)."""
    from icsgov.cells import unguard_cell

    return unguard_cell(text)


def _read_csv(path: Path, problems: list[Problem]) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(str(path), 0, 0, f"not UTF-8 text ({exc.reason})", hint="save as CSV UTF-8")]
        ) from None
    grid = [[c.strip() for c in row] for row in csv.reader(text.splitlines())]
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            if value.startswith("=") and len(value) > 1:
                problems.append(_formula(str(path), r, c))
    return grid


def _read_xlsx(path: Path, problems: list[Problem]) -> list[list[str]]:
    from openpyxl import load_workbook

    from icsgov.loaders.limits import check_archive

    check_archive(path)
    try:
        book = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(
            [Problem(str(path), 0, 0, f"not a readable .xlsx workbook ({exc})")]
        ) from None
    if not book.worksheets:
        raise InputError([Problem(str(path), 0, 0, "the workbook has no sheets")])
    sheet = book.worksheets[0]
    for merged in sheet.merged_cells.ranges:
        problems.append(
            Problem(
                str(path),
                merged.min_row,
                merged.min_col,
                f"merged cells {merged.coord}",
                hint="unmerge them and fill every cell",
            )
        )
    grid: list[list[str]] = []
    for r, row in enumerate(sheet.iter_rows(), start=1):
        values: list[str] = []
        for c, cell in enumerate(row, start=1):
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] == "="):
                problems.append(_formula(str(path), r, c))
            values.append("" if cell.value is None else _text(cell.value))
        grid.append(values)
    return grid


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _formula(name: str, row: int, col: int) -> Problem:
    return Problem(
        name,
        row,
        col,
        f"formula in cell {column_letter(col)}{row}",
        hint="replace it with its value (copy, paste values)",
    )
