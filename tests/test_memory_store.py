"""The memory store's primitives on a small hand-written description."""

from __future__ import annotations

import datetime as dt

import pytest

from icsgov.errors import NotFound
from icsgov.graph.memory import MemoryStore
from icsgov.graph.store import GraphStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.ontology.model import DecisionRight, Footprint

DOC = """
footprints:
  - {id: eng, name: England, level: national}
  - {id: sys, name: Somewhere ICS, level: system, part_of: eng, codes: [{scheme: ods, value: QXX}]}
  - {id: plc, name: Townville, level: place, part_of: sys, aliases: [Town]}
organisations:
  - {id: ccg, name: Town CCG, kind: ccg, statutory: true, valid_to: 2022-06-30}
  - {id: icb, name: Somewhere ICB, kind: icb, statutory: true, valid_from: 2022-07-01}
decision_types:
  - {id: fin, name: Finance}
  - {id: cap, name: Approve capital scheme, broader: fin}
decision_rights:
  - {id: r-ccg, holder: ccg, decision: cap, footprint: sys, role: decides, basis: statutory,
     valid_to: 2022-06-30}
  - {id: r-icb, holder: icb, decision: cap, footprint: sys, role: decides, basis: statutory,
     valid_from: 2022-07-01}
delegations:
  - {id: d1, delegator: icb, delegate: ccg, decisions: [cap], instrument: constitution}
accountability:
  - {id: l1, actor: ccg, answers_to: icb, kind: managerial}
"""


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore(parse_yaml(DOC))


def test_it_is_a_graph_store(store: MemoryStore) -> None:
    assert isinstance(store, GraphStore)


def test_footprint_chain_runs_most_local_first(store: MemoryStore) -> None:
    assert [f.id for f in store.footprint_chain("plc")] == ["plc", "sys", "eng"]


def test_decision_lineage_walks_broader(store: MemoryStore) -> None:
    assert [d.id for d in store.decision_lineage("cap")] == ["cap", "fin"]


def test_rights_are_filtered_by_date(store: MemoryStore) -> None:
    before = store.rights("cap", ["plc", "sys"], dt.date(2022, 6, 30))
    after = store.rights("cap", ["plc", "sys"], dt.date(2022, 7, 1))
    assert [r.holder for r in before] == ["ccg"]
    assert [r.holder for r in after] == ["icb"]
    assert len(store.rights("cap", ["sys"], None)) == 2


def test_find_matches_names_aliases_and_codes_ignoring_case(store: MemoryStore) -> None:
    assert [e.id for e in store.find("town")] == ["plc"]
    assert [e.id for e in store.find("qxx")] == ["sys"]
    assert [e.id for e in store.find("  Somewhere ICB ")] == ["icb"]


def test_lines_and_delegations_by_direction(store: MemoryStore) -> None:
    assert [x.id for x in store.lines("ccg", "up")] == ["l1"]
    assert store.lines("ccg", "down") == []
    assert [x.id for x in store.lines("icb", "down")] == ["l1"]
    assert [d.id for d in store.delegations("ccg", "up")] == ["d1"]
    assert [d.id for d in store.delegations("icb", "down")] == ["d1"]


def test_entities_are_sorted_by_id(store: MemoryStore) -> None:
    assert [f.id for f in store.entities(Footprint)] == ["eng", "plc", "sys"]
    assert [r.id for r in store.entities(DecisionRight)] == ["r-ccg", "r-icb"]


def test_unknown_ids_raise_not_found_with_suggestions(store: MemoryStore) -> None:
    with pytest.raises(NotFound, match="Did you mean: 'icb'"):
        store.get("icbb")


def test_graph_has_an_edge_per_reference(store: MemoryStore) -> None:
    graph = store.graph
    assert graph.has_edge("r-icb", "icb", key="holder")
    assert graph.has_edge("plc", "sys", key="part_of")
    assert graph.has_edge("d1", "cap", key="decisions")
