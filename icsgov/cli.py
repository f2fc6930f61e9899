"""The ``icsgov`` command line: a thin layer over the library.

Each command lives in a module of :mod:`icsgov.commands` and parses its
arguments, calls one library function and renders the result. Heavy
libraries are imported inside the commands, so ``icsgov --help`` starts fast.

Exit status: 0 ok, 1 findings (``check``, ``subsidiarity``), 2 bad input or usage.
"""

from __future__ import annotations

import importlib
import sys

import click

__all__ = ["COMMAND_MODULES", "cli", "main"]

COMMAND_MODULES = (
    "icsgov.commands.core",
    "icsgov.commands.decisions",
    "icsgov.commands.reference",
    "icsgov.commands.analysis",
    "icsgov.commands.neo4j",
    "icsgov.commands.rdf",
    "icsgov.commands.visual",
    "icsgov.commands.synth",
)
"""Modules whose ``COMMANDS`` list is added to the ``icsgov`` group, in help order."""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="icsgov")
@click.option(
    "--store",
    metavar="STORE",
    default=None,
    help="Where the graph is: memory (default), rdf, rdf:DIR, sparql:URL or "
    "bolt://HOST:PORT. Also read from $ICSGOV_STORE.",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Governance and decision rights for health and care systems.

    Who decides what, where, on what authority; the web of accountability
    around a post or body; and whether decisions are taken as locally as the
    system's own principles say.

    Without --data, commands use the bundled example. Try:

        icsgov demo
    """
    from icsgov.commands._options import STORE_KEY

    ctx.meta[STORE_KEY] = store


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; user mistakes exit 2 with a message, never a traceback."""
    from icsgov.errors import IcsgovError

    try:
        cli.main(args=argv, prog_name="icsgov", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except IcsgovError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:  # e.g. `icsgov info | head -1`
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
