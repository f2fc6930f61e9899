"""The main job on the bundled example, as ``make demo`` shows it."""

from __future__ import annotations

import click

from icsgov.commands._render import table

__all__ = ["run_demo"]


def run_demo() -> None:
    """Load the bundled example, validate it and print what it holds."""
    from icsgov.graph.memory import MemoryStore
    from icsgov.loaders import bundled_example, load
    from icsgov.queries.info import summarise

    click.echo(f"Loading the bundled example from {bundled_example()} ...")
    store = MemoryStore(load())
    summary = summarise(store.governance)
    click.echo(f"Valid: {len(store.governance)} records, every one citing its source.\n")
    click.echo(table(["class", "count"], [[k, v] for k, v in summary.counts.items() if v]))
    click.echo()
    click.echo(table(["level", "footprints"], list(summary.footprints_by_level.items())))
    click.echo()
    click.echo(table(["source", "cited by"], [[s.title, s.cited_by] for s in summary.sources]))
