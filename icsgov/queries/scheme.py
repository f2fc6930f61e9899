"""The scheme of reservation and delegation (SoRD): out of the graph, and back in.

One row per ``decides`` right held inside a system, in the columns ICBs use
(NHS Sussex SoRD v1.1 layout, see docs/who-decides.md): reference, theme,
decision, lead officer, reserved to board, delegated to committee, delegated
to individual, financial limit, comments, constitution clause. Three extra
columns (footprint, basis, delegation) make the round trip exact; a SoRD
without them still imports, with the defaults documented in ``read_sord``.

>>> from icsgov.loaders import load
>>> from icsgov.graph.memory import MemoryStore
>>> import datetime as dt
>>> store = MemoryStore(load(["tests/golden/core.yaml"]))
>>> rows = sord_rows(store, "glos", as_of=dt.date(2024, 1, 1))
>>> row = next(r for r in rows if r["reference"] == "r-fin-scheme")
>>> row["delegated to committee"], row["financial limit"], row["lead officer"]
('Finance committee', 'up to £1m', 'ICB chief finance officer')
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from icsgov.errors import Ambiguous, IcsgovError, InputError, NotFound, Problem
from icsgov.graph.store import GraphStore
from icsgov.loaders.spreadsheet import read_table
from icsgov.ontology.model import (
    Basis,
    Body,
    BodyKind,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Person,
    Post,
    Role,
)
from icsgov.queries.money import format_band, parse_band
from icsgov.queries.resolve import resolve_actor, resolve_decision
from icsgov.queries.scope import system_scope

__all__ = ["COLUMNS", "EXTRA_COLUMNS", "read_sord", "sord_rows", "write_sord"]

COLUMNS = (
    "reference",
    "theme",
    "decision",
    "lead officer",
    "reserved to board",
    "delegated to committee",
    "delegated to individual",
    "financial limit",
    "comments",
    "constitution clause",
)
EXTRA_COLUMNS = ("footprint", "basis", "delegation")
_BOARDS = (BodyKind.BOARD, BodyKind.GOVERNING_BODY)


def sord_rows(store: GraphStore, system: str, as_of: dt.date | None = None) -> list[dict[str, str]]:
    """The scheme of ``system`` on ``as_of``: one row per decides right inside it."""
    scope = system_scope(store, system, as_of)
    inside = [f.id for f in scope.inside]
    rows: list[dict[str, str]] = []
    for decision in store.entities(DecisionType):
        rights = store.rights(decision.id, inside, as_of)
        for right in (r for r in rights if r.role is Role.DECIDES):
            holder = store.get(right.holder)
            leads = [
                store.get(r.holder).label
                for r in rights
                if r.role is Role.RECOMMENDS
                and r.footprint == right.footprint
                and isinstance(store.get(r.holder), Post)
            ]
            board = isinstance(holder, Body) and holder.kind in _BOARDS
            individual = isinstance(holder, Post | Person)
            rows.append(
                {
                    "reference": right.id,
                    "theme": _theme(store, decision),
                    "decision": decision.name,
                    "lead officer": "; ".join(leads),
                    "reserved to board": "Y" if board else "N",
                    "delegated to committee": "" if board or individual else holder.label,
                    "delegated to individual": holder.label if individual else "",
                    "financial limit": _limit(right),
                    "comments": right.conditions or "",
                    "constitution clause": _clause(store, right),
                    "footprint": right.footprint,
                    "basis": right.basis.value,
                    "delegation": right.delegation or "",
                }
            )
    return rows


def write_sord(rows: list[dict[str, str]], fmt: str) -> str | bytes:
    """The rows as CSV text or XLSX bytes, headed in the ICB column names."""
    from icsgov.queries.matrix_formats import guard_cell

    headers = [c.capitalize() for c in (*COLUMNS, *EXTRA_COLUMNS)]
    cells = [[guard_cell(row[c]) for c in (*COLUMNS, *EXTRA_COLUMNS)] for row in rows]
    if fmt == "csv":
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
        return buffer.getvalue()
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "Scheme of delegation"
        sheet.append(headers)
        for row in cells:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise IcsgovError(f"unknown format '{fmt}'; use csv or xlsx")


def read_sord(
    path: Path, store: GraphStore, system: str, as_of: dt.date | None = None
) -> list[DecisionRight]:
    """Rights from a SoRD spreadsheet, names resolved against ``store``.

    Defaults when the extra columns are absent: the footprint is the holder
    body's own, else the system; a matter reserved to the board is held on a
    ``statutory`` basis, a delegated one on a ``delegated`` basis; a lead
    officer ``recommends``. ``InputError`` (row and column) on any problem;
    nothing is returned unless every row reads.
    """
    sheet = read_table(path, required=COLUMNS)
    scope = system_scope(store, system, as_of)
    problems: list[Problem] = []
    rights: dict[tuple[str, str, str, Role], DecisionRight] = {}

    def problem(row: int, column: str, message: str, hint: str = "") -> None:
        problems.append(Problem(sheet.path, row, sheet.column(column), message, column, hint))

    def actor(row: int, column: str, text: str) -> Entity | None:
        try:
            return resolve_actor(store, text)
        except (NotFound, Ambiguous) as exc:
            problem(row, column, str(exc))
            return None

    for row in sheet.rows:
        cells, n = row.cells, row.number
        try:
            decision = resolve_decision(store, cells["decision"])
        except (NotFound, Ambiguous) as exc:
            problem(n, "decision", str(exc))
            continue
        reserved = cells["reserved to board"].strip().upper()[:1] in ("Y", "T")
        named = [c for c in ("delegated to committee", "delegated to individual") if cells[c]]
        if (reserved and named) or len(named) > 1 or not (reserved or named):
            problem(
                n,
                "reserved to board",
                "say exactly one of: reserved to the board (Y), "
                "delegated to a committee, or delegated to an individual",
            )
            continue
        holder = (
            _board(store, scope.system.id, as_of)
            if reserved
            else actor(n, named[0], cells[named[0]])
        )
        if holder is None:
            if reserved:
                problem(
                    n,
                    "reserved to board",
                    f"no single board or governing body found for {scope.system.name} on {as_of}",
                    "name the board in the data",
                )
            continue
        try:
            low, high = parse_band(cells["financial limit"])
        except ValueError as exc:
            problem(n, "financial limit", str(exc))
            continue
        footprint = cells.get("footprint") or (
            holder.footprint if isinstance(holder, Body) and holder.footprint else scope.system.id
        )
        basis_text = cells.get("basis") or ("statutory" if reserved else "delegated")
        try:
            basis = Basis(basis_text)
        except ValueError:
            problem(
                n,
                "basis",
                f"unknown basis '{basis_text}'",
                "use " + ", ".join(b.value for b in Basis),
            )
            continue
        reference = cells["reference"] or f"sord-{decision.id}-{holder.id}"
        right = DecisionRight(
            id=reference,
            holder=holder.id,
            decision=decision.id,
            footprint=footprint,
            role=Role.DECIDES,
            basis=basis,
            value_min=low,
            value_max=high,
            conditions=cells["comments"] or None,
            delegation=cells.get("delegation") or None,
            description=_clause_note(cells["constitution clause"], cells.get("delegation")),
        )
        rights[(reference, "", "", Role.DECIDES)] = right
        for lead in filter(None, (x.strip() for x in cells["lead officer"].split(";"))):
            post = actor(n, "lead officer", lead)
            if post is not None:
                key = (post.id, decision.id, footprint, Role.RECOMMENDS)
                rights.setdefault(
                    key,
                    DecisionRight(
                        id=f"{reference}-lead-{post.id}",
                        holder=post.id,
                        decision=decision.id,
                        footprint=footprint,
                        role=Role.RECOMMENDS,
                        basis=Basis.DELEGATED,
                    ),
                )
    if problems:
        raise InputError(problems)
    return list(rights.values())


def _board(store: GraphStore, system_id: str, as_of: dt.date | None) -> Body | None:
    boards = [
        b
        for b in store.entities(Body)
        if b.kind in _BOARDS and b.footprint == system_id and b.valid_at(as_of)
    ]
    return boards[0] if len(boards) == 1 else None


def _theme(store: GraphStore, decision: DecisionType) -> str:
    lineage = store.decision_lineage(decision.id)
    return decision.domain or lineage[-1].name


def _limit(right: DecisionRight) -> str:
    if right.value_min is None and right.value_max is None:
        return ""
    return format_band(right.value_min, right.value_max)


def _clause(store: GraphStore, right: DecisionRight) -> str:
    if right.delegation:
        delegation = store.get(right.delegation)
        if isinstance(delegation, Delegation) and delegation.instrument_ref:
            return delegation.instrument_ref
    return next((c.locator for c in right.sources if c.locator), "")


def _clause_note(clause: str, delegation: str | None) -> str | None:
    if not clause or delegation:
        return None
    return f"Constitution clause {clause}"
