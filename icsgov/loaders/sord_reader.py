"""Find the scheme of delegation in a published document and read its rows as written.

Published schemes of reservation and delegation (SoRDs) put title rows,
notes and blank rows above the header, a cover sheet before the scheme,
section rows ("3. Finance") that carry the theme of the rows below, merged
cells, continuation rows, and column headings in many wordings. This module
finds the header (the first row where the known headings appear), picks the
table, maps each heading to one meaning through :data:`SYNONYMS` (the table
in docs/sod-import.md), and returns every data row with its position. It
decides nothing about names or rights: that is :mod:`icsgov.queries.scheme`.

>>> canonical_heading("Reserved to Board (Y/N)"), canonical_heading("Financial limit (£)")
('reserved to board', 'financial limit')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from icsgov.errors import InputError, Problem
from icsgov.loaders.document_tables import Grid, read_grids

__all__ = [
    "HOLDER_COLUMNS",
    "SYNONYMS",
    "SchemeRow",
    "SchemeTable",
    "canonical_heading",
    "read_scheme",
]

SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "ref", "ref no", "reference number", "number", "no", "item", "para"),
    "theme": ("theme", "area", "section", "category", "function", "topic", "subject"),
    "decision": (
        "decision",
        "decision responsibility",
        "decision or responsibility",
        "responsibility",
        "matter",
        "description",
        "decision description",
        "power",
        "delegated matter",
        "decision function",
    ),
    "lead officer": (
        "lead officer",
        "lead icb officer",
        "lead director",
        "lead executive",
        "responsible officer",
        "lead",
    ),
    "reserved to board": (
        "reserved to board",
        "reserved to the board",
        "reserved to icb board",
        "reserved to the icb board",
        "reserved",
        "board",
    ),
    "delegated to committee": (
        "delegated to committee",
        "delegated to a committee",
        "delegated to committee sub committee",
        "delegated to committee or sub committee",
        "committee",
    ),
    "delegated to individual": (
        "delegated to individual",
        "delegated to an individual",
        "delegated to individual officer",
        "delegated to officer",
        "delegated to individual or officer",
        "individual",
        "officer",
    ),
    "financial limit": (
        "financial limit",
        "limit",
        "delegated limit",
        "financial limits",
        "authorisation limit",
        "financial threshold",
        "threshold",
        "value",
        "value band",
    ),
    "comments": (
        "comments",
        "comment",
        "further information comments",
        "further information",
        "notes",
    ),
    "constitution clause": (
        "constitution clause",
        "constitution sfi reference",
        "constitution reference",
        "constitution standing orders sfi reference",
        "sfi reference",
        "clause",
        "authority",
    ),
    "footprint": ("footprint",),
    "basis": ("basis",),
    "delegation": ("delegation",),
}
"""Each meaning and the headings (after :func:`canonical_heading` tidying) that carry it."""

HOLDER_COLUMNS = ("reserved to board", "delegated to committee", "delegated to individual")
_BY_HEADING = {h: meaning for meaning, names in SYNONYMS.items() for h in names}
_SCAN_ROWS = 40


def canonical_heading(text: str) -> str:
    """The meaning of a column heading, or ``""`` when it is not one we know.

    Case, punctuation, ``(Y/N)`` and ``(£)`` are ignored: "Constitution / SFI
    reference" and "constitution sfi reference" are the same heading.
    """
    return _BY_HEADING.get(_tidy(text), "")


def _tidy(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", str(text).casefold().replace("&", " and ")).split()
    if words[-2:] == ["y", "n"]:
        words = words[:-2]
    return " ".join(words)


@dataclass(frozen=True)
class Column:
    """A column of the scheme: its heading as written, its meaning, its 1-based position."""

    heading: str
    meaning: str
    number: int


@dataclass
class SchemeRow:
    """A data row as written: its position, and its cells by meaning."""

    where: str
    number: int
    cells: dict[str, str]
    columns: dict[str, int]
    section: str = ""

    @property
    def theme(self) -> str:
        """The theme written in the row, else that of the section row above it."""
        return self.cells.get("theme") or self.section

    @property
    def locator(self) -> str:
        """Where the row is in the document: its reference, else its table and row."""
        return self.cells.get("reference") or f"{self.where}, row {self.number}"


@dataclass
class SchemeTable:
    """The scheme read from one document: its layout and its rows in document order."""

    path: str
    where: list[str]
    header_row: int
    columns: list[Column]
    rows: list[SchemeRow]
    title: list[list[str]] = field(default_factory=list)
    sections: bool = False
    merged_sections: bool = False
    headings: bool = False
    section_rows: int = 0
    continuation_rows: int = 0
    repeated_headers: int = 0
    notes: list[str] = field(default_factory=list)

    def meanings(self) -> list[str]:
        """The meanings of the columns, in order."""
        return [c.meaning for c in self.columns]


def read_scheme(path: Path, sheet: str | None = None) -> SchemeTable:
    """The scheme of delegation in ``path``; ``InputError`` listing every problem.

    ``sheet`` picks a worksheet (or ``table 2`` of a Word document); by default
    the first table whose header is recognised is used, and every later table
    with the same header is read too (a Word scheme often has one table per
    section).
    """
    name = str(path)
    grids = read_grids(path)
    if sheet is not None:
        chosen = [g for g in grids if g.where in (f"sheet '{sheet}'", sheet)]
        if not chosen:
            names = ", ".join(g.where for g in grids)
            raise InputError(
                [Problem(name, 0, 0, f"no sheet or table '{sheet}'", hint=f"this file has {names}")]
            )
        grids = chosen
    found = [(g, _header(g)) for g in grids]
    usable = [(g, at) for g, at in found if at is not None]
    if not usable:
        raise InputError([_no_header(name, found)])
    first, at = usable[0]
    columns, problems = _columns(name, first, at)
    wanted = [c.meaning for c in columns]
    notes = [f"{g.where} has no scheme header and was not read" for g, a in found if a is None]
    tables = [(first, at)]
    if path.suffix.lower() == ".xlsx":  # a workbook's scheme is one sheet: say which others match
        notes += [
            f'{g.where} also has a scheme header: read it with --sheet "{g.where[7:-1]}"'
            for g, _ in usable[1:]
        ]
    else:  # a Word or PDF scheme runs on over several tables: read each in order
        for grid, header_at in usable[1:]:
            more, found_problems = _columns(name, grid, header_at)
            problems += found_problems
            extra = [c for c in more if c.meaning not in wanted]
            if [c.meaning for c in more] != wanted:
                notes.append(f"{grid.where} has other columns than {first.where}")
            columns += extra
            wanted += [c.meaning for c in extra]
            tables.append((grid, header_at))
    if "decision" not in wanted:
        problems.append(
            Problem(
                name,
                at + 1,
                0,
                "no column for the decision",
                first.where,
                "head the column of decisions 'Decision' (or 'Decision/Responsibility')",
            )
        )
    if not set(HOLDER_COLUMNS) & set(wanted):
        problems.append(
            Problem(
                name,
                at + 1,
                0,
                "no column saying who holds each decision",
                first.where,
                "add 'Reserved to Board (Y/N)', 'Delegated to committee' and "
                "'Delegated to individual' columns",
            )
        )
    table = SchemeTable(name, [g.where for g, _ in tables], at + 1, columns, [])
    table.title = [list(row) for row in first.cells[:at]]
    table.notes = notes
    for grid, header_at in tables:
        problems += grid.problems
        _rows(table, grid, header_at, wanted, problems)
    if problems:
        raise InputError(problems)
    return table


def _header(grid: Grid) -> int | None:
    for r, row in enumerate(grid.cells[:_SCAN_ROWS]):
        meanings = [canonical_heading(c) for c in row if c]
        if "decision" in meanings and len(set(filter(None, meanings))) >= 3:
            return r
    return None


def _no_header(name: str, found: list[tuple[Grid, int | None]]) -> Problem:
    looked = ", ".join(g.where for g, _ in found)
    return Problem(
        name,
        0,
        0,
        f"no scheme of delegation header found in the first {_SCAN_ROWS} rows of {looked}",
        hint="the header needs a 'Decision' column and at least two of 'Reference', 'Theme', "
        "'Reserved to Board', 'Delegated to committee', 'Delegated to individual', "
        "'Financial limit' (see docs/sod-import.md for the accepted headings)",
    )


def _columns(name: str, grid: Grid, at: int) -> tuple[list[Column], list[Problem]]:
    from icsgov._suggest import close_matches

    columns: list[Column] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known = list(_BY_HEADING)
    for c, heading in enumerate(grid.cells[at], start=1):
        if not heading or (at, c - 1) in grid.filled:
            continue
        meaning = canonical_heading(heading)
        if not meaning:
            close = close_matches(_tidy(heading), known, n=2, cutoff=0.6)
            hint = (
                "did you mean " + " or ".join(f"'{_BY_HEADING[m]}'" for m in close) + "? "
                if close
                else ""
            )
            problems.append(
                Problem(
                    name,
                    at + 1,
                    c,
                    f"column heading '{heading}' is not one a scheme of delegation uses",
                    grid.where,
                    hint + "rename it to a heading in docs/sod-import.md, or delete the column "
                    "(nothing is left out silently)",
                )
            )
            continue
        if meaning in seen:
            problems.append(
                Problem(
                    name,
                    at + 1,
                    c,
                    f"a second column meaning '{meaning}' (the first is column {seen[meaning]})",
                    grid.where,
                    "keep one of them",
                )
            )
            continue
        seen[meaning] = c
        columns.append(Column(heading, meaning, c))
    return columns, problems


def _rows(
    table: SchemeTable, grid: Grid, at: int, wanted: list[str], problems: list[Problem]
) -> None:
    header = [h if (at, c) not in grid.filled else "" for c, h in enumerate(grid.cells[at])]
    positions = {
        canonical_heading(h): c for c, h in enumerate(header) if h and canonical_heading(h)
    }
    theme = grid.heading if "theme" not in positions else ""
    if theme:
        table.headings = True
    for r in range(at + 1, len(grid.cells)):
        raw = grid.cells[r]
        if not any(raw):
            continue
        if [c for c in raw if c] == [c for c in header if c]:
            table.repeated_headers += 1
            continue
        typed = [(c, v) for c, v in enumerate(raw) if v and (r, c) not in grid.filled]
        if not typed:
            continue  # only copies of a merge from above: nothing written in this row
        distinct = {v for v in raw if v}
        merged = any((r, c) in grid.filled for c in range(len(raw)))
        if len(distinct) == 1 and _is_section(raw, positions, typed, merged):
            theme = next(iter(distinct))
            table.sections = True
            table.merged_sections = table.merged_sections or merged
            table.section_rows += 1
            continue
        cells = {m: (raw[c] if c < len(raw) else "") for m, c in positions.items()}
        unheaded = [c for c, v in typed if c >= len(header) or not header[c]]
        for c in unheaded:
            problems.append(
                Problem(
                    table.path,
                    r + 1,
                    c + 1,
                    "value in a column with no header",
                    grid.where,
                    "give the column a heading or clear the cell",
                )
            )
        if table.rows and _continues(cells, positions, r, grid):
            last = table.rows[-1]
            table.continuation_rows += 1
            for m, c in positions.items():
                if c < len(raw) and raw[c] and (r, c) not in grid.filled:
                    last.cells[m] = (last.cells.get(m, "") + "\n" + raw[c]).strip()
            continue
        numbers = {m: c + 1 for m, c in positions.items()}
        table.rows.append(SchemeRow(grid.where, r + 1, cells, numbers, theme))


def _is_section(
    raw: list[str], positions: dict[str, int], typed: list[tuple[int, str]], merged: bool
) -> bool:
    """One text, merged across the row or alone in the first or theme column: a section heading.

    A decision alone in its own column is not a section (it is a row missing
    its holder, refused later), nor is a bare reference.
    """
    if len(typed) != 1:
        return False
    column, text = typed[0]
    if not re.search(r"[a-zA-Z]{3}", text):
        return False
    if merged:
        return True
    return column in (min(positions.values()), positions.get("theme")) and column != positions.get(
        "decision"
    )


def _continues(cells: dict[str, str], positions: dict[str, int], r: int, grid: Grid) -> bool:
    """No reference and no decision of its own: the text belongs to the row above."""
    own = {
        m
        for m, c in positions.items()
        if c < len(grid.cells[r]) and grid.cells[r][c] and (r, c) not in grid.filled
    }
    return bool(own) and not own & {"reference", "decision", *HOLDER_COLUMNS}
