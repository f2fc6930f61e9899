"""SPARQL plumbing for the RDF store: safe parameters, result terms, and the three engines.

Parameters never reach a query as text a user wrote: each shipped ``.rq``
file carries a ``VALUES ?name { ... }`` block with an example value, and
:func:`bind` replaces that block with values written by :func:`sparql_term`,
the one escaping function. Literals are quoted and escaped, IRIs are checked
against the characters SPARQL forbids in them, dates are typed. A hostile
string (quotes, backslashes, newlines, ``}``, SPARQL keywords) stays one
literal and round-trips exactly.

>>> sparql_term('say "hi"\\n}')
'"say \\\\"hi\\\\"\\\\n}"'
>>> bind('SELECT * WHERE { VALUES ?x { "example" } }', x=["a", Iri("https://e.org/b")])
'SELECT * WHERE { VALUES ?x { "a" <https://e.org/b> } }'

The engines answer SELECT queries as rows of :class:`Term`, so the store
above them does not care whether the answer came from an embedded
Oxigraph, rdflib's in-memory graph or an HTTP endpoint (SPARQL 1.1
protocol over the standard library's ``urllib``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol, cast

from icsgov.errors import QueryError, StoreError

__all__ = [
    "Engine",
    "HttpEngine",
    "Iri",
    "OxigraphEngine",
    "RdflibEngine",
    "Row",
    "Term",
    "bind",
    "sparql_term",
]

XSD = "http://www.w3.org/2001/XMLSchema#"


class Iri(str):
    """A string meant as an IRI (``<...>``) rather than a literal."""

    __slots__ = ()


class Term(NamedTuple):
    """One RDF term in an answer: ``kind`` is ``uri``, ``literal`` or ``bnode``."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None


Row = dict[str, Term]

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_BACKSLASH_U = re.compile(r"\\\\([uU])")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _spell_u(match: re.Match[str]) -> str:
    return "\\\\" + f"\\U{ord(match.group(1)):08X}"


def sparql_term(value: object) -> str:
    """``value`` written as a SPARQL term: the only way a value enters a query.

    ``str`` becomes a quoted literal with every special character escaped;
    :class:`Iri` an ``<IRI>`` (refused if it holds a character IRIs may not
    hold); ``bool``, ``int``, ``float`` and ``datetime.date`` typed literals;
    ``None`` the ``UNDEF`` of a ``VALUES`` block.

    >>> sparql_term(dt.date(2024, 4, 1))
    '"2024-04-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> sparql_term(None)
    'UNDEF'
    """
    if value is None:
        return "UNDEF"
    if isinstance(value, Iri):
        if _IRI_FORBIDDEN.search(value):
            raise QueryError(f"{str(value)!r} is not a valid IRI (it holds a forbidden character)")
        return f"<{value}>"
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}double>'
    if isinstance(value, dt.datetime):
        raise QueryError("give a date, not a date and time")
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^<{XSD}date>'
    if isinstance(value, str):
        escaped = "".join(_ECHAR.get(c, c) for c in value)
        # SPARQL lets engines expand \uXXXX before parsing, so a backslash followed by
        # "u" in the text could turn into another character: write that "u" as \u0075
        # too, which every engine, expanding early or late, reads back as "u".
        return '"' + _BACKSLASH_U.sub(_spell_u, escaped) + '"'
    raise QueryError(f"cannot put a {type(value).__name__} into a SPARQL query")


_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{[^}]*\}")


def bind(query: str, **params: object) -> str:
    """Fill each ``VALUES ?name { ... }`` block of a shipped query with escaped values.

    A parameter may be one value or a sequence of values (an empty sequence
    matches nothing). Naming a parameter the query does not have is an error.
    """
    seen: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        seen.add(name)
        raw = params[name]
        values: Iterable[object] = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
        body = " ".join(sparql_term(v) for v in values)
        return f"VALUES ?{name} {{ {body} }}" if body else f"VALUES ?{name} {{ }}"

    text = _VALUES.sub(fill, query)
    missing = set(params) - seen
    if missing:
        raise QueryError(f"the query has no VALUES block for {', '.join(sorted(missing))}")
    return text


class Engine(Protocol):
    """Something that answers SPARQL: SELECT rows, whole-graph dumps, updates."""

    def select(self, query: str) -> list[Row]:
        """The rows of a SELECT query."""
        ...

    def ask_or_select(self, query: str) -> bool | tuple[list[str], list[Row]]:
        """A read-only query's answer: a boolean (ASK) or the variables and rows."""
        ...

    def dump(self) -> str:
        """Every triple of the graph, as N-Triples."""
        ...

    def replace(self, ntriples: str) -> None:
        """Replace the graph's content by these N-Triples, all or nothing."""
        ...

    def close(self) -> None:
        """Let go of what the engine holds (nothing, for an HTTP endpoint or rdflib)."""
        ...


# --- embedded Oxigraph --------------------------------------------------------


def _oxi_term(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.Literal):
        return Term("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    return Term("literal", str(term))


class OxigraphEngine:
    """An embedded pyoxigraph store; the data lives in one named graph."""

    def __init__(self, path: str | None, graph: str) -> None:
        import pyoxigraph as ox

        try:
            self._store: Any = ox.Store(path) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"Cannot open the Oxigraph store at {path}: {exc}") from None
        self.graph = ox.NamedNode(graph)
        self.path = path

    @property
    def store(self) -> Any:
        """The pyoxigraph store; ``StoreError`` once closed."""
        if self._store is None:
            raise StoreError(
                f"The Oxigraph store{f' at {self.path}' if self.path else ''} is closed."
            )
        return self._store

    def close(self) -> None:
        """Write what is pending (a folder) and let go of the store, so another may open it."""
        if self._store is not None and self.path is not None:
            self._store.flush()
        self._store = None

    def _query(self, query: str) -> Any:
        try:
            return self.store.query(query, default_graph=self.graph)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise StoreError(f"The Oxigraph store could not answer: {exc}") from None

    def select(self, query: str) -> list[Row]:
        """The rows of a SELECT query."""
        result = self._query(query)
        names = [v.value for v in result.variables]
        rows: list[Row] = []
        for solution in result:
            row: Row = {}
            for name in names:
                term = _oxi_term(solution[name])
                if term is not None:
                    row[name] = term
            rows.append(row)
        return rows

    def ask_or_select(self, query: str) -> bool | tuple[list[str], list[Row]]:
        """A read-only query's answer: a boolean (ASK) or the variables and rows."""
        import pyoxigraph as ox

        result = self._query(query)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            raise QueryError("CONSTRUCT and DESCRIBE are not supported here; use SELECT or ASK")
        names = [v.value for v in result.variables]
        rows = [
            {n: t for n in names if (t := _oxi_term(solution[n])) is not None}
            for solution in result
        ]
        return names, rows

    def dump(self) -> str:
        """Every triple of the graph, as N-Triples."""
        import pyoxigraph as ox

        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=self.graph)
        return data.decode("utf-8") if data is not None else ""

    def replace(self, ntriples: str) -> None:
        """Load into a staging graph (one transaction), then swap it in (one update).

        An empty graph is loaded directly, in one transaction.
        """
        import pyoxigraph as ox

        if not self.store.query(f"ASK {{ GRAPH <{self.graph.value}> {{ ?s ?p ?o }} }}"):
            try:  # nothing to replace: one load transaction into the graph is enough
                self.store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=self.graph)
            except (SyntaxError, OSError) as exc:
                raise StoreError(f"Oxigraph refused the data; nothing was changed: {exc}") from None
            return
        staging = ox.NamedNode(self.graph.value + "#staging")
        self.store.update(f"DROP SILENT GRAPH <{staging.value}>")
        try:
            self.store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=staging)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"Oxigraph refused the data; nothing was changed: {exc}") from None
        self.store.update(f"MOVE SILENT GRAPH <{staging.value}> TO GRAPH <{self.graph.value}>")
        if self.path is not None:
            self.store.flush()


# --- rdflib's in-memory graph (the benchmark's baseline) -------------------------


def _rdflib_term(term: Any) -> Term | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return Term("uri", str(term))
    if isinstance(term, rdflib.BNode):
        return Term("bnode", str(term))
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype else None
        if datatype is None and not term.language:
            datatype = XSD + "string"
        return Term("literal", str(term), datatype, term.language)
    return Term("literal", str(term))


class RdflibEngine:
    """rdflib's in-memory ``Graph`` running the same SPARQL (slow; a baseline)."""

    def __init__(self, graph: Any = None) -> None:
        import rdflib

        self.graph = graph if graph is not None else rdflib.Graph()

    def close(self) -> None:
        """Nothing to let go of: the graph belongs to the caller."""

    def select(self, query: str) -> list[Row]:
        """The rows of a SELECT query."""
        answer = self.ask_or_select(query)
        assert not isinstance(answer, bool)
        return answer[1]

    def ask_or_select(self, query: str) -> bool | tuple[list[str], list[Row]]:
        """A read-only query's answer: a boolean (ASK) or the variables and rows."""
        try:
            result = self.graph.query(query)
        except Exception as exc:  # rdflib raises pyparsing's exceptions for syntax
            raise QueryError(f"SPARQL error: {exc}") from None
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type != "SELECT":
            raise QueryError("CONSTRUCT and DESCRIBE are not supported here; use SELECT or ASK")
        names = [str(v) for v in result.vars or []]
        rows = [
            {n: t for n in names if (t := _rdflib_term(row[n])) is not None}
            for row in cast(Any, result)
        ]
        return names, rows

    def dump(self) -> str:
        """Every triple of the graph, as N-Triples."""
        return str(self.graph.serialize(format="nt"))

    def replace(self, ntriples: str) -> None:
        """Replace the graph's content (rdflib parses first, so a bad file changes nothing)."""
        import rdflib

        fresh = rdflib.Graph()
        fresh.parse(data=ntriples, format="nt")
        self.graph.remove((None, None, None))
        self.graph += fresh


# --- a SPARQL 1.1 endpoint over HTTP -------------------------------------------

_BNODE_LINE = re.compile(r"(^_:|\s_:\S+\s*\.\s*$)")


class HttpEngine:
    """A remote endpoint: SPARQL 1.1 query and update protocol, form-encoded POSTs.

    ``graph`` names the graph the data is in (sent as ``default-graph-uri``);
    ``None`` uses the endpoint's default graph. Loading sends ``INSERT DATA``
    in batches into a staging graph of its own and then moves it over the target
    in one update, so a failed load leaves the target as it was and concurrent
    loads of the same data converge. A load cut off by the server stopping may
    leave its ``#staging-<hex>`` graph behind; nothing reads it.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph: str | None = None,
        timeout: float = 60.0,
        batch_size: int = 20_000,
    ) -> None:
        for url in (query_url, update_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"'{url}' is not an http(s) URL for a SPARQL endpoint")
        self.query_url = query_url
        self.update_url = update_url
        self.graph = graph
        self.timeout = timeout
        self.batch_size = batch_size

    def close(self) -> None:
        """Nothing to let go of: every request opens and closes its own connection."""

    def _post(self, url: str, form: Sequence[tuple[str, str]], accept: str) -> bytes:
        body = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": accept,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace").strip()[:500]
            if exc.code == 400:
                raise QueryError(f"The endpoint {url} refused the request: {detail}") from None
            raise StoreError(f"The endpoint {url} answered HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(
                f"Could not reach the SPARQL endpoint {url} ({reason}); is it running?"
            ) from None

    def _query_form(self, query: str) -> list[tuple[str, str]]:
        form = [("query", query)]
        if self.graph is not None:
            form.append(("default-graph-uri", self.graph))
        return form

    def select(self, query: str) -> list[Row]:
        """The rows of a SELECT query."""
        answer = self.ask_or_select(query)
        if isinstance(answer, bool):
            raise QueryError("expected a SELECT query, got an ASK answer")
        return answer[1]

    def ask_or_select(self, query: str) -> bool | tuple[list[str], list[Row]]:
        """A read-only query's answer: a boolean (ASK) or the variables and rows."""
        raw = self._post(self.query_url, self._query_form(query), "application/sparql-results+json")
        try:
            doc = json.loads(raw)
        except ValueError:
            raise QueryError(
                "The endpoint did not answer with SPARQL JSON results "
                "(CONSTRUCT and DESCRIBE are not supported here; use SELECT or ASK)"
            ) from None
        if "boolean" in doc:
            return bool(doc["boolean"])
        names = list(doc.get("head", {}).get("vars", []))
        rows = [
            {name: _json_term(value) for name, value in binding.items()}
            for binding in doc.get("results", {}).get("bindings", [])
        ]
        return names, rows

    def dump(self) -> str:
        """Every triple of the graph, as N-Triples (a CONSTRUCT of everything)."""
        raw = self._post(
            self.query_url,
            self._query_form("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
            "application/n-triples",
        )
        return raw.decode("utf-8")

    def update(self, text: str) -> None:
        """Run a SPARQL update (needs ``update_url``)."""
        if self.update_url is None:
            raise StoreError("This endpoint was opened read-only: give an update URL to load data")
        self._post(self.update_url, [("update", text)], "*/*")

    def replace(self, ntriples: str) -> None:
        """Batches of ``INSERT DATA`` into a staging graph, then one ``MOVE`` over the target.

        Endpoints with snapshot isolation (Oxigraph) let two concurrent ``MOVE``s
        both land, leaving the union of their blank nodes; the count of the target
        is checked after the move and the load repeated (after a random pause)
        until it holds exactly the triples sent.
        """
        lines = list(dict.fromkeys(line for line in ntriples.splitlines() if line.strip()))
        for attempt in range(_SWAP_ATTEMPTS):
            self._stage_and_move(lines)
            if self._count() == len(lines):
                return
            time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))
        raise StoreError(
            "Another load of the same graph kept running at the same time; load again when "
            "it has finished"
        )

    def _count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"].value) if rows else 0

    def _stage_and_move(self, lines: list[str]) -> None:
        target = f"GRAPH <{self.graph}>" if self.graph is not None else "DEFAULT"
        # one staging graph per load: concurrent loads must not drop or fill each other's
        staging = (self.graph or "urn:icsgov:graph") + f"#staging-{uuid.uuid4().hex}"
        # blank nodes are scoped to one request: keep every triple naming one together
        with_bnodes = [line for line in lines if _BNODE_LINE.search(line)]
        plain = [line for line in lines if not _BNODE_LINE.search(line)]
        batches = [with_bnodes] if with_bnodes else []
        batches += [plain[i : i + self.batch_size] for i in range(0, len(plain), self.batch_size)]
        try:
            for batch in batches:
                body = "\n".join(batch)
                self.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")
        except Exception:
            self.update(f"DROP SILENT GRAPH <{staging}>")
            raise
        self.update(f"MOVE SILENT GRAPH <{staging}> TO {target}")


_SWAP_ATTEMPTS = 6


def _json_term(value: dict[str, str]) -> Term:
    kind = value.get("type", "literal")
    if kind == "typed-literal":
        kind = "literal"
    datatype = value.get("datatype")
    language = value.get("xml:lang")
    if kind == "literal" and datatype is None and language is None:
        datatype = XSD + "string"
    return Term(kind, value.get("value", ""), datatype, language)
