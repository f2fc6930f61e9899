"""Cells that are data, never formulas: the one guard behind every CSV and XLSX icsgov writes.

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or
``@`` as a formula, and some also treat a leading tab or carriage return as
the start of one ("CSV injection"). A body named ``=cmd|' /C calc'!A0`` must
reach the sheet as that text. Following OWASP's advice, :func:`safe_cell`
puts an apostrophe before such a cell (and before a cell that already begins
with an apostrophe, so that :func:`unguard_cell` gives back exactly what was
written). :func:`csv_text` quotes every cell holding a line break, carriage
returns included, so a name cannot split a row; :func:`xlsx_bytes` writes
every cell as a string (never a formula) and replaces the control characters
XML cannot hold with U+FFFD.

>>> safe_cell("=HYPERLINK(1)"), safe_cell("ICB board"), safe_cell("\\t=1")
("'=HYPERLINK(1)", 'ICB board', "'\\t=1")
>>> all(unguard_cell(safe_cell(s)) == s for s in ["=1", "'=1", "''", "a", "", "-", "'"])
True
>>> csv_text([["a\\rb", "=1"]])
'"a\\rb","\\'=1"\\n'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "csv_text", "safe_cell", "unguard_cell", "xlsx_bytes"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""

_GUARDED = (*FORMULA_STARTS, "'")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def safe_cell(text: str) -> str:
    """``text`` with an apostrophe in front if a spreadsheet could run it (see the module)."""
    return "'" + text if text[:1] in _GUARDED else text


def unguard_cell(text: str) -> str:
    """Undo :func:`safe_cell`: drop the apostrophe it added, and only that one.

    >>> unguard_cell("'=SUM(A1)"), unguard_cell("'Twas"), unguard_cell("''x")
    ('=SUM(A1)', "'Twas", "'x")
    """
    return text[1:] if text[:1] == "'" and text[1:2] in _GUARDED else text


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV (``\\n`` between rows), every cell guarded, line breaks always quoted."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [safe_cell(str(c)) for c in row]
        # the csv module quotes only the characters of its own line terminator ("\n")
        (quoted if any("\r" in c for c in cells) else plain).writerow(cells)
    return buffer.getvalue()


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def xlsx_bytes(
    rows: Iterable[Sequence[str]],
    title: str,
    merges: Sequence[tuple[int, int, int, int]] = (),
) -> bytes:
    """One sheet named ``title``; every cell guarded and typed as a string, never a formula.

    ``merges`` are (top, left, bottom, right), counted from 0.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell: Cell = sheet.cell(row=r, column=c)
            cell.value = _xml_safe(safe_cell(str(value)))
            cell.data_type = "s"  # a string, whatever it starts with
    for top, left, bottom, right in merges:
        sheet.merge_cells(
            start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
