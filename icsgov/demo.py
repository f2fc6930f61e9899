"""The main job on the bundled example, as ``make demo`` shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from icsgov.commands._render import table

if TYPE_CHECKING:
    from icsgov.graph.store import GraphStore

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
    _who_decides_examples(store)


# --- who decides (added by the decision-rights work; see docs/who-decides.md) ---------

_QUESTIONS = (
    ("approve-capital-scheme", "Gloucestershire", 2_500_000.0, "2024-06-01"),
    ("commission-primary-medical", "Gloucestershire", None, "2024-06-01"),
    ("local-pathway-change", "Lincolnshire", None, "2021-06-01"),
)


def _who_decides_examples(store: GraphStore) -> None:
    """Print the answer paragraph of a few who-decides questions on the bundled example."""
    import datetime as dt

    from icsgov.errors import IcsgovError
    from icsgov.queries.who_decides import who_decides

    click.echo("\nWho decides? (icsgov who-decides DECISION --at PLACE [--value V] [--as-of D])")
    for decision, place, value, day in _QUESTIONS:
        try:
            answer = who_decides(store, decision, place, value, dt.date.fromisoformat(day))
        except IcsgovError as exc:  # the example may change under the demo
            click.echo(f"\n- {decision} at {place}: {exc}")
            continue
        click.echo(f"\n- {answer.summary}")
