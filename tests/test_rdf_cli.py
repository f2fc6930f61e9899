"""``export``, ``import``, ``sparql`` and ``check --shacl``, run through the real entry point."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from icsgov.graph.rdf.io import read_rdf
from icsgov.ontology.governance import Governance
from tests.cli_helpers import run_cli
from tests.oxigraph_server import OxigraphServer


def test_export_round_trips_in_every_format(
    capsys: pytest.CaptureFixture[str], example: Governance, tmp_path: Path
) -> None:
    for fmt in ("ttl", "jsonld", "nt", "trig", "nq"):
        out = tmp_path / f"gov.{fmt}"
        result = run_cli(capsys, "export", "--format", fmt, "-o", str(out))
        assert result.code == 0, result.err
        assert f"Wrote {len(example)} entities" in result.err
        assert read_rdf(out) == example, fmt


def test_export_as_of_keeps_only_that_days_facts(
    capsys: pytest.CaptureFixture[str], example: Governance, tmp_path: Path
) -> None:
    day = dt.date(2024, 4, 1)
    out = tmp_path / "gov.ttl"
    result = run_cli(capsys, "export", "--as-of", day.isoformat(), "-o", str(out))
    assert result.code == 0, result.err
    back = read_rdf(out)
    expected = {e.id for e in example if e.valid_at(day)}
    assert set(back.entities) <= expected and len(back) > 0
    assert all(e.valid_at(day) for e in back)
    assert any(not e.valid_at(day) for e in example), "the example should have ended facts"
    assert f"left out {len(example) - len(expected)} not valid" in result.err


def test_import_reports_counts_and_problems(
    capsys: pytest.CaptureFixture[str], example: Governance, tmp_path: Path
) -> None:
    good = tmp_path / "gov.ttl"
    run_cli(capsys, "export", "-o", str(good))
    result = run_cli(capsys, "import", str(good), "--json", "--shacl")
    assert result.code == 0, result.err
    report = result.json()
    assert report["entities"] == len(example)
    assert report["counts"] == {k: n for k, n in example.counts().items() if n}
    assert report["shacl"] == []
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix icsgov: <https://w3id.org/icsgov/ontology#> .\n"
        "<https://w3id.org/icsgov/id/x> a icsgov:Fotprint ;\n  icsgov:name 'X' .\n",
        encoding="utf-8",
    )
    result = run_cli(capsys, "import", str(bad))
    assert result.code == 2
    assert "bad.ttl:2:1" in result.err and "did you mean 'Footprint'" in result.err
    assert "Traceback" not in result.err


def test_import_into_a_persistent_store_then_ask_it(
    capsys: pytest.CaptureFixture[str], example: Governance, tmp_path: Path
) -> None:
    good = tmp_path / "gov.nt"
    run_cli(capsys, "export", "-o", str(good))
    result = run_cli(capsys, "import", str(good), "--path", str(tmp_path / "db"))
    assert result.code == 0, result.err
    query = "SELECT (COUNT(?e) AS ?n) WHERE { ?e icsgov:id ?id }"
    result = run_cli(capsys, "sparql", query, "--path", str(tmp_path / "db"), "--csv")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["n", str(len(example))]


def test_sparql_table_json_csv_and_shipped_queries(
    capsys: pytest.CaptureFixture[str], example: Governance
) -> None:
    query = "SELECT ?id ?name WHERE { ?f a icsgov:Footprint ; icsgov:id ?id ; icsgov:name ?name }"
    footprints = sorted(e.id for e in example if type(e).__name__ == "Footprint")
    as_json = run_cli(capsys, "sparql", query + " ORDER BY ?id", "--json").json()
    assert as_json["head"]["vars"] == ["id", "name"]
    assert [b["id"]["value"] for b in as_json["results"]["bindings"]] == footprints
    as_csv = run_cli(capsys, "sparql", query + " ORDER BY ?id", "--csv").out.splitlines()
    assert as_csv[0] == "id,name" and len(as_csv) == len(footprints) + 1
    table = run_cli(capsys, "sparql", "footprint_chain")
    assert table.code == 0 and "icsid:england" in table.out
    assert run_cli(capsys, "sparql", "ASK { ?s a icsgov:Body }").out.strip() == "true"


def test_sparql_refuses_updates_and_bad_queries(capsys: pytest.CaptureFixture[str]) -> None:
    for update in (
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <urn:x#> # a comment\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "CLEAR ALL",
    ):
        result = run_cli(capsys, "sparql", update)
        assert result.code == 2 and "read-only" in result.err, update
    result = run_cli(capsys, "sparql", "SELECT ?x WHERE {")
    assert result.code == 2 and "SPARQL syntax error" in result.err
    result = run_cli(capsys, "sparql", "nope.rq")
    assert result.code == 2 and "no such file" in result.err
    result = run_cli(capsys, "sparql", "ASK {}", "--endpoint", "http://x", "--path", "y")
    assert result.code == 2 and "not --endpoint and --path" in result.err


def test_sparql_against_the_server(
    capsys: pytest.CaptureFixture[str], oxigraph_server: OxigraphServer, example: Governance
) -> None:
    from icsgov.graph.rdf.store import RdfStore

    graph = "urn:icsgov:test:cli"
    RdfStore.remote(oxigraph_server.query_url, oxigraph_server.update_url, graph=graph).load(
        example
    )
    query = "SELECT (COUNT(?e) AS ?n) WHERE { ?e icsgov:id ?id }"
    args = ("--endpoint", oxigraph_server.query_url, "--graph", graph, "--json")
    result = run_cli(capsys, "sparql", query, *args)
    assert result.code == 0, result.err
    assert json.loads(result.out)["results"]["bindings"][0]["n"]["value"] == str(len(example))
    result = run_cli(capsys, "sparql", "DROP ALL", "--endpoint", oxigraph_server.query_url)
    assert result.code == 2


def test_check_shacl(capsys: pytest.CaptureFixture[str], example: Governance) -> None:
    result = run_cli(capsys, "check", "--shacl")
    assert result.code == 0 and "conforms" in result.out
    assert run_cli(capsys, "check", "--shacl", "--json").json() == []


def test_shacl_violations_print_focus_path_and_message(
    capsys: pytest.CaptureFixture[str], example: Governance
) -> None:
    """YAML the loader accepts always conforms, so break exported RDF the way a hand edit might."""
    from rdflib import URIRef

    from icsgov.graph.rdf.io import to_rdf
    from icsgov.graph.rdf.shacl import validate_shacl
    from icsgov.ontology import terms
    from icsgov.queries.tables import shacl_table, text

    right = next(e for e in example if type(e).__name__ == "DecisionRight")
    graph = to_rdf(example)
    holder = URIRef(terms.property_iri("DecisionRight", "holder"))
    graph.set((URIRef(terms.entity_iri(right.id)), holder, URIRef(terms.entity_iri("england"))))
    violations = validate_shacl(graph)
    assert violations
    out = text([shacl_table(violations)])
    assert "focus node" in out and "path" in out and "message" in out
    assert any(line.startswith(right.id) and "icsgov:holder" in line for line in out.splitlines())
