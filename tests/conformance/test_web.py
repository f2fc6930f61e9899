"""The accountability web over the golden data, asked of every store.

Expected answers are worked out by hand from tests/golden/accountability.yaml
(the comments say which lines produce them).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from icsgov.errors import NotFound, QueryError
from icsgov.graph.store import GraphStore
from icsgov.loaders import load
from icsgov.queries.web import accountability_web
from icsgov.queries.web_export import export_web, to_cytoscape, to_dot, to_mermaid
from tests.conformance.conftest import StoreFactory

GOLDEN = Path(__file__).parents[1] / "golden" / "accountability.yaml"
DAY = dt.date(2024, 1, 1)


@pytest.fixture
def store(make_store: StoreFactory) -> GraphStore:
    return make_store(load([GOLDEN]))


def test_web_up_from_place_committee(store: GraphStore) -> None:
    # acc-line-5 (to council A) and delegation acc-del-1 (derived, to the ICB);
    # then council A -> public (line-6) and back to the committee (line-9), ICB -> NHSE (line-3).
    web = accountability_web(store, "Place A committee", as_of=DAY)
    assert {n.id: n.distance for n in web.nodes} == {
        "acc-place-a-committee": 0,
        "acc-council-a": 1,
        "acc-icb": 1,
        "acc-public": 2,
        "acc-nhse": 2,
    }
    assert sorted(e.id for e in web.edges) == [
        "acc-line-3",
        "acc-line-5",
        "acc-line-6",
        "acc-line-9",
        "derived:acc-del-1",
    ]
    derived = next(e for e in web.edges if e.derived)
    assert (derived.source, derived.target, derived.kind) == (
        "acc-place-a-committee",
        "acc-icb",
        "delegated",
    )
    assert derived.valid_from == dt.date(2022, 7, 1)
    m = web.metrics
    assert m.answers_to == ["acc-council-a", "acc-icb"]
    assert m.kind_mix == {"delegated": 1, "democratic": 1, "mutual": 2, "statutory": 1}
    assert m.distance_to_elected == 1
    assert m.cycles == [["acc-council-a", "acc-place-a-committee"]]


def test_no_derived_drops_delegations(store: GraphStore) -> None:
    web = accountability_web(store, "acc-place-a-committee", as_of=DAY, derived=False)
    assert sorted(n.id for n in web.nodes) == [
        "acc-council-a",
        "acc-place-a-committee",
        "acc-public",
    ]
    assert not any(e.derived for e in web.edges)


def test_depth_and_kinds_limit_the_walk(store: GraphStore) -> None:
    one = accountability_web(store, "acc-place-a-committee", as_of=DAY, depth=1)
    assert sorted(n.id for n in one.nodes) == ["acc-council-a", "acc-icb", "acc-place-a-committee"]
    mutual = accountability_web(store, "acc-place-a-committee", as_of=DAY, kinds=["mutual"])
    assert sorted(e.id for e in mutual.edges) == ["acc-line-5", "acc-line-9"]


def test_down_and_dates(store: GraphStore) -> None:
    # Who answers to the ICB: its board (line-2) and the delegates of del-1 and del-3.
    down = accountability_web(store, "acc-icb", direction="down", depth=1, as_of=DAY)
    assert sorted(n.id for n in down.nodes) == [
        "acc-icb",
        "acc-icb-board",
        "acc-place-a-committee",
        "acc-place-b-committee",
    ]
    # Before July 2022 the ICB had no delegations and line-3 did not exist.
    early = accountability_web(store, "acc-icb", as_of=dt.date(2022, 1, 1))
    assert [n.id for n in early.nodes] == ["acc-icb"]


def test_distance_to_elected_goes_past_depth(store: GraphStore) -> None:
    # Place lead -> Place A committee (line-10 / del-2) -> council A.
    web = accountability_web(store, "acc-post-place-lead", as_of=DAY, depth=1)
    assert web.metrics.distance_to_elected == 2
    assert web.metrics.path_to_elected == [
        "acc-post-place-lead",
        "acc-place-a-committee",
        "acc-council-a",
    ]


def test_unknown_actor_and_bad_kind(store: GraphStore) -> None:
    with pytest.raises(NotFound, match="Place A comittee"):
        accountability_web(store, "Place A comittee")
    with pytest.raises(QueryError, match="unknown kind of line: cosy"):
        accountability_web(store, "acc-icb", kinds=["cosy"])


def test_exports_escape_and_round_trip(store: GraphStore, tmp_path: Path) -> None:
    web = accountability_web(store, "acc-place-a-committee", as_of=DAY)
    council = 'Council A <Unitary> & "Co"'
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"web.{fmt}"
        path.write_text(export_web(web, fmt), encoding="utf-8")
        ET.parse(path)  # well-formed XML
        graph = reader(path)
        assert graph.number_of_nodes() == 5
        assert graph.number_of_edges() == 5
        labels = {d.get("label") for _, d in graph.nodes(data=True)} | set(graph.nodes)
        assert council in labels
    dot = to_dot(web)
    assert '[label="Council A <Unitary> & \\"Co\\""' in dot
    mermaid = to_mermaid(web)
    assert '["Council A #lt;Unitary#gt; & #quot;Co#quot;"]' in mermaid
    assert '"' not in mermaid.replace('["', "").replace('"]', "").replace('|"', "").replace(
        '"|', ""
    )
    cyto = json.loads(export_web(web, "cytoscape"))
    assert cyto == json.loads(json.dumps(to_cytoscape(web), default=str))
    assert {e["data"]["id"] for e in cyto["elements"]["edges"]} >= {"derived:acc-del-1"}
    assert all({"source", "target"} <= set(e["data"]) for e in cyto["elements"]["edges"])
