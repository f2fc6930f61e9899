"""The RDF store beyond the conformance suite: escaping, atomic loads, persistence, errors.

Hostile strings go through the one escaping function into real engines
(embedded Oxigraph, rdflib, the real ``oxigraph serve``) and must come back
exactly, with nothing injected; loads that fail must leave the data as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from icsgov.errors import NotFound, QueryError, StoreError
from icsgov.graph.memory import MemoryStore
from icsgov.graph.rdf.engines import (
    Engine,
    HttpEngine,
    Iri,
    OxigraphEngine,
    RdflibEngine,
    bind,
    sparql_term,
)
from icsgov.graph.rdf.store import QUERY_NAMES, RdfStore, sparql_text
from icsgov.ontology import terms
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    ENTITY_CLASSES,
    AccountabilityKind,
    AccountabilityLine,
    Footprint,
    Level,
    Person,
)
from tests.oxigraph_server import OxigraphServer

HOSTILE = [
    'say "hi"',
    "it's",
    "back\\slash \\u0022 \\n not-a-newline",
    "line one\nline two\r\n\ttabbed",
    "} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o",
    '"} UNION { ?s ?p ?o } #',
    "FILTER(false) } INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "café «ß» 🏥 ΣΊΣΥΦΟΣ",
    "\b\f\x01 controls",
    "",
]

ROUND_TRIP = """SELECT ?x WHERE { VALUES ?x { "example" } }"""


def _engines(server: OxigraphServer) -> dict[str, Engine]:
    return {
        "oxigraph": OxigraphEngine(None, terms.GRAPH),
        "rdflib": RdflibEngine(),
        "server": HttpEngine(server.query_url, server.update_url),
    }


def test_hostile_literals_round_trip_exactly_and_inject_nothing(
    oxigraph_server: OxigraphServer,
) -> None:
    for name, engine in _engines(oxigraph_server).items():
        rows = engine.select(bind(ROUND_TRIP, x=HOSTILE))
        assert [row["x"].value for row in rows] == HOSTILE, name
        assert {row["x"].kind for row in rows} == {"literal"}, name


def test_hostile_strings_as_ids_names_and_find(oxigraph_server: OxigraphServer) -> None:
    people = [
        Person(id=text if text.strip() else "blank", name=f"«{text}»")
        for text in HOSTILE
        if "\n" not in text and "\r" not in text and "\x01" not in text and "\b" not in text
    ]
    gov = Governance.from_entities(people)
    memory = MemoryStore(gov)
    embedded = RdfStore.embedded().load(gov)
    remote = RdfStore.remote(
        oxigraph_server.query_url, oxigraph_server.update_url, graph="urn:icsgov:test:hostile"
    ).load(gov)
    for store in (embedded, remote):
        assert store.entities(Person) == memory.entities(Person)
        for person in people:
            assert store.get(person.id) == person
            assert store.find(person.id.upper()) == memory.find(person.id.upper())
            assert store.find(person.name) == memory.find(person.name) == [person]
        assert store.governance == gov


def test_unicode_case_rules_follow_python() -> None:
    gov = Governance.from_entities([Person(id="p", name="Straße"), Person(id="q", name="ΣΊΣΥΦΟΣ")])
    store, memory = RdfStore.embedded().load(gov), MemoryStore(gov)
    for text in ("STRASSE", "straße", "σίσυφος", "ΣΊΣΥΦΟΣ ", "nobody"):
        assert store.find(text) == memory.find(text), text
    assert [e.id for e in store.find("strasse")] == ["p"]


def test_terms_are_typed_and_bad_values_refused() -> None:
    assert sparql_term(dt.date(2024, 4, 1)).endswith("#date>")
    assert sparql_term(True) == '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert sparql_term(Iri("https://w3id.org/icsgov/id/a%22b")) == (
        "<https://w3id.org/icsgov/id/a%22b>"
    )
    for bad in ("urn:x> <urn:y", "urn:a b", "urn:{x}", "urn:a\\b"):
        with pytest.raises(QueryError, match="not a valid IRI"):
            sparql_term(Iri(bad))
    with pytest.raises(QueryError, match="date, not a date and time"):
        sparql_term(dt.datetime(2024, 1, 1))
    with pytest.raises(QueryError, match="cannot put a bytes"):
        sparql_term(b"x")
    with pytest.raises(QueryError, match="no VALUES block for nope"):
        bind(ROUND_TRIP, nope="x")


def test_every_shipped_query_is_valid_sparql_on_its_own() -> None:
    engine = OxigraphEngine(None, terms.GRAPH)
    for name in QUERY_NAMES:
        assert engine.select(sparql_text(name)) == [], name  # parses and runs on no data
    with pytest.raises(StoreError, match="the queries are: datasets, decision_lineage"):
        sparql_text("nope")


def test_every_entity_of_the_example_reads_back(example: Governance) -> None:
    store, memory = RdfStore.embedded().load(example), MemoryStore(example)
    for cls in ENTITY_CLASSES:
        assert store.entities(cls) == memory.entities(cls), cls.__name__
    assert store.governance == example
    assert store.governance.datasets == example.datasets


def test_unknown_ids_raise_not_found_with_suggestions(example: Governance) -> None:
    store = RdfStore.embedded().load(example)
    with pytest.raises(NotFound, match="glos-icb"):
        store.get("glos-ibc")
    with pytest.raises(NotFound, match="glos"):
        store.footprint_chain("glso")
    with pytest.raises(NotFound, match="footprint"):
        store.footprint_chain("glos-icb")
    with pytest.raises(NotFound, match="decision type"):
        store.decision_lineage("glos")


def test_temporal_filter_is_inclusive_and_open_when_absent() -> None:
    eng = Footprint(id="eng", name="England", level=Level.NATIONAL)
    a = Person(id="a", name="A")
    b = Person(id="b", name="B")
    line = AccountabilityLine(
        id="l1",
        actor="a",
        answers_to="b",
        kind=AccountabilityKind.MANAGERIAL,
        valid_from=dt.date(2022, 7, 1),
        valid_to=dt.date(2023, 3, 31),
    )
    open_line = AccountabilityLine(
        id="l2", actor="a", answers_to="b", kind=AccountabilityKind.INFORMAL
    )
    gov = Governance.from_entities([eng, a, b, line, open_line])
    store, memory = RdfStore.embedded().load(gov), MemoryStore(gov)
    for day in (None, dt.date(2022, 6, 30), dt.date(2022, 7, 1), dt.date(2023, 3, 31)):
        for direction in ("up", "down", "both", "sideways"):
            got = store.lines("a", direction, day)  # type: ignore[arg-type]
            assert got == memory.lines("a", direction, day), (day, direction)  # type: ignore[arg-type]
    assert [x.id for x in store.lines("a", "up", dt.date(2023, 3, 31))] == ["l1", "l2"]
    assert [x.id for x in store.lines("a", "up", dt.date(2023, 4, 1))] == ["l2"]


def _two(first: str) -> tuple[Governance, Governance]:
    one = Governance.from_entities([Person(id=first, name="First")])
    two = Governance.from_entities([Person(id="second", name="Second")])
    return one, two


def test_persistent_store_keeps_data_and_replaces_it_whole(tmp_path: Path) -> None:
    one, two = _two("first")
    RdfStore.embedded(tmp_path / "db").load(one)
    reopened = RdfStore.embedded(tmp_path / "db")  # the first store was dropped: lock released
    assert reopened.governance == one
    reopened.load(two)
    assert [p.id for p in reopened.entities(Person)] == ["second"]


@pytest.mark.parametrize("kind", ["embedded", "server"])
def test_a_failed_load_leaves_the_data_as_it_was(
    kind: str, oxigraph_server: OxigraphServer
) -> None:
    one, _ = _two("kept")
    engines: dict[str, Callable[[], Engine]] = {
        "embedded": lambda: OxigraphEngine(None, terms.GRAPH),
        "server": lambda: HttpEngine(
            oxigraph_server.query_url,
            oxigraph_server.update_url,
            graph="urn:icsgov:test:atomic",
            batch_size=2,
        ),
    }
    engine = engines[kind]()
    store = RdfStore(engine, kind).load(one)
    good = "\n".join(f"<urn:s{i}> <urn:p> <urn:o> ." for i in range(5))
    with pytest.raises((StoreError, QueryError)):
        engine.replace(good + "\n<urn:broken> <urn:p> this is not RDF .")
    assert store.governance == one
    assert store.query("ASK { <urn:s0> ?p ?o }").boolean is False


def test_sparql_answers_and_errors(example: Governance) -> None:
    store = RdfStore.embedded().load(example)
    answer = store.query(
        "SELECT ?name WHERE { ?f a <https://w3id.org/icsgov/ontology#Footprint> ; "
        "<https://w3id.org/icsgov/ontology#id> 'glos' ; "
        "<https://w3id.org/icsgov/ontology#name> ?name }"
    )
    assert answer.boolean is None
    assert answer.columns == ["name"]
    assert [row[0].value for row in answer.rows] == [example.get("glos").label]
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.query("SELECT WHERE {")


def test_query_parameters_fill_values_blocks_as_data(example: Governance) -> None:
    store = RdfStore.embedded().load(example)
    glos = example.get("glos")
    text = "SELECT ?name WHERE { VALUES ?id { 'x' } ?f <https://w3id.org/icsgov/ontology#id> ?id ; "
    text += "<https://w3id.org/icsgov/ontology#name> ?name }"
    assert [r[0].value for r in store.query(text, {"id": "glos"}).rows] == [glos.label]
    hostile = "glos' } ?f ?p ?o . { '"
    assert store.query(text, {"id": hostile}).rows == []  # one literal, matching nothing
    with pytest.raises(QueryError, match="no VALUES block for nope"):
        store.query(text, {"nope": 1})


def test_a_closed_store_frees_its_folder_and_answers_no_more(
    tmp_path: Path, example: Governance
) -> None:
    with RdfStore.embedded(tmp_path / "db") as store:
        store.load(example)
    with pytest.raises(StoreError, match="is closed"):
        store.get("glos")
    again = RdfStore.embedded(tmp_path / "db")  # the folder's lock was let go
    assert again.get("glos") == example.get("glos")
    again.close()


def test_unreachable_endpoint_is_a_store_error() -> None:
    from tests.bolt_server import free_port

    store = RdfStore.remote(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(StoreError, match=r"Could not reach the SPARQL endpoint .* is it running"):
        store.get("glos")
    with pytest.raises(StoreError, match="not an http"):
        RdfStore.remote("file:///etc/passwd")
    with pytest.raises(StoreError, match="opened read-only"):
        store.load(Governance.from_entities([]))


def test_loading_new_data_forgets_what_the_walk_worked_out_from_the_old() -> None:
    """The walk keeps entities' dates per store; a reload must not answer from the old dates."""
    from icsgov.loaders.governance_yaml import parse_yaml
    from icsgov.queries.who_decides import who_decides

    def riverside(board_from: str) -> Governance:
        return parse_yaml(f"""
footprints: [{{id: sys, name: Riverside, level: system}}]
organisations:
  - {{id: icb, name: Riverside ICB, kind: icb, footprints: [sys], valid_from: {board_from}}}
decision_types: [{{id: capital, name: Capital}}]
decision_rights:
  - {{id: r1, holder: icb, decision: capital, footprint: sys, role: decides, basis: statutory}}
""")

    store = RdfStore.embedded().load(riverside("2020-01-01"))
    asked = dt.date(2021, 6, 1)
    assert [h.id for h in who_decides(store, "capital", "sys", as_of=asked).decides] == ["icb"]
    store.load(riverside("2022-07-01"))  # the ICB did not exist on the day asked
    assert who_decides(store, "capital", "sys", as_of=asked).decides == []
