"""The conformance suite asks every store the same questions over the same data.

``make_store`` is parametrised over every store that can run here; a test
written once against it runs on all of them and must get identical answers.

* ``STORES``: stores that need nothing but the data (memory, and the compiled
  graph the cache writes and the CLI opens).
* ``SERVER_STORES``: stores that need a server; each entry builds its factory
  from the test's fixtures. ``neo4j-server`` pushes the data to the session's
  real Neo4j 5 (tests/neo4j_server.py) and asks it through
  :class:`~icsgov.graph.neo4j.store.Neo4jStore`; ``neo4j-arcadedb`` does the same on
  the session's ArcadeDB Bolt server (tests/bolt_server.py).

A push costs far more than a question, so each distinct description (by
content) is pushed once per server, and again on Neo4j only when another
test has replaced what its single database holds; the stores are read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.graph.neo4j.bolt import BoltSettings
from icsgov.graph.store import GraphStore
from icsgov.ontology.governance import Governance
from tests.bolt_server import BoltTarget, content_key
from tests.compiled import compiled_store

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["SERVER_STORES", "STORES", "content_key", "make_store"]

StoreFactory = Callable[[Governance], GraphStore]

STORES: dict[str, StoreFactory] = {
    "memory": MemoryStore,
    "compiled": compiled_store,  # the cache's SQLite file, opened lazily (icsgov.graph.compiled)
}


@dataclass
class PushedDatabases:
    """Neo4j stores over one Bolt server's databases, one driver per server for the session."""

    target: BoltTarget
    _stack: ExitStack = field(default_factory=ExitStack)
    _drivers: dict[str, Driver] = field(default_factory=dict)

    def _driver(self, settings: BoltSettings) -> Driver:
        from icsgov.graph.neo4j.bolt import open_driver

        if settings.uri not in self._drivers:
            self._drivers[settings.uri] = self._stack.enter_context(open_driver(settings))
        return self._drivers[settings.uri]

    def store(self, gov: Governance) -> GraphStore:
        from icsgov.graph.neo4j.store import Neo4jStore

        settings = self.target.holding(gov)
        return Neo4jStore.from_driver(self._driver(settings), settings.database)

    def close(self) -> None:
        self._stack.close()


@pytest.fixture(scope="session")
def arcadedb_pushes(arcadedb_target: BoltTarget) -> Iterator[PushedDatabases]:
    """Descriptions pushed to the session's ArcadeDB server, by content."""
    pushed = PushedDatabases(arcadedb_target)
    try:
        yield pushed
    finally:
        pushed.close()


@pytest.fixture(scope="session")
def neo4j_pushes(neo4j_target: BoltTarget) -> Iterator[PushedDatabases]:
    """Descriptions pushed to the session's Neo4j 5 server, by content."""
    pushed = PushedDatabases(neo4j_target)
    try:
        yield pushed
    finally:
        pushed.close()


SERVER_STORES: dict[str, Callable[[pytest.FixtureRequest], StoreFactory]] = {
    "neo4j-arcadedb": lambda request: request.getfixturevalue("arcadedb_pushes").store,
    "neo4j-server": lambda request: request.getfixturevalue("neo4j_pushes").store,
    # RDF (tests/oxigraph_server.py): in-memory pyoxigraph, and the real `oxigraph serve`
    "rdf-embedded": lambda request: request.getfixturevalue("rdf_embedded_loads").store,
    "rdf-server": lambda request: request.getfixturevalue("rdf_server_loads").store,
}


@pytest.fixture(params=[*sorted(STORES), *sorted(SERVER_STORES)])
def make_store(request: pytest.FixtureRequest) -> StoreFactory:
    """A function that puts a Governance into one of the stores and returns the store."""
    if request.param in STORES:
        return STORES[request.param]
    return SERVER_STORES[request.param](request)
