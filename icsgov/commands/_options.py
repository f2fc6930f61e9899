"""Options shared by several commands, and the one way commands get their data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from collections.abc import Iterable

    from icsgov.graph.store import GraphStore
    from icsgov.queries.tables import Part

__all__ = [
    "as_of_option",
    "caveats",
    "data_option",
    "date_callback",
    "dated",
    "emit_json",
    "json_option",
    "json_text",
    "money_callback",
    "note_caveat",
    "open_store",
    "parse_date",
    "recent_decisions_option",
    "remember_data",
    "show",
    "value_option",
]

F = TypeVar("F", bound=Callable[..., Any])


def data_option(func: F) -> F:
    """``--data PATH`` (repeatable): YAML files or folders; default the bundled example."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Governance YAML file or folder, or a scheme of delegation (.xlsx, .csv, .docx, "
        ".pdf) with its mapping file (repeatable; combined). icsgov:reference is the national "
        "skeleton, icsgov:example the bundled example; a folder with an icsgov-project.toml "
        "loads the sources it lists. Default: the bundled example.",
    )(func)


def parse_date(value: str | None) -> dt.date | None:
    """Parse YYYY-MM-DD, or ``today``; ``None`` stays ``None``."""
    if value is None:
        return None
    if value == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def date_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    """A click callback turning an option's YYYY-MM-DD (or ``today``) into a date."""
    return parse_date(value)


def as_of_option(func: F) -> F:
    """``--as-of DATE``: answer as things stood on that date (default: today)."""
    return click.option(
        "--as-of",
        "as_of",
        default="today",
        metavar="YYYY-MM-DD",
        callback=date_callback,
        help="Answer as things stood on this date (default: today).",
    )(func)


def money_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    """A click callback turning 2500000, 2.5m, £2.5m or 250k into pounds."""
    from icsgov.ontology.money import parse_money

    if value is None:
        return None
    try:
        return parse_money(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def value_option(func: F) -> F:
    """``--value V``: the value in pounds a question is about."""
    return click.option(
        "--value",
        callback=money_callback,
        help="Value in pounds: 2500000, 2.5m, £2.5m or 250k.",
    )(func)


def recent_decisions_option(what: str) -> Callable[[F], F]:
    """``--decisions N``: the N most recent logged decisions (up to --as-of) ``what``.

    who-decides lists those taken under the rights it reports, web those of
    each actor; both read the data's decision_log as ``icsgov audit`` judges it.
    """
    return click.option(
        "--decisions",
        "recent",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help=f"Also list the N most recent logged decisions (up to --as-of) {what} "
        "(the data's decision_log, audited as icsgov audit does).",
    )


def json_option(func: F) -> F:
    """``--json``: machine-readable output on stdout."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


STORE_KEY = "icsgov.store"
"""Where the root ``--store`` option leaves its value in ``click.Context.meta``."""


def open_store(data: tuple[Path, ...]) -> GraphStore:
    """The store chosen with ``icsgov --store`` (or ``$ICSGOV_STORE``; default memory).

    The memory and rdf stores are built from ``data`` (or the bundled example).
    """
    from icsgov.queries.select import open_store as select_store

    ctx = click.get_current_context(silent=True)
    spec = ctx.meta.get(STORE_KEY) if ctx is not None else None
    store = select_store(spec, data, prompt=_password_prompt)
    remember_data(store)
    return store


_OPENED_KEY = "icsgov.opened"


def remember_data(store_or_gov: Any) -> None:
    """Note what a command answers from, so :func:`dated` and :func:`caveats` can use it."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[_OPENED_KEY] = store_or_gov


def _opened() -> Any:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_OPENED_KEY) if ctx is not None else None


def dated(payload: Any, as_of: dt.date | None, *more: dt.date | None) -> Any:
    """``payload`` (a JSON mapping) with ``coverage`` and ``caveats`` for the date asked.

    ``coverage`` is the first and last dates the data describes; ``caveats`` says
    so in words when ``as_of`` (or a date of ``more``) is outside them (see
    :mod:`icsgov.queries.coverage`).
    """
    from icsgov.queries.coverage import with_coverage

    opened = _opened()
    if opened is None or not isinstance(payload, dict):
        return payload
    return with_coverage(payload, opened, as_of, *more)


def caveats(as_of: dt.date | None, *more: dt.date | None) -> list[str]:
    """The dates-covered caveat as lines to print after the answer (none when the date is in)."""
    return [f"Note: {caveat}" for caveat in dated({}, as_of, *more).get("caveats", [])]


def note_caveat(as_of: dt.date | None) -> None:
    """Print the dates-covered caveat on stderr: for answers written as files or exports."""
    for line in caveats(as_of):
        click.echo(line, err=True)


def _password_prompt(text: str) -> str:
    return str(click.prompt(text, hide_input=True, err=True))


def show(answer: Any, parts: Iterable[Part], as_json: bool = False) -> None:
    """Print an answer: ``answer`` (its JSON data) with ``--json``, else ``parts`` as text.

    The one way a command prints a table: ``parts`` are tables from
    :mod:`icsgov.queries.tables` (the very ones ``icsgov serve`` shows as HTML)
    and lines of text between them (``""`` a blank line), so the command line
    and the web UI cannot drift apart. Example::

        show(dated(report.to_dict(), as_of), [impact_table(report)], as_json)
    """
    if as_json:
        emit_json(answer)
        return
    from icsgov.queries.tables import text

    printed = text(parts)
    if printed:
        click.echo(printed)


def emit_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON (dates as ISO strings)."""
    click.echo(json_text(payload))


def json_text(payload: Any) -> str:
    """``payload`` as indented JSON text (dates as ISO strings)."""
    return json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
