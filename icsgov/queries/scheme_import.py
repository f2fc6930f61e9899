"""A published scheme of delegation in, decision-right records out, nothing lost on the way.

Every data row of the scheme either becomes one ``decides`` right or is
refused with its sheet (or table), row and column: a duplicate reference, a
row saying the same as another, a row with no decision or no holder, a limit
that cannot be read. ``SchemeImport.summary`` states that rows read = rights
written + rows refused, and nothing is written unless no row is refused.

Names are matched by :mod:`icsgov.queries.scheme_names`; what cannot be
matched goes into a *mapping file* (YAML) the user completes: holders to
map to an id (suggestions given, this system's first), decisions either
mapped or accepted as the proposed new decision types. The mapping file also
records the layout of the document (headings, order of rows, themes, the
words for yes and no, limits as written) so that ``sod export --mapping``
writes the scheme back the way it was published.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from icsgov.errors import InputError, Problem
from icsgov.graph.store import GraphStore
from icsgov.loaders.sord_reader import HOLDER_COLUMNS, SchemeRow, SchemeTable, read_scheme
from icsgov.ontology.governance import Location
from icsgov.ontology.model import (
    Basis,
    Body,
    BodyKind,
    Citation,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    InstrumentKind,
    Role,
    Source,
)
from icsgov.ontology.money import format_band
from icsgov.queries.scheme_limits import read_limit
from icsgov.queries.scheme_names import Names

__all__ = [
    "TODO",
    "Mapping",
    "SchemeImport",
    "import_scheme",
    "load_mapping",
    "slug",
]

TODO = "TODO"
_YES = {"y", "yes", "✓", "✔", "x", "true", "reserved", "r"}
_NO = {"", "n", "no", "-", "–", "n/a", "na", "false"}
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def slug(text: str) -> str:
    """A lower-case id fragment made of the letters and digits of ``text``.

    >>> slug("4.1"), slug("Approve the ICB's budget")
    ('4-1', 'approve-the-icb-s-budget')
    """
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())) or "x"


@dataclass
class Mapping:
    """Written name -> id for holders and decisions, limits as read, and the document's layout."""

    holders: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, str] = field(default_factory=dict)
    scheme: dict[str, Any] = field(default_factory=dict)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)

    def dump(self) -> str:
        """The mapping file text: YAML with a comment on every entry that needs a look."""
        out = [
            "# icsgov scheme-of-delegation mapping: how the names in the document map to the data.",
            "# Replace every TODO with an id (suggestions are given, this system's first);",
            "# review each proposed new decision type (edit its id, name or theme, or map the",
            "# decision to an existing id instead). 'icsgov sod names --system SYSTEM' lists the",
            "# ids you can use. Then run the same 'icsgov sod import' again.",
            "",
        ]
        for section in ("holders", "decisions", "limits"):
            entries: dict[str, Any] = getattr(self, section)
            out.append(f"{section}:" + ("" if entries else " {}"))
            for text, value in entries.items():
                chunk = yaml.safe_dump(
                    {text: value}, allow_unicode=True, width=1000, sort_keys=False
                )
                lines = ["  " + line for line in chunk.rstrip("\n").split("\n")]
                note = self.notes.get((section, text))
                if note:
                    lines[0] += f"  # {note}"
                out += lines
            out.append("")
        out.append(
            "# The layout of the document, so 'sod export --mapping' writes it back the same."
        )
        out.append(
            yaml.safe_dump(
                {"scheme": self.scheme}, allow_unicode=True, width=1000, sort_keys=False
            ).rstrip("\n")
        )
        return "\n".join(out) + "\n"


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file; ``InputError`` with line and column when it is not one."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise InputError([Problem(name, line, col, "not valid YAML", hint=str(exc))]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(name, 0, 0, "not UTF-8 text")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, 1, "a mapping file is a YAML mapping")])
    problems = [
        Problem(
            name, 0, 0, f"unknown section '{key}'", hint="use holders, decisions, limits, scheme"
        )
        for key in data
        if key not in ("holders", "decisions", "limits", "scheme")
    ]
    sections = {k: data.get(k) or {} for k in ("holders", "decisions", "limits", "scheme")}
    for key, value in sections.items():
        if not isinstance(value, dict):
            problems.append(Problem(name, 0, 0, f"'{key}' must be a mapping of name: value"))
    if problems:
        raise InputError(problems)
    holders = {str(k): TODO if v in (None, "") else str(v) for k, v in sections["holders"].items()}
    return Mapping(
        holders, dict(sections["decisions"]), dict(sections["limits"]), sections["scheme"]
    )


@dataclass
class SchemeImport:
    """What one import found: records to write, rows refused, names still to map."""

    table: SchemeTable
    mapping: Mapping
    records: list[Entity]
    written: int
    refused: set[tuple[str, int]]
    problems: list[Problem]
    pending: list[Problem]
    mapping_changed: bool
    locations: dict[str, Location] = field(default_factory=dict)
    """Where each right was written: the document, its sheet or table, row and column."""

    @property
    def summary(self) -> str:
        """Rows read = rights written + rows refused, said in words."""
        read = len(self.table.rows)
        extra = []
        if self.table.section_rows:
            extra.append(_rows(self.table.section_rows, "section row"))
        if self.table.continuation_rows:
            extra.append(
                _rows(self.table.continuation_rows, "continuation row") + " joined to the row above"
            )
        if self.table.repeated_headers:
            extra.append(_rows(self.table.repeated_headers, "repeated header row"))
        where = ", ".join(self.table.where)
        head = f"{read} scheme rows read from {self.table.path} ({where}, "
        head += f"header row {self.table.header_row}"
        head += "".join(f"; {e}" for e in extra) + ")"
        notes = "".join(f"\n  note: {n}" for n in self.table.notes)
        if self.problems or self.pending:
            return (
                f"{head}: {read - len(self.refused)} readable + {len(self.refused)} refused; "
                f"nothing was loaded or written{notes}"
            )
        return f"{head}: {self.written} rights written + 0 refused{notes}"


def import_scheme(
    path: Path,
    store: GraphStore,
    system: str,
    as_of: dt.date | None = None,
    *,
    sheet: str | None = None,
    mapping: Mapping | None = None,
    effective: dt.date | None = None,
    until: dt.date | None = None,
    source_id: str | None = None,
) -> SchemeImport:
    """Read the scheme in ``path`` against ``store``; see :class:`SchemeImport`.

    ``effective`` and ``until`` date every right (a later version of the
    scheme supersedes from its effective date); ``source_id`` names the
    Source record of this document (default ``sord-`` + the file name).
    """
    table = read_scheme(path, sheet)
    names = Names(store, system, as_of)
    given = mapping or Mapping()
    builder = _Builder(table, store, names, given, as_of)
    source = source_id or given.scheme.get("source") or _source_id(path)
    builder.run(source, effective, until)
    builder.mapping.scheme = {
        "system": names.scope.system.id,
        "effective": effective.isoformat() if effective else None,
        "until": until.isoformat() if until else None,
        **_layout(table, path, source, builder.yes_no, builder.row_layout),
    }
    return SchemeImport(
        table,
        builder.mapping,
        builder.records,
        builder.written,
        builder.refused,
        builder.problems,
        builder.pending,
        builder.changed,
        builder.locations,
    )


def _source_id(path: Path) -> str:
    stem = slug(path.stem)
    return stem if stem.startswith("sord") else f"sord-{stem}"


class _Builder:
    def __init__(
        self,
        table: SchemeTable,
        store: GraphStore,
        names: Names,
        given: Mapping,
        as_of: dt.date | None,
    ) -> None:
        self.table, self.store, self.names, self.as_of = table, store, names, as_of
        self.mapping = Mapping(
            dict(given.holders), dict(given.decisions), dict(given.limits), dict(given.scheme)
        )
        self.records: list[Entity] = []
        self.problems: list[Problem] = []
        self.refused: set[tuple[str, int]] = set()
        self.pending: list[Problem] = []
        self.changed = False
        self.written = 0
        self.yes_no: Counter[tuple[bool, str]] = Counter()
        self.row_layout: list[list[str]] = []
        self.new_types: dict[str, DecisionType] = {}
        self.locations: dict[str, Location] = {}

    def problem(self, row: SchemeRow, column: str, message: str, hint: str = "") -> None:
        self.refused.add((row.where, row.number))
        self.problems.append(
            Problem(
                self.table.path, row.number, row.columns.get(column, 0), message, row.where, hint
            )
        )

    def run(self, source: str, effective: dt.date | None, until: dt.date | None) -> None:
        references: dict[str, SchemeRow] = {}
        same: dict[tuple[Any, ...], SchemeRow] = {}
        cited = False
        rights: list[DecisionRight | Delegation] = []
        for row in self.table.rows:
            cells = row.cells
            named = cells.get("delegated to committee") or cells.get("delegated to individual", "")
            self.row_layout.append(
                [
                    row.locator,
                    cells.get("theme", ""),
                    row.section,
                    cells.get("financial limit", ""),
                    named,
                    cells.get("decision", ""),
                ]
            )
            reference = cells.get("reference", "")
            if reference:
                if reference in references:
                    first = references[reference]
                    self.problem(
                        row,
                        "reference",
                        f"reference {reference} is also on row {first.number} ({first.where})",
                        "give each row its own reference",
                    )
                    continue
                references[reference] = row
            decision = self.decision(row)
            holder = self.holder(row)
            try:
                low, high = read_limit(cells.get("financial limit", ""))
            except ValueError as exc:
                self.problem(row, "financial limit", str(exc))
                continue
            limit_text = cells.get("financial limit", "")
            if "financial limit" in cells and limit_text not in self.mapping.limits:
                self.mapping.limits[limit_text] = format_band(low, high)
            leads = [
                self.actor(row, "lead officer", t) for t in _split(cells.get("lead officer", ""))
            ]
            if decision is None or holder is None or None in leads:
                continue
            footprint = cells.get("footprint") or (
                holder.footprint
                if isinstance(holder, Body) and holder.footprint
                else self.names.scope.system.id
            )
            key = (decision, holder.id, footprint, low, high)
            if key in same:
                first = same[key]
                self.problem(
                    row,
                    "decision",
                    f"this row gives the same right as row {first.number} ({first.where}): "
                    "same decision, holder and limit",
                    "merge the two rows, or make them differ (limit, holder)",
                )
                continue
            same[key] = row
            reserved = self.is_reserved(row) is True
            basis_text = cells.get("basis") or ("statutory" if reserved else "delegated")
            try:
                basis = Basis(basis_text)
            except ValueError:
                self.problem(
                    row,
                    "basis",
                    f"unknown basis '{basis_text}'",
                    "use " + ", ".join(b.value for b in Basis),
                )
                continue
            right_id = reference if _ID.match(reference) else f"{source}-{slug(row.locator)}"
            delegation = cells.get("delegation") or None
            board = None if reserved else self.board()
            if "delegation" not in self.table.meanings() and board is not None:
                delegation = f"{right_id}-delegation"
            citations = [Citation(source=source, locator=row.locator)]
            clause = cells.get("constitution clause", "")
            if clause:
                cited = True
                citations.append(Citation(source=f"{source}-cited", locator=clause))
            where = Location(
                str(self.table.path), row.number, row.columns.get("decision", 1), sheet=row.where
            )
            self.locations[right_id] = where
            rights.append(
                DecisionRight(
                    id=right_id,
                    holder=holder.id,
                    decision=decision,
                    footprint=footprint,
                    role=Role.DECIDES,
                    basis=basis,
                    value_min=low,
                    value_max=high,
                    conditions=cells.get("comments") or None,
                    delegation=delegation,
                    valid_from=effective,
                    valid_to=until,
                    sources=citations,
                )
            )
            if board is not None and delegation == f"{right_id}-delegation":
                rights.append(  # the scheme is the instrument: the board delegates the row
                    Delegation(
                        id=delegation,
                        delegator=board.id,
                        delegate=holder.id,
                        decisions=[decision],
                        footprint=footprint,
                        value_max=high,
                        limits=limit_text or None,
                        instrument=InstrumentKind.SCHEME_OF_DELEGATION,
                        instrument_ref=row.locator,
                        valid_from=effective,
                        valid_to=until,
                        sources=citations[:1],
                    )
                )
            for lead in leads:
                assert lead is not None
                self.locations[f"{right_id}-lead-{slug(lead.id)}"] = where
                rights.append(
                    DecisionRight(
                        id=f"{right_id}-lead-{slug(lead.id)}",
                        holder=lead.id,
                        decision=decision,
                        footprint=footprint,
                        role=Role.RECOMMENDS,
                        basis=Basis.DELEGATED,
                        value_min=low,
                        value_max=high,
                        valid_from=effective,
                        valid_to=until,
                        sources=citations[:1],
                    )
                )
            self.written += 1
        if self.problems or self.pending:
            return
        title = _title(self.table)
        self.records.append(
            Source(
                id=source,
                title=title,
                date=effective,
                description="Scheme of reservation and delegation read from "
                f"{Path(self.table.path).name} ({', '.join(self.table.where)}) "
                "by icsgov sod import",
            )
        )
        if cited:
            self.records.append(
                Source(
                    id=f"{source}-cited",
                    title=f"Constitution, standing orders and SFIs as cited in {title}",
                )
            )
        self.records += list(self.new_types.values())
        self.records += rights

    def decision(self, row: SchemeRow) -> str | None:
        text = row.cells.get("decision", "")
        if not text:
            self.problem(
                row, "decision", "no decision in this row", "write the decision, or delete the row"
            )
            return None
        entry = self.mapping.decisions.get(text)
        if isinstance(entry, dict) and isinstance(entry.get("new"), dict):
            return self.new_type(row, text, entry["new"])
        if isinstance(entry, str) and entry != TODO:
            if not any(isinstance(e, DecisionType) for e in self.store.find(entry)):
                self.problem(
                    row,
                    "decision",
                    f"the mapping file maps '{text}' to '{entry}', which is no decision type",
                    "give a decision type id, or 'new:' with id, name and theme",
                )
                return None
            return next(e.id for e in self.store.find(entry) if isinstance(e, DecisionType))
        match = self.names.decision(text)
        if match.id:
            if entry is None:
                self.mapping.decisions[text] = match.id
                self.mapping.notes[("decisions", text)] = "matched in the data"
            return match.id
        if entry is None:
            proposed = {"id": slug(text)[:80].rstrip("-"), "name": text, "theme": row.theme}
            self.mapping.decisions[text] = {"new": {k: v for k, v in proposed.items() if v}}
            near = ", ".join(match.suggestions[:3])
            self.mapping.notes[("decisions", text)] = (
                f"row {row.number}: proposed new decision type"
                + (f"; or one of: {near}" if near else "")
            )
            self.changed = True
        self.wait(row, "decision", f"decision '{text}' is not in the data", match.suggestions)
        return None

    def new_type(self, row: SchemeRow, text: str, new: dict[str, Any]) -> str | None:
        type_id = str(new.get("id") or slug(text))
        if any(isinstance(e, DecisionType) and e.id == type_id for e in self.store.find(type_id)):
            self.problem(
                row,
                "decision",
                f"the mapping file proposes a new decision type '{type_id}', which already exists",
                f"map '{text}' to {type_id} instead of 'new:', or give the new type another id",
            )
            return None
        if type_id not in self.new_types:
            try:
                self.new_types[type_id] = DecisionType(
                    id=type_id,
                    name=str(new.get("name") or text),
                    domain=str(new.get("theme") or row.theme) or None,
                )
            except ValueError as exc:
                self.problem(
                    row, "decision", f"the mapping file's new decision type is invalid ({exc})"
                )
                return None
        return type_id

    def is_reserved(self, row: SchemeRow) -> bool | None:
        text = row.cells.get("reserved to board", "")
        word = text.strip().casefold()
        if word in _YES:
            self.yes_no[(True, text.strip())] += 1
            return True
        if word in _NO:
            self.yes_no[(False, text.strip())] += 1
            return False
        self.problem(row, "reserved to board", f"'{text}' is not Y or N", "write Y (reserved) or N")
        return None

    def holder(self, row: SchemeRow) -> Entity | None:
        reserved = self.is_reserved(row)
        if reserved is None:
            return None
        named = [c for c in HOLDER_COLUMNS[1:] if row.cells.get(c)]
        if (reserved and named) or len(named) > 1 or not (reserved or named):
            self.problem(
                row,
                "reserved to board",
                "say exactly one of: reserved to the board (Y), delegated to a committee, "
                "or delegated to an individual",
                "one row per holder: split a row that names two",
            )
            return None
        if reserved:
            board = self.board()
            if board is None:
                self.problem(
                    row,
                    "reserved to board",
                    f"no single board or governing body found for {self.names.scope.system.name}",
                    "name the board in the data",
                )
            return board
        return self.actor(row, named[0], row.cells[named[0]])

    def board(self) -> Body | None:
        system = self.names.scope.system.id
        boards = [
            b
            for b in self.store.entities(Body)
            if b.kind in (BodyKind.BOARD, BodyKind.GOVERNING_BODY)
            and b.footprint == system
            and b.valid_at(self.as_of)
        ]
        return boards[0] if len(boards) == 1 else None

    def actor(self, row: SchemeRow, column: str, text: str) -> Entity | None:
        entry = self.mapping.holders.get(text)
        if entry and entry != TODO:
            found = [e for e in self.names.actors if e.id == entry]
            if found:
                return found[0]
            self.problem(
                row,
                column,
                f"the mapping file maps '{text}' to '{entry}', "
                "which is no organisation, body or post",
                "give the id of one (icsgov sod names --system SYSTEM lists them)",
            )
            return None
        match = self.names.holder(text)
        if match.id:
            if entry is None:
                self.mapping.holders[text] = match.id
                self.mapping.notes[("holders", text)] = f"matched: {match.how}"
            return next(e for e in self.names.actors if e.id == match.id)
        if entry is None:
            self.mapping.holders[text] = TODO
            near = "; ".join(match.suggestions) or "none close: icsgov sod names lists the ids"
            self.mapping.notes[("holders", text)] = f"row {row.number}: suggestions: {near}"
            self.changed = True
        self.wait(
            row, column, f"'{text}' is no organisation, body or post in the data", match.suggestions
        )
        return None

    def wait(self, row: SchemeRow, column: str, message: str, near: list[str]) -> None:
        self.refused.add((row.where, row.number))
        hint = "complete its entry in the mapping file"
        if near:
            hint += "; nearest: " + ", ".join(near[:3])
        self.pending.append(
            Problem(
                self.table.path, row.number, row.columns.get(column, 0), message, row.where, hint
            )
        )


def _rows(count: int, what: str) -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"


def _split(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[;\n]", text) if t.strip()]


def _title(table: SchemeTable) -> str:
    texts = [c for row in table.title for c in row if c]
    return texts[0] if texts else Path(table.path).name


def _layout(
    table: SchemeTable,
    path: Path,
    source: str,
    yes_no: Counter[tuple[bool, str]],
    rows: list[list[str]],
) -> dict[str, Any]:
    def most(flag: bool, default: str) -> str:
        words = [(n, w) for (f, w), n in yes_no.items() if f is flag]
        return max(words)[1] if words else default

    return {
        "file": path.name,
        "source": source,
        "tables": table.where,
        "header_row": table.header_row,
        "title_rows": table.title,
        "columns": [{"heading": c.heading, "means": c.meaning} for c in table.columns],
        "reserved": {"yes": most(True, "Y"), "no": most(False, "N")},
        "sections": "merged"
        if table.merged_sections
        else ("first column" if table.sections or table.headings else ""),
        "rows": rows,
    }
