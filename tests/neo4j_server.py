"""A real Neo4j 5.26 LTS Community server for the tests, in its own JVM on 127.0.0.1.

``tests/neo4j_java/pom.xml`` names Neo4j (``org.neo4j:neo4j``, from Maven
Central) and one small Java main (``icsgov.testserver.Main``) that starts it
with Bolt on a free port, sets the password from the environment (never
argv), prints ``ready`` and stops on ``stop`` or end of input. ``make
test-deps`` builds it once per machine (jars cached in ``~/.m2``, classes in
``~/.cache/icsgov-tests/``); :func:`classpath` builds it there too when it is
missing, so ``pytest`` alone works on a machine with a JDK and Maven.

Community edition has one user database (``neo4j``): tests that need a clean
one empty it (icsgov's labels and the test's foreign label only).

Fixture: ``neo4j_server`` (session), a started :class:`Neo4jServer`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from icsgov.graph.neo4j.bolt import BoltSettings

__all__ = ["EXPIRED_USER", "PROBE_USER", "Neo4jServer", "classpath", "neo4j_server"]

JAVA_DIR = Path(__file__).parent / "neo4j_java"
USER = "neo4j"
PASSWORD = "neo4j-Test-pw-3a9d"
PROBE_USER = "icsgov_probe"
"""A second user, for tests that lock an account out with wrong passwords."""
EXPIRED_USER = "icsgov_expired"
"""A user whose password must be changed first (Neo4j says CredentialsExpired)."""
PROBE_PASSWORD = "probe-Test-pw-81c2"
DATABASE = "neo4j"
JVM_OPTIONS = ("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
"""A small heap, and the quick (C1) compiler only: it starts about a third faster."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _build_dir() -> Path:
    """Where the build goes: a cache folder named by a digest of the build's sources."""
    digest = hashlib.sha256()
    for source in _sources():
        digest.update(source.read_bytes())
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "icsgov-tests" / f"neo4j-{digest.hexdigest()[:16]}"


def _sources() -> list[Path]:
    return [JAVA_DIR / "pom.xml", *sorted((JAVA_DIR / "src").rglob("*.java"))]


def classpath() -> str:
    """The Java class path of the test server, building it with Maven when needed.

    The build (jars in ``~/.m2``, classes in a cache folder named by the
    sources' digest) happens once per machine and version of the sources.
    """
    target = _build_dir()
    listing = target / "classpath.txt"
    if not listing.exists():
        mvn = shutil.which("mvn")
        if mvn is None or shutil.which("java") is None:
            raise RuntimeError(
                "The Neo4j tests need a JDK (17+) and Maven: run 'make test-deps' "
                "(or apt-get install openjdk-17-jdk-headless maven)."
            )
        done = subprocess.run(
            [mvn, "-B", "-q", "-f", str(JAVA_DIR / "pom.xml"), f"-Dicsgov.build.dir={target}",
             "package", "dependency:build-classpath"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not listing.exists():
            raise RuntimeError(f"Building the Neo4j test server failed:\n{done.stdout[-3000:]}")
    return os.pathsep.join([str(target / "classes"), listing.read_text().strip()])


class Neo4jServer:
    """One Neo4j server in a child JVM; it can be stopped and started again on its data."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = _free_port()
        self.log_path = home / "neo4j-test-server.log"
        self._process: subprocess.Popen[str] | None = None
        self.start_seconds = 0.0
        self._began = 0.0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def settings(self, *, user: str = USER) -> BoltSettings:
        password = PASSWORD if user == USER else PROBE_PASSWORD
        return BoltSettings(self.uri, user, password, DATABASE)

    def start(self, timeout: float = 300.0) -> None:
        """Start (or start again on the same data and port); return when Bolt answers."""
        self.launch()
        self.wait_until_ready(timeout)

    def launch(self) -> None:
        """Start the JVM and return at once (:meth:`wait_until_ready` waits for it)."""
        self._began = time.perf_counter()
        java = shutil.which("java") or "java"
        self.log_path.write_text("")
        log = self.log_path.open("a")
        self._process = subprocess.Popen(
            [java, *JVM_OPTIONS, "-cp", classpath(), "icsgov.testserver.Main",
             str(self.home / "dbms"), str(self.port)],
            stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "ICSGOV_TEST_NEO4J_PASSWORD": PASSWORD,
                 "ICSGOV_TEST_NEO4J_SECOND_PASSWORD": PROBE_PASSWORD},
        )  # fmt: skip
        log.close()

    def wait_until_ready(self, timeout: float = 300.0) -> None:
        """Return when the server has said ``ready``; raise with its log if it ended."""
        assert self._process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while "ready" not in self.log_path.read_text().splitlines():
            if self._process.poll() is not None:
                tail = self.log_path.read_text()[-3000:]
                raise RuntimeError(f"Neo4j ended before it was ready:\n{tail}")
            if time.monotonic() > deadline:
                self.kill()
                raise TimeoutError(f"Neo4j did not start in {timeout:.0f} s")
            time.sleep(0.1)
        if not self.start_seconds:
            self.start_seconds = time.perf_counter() - self._began

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

    def kill(self) -> None:
        """Stop it the hard way (SIGKILL), as a crash or a pulled plug would."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            if process.stdin is not None:
                process.stdin.close()


NEEDS_NEO4J = frozenset({"neo4j_server", "neo4j_target", "bolt_target", "bolt_database",
                         "make_store"})  # fmt: skip
"""Fixtures that use the server (some through ``request.getfixturevalue``)."""

_EARLY: list[Neo4jServer] = []
"""The server launched when collection ends, so the JVM starts while other tests run."""


@pytest.hookimpl(trylast=True)  # after -k/-m have deselected what will not run
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Launch Neo4j as soon as the run is known to need it (its start overlaps other tests)."""
    if _EARLY or config.option.collectonly:
        return
    if any(NEEDS_NEO4J & set(getattr(item, "fixturenames", ())) for item in items):
        home = Path(tempfile.mkdtemp(prefix="icsgov-neo4j-"))
        server = Neo4jServer(home)
        server.launch()
        _EARLY.append(server)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A server launched early but never used is not left running."""
    for server in _EARLY:
        server.kill()
        shutil.rmtree(server.home, ignore_errors=True)
    _EARLY.clear()


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """Neo4j 5 Community with Bolt on 127.0.0.1, for the whole session; stopped however it ends.

    Its data is thrown away at the end, so it is killed rather than shut down
    (a clean shutdown takes seconds and keeps nothing worth keeping).
    """
    if not _EARLY:  # e.g. a test asked for it by getfixturevalue only
        server = Neo4jServer(Path(tempfile.mkdtemp(prefix="icsgov-neo4j-")))
        server.launch()
        _EARLY.append(server)
    server = _EARLY[0]
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.kill()
        _EARLY.clear()
        shutil.rmtree(server.home, ignore_errors=True)
