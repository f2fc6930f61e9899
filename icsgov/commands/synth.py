"""``synth``: write a synthetic national governance data set to try icsgov at scale."""

from __future__ import annotations

from pathlib import Path

import click

from icsgov.commands._options import emit_json, json_option

__all__ = ["COMMANDS"]


@click.command()
@click.option(
    "--scale",
    type=float,
    default=1.0,
    show_default=True,
    help="Multiplies the governance detail (1: about 200,000 decision rights).",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the YAML into (its reference/, national/ and icb/ are replaced).",
)
@click.option(
    "--systems",
    default=None,
    metavar="CODES",
    help="Only these ICBs, by ODS code, comma-separated (e.g. QR1,QHM). Default: all 42.",
)
@json_option
def synth(scale: float, seed: int, output: Path, systems: str | None, as_json: bool) -> None:
    """Generate a synthetic, illustrative national data set on the real reference skeleton.

    Every ICB gets boards, committees, place partnerships, posts, people,
    decision rights at system, place and neighbourhood, delegations,
    accountability lines, agreements, funding and dated changes. The same
    scale and seed always write the same bytes. Example:

        icsgov synth --scale 0.25 --seed 1 -o england/
        icsgov who-decides syn:dt:finance:capital:approve-0 --at fp:ods:QR1 --data england/
    """
    from icsgov.synth import write_synth

    chosen = [c.strip().upper() for c in systems.split(",") if c.strip()] if systems else None
    result = write_synth(scale, seed, output, chosen)
    generated = sum(result.counts.values())
    if as_json:
        emit_json(
            {
                "folder": str(result.folder),
                "files": len(result.files),
                "generated": result.counts,
                "reference_records": result.reference_records,
            }
        )
        return
    click.echo(
        f"Wrote {generated:,} illustrative records and the {result.reference_records:,}-record "
        f"reference skeleton to {result.folder}/ in {len(result.files)} files."
    )
    for kind, n in sorted(result.counts.items()):
        click.echo(f"  {kind:<20} {n:>9,}")


COMMANDS: list[click.Command] = [synth]
