"""The conformance suite asks every store the same questions over the same data.

``make_store`` is parametrised over every store that can run here; a test
written once against it runs on all of them and must get identical answers.

* ``STORES``: stores that need nothing but the data (memory).
* ``SERVER_STORES``: stores that need a server; each entry builds its factory
  from the test's fixtures. ``neo4j-arcadedb`` pushes the data into a database
  on the session's ArcadeDB Bolt server (tests/bolt_server.py) and asks it
  through :class:`~icsgov.graph.neo4j.Neo4jStore`; ``neo4j-server`` does the
  same against the real Neo4j named by ``NEO4J_URI`` (skipped when unset).

A push costs far more than a question, so each distinct description (by
content) is pushed once per session and server; the stores are read-only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from icsgov.graph._bolt import BoltSettings
from icsgov.graph.memory import MemoryStore
from icsgov.graph.store import GraphStore
from icsgov.ontology.governance import Governance
from tests.bolt_server import FOREIGN_LABEL, ArcadeBolt

if TYPE_CHECKING:
    from neo4j import Driver

StoreFactory = Callable[[Governance], GraphStore]

STORES: dict[str, StoreFactory] = {
    "memory": MemoryStore,
}


def content_key(gov: Governance) -> str:
    """A digest of everything a description holds, so equal descriptions share a push."""
    entities = sorted(
        ((type(e).__name__, e.model_dump(mode="json")) for e in gov), key=lambda x: x[1]["id"]
    )
    datasets = [repr(d) for d in gov.datasets]
    text = json.dumps([entities, datasets], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class PushedDatabases:
    """Descriptions pushed to one Bolt server in this session, one database each.

    On ArcadeDB every distinct description gets its own database. A real Neo4j
    has one database to work in, so a different description replaces what is
    there (only icsgov's nodes are deleted), and a description is pushed again
    if another test emptied the database in between.
    """

    arcade: ArcadeBolt | None
    neo4j_settings: BoltSettings | None = None
    _stack: ExitStack = field(default_factory=ExitStack)
    _drivers: dict[str, Driver] = field(default_factory=dict)
    _databases: dict[str, str | None] = field(default_factory=dict)
    _current: str | None = None

    def _driver(self, settings: BoltSettings) -> Driver:
        from icsgov.graph._bolt import open_driver

        if settings.uri not in self._drivers:
            self._drivers[settings.uri] = self._stack.enter_context(open_driver(settings))
        return self._drivers[settings.uri]

    def store(self, gov: Governance) -> GraphStore:
        from icsgov.graph.neo4j import Neo4jStore
        from icsgov.graph.neo4j_io import push

        key = content_key(gov)
        if self.arcade is not None:
            if key not in self._databases:
                name = self.arcade.create_database(f"conformance{len(self._databases) + 1}")
                settings = self.arcade.settings(name)
                push(gov, self._driver(settings), name)
                self._databases[key] = name
            settings = self.arcade.settings(self._databases[key] or "")
        else:
            assert self.neo4j_settings is not None
            settings = self.neo4j_settings
            driver = self._driver(settings)
            if self._current != key or _icsgov_nodes(driver, settings.database) != len(gov):
                with driver.session(database=settings.database) as session:
                    session.run(
                        "MATCH (n) WHERE n:IcsgovEntity OR n:IcsgovDataset "
                        f"OR n:{FOREIGN_LABEL} DETACH DELETE n"
                    ).consume()
                push(gov, driver, settings.database)
                self._current = key
        return Neo4jStore.from_driver(self._driver(settings), settings.database)

    def close(self) -> None:
        self._stack.close()


def _icsgov_nodes(driver: Driver, database: str | None) -> int:
    with driver.session(database=database) as session:
        record = session.run("MATCH (n:IcsgovEntity) RETURN count(n) AS n").single()
        return int(record["n"]) if record else 0


@pytest.fixture(scope="session")
def arcadedb_pushes(request: pytest.FixtureRequest) -> Iterator[PushedDatabases]:
    """Descriptions pushed to the session's ArcadeDB server, by content."""
    pushed = PushedDatabases(request.getfixturevalue("arcadedb_server"))
    try:
        yield pushed
    finally:
        pushed.close()


@pytest.fixture(scope="session")
def neo4j_pushes() -> Iterator[PushedDatabases]:
    """The real Neo4j named by NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set: no real Neo4j to test against")
    settings = BoltSettings(
        uri,
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", ""),
        os.environ.get("NEO4J_DATABASE") or None,
    )
    pushed = PushedDatabases(None, settings)
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
