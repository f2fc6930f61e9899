"""Store faults: servers stopped mid-load, concurrent loads of the same data, invalid input.

Real servers only: ``oxigraph serve`` (a SPARQL 1.1 endpoint started here on its own data
folder, stopped with SIGKILL part-way through a load and started again on the same folder),
and each Bolt server, Neo4j 5 and ArcadeDB (``tests/bolt_server.py``). After every fault
the store holds either what it held before or, once the load is run again, exactly what
one clean load gives.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from icsgov.errors import IcsgovError, InputError, StoreError
from icsgov.graph.rdf.store import RdfStore
from icsgov.loaders import load
from icsgov.ontology import model as m
from icsgov.ontology.governance import Governance
from tests.bolt_server import BoltTarget
from tests.oxigraph_server import _free_port, _wait_until_answering, oxigraph_binary
from tests.test_neo4j_io import push_to, rich_governance, snapshot

GRAPH = "urn:icsgov:test:faults"
STOP_AFTER = [1, 6]
"""Stop the SPARQL server after this many update requests of the load (docs/reliability.md)."""
CONCURRENT = 3
"""Threads pushing or loading the same data at once."""


class Server:
    """``oxigraph serve`` on one data folder; killed and started again on the same folder."""

    def __init__(self, data: Path) -> None:
        binary = oxigraph_binary()
        if binary is None:
            pytest.fail("the 'oxigraph' server is not installed: pip install oxigraph")
        self.binary = binary
        self.data = data
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "serve",
                "--location",
                str(self.data),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until_answering(self.process, self.base + "/query", 30)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def store(self) -> RdfStore:
        return RdfStore.remote(self.base + "/query", self.base + "/update", graph=GRAPH)


@pytest.fixture
def sparql_server(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path / "oxigraph")
    server.start()
    try:
        yield server
    finally:
        server.kill()


def graphs(server: Server) -> set[str]:
    """The named graphs on the endpoint (the target, and any staging graph left behind)."""
    everything = RdfStore.remote(server.base + "/query")
    answer = everything.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {str(row[0].value) for row in answer.rows}


def triples(store: RdfStore) -> int:
    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(answer.rows[0][0].value)


def previous_version(gov: Governance) -> Governance:
    """What the store held before: bodies renamed, one right gone, one extra person."""
    gone = next(iter(gov.of_type(m.DecisionRight))).id
    kept = [
        e.model_copy(update={"name": "old " + e.name}) if isinstance(e, m.Body) else e
        for e in gov
        if e.id != gone
    ]
    return Governance.from_entities([*kept, m.Person(id="left-in-2023", name="Gone")])


def small_batches(store: RdfStore, after_updates: int, fault: Callable[[], None]) -> None:
    """Send the load in small batches and call ``fault`` after ``after_updates`` requests."""
    engine: Any = store._engine
    engine.batch_size = 400
    real = engine.update
    sent = [0]

    def update(text: str) -> None:
        real(text)
        sent[0] += 1
        if sent[0] == after_updates:
            fault()

    engine.update = update


@pytest.mark.parametrize("after", STOP_AFTER)
def test_sparql_load_killed_mid_way_keeps_the_old_graph_and_converges_when_rerun(
    sparql_server: Server, after: int
) -> None:
    gov = load()
    old = previous_version(gov)
    sparql_server.store().load(old)
    held_before = triples(sparql_server.store())

    cut = sparql_server.store()
    small_batches(cut, after, sparql_server.kill)
    with pytest.raises(StoreError, match="is it running"):
        cut.load(gov)

    sparql_server.start()
    survivor = sparql_server.store()
    assert survivor.governance.entities == old.entities, "a cut load must change nothing"
    assert triples(survivor) == held_before

    sparql_server.store().load(gov)
    again = sparql_server.store()
    assert again.governance.entities == gov.entities
    left = graphs(sparql_server) - {GRAPH}
    assert GRAPH in graphs(sparql_server)
    assert all(g.startswith(GRAPH + "#staging-") for g in left), left
    assert len(left) <= 1, "only the killed load's own staging graph may be left (never read)"
    clean = RdfStore.embedded().load(gov)
    assert triples(again) == triples(clean)


def test_concurrent_sparql_loads_of_the_same_data_converge(sparql_server: Server) -> None:
    gov = load()
    sparql_server.store().load(previous_version(gov))
    errors: list[BaseException] = []

    def run() -> None:
        store = sparql_server.store()
        store._engine.batch_size = 400  # type: ignore[attr-defined]
        try:
            store.load(gov)
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    result = sparql_server.store()
    assert result.governance.entities == gov.entities
    assert triples(result) == triples(RdfStore.embedded().load(gov))
    assert graphs(sparql_server) == {GRAPH}


def test_concurrent_pushes_to_one_bolt_database_converge(bolt_target: BoltTarget) -> None:
    gov = rich_governance()
    alone = bolt_target.fresh()
    push_to(alone, gov, batch_size=3)
    expected = snapshot(alone)

    shared = bolt_target.fresh()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            push_to(shared, gov, batch_size=3)
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for exc in errors:  # a conflict may be refused, plainly; it must not leave a mess
        assert isinstance(exc, StoreError) and "push again" in str(exc), repr(exc)
    if errors:
        push_to(shared, gov, batch_size=3)
    assert snapshot(shared) == expected


def test_invalid_data_leaves_the_memory_store_and_the_command_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_helpers import run_cli

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "footprints:\n  - {id: eng, name: England, level: national}\n"
        "organisations:\n  - {id: icb, name: ICB, kind: icb, footprints: [nowhere]}\n"
    )
    with pytest.raises(InputError):
        load([bad])
    out = tmp_path / "web.json"
    outcome = run_cli(
        capsys, "web", "icb", "--data", str(bad), "--format", "cytoscape", "-o", str(out)
    )
    assert outcome.code == 2 and "nothing was loaded" in outcome.err
    assert not out.exists() and outcome.out == ""
    assert isinstance(InputError([]), IcsgovError)
