"""Keep a shared SPARQL query from making the user's machine call other hosts.

A ``SERVICE <http://…>`` clause asks the engine to send part of the query to
another endpoint: a ``.rq`` file passed around a team could make every
machine that runs it call an internal host, or hang on one that never
answers. :func:`service_endpoints` finds every ``SERVICE`` in a query (not
inside strings, IRIs or comments); :func:`refuse_federation` raises unless
each one names an endpoint the user allowed by name.

>>> service_endpoints('SELECT * { SERVICE SILENT <http://x/sparql> { ?s ?p ?o } }')
['http://x/sparql']
>>> service_endpoints('SELECT * { ?s ?p "SERVICE <http://x>" } # SERVICE <http://y>')
[]
"""

from __future__ import annotations

import re
from collections.abc import Collection

from icsgov.errors import QueryError

__all__ = ["refuse_federation", "service_endpoints"]

_TOKEN = re.compile(
    r"""
      (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<var>[?$][A-Za-z0-9_\u00b7-\U000effff]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def service_endpoints(query: str) -> list[str | None]:
    """The endpoint IRI of every ``SERVICE`` clause, ``None`` for ``SERVICE ?variable``."""
    tokens = [
        (m.lastgroup, m.group())
        for m in _TOKEN.finditer(query)
        if m.lastgroup not in ("comment", None) and not m.group().isspace()
    ]
    found: list[str | None] = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
            j += 1
        following = tokens[j] if j < len(tokens) else ("other", "")
        found.append(following[1][1:-1] if following[0] == "iri" else None)
    return found


def refuse_federation(query: str, allowed: Collection[str] = ()) -> None:
    """Raise :class:`QueryError` for a ``SERVICE`` to any endpoint not in ``allowed``.

    >>> refuse_federation('SELECT * { SERVICE <http://x/q> { ?s ?p ?o } }', ["http://x/q"])
    >>> try:
    ...     refuse_federation('SELECT * { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }')
    ... except QueryError as exc:
    ...     print(str(exc)[:56])
    the query sends part of itself to <http://10.0.0.1/> (SE
    """
    for endpoint in service_endpoints(query):
        if endpoint is None:
            raise QueryError(
                "the query sends part of itself to an endpoint chosen at run time "
                "(SERVICE ?variable); icsgov never contacts a host a query names. "
                "Fix: name the endpoint, and allow it with --allow-service URL"
            )
        if endpoint not in allowed:
            raise QueryError(
                f"the query sends part of itself to <{endpoint}> (SERVICE); icsgov contacts "
                "no host a query names unless you allow it. "
                f"Fix: remove the SERVICE clause, or add --allow-service {endpoint}"
            )
