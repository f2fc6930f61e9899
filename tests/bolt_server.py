"""A real Bolt server for the tests: ArcadeDB's Bolt plugin, in this process, on 127.0.0.1.

``arcadedb-embedded`` (PyPI) bundles ArcadeDB and a Java runtime; its server
runs inside this Python process through JPype, so it must be stopped in a
``finally`` or the JVM keeps the process alive. It writes ``./log/`` in the
working directory of the moment the JVM starts, so it is started from a
temporary directory. Ports are found free at run time.

When ``NEO4J_URI`` is set (with ``NEO4J_USER``/``NEO4J_PASSWORD`` and
optionally ``NEO4J_DATABASE``), ``bolt_target`` is also a real Neo4j. The
suite then deletes only nodes with icsgov's labels (and the test's foreign
label) from that database, never anything else.

Fixtures: ``arcadedb_server`` (session), ``bolt_target`` (session, one per
server), ``bolt_database`` (a clean database for one test).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from icsgov.graph._bolt import BoltSettings

__all__ = [
    "FOREIGN_LABEL",
    "ArcadeBolt",
    "BoltTarget",
    "arcadedb_server",
    "bolt_database",
    "bolt_target",
]

FOREIGN_LABEL = "IcsgovTestForeign"
"""A label icsgov never writes: tests put such nodes in and check they survive."""

ROOT_USER = "root"
ROOT_PASSWORD = "arcade-Test-pw-7f3c"  # ArcadeDB wants 8+ characters


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


class ArcadeBolt:
    """One ArcadeDB server with the Bolt plugin; can be stopped and started again on its data."""

    def __init__(self, root: Path, workdir: Path) -> None:
        self.root = root
        self.workdir = workdir
        self.bolt_port = free_port()
        self.http_port = free_port()
        self._server: Any = None
        self.databases: set[str] = set()
        self.start_seconds = 0.0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def settings(self, database: str) -> BoltSettings:
        return BoltSettings(self.uri, ROOT_USER, ROOT_PASSWORD, database)

    def start(self) -> None:
        """Start (or start again, on the same root path and ports) and reopen known databases."""
        from arcadedb_embedded.server import ArcadeDBServer

        began = time.perf_counter()
        with _working_directory(self.workdir):
            self._server = ArcadeDBServer(
                root_path=str(self.root),
                root_password=ROOT_PASSWORD,
                config={
                    "http_port": self.http_port,
                    "host": "127.0.0.1",
                    "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                    "bolt_port": self.bolt_port,
                },
            )
            self._server.start()
            for name in sorted(self.databases):
                self._server.create_database(name)  # opens it: it exists on disk
        self.start_seconds = time.perf_counter() - began

    def create_database(self, name: str) -> str:
        self._server.create_database(name)
        self.databases.add(name)
        return name

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


@dataclass
class BoltTarget:
    """A Bolt server the suite runs against, and how to get a clean database on it."""

    name: str
    arcade: ArcadeBolt | None
    neo4j_settings: BoltSettings | None = None
    _count: int = 0

    def fresh(self) -> BoltSettings:
        """Settings for a database with no icsgov (or test) nodes in it."""
        if self.arcade is not None:
            self._count += 1
            return self.arcade.settings(self.arcade.create_database(f"t{self._count}"))
        assert self.neo4j_settings is not None
        from icsgov.graph._bolt import open_driver

        with (
            open_driver(self.neo4j_settings) as driver,
            driver.session(database=self.neo4j_settings.database) as session,
        ):
            session.run(
                "MATCH (n) WHERE n:IcsgovEntity OR n:IcsgovDataset "
                f"OR n:{FOREIGN_LABEL} DETACH DELETE n"
            ).consume()
        return self.neo4j_settings


@pytest.fixture(scope="session")
def arcadedb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArcadeBolt]:
    """ArcadeDB with Bolt on 127.0.0.1, for the whole session; stopped however the run ends."""
    pytest.importorskip(
        "arcadedb_embedded", reason="install the test extra: pip install -e .[test]"
    )
    server = ArcadeBolt(tmp_path_factory.mktemp("arcadedb"), tmp_path_factory.mktemp("arcade-cwd"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", params=["arcadedb", "neo4j"])
def bolt_target(request: pytest.FixtureRequest) -> BoltTarget:
    """Each Bolt server to test against: ArcadeDB always, Neo4j when NEO4J_URI is set."""
    if request.param == "arcadedb":
        return BoltTarget("arcadedb", request.getfixturevalue("arcadedb_server"))
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set: no real Neo4j to test against")
    return BoltTarget(
        "neo4j",
        None,
        BoltSettings(
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE") or None,
        ),
    )


@pytest.fixture
def bolt_database(bolt_target: BoltTarget) -> BoltSettings:
    """A clean database for one test, on each Bolt server."""
    return bolt_target.fresh()
