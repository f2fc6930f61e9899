"""``who-decides``, ``matrix``, ``sod``, ``import-matrix`` and ``fdm``: decision rights in and out.

Each command parses its arguments, calls one function in :mod:`icsgov.queries`
and renders the result; the rules live in the library.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import (
    as_of_option,
    caveats,
    data_option,
    date_callback,
    dated,
    emit_json,
    json_option,
    json_text,
    note_caveat,
    open_store,
    recent_decisions_option,
    show,
)

if TYPE_CHECKING:
    from icsgov.graph.store import GraphStore
    from icsgov.queries.audit import Judgement
    from icsgov.queries.tables import Part
    from icsgov.queries.who_decides import Answer

__all__ = ["COMMANDS"]


def _money(_ctx: click.Context, _param: click.Parameter, value: str | None) -> float | None:
    from icsgov.ontology.money import parse_money

    if value is None:
        return None
    try:
        return parse_money(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("who-decides")
@click.argument("decision")
@click.option("--at", "at", required=True, help="Place, system, organisation or code.")
@click.option("--value", callback=_money, help="Value in pounds: 2500000, 2.5m, £2.5m or 250k.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "mermaid", "dot"]),
    help="Draw the delegation chain instead (svg needs Graphviz).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@recent_decisions_option("taken under the rights reported")
@as_of_option
@json_option
@data_option
def who_decides_command(
    decision: str,
    at: str,
    value: float | None,
    fmt: str | None,
    output: Path | None,
    recent: int | None,
    as_of: dt.date | None,
    as_json: bool,
    data: tuple[Path, ...],
) -> None:
    """Who decides DECISION at a place, for a value, on a date, and on what authority.

    Exit 0 with an answer, 1 when the answer is ambiguous or nobody is
    recorded as deciding (a finding), 2 for unknown names. Example:

        icsgov who-decides "approve a capital scheme" --at "Forest of Dean" --value 2.5m
    """
    from icsgov.queries.who_decides import who_decides

    store = open_store(data)
    answer = who_decides(store, decision, at, value=value, as_of=as_of)
    taken = _taken_under(store, answer, recent) if recent else None
    if fmt:  # a picture of the chain: icsgov.render.diagrams
        from icsgov.render.diagrams import chain_diagram

        _write(chain_diagram(answer, fmt), output)
        note_caveat(as_of)
    else:
        payload = answer.to_dict()
        if taken is not None:
            from dataclasses import asdict

            payload["decisions_taken"] = [asdict(j) for j in taken]
        show(payload, [*_answer_parts(answer), *_taken_parts(taken)], as_json)
    if answer.ambiguous or not answer.found:
        raise SystemExit(1)


def _taken_under(store: GraphStore, answer: Answer, limit: int) -> list[Judgement]:
    from icsgov.queries.audit import decisions_under

    rights = [h.right for h in [*answer.decides, *answer.de_jure]]
    return decisions_under(store, rights, answer.answered_for, limit, until=answer.as_of)


def _taken_parts(taken: list[Judgement] | None) -> list[Part]:
    from icsgov.queries.audit import AuditReport
    from icsgov.queries.tables import audit_tables

    if taken is None:
        return []
    if not taken:
        return ["No logged decision was taken under these rights."]
    return [
        "Decisions taken under these rights (most recent first):",
        audit_tables(AuditReport(0, taken, []))[1],
    ]


def _answer_parts(answer: Answer) -> list[Part]:
    from icsgov.queries.tables import sources_table, who_decides_tables

    parts: list[Part] = [answer.summary, ""]
    for t in who_decides_tables(answer):
        parts += [t, ""]
    parts += [f"! {warning}" for warning in answer.warnings]
    if answer.warnings:
        parts.append("")
    if answer.sources:
        parts.append(sources_table(answer.sources))
    return parts


def _write(payload: str | bytes, output: Path | None) -> None:
    """Send text or bytes to ``output``, or text to stdout (bytes need a file)."""
    if output is None:
        if isinstance(payload, bytes):
            raise click.UsageError("xlsx is a binary format: give -o FILE.xlsx")
        click.echo(payload, nl=not payload.endswith("\n"))
        return
    from icsgov.outputs import write_output

    write_output(output, payload)
    click.echo(f"Wrote {output}", err=True)


_output = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
_system = click.option("--system", required=True, help="The system (name, id, code or ICB).")


@click.command()
@_system
@click.option("--by", type=click.Choice(["level", "body"]), default="level", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "md", "xlsx", "html", "json"]),
    default="table",
    show_default=True,
)
@_output
@as_of_option
@data_option
def matrix(
    system: str,
    by: str,
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    data: tuple[Path, ...],
) -> None:
    """The decision matrix of a system: decision types by level or body, D A T R C I in cells.

    D decides, A agrees (veto), T ratifies, R recommends, C consulted,
    I informed; * marks a de-facto right. Example:

        icsgov matrix --system Gloucestershire --by body --format xlsx -o matrix.xlsx
    """
    from icsgov.queries.matrix import BY, decision_matrix
    from icsgov.queries.matrix_formats import render
    from icsgov.queries.resolve import choose

    built = decision_matrix(open_store(data), system, by=choose(by, BY, "by"), as_of=as_of)
    _write(render(built, fmt), output)
    if fmt in ("csv", "xlsx"):  # their cells carry the †; a footnote row would not read back
        for note in built.notes():
            click.echo(note, err=True)


@click.group()
def sod() -> None:
    """Scheme of reservation and delegation: export from the graph, import from a spreadsheet.

    Example:

        icsgov sod export --system Gloucestershire --format xlsx -o sord.xlsx
    """


_mapping = click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The mapping file (default: beside the document, NAME.mapping.yaml).",
)


@sod.command("export")
@_system
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Write in the layout of the document this mapping file was made from.",
)
@_output
@as_of_option
@data_option
def sod_export(
    system: str,
    fmt: str,
    mapping: Path | None,
    output: Path | None,
    as_of: dt.date | None,
    data: tuple[Path, ...],
) -> None:
    """Write a system's scheme of reservation and delegation (one row per decides right).

    With --mapping (written by 'sod import'), the scheme comes back in the
    document's own headings, names, themes, section rows and row order.
    Example:

        icsgov sod export --system Gloucestershire --format xlsx -o sord.xlsx
    """
    from icsgov.queries.scheme import scheme_grid, sord_rows, write_grid, write_sord

    store = open_store(data)
    if mapping is None:
        _write(write_sord(sord_rows(store, system, as_of), fmt), output)
    else:
        from icsgov.queries.scheme_import import load_mapping

        grid, merges = scheme_grid(store, system, load_mapping(mapping), as_of)
        _write(write_grid(grid, fmt, merges), output)
    note_caveat(as_of)  # on stderr: a note row would not read back as a scheme row


@sod.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_system
@click.option("--sheet", help="The worksheet (or 'table 2' of a Word file) holding the scheme.")
@_mapping
@click.option(
    "--effective",
    metavar="YYYY-MM-DD",
    callback=date_callback,
    help="The date this version of the scheme took effect (its rights start then).",
)
@click.option(
    "--until", metavar="YYYY-MM-DD", callback=date_callback, help="The last day it applied."
)
@click.option(
    "--supersedes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Rights YAML of the earlier version: its open rights end the day before --effective.",
)
@click.option("--source-id", help="Id of the Source record for this document.")
@_output
@as_of_option
@data_option
def sod_import(
    path: Path,
    system: str,
    sheet: str | None,
    mapping: Path | None,
    effective: dt.date | None,
    until: dt.date | None,
    supersedes: Path | None,
    source_id: str | None,
    output: Path | None,
    as_of: dt.date | None,
    data: tuple[Path, ...],
) -> None:
    """Read a scheme of delegation (XLSX, CSV, Word .docx or PDF) into decision-right records.

    Every row becomes a right or is refused with its sheet, row and column;
    a summary says rows read = rights written + rows refused. Names not in
    the data go to a mapping file to complete; run again to import. Any
    problem exits 2 and writes no records. Example:

        icsgov sod import sord-2025.xlsx --system Glos --effective 2025-04-01 -o sord-2025.yaml
    """
    from icsgov.errors import InputError
    from icsgov.loaders.yaml_records import dump_records
    from icsgov.queries.scheme_import import import_scheme, load_mapping

    if supersedes is not None and effective is None:
        raise click.UsageError("--supersedes needs --effective (the day the new version starts)")
    mapping_path = mapping or path.with_suffix(".mapping.yaml")
    given = load_mapping(mapping_path) if mapping_path.exists() else None
    result = import_scheme(
        path,
        open_store(data),
        system,
        as_of,
        sheet=sheet,
        mapping=given,
        effective=effective,
        until=until,
        source_id=source_id,
    )
    if supersedes is not None:
        result.mapping.scheme["supersedes"] = _scheme_source(supersedes)
    text = result.mapping.dump()
    if given is None or result.mapping_changed or given.scheme != result.mapping.scheme:
        _atomic_write(mapping_path, text)
        click.echo(f"Wrote the mapping file {mapping_path}", err=True)
    if result.problems or result.pending:
        summary = result.summary
        if result.pending:
            summary += (
                f"\n{len(result.pending)} name(s) not in the data: complete their entries in "
                f"{mapping_path} (TODO: an id; proposed decision types: review), then run again"
            )
        raise InputError(result.problems + result.pending, summary)
    click.echo(result.summary, err=True)
    records = dump_records(result.records, f"Decision rights read from {path.name}")
    if supersedes is not None:
        assert effective is not None
        _atomic_write(supersedes, _end_rights(supersedes, effective))
        click.echo(
            f"Ended the open rights in {supersedes} on {effective - dt.timedelta(days=1)}", err=True
        )
    _write(records, output)


@sod.command("names")
@_system
@as_of_option
@data_option
def sod_names(system: str, as_of: dt.date | None, data: tuple[Path, ...]) -> None:
    """List the ids and names a mapping file can use: holders in the system, then decision types.

    Example:

        icsgov sod names --system Gloucestershire
    """
    from icsgov.queries.scheme_names import Names
    from icsgov.queries.tables import scheme_names_tables

    names = Names(open_store(data), system, as_of)
    holders, types = scheme_names_tables(names)
    parts: list[Part] = [f"Holders in {names.scope.system.name}:", "", holders, ""]
    show(None, [*parts, "Decision types:", "", types, *caveats(as_of)])


@sod.command("diff")
@_system
@click.option("--from", "start", required=True, metavar="YYYY-MM-DD", callback=date_callback)
@click.option("--to", "end", required=True, metavar="YYYY-MM-DD", callback=date_callback)
@json_option
@data_option
def sod_diff(
    system: str, start: dt.date, end: dt.date, as_json: bool, data: tuple[Path, ...]
) -> None:
    """What changed in the scheme between two dates: added, removed, moved, limits changed.

    Import each version with --effective, then compare a day in each. Example:

        icsgov sod diff --system Glos --from 2026-03-31 --to 2026-04-01 --data rights/
    """
    from icsgov.queries.scheme_diff import diff_scheme
    from icsgov.queries.tables import scheme_changes_table

    changes = diff_scheme(open_store(data), system, start, end)
    parts: list[Part] = (
        [f"Scheme of delegation of {system}: {start} -> {end}", "", scheme_changes_table(changes)]
        if changes
        else [f"No change in the scheme between {start} and {end}."]
    )
    answer = {"system": system, "from": start, "to": end, "changes": [c.to_dict() for c in changes]}
    show(dated(answer, start, end), [*parts, *caveats(start, end)], as_json)


def _atomic_write(path: Path, text: str) -> None:
    """Write all of ``text`` or leave ``path`` as it was (the one -o helper)."""
    from icsgov.outputs import write_output

    write_output(path, text)


def _scheme_source(path: Path) -> str:
    """The id of the scheme document an earlier import's YAML cites (its first Source)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sources = [str(s["id"]) for s in data.get("sources", [])]
    except (yaml.YAMLError, UnicodeDecodeError, AttributeError, KeyError, TypeError):
        sources = []
    return next((s for s in sources if not s.endswith("-cited")), "")


def _end_rights(path: Path, effective: dt.date) -> str:
    """The earlier version's YAML with every right and delegation still open ended before it."""
    import yaml

    from icsgov.errors import InputError, Problem

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise InputError([Problem(str(path), 0, 0, "not a rights YAML file")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("decision_rights"), list):
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "no decision_rights in it",
                    hint="give the earlier import's output",
                )
            ]
        )
    last = (effective - dt.timedelta(days=1)).isoformat()
    for record in [*data["decision_rights"], *(data.get("delegations") or [])]:
        end = record.get("valid_to")
        if end is None or str(end) > last:
            record["valid_to"] = last
    head = f"# Superseded from {effective.isoformat()} by a later version of the scheme.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


@click.command("import-matrix")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--basis",
    type=click.Choice(["statutory", "delegated", "agreed", "contractual", "de_facto"]),
    default="agreed",
    show_default=True,
    help="Basis recorded for rights not marked de facto (*).",
)
@_output
@data_option
def import_matrix(path: Path, basis: str, output: Path | None, data: tuple[Path, ...]) -> None:
    """Read a decision matrix (CSV/XLSX, the by-body layout 'matrix' writes) into YAML records.

    Every holder, footprint and decision id must be in the data (--data);
    an unknown one exits 2 at its row and column. Example:

        icsgov import-matrix matrix.csv -o rights.yaml
    """
    from icsgov.loaders.matrix_sheet import read_matrix
    from icsgov.loaders.yaml_records import dump_records
    from icsgov.ontology.model import Basis

    rights = read_matrix(path, Basis(basis), open_store(data).governance)
    _write(dump_records(rights, f"Decision rights read from {path.name}"), output)


@click.command()
@_system
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "md", "json", "svg", "mermaid", "dot"]),
    default="table",
    show_default=True,
)
@_output
@as_of_option
@data_option
def fdm(
    system: str, fmt: str, output: Path | None, as_of: dt.date | None, data: tuple[Path, ...]
) -> None:
    """Functions and decisions map: which part of the system takes which decision.

    Includes powers delegated into the system (e.g. from NHS England). Example:

        icsgov fdm --system Gloucestershire --format md
    """
    from icsgov.queries.fdm import functions_and_decisions

    found = functions_and_decisions(open_store(data), system, as_of)
    if fmt in ("svg", "mermaid", "dot"):  # a picture: icsgov.render.diagrams
        from icsgov.render.diagrams import fdm_diagram

        _write(fdm_diagram(found, fmt), output)
        note_caveat(as_of)
        return
    if fmt == "json":
        if output:
            _write(json_text(dated(found.to_dict(), as_of)) + "\n", output)
        else:
            emit_json(dated(found.to_dict(), as_of))
        return
    from icsgov.queries.tables import fdm_table, markdown_table, text

    table = fdm_table(found)
    if fmt == "md":
        text_out = f"# {table.title}\n\n{markdown_table(table)}"
    else:
        text_out = f"{text([table.title, '', table])}\n"
    if any(e.illustrative for e in found.entries):
        from icsgov.words import ILLUSTRATIVE_NOTE

        text_out += f"\n{ILLUSTRATIVE_NOTE}\n"
    text_out += "".join(f"\n{note}\n" for note in caveats(as_of))
    _write(text_out, output)


COMMANDS: list[click.Command] = [who_decides_command, matrix, sod, import_matrix, fdm]
