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
from pathlib import Path
from typing import TYPE_CHECKING

from icsgov.errors import IcsgovError, InputError
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    Body,
    BodyKind,
    DecisionRight,
    DecisionType,
    Delegation,
    Person,
    Post,
    Role,
)
from icsgov.ontology.money import format_band
from icsgov.queries.scope import system_scope

if TYPE_CHECKING:
    from icsgov.queries.scheme_import import Mapping

__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "read_sord",
    "safe_cell",
    "scheme_grid",
    "sord_rows",
    "write_grid",
    "write_sord",
]

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
    headers = [c.capitalize() for c in (*COLUMNS, *EXTRA_COLUMNS)]
    cells = [[row[c] for c in (*COLUMNS, *EXTRA_COLUMNS)] for row in rows]
    return write_grid([headers, *cells], fmt)


def safe_cell(text: str) -> str:
    """The one place scheme exports make a cell safe to open (never run as a formula)."""
    from icsgov.cells import safe_cell as guard

    return guard(text)


def write_grid(
    grid: list[list[str]], fmt: str, merges: list[tuple[int, int, int, int]] | None = None
) -> str | bytes:
    """Rows of cells as CSV text or XLSX bytes (merges, 0-based, kept in XLSX); cells made safe."""
    from icsgov.cells import csv_text, xlsx_bytes

    if fmt == "csv":
        return csv_text(grid)
    if fmt == "xlsx":
        return xlsx_bytes(grid, "Scheme of delegation", merges or [])
    raise IcsgovError(f"unknown format '{fmt}'; use csv or xlsx")


def scheme_grid(
    store: GraphStore, system: str, mapping: Mapping, as_of: dt.date | None = None
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The scheme in the layout a mapping file recorded, and the merges of its section rows.

    Facts (who holds each decision, the limit, the comments) come from the
    graph; the wording (headings, the names as the document wrote them,
    limits as written when they still mean the same band, themes, section
    rows, row order) from the mapping file's ``scheme`` layout.
    """
    layout = mapping.scheme
    if not layout.get("columns") or not layout.get("source"):
        raise IcsgovError(
            "the mapping file has no 'scheme' layout; run 'icsgov sod import' to write one"
        )
    source = str(layout["source"])
    meanings = [str(c["means"]) for c in layout["columns"]]
    rows_layout = {str(r[0]): [str(x) for x in r] for r in layout.get("rows", [])}
    order = {loc: i for i, loc in enumerate(rows_layout)}
    words = _words(mapping)
    yes = str(layout.get("reserved", {}).get("yes", "Y"))
    no = str(layout.get("reserved", {}).get("no", "N"))
    scope = system_scope(store, system, as_of)
    inside = [f.id for f in scope.inside]
    found: list[tuple[tuple[int, int], dict[str, str], str]] = []
    for n, (decision, right, rights) in enumerate(_decides(store, inside, as_of)):
        loc = _locator(right, source) or right.id
        leads = [
            words["holders"].get(r.holder) or store.get(r.holder).label
            for r in rights
            if r.role is Role.RECOMMENDS
            and r.footprint == right.footprint
            and _locator(r, source) == _locator(right, source)
            and (r.value_min, r.value_max) == (right.value_min, right.value_max)
        ]
        holder = store.get(right.holder)
        board = isinstance(holder, Body) and holder.kind in _BOARDS
        individual = isinstance(holder, Post | Person)
        written = rows_layout.get(loc, [loc, _theme(store, decision), "", "", "", ""])
        theme, section, limit_text, holder_text, decision_text = written[1:6]
        name = (
            holder_text
            if holder_text and mapping.holders.get(holder_text) == holder.id
            else words["holders"].get(holder.id) or holder.label
        )
        band = format_band(right.value_min, right.value_max)
        limit = words["limits"].get(band, "" if band == "any value" else band)
        if loc in rows_layout and _same_band(limit_text, right):
            limit = limit_text
        if decision_text and _decision_id(mapping, decision_text) != decision.id:
            decision_text = ""
        cells = {
            "reference": loc,
            "theme": theme,
            "decision": decision_text or words["decisions"].get(decision.id) or decision.name,
            "lead officer": "; ".join(leads),
            "reserved to board": yes if board else no,
            "delegated to committee": "" if board or individual else name,
            "delegated to individual": name if individual else "",
            "financial limit": limit,
            "comments": right.conditions or "",
            "constitution clause": _locator(right, f"{source}-cited")
            if _locator(right, source)
            else _clause(store, right),
            "footprint": right.footprint,
            "basis": right.basis.value,
            "delegation": right.delegation or "",
        }
        found.append(((order.get(loc, len(order)), n), cells, section))
    grid = [list(r) for r in layout.get("title_rows", [])]
    grid.append([str(c["heading"]) for c in layout["columns"]])
    merges: list[tuple[int, int, int, int]] = []
    current = ""
    for _, cells, section in sorted(found, key=lambda f: f[0]):
        if layout.get("sections") and section and section != current:
            current = section
            if layout["sections"] == "merged":
                merges.append((len(grid), 0, len(grid), len(meanings) - 1))
            grid.append([section] + [""] * (len(meanings) - 1))
        grid.append([cells.get(m, "") for m in meanings])
    return grid, merges


def _decides(
    store: GraphStore, inside: list[str], as_of: dt.date | None
) -> list[tuple[DecisionType, DecisionRight, list[DecisionRight]]]:
    found = []
    for decision in store.entities(DecisionType):
        rights = store.rights(decision.id, inside, as_of)
        found += [(decision, r, rights) for r in rights if r.role is Role.DECIDES]
    return found


def _same_band(text: str, right: DecisionRight) -> bool:
    from icsgov.queries.scheme_limits import read_limit

    try:
        return read_limit(text) == (right.value_min, right.value_max)
    except ValueError:
        return False


def _decision_id(mapping: Mapping, text: str) -> str:
    value = mapping.decisions.get(text)
    if isinstance(value, dict) and isinstance(value.get("new"), dict):
        return str(value["new"].get("id", ""))
    return str(value or "")


def _locator(right: DecisionRight, source: str) -> str:
    return next((c.locator or "" for c in right.sources if c.source == source), "")


def _words(mapping: Mapping) -> dict[str, dict[str, str]]:
    """Id (or band) -> the first wording the document used for it."""
    holders: dict[str, str] = {}
    for text, value in mapping.holders.items():
        holders.setdefault(str(value), text)
    decisions: dict[str, str] = {}
    for text, value in mapping.decisions.items():
        if isinstance(value, dict) and isinstance(value.get("new"), dict):
            value = value["new"].get("id")
        decisions.setdefault(str(value), text)
    limits: dict[str, str] = {}
    for text, band in mapping.limits.items():
        limits.setdefault(str(band), text)
    return {"holders": holders, "decisions": decisions, "limits": limits}


def read_sord(
    path: Path, store: GraphStore, system: str, as_of: dt.date | None = None
) -> list[DecisionRight]:
    """Rights from a SoRD document whose names are all in ``store``.

    Defaults when the extra columns are absent: the footprint is the holder
    body's own, else the system; a matter reserved to the board is held on a
    ``statutory`` basis, a delegated one on a ``delegated`` basis; a lead
    officer ``recommends``. ``InputError`` (sheet, row and column) on any
    problem, including a name not in the data (``sod import`` writes those
    to a mapping file instead); nothing is returned unless every row reads.
    """
    from icsgov.queries.scheme_import import import_scheme

    result = import_scheme(path, store, system, as_of)
    problems = result.problems + result.pending
    if problems:
        raise InputError(problems, result.summary)
    return [r for r in result.records if isinstance(r, DecisionRight)]


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
    cited = {c.source for c in right.sources}
    imported = [c for c in right.sources if c.source.endswith("-cited") and c.source[:-6] in cited]
    if imported:  # read by sod import: the row's clause, not its place in the scheme
        return imported[0].locator or ""
    if right.delegation:
        delegation = store.get(right.delegation)
        if isinstance(delegation, Delegation) and delegation.instrument_ref:
            return delegation.instrument_ref
    if any(f"{c.source}-cited" in cited for c in right.sources):
        return ""
    return next((c.locator for c in right.sources if c.locator), "")
