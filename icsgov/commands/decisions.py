"""``who-decides``, ``matrix``, ``sod``, ``import-matrix`` and ``fdm``: decision rights in and out.

Each command parses its arguments, calls one function in :mod:`icsgov.queries`
and renders the result; the rules live in the library.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import as_of_option, data_option, emit_json, json_option, open_store
from icsgov.commands._render import table

if TYPE_CHECKING:
    from icsgov.queries.who_decides import Answer

__all__ = ["COMMANDS"]


def _money(_ctx: click.Context, _param: click.Parameter, value: str | None) -> float | None:
    from icsgov.queries.money import parse_money

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
@as_of_option
@json_option
@data_option
def who_decides_command(
    decision: str,
    at: str,
    value: float | None,
    fmt: str | None,
    output: Path | None,
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

    answer = who_decides(open_store(data), decision, at, value=value, as_of=as_of)
    if fmt:  # a picture of the chain: icsgov.render.diagrams
        from icsgov.render.diagrams import chain_diagram

        _write(chain_diagram(answer, fmt), output)
    elif as_json:
        emit_json(answer.to_dict())
    else:
        click.echo(_render_answer(answer))
    if answer.ambiguous or not answer.found:
        raise SystemExit(1)


def _render_answer(answer: Answer) -> str:
    from icsgov.queries.tables import sources_table, who_decides_tables

    out = [answer.summary, ""]
    for t in who_decides_tables(answer):
        out += [table(t.headers, t.rows), ""]
    for warning in answer.warnings:
        out.append(f"! {warning}")
    if answer.warnings:
        out.append("")
    if answer.sources:
        t = sources_table(answer.sources)
        out.append(table(t.headers, t.rows))
    return "\n".join(out).rstrip()


def _write(payload: str | bytes, output: Path | None) -> None:
    """Send text or bytes to ``output``, or text to stdout (bytes need a file)."""
    if output is None:
        if isinstance(payload, bytes):
            raise click.UsageError("xlsx is a binary format: give -o FILE.xlsx")
        click.echo(payload, nl=not payload.endswith("\n"))
        return
    if isinstance(payload, bytes):
        output.write_bytes(payload)
    else:
        output.write_text(payload, encoding="utf-8")
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
    from icsgov.queries.matrix import decision_matrix
    from icsgov.queries.matrix_formats import render

    built = decision_matrix(open_store(data), system, by=by, as_of=as_of)  # type: ignore[arg-type]
    _write(render(built, fmt), output)


@click.group()
def sod() -> None:
    """Scheme of reservation and delegation: export from the graph, import from a spreadsheet.

    Example:

        icsgov sod export --system Gloucestershire --format xlsx -o sord.xlsx
    """


@sod.command("export")
@_system
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@_output
@as_of_option
@data_option
def sod_export(
    system: str, fmt: str, output: Path | None, as_of: dt.date | None, data: tuple[Path, ...]
) -> None:
    """Write a system's scheme of reservation and delegation (one row per decides right).

    Example:

        icsgov sod export --system Gloucestershire --format xlsx -o sord.xlsx
    """
    from icsgov.queries.scheme import sord_rows, write_sord

    _write(write_sord(sord_rows(open_store(data), system, as_of), fmt), output)


@sod.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_system
@_output
@as_of_option
@data_option
def sod_import(
    path: Path, system: str, output: Path | None, as_of: dt.date | None, data: tuple[Path, ...]
) -> None:
    """Read a scheme of delegation (CSV or XLSX) into decision-right YAML records.

    Names are resolved against the data; any problem (missing column, blank
    row, merged cell, formula, unknown name) exits 2 with its row and column
    and nothing is written. Example:

        icsgov sod import sord.xlsx --system Gloucestershire -o rights.yaml
    """
    from icsgov.loaders.yaml_records import dump_records
    from icsgov.queries.scheme import read_sord

    rights = read_sord(path, open_store(data), system, as_of)
    _write(dump_records(rights, f"Decision rights read from {path.name}"), output)


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
def import_matrix(path: Path, basis: str, output: Path | None) -> None:
    """Read a decision matrix (CSV/XLSX, the by-body layout 'matrix' writes) into YAML records.

    Example:

        icsgov import-matrix matrix.csv -o rights.yaml
    """
    from icsgov.loaders.matrix_sheet import read_matrix
    from icsgov.loaders.yaml_records import dump_records
    from icsgov.ontology.model import Basis

    rights = read_matrix(path, Basis(basis))
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
        return
    if output:
        raise click.UsageError("-o/--output is for svg, mermaid and dot")
    if fmt == "json":
        emit_json(found.to_dict())
        return
    headers = ["part of the system", "level", "decision", "basis", "value", "delegated from"]
    rows = [
        [
            e.part_name,
            e.level,
            e.decision_name,
            e.basis.replace("_", "-"),
            e.band,
            (e.delegated_from_name or "")
            + (" (from outside the system)" if e.from_outside else "")
            + (f", {e.instrument}" if e.instrument else ""),
        ]
        for e in found.entries
    ]
    if fmt == "md":
        click.echo(f"# Functions and decisions map: {found.system_name}\n")
        click.echo("| " + " | ".join(headers) + " |")
        click.echo("|" + "---|" * len(headers))
        for row in rows:
            click.echo("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
        return
    click.echo(f"Functions and decisions map: {found.system_name}\n")
    click.echo(table(headers, rows))


COMMANDS: list[click.Command] = [who_decides_command, matrix, sod, import_matrix, fdm]
