"""The main job on the bundled example, as ``make demo`` shows it.

A short tour of the questions icsgov answers, each printed with the command
that asks it, so a new user can carry on from the terminal: what the data
holds, who decides, the web of accountability, subsidiarity and the checks.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from icsgov.queries.tables import text

if TYPE_CHECKING:
    from icsgov.graph.store import GraphStore

__all__ = ["run_demo"]

QUESTIONS = (
    ("approve-capital-scheme", "Gloucestershire", 2_500_000.0, "2024-06-01"),
    ("commission-primary-medical", "Gloucestershire", None, "2024-06-01"),
    ("local-pathway-change", "Lincolnshire", None, "2021-06-01"),
)
"""(decision, place, value in pounds, date) asked of the bundled example."""

WEB_ACTOR = "glos-pmo-programme-manager"
SYSTEM = "glos"
DAY = "2024-06-01"


def run_demo() -> None:
    """Load the bundled example and print the answers to the main questions."""
    from icsgov.graph.memory import MemoryStore
    from icsgov.loaders import bundled_example, load
    from icsgov.queries.info import summarise
    from icsgov.queries.tables import info_tables

    click.echo(f"Loading the bundled example from {bundled_example()} ...")
    store = MemoryStore(load())
    summary = summarise(store.governance)
    click.echo(f"Valid: {len(store.governance)} records.\n")
    click.echo(text([info_tables(summary)[0]]))
    click.echo(
        f"Every record cites one of {len(summary.sources)} sources; "
        f"{summary.illustrative} are marked illustrative."
    )
    _who_decides(store)
    _web(store)
    _subsidiarity(store)
    _checks(store)
    click.echo("\nMore: icsgov --help, and the guides in docs/.")


def _heading(title: str, command: str) -> None:
    click.echo(f"\n== {title}\n   $ {command}\n")


def _who_decides(store: GraphStore) -> None:
    from icsgov.ontology.money import format_money
    from icsgov.queries.who_decides import who_decides

    for decision, place, value, day in QUESTIONS:
        shown = f" --value {format_money(value).lstrip('£')}" if value else ""
        _heading("Who decides?", f"icsgov who-decides {decision} --at {place}{shown} --as-of {day}")
        answer = who_decides(store, decision, place, value, dt.date.fromisoformat(day))
        click.echo(answer.summary)


def _web(store: GraphStore) -> None:
    from icsgov.queries.web import accountability_web

    _heading("The web of accountability", f"icsgov web {WEB_ACTOR} --as-of {DAY}")
    web = accountability_web(store, WEB_ACTOR, as_of=dt.date.fromisoformat(DAY))
    names = {node.id: node.label for node in web.nodes}
    metrics = web.metrics
    click.echo(
        f"{names[web.actor]} answers directly to {metrics.answers_to_count} bodies: "
        + "; ".join(names.get(a, a) for a in metrics.answers_to)
    )
    mix = ", ".join(f"{kind} {count}" for kind, count in sorted(metrics.kind_mix.items()))
    click.echo(f"Lines in the web by kind: {mix}.")
    if metrics.distance_to_elected is not None and metrics.nearest_elected:
        click.echo(
            f"Nearest elected body or the public: {names.get(metrics.nearest_elected)} "
            f"({metrics.distance_to_elected} lines away)."
        )


def _subsidiarity(store: GraphStore) -> None:
    from icsgov.queries.subsidiarity import subsidiarity_report

    _heading("Local by default?", f"icsgov subsidiarity --system {SYSTEM} --as-of {DAY}")
    report = subsidiarity_report(store, SYSTEM, as_of=dt.date.fromisoformat(DAY))
    share = "no decisions" if report.place_share is None else f"{report.place_share:.0%}"
    click.echo(
        f"Share of decisions taken at place or below: {share} "
        f"(target {report.target:.0%}); {len(report.escalated)} escalated above their "
        f"preferred level, {len(report.too_local)} taken below it."
    )
    if report.escalated:
        from dataclasses import replace

        from icsgov.queries.tables import subsidiarity_tables

        first = subsidiarity_tables(replace(report, decisions=report.escalated[:5]))[0]
        click.echo(text([first.columns("decision", "place", "taken at", "preferred")]))


def _checks(store: GraphStore) -> None:
    from icsgov.queries.checks import run_checks

    _heading("Is the governance sound?", f"icsgov check --as-of {DAY}")
    report = run_checks(store, as_of=dt.date.fromisoformat(DAY))
    counts = report.counts()
    click.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".")
    if report.active:
        from dataclasses import replace

        from icsgov.queries.tables import check_tables

        first = check_tables(replace(report, findings=report.active[:6]))[0]
        click.echo(text([first.columns("rule", "severity", "finding")]))
