"""Every store gives the memory store's answers, primitive by primitive.

The rest of the conformance suite asks whole questions; these tests sweep
each primitive of :class:`~icsgov.graph.store.GraphStore` over every id,
direction and boundary date of the bundled example, plus the corner cases
where a query language and Python differ (case folding of non-ASCII names,
self-delegation, repeated footprints, ids that look like Cypher or SPARQL).
They run on every store of ``make_store`` (memory, the compiled cache,
embedded Oxigraph, the Oxigraph server, Neo4j 5 and ArcadeDB over Bolt); the expected answers always
come from a fresh memory store over the same description, never typed in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from icsgov.errors import NotFound
from icsgov.graph.memory import MemoryStore
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
    Footprint,
)
from tests.conformance.conftest import StoreFactory

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


Pair = tuple[MemoryStore, GraphStore]
"""The reference (a fresh memory store) and the store under test, over the same description."""


@pytest.fixture
def example_pair(make_store: StoreFactory, example: Governance) -> Pair:
    return MemoryStore(example), make_store(example)


@pytest.fixture(scope="module")
def corners() -> Governance:
    return parse_yaml(CORNERS)


@pytest.fixture
def corner_pair(make_store: StoreFactory, corners: Governance) -> Pair:
    return MemoryStore(corners), make_store(corners)


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


def test_every_entity_and_class_comes_back_whole(example_pair: Pair) -> None:
    memory, store = example_pair
    assert isinstance(store, GraphStore)
    for cls in ENTITY_CLASSES:
        assert store.entities(cls) == memory.entities(cls), cls.__name__
    sample = [cls_entities[0] for cls in ENTITY_CLASSES if (cls_entities := memory.entities(cls))]
    for entity in sample:
        assert store.get(entity.id) == entity
    pulled = store.governance
    assert sorted(pulled, key=lambda e: e.id) == sorted(memory.governance, key=lambda e: e.id)
    assert pulled.datasets == memory.governance.datasets
    assert store.governance is pulled  # read once, then kept


def test_chains_and_lineages_match(example_pair: Pair) -> None:
    memory, store = example_pair
    for footprint in memory.entities(Footprint):
        assert store.footprint_chain(footprint.id) == memory.footprint_chain(footprint.id)
    for decision in memory.entities(DecisionType):
        assert store.decision_lineage(decision.id) == memory.decision_lineage(decision.id)


def test_rights_match_on_every_boundary_date(example_pair: Pair) -> None:
    memory, store = example_pair
    footprints = _ids(memory.entities(Footprint))
    rights = memory.entities(DecisionRight)
    asked = 0
    for decision in memory.entities(DecisionType):
        mine = [r for r in rights if r.decision == decision.id]
        for day in _boundaries(mine):
            expected = memory.rights(decision.id, footprints, day)
            assert store.rights(decision.id, footprints, day) == expected, (decision.id, day)
            asked += bool(expected)
    assert asked > len(memory.entities(DecisionType)) // 2  # the sweep found rights


def test_delegations_and_lines_match_in_every_direction(example_pair: Pair) -> None:
    memory, store = example_pair
    delegations = memory.entities(Delegation)
    lines = memory.entities(AccountabilityLine)
    actors = [e for cls in ACTORS for e in memory.entities(cls)]
    for actor in actors:
        own_d = [d for d in delegations if actor.id in (d.delegator, d.delegate)]
        own_l = [x for x in lines if actor.id in (x.actor, x.answers_to)]
        for direction in ("up", "down", "both"):
            for day in _boundaries(own_d):
                expected_d = memory.delegations(actor.id, direction, day)
                assert store.delegations(actor.id, direction, day) == expected_d
            for day in _boundaries(own_l):
                assert store.lines(actor.id, direction, day) == memory.lines(
                    actor.id, direction, day
                ), (actor.id, direction, day)


def test_find_matches_every_name_alias_and_code(example_pair: Pair) -> None:
    memory, store = example_pair
    names = memory.names()[::7]  # a spread of ids, names, aliases and codes
    assert names
    for text in names:
        shouted = f"  {text.upper()} "
        assert _ids(store.find(shouted)) == _ids(memory.find(shouted)), text
    assert store.find("no such thing anywhere") == []


@pytest.mark.parametrize(
    "text",
    ["STRASSE SYSTEM", "stra\u00dfe system", "SYSTEM", "\u017fystem", "sys-alias", "qxss1",
     "QX\u00df1", "THE ICB", "qjk", "E54000043", "ods:QJK",
     "stra\u00dfe review \u2013 \u01c6 edition", "p'}) match (n) detach delete n //", ""],
)  # fmt: skip
def test_find_folds_case_as_python_does(corner_pair: Pair, text: str) -> None:
    memory, store = corner_pair
    expected = _ids(memory.find(text))
    assert _ids(store.find(text)) == expected
    assert bool(expected) is (text not in ("ods:QJK", ""))  # the case is a real one


def test_corner_cases_match(corner_pair: Pair) -> None:
    memory, store = corner_pair
    odd = "p'}) MATCH (n) DETACH DELETE n //"
    assert _ids(store.footprint_chain(odd)) == [odd, "sys", "eng"]
    assert store.footprint_chain(odd) == memory.footprint_chain(odd)
    for day in _boundaries(memory.entities(DecisionRight)):
        for asked in (["sys", "eng"], ["sys", "sys"], [], ["nowhere"]):
            assert store.rights("capital", asked, day) == memory.rights("capital", asked, day)
    for day in _boundaries(memory.entities(Delegation) + memory.entities(AccountabilityLine)):
        for direction in ("up", "down", "both"):
            for actor in ("icb", "board", "nobody"):
                assert store.delegations(actor, direction, day) == memory.delegations(
                    actor, direction, day
                )
                assert store.lines(actor, direction, day) == memory.lines(actor, direction, day)
    # A self-delegation counts once per direction asked for, as in the memory store.
    assert _ids(store.delegations("icb", "both", None)) == ["d-board", "d-self", "d-self"]


def test_errors_are_the_memory_stores(corner_pair: Pair) -> None:
    memory, store = corner_pair
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
            call(store)
        assert str(got.value) == str(expected.value)
