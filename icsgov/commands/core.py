"""``validate``, ``info`` and ``demo``: check data, describe it, show what icsgov does."""

from __future__ import annotations

from pathlib import Path

import click

from icsgov.commands._options import data_option, emit_json, json_option, open_store, show

__all__ = ["COMMANDS"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
def validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check governance YAML files or folders and report every problem at once.

    Exit 0 when valid, 2 when not (nothing is loaded). Example:

        icsgov validate my-system/
    """
    from icsgov.errors import InputError
    from icsgov.loaders.governance_yaml import read_yaml

    try:
        gov = read_yaml(paths)
    except InputError as exc:
        if as_json:
            emit_json({"valid": False, "problems": [vars(p) for p in exc.problems]})
        else:
            click.echo(f"Invalid: {exc.summary}", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
        raise SystemExit(exc.exit_code) from None
    if as_json:
        emit_json({"valid": True, "entities": len(gov)})
    else:
        click.echo(f"Valid: {len(gov)} records in {len(gov.datasets)} file(s).")


@click.command()
@data_option
@click.option(
    "--reference",
    is_flag=True,
    help="Also load the national reference skeleton (ODS/ONS) and report its vintages.",
)
@json_option
def info(data: tuple[Path, ...], reference: bool, as_json: bool) -> None:
    """Summarise the data: counts by class, footprints by level, dates covered, sources.

    With --reference, the shipped national reference data (regions, ICBs,
    sub-ICB locations, PCNs, practices, trusts, councils) is loaded too, and
    its datasets are listed with their vintages and the dates they describe.

    Example:

        icsgov info --json
        icsgov info --reference
    """
    from icsgov.queries.info import summarise
    from icsgov.queries.tables import info_tables

    gov = open_store(data).governance
    if reference and not any(d.name == "ons-sicbl-2026" for d in gov.datasets):
        from icsgov.loaders.one_england import combine
        from icsgov.loaders.reference import read_reference

        gov = combine([read_reference(), gov])  # one England: joined by ODS/ONS code
    summary = summarise(gov)
    counts, levels, sources, *datasets = info_tables(summary)
    first, last = summary.coverage.get("from"), summary.coverage.get("to")
    stated = f"{summary.earliest or 'none'}" + (
        f" to {summary.latest}" if summary.latest and summary.latest != summary.earliest else ""
    )
    show(
        summary.to_dict(),
        [
            counts,
            "",
            levels,
            "",
            f"Dates the data describes: {first or 'open'} to {last or 'open'}",
            f"Dates records state (starts and ends): {stated}",
            f"Illustrative records (invented to complete a structure): {summary.illustrative}",
            "",
            sources,
            *(part for t in datasets for part in ("", t)),
        ],
        as_json,
    )


@click.command()
def demo() -> None:
    """Run icsgov on the bundled example and print what it finds.

    Example:

        icsgov demo
    """
    from icsgov.demo import run_demo

    run_demo()


COMMANDS: list[click.Command] = [validate, info, demo]
