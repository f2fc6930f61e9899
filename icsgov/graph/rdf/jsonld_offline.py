"""JSON-LD read without the network: contexts come only from the package itself.

A JSON-LD document may name its ``@context`` by URL, and a JSON-LD processor
then fetches it. For icsgov that would let a shared ``.jsonld`` file make the
user's machine call any host (an internal one, or one that never answers).
:func:`offline_jsonld` walks the parsed document before any processor sees
it: icsgov's own context, named by :data:`CONTEXT_IRI`, is replaced by the
copy shipped in the package; any other context given by reference (a URL, a
file name, an ``@import``) is an error that says how to fix it.

>>> doc = offline_jsonld('{"@context": "%s", "@id": "x"}' % CONTEXT_IRI, "a.jsonld")
>>> "Body" in doc["@context"]
True
"""

from __future__ import annotations

import json
from typing import Any

from icsgov.errors import InputError, Problem

__all__ = ["CONTEXT_IRI", "offline_jsonld"]

CONTEXT_IRI = "https://w3id.org/icsgov/context.jsonld"
"""The name of icsgov's own JSON-LD context; resolved from ``icsgov/ontology/context.jsonld``."""


def _own_context() -> dict[str, Any]:
    from icsgov.ontology import terms

    context: dict[str, Any] = terms.jsonld_context()["@context"]
    return context


def offline_jsonld(text: str, file: str) -> Any:
    """The parsed document with icsgov's context inlined; :class:`InputError` for a remote one.

    Text that is not JSON is returned as ``None`` so that the RDF parser reports the
    syntax error with its own position.
    """
    try:
        document = json.loads(text)
    except ValueError:
        return None
    problems: list[Problem] = []

    def resolve(value: Any, where: str) -> Any:
        if isinstance(value, str):
            if value == CONTEXT_IRI:
                return _own_context()
            problems.append(
                Problem(
                    file,
                    0,
                    0,
                    f"the JSON-LD context {value!r} would be fetched from elsewhere, and icsgov "
                    "never fetches anything an input file names",
                    where,
                    f'put the context in the file, or use "@context": "{CONTEXT_IRI}" '
                    "for icsgov's own",
                )
            )
            return value
        if isinstance(value, list):
            return [resolve(item, f"{where}[{i}]") for i, item in enumerate(value)]
        return walk(value, where)

    def walk(node: Any, where: str) -> Any:
        if isinstance(node, list):
            return [walk(item, f"{where}[{i}]") for i, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            here = f"{where}.{key}" if where else key
            if key in ("@context", "@import"):
                out[key] = resolve(value, here)
            else:
                out[key] = walk(value, here)
        return out

    result = walk(document, "")
    if problems:
        raise InputError(problems, "the JSON-LD names a remote context; nothing was loaded")
    return result
