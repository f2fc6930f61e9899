"""``icsgov audit``: logged decisions checked against the authority in force on their dates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import data_option, json_option, open_store, show
from icsgov.words import counted

if TYPE_CHECKING:
    from icsgov.queries.audit import AuditReport
    from icsgov.queries.tables import Part


@click.command()
@click.option(
    "--log",
    "logs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A decision log to audit (.csv or .xlsx; repeatable). Default: the decision_log "
    "section of the data.",
)
@click.option(
    "--ratify-within",
    type=click.IntRange(min=0),
    default=90,
    show_default=True,
    metavar="DAYS",
    help="AUD007: days within which a de-facto decision must be formally ratified.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help="csv or xlsx: every decision's verdict, one row per finding (xlsx needs -o).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the export here.")
@click.option("--all", "show_all", is_flag=True, help="Also list every decision's verdict.")
@data_option
@json_option
def audit(
    logs: tuple[Path, ...],
    ratify_within: int,
    fmt: str,
    output: Path | None,
    show_all: bool,
    data: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Was each logged decision taken by a body entitled to take it, within its limits, that day?

    Each decision in the log is checked against the authority in force on
    its own date, by the same walk as who-decides: holder or valid
    delegate, value band and delegation limit, the body and delegation in
    force, the level, ratification of de-facto decisions, and members
    present with a declared interest in the counterparty. Exit 1 when
    anything is found. Examples:

        icsgov audit

        icsgov audit --data my-ics/ --log decisions-2025.xlsx --format xlsx -o audit.xlsx
    """
    from icsgov.queries.audit import audit as run_audit

    store = open_store(data)
    log = None
    if logs:
        from icsgov.loaders.decision_log import read_decision_log

        log = [d for path in logs for d in read_decision_log(path, store.governance)]
    report = run_audit(store, log, ratify_within=ratify_within)
    fmt = "json" if as_json else fmt
    if fmt in ("csv", "xlsx"):
        _export(report, fmt, output)
    else:
        show(report.to_dict(), _parts(report, show_all), fmt == "json")
    if report.has_findings:
        raise SystemExit(1)


def _export(report: AuditReport, fmt: str, output: Path | None) -> None:
    from icsgov.queries.audit_formats import write_audit

    payload = write_audit(report, fmt)
    if output is not None:
        from icsgov.outputs import write_output

        write_output(output, payload)
        click.echo(
            f"Wrote {counted(len(report.decisions), 'decision')} and "
            f"{counted(len(report.findings), 'finding')} to {output}",
            err=True,
        )
    elif isinstance(payload, bytes):
        raise click.UsageError("xlsx is a binary format: give -o FILE.xlsx")
    else:
        click.echo(payload, nl=False)


def _parts(report: AuditReport, show_all: bool) -> list[Part]:
    from icsgov.queries.tables import audit_tables

    findings, decisions = audit_tables(report)
    parts: list[Part] = []
    if findings.rows:
        brief = [c for c in findings.headers if c not in ("sources", "reference", "delegation")]
        parts += [findings.columns(*brief), ""]
    if show_all:
        parts += [decisions, ""]
    verdicts = [j.verdict for j in report.decisions]
    parts.append(
        f"{counted(len(verdicts), 'logged decision')}: {verdicts.count('ok')} ok, "
        f"{verdicts.count('findings')} with findings, "
        f"{counted(verdicts.count('ratification'), 'ratification')}, "
        f"{verdicts.count('noted')} noted; {counted(len(report.findings), 'finding')}."
    )
    if any(f.illustrative for f in report.findings):
        parts.append(
            "Findings marked 'yes' under illustrative rest on records marked illustrative."
        )
    caveats = sorted({j.caveat for j in report.decisions if j.caveat})
    return parts + [f"Note: {caveat}" for caveat in caveats]


COMMANDS: list[click.Command] = [audit]
