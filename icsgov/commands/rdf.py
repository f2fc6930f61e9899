"""``export``, ``import`` and ``sparql``: the graph as RDF, and SPARQL questions of it.

``check --shacl`` (in :mod:`icsgov.commands.analysis`) calls :func:`report_shacl`
from here, so everything RDF on the command line lives in one module.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import data_option, date_callback, emit_json, json_option, show

if TYPE_CHECKING:
    from icsgov.graph.rdf.engines import Row, Term
    from icsgov.graph.rdf.shacl import ShaclViolation
    from icsgov.graph.rdf.store import RdfStore
    from icsgov.ontology.governance import Governance
    from icsgov.queries.tables import Part

__all__ = ["COMMANDS", "export", "import_rdf", "report_shacl", "sparql"]

_FORMATS = ["ttl", "jsonld", "nt", "trig", "nq"]


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    help="RDF format (default: from the suffix of -o, else ttl).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    callback=date_callback,
    help="Only the facts valid on this day (default: every fact, whatever its dates).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@data_option
def export(
    fmt: str | None, as_of: dt.date | None, output: Path | None, data: tuple[Path, ...]
) -> None:
    """Write the governance graph as RDF in the icsgov ontology (lossless; re-importable).

    Turtle, JSON-LD, N-Triples, TriG or N-Quads. Example:

        icsgov export --format ttl --as-of 2024-04-01 -o gov.ttl
    """
    from icsgov.graph.rdf.io import _SUFFIXES, serialize_rdf
    from icsgov.queries.scheme_documents import load

    gov = load(data)
    if as_of is not None:
        from icsgov.commands._options import note_caveat, remember_data
        from icsgov.queries.snapshot import snapshot

        remember_data(gov)
        note_caveat(as_of)  # on stderr, beside the count: the graph itself stays plain RDF
        snap = snapshot(gov, as_of)
        gov = snap.governance
        click.echo(
            f"As of {as_of}: {len(gov)} entities; left out {len(snap.not_valid)} not valid "
            f"that day and {len(snap.dangling)} that need those.",
            err=True,
        )
    chosen = fmt or (_SUFFIXES.get(output.suffix.lower(), "ttl") if output is not None else "ttl")
    text = serialize_rdf(gov, chosen.lower())
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from icsgov.outputs import write_output

        write_output(output, text)
        click.echo(f"Wrote {len(gov)} entities to {output} ({chosen}).", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    help="RDF format (default: from the suffix).",
)
@click.option(
    "--path",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also load it into a persistent Oxigraph store in this folder (replacing its data).",
)
@click.option("--shacl", is_flag=True, help="Also validate it against the SHACL shapes.")
@json_option
def import_rdf(
    file: Path, fmt: str | None, store_path: Path | None, shacl: bool, as_json: bool
) -> None:
    """Read an RDF file into the model: counts when it is whole, every problem when not.

    Problems are listed with file, line and resource, and exit 2. Example:

        icsgov import gov.ttl --path ./govstore
    """
    from icsgov.graph.rdf.io import read_rdf

    gov = read_rdf(file, fmt)
    counts = {kind: n for kind, n in gov.counts().items() if n}
    violations = _violations(gov) if shacl else []
    if store_path is not None:
        from icsgov.graph.rdf.store import RdfStore

        RdfStore.embedded(store_path).load(gov)
    if as_json:
        emit_json(
            {
                "file": str(file),
                "entities": len(gov),
                "counts": counts,
                "datasets": [d.name for d in gov.datasets],
                "shacl": [_violation_dict(v) for v in violations] if shacl else None,
                "store": str(store_path) if store_path is not None else None,
            }
        )
    else:
        click.echo(f"{file}: {len(gov)} entities, {len(gov.datasets)} datasets")
        for kind, n in counts.items():
            click.echo(f"  {kind}: {n}")
        if store_path is not None:
            click.echo(f"Loaded into the Oxigraph store at {store_path}.")
        if shacl:
            show(None, _violation_parts(violations))
    if violations:
        raise SystemExit(1)


# --- SHACL (check --shacl) -------------------------------------------------------


def _violations(gov: Governance) -> list[ShaclViolation]:
    from icsgov.graph.rdf.shacl import validate_shacl

    return validate_shacl(gov)


def _violation_dict(v: ShaclViolation) -> dict[str, str]:
    return {k: str(getattr(v, k)) for k in ("focus", "path", "message", "severity", "value")}


def _violation_parts(violations: list[ShaclViolation]) -> list[Part]:
    from icsgov.queries.tables import shacl_table

    if not violations:
        return ["SHACL: the data conforms to the shapes."]
    return [f"SHACL: {len(violations)} violation(s)", shacl_table(violations)]


def report_shacl(data: tuple[Path, ...], as_json: bool) -> None:
    """Validate the data against ``ontology/shapes.ttl``; print each violation; exit 1 if any."""
    from icsgov.queries.scheme_documents import load

    violations = _violations(load(data))
    show([_violation_dict(v) for v in violations], _violation_parts(violations), as_json)
    if violations:
        raise SystemExit(1)


# --- sparql ------------------------------------------------------------------------

_COMMENT = re.compile(r"(?m)(?:^|(?<=\s))#[^\n]*")
_PROLOGUE = re.compile(r"^\s*(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"^\s*(SELECT|ASK)\b", re.IGNORECASE)


def _query_text(query_or_file: str) -> str:
    from icsgov.graph.rdf.store import QUERY_NAMES, sparql_text

    path = Path(query_or_file)
    if query_or_file.endswith(".rq") or (len(query_or_file) < 300 and path.is_file()):
        if path.is_file():
            return path.read_text(encoding="utf-8")
        if path.stem in QUERY_NAMES and not path.parent.name:
            return sparql_text(path.stem)
        raise click.BadParameter(f"no such file: {query_or_file}", param_hint="QUERY_OR_FILE")
    if query_or_file in QUERY_NAMES:
        return sparql_text(query_or_file)
    return query_or_file


def _read_only(text: str) -> None:
    """Refuse anything but SELECT and ASK (updates never reach a store)."""
    rest = _COMMENT.sub(" ", text) if "#" in text else text
    while (match := _PROLOGUE.match(rest)) is not None:
        rest = rest[match.end() :]
    if _FORM.match(rest) is None:
        first = rest.split(None, 1)[0].upper() if rest.split() else "(nothing)"
        raise click.UsageError(
            f"icsgov sparql runs read-only SELECT and ASK queries; this one starts with {first}. "
            "Updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are refused."
        )


def _json_term(term: Term) -> dict[str, str]:
    out = {"type": term.kind, "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.kind == "literal" and term.datatype:
        out["datatype"] = term.datatype
    return out


def _open(
    data: tuple[Path, ...], endpoint: str | None, graph: str | None, path: Path | None
) -> RdfStore:
    from icsgov.graph.rdf.store import RdfStore

    chosen = [
        name
        for name, given in (("--data", data), ("--endpoint", endpoint), ("--path", path))
        if given
    ]
    if len(chosen) > 1:
        raise click.UsageError(
            f"give one of --data, --endpoint and --path, not {' and '.join(chosen)}"
        )
    if graph is not None and endpoint is None:
        raise click.UsageError("--graph goes with --endpoint")
    if endpoint is not None:
        return RdfStore.remote(endpoint, graph=graph)
    if path is not None:
        if not path.is_dir():
            raise click.BadParameter(
                f"{path} is not a folder; fill one with: icsgov import FILE --path {path}",
                param_hint="--path",
            )
        return RdfStore.embedded(path)
    from icsgov.queries.scheme_documents import load

    return RdfStore.embedded().load(load(data))


@click.command()
@click.argument("query_or_file", metavar="QUERY_OR_FILE")
@click.option("--json", "as_json", is_flag=True, help="SPARQL 1.1 JSON results on stdout.")
@click.option(
    "--csv", "as_csv", is_flag=True, help="CSV on stdout (header, then one row per answer)."
)
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL 1.1 query endpoint instead.")
@click.option("--graph", metavar="IRI", help="With --endpoint: the named graph holding the data.")
@click.option(
    "--path",
    type=click.Path(path_type=Path),
    help="Ask the persistent Oxigraph store in this folder (see icsgov import --path).",
)
@click.option(
    "--allow-service",
    "allow_service",
    metavar="URL",
    multiple=True,
    help="Let SERVICE clauses reach this endpoint (repeatable); others are refused.",
)
@data_option
def sparql(
    query_or_file: str,
    as_json: bool,
    as_csv: bool,
    endpoint: str | None,
    graph: str | None,
    path: Path | None,
    allow_service: tuple[str, ...],
    data: tuple[Path, ...],
) -> None:
    """Ask a read-only SPARQL query (SELECT or ASK) of the graph.

    QUERY_OR_FILE is the query text, a .rq file, or the name of a shipped query
    (rights, delegations, lines, footprint_chain... in icsgov/graph/rdf/sparql/).
    A SERVICE clause is refused (exit 2) unless --allow-service names its
    endpoint: a query file never makes icsgov contact a host on its own.
    Example:

        icsgov sparql 'SELECT ?name WHERE { ?b a icsgov:Body ; icsgov:name ?name }'
    """
    if as_json and as_csv:
        raise click.UsageError("give --json or --csv, not both")
    from icsgov.graph.rdf.sparql_guard import refuse_federation
    from icsgov.ontology import terms

    text = _query_text(query_or_file)
    _read_only(text)
    refuse_federation(text, allow_service)
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([^\s:]*):", text, re.IGNORECASE)}
    prologue = "".join(
        f"PREFIX {p}: <{ns}>\n" for p, ns in terms.PREFIXES.items() if p.lower() not in declared
    )
    store = _open(data, endpoint, graph, path)
    answer = store.query(prologue + text)
    if answer.boolean is not None:
        if as_json:
            emit_json({"head": {}, "boolean": answer.boolean})
        else:
            click.echo("true" if answer.boolean else "false")
        return
    bound = [
        {n: t for n, t in zip(answer.columns, row, strict=True) if t is not None}
        for row in answer.rows
    ]
    _print_rows(answer.columns, bound, as_json, as_csv)


def _print_rows(names: list[str], rows: list[Row], as_json: bool, as_csv: bool) -> None:
    if as_json:
        bindings = [{n: _json_term(t) for n, t in row.items()} for row in rows]
        emit_json({"head": {"vars": names}, "results": {"bindings": bindings}})
    elif as_csv:
        from icsgov.cells import csv_text

        grid = [names, *([row[n].value if n in row else "" for n in names] for row in rows)]
        click.echo(csv_text(grid), nl=False)
    else:
        from icsgov.queries.tables import sparql_table

        show(None, [sparql_table(names, rows)])
        click.echo(f"{len(rows)} row(s)", err=True)


COMMANDS: list[click.Command] = [export, import_rdf, sparql]
