"""Options shared by several commands, and the one way commands get their data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from icsgov.graph.memory import MemoryStore

__all__ = ["as_of_option", "data_option", "emit_json", "json_option", "open_store", "parse_date"]

F = TypeVar("F", bound=Callable[..., Any])


def data_option(func: F) -> F:
    """``--data PATH`` (repeatable): YAML files or folders; default the bundled example."""
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Governance YAML file or folder (repeatable). Default: the bundled example.",
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


def _date_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    return parse_date(value)


def as_of_option(func: F) -> F:
    """``--as-of DATE``: answer as things stood on that date (default: today)."""
    return click.option(
        "--as-of",
        "as_of",
        default="today",
        metavar="YYYY-MM-DD",
        callback=_date_callback,
        help="Answer as things stood on this date (default: today).",
    )(func)


def json_option(func: F) -> F:
    """``--json``: machine-readable output on stdout."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def open_store(data: tuple[Path, ...]) -> MemoryStore:
    """Load the data (or the bundled example) into the memory store."""
    from icsgov.graph.memory import MemoryStore
    from icsgov.loaders import load

    return MemoryStore(load(data))


def emit_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON (dates as ISO strings)."""
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
