"""``serve``, and the pictures of ``web --format html|svg``: looking rather than reading.

The command parses its options and hands over to :mod:`icsgov.serve.app` or
:mod:`icsgov.render`; nothing here fetches anything from the network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import as_of_option, caveats, data_option, open_store

__all__ = ["COMMANDS", "write_web_picture"]

if TYPE_CHECKING:
    from icsgov.graph.store import GraphStore
    from icsgov.queries.web import WebQuery


def write_web_picture(store: GraphStore, query: WebQuery, fmt: str, output: Path | None) -> None:
    """Write the web as an interactive offline page (html) or a Graphviz drawing (svg)."""
    if fmt == "html":
        from icsgov.render.html_web import web_html

        text = web_html(store, query)
    else:
        from icsgov.queries.web_export import to_dot
        from icsgov.render.svg import dot_to_svg

        text = dot_to_svg(to_dot(query.answer(store)))
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


@click.command(name="map")
@click.option(
    "--colour",
    type=click.Choice(["region", "data"]),
    default="region",
    show_default=True,
    help="region: NHS England's seven regions. data: which ICBs the loaded governance data "
    "describes (a local scheme of decision rights, baseline only, or not at all).",
)
@click.option(
    "--highlight",
    multiple=True,
    metavar="CODE",
    help="Draw this ICB strongly (ONS or ODS code; a 2024 ICB is shown in its 2026 successor).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg"]),
    default="html",
    show_default=True,
    help="html: one offline page with the key and a table of ICBs; svg: the map alone.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@as_of_option
@data_option
def england_map(
    colour: str,
    highlight: tuple[str, ...],
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    data: tuple[Path, ...],
) -> None:
    """A map of England's 36 ICBs (April 2026 boundaries), coloured by region or by the data.

    Every date is drawn on the 2026 boundaries, and the page says so.
    Examples:

        icsgov map -o england.html
        icsgov map --colour data --highlight QR1 --format svg -o icbs.svg
    """
    from icsgov.render.england_map import icbs_for, map_html, map_svg
    from icsgov.render.map_coverage import STATUS_COLOURS, icb_coverage

    picked = icbs_for(highlight)
    unknown = [code for code in highlight if not icbs_for([code])]
    if unknown:
        raise click.BadParameter(
            f"no ICB of April 2026 has the code {', '.join(unknown)}: give an ONS code "
            "(E54...) or an ODS code (e.g. QR1)",
            param_hint="--highlight",
        )
    colours = legend = None
    notes: list[str] = []
    if colour == "data":  # only then is the date asked a question of the data
        cover = icb_coverage(open_store(data), as_of)
        colours = {code: STATUS_COLOURS[entry["status"]] for code, entry in cover.items()}
        legend = STATUS_COLOURS
        notes = caveats(as_of)
    if fmt == "svg":
        text = map_svg(highlight=picked, colours=colours, link=lambda _feature: "")
        for note in notes:
            click.echo(note, err=True)
    else:
        import html

        title = "England's integrated care boards" + (
            " and the loaded governance data" if colour == "data" else " by region"
        )
        intro = "".join(f'<p class="muted">{html.escape(n)}</p>' for n in notes)
        text = map_html(title, intro=intro, highlight=picked, colours=colours, legend=legend)
    if output is None:
        click.echo(text, nl=False)
        return
    from icsgov.outputs import write_output

    write_output(output, text)
    click.echo(f"Wrote {fmt} to {output}", err=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


COMMANDS: list[click.Command] = [serve, england_map]
