"""A real Bolt server for the tests: ArcadeDB's Bolt plugin, in its own process, on 127.0.0.1.

``arcadedb-embedded`` (PyPI) bundles ArcadeDB and a Java runtime. The server
runs in a child Python process (``tests/arcadedb_process.py``), started from a
temporary directory (it writes ``./log/`` there) and stopped in a ``finally``;
ports are found free at run time.

``bolt_target`` is each Bolt server in turn: ArcadeDB and a real Neo4j 5
(tests/neo4j_server.py). On Neo4j the suite deletes only nodes with
icsgov's labels (and the test's foreign label), never anything else.

Fixtures: ``arcadedb_server`` (session), ``arcadedb_target`` and
``neo4j_target`` (session), ``bolt_target`` (session, one per server),
``bolt_database`` (a clean database for one test).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from icsgov.graph.neo4j.bolt import BoltSettings, open_driver
from icsgov.graph.neo4j.io import push
from icsgov.ontology.governance import Governance
from tests.neo4j_server import PROBE_USER, Neo4jServer

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = [
    "FOREIGN_LABEL",
    "ArcadeBolt",
    "BoltTarget",
    "arcadedb_server",
    "arcadedb_target",
    "bolt_database",
    "bolt_target",
    "neo4j_target",
]

FOREIGN_LABEL = "IcsgovTestForeign"
"""A label icsgov never writes: tests put such nodes in and check they survive."""

ROOT_USER = "root"
ROOT_PASSWORD = "arcade-Test-pw-7f3c"  # ArcadeDB wants 8+ characters
PASSWORD_VARIABLE = "ICSGOV_TEST_ARCADEDB_PASSWORD"
"""How the child server process gets its root password: the environment, not argv."""


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
    """One ArcadeDB server with the Bolt plugin, in a child process (``tests.arcadedb_process``).

    It can be stopped and started again on its data and ports. Keeping the JVM
    out of the test process means nothing Java is left for the interpreter to
    tear down when the run ends.
    """

    def __init__(self, root: Path, workdir: Path) -> None:
        self.root = root
        self.workdir = workdir
        self.bolt_port = free_port()
        self.http_port = free_port()
        self._process: subprocess.Popen[str] | None = None
        self._answers = workdir / "arcadedb-answers.txt"
        self.databases: set[str] = set()
        self.start_seconds = 0.0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def settings(self, database: str) -> BoltSettings:
        return BoltSettings(self.uri, ROOT_USER, ROOT_PASSWORD, database)

    def start(self) -> None:
        """Start (or start again, on the same root path and ports) and reopen known databases."""
        began = time.perf_counter()
        self._answers.write_text("")
        config = {
            "root": str(self.root),
            "http_port": self.http_port,
            "bolt_port": self.bolt_port,
            "databases": sorted(self.databases),
            "answers": str(self._answers),
        }
        log = (self.workdir / "arcadedb.log").open("a")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.arcadedb_process", json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
            env={
                **os.environ,
                "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
                PASSWORD_VARIABLE: ROOT_PASSWORD,  # never on a command line
            },
            text=True,
        )
        log.close()
        self._await("ready")
        self.start_seconds = time.perf_counter() - began

    def _await(self, answer: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while answer not in self._answers.read_text().splitlines():
            assert self._process is not None
            if self._process.poll() is not None:
                log = (self.workdir / "arcadedb.log").read_text()[-3000:]
                raise RuntimeError(f"ArcadeDB ended before '{answer}':\n{log}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"ArcadeDB did not say '{answer}' in {timeout:.0f} s")
            time.sleep(0.05)

    def _tell(self, line: str) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()

    def create_database(self, name: str) -> str:
        self._tell(f"create {name}")
        self._await(f"created {name}")
        self.databases.add(name)
        return name

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            assert process.stdin is not None
            process.stdin.write("stop\n")
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def content_key(gov: Governance) -> str:
    """A digest of everything a description holds, so equal descriptions share a push."""
    entities = sorted(
        ((type(e).__name__, e.model_dump(mode="json")) for e in gov), key=lambda x: x[1]["id"]
    )
    datasets = [repr(d) for d in gov.datasets]
    text = json.dumps([entities, datasets], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class BoltTarget:
    """A Bolt server the suite runs against, and how to get a database with known contents.

    ArcadeDB gives every test (and every description) a database of its own.
    Neo4j Community has one database: :meth:`fresh` empties it, and
    :meth:`holding` pushes a description again whenever something else has
    been written there since (it remembers what it pushed last and checks
    the node count, in case a test wrote without asking).
    """

    name: str
    arcade: ArcadeBolt | None = None
    neo4j: Neo4jServer | None = None
    _count: int = 0
    _databases: dict[str, str] = field(default_factory=dict)
    _current: str | None = None

    @property
    def uri(self) -> str:
        server = self.arcade or self.neo4j
        assert server is not None
        return server.uri

    @property
    def probe_user(self) -> str:
        """A user for wrong-password tests: on Neo4j, not the one other tests log in as
        (three failures lock a user out for a few seconds)."""
        return PROBE_USER if self.neo4j is not None else ROOT_USER

    def fresh(self) -> BoltSettings:
        """Settings for a database with no icsgov (or test) nodes in it."""
        if self.arcade is not None:
            self._count += 1
            return self.arcade.settings(self.arcade.create_database(f"t{self._count}"))
        assert self.neo4j is not None
        settings = self.neo4j.settings()
        self._current = None
        with open_driver(settings) as driver:
            driver.execute_query(
                "MATCH (n) WHERE n:IcsgovEntity OR n:IcsgovDataset "
                f"OR n:{FOREIGN_LABEL} DETACH DELETE n",
                database_=settings.database,
            )
        return settings

    def holding(self, gov: Governance) -> BoltSettings:
        """Settings for a database that holds ``gov`` and nothing else of icsgov's."""
        key = content_key(gov)
        if self.arcade is not None:
            if key not in self._databases:
                self._count += 1
                name = self.arcade.create_database(f"h{self._count}")
                with open_driver(self.arcade.settings(name)) as driver:
                    push(gov, driver, name)
                self._databases[key] = name
            return self.arcade.settings(self._databases[key])
        assert self.neo4j is not None
        settings = self.neo4j.settings()
        with open_driver(settings) as driver:
            if self._current == key and _entity_count(driver, settings) == len(gov):
                return settings
        settings = self.fresh()
        with open_driver(settings) as driver:
            push(gov, driver, settings.database)
        self._current = key
        return settings


def _entity_count(driver: Driver, settings: BoltSettings) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n:IcsgovEntity) RETURN count(n) AS n", database_=settings.database
    )
    return int(records[0]["n"])


@pytest.fixture(scope="session")
def arcadedb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArcadeBolt]:
    """ArcadeDB with Bolt on 127.0.0.1, for the whole session; stopped however the run ends."""
    server = ArcadeBolt(tmp_path_factory.mktemp("arcadedb"), tmp_path_factory.mktemp("arcade-cwd"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def arcadedb_target(arcadedb_server: ArcadeBolt) -> BoltTarget:
    """The session's ArcadeDB server as a :class:`BoltTarget`."""
    return BoltTarget("arcadedb", arcade=arcadedb_server)


@pytest.fixture(scope="session")
def neo4j_target(neo4j_server: Neo4jServer) -> BoltTarget:
    """The session's Neo4j server as a :class:`BoltTarget` (one state for the whole session)."""
    return BoltTarget("neo4j", neo4j=neo4j_server)


@pytest.fixture(scope="session", params=["arcadedb", "neo4j"])
def bolt_target(request: pytest.FixtureRequest) -> BoltTarget:
    """Each Bolt server to test against: ArcadeDB and Neo4j 5, both started by the suite."""
    target: BoltTarget = request.getfixturevalue(f"{request.param}_target")
    return target


@pytest.fixture
def bolt_database(bolt_target: BoltTarget) -> BoltSettings:
    """A clean database for one test, on each Bolt server."""
    return bolt_target.fresh()
