"""Choosing a store: explicit and loud, never a silent fallback.

A store is named by one string, from ``--store`` (or ``store=``), else the
``ICSGOV_STORE`` environment variable, else ``memory``:

=============================  ==========================================================
``memory``                     the data loaded into the embedded networkx store (default)
``rdf``                        the data loaded into an in-memory Oxigraph store (SPARQL)
``rdf:DIR``                    a persistent Oxigraph store kept in folder DIR, as it is
``sparql:URL``                 a SPARQL 1.1 endpoint (query URL), as it is
``bolt://…``, ``neo4j://…``    a Neo4j (or Bolt) server, as it is; the user comes from
                               ``NEO4J_USER``, the password from ``NEO4J_PASSWORD``
                               (or a prompt), the database from ``NEO4J_DATABASE``
=============================  ==========================================================

``memory`` and ``rdf`` are built from the data given (or the bundled example),
scheme documents included (:func:`icsgov.queries.scheme_documents.load`; this
module sits on the queries floor so that it may read them);
the others already hold their data (``icsgov neo4j push``, ``icsgov import
--path``), so giving data as well is refused rather than half-honoured. A
store that was named and cannot run raises :class:`~icsgov.errors.StoreError`;
nothing falls back to another store.

>>> describe_store("bolt://db.example:7687")
'neo4j'
>>> describe_store("rdf:/var/lib/icsgov")
'rdf'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from icsgov.errors import QueryError, StoreError
from icsgov.graph.store import GraphStore

__all__ = ["DEFAULT_STORE", "ENV_VAR", "describe_store", "open_store", "store_spec"]

ENV_VAR = "ICSGOV_STORE"
DEFAULT_STORE = "memory"
_BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def store_spec(explicit: str | None = None) -> str:
    """The store asked for: ``explicit``, else ``$ICSGOV_STORE``, else ``memory``."""
    return (explicit or os.environ.get(ENV_VAR) or DEFAULT_STORE).strip()


def describe_store(spec: str) -> str:
    """The kind of store a spec names: ``memory``, ``rdf`` or ``neo4j``; else ``QueryError``."""
    if spec == "memory":
        return "memory"
    if spec == "rdf" or spec.startswith(("rdf:", "sparql:")):
        return "rdf"
    if spec.startswith(_BOLT_SCHEMES):
        return "neo4j"
    raise QueryError(
        f"Unknown store '{spec}'. Use memory, rdf, rdf:DIR, sparql:URL, "
        "bolt://HOST:PORT or neo4j://HOST:PORT (from --store or $ICSGOV_STORE)."
    )


def open_store(
    spec: str | None = None,
    data: Sequence[str | Path] = (),
    *,
    prompt: Callable[[str], str] | None = None,
) -> GraphStore:
    """Open the store ``spec`` names (see the module docstring), loading ``data`` where it must.

    >>> open_store("memory").name
    'memory'
    """
    spec = store_spec(spec)
    kind = describe_store(spec)
    builds = spec in ("memory", "rdf")
    if not builds and data:
        raise QueryError(
            f"The store '{spec}' already holds its data; --data is only for the memory and "
            "rdf stores. Load a server with 'icsgov neo4j push' or 'icsgov import --path'."
        )
    if builds:
        from icsgov.graph.compiled import load_store
        from icsgov.loaders import LoadPlan
        from icsgov.queries.scheme_documents import load

        if kind == "memory":
            if LoadPlan(data).documents:  # not cached: read against the rest, in memory
                from icsgov.graph.memory import MemoryStore

                return MemoryStore(load(data))
            return load_store(data)
        from icsgov.graph.rdf.store import RdfStore

        return RdfStore.embedded().load(load(data))
    if kind == "rdf":
        from icsgov.graph.rdf.store import RdfStore

        if spec.startswith("sparql:"):
            return RdfStore.remote(spec.removeprefix("sparql:"))
        folder = Path(spec.removeprefix("rdf:"))
        if not folder.is_dir():
            raise StoreError(
                f"No Oxigraph store in '{folder}'. Create one with "
                f"'icsgov import FILE --path {folder}'."
            )
        return RdfStore.embedded(folder)
    from icsgov.graph.neo4j.bolt import settings_from_env
    from icsgov.graph.neo4j.store import Neo4jStore

    settings = settings_from_env(uri=spec, prompt=prompt)
    return Neo4jStore.open(settings.uri, settings.user, settings.database, settings.password)
