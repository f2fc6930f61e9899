"""The ``icsgov`` command line: a thin layer over the library.

Each command lives in a module of :mod:`icsgov.commands` and parses its
arguments, calls one library function and renders the result. Heavy
libraries are imported inside the commands, so ``icsgov --help`` starts fast.

Exit status: 0 ok, 1 findings (``check``, ``subsidiarity``), 2 bad input or usage.

:func:`main` is the last line of defence: an error icsgov raises on purpose, a
file that cannot be read or written, or a parse error that slipped past a
loader becomes exit 2 and one line on stderr; anything else is a bug in
icsgov and says so in two lines, with the traceback only under ``--debug``
(or ``ICSGOV_DEBUG=1``).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

__all__ = ["COMMAND_MODULES", "REPORT_BUGS", "cli", "main"]

REPORT_BUGS = "the icsgov issue tracker (say what you ran; add --debug for the details)"
"""Where the "this is a bug" message sends people."""

COMMAND_MODULES = (
    "icsgov.commands.core",
    "icsgov.commands.decisions",
    "icsgov.commands.reference",
    "icsgov.commands.analysis",
    "icsgov.commands.audit",
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
@click.option(
    "--debug",
    is_flag=True,
    help="Show the Python traceback of an unexpected error (also $ICSGOV_DEBUG=1).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress line on stderr (it is shown only on a terminal, never with --json).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None, debug: bool, quiet: bool) -> None:
    """Governance and decision rights for health and care systems.

    Who decides what, where, on what authority; the web of accountability
    around a post or body; and whether decisions are taken as locally as the
    system's own principles say.

    Without --data, commands use the bundled example. Try:

        icsgov demo
    """
    from icsgov.commands._options import STORE_KEY
    from icsgov.progress import QUIET_KEY

    ctx.meta[STORE_KEY] = store
    ctx.meta[QUIET_KEY] = quiet
    if debug:
        os.environ["ICSGOV_DEBUG"] = "1"


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        cli.add_command(_command)


def _debugging(argv: list[str] | None) -> bool:
    args = sys.argv[1:] if argv is None else argv
    return "--debug" in args or os.environ.get("ICSGOV_DEBUG", "") not in ("", "0")


def _os_message(exc: OSError) -> str:
    """``cannot write out.csv: Permission denied``: the path and the reason, one line."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {reason}"
    return reason


def main(argv: list[str] | None = None) -> None:
    """Run the command line; user mistakes exit 2 with a message, never a traceback."""
    import csv
    import json

    import yaml

    from icsgov.errors import IcsgovError
    from icsgov.progress import shown

    try:
        with shown():  # a progress line on a terminal's stderr (icsgov.progress)
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
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # e.g. `icsgov info | head -1`
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except OSError as exc:
        if _debugging(argv):
            raise
        click.echo(f"Error: {_os_message(exc)}", err=True)
        sys.exit(2)
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeError, csv.Error) as exc:
        if _debugging(argv):
            raise
        text = " ".join(str(exc).split())[:300]
        click.echo(f"Error: the input could not be read: {text}", err=True)
        sys.exit(2)
    except MemoryError:
        click.echo("Error: out of memory; try a smaller input.", err=True)
        sys.exit(2)
    except Exception as exc:
        if _debugging(argv):
            raise
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
        click.echo(
            f"icsgov hit a bug: {type(exc).__name__}{where}: {' '.join(str(exc).split())[:200]}\n"
            f"This is a bug in icsgov, not in your data. Please report it at {REPORT_BUGS}.",
            err=True,
        )
        sys.exit(70)
