"""``icsgov serve`` answers only to its own names and lets no connection idle for ever (#14)."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.serve.app import make_server

IDLE = 0.5


@pytest.fixture(scope="module")
def port(example_store: MemoryStore) -> Iterator[int]:
    server = make_server(example_store, "127.0.0.1", 0, quiet=True, idle_timeout=IDLE)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def _status(port: int, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", "/", skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST", "[::1]:{port}"]
)
def test_its_own_names_are_answered(port: int, host: str) -> None:
    assert _status(port, host.format(port=port)) == 200


@pytest.mark.parametrize(
    "host", ["attacker.example:{port}", "127.0.0.1.nip.io", "", "localhost.evil"]
)
def test_any_other_host_header_is_refused(port: int, host: str) -> None:
    assert _status(port, host.format(port=port)) == 421


def test_an_idle_connection_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")  # and then nothing: a slow or idle client
        start = time.monotonic()
        closed = sock.recv(1024)
        waited = time.monotonic() - start
    assert closed == b"" or closed.startswith(b"HTTP/1."), closed
    assert waited < IDLE + 5


def test_the_host_named_with_host_is_allowed(example_store: MemoryStore) -> None:
    server = make_server(example_store, "0.0.0.0", 0, quiet=True)
    try:
        handler = server.RequestHandlerClass
        assert "0.0.0.0" in handler.allowed_hosts  # type: ignore[attr-defined]
        assert "attacker.example" not in handler.allowed_hosts  # type: ignore[attr-defined]
    finally:
        server.server_close()
