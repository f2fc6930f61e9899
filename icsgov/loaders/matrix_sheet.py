"""Read a decision matrix (the by-body layout ``icsgov matrix`` writes) into decision rights.

Columns: ``decision id`` (or ``decision``), optional ``value band``, then one
column per holder headed ``Name (holder-id @ footprint-id)``. Cells hold role
codes (D A T R C I, ``*`` for de facto, ``†`` for illustrative) separated by
spaces. A matrix says who plays which part, not on what authority, so every
right gets ``basis`` (default ``agreed``) unless marked de facto; review the
YAML before merging. A ``†`` (as ``icsgov matrix`` marks a cell resting on an
illustrative record) reads back as ``illustrative: true``, so the flag
survives the round trip.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
>>> _ = path.write_text("decision id,value band,Board (board @ glos)\\ncapital,up to £1m,D\\n")
>>> [(r.holder, r.role.value, r.value_max) for r in read_matrix(path)]
[('board', 'decides', 1000000.0)]
"""

from __future__ import annotations

import re
from pathlib import Path

from icsgov._suggest import did_you_mean
from icsgov.errors import InputError, Problem
from icsgov.loaders.spreadsheet import read_table
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import ACTORS, Basis, DecisionRight, DecisionType, Footprint, Role
from icsgov.ontology.money import parse_band
from icsgov.words import ILLUSTRATIVE_MARK

__all__ = ["read_matrix"]

_HOLDER = re.compile(r"\((?P<holder>[^()@\s]+)\s*@\s*(?P<footprint>[^()@\s]+)\)\s*$")
_CODES = {role.code: role for role in Role}
_FIXED = ("decision", "decision id", "value band")


def read_matrix(
    path: Path, basis: Basis = Basis.AGREED, data: Governance | None = None
) -> list[DecisionRight]:
    """Every right the matrix states; ``InputError`` with row and column, nothing on error.

    With ``data``, every holder, footprint and decision id must be in it: an
    unknown one is an error at its column (holders) or row (decisions) now,
    not at a later ``validate``.
    """
    sheet = read_table(path, required=["decision id"], known=_FIXED)
    problems: list[Problem] = []
    known = _ids(data)
    holders: dict[str, tuple[str, str]] = {}
    for header in sheet.headers:
        if not header or header in _FIXED:
            continue
        match = _HOLDER.search(sheet.labels[header])
        if match:
            holders[header] = (match["holder"], match["footprint"])
            for what, value in (("holder", match["holder"]), ("footprint", match["footprint"])):
                if known is not None and value not in known[what]:
                    problems.append(
                        Problem(
                            sheet.path,
                            1,
                            sheet.column(header),
                            f"unknown {what} id '{value}' in column '{sheet.labels[header]}'",
                            hint=did_you_mean(value, known[what])
                            or "list the ids with 'icsgov sod names --system SYSTEM'",
                        )
                    )
        else:
            problems.append(
                Problem(
                    sheet.path,
                    1,
                    sheet.column(header),
                    f"column '{sheet.labels[header]}' does not name a holder",
                    hint="head it 'Name (holder-id @ footprint-id)'",
                )
            )
    rights: list[DecisionRight] = []
    for row in sheet.rows:
        decision = row.cells["decision id"]
        if not decision:
            problems.append(
                Problem(
                    sheet.path,
                    row.number,
                    sheet.column("decision id"),
                    "no decision id",
                    hint="give the decision type's id",
                )
            )
            continue
        if known is not None and decision not in known["decision"]:
            problems.append(
                Problem(
                    sheet.path,
                    row.number,
                    sheet.column("decision id"),
                    f"unknown decision type id '{decision}'",
                    hint=did_you_mean(decision, known["decision"])
                    or "list the ids with 'icsgov sod names --system SYSTEM'",
                )
            )
            continue
        try:
            low, high = parse_band(row.cells.get("value band", ""))
        except ValueError as exc:
            problems.append(Problem(sheet.path, row.number, sheet.column("value band"), str(exc)))
            continue
        for header, (holder, footprint) in holders.items():
            for cell in row.cells[header].replace(",", " ").replace("/", " ").split():
                token = cell.removesuffix(ILLUSTRATIVE_MARK)
                role = _CODES.get(token.rstrip("*").upper())
                if role is None:
                    problems.append(
                        Problem(
                            sheet.path,
                            row.number,
                            sheet.column(header),
                            f"'{cell}' is not a role code",
                            hint="use D, A, T, R, C or I (* de facto, † illustrative)",
                        )
                    )
                    continue
                rights.append(
                    DecisionRight(
                        id=_id(decision, holder, footprint, role, low, high),
                        holder=holder,
                        decision=decision,
                        footprint=footprint,
                        role=role,
                        basis=Basis.DE_FACTO if token.endswith("*") else basis,
                        value_min=low,
                        value_max=high,
                        illustrative=token != cell,
                    )
                )
    if problems:
        raise InputError(problems)
    return rights


def _ids(data: Governance | None) -> dict[str, set[str]] | None:
    if data is None:
        return None
    return {
        "holder": {e.id for kind in ACTORS for e in data.of_type(kind)},
        "footprint": {f.id for f in data.of_type(Footprint)},
        "decision": {d.id for d in data.of_type(DecisionType)},
    }


def _id(
    decision: str, holder: str, footprint: str, role: Role, low: float | None, high: float | None
) -> str:
    band = "" if low is None and high is None else f"-{int(low or 0)}-{int(high or 0)}"
    return f"m-{decision}-{holder}-{footprint}-{role.value}{band}"
