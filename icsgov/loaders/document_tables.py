"""The tables of a published document, as grids of text with their positions.

Schemes of delegation arrive as workbooks (often with a cover sheet), CSV,
Word documents with one table per section, and PDFs. Each reader here turns
one of those into :class:`Grid` objects: one per worksheet, Word table or PDF
table, named the way a reader would point at it (``sheet 'SoRD'``,
``table 2``, ``page 3, table 1``). Rows and columns count from 1 as the
document shows them.

Merged cells are filled with the merged value (a theme merged down five rows
belongs to all five) and remembered in ``Grid.filled`` so a reader can tell a
typed value from one copied out of a merge. A formula is never evaluated:
it is a problem at its cell, because the stored value may not be what the
reader of the sheet saw.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = path.write_text("Ref,Decision\\n1.1,Approve the budget\\n", encoding="utf-8")
>>> [g.cells for g in read_grids(path)]
[[['Ref', 'Decision'], ['1.1', 'Approve the budget']]]
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from icsgov.errors import InputError, Problem

__all__ = ["DOCUMENT_SUFFIXES", "Grid", "read_grids"]

DOCUMENT_SUFFIXES = (".csv", ".xlsx", ".docx", ".pdf")
"""The file types a scheme of delegation can be read from."""


@dataclass
class Grid:
    """One table of a document: its name, rows of cell text, and where the text came from.

    ``cells[r][c]`` is the text at document row ``r + 1``, column ``c + 1``;
    ``filled`` holds the 0-based ``(r, c)`` cells whose text was copied from a
    merge; ``merges`` lists each merge as 0-based ``(top, left, bottom, right)``.
    """

    where: str
    cells: list[list[str]]
    filled: set[tuple[int, int]] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    heading: str = ""
    """A Word table's heading: the last paragraph of text written just before it."""


def read_grids(path: Path) -> list[Grid]:
    """Every table in ``path`` (.csv, .xlsx, .docx or .pdf); ``InputError`` when unreadable.

    Problems inside a table (a formula in a cell) are left on ``Grid.problems``
    so the caller can report them with the rows they spoil.
    """
    name = str(path)
    if not path.is_file():
        raise InputError([Problem(name, 0, 0, "no such file", hint="check the path")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_csv(path)]
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    raise InputError(
        [
            Problem(
                name,
                0,
                0,
                f"cannot read '{suffix or path.name}' files as a scheme of delegation",
                hint="give a .xlsx, .csv, .docx or .pdf file",
            )
        ]
    )


def _csv(path: Path) -> Grid:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = "save it as 'CSV UTF-8'"
        if raw[:2] == b"PK":
            hint = "this is a workbook: rename it to .xlsx"
        raise InputError(
            [Problem(str(path), 0, 0, f"not UTF-8 text (byte {exc.start})", hint=hint)]
        ) from None
    # a quoted cell may hold line breaks (a comment over two lines): not splitlines()
    raw_rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    grid = Grid("the CSV file", [[_unguard(c) for c in row] for row in raw_rows])
    for r, row in enumerate(raw_rows):
        for c, value in enumerate(row):
            if value.startswith("=") and len(value) > 1:
                grid.problems.append(_formula(str(path), grid.where, r + 1, c + 1))
    return grid


def _xlsx(path: Path) -> list[Grid]:
    from openpyxl import load_workbook

    from icsgov.loaders.limits import check_archive

    check_archive(path)
    try:
        book = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(
            [Problem(str(path), 0, 0, f"not a readable .xlsx workbook ({type(exc).__name__})")]
        ) from None
    grids = []
    for sheet in book.worksheets:
        grid = Grid(f"sheet '{sheet.title}'", [])
        for r, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for c, cell in enumerate(row, start=1):
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] == "="):
                    grid.problems.append(_formula(str(path), grid.where, r, c))
                values.append("" if cell.value is None else _unguard(_text(cell.value)))
            grid.cells.append(values)
        for merged in sheet.merged_cells.ranges:
            top, left = merged.min_row - 1, merged.min_col - 1
            bottom, right = merged.max_row - 1, merged.max_col - 1
            grid.merges.append((top, left, bottom, right))
            value = grid.cells[top][left] if top < len(grid.cells) else ""
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    if (r, c) != (top, left) and r < len(grid.cells):
                        row_cells = grid.cells[r]
                        row_cells.extend([""] * (c + 1 - len(row_cells)))
                        row_cells[c] = value
                        grid.filled.add((r, c))
        grids.append(grid)
    return grids


def _docx(path: Path) -> list[Grid]:
    try:
        import docx
    except ImportError:  # pragma: no cover - the documents extra is missing
        raise InputError(
            [Problem(str(path), 0, 0, "reading .docx needs python-docx", hint=_EXTRA)]
        ) from None
    from icsgov.loaders.limits import check_archive

    check_archive(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise InputError(
            [Problem(str(path), 0, 0, f"not a readable Word document ({type(exc).__name__})")]
        ) from None
    headings = _headings(document)
    grids = []
    for t, table in enumerate(document.tables, start=1):
        grid = Grid(f"table {t}", [], heading=headings[t - 1] if t <= len(headings) else "")
        above: dict[int, object] = {}
        for r, row in enumerate(table.rows):
            values: list[str] = []
            seen: list[object] = []
            for c, cell in enumerate(row.cells):
                tc = cell._tc
                if tc in seen or above.get(c) is tc:  # spans a merge: copied text
                    grid.filled.add((r, c))
                seen.append(tc)
                above[c] = tc
                values.append(cell.text.strip())
            grid.cells.append(values)
        grids.append(grid)
    if not grids:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "the Word document has no tables",
                    hint="the scheme must be laid out as a table (Insert > Table)",
                )
            ]
        )
    return grids


def _headings(document: object) -> list[str]:
    """The text of the paragraph just before each top-level table, in table order."""
    body = document.element.body  # type: ignore[attr-defined]
    found: list[str] = []
    last = ""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
            if text:
                last = text
        elif tag == "tbl":
            found.append(last)
            last = ""
    return found


def _pdf(path: Path) -> list[Grid]:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - the documents extra is missing
        raise InputError(
            [Problem(str(path), 0, 0, "reading .pdf needs pdfplumber", hint=_EXTRA)]
        ) from None
    grids = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for p, page in enumerate(pdf.pages, start=1):
                for t, table in enumerate(page.extract_tables(), start=1):
                    rows = [[" ".join((c or "").split()) for c in row] for row in table]
                    grids.append(Grid(f"page {p}, table {t}", rows))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise InputError(
            [Problem(str(path), 0, 0, f"not a readable PDF ({type(exc).__name__})")]
        ) from None
    if not grids:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "the PDF has no extractable table (a scanned image, or text not laid out "
                    "in ruled cells)",
                    hint="ask the publisher for the Word or Excel version, or copy the table "
                    "into a spreadsheet",
                )
            ]
        )
    return grids


_EXTRA = "install icsgov with the documents extra: pip install 'icsgov[documents]'"


def _unguard(text: str) -> str:
    """Undo the apostrophe an export puts before a formula-like cell (see ``icsgov.cells``)."""
    from icsgov.cells import unguard_cell

    return unguard_cell(text)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()


def _formula(name: str, where: str, row: int, col: int) -> Problem:
    from icsgov.loaders.spreadsheet import column_letter

    return Problem(
        name,
        row,
        col,
        f"formula in cell {column_letter(col)}{row}",
        where,
        hint="replace it with its value (copy, paste values)",
    )
