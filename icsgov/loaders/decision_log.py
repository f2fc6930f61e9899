"""Read a decision log (the decisions actually taken) from CSV or XLSX, checked against the data.

Board-paper systems (ModernGov, Diligent...) export decision logs as
spreadsheets: one row per decision with its date, the body that took it, what
it was and the minute reference. This reader turns such a sheet into
:class:`~icsgov.ontology.model.LoggedDecision` records, strictly: every cell
that is not a date, an amount, a known body or decision type is reported with
its row and column (row 1 is the header, column A is 1), all at once, and
nothing is returned unless the whole sheet is clean. A YAML log is a
``decision_log:`` section of the governance data, read by the governance
loader with the same rules (``docs/format.md``).

The decision may be given by id, name or alias (``Approve a capital scheme``),
matched ignoring case and spacing; anything else is an error with
suggestions.

Columns (headers matched ignoring case, spaces and underscores):
``date``, ``taken_by`` and ``decision`` are required; ``id`` (default: the
file name and row), ``title``, ``place``, ``value`` (2500000, 2.5m, £2.5m,
250k), ``counterparty``, ``reference``, ``paper``, ``url``, ``status``
(taken, ratified, noted), ``ratifies``, ``present`` (ids separated by ``;``),
``illustrative`` (yes/no) and ``description`` are optional.

>>> import tempfile, pathlib
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> gov = parse_yaml('''
... footprints: [{id: sys, name: Riverside, level: system}]
... organisations: [{id: icb, name: Riverside ICB, kind: icb, footprints: [sys]}]
... decision_types: [{id: capital, name: Approve a capital scheme}]
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
>>> _ = path.write_text("Date,Taken by,Decision,Value\\n"
...                     "2024-05-01,icb,approve a capital scheme,£2.5m\\n")
>>> [(d.id, d.decision, d.value) for d in read_decision_log(path, gov)]
[('log-2', 'capital', 2500000.0)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from icsgov._suggest import did_you_mean
from icsgov.errors import InputError, Problem
from icsgov.loaders.spreadsheet import Row, Table, read_table
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import REFERENCES, DecisionType, LoggedDecision
from icsgov.words import a

__all__ = ["COLUMNS", "LOG_SUFFIXES", "decision_index", "name_key", "read_decision_log"]

LOG_SUFFIXES = (".csv", ".xlsx")
"""File types ``read_decision_log`` reads (a YAML log is part of the governance data)."""

COLUMNS = (
    "id",
    "date",
    "taken_by",
    "decision",
    "title",
    "place",
    "value",
    "counterparty",
    "reference",
    "paper",
    "url",
    "status",
    "ratifies",
    "present",
    "illustrative",
    "description",
)
"""The columns a decision-log sheet may have, in the order ``audit --template`` writes them."""

_REQUIRED = ("date", "taken_by", "decision")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0", ""}


def name_key(text: str) -> str:
    """How names are compared: ignoring case, spacing, ``_`` and ``-``.

    >>> name_key("Approve_a  Capital-scheme")
    'approve a capital scheme'
    """
    return " ".join(str(text).replace("_", " ").replace("-", " ").split()).casefold()


def decision_index(types: Iterable[DecisionType]) -> dict[str, str | None]:
    """Id, name and alias (ignoring case, spaces, ``_`` and ``-``) -> decision type id.

    A name two types share maps to ``None`` (ambiguous: give the id). Ids always win.

    >>> idx = decision_index([DecisionType(id="capital", name="Approve a capital scheme")])
    >>> idx["approve a capital scheme"], idx["capital"]
    ('capital', 'capital')
    """
    types = list(types)
    index: dict[str, str | None] = {}
    for t in types:
        for name in (t.name, *t.aliases):
            key = name_key(name)
            index[key] = None if key in index and index[key] != t.id else t.id
    for t in types:
        index[name_key(t.id)] = t.id
    return index


def read_decision_log(path: str | Path, gov: Governance) -> list[LoggedDecision]:
    """The decisions in a ``.csv``/``.xlsx`` log, every reference checked against ``gov``.

    Raises :class:`~icsgov.errors.InputError` listing every problem (file, row, column).
    """
    path = Path(path)
    if path.suffix.lower() not in LOG_SUFFIXES:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    f"cannot read a decision log from '{path.suffix}' files",
                    hint="give a .csv or .xlsx log; put a YAML log in the data "
                    "(a 'decision_log:' section) and pass it with --data",
                )
            ]
        )
    table = read_table(path)
    problems: list[Problem] = []
    columns = _columns(table, problems)
    for field in _REQUIRED:
        if field not in columns:
            problems.append(
                Problem(
                    table.path,
                    1,
                    0,
                    f"missing column '{field.replace('_', ' ')}'",
                    hint=f"add a column headed '{field.replace('_', ' ')}'",
                )
            )
    if any(field not in columns for field in _REQUIRED):
        raise InputError(problems)
    index = decision_index(e for e in gov if isinstance(e, DecisionType))
    pairs: list[tuple[Row, LoggedDecision]] = []
    for row in table.rows:
        record = _record(table, row, columns, index, gov, problems)
        if record is not None:
            pairs.append((row, record))
    _links(table, pairs, columns, problems)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line, p.column)))
    return [record for _, record in pairs]


def _columns(table: Table, problems: list[Problem]) -> dict[str, str]:
    """Field name -> the table's header for it."""
    found: dict[str, str] = {}
    wanted = {name_key(c): c for c in COLUMNS}
    for header in table.headers:
        if not header:
            continue
        field = wanted.get(name_key(header))
        if field is None:
            problems.append(
                Problem(
                    table.path,
                    1,
                    table.column(header),
                    f"unknown column '{table.labels.get(header, header)}'",
                    hint=did_you_mean(name_key(header), [c.replace("_", " ") for c in COLUMNS])
                    or "columns are: " + ", ".join(COLUMNS),
                )
            )
            continue
        found[field] = header
    return found


def _record(
    table: Table,
    row: Row,
    columns: dict[str, str],
    index: dict[str, str | None],
    gov: Governance,
    problems: list[Problem],
) -> LoggedDecision | None:
    def cell(field: str) -> str:
        header = columns.get(field)
        return row.cells.get(header, "").strip() if header else ""

    def problem(field: str, message: str, hint: str = "") -> None:
        header = columns.get(field, "")
        problems.append(
            Problem(
                table.path, row.number, table.column(header) if header else 0, message, hint=hint
            )
        )

    before = len(problems)
    data: dict[str, Any] = {"id": cell("id") or f"{Path(table.path).stem}-{row.number}"}
    for field in ("title", "place", "counterparty", "reference", "paper", "url", "ratifies"):
        if cell(field):
            data[field] = cell(field)
    if cell("description"):
        data["description"] = cell("description")
    data["taken_by"] = cell("taken_by")
    raw_date = cell("date")
    try:
        data["date"] = dt.date.fromisoformat(raw_date)
    except ValueError:
        problem("date", f"expected a date written YYYY-MM-DD, got '{raw_date}'")
    if cell("value"):
        from icsgov.ontology.money import parse_money

        try:
            data["value"] = parse_money(cell("value"))
        except ValueError as exc:
            problem("value", str(exc))
    if cell("status"):
        data["status"] = cell("status").casefold()
    if cell("present"):
        data["present"] = [
            p.strip() for p in cell("present").replace(",", ";").split(";") if p.strip()
        ]
    flag = cell("illustrative").casefold()
    if flag in _TRUE:
        data["illustrative"] = True
    elif flag not in _FALSE:
        problem("illustrative", f"expected yes or no, got '{cell('illustrative')}'")
    decision = cell("decision")
    resolved = index.get(name_key(decision)) if decision else None
    if decision and resolved is None:
        if name_key(decision) in index:
            problem("decision", f"'{decision}' names more than one decision type", "give its id")
        else:
            names = [k for k in index if k]
            problem(
                "decision",
                f"unknown decision type '{decision}'",
                did_you_mean(name_key(decision), names)
                or "run 'icsgov matrix' to list decision types, or use an id",
            )
    data["decision"] = resolved or decision
    for (cls, field), targets in REFERENCES.items():
        if cls is not LoggedDecision or field in ("decision", "ratifies"):
            continue
        value = data.get(field)
        for target in value if isinstance(value, list) else [value]:
            if not target:
                continue
            wanted = " or ".join(t.kind_name for t in targets)
            found = gov.entities.get(target)
            if found is None:
                candidates = [e.id for e in gov if isinstance(e, targets)]
                problem(
                    field,
                    f"unknown {wanted} '{target}' in {field.replace('_', ' ')}",
                    did_you_mean(target, candidates) or "use the id the data gives it",
                )
            elif not isinstance(found, targets):
                problem(
                    field,
                    f"'{target}' is {a(found.kind_name)}, but {field.replace('_', ' ')} needs "
                    f"{a(wanted)}",
                )
    if len(problems) > before:
        return None
    try:
        return LoggedDecision.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field = str(error["loc"][0]) if error["loc"] else "status"
            message = str(error["msg"]).removeprefix("Value error, ")
            problem(field, f"{field.replace('_', ' ')}: {message}")
        return None


def _links(
    table: Table,
    pairs: list[tuple[Row, LoggedDecision]],
    columns: dict[str, str],
    problems: list[Problem],
) -> None:
    """Ids unique within the log (and not taken by the data); ``ratifies`` names a row."""
    ids = {record.id for _, record in pairs}
    first: dict[str, int] = {}
    id_column = table.column(columns["id"]) if "id" in columns else 0
    ratifies_column = table.column(columns["ratifies"]) if "ratifies" in columns else 0
    for row, record in pairs:
        if record.id in first:
            problems.append(
                Problem(
                    table.path,
                    row.number,
                    id_column,
                    f"duplicate id '{record.id}'",
                    hint=f"row {first[record.id]} already uses it; ids must be unique",
                )
            )
        first.setdefault(record.id, row.number)
        if record.ratifies is not None and record.ratifies not in ids:
            problems.append(
                Problem(
                    table.path,
                    row.number,
                    ratifies_column,
                    f"'{record.ratifies}' in ratifies is not a decision in this log",
                    hint=did_you_mean(record.ratifies, ids) or "give the id of a logged decision",
                )
            )
