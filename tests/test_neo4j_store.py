"""The Neo4j store's own behaviour on a real Bolt server: its texts, errors and ``neo4j query``.

The primitive sweep (every id, direction and boundary date, and the corner
cases where Cypher and Python differ) runs on every store, this one
included, in tests/conformance/test_primitives.py; what is left here is
what only the Neo4j store has: the shipped Cypher texts, a stopped server,
a refused password, and the analysts' read-only ``icsgov neo4j query``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from icsgov.errors import QueryError, StoreError
from icsgov.graph.memory import MemoryStore
from icsgov.graph.neo4j.bolt import BoltSettings, open_driver
from icsgov.graph.neo4j.io import RELATIONSHIP_TYPES
from icsgov.graph.neo4j.store import (
    QUERY_NAMES,
    Neo4jStore,
    cypher_text,
    parse_param,
    refuse_writes,
)
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    DecisionRight,
    DecisionType,
    Entity,
    Footprint,
)
from tests.bolt_server import BoltTarget
from tests.cli_helpers import Outcome, run_cli


@dataclass
class Pushed:
    settings: BoltSettings
    memory: MemoryStore
    neo4j: Neo4jStore


@pytest.fixture(scope="module")
def _drivers(bolt_target: BoltTarget) -> Iterator[dict[str, Any]]:
    with ExitStack() as stack:
        yield {"stack": stack}


def _pushed(target: BoltTarget, gov: Governance, drivers: dict[str, Any]) -> Pushed:
    """``gov`` in a database of ``target``: pushed once, and again only if something replaced it.

    On Neo4j Community there is one database, which other tests empty; so
    this is asked for each test, not kept for the module.
    """
    settings = target.holding(gov)
    if settings.uri not in drivers:
        drivers[settings.uri] = drivers["stack"].enter_context(open_driver(settings))
    driver = drivers[settings.uri]
    return Pushed(settings, MemoryStore(gov), Neo4jStore.from_driver(driver, settings.database))


@pytest.fixture
def example_db(bolt_target: BoltTarget, example: Governance, _drivers: dict[str, Any]) -> Pushed:
    return _pushed(bolt_target, example, _drivers)


def test_every_shipped_text_names_only_allowed_types() -> None:
    import re

    for name in QUERY_NAMES:
        text = cypher_text(name)
        assert text.startswith("//"), f"{name}.cypher should say what it answers"
        for rel in re.findall(r"\[\w*:([A-Z_|]+)", text):
            assert set(rel.split("|")) <= RELATIONSHIP_TYPES, (name, rel)
    with pytest.raises(StoreError, match="the queries are: decision_lineage"):
        cypher_text("drop_everything")


def test_a_stopped_question_is_a_store_error(bolt_target: BoltTarget) -> None:
    settings = bolt_target.fresh()
    store = Neo4jStore.open(settings.uri, settings.user, settings.database, settings.password)
    store.close()
    with pytest.raises(StoreError, match="Could not ask the database"):
        store.get("anything")


def test_open_refuses_a_bad_password_without_echoing_it(bolt_target: BoltTarget) -> None:
    settings = bolt_target.fresh()
    with pytest.raises(StoreError, match="refused user") as caught:
        Neo4jStore.open(settings.uri, settings.user, settings.database, "wrong-Pw-123456")
    assert "wrong-Pw-123456" not in str(caught.value)


def test_entities_refuses_a_class_outside_the_model(example_db: Pushed) -> None:
    neo4j = example_db.neo4j

    class Impostor(Entity):
        pass

    with pytest.raises(StoreError, match="not an icsgov class"):
        neo4j.entities(Impostor)


# --- icsgov neo4j query ----------------------------------------------------------------


def _query(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Pushed,
    *args: str,
) -> Outcome:
    monkeypatch.setenv("NEO4J_PASSWORD", db.settings.password)
    where = ["--uri", db.settings.uri, "--user", db.settings.user]
    if db.settings.database:
        where += ["--database", db.settings.database]
    return run_cli(capsys, "neo4j", "query", *args, *where)


def test_query_runs_a_shipped_text_with_parameters(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, example_db: Pushed
) -> None:
    memory = example_db.memory
    right = memory.entities(DecisionRight)[0]
    chain = [f.id for f in memory.footprint_chain(right.footprint)]
    day = right.valid_from or dt.date(2024, 4, 1)
    expected = [r.id for r in memory.rights(right.decision, chain, day)]
    outcome = _query(
        capsys, monkeypatch, example_db, "rights", "--json",
        "--param", f"decision={right.decision}",
        "--param", "footprints=" + json.dumps(chain),
        "--param", f"as_of={day.isoformat()}",
    )  # fmt: skip
    assert outcome.code == 0, outcome.err
    assert [row["props"]["id"] for row in outcome.json()] == expected
    assert right.id in expected


def test_query_prints_a_table_of_nodes_and_values(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, example_db: Pushed
) -> None:
    footprint = example_db.memory.entities(Footprint)[0]
    outcome = _query(
        capsys, monkeypatch, example_db,
        "MATCH (f:Footprint {id: $id})-[r:PART_OF]->(p) RETURN f, r.owner AS owner, p.name AS up",
        "--param", f"id={footprint.id}",
    )  # fmt: skip
    assert outcome.code == 0, outcome.err
    header, rule, row = outcome.out.splitlines()
    assert header.split() == ["f", "owner", "up"] and set(rule) == {"-", " "}
    parent = example_db.memory.get(footprint.part_of or "")
    assert row.split()[:2] == [footprint.id, footprint.id]
    assert row.endswith(parent.label)
    assert "(1 row)" in outcome.err


def test_query_reads_a_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    example_db: Pushed,
    tmp_path: Path,
) -> None:
    path = tmp_path / "count.cypher"
    path.write_text("// how many decision types\nMATCH (d:DecisionType) RETURN count(d) AS n\n")
    outcome = _query(capsys, monkeypatch, example_db, f"@{path}", "--json")
    assert outcome.json() == [{"n": len(example_db.memory.entities(DecisionType))}]


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (n:IcsgovEntity) DETACH DELETE n",
        "MATCH (n:Footprint) SET n.name = 'x' RETURN n",
        "CREATE (:Footprint {id: 'new'})",
        "merge (n:IcsgovEntity {id: 'x'})",
        "MATCH (n) CALL apoc.create.addLabels(n, ['X']) YIELD node RETURN node",
        "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
    ],
)
def test_query_refuses_to_write(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    example_db: Pushed,
    cypher: str,
) -> None:
    before = example_db.neo4j.query("MATCH (n) RETURN count(n) AS n").rows
    outcome = _query(capsys, monkeypatch, example_db, cypher)
    assert outcome.code == 2
    assert "only reads" in outcome.err and "icsgov neo4j push" in outcome.err
    assert "Traceback" not in outcome.err
    assert example_db.neo4j.query("MATCH (n) RETURN count(n) AS n").rows == before


def test_words_in_strings_and_names_are_not_writes() -> None:
    for text in (
        "MATCH (n) WHERE n.name = 'Set up and create' RETURN n.created AS c",
        "MATCH (n) // delete nothing\nRETURN n.`set` AS s, n.delete AS d",
        'RETURN "MERGE" AS word, {set: 1} AS m',
    ):
        refuse_writes(text)  # no error
    with pytest.raises(QueryError, match="REMOVE changes the database"):
        refuse_writes("MATCH (n) /* harmless? */ REMOVE n.name")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["RETURN 1", "--param", "no-equals"], "write it as NAME=VALUE"),
        (["RETURN 1", "--param", "as_of=2024-02-30"], "not a real date"),
        (["RETURN $missing AS x"], "refused the query"),
        (["MATCH (n RETURN n"], "refused the query"),
        (["@/no/such/file.cypher"], "Cannot read the query file"),
        (["entities"], "needs a class label"),
    ],
)
def test_query_mistakes_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    example_db: Pushed,
    args: list[str],
    message: str,
) -> None:
    outcome = _query(capsys, monkeypatch, example_db, *args)
    assert outcome.code == 2, outcome
    assert message in outcome.err
    assert "Traceback" not in outcome.err


def test_parameters_parse_as_json_dates_or_text() -> None:
    assert parse_param("n=42") == ("n", 42)
    assert parse_param("ok=true") == ("ok", True)
    assert parse_param("day=2024-04-01") == ("day", dt.date(2024, 4, 1))
    assert parse_param("name=Golden ICB") == ("name", "Golden ICB")
    assert parse_param('quoted="2024-04-01"') == ("quoted", "2024-04-01")
