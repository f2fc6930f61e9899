"""No network from input: a query or data file never makes icsgov contact a host (issue #14).

A listener on 127.0.0.1 stands in for an internal host that never answers; each
command must refuse in well under a second with exit 2, and the listener must see
no connection at all.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli


class Listener:
    """A TCP listener on loopback that accepts and records connections but never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.held: list[socket.socket] = []
        self.stopping = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self.held.append(conn)  # never answer: the client would hang without a timeout

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.stopping = True
        self.thread.join(2)
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ ?x ?y ?z . service <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}>\nSELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_sparql_refuses_service_without_a_connection(
    listener: Listener, template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    start = time.monotonic()
    result = run_cli(capsys, "sparql", template.format(url=listener.url))
    elapsed = time.monotonic() - start
    assert result.code == 2, result
    assert "SERVICE" in result.err and "--allow-service" in result.err
    assert elapsed < 1.0
    time.sleep(0.1)  # give a late connection time to show up
    assert listener.connections == 0


def test_a_service_named_only_inside_a_string_or_comment_is_not_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    query = 'SELECT ?n WHERE { ?b icsgov:name ?n FILTER(?n != "SERVICE <http://x/>") } # SERVICE'
    result = run_cli(capsys, "sparql", query)
    assert result.code == 0, result.err


def test_a_query_file_with_service_is_refused(
    listener: Listener, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "shared.rq"
    file.write_text(SERVICE_QUERIES[0].format(url=listener.url), encoding="utf-8")
    result = run_cli(capsys, "sparql", str(file))
    assert result.code == 2 and f"<{listener.url}sparql>" in result.err
    assert listener.connections == 0


def _jsonld(context: object) -> str:
    return json.dumps(
        {
            "@context": context,
            "@id": "https://w3id.org/icsgov/id/p1",
            "@type": "https://w3id.org/icsgov/ontology#Person",
            "https://w3id.org/icsgov/ontology#name": "Ann",
        }
    )


REMOTE_CONTEXTS = {
    "url": lambda url: f"{url}context.jsonld",
    "in a list": lambda url: [{"x": "http://example.org/x"}, f"{url}context.jsonld"],
    "a local file": lambda url: "context.jsonld",
    "@import": lambda url: {"@import": f"{url}context.jsonld"},
    "scoped": lambda url: {"t": {"@id": "http://example.org/t", "@context": f"{url}c"}},
}


@pytest.mark.parametrize("case", sorted(REMOTE_CONTEXTS))
def test_import_refuses_a_remote_jsonld_context_without_a_connection(
    listener: Listener, tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "shared.jsonld"
    file.write_text(_jsonld(REMOTE_CONTEXTS[case](listener.url)), encoding="utf-8")
    start = time.monotonic()
    result = run_cli(capsys, "import", str(file))
    elapsed = time.monotonic() - start
    assert result.code == 2, result
    assert "remote context" in result.err and "https://w3id.org/icsgov/context.jsonld" in result.err
    assert elapsed < 1.0
    time.sleep(0.1)
    assert listener.connections == 0


def test_icsgov_own_context_by_name_resolves_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icsgov.graph.rdf.jsonld_offline import CONTEXT_IRI

    file = tmp_path / "own.jsonld"
    file.write_text(
        json.dumps({"@context": CONTEXT_IRI, "@id": "icsid:p1", "@type": "Person", "name": "Ann"}),
        encoding="utf-8",
    )
    result = run_cli(capsys, "import", str(file), "--json")
    assert result.code == 0, result.err
    assert result.json()["counts"] == {"person": 1}
