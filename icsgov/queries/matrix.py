"""The decision matrix of a system: decision types against levels or bodies, RAPID codes in cells.

Codes are :attr:`Role.code`: D decides, A agrees, T ratifies, R recommends,
C consulted, I informed; a trailing ``*`` marks a de-facto right (practice
without formal authority). A decision whose rights carry different value bands
gets one row per band, so "up to £1m: committee; above: board" reads as two rows.

``by="body"`` has one column per holder and footprint (the layout
``icsgov import-matrix`` reads back); ``by="level"`` has one column per level
with the holders named in the cells.

A cell entry resting on a right (or a holder) marked illustrative is marked
``†`` in the grid (``D†``, ``D: Name†``) and listed in the row's
``illustrative`` (column key -> those entries) in JSON; ``import-matrix`` reads
``D†`` back as an illustrative right. Like every answer, a matrix carries the
dates its data covers and a caveat when asked about a date outside them.

>>> from icsgov.loaders import load
>>> from icsgov.graph.memory import MemoryStore
>>> m = decision_matrix(MemoryStore(load(["tests/golden/core.yaml"])), "glos", by="body")
>>> row = next(r for r in m.rows if r.decision == "approve-gp-merger")
>>> row.cells
{'pc-cttee@glos': ['D']}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from icsgov.errors import NotFound
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import Basis, DecisionRight, DecisionType, Level, Role
from icsgov.ontology.money import format_band
from icsgov.queries.coverage import store_coverage
from icsgov.queries.resolve import choose
from icsgov.queries.scope import system_scope
from icsgov.queries.walk import rests_on_invented, rights_in_force

__all__ = ["BY", "Column", "Matrix", "MatrixRow", "cell_code", "decision_matrix"]

By = Literal["level", "body"]
BY: tuple[By, ...] = ("level", "body")
"""The ways a matrix can be laid out: a column per level, or per body."""


_ORDER = {role.code: i for i, role in enumerate(Role)}


@dataclass(frozen=True)
class Column:
    """A matrix column: a level, or one holder at one footprint."""

    key: str
    label: str
    holder: str | None = None
    footprint: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    """One decision type (and value band): cell codes by column key."""

    decision: str
    decision_name: str
    domain: str | None
    band: str
    value_min: float | None
    value_max: float | None
    cells: dict[str, list[str]] = field(default_factory=dict)
    illustrative: dict[str, list[str]] = field(default_factory=dict)
    """Column key -> the entries of that cell resting on an illustrative record."""


FIXED = ["decision", "decision id", "value band"]
"""The grid's first columns, before one column per holder (or footprint)."""


@dataclass(frozen=True)
class Matrix:
    """A decision matrix, ready to render in any format."""

    system: str
    system_name: str
    by: str
    as_of: dt.date | None
    columns: list[Column]
    rows: list[MatrixRow]
    coverage: dict[str, Any] = field(default_factory=dict)
    caveats: list[str] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        """True when some cell rests on a record marked illustrative."""
        return any(row.illustrative for row in self.rows)

    def notes(self) -> list[str]:
        """What is printed under the grid: the † footnote, then the dates-covered caveat."""
        from icsgov.words import ILLUSTRATIVE_NOTE

        footnote = [ILLUSTRATIVE_NOTE] if self.illustrative else []
        return [*footnote, *(f"Note: {caveat}" for caveat in self.caveats)]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, with ``illustrative`` true when any cell is."""
        return {**asdict(self), "illustrative": self.illustrative}

    def grid(self) -> tuple[list[str], list[list[str]]]:
        """Headers and rows of text, the one grid every format and table draws."""
        joiner = " " if self.by == "body" else "; "
        headers = [*FIXED, *(c.label for c in self.columns)]
        from icsgov.words import marked

        def cell(row: MatrixRow, key: str) -> str:
            flagged = row.illustrative.get(key, [])
            return joiner.join(marked(e, e in flagged) for e in row.cells.get(key, []))

        rows = [
            [row.decision_name, row.decision, row.band, *(cell(row, c.key) for c in self.columns)]
            for row in self.rows
        ]
        return headers, rows


def cell_code(right: DecisionRight) -> str:
    """The code of one right in a cell: ``D``, or ``D*`` when held de facto.

    >>> cell_code(DecisionRight(id="r", holder="h", decision="d", footprint="f",
    ...                         role=Role.DECIDES, basis=Basis.DE_FACTO))
    'D*'
    """
    return right.role.code + ("*" if right.basis is Basis.DE_FACTO else "")


def decision_matrix(
    store: GraphStore, system: str, by: By = "level", as_of: dt.date | None = None
) -> Matrix:
    """Every decision type with rights in ``system`` against its levels or its bodies."""
    by = choose(by, BY, "by")
    scope = system_scope(store, system, as_of)
    footprints = {f.id: f for f in [*scope.inside, *scope.above]}
    columns: dict[str, Column] = {}
    if by == "level":
        levels = sorted({f.level for f in footprints.values()}, key=lambda lv: lv.rank)
        columns = {lv.value: Column(lv.value, lv.value) for lv in levels}
    rows: list[MatrixRow] = []
    seen: dict[str, bool] = {}
    for decision in store.entities(DecisionType):
        rights = rights_in_force(store, decision.id, scope.ids, as_of)
        if not rights:
            continue
        bands = sorted(
            {(r.value_min, r.value_max) for r in rights},
            key=lambda b: (b != (None, None), b[0] or 0.0, _inf(b[1])),
        )
        for low, high in bands:
            row = _row(decision, low, high)
            for right in (r for r in rights if (r.value_min, r.value_max) == (low, high)):
                key = _place(store, right, by, footprints[right.footprint].level, columns)
                entry = _cell_text(store, right, by)
                row.cells.setdefault(key, []).append(entry)
                if rests_on_invented(store, right, seen):
                    row.illustrative.setdefault(key, []).append(entry)
            for key, codes in row.cells.items():
                row.cells[key] = sorted(dict.fromkeys(codes), key=_code_order)
            for key, codes in row.illustrative.items():
                row.illustrative[key] = sorted(dict.fromkeys(codes), key=_code_order)
            rows.append(row)
    position = {fid: i for i, fid in enumerate(scope.ids)}
    ordered = sorted(columns.values(), key=lambda c: _column_order(c, position))
    cover = store_coverage(store)
    caveat = cover.caveat(as_of)
    return Matrix(
        scope.system.id,
        scope.system.name,
        by,
        as_of,
        ordered,
        rows,
        cover.to_dict(),
        [caveat] if caveat else [],
    )


def _row(decision: DecisionType, low: float | None, high: float | None) -> MatrixRow:
    return MatrixRow(decision.id, decision.name, decision.domain, format_band(low, high), low, high)


def _place(
    store: GraphStore, right: DecisionRight, by: str, level: Level, columns: dict[str, Column]
) -> str:
    if by == "level":
        return level.value
    key = f"{right.holder}@{right.footprint}"
    if key not in columns:
        columns[key] = Column(
            key,
            f"{_name(store, right.holder)} ({right.holder} @ {right.footprint})",
            right.holder,
            right.footprint,
        )
    return key


def _cell_text(store: GraphStore, right: DecisionRight, by: str) -> str:
    if by == "body":
        return cell_code(right)
    return f"{cell_code(right)}: {_name(store, right.holder)}"


def _code_order(text: str) -> tuple[int, str]:
    return (_ORDER.get(text[:1], 9), text)


def _column_order(column: Column, position: dict[str, int]) -> tuple[int, str]:
    if column.footprint is None:
        return (Level(column.key).rank, column.key)
    return (position[column.footprint], column.key)


def _inf(value: float | None) -> float:
    return float("inf") if value is None else value


def _name(store: GraphStore, entity_id: str) -> str:
    try:
        return store.get(entity_id).label
    except NotFound:
        return entity_id
