"""``where`` and ``overlaps``: questions about the real NHS structure from reference data."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import (
    as_of_option,
    caveats,
    dated,
    json_option,
    remember_data,
    show,
)

if TYPE_CHECKING:
    from icsgov.ontology.governance import Governance
    from icsgov.queries.tables import Part

__all__ = ["COMMANDS", "load_reference"]


_as_of_option = as_of_option  # default today, as every command; a caveat beyond the data
_progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr while loading (default: when stderr is a terminal).",
)


def load_reference(progress: bool | None = None) -> Governance:
    """Load the shipped reference data, with a progress bar on stderr when wanted."""
    from icsgov.loaders.reference import STEPS, read_reference

    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return read_reference()
    with click.progressbar(
        length=len(STEPS), label="Loading reference data", file=sys.stderr
    ) as bar:
        return read_reference(progress=lambda _step: bar.update(1))


@click.command()
@click.argument("name_or_code")
@_as_of_option
@json_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="html: an offline page with the ICB highlighted on the map of England.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@click.option(
    "--include-planned",
    is_flag=True,
    help="Also list announced changes not yet in force (labelled; they move nothing).",
)
@_progress_option
def where(
    name_or_code: str,
    as_of: dt.date | None,
    as_json: bool,
    fmt: str,
    output: Path | None,
    include_planned: bool,
    progress: bool | None,
) -> None:
    """Where is a place, council, PCN, GP practice, trust or ICB? Its chain, most local first.

    NAME_OR_CODE is an exact ODS or ONS code, or an exact name; close matches
    are offered when nothing matches. A council area split across ICBs is
    shown with its share of LSOAs in each. Examples:

        icsgov where Luton --json
        icsgov where Luton --format html -o luton.html

        icsgov where Luton --include-planned
    """
    from icsgov.queries.where import where as find_where

    gov = load_reference(progress)
    remember_data(gov)
    result = find_where(gov, name_or_code, as_of, include_planned)
    if fmt == "html":
        from icsgov.render.england_map import where_html

        page = where_html(dated(result.to_dict(), as_of))
        if output is None:
            click.echo(page, nl=False)
        else:
            from icsgov.outputs import write_output

            write_output(output, page)
            click.echo(f"Wrote html to {output}", err=True)
        return
    from icsgov.queries.tables import where_tables
    from icsgov.words import ILLUSTRATIVE_NOTE, marked

    chain, changes, shares = where_tables(result)
    parts: list[Part] = [
        f"{marked(result.entity.label, result.entity.illustrative)} (as of {result.as_of}):",
        chain if result.chain else result.note or "",
    ]
    ons = [c for c in result.codes if c["scheme"] == "ons"]
    if len(ons) > 1:
        history = ", ".join(
            f"{c['value']} ({c['valid_from'] or '...'} to {c['valid_to'] or '...'})" for c in ons
        )
        parts.append(f"ONS codes over time: {history}")
    if result.changes:
        parts += ["", "Changes:", changes]
    if len(result.shares) > 1:
        basis = "July 2022" if str(result.as_of) < "2026-04-01" else "2022 LSOAs by 2026 ICB"
        parts += ["", f"Split across {len(result.shares)} ICBs (share of LSOAs, {basis}):", shares]
    if result.illustrative:
        parts += ["", ILLUSTRATIVE_NOTE]
    show(dated(result.to_dict(), as_of), [*parts, *caveats(as_of)], as_json or fmt == "json")


@click.command()
@click.option(
    "--level",
    type=click.Choice(["county", "district"]),
    default="county",
    show_default=True,
    help="Upper-tier (county) or lower-tier (district) councils; unitary ones are both.",
)
@_as_of_option
@json_option
@_progress_option
def overlaps(level: str, as_of: dt.date | None, as_json: bool, progress: bool | None) -> None:
    """Local authorities whose area lies in more than one ICB, with the share in each.

    Shares are LSOA counts from the ONS July 2022 LSOA lookup. Example:

        icsgov overlaps --level county
    """
    from icsgov.queries.overlaps import overlaps as find_overlaps

    gov = load_reference(progress)
    remember_data(gov)
    found = find_overlaps(gov, level, as_of)
    from icsgov.queries.tables import overlaps_table

    answer = {"level": level, "as_of": as_of, "overlaps": [o.to_dict() for o in found]}
    show(dated(answer, as_of), [overlaps_table(found), *caveats(as_of)], as_json)


COMMANDS: list[click.Command] = [where, overlaps]
