"""The query texts icsgov ships, beside the stores that run them.

SPARQL in ``graph/rdf/sparql/*.rq``, Cypher in ``graph/neo4j/cypher/*.cypher``.
They are files, not strings in code, so that analysts can open them and run
them in any SPARQL tool or in Neo4j Browser; the stores read them from here.

>>> "PART_OF" in shipped_query("cypher", "footprint_chain", ["footprint_chain"])
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Literal

from icsgov.errors import StoreError

__all__ = ["shipped_query"]

Language = Literal["sparql", "cypher"]
_SUFFIX = {"sparql": "rq", "cypher": "cypher"}
_TITLE = {"sparql": "SPARQL", "cypher": "Cypher"}
_PACKAGE = {"sparql": "icsgov.graph.rdf", "cypher": "icsgov.graph.neo4j"}


def shipped_query(language: Language, name: str, names: Sequence[str]) -> str:
    """The text of one shipped query; ``StoreError`` listing ``names`` for an unknown one."""
    if name not in names:
        raise StoreError(
            f"No shipped {_TITLE[language]} query '{name}'; the queries are: {', '.join(names)}."
        )
    return _read(language, name)


@cache
def _read(language: Language, name: str) -> str:
    folder = resources.files(_PACKAGE[language]).joinpath(language)
    return folder.joinpath(f"{name}.{_SUFFIX[language]}").read_text("utf-8")
