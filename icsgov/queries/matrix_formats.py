"""A decision matrix written out: text table, CSV, Markdown, HTML, XLSX or JSON.

CSV and XLSX share one layout (``decision``, ``decision id``, ``value band``,
then one column per level or holder), which ``icsgov import-matrix`` reads.
The table, Markdown and HTML end with the matrix's notes (the † footnote, the
dates-covered caveat); CSV and XLSX carry the † in their cells only, as a
footnote row would not read back as a matrix row (``icsgov matrix`` prints
their notes on stderr).
HTML escapes every name; CSV and XLSX cells go through :mod:`icsgov.cells`, so a
name is never run as a formula. XLSX needs openpyxl, imported only when asked for.

>>> from icsgov.queries.matrix import Column, MatrixRow
>>> m = Matrix("s", "S", "body", None, [Column("a@s", "A (a @ s)", "a", "s")],
...            [MatrixRow("d", "Decide <x>", None, "any value", None, None, {"a@s": ["D"]})])
>>> print(render(m, "csv").strip())
decision,decision id,value band,A (a @ s)
Decide <x>,d,any value,D
>>> "Decide &lt;x&gt;" in render(m, "html")
True
"""

from __future__ import annotations

import html
import json
from typing import Literal

from icsgov.cells import csv_text, xlsx_bytes
from icsgov.errors import QueryError
from icsgov.queries.matrix import Matrix
from icsgov.queries.tables import html_table, markdown_table, matrix_table, text_table

__all__ = ["FORMATS", "render"]

Format = Literal["table", "csv", "md", "xlsx", "html", "json"]
FORMATS: tuple[str, ...] = ("table", "csv", "md", "xlsx", "html", "json")


def render(matrix: Matrix, fmt: str) -> str | bytes:
    """The matrix in ``fmt`` (``bytes`` for xlsx, ``str`` otherwise)."""
    grid = matrix_table(matrix)
    headers, rows = list(grid.headers), [list(row) for row in grid.rows]
    notes = matrix.notes()
    if fmt == "table":
        return "\n".join([text_table(headers, rows), *(["", *notes] if notes else [])]) + "\n"
    if fmt == "csv":
        return csv_text([headers, *rows])
    if fmt == "md":
        return markdown_table(grid) + "".join(f"\n{html.escape(n, quote=False)}\n" for n in notes)
    if fmt == "html":
        return _html(matrix)
    if fmt == "json":
        return json.dumps(matrix.to_dict(), indent=2, default=str, ensure_ascii=False) + "\n"
    if fmt == "xlsx":
        return _xlsx(headers, rows)
    raise QueryError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def _html(matrix: Matrix) -> str:
    title = html.escape(f"Decision matrix: {matrix.system_name} (by {matrix.by})")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px}</style>"
        f"</head><body><h1>{title}</h1>"
        "<p>D decides, A agrees, T ratifies, R recommends, C consulted, I informed; "
        "* de facto.</p>"
        + html_table(matrix_table(matrix))
        + "".join(f"<p>{html.escape(n)}</p>" for n in matrix.notes())
        + "</body></html>\n"
    )


def _xlsx(headers: list[str], rows: list[list[str]]) -> bytes:
    return xlsx_bytes([headers, *rows], "Decision matrix")
