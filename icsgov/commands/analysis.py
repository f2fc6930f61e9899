"""``web``, ``subsidiarity``, ``check``, ``impact``, ``diff``, ``resourcing``: analysis commands.

Each parses its options, calls one library function in :mod:`icsgov.queries`
and renders the result as a table (or JSON with ``--json``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from icsgov.commands._lint import lint_options
from icsgov.commands._options import (
    as_of_option,
    caveats,
    data_option,
    dated,
    json_option,
    note_caveat,
    open_store,
    parse_date,
    recent_decisions_option,
    show,
    value_option,
)

__all__ = ["COMMANDS"]

_KINDS = (
    "statutory",
    "regulatory",
    "managerial",
    "delegated",
    "contractual",
    "professional",
    "democratic",
    "mutual",
    "informal",
)


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command()
@click.argument("actor")
@click.option(
    "--depth", type=click.IntRange(min=0), default=None, help="Lines to walk (default: all)."
)
@click.option(
    "--kinds",
    multiple=True,
    metavar="KIND[,KIND]",
    help=f"Only these kinds of line: {', '.join(_KINDS)}.",
)
@click.option(
    "--direction",
    type=click.Choice(["up", "down", "both"]),
    default="up",
    show_default=True,
    help="up: whom it answers to; down: who answers to it.",
)
@click.option("--no-derived", is_flag=True, help="Leave out lines derived from delegations.")
@click.option(
    "--within-system",
    is_flag=True,
    help="Do not walk into bodies of other systems than the actor's (national and regional "
    "bodies are kept): --direction both otherwise reaches other systems through them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "dot", "mermaid", "cytoscape", "html", "svg"]),
    help="Export the web in this format instead of a table (html: interactive, offline page).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the export here.")
@recent_decisions_option("of each actor: taken by it or under its rights")
@data_option
@as_of_option
@json_option
def web(
    actor: str,
    depth: int | None,
    kinds: tuple[str, ...],
    direction: str,
    no_derived: bool,
    within_system: bool,
    fmt: str | None,
    output: Path | None,
    recent: int | None,
    data: tuple[Path, ...],
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """The web of accountability around ACTOR (a post, body or organisation).

    Breadth-first over accountability lines, plus lines derived from
    delegations (a delegate answers to its delegator). Example:

        icsgov web "Place A committee" --depth 2 --format mermaid -o web.mmd
    """
    from icsgov.queries.resolve import choose
    from icsgov.queries.web import DIRECTIONS, WebQuery
    from icsgov.queries.web_export import export_web

    query = WebQuery(
        actor,
        direction=choose(direction, DIRECTIONS, "direction"),
        depth=depth,
        kinds=tuple(_split(kinds)),
        derived=not no_derived,
        within_system=within_system,
        as_of=as_of,
        decisions=recent or 0,
    )
    if fmt in ("html", "svg"):  # pictures: icsgov.commands.visual
        from icsgov.commands.visual import write_web_picture

        write_web_picture(open_store(data), query, fmt, output)
        if fmt == "svg":
            note_caveat(as_of)
        return
    result = query.answer(open_store(data))
    if fmt:
        text = export_web(result, fmt)
        if output:
            from icsgov.outputs import write_output

            write_output(output, text)
            click.echo(
                f"Wrote {fmt} ({len(result.nodes)} nodes, {len(result.edges)} lines) to {output}",
                err=True,
            )
        else:
            click.echo(text, nl=False)
        note_caveat(as_of)
        return
    if output:
        raise click.UsageError("-o/--output needs --format")
    from icsgov.queries.tables import Part, web_decisions_table, web_table

    labels = {n.id: n.label for n in result.nodes}
    m = result.metrics
    lines = [
        f"Answers directly to {m.answers_to_count}: "
        + (", ".join(labels.get(a, a) for a in m.answers_to) or "nobody"),
        "Kinds of line: " + (", ".join(f"{k} {v}" for k, v in m.kind_mix.items()) or "none"),
        "Distance to an elected body or the public: not reached"
        if m.distance_to_elected is None
        else f"Distance to an elected body or the public: {m.distance_to_elected} "
        f"({' -> '.join(m.path_to_elected)})",
        "Cycles: " + ("; ".join(" -> ".join(c) for c in m.cycles) or "none"),
    ]
    if m.other_systems:
        lines.append(
            f"In other systems than the actor's ({', '.join(m.home_systems)}): "
            f"{len(m.other_systems)} of {len(result.nodes)}, reached through the bodies they "
            "share; --within-system leaves them out."
        )
    parts: list[Part] = [web_table(result), "", *lines]
    if result.decisions is not None:
        actor = labels[result.actor]
        taken = result.decisions.get(result.actor, [])
        parts.append("")
        if taken:
            heading = f"Decisions taken by {actor} or under its rights (most recent first):"
            parts += [heading, web_decisions_table(taken)]
        else:
            parts.append(f"No logged decision was taken by {actor} or under its rights.")
    if result.illustrative:
        from icsgov.words import ILLUSTRATIVE_NOTE

        parts += ["", ILLUSTRATIVE_NOTE]
    show(dated(result.to_dict(), as_of), [*parts, *caveats(as_of)], as_json)


@click.command()
@click.option("--system", "system", required=True, help="The system (footprint, ICB or name).")
@click.option(
    "--target",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="Share of decisions that should be taken at place or below.",
)
@data_option
@as_of_option
@json_option
def subsidiarity(
    system: str, target: float, data: tuple[Path, ...], as_of: dt.date | None, as_json: bool
) -> None:
    """Where each decision is taken in each place of a system, against its preferred level.

    Exit 1 when a decision is taken above (escalated) or below (too local) its
    preferred level, or the place share is below target. Example:

        icsgov subsidiarity --system "Golden System" --target 0.8
    """
    from icsgov.commands._lint import locate_subsidiarity, locations_of, subsidiarity_lines
    from icsgov.queries.subsidiarity import subsidiarity_report
    from icsgov.queries.tables import subsidiarity_tables

    store = open_store(data)
    report = subsidiarity_report(store, system, target=target, as_of=as_of)
    locations = locations_of(store, data)
    share = "n/a" if report.place_share is None else f"{report.place_share:.0%}"
    verdict = "below target" if report.below_target else "meets target"
    show(
        dated(locate_subsidiarity(report.to_dict(), locations), as_of),
        [
            *(part for t in subsidiarity_tables(report) for part in (t, "")),
            *([note] if (note := report.footnote()) else []),
            *subsidiarity_lines(report, locations),
            *caveats(as_of),
            f"Place share: {share} (target {report.target:.0%}, {verdict})",
            f"Escalated: {len(report.escalated)}; too local: {len(report.too_local)}",
        ],
        as_json,
    )
    if report.has_findings:
        raise SystemExit(1)


@click.command()
@click.option(
    "--rule", "rules", multiple=True, metavar="ID", help="Run only this rule (repeatable)."
)
@click.option(
    "--max-masters",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="GOV030: posts answering to more bodies than this are reported.",
)
@click.option("--list", "list_rules", is_flag=True, help="List the rules and exit.")
@click.option(
    "--shacl",
    is_flag=True,
    help="Instead, validate the data against the SHACL shapes (ontology/shapes.ttl).",
)
@data_option
@as_of_option
@json_option
@lint_options
def check(
    rules: tuple[str, ...],
    max_masters: int,
    list_rules: bool,
    shacl: bool,
    data: tuple[Path, ...],
    as_of: dt.date | None,
    as_json: bool,
    fmt: str | None,
    baseline: Path | None,
    write_baseline: bool,
    fail_on: str,
    files: tuple[Path, ...],
) -> None:
    """Lint the governance: gaps, overlaps, rootless delegations, cycles, representation...

    Each finding names the file, line and column of its record. Suppressed
    findings are listed with their reason. Exit 1 when an unsuppressed,
    unbaselined finding is at least as severe as --fail-on (default error).
    CHANGED_FILES (what pre-commit passes) limit the report to findings about
    records written in them. Examples:

        icsgov check --rule GOV001 --rule GOV010

        icsgov check --data governance/ --format sarif > icsgov.sarif
    """
    from icsgov.commands._lint import locations_of, open_lint_store, report_check
    from icsgov.queries.checks import RULES, run_checks

    if shacl:  # RDF validation: focus node, path, message per violation (icsgov.commands.rdf)
        from icsgov.commands.rdf import report_shacl

        report_shacl(data, as_json)
        return
    if list_rules:
        from icsgov.queries.tables import rules_table

        listed = [RULES[k] for k in sorted(RULES)]
        show([r.to_dict() for r in listed], [rules_table(listed)], as_json)
        return
    if write_baseline and baseline is None:
        raise click.UsageError("--write-baseline needs --baseline FILE (the file to write)")
    if files and not data:
        raise click.UsageError(
            "changed files limit which findings are reported; give the whole data with "
            "--data as well (e.g. --data governance/)"
        )
    store = open_lint_store(data, fmt)
    report = run_checks(
        store,
        rules=_split(rules),
        as_of=as_of,
        max_masters=max_masters,
        locations=locations_of(store, data),
    )
    status = report_check(
        report,
        fmt=fmt or ("json" if as_json else "text"),
        baseline=baseline,
        write_baseline=write_baseline,
        fail_on=fail_on,
        files=files,
        as_of=as_of,
    )
    if status:
        raise SystemExit(status)


@click.command()
@click.option(
    "--remove",
    "remove",
    multiple=True,
    required=True,
    metavar="ID",
    help="Id or name to remove (repeatable).",
)
@value_option
@data_option
@as_of_option
@json_option
def impact(
    remove: tuple[str, ...],
    value: float | None,
    data: tuple[Path, ...],
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """What breaks if a body, post, delegation or organisation is removed.

    Each decision is compared per value band, or only for --value. Example
    (a committee wound up):

        icsgov impact --remove acc-place-b-committee
    """
    from icsgov.queries.impact import impact as impact_of

    report = impact_of(
        open_store(data),
        _split(remove),
        as_of=as_of,
        value=value,
    )
    from icsgov.queries.tables import impact_table
    from icsgov.words import ILLUSTRATIVE_NOTE, marked

    def ids(found: list[str]) -> str:
        return ", ".join(marked(i, i in report.illustrative_records) for i in found)

    also = ids(report.also_removed)
    changed = impact_table(report)
    show(
        dated(report.to_dict(), as_of),
        [
            *([f"Also removed with it: {also}"] if also else []),
            changed if changed.rows else "No decision changes hands.",
            f"Delegations lost: {ids(report.delegations_lost) or 'none'}",
            f"Accountability lines lost: {ids(report.lines_lost) or 'none'}",
            *(["", ILLUSTRATIVE_NOTE] if report.illustrative else []),
            *caveats(as_of),
        ],
        as_json,
    )


@click.command()
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Earlier date (with --to).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Later date (with --from).")
@click.option(
    "--old", "old", type=click.Path(path_type=Path, exists=True), help="Older data (with --new)."
)
@click.option(
    "--new", "new", type=click.Path(path_type=Path, exists=True), help="Newer data (with --old)."
)
@click.option(
    "--git",
    "revisions",
    metavar="OLD..NEW",
    help="Two git revisions of the --data files (e.g. main..HEAD): what changes in who "
    "decides what.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default=None,
    help="With --git: text (default), json, or markdown (a comment for reviewers).",
)
@click.option(
    "--include-planned",
    is_flag=True,
    help="With --from/--to: apply the announced changes not yet in force (compare today with "
    "the planned state); the changes applied are listed.",
)
@data_option
@as_of_option
@json_option
def diff(
    date_from: str | None,
    date_to: str | None,
    old: Path | None,
    new: Path | None,
    revisions: str | None,
    fmt: str | None,
    include_planned: bool,
    data: tuple[Path, ...],
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Rights, delegations and accountability lines added, removed or changed.

    Either the same data at two dates, two data folders, or two git revisions
    of the --data files (then also who decides what, before and after, for a
    reviewer; --format markdown gives a comment to post). Examples:

        icsgov diff --from 2022-06-30 --to 2022-07-01

        icsgov diff --old data-2023/ --new data-2024/

        icsgov diff --git main..HEAD --data governance/ --format markdown

        icsgov diff --from 2026-12-02 --to 2027-06-01 --include-planned
    """
    from icsgov.queries.diff import diff_dates, diff_stores

    if revisions is not None:
        if date_from or date_to or old or new or include_planned:
            raise click.UsageError(
                "--git compares two revisions; leave out --from/--to/--old/--new/--include-planned"
            )
        from icsgov.commands._git_diff import report_git_diff

        report_git_diff(revisions, data, as_of, fmt or ("json" if as_json else "text"))
        return
    by_dates = date_from is not None or date_to is not None
    by_data = old is not None or new is not None
    if (
        by_dates == by_data
        or (by_dates and not (date_from and date_to))
        or (by_data and not (old and new))
    ):
        raise click.UsageError("give either --from DATE --to DATE, or --old PATH --new PATH")
    if include_planned and not by_dates:
        raise click.UsageError("--include-planned goes with --from DATE --to DATE")
    planned: list[dict[str, str]] = []
    days: tuple[dt.date, ...] = ()
    if by_dates:
        start, end = parse_date(date_from), parse_date(date_to)
        assert start is not None and end is not None
        store = open_store(data)
        if include_planned:
            from icsgov.graph.memory import MemoryStore
            from icsgov.queries.planned import planned_view

            view, applied = planned_view(store.governance)
            store = MemoryStore(view)
            planned = [
                {"id": c.id, "date": c.date.isoformat(), "status": c.status.value, "name": c.name}
                for c in applied
            ]
        report = diff_dates(store, start, end)
        days = (start, end)
    else:
        assert old is not None and new is not None
        report = diff_stores(open_store((old,)), open_store((new,)), str(old), str(new))
    from icsgov.queries.tables import record_changes_table
    from icsgov.words import ILLUSTRATIVE_NOTE

    changes = record_changes_table(report)
    notes = caveats(*days) if days else []
    payload = {**report.to_dict(), **({"planned_changes": planned} if include_planned else {})}
    show(
        dated(payload, *days) if days else payload,
        [
            *(
                f"Applied as planned ({change['status'].upper()}, not in force): "
                f"{change['date']} {change['name']} [{change['id']}]"
                for change in planned
            ),
            changes if changes.rows else f"No differences between {report.old} and {report.new}.",
            *(["", ILLUSTRATIVE_NOTE] if report.illustrative else []),
            *notes,
        ],
        as_json,
    )


@click.command()
@click.option("--system", "system", required=True, help="The system (footprint, ICB or name).")
@data_option
@as_of_option
@json_option
def resourcing(system: str, data: tuple[Path, ...], as_of: dt.date | None, as_json: bool) -> None:
    """Who funds the engine room and programmes: recurrent or not, cash or in kind.

    Flags a recipient fragile when more than half its funding is
    non-recurrent. Example:

        icsgov resourcing --system "Golden System"
    """
    from icsgov.queries.resourcing import resourcing_report

    report = resourcing_report(open_store(data), system, as_of=as_of)
    from icsgov.queries.tables import resourcing_tables
    from icsgov.words import ILLUSTRATIVE_NOTE

    flows, shares = resourcing_tables(report)
    note = ["", ILLUSTRATIVE_NOTE] if report.illustrative else []
    show(dated(report.to_dict(), as_of), [flows, "", shares, *note, *caveats(as_of)], as_json)


COMMANDS: list[click.Command] = [web, subsidiarity, check, impact, diff, resourcing]
