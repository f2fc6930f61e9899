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
    from icsgov.queries.who_decides import Answer, Holder

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
@as_of_option
@json_option
@data_option
def who_decides_command(
    decision: str,
    at: str,
    value: float | None,
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
    if as_json:
        emit_json(answer.to_dict())
    else:
        click.echo(_render_answer(answer))
    if answer.ambiguous or not answer.found:
        raise SystemExit(1)


def _render_answer(answer: Answer) -> str:
    from icsgov.queries.money import format_band

    out = [answer.summary, ""]
    roles: list[Holder] = [
        *answer.decides,
        *answer.agrees,
        *answer.ratifies,
        *answer.recommends,
        *answer.consulted,
        *answer.informed,
    ]
    if roles:
        rows = [
            [
                h.role,
                h.name,
                h.basis.replace("_", "-"),
                f"{h.footprint} ({h.level})",
                format_band(h.value_min, h.value_max),
                h.conditions or "",
            ]
            for h in roles
        ]
        out += [table(["role", "holder", "basis", "footprint", "value", "conditions"], rows), ""]
    steps = [
        [
            chain.holder,
            step.delegator_name,
            step.delegation,
            step.instrument_ref or step.instrument,
            "; ".join(step.problems) or "ok",
        ]
        for chain in answer.delegation_chain
        for step in chain.steps
    ]
    if steps:
        headers = ["holder", "delegated by", "delegation", "instrument", "check"]
        out += [table(headers, steps), ""]
    if answer.accountability:
        rows = [
            [line.actor, line.answers_to_name, line.kind, "formal" if line.formal else "informal"]
            for line in answer.accountability
        ]
        out += [table(["decision-maker", "answers to", "kind", ""], rows), ""]
    for warning in answer.warnings:
        out.append(f"! {warning}")
    if answer.warnings:
        out.append("")
    if answer.sources:
        rows = [[s.title, s.locator or "", ", ".join(s.used_by)] for s in answer.sources]
        out.append(table(["source", "where", "facts"], rows))
    return "\n".join(out).rstrip()


COMMANDS: list[click.Command] = [who_decides_command]
