"""The decision audit page of ``icsgov serve``: the same tables as the CLI, a JSON twin, escaped."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import read_yaml
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import Body, BodyKind, LoggedDecision
from icsgov.queries.audit import audit
from icsgov.serve.app import make_server
from tests.test_audit import DATA
from tests.test_serve import ask

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    gov = read_yaml(DATA)
    extra = [
        Body(id="hostile", name=HOSTILE, kind=BodyKind.COMMITTEE, of=["icb"], footprint="sys"),
        LoggedDecision(id="h1", date="2023-05-10", taken_by="hostile", decision="capital"),
        LoggedDecision(id="ok1", date="2023-05-10", taken_by="fin", decision="capital", value=1e6),
    ]
    return MemoryStore(gov.merged(Governance.from_entities(extra)))


@pytest.fixture(scope="module")
def base(store: MemoryStore) -> Iterator[tuple[str, int]]:
    server = make_server(store, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield str(server.server_address[0]), int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_the_audit_page_and_its_json_twin(base: tuple[str, int], store: MemoryStore) -> None:
    twin = ask(base, "/audit.json?ratify_within=30").json()
    assert twin == _plain(audit(store, ratify_within=30).to_dict())
    assert [f["rule"] for f in twin["findings"]] == ["AUD001"]  # type: ignore[index]
    page = ask(base, "/audit")
    assert page.status == 200 and "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "2 logged decisions: 1 ok, 1 with findings; 1 finding." in page.body
    assert "AUD001" in page.body and "<img" not in page.body and "&lt;img" in page.body
    assert ask(base, "/audit?ratify_within=-1").status == 400
    assert "/audit" in ask(base, "/").body


def _plain(data: object) -> object:
    import json

    return json.loads(json.dumps(data, default=str))
