"""``serve``, and the pictures of ``web --format html|svg``: looking rather than reading.

The command parses its options and hands over to :mod:`icsgov.serve.app` or
:mod:`icsgov.render`; nothing here fetches anything from the network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import data_option, open_store

__all__ = ["COMMANDS", "write_web_picture"]

if TYPE_CHECKING:
    from icsgov.graph.store import GraphStore


def write_web_picture(
    store: GraphStore,
    actor: str,
    fmt: str,
    output: Path | None,
    depth: int | None,
    kinds: Sequence[str],
    direction: str,
    derived: bool,
    as_of: dt.date | None,
) -> None:
    """Write the web as an interactive offline page (html) or a Graphviz drawing (svg)."""
    if fmt == "html":
        from icsgov.render.html_web import web_html

        text = web_html(
            store,
            actor,
            depth=depth,
            kinds=kinds,
            direction=direction,  # type: ignore[arg-type]
            derived=derived,
            as_of=as_of,
        )
    else:
        from icsgov.queries.web import accountability_web
        from icsgov.queries.web_export import to_dot
        from icsgov.render.svg import dot_to_svg

        web = accountability_web(
            store,
            actor,
            depth=depth,
            kinds=kinds,
            direction=direction,  # type: ignore[arg-type]
            as_of=as_of,
            derived=derived,
        )
        text = dot_to_svg(to_dot(web))
    if output is None:
        click.echo(text, nl=False)
        return
    from icsgov.outputs import write_output

    write_output(output, text)
    click.echo(f"Wrote {fmt} to {output}", err=True)


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but 127.0.0.1/localhost lets others read the data.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@data_option
def serve(host: str, port: int, data: tuple[Path, ...]) -> None:
    """A read-only local web UI: who decides, matrix, web, subsidiarity and checks.

    Every page has a JSON twin (/web and /web.json?actor=...). GET and HEAD
    only; nothing is fetched from the internet. Stop with Ctrl+C. Example:

        icsgov serve --data my-system/ --port 8765
    """
    from icsgov.serve.app import make_server

    store = open_store(data)
    try:
        server = make_server(store, host, port)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
            "try another --port (0 picks a free one)"
        ) from None
    bound_host, bound_port = server.server_address[:2]
    if not _loopback(host):
        click.echo(
            f"Warning: listening on {host}: anyone who can reach this machine can read the data.",
            err=True,
        )
    click.echo(
        f"Serving icsgov (read-only) on http://{_url_host(str(bound_host))}:{bound_port}/ "
        "— Ctrl+C to stop",
        err=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


COMMANDS: list[click.Command] = [serve]
