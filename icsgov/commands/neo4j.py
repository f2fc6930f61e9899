"""``neo4j push``, ``pull`` and ``query``: the graph in a Neo4j (or any Bolt) database.

The password is read from ``NEO4J_PASSWORD`` or asked for at the terminal;
there is deliberately no ``--password`` option (argv is visible to every user
of the machine and lands in shell history).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import data_option, emit_json, json_option, show
from icsgov.graph.neo4j.bolt import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:
    from icsgov.graph.neo4j.bolt import BoltSettings

__all__ = ["COMMANDS", "OWNERSHIP_NOTE", "neo4j"]

OWNERSHIP_NOTE = (
    "Note: a push replaces the properties icsgov writes on its own nodes (:IcsgovEntity, "
    ":IcsgovDataset) and the relationships it owns; other labels and properties, and "
    "nodes without icsgov's labels, are left alone."
)
"""Said on stderr at every push, before anything is written (docs/neo4j.md)."""

_uri = click.option(
    "--uri",
    metavar="URI",
    help="Bolt address, e.g. bolt://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io "
    "(default: $NEO4J_URI, else bolt://localhost:7687).",
)
_database = click.option(
    "--database", metavar="DB", help="Database name (default: $NEO4J_DATABASE, else the server's)."
)
_user = click.option("--user", metavar="U", help="User name (default: $NEO4J_USER, else neo4j).")


def _prompt(text: str) -> str:
    from icsgov.errors import StoreError

    if not sys.stdin.isatty():
        raise StoreError(
            "No password for the Bolt server: set NEO4J_PASSWORD in the environment "
            "(icsgov never takes a password on the command line)."
        )
    return str(click.prompt(text, hide_input=True, err=True))


@click.group()
def neo4j() -> None:
    """Write the graph to a Neo4j (Bolt) database, or read it back.

    The password comes from NEO4J_PASSWORD or a prompt, never the command line.
    Example:

        NEO4J_PASSWORD=... icsgov neo4j push --uri bolt://localhost:7687
    """


@neo4j.command()
@data_option
@_uri
@_database
@_user
@click.option(
    "--replace",
    is_flag=True,
    help="Also delete icsgov nodes the data no longer has (never nodes icsgov did not write).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Entities per transaction.",
)
@json_option
def push(
    data: tuple[Path, ...],
    uri: str | None,
    database: str | None,
    user: str | None,
    replace: bool,
    batch_size: int,
    as_json: bool,
) -> None:
    """Write the governance graph to the database; running it again changes nothing.

    Example:

        icsgov neo4j push --data my-system/ --database governance --replace
    """
    from dataclasses import asdict

    from icsgov.graph.neo4j.bolt import open_driver, settings_from_env
    from icsgov.graph.neo4j.io import push as push_graph
    from icsgov.progress import tick
    from icsgov.queries.scheme_documents import load

    gov = load(data)
    settings = settings_from_env(uri, user, database, prompt=_prompt)
    click.echo(OWNERSHIP_NOTE, err=True)
    with open_driver(settings) as driver:
        report = push_graph(
            gov,
            driver,
            settings.database,
            replace=replace,
            batch_size=batch_size,
            progress=lambda done, total: tick("Pushing to Neo4j", done, total),
        )
    if as_json:
        emit_json({"uri": settings.uri, "database": settings.database, **asdict(report)})
        return
    where = f"{settings.uri}" + (f" (database {settings.database})" if settings.database else "")
    click.echo(
        f"Pushed {report.nodes} entities and {report.relationships} relationships to {where} "
        f"in {report.transactions} transactions"
        + (f"; removed {report.removed} no longer in the data." if replace else ".")
    )
    if report.migrated:
        click.echo(
            f"Moved {report.migrated} relationships from the noun types of earlier versions to "
            "their verb types (docs/neo4j.md, 'Upgrading'); queries naming the old types need "
            "the new names."
        )


@neo4j.command()
@_uri
@_database
@_user
@json_option
def pull(uri: str | None, database: str | None, user: str | None, as_json: bool) -> None:
    """Read the graph back from the database and count what it holds, class by class.

    Example:

        icsgov neo4j pull --database governance
    """
    from icsgov.graph.neo4j.bolt import open_driver, settings_from_env
    from icsgov.graph.neo4j.io import pull as pull_graph

    settings = settings_from_env(uri, user, database, prompt=_prompt)
    with open_driver(settings) as driver:
        gov = pull_graph(driver, settings.database)
    counts = gov.counts()
    if as_json:
        emit_json(
            {
                "entities": len(gov),
                "counts": counts,
                "datasets": [
                    {"name": d.name, "vintage": d.vintage, "path": d.path} for d in gov.datasets
                ],
            }
        )
        return
    click.echo(f"{len(gov)} entities in {settings.uri}")
    for kind, count in counts.items():
        if count:
            click.echo(f"  {kind:<22} {count:>6}")


@neo4j.command()
@click.argument("cypher")
@_uri
@_database
@_user
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter, used as $NAME (repeatable). VALUE is JSON (42, true, "
    '["a","b"]), a date YYYY-MM-DD, or else text.',
)
@json_option
def query(
    cypher: str,
    uri: str | None,
    database: str | None,
    user: str | None,
    params: tuple[str, ...],
    as_json: bool,
) -> None:
    """Run a read-only Cypher query and print its rows; write clauses are refused.

    CYPHER is Cypher text, @FILE to read it from a file, or the name of one of
    icsgov's own queries (rights, footprint_chain, lines, delegations, ...).
    Example:

        icsgov neo4j query rights --param decision=approve-capital-scheme \\
            --param 'footprints=["glos","england"]' --param as_of=2024-04-01
    """
    from icsgov.graph.neo4j.store import Neo4jStore, parse_param

    text = _cypher_source(cypher)
    values = dict(parse_param(p) for p in params)
    settings = _settings(uri, user, database)
    with Neo4jStore.open(settings.uri, settings.user, settings.database, settings.password) as st:
        result = st.query(text, values)
    from icsgov.queries.tables import cypher_table

    show(result.to_dicts(), [cypher_table(result.columns, result.rows)], as_json)
    if not as_json:
        rows = len(result.rows)
        click.echo(f"({rows} row{'s' if rows != 1 else ''})", err=True)


def _settings(uri: str | None, user: str | None, database: str | None) -> BoltSettings:
    """Settings from the options and environment, asking for the password if need be."""
    from icsgov.graph.neo4j.bolt import settings_from_env

    return settings_from_env(uri, user, database, prompt=_prompt)


def _cypher_source(cypher: str) -> str:
    """The query text: given inline, read from @FILE, or one of the shipped queries by name."""
    from icsgov.errors import QueryError
    from icsgov.graph.neo4j.store import QUERY_NAMES, cypher_text

    if cypher.startswith("@"):
        path = Path(cypher[1:])
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"Cannot read the query file '{path}': {exc}") from None
    if cypher in QUERY_NAMES:
        if "{label}" in cypher_text(cypher):
            raise QueryError(
                f"'{cypher}' needs a class label; write it out, e.g. "
                "'MATCH (n:IcsgovEntity:Organisation) RETURN n.id'."
            )
        return cypher_text(cypher)
    return cypher


COMMANDS: list[click.Command] = [neo4j]
