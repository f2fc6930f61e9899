"""The Neo4j store: the GraphStore primitives answered by Cypher over a Bolt database.

It reads the schema :mod:`icsgov.graph.neo4j.io` writes (``icsgov neo4j push``):
one ``:IcsgovEntity`` node per entity, relationships typed by field. Each
primitive is one Cypher text shipped in ``icsgov/graph/neo4j/cypher/`` (so an
analyst can paste it into Neo4j Browser), run in a read transaction with
every value as a parameter. The only names put into Cypher text are class
labels from :data:`~icsgov.graph.neo4j.io.LABELS`.

Answers are the memory store's, to the entity: the same temporal rule
(``valid_from``/``valid_to`` inclusive, absent = open, ``as_of=None`` = any
date), the same order (by id), the same errors. ``governance`` pulls the whole
graph once, on first use; the hot primitives never read that copy.

For example, against a running server (so not a doctest)::

    store = Neo4jStore.open("bolt://localhost:7687", "neo4j", None, "secret")
    [f.id for f in store.footprint_chain("glos")]
    # -> ['glos', 'south-west', 'england']
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TypeVar, cast

from icsgov._suggest import close_matches
from icsgov.errors import NotFound, QueryError, StoreError
from icsgov.graph.common import find_forms, named, per_footprint
from icsgov.graph.neo4j.io import LABELS, entity_from_node, pull
from icsgov.graph.store import Closing, Direction, QueryResult
from icsgov.graph.texts import shipped_query
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    AccountabilityLine,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
)

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

__all__ = [
    "QUERY_NAMES",
    "Neo4jStore",
    "cypher_text",
    "parse_param",
    "refuse_writes",
]

E = TypeVar("E", bound=Entity)

QUERY_NAMES = (
    "decision_lineage",
    "delegations",
    "entities",
    "find",
    "footprint_chain",
    "get",
    "ids",
    "lines",
    "rights",
)
"""The Cypher texts shipped in ``icsgov/graph/neo4j/cypher/``, one per primitive."""

_UNUSUAL = r"(?s).*[^\x00-\x7F].*"
"""Text with a non-ASCII character: Cypher's ``toLower`` and Python's ``casefold``
may disagree on it, so ``find`` fetches such names and compares them in Python."""

_DIRECTIONS = {"up": (True, False), "down": (False, True), "both": (True, True)}

_LOST = "Could not ask the database ({detail}); is it running?"


def cypher_text(name: str) -> str:
    """The Cypher text of one shipped query (``icsgov/graph/neo4j/cypher/<name>.cypher``).

    >>> "PART_OF" in cypher_text("footprint_chain")
    True
    """
    return shipped_query("cypher", name, QUERY_NAMES)


class Neo4jStore(Closing):
    """A governance graph in a Neo4j 5 (or ArcadeDB) database, asked through Cypher.

    Build it from a driver you own (``Neo4jStore(driver, database)``), or let
    it open one (:meth:`open`, closed by :meth:`close` or ``with``).
    """

    name = "neo4j"

    def __init__(self, driver: Driver, database: str | None = None) -> None:
        self._driver = driver
        self._database = database
        self._gov: Governance | None = None
        self._resources = ExitStack()

    @classmethod
    def open(
        cls, uri: str, user: str, database: str | None = None, password: str = ""
    ) -> Neo4jStore:
        """Connect (and check the connection); failures are ``StoreError`` without the password.

        For example, against a running server (so not a doctest)::

            Neo4jStore.open("bolt://localhost:7687", "neo4j", "gov", "pw")
            # -> <Neo4jStore bolt://localhost:7687 database gov>
        """
        from icsgov.graph.neo4j.bolt import BoltSettings, open_driver

        stack = ExitStack()
        driver = stack.enter_context(open_driver(BoltSettings(uri, user, password, database)))
        store = cls(driver, database)
        store._resources = stack
        return store

    @classmethod
    def from_driver(cls, driver: Driver, database: str | None = None) -> Neo4jStore:
        """A store over a driver the caller keeps (and closes)."""
        return cls(driver, database)

    def close(self) -> None:
        """Close the driver if :meth:`open` made it; a driver passed in is left open."""
        self._resources.close()

    def __repr__(self) -> str:
        where = f" database {self._database}" if self._database else ""
        return f"<Neo4jStore{where}>"

    # --- running the shipped texts ---------------------------------------------

    def _read(self, name: str, text: str | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run one shipped query in a read transaction and return its records as dicts."""

        query = text if text is not None else cypher_text(name)

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        from icsgov.graph.neo4j.bolt import bolt_errors, resolve_database

        with bolt_errors(
            f"The database refused icsgov's '{name}' query ({{code}}): {{fix}}",
            _LOST,
            database=self._database,
        ):
            if self._database is None:  # named once, so no session asks the server again
                self._database = resolve_database(self._driver, None)
            with self._driver.session(database=self._database) as session:
                return session.execute_read(work)

    def _entities(
        self, name: str, text: str | None = None, **params: Any
    ) -> list[tuple[Entity, dict[str, Any]]]:
        return [
            (entity_from_node(row["labels"], row["props"]), row)
            for row in self._read(name, text, **params)
        ]

    def query(self, text: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run an analyst's read-only Cypher in a read transaction (write clauses refused).

        Nodes, relationships and paths come back as plain dicts and lists.

        For example, against a running server (so not a doctest)::

            store.query("MATCH (f:Footprint) RETURN f.id AS id LIMIT 1").columns
            # -> ['id']
        """

        refuse_writes(text)

        def work(tx: ManagedTransaction) -> QueryResult:
            result = tx.run(text, params or {})
            rows = [[_plain(value) for value in record.values()] for record in result]
            return QueryResult(list(result.keys()), rows)

        from icsgov.graph.neo4j.bolt import bolt_errors

        with (
            bolt_errors(
                "The database refused the query ({code}): {fix}",
                _LOST,
                refused_as=QueryError,
                explained=False,
            ),
            self._driver.session(database=self._database, default_access_mode="READ") as s,
        ):
            return s.execute_read(work)

    # --- the GraphStore primitives ------------------------------------------------

    @property
    def governance(self) -> Governance:
        """The whole description, pulled from the database on first use and kept."""
        if self._gov is None:
            self._gov = pull(self._driver, self._database)
        return self._gov

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; ``NotFound`` with the closest ids otherwise."""
        found = self._entities("get", id=entity_id)
        if not found:
            ids = sorted(row["id"] for row in self._read("ids"))
            raise NotFound("entity", entity_id, close_matches(entity_id, ids))
        return found[0][0]

    def entities(self, kind: type[E]) -> list[E]:
        """Every entity of a class, sorted by id."""
        label = next((name for name, cls in LABELS.items() if cls is kind), None)
        if label is None:
            raise StoreError(f"'{kind.__name__}' is not an icsgov class.")
        text = cypher_text("entities").replace("{label}", label)
        found = [cast(E, entity) for entity, _ in self._entities("entities", text)]
        return sorted(found, key=lambda e: e.id)

    def find(self, text: str) -> list[Entity]:
        """Entities whose id, code, name or alias equals ``text`` (case-insensitive)."""
        candidates = self._entities("find", forms=find_forms(text), unusual=_UNUSUAL)
        return named((e for e, _ in candidates), text)

    def footprint_chain(self, footprint_id: str, as_of: dt.date | None = None) -> list[Footprint]:
        """The footprint and every footprint it is part of, most local first.

        Like the memory store, the chain does not depend on ``as_of``.
        """
        return self._chain("footprint_chain", Footprint, "footprint", footprint=footprint_id)

    def decision_lineage(self, decision_id: str) -> list[DecisionType]:
        """The decision type and its broader types, narrowest first."""
        return self._chain("decision_lineage", DecisionType, "decision type", decision=decision_id)

    def _chain(self, name: str, kind: type[E], what: str, **params: str) -> list[E]:
        (start,) = params.values()
        rows = self._entities(name, **params)
        if not rows:
            self.get(start)  # raises NotFound with suggestions
        chain: list[E] = []
        for entity, _row in rows:
            if not isinstance(entity, kind):
                raise NotFound(what, entity.id)
            chain.append(entity)
        return chain

    def rights(
        self, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None = None
    ) -> list[DecisionRight]:
        """Rights for exactly this decision type at any of these footprints, valid at ``as_of``."""
        asked = list(footprint_ids)
        rows = self._entities(
            "rights", decision=decision_id, footprints=sorted(set(asked)), as_of=as_of
        )
        return per_footprint((cast(DecisionRight, r) for r, _ in rows), asked)

    def delegations(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[Delegation]:
        """Delegations made to the actor (``up``) or by it (``down``), or both."""
        up, down = _direction(direction)
        rows = self._entities("delegations", actor=actor_id, up=up, down=down, as_of=as_of)
        return sorted((cast(Delegation, d) for d, _ in rows), key=lambda d: d.id)

    def lines(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[AccountabilityLine]:
        """Accountability lines from the actor (``up``) or to it (``down``), or both."""
        up, down = _direction(direction)
        rows = self._entities("lines", actor=actor_id, up=up, down=down, as_of=as_of)
        return sorted((cast(AccountabilityLine, x) for x, _ in rows), key=lambda x: x.id)


def _direction(direction: str) -> tuple[bool, bool]:
    """(up, down) for a direction; anything else asks for nothing, as in the memory store."""
    return _DIRECTIONS.get(direction, (False, False))


# --- analysts' read-only queries ------------------------------------------------------


_HIDDEN = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL
)
_WRITES = re.compile(
    r"(?<![.\w$])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|ALTER|RENAME"
    r"|GRANT|DENY|REVOKE|TERMINATE|IN\s+TRANSACTIONS)\b(?!\s*:)",
    re.IGNORECASE,
)
_WRITING_PROCEDURE = re.compile(
    r"(?<![\w$])CALL\s+([\w.]*\.)?((create|merge|delete|set|remove|drop|refactor|periodic|load"
    r"|import|trigger|cypher|do)\w*)",
    re.IGNORECASE,
)


def refuse_writes(text: str) -> None:
    """Raise ``QueryError`` if Cypher ``text`` could change the database.

    Comments, strings and quoted names are ignored, so ``WHERE n.name = 'Set up'``
    is fine. The query also runs in a read transaction, which Neo4j enforces.

    >>> refuse_writes("MATCH (n) WHERE n.name = 'Create' RETURN n")
    >>> refuse_writes("MATCH (n) DETACH DELETE n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    icsgov.errors.QueryError: 'icsgov neo4j query' only reads: DETACH changes the database...
    """
    visible = _HIDDEN.sub(" ", text)
    found = _WRITES.search(visible) or _WRITING_PROCEDURE.search(visible)
    if found:
        clause = " ".join(found.group(0).split()).upper()
        raise QueryError(
            f"'icsgov neo4j query' only reads: {clause} changes the database. "
            "Use 'icsgov neo4j push' to write, or run the statement in Neo4j Browser."
        )


_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_param(text: str) -> tuple[str, Any]:
    """``name=value`` to a Cypher parameter: JSON values as JSON, YYYY-MM-DD as a date, else text.

    >>> parse_param("as_of=2024-04-01")
    ('as_of', datetime.date(2024, 4, 1))
    >>> parse_param('footprints=["glos", "england"]')
    ('footprints', ['glos', 'england'])
    >>> parse_param("decision=approve-capital-scheme")
    ('decision', 'approve-capital-scheme')
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not _PARAM_NAME.match(name):
        raise QueryError(
            f"'{text}' is not a parameter; write it as NAME=VALUE, e.g. decision=capital "
            "(the name is letters, digits and _; use it as $NAME in the query)."
        )
    if _ISO_DATE.match(raw):
        try:
            return name, dt.date.fromisoformat(raw)
        except ValueError:
            raise QueryError(f"'{raw}' (parameter {name}) is not a real date.") from None
    try:
        return name, json.loads(raw)
    except ValueError:
        return name, raw


def _plain(value: Any) -> Any:
    """A driver value as plain Python: nodes and relationships as dicts, Neo4j times native."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": _plain(dict(value))}
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": value.start_node.get("id") if value.start_node else None,
            "end": value.end_node.get("id") if value.end_node else None,
            "properties": _plain(dict(value)),
        }
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value
