"""The Neo4j store gives the memory store's answers, primitive by primitive, on a real Bolt server.

The conformance suite (tests/conformance/) asks whole questions of every
store; these tests sweep each primitive over every id, direction and
boundary date of the bundled example, plus the corner cases where Cypher and
Python differ (case folding of non-ASCII names, self-delegation, repeated
footprints, ids that look like Cypher). Expected answers always come from
the memory store over the same description, never typed in.
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

from icsgov.errors import NotFound, QueryError, StoreError
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
from icsgov.graph.store import GraphStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    ACTORS,
    ENTITY_CLASSES,
    AccountabilityLine,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
)
from tests.bolt_server import BoltTarget
from tests.cli_helpers import Outcome, run_cli

CORNERS = """
sources:
  - {id: src, title: "Stra\u00dfe review \u2013 \u01c4 edition"}
footprints:
  - {id: eng, name: England, level: national}
  - {id: sys, name: "Stra\u00dfe System", level: system, part_of: eng,
     aliases: ["\u017fystem", "SYS-ALIAS"], codes: [{scheme: ods, value: "QX\u00df1"}]}
  - {id: "p'}) MATCH (n) DETACH DELETE n //", name: Odd place, level: place, part_of: sys}
organisations:
  - {id: icb, name: The ICB, kind: icb, statutory: true, footprints: [sys],
     codes: [{scheme: ods, value: QJK}, {scheme: ons, value: E54000043}]}
  - {id: ICB-2, name: the icb, kind: icb, statutory: true, footprints: [sys]}
bodies:
  - {id: board, name: ICB board, kind: board, of: [icb], footprint: sys}
decision_types:
  - {id: finance, name: Finance}
  - {id: capital, name: Capital, broader: finance}
decision_rights:
  - {id: r1, holder: board, decision: capital, footprint: sys, role: decides,
     basis: statutory, valid_from: 2022-07-01, valid_to: 2024-03-31}
  - {id: r2, holder: icb, decision: capital, footprint: eng, role: decides, basis: statutory}
  - {id: r0, holder: icb, decision: capital, footprint: sys, role: informed,
     basis: statutory, valid_to: 2022-06-30}
delegations:
  - {id: d-self, delegator: icb, delegate: icb, decisions: [capital], instrument: constitution,
     valid_from: 2023-01-01}
  - {id: d-board, delegator: icb, delegate: board, decisions: [capital],
     instrument: scheme_of_delegation, valid_to: 2023-12-31}
accountability:
  - {id: l-self, actor: board, answers_to: board, kind: mutual}
  - {id: l1, actor: board, answers_to: icb, kind: managerial, valid_from: 2024-01-01}
"""


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


@pytest.fixture
def example_pair(example_db: Pushed) -> tuple[Any, Any]:
    return example_db.memory, example_db.neo4j


@pytest.fixture
def corner_pair(bolt_target: BoltTarget, _drivers: dict[str, Any]) -> tuple[Any, Any]:
    pushed = _pushed(bolt_target, parse_yaml(CORNERS), _drivers)
    return pushed.memory, pushed.neo4j


def _ids(entities: list[Any]) -> list[str]:
    return [e.id for e in entities]


def _boundaries(facts: list[Any]) -> list[dt.date | None]:
    """``None`` and every date on which the answer may change, with the days either side."""
    days: set[dt.date] = set()
    for fact in facts:
        for day in (fact.valid_from, fact.valid_to):
            if day is not None:
                days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return [None, dt.date(2000, 1, 1), *sorted(days)]


def test_every_entity_and_class_comes_back_whole(example_pair: tuple[Any, Any]) -> None:
    memory, neo4j = example_pair
    assert isinstance(neo4j, GraphStore)
    for cls in ENTITY_CLASSES:
        assert neo4j.entities(cls) == memory.entities(cls), cls.__name__
    sample = [cls_entities[0] for cls in ENTITY_CLASSES if (cls_entities := memory.entities(cls))]
    for entity in sample:
        assert neo4j.get(entity.id) == entity
    pulled = neo4j.governance
    assert sorted(pulled, key=lambda e: e.id) == sorted(memory.governance, key=lambda e: e.id)
    assert pulled.datasets == memory.governance.datasets
    assert neo4j.governance is pulled  # pulled once, then kept


def test_chains_and_lineages_match(example_pair: tuple[Any, Any]) -> None:
    memory, neo4j = example_pair
    for footprint in memory.entities(Footprint):
        assert neo4j.footprint_chain(footprint.id) == memory.footprint_chain(footprint.id)
    for decision in memory.entities(DecisionType):
        assert neo4j.decision_lineage(decision.id) == memory.decision_lineage(decision.id)


def test_rights_match_on_every_boundary_date(example_pair: tuple[Any, Any]) -> None:
    memory, neo4j = example_pair
    footprints = _ids(memory.entities(Footprint))
    rights = memory.entities(DecisionRight)
    asked = 0
    for decision in memory.entities(DecisionType):
        mine = [r for r in rights if r.decision == decision.id]
        for day in _boundaries(mine):
            expected = memory.rights(decision.id, footprints, day)
            assert neo4j.rights(decision.id, footprints, day) == expected, (decision.id, day)
            asked += bool(expected)
    assert asked > len(memory.entities(DecisionType)) // 2  # the sweep found rights


def test_delegations_and_lines_match_in_every_direction(example_pair: tuple[Any, Any]) -> None:
    memory, neo4j = example_pair
    delegations = memory.entities(Delegation)
    lines = memory.entities(AccountabilityLine)
    actors = [e for cls in ACTORS for e in memory.entities(cls)]
    for actor in actors:
        own_d = [d for d in delegations if actor.id in (d.delegator, d.delegate)]
        own_l = [x for x in lines if actor.id in (x.actor, x.answers_to)]
        for direction in ("up", "down", "both"):
            for day in _boundaries(own_d):
                expected_d = memory.delegations(actor.id, direction, day)
                assert neo4j.delegations(actor.id, direction, day) == expected_d
            for day in _boundaries(own_l):
                assert neo4j.lines(actor.id, direction, day) == memory.lines(
                    actor.id, direction, day
                ), (actor.id, direction, day)


def test_find_matches_every_name_alias_and_code(example_pair: tuple[Any, Any]) -> None:
    memory, neo4j = example_pair
    names = memory.names()[::7]  # a spread of ids, names, aliases and codes
    assert names
    for text in names:
        shouted = f"  {text.upper()} "
        assert _ids(neo4j.find(shouted)) == _ids(memory.find(shouted)), text
    assert neo4j.find("no such thing anywhere") == []


@pytest.mark.parametrize(
    "text",
    ["STRASSE SYSTEM", "stra\u00dfe system", "SYSTEM", "\u017fystem", "sys-alias", "qxss1",
     "QX\u00df1", "THE ICB", "qjk", "E54000043", "ods:QJK",
     "stra\u00dfe review \u2013 \u01c6 edition", "p'}) match (n) detach delete n //", ""],
)  # fmt: skip
def test_find_folds_case_as_python_does(corner_pair: tuple[Any, Any], text: str) -> None:
    memory, neo4j = corner_pair
    expected = _ids(memory.find(text))
    assert _ids(neo4j.find(text)) == expected
    assert bool(expected) is (text not in ("ods:QJK", ""))  # the case is a real one


def test_corner_cases_match(corner_pair: tuple[Any, Any]) -> None:
    memory, neo4j = corner_pair
    odd = "p'}) MATCH (n) DETACH DELETE n //"
    assert _ids(neo4j.footprint_chain(odd)) == [odd, "sys", "eng"]
    assert neo4j.footprint_chain(odd) == memory.footprint_chain(odd)
    for day in _boundaries(memory.entities(DecisionRight)):
        for asked in (["sys", "eng"], ["sys", "sys"], [], ["nowhere"]):
            assert neo4j.rights("capital", asked, day) == memory.rights("capital", asked, day)
    for day in _boundaries(memory.entities(Delegation) + memory.entities(AccountabilityLine)):
        for direction in ("up", "down", "both"):
            for actor in ("icb", "board", "nobody"):
                assert neo4j.delegations(actor, direction, day) == memory.delegations(
                    actor, direction, day
                )
                assert neo4j.lines(actor, direction, day) == memory.lines(actor, direction, day)
    # A self-delegation counts once per direction asked for, as in the memory store.
    assert _ids(neo4j.delegations("icb", "both", None)) == ["d-board", "d-self", "d-self"]


def test_errors_are_the_memory_stores(corner_pair: tuple[Any, Any]) -> None:
    memory, neo4j = corner_pair
    for call in (
        lambda s: s.get("bord"),
        lambda s: s.footprint_chain("icb"),
        lambda s: s.footprint_chain("nowhere"),
        lambda s: s.decision_lineage("board"),
        lambda s: s.decision_lineage("capitol"),
    ):
        with pytest.raises(NotFound) as expected:
            call(memory)
        with pytest.raises(NotFound) as got:
            call(neo4j)
        assert str(got.value) == str(expected.value)


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


def test_entities_refuses_a_class_outside_the_model(corner_pair: tuple[Any, Any]) -> None:
    _memory, neo4j = corner_pair

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
