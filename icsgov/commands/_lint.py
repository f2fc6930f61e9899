"""How ``icsgov check`` behaves like the linters CI already runs.

Formats (text, JSON, SARIF, GitHub annotations, JUnit), ``--baseline`` (an
accepted set of findings), ``--fail-on`` (the least severe finding that
fails), and changed files (what pre-commit passes: only findings about
records written in those files are reported).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from icsgov.commands._options import caveats, dated, show
from icsgov.words import counted

if TYPE_CHECKING:
    from icsgov.graph.store import GraphStore
    from icsgov.ontology.governance import Location
    from icsgov.queries.checks import CheckReport
    from icsgov.queries.subsidiarity import SubsidiarityReport
    from icsgov.queries.tables import Part

__all__ = [
    "FORMATS",
    "lint_options",
    "locate_subsidiarity",
    "locations_of",
    "open_lint_store",
    "report_check",
    "subsidiarity_lines",
]

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json", "sarif", "github", "junit")


def lint_options(func: F) -> F:
    """``--format``, ``--baseline``, ``--write-baseline``, ``--fail-on`` and changed FILES."""
    func = click.argument(
        "files", nargs=-1, type=click.Path(path_type=Path), metavar="[CHANGED_FILES]..."
    )(func)
    func = click.option(
        "--fail-on",
        type=click.Choice(["error", "warning"]),
        default="error",
        show_default=True,
        help="The least severe finding that makes the exit status 1.",
    )(func)
    func = click.option(
        "--write-baseline",
        is_flag=True,
        help="With --baseline: write the file with today's findings (they then pass).",
    )(func)
    func = click.option(
        "--baseline",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help="Accepted findings (written with --write-baseline): they still show, but do not fail.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output: text (default), json, sarif (SARIF 2.1.0), github (workflow "
        "annotations) or junit (JUnit XML).",
    )(func)


def locations_of(store: GraphStore, data: Sequence[Path]) -> dict[str, Location]:
    """Where each record of the data was written, whichever store answers.

    The memory store keeps the loaded description, locations included; an
    rdf store built from ``--data`` holds triples, so the same files are
    read again (a cache hit). A server store (Neo4j, a SPARQL endpoint, an
    Oxigraph folder) was loaded from files this run never saw: no locations.
    """
    from icsgov.commands._options import STORE_KEY
    from icsgov.graph.memory import MemoryStore
    from icsgov.queries.scheme_documents import load
    from icsgov.queries.select import store_spec

    if isinstance(store, MemoryStore):
        return store.governance.locations
    ctx = click.get_current_context(silent=True)
    spec = store_spec(ctx.meta.get(STORE_KEY) if ctx is not None else None)
    return load(data).locations if spec in ("memory", "rdf") else {}


def open_lint_store(data: Sequence[Path], fmt: str | None) -> GraphStore:
    """The store for ``check``; with ``--format github``, bad input is also annotated.

    A CI job reading annotations then shows each problem on its line, as it
    shows findings; the error and exit status 2 are as for any command.
    """
    from icsgov.commands._options import open_store
    from icsgov.errors import InputError
    from icsgov.queries.checks.ci_formats import problem_annotations

    try:
        return open_store(tuple(data))
    except InputError as exc:
        if fmt == "github":
            click.echo(problem_annotations(exc.problems))
        raise


def _in_files(report: CheckReport, files: Sequence[Path]) -> CheckReport:
    """Only the findings about records written in ``files`` (compared as resolved paths)."""
    from dataclasses import replace

    wanted = {os.path.realpath(f) for f in files}
    kept = [
        f
        for f in report.findings
        if any(os.path.realpath(loc.file) in wanted for _id, loc in f.locations)
    ]
    return replace(report, findings=kept)


def report_check(
    report: CheckReport,
    *,
    fmt: str,
    baseline: Path | None,
    write_baseline: bool,
    fail_on: str,
    files: Sequence[Path],
    as_of: dt.date | None = None,
) -> int:
    """Print the report in ``fmt`` and return the exit status (1 when a finding fails)."""
    from dataclasses import replace

    from icsgov._version import __version__
    from icsgov.queries.checks import baseline as accepted_findings
    from icsgov.queries.checks.ci_formats import fails, github_annotations, junit_xml, sarif_log

    if files:
        report = _in_files(report, files)
    if baseline is not None and not write_baseline and not baseline.exists():
        # never written silently: in CI that would accept every finding of the run
        raise click.UsageError(
            f"the baseline {baseline} does not exist; write it once with "
            f"--baseline {baseline} --write-baseline and commit it"
        )
    if baseline is not None and write_baseline:
        accepted = accepted_findings.write_baseline(baseline, report.findings)
        click.echo(
            f"Baseline written to {baseline}: {counted(len(accepted), 'finding')} accepted. "
            "Commit it; from now on only new findings fail.",
            err=True,
        )
        report = replace(
            report, findings=accepted_findings.apply_baseline(report.findings, accepted)
        )
    elif baseline is not None:
        known = accepted_findings.read_baseline(baseline)
        report = replace(report, findings=accepted_findings.apply_baseline(report.findings, known))
    failing = [f for f in report.findings if fails(f, fail_on)]
    notes = dated({}, as_of).get("caveats", [])  # the date checked, outside the data
    if fmt in ("json", "text"):
        show(
            dated({**report.to_dict(), "fail_on": fail_on, "failing": len(failing)}, as_of),
            [*_text(report, fail_on, len(failing)), *caveats(as_of)],
            fmt == "json",
        )
    elif fmt == "sarif":
        log = sarif_log(report, str(__version__), notes)
        click.echo(json.dumps(log, indent=2, ensure_ascii=False))
    elif fmt == "github":
        text = github_annotations(report, fail_on, notes)
        if text:
            click.echo(text)
    elif fmt == "junit":
        click.echo(junit_xml(report, fail_on, notes))
    return 1 if failing else 0


def _text(report: CheckReport, fail_on: str, failing: int) -> list[Part]:
    from icsgov.queries.tables import check_tables

    parts: list[Part] = [part for t in check_tables(report) if t.rows for part in (t, "")]
    parts.append(report.summary())
    if note := report.footnote():
        parts.append(note)
    if failing and fail_on == "warning":
        parts.append(f"{counted(failing, 'finding')} at warning or above (--fail-on warning).")
    return parts


def locate_subsidiarity(data: dict[str, Any], locations: dict[str, Location]) -> dict[str, Any]:
    """The subsidiarity JSON with ``locations`` (of its decides rights) on every decision row."""
    for key in ("decisions", "escalated", "too_local"):
        for row in data.get(key, []):
            row["locations"] = [
                {"record": r, **locations[r].to_dict()} for r in row["rights"] if r in locations
            ]
    return data


def subsidiarity_lines(report: SubsidiarityReport, locations: dict[str, Location]) -> list[str]:
    """One linter-style line per escalated or too-local decision: where its right is written."""
    lines = []
    for row in [*report.escalated, *report.too_local]:
        where = next((locations[r] for r in row.rights if r in locations), None)
        what = "escalated" if row.finding == "escalated" else "too local"
        band = "" if row.band == "any value" else f" ({row.band})"
        shown = where.shown() if where else report.system
        lines.append(
            f"{shown}: {what}: '{row.decision}'{band} for {row.place} is decided "
            f"at {row.level} level, preferred {row.preferred_level} "
            f"(right {', '.join(row.rights)})"
        )
    return lines
