"""A real SPARQL 1.1 server for the tests: ``oxigraph serve`` on 127.0.0.1.

The ``oxigraph`` console script comes from the PyPI package ``oxigraph``
(the test extra) and is found next to the running Python. The server keeps
its data in a temporary folder, listens on a port found free at run time,
and is stopped in a ``finally`` whatever the tests did.

Fixture: ``oxigraph_server`` (session), an :class:`OxigraphServer` with the
query and update URLs; ``rdf_embedded_loads`` and
``rdf_server_loads`` (session), which put each distinct description into an
RDF store once, for the conformance suite.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from icsgov.graph.rdf.store import RdfStore
    from icsgov.ontology.governance import Governance

__all__ = [
    "LoadedGraphs",
    "OxigraphServer",
    "oxigraph_binary",
    "oxigraph_server",
    "rdf_embedded_loads",
    "rdf_server_loads",
]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` console script of this environment (else one on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class OxigraphServer:
    """Where the session's Oxigraph server answers."""

    base: str

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"


def _wait_until_answering(process: subprocess.Popen[bytes], url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {seconds:.0f} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Start ``oxigraph serve`` on a free loopback port with a temporary data folder."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.fail(
            "the 'oxigraph' server is not installed: pip install oxigraph "
            "(it is in icsgov's test extra; make test installs it)"
        )
    port = _free_port()
    data = tmp_path_factory.mktemp("oxigraph")
    log = (data.parent / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        server = OxigraphServer(f"http://127.0.0.1:{port}")
        _wait_until_answering(process, server.query_url, 30)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class LoadedGraphs:
    """Descriptions loaded into RDF stores this session, once each (by content).

    The embedded stores are in-memory pyoxigraph stores. On the server every
    distinct description gets its own fresh named graph, loaded through the
    SPARQL update protocol and asked through the query protocol.
    """

    def __init__(self, server: OxigraphServer | None) -> None:
        self.server = server
        self._stores: dict[str, RdfStore] = {}

    def store(self, gov: Governance) -> RdfStore:
        from icsgov.graph.rdf.store import RdfStore
        from tests.conformance.conftest import content_key

        key = content_key(gov)
        if key not in self._stores:
            if self.server is None:
                self._stores[key] = RdfStore.embedded().load(gov)
            else:
                graph = f"urn:icsgov:test:{key[:16]}"
                store = RdfStore.remote(self.server.query_url, self.server.update_url, graph=graph)
                self._stores[key] = store.load(gov)
        return self._stores[key]


@pytest.fixture(scope="session")
def rdf_embedded_loads() -> LoadedGraphs:
    """Descriptions in embedded (in-memory) Oxigraph stores, by content."""
    return LoadedGraphs(None)


@pytest.fixture(scope="session")
def rdf_server_loads(oxigraph_server: OxigraphServer) -> LoadedGraphs:
    """Descriptions in named graphs of the session's Oxigraph server, by content."""
    return LoadedGraphs(oxigraph_server)
