"""Impact of removals and diffs between dates or datasets, on the golden data (answers by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from icsgov.errors import NotFound, QueryError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.queries.diff import diff_dates, diff_stores
from icsgov.queries.impact import impact

GOLDEN = Path(__file__).parent / "golden" / "accountability.yaml"
DAY = dt.date(2024, 1, 1)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return MemoryStore(load([GOLDEN]))


def test_removing_a_place_committee_moves_its_decisions_up(store: MemoryStore) -> None:
    result = impact(store, ["acc-place-b-committee"], as_of=DAY)
    assert result.left_without == []
    assert sorted((d.decision, d.place, d.after_footprint) for d in result.moved) == [
        ("acc-commission-community", "acc-place-b", "acc-sys"),
        ("acc-rare-disease", "acc-place-b", "acc-sys"),
    ]
    assert result.delegations_lost == ["acc-del-3"]
    assert result.lines_lost == ["acc-line-11"]


def test_removing_a_delegation_breaks_the_chain_below_it(store: MemoryStore) -> None:
    # del-2 (committee -> place lead) hangs on del-1; the lead keeps a right with no legal root.
    result = impact(store, ["acc-del-1"], as_of=DAY)
    assert [(d.decision, d.place) for d in result.chains_broken] == [
        ("acc-approve-capital", "acc-place-a")
    ]
    community = next(d for d in result.moved if d.decision == "acc-commission-community")
    assert (community.before, community.after) == (["acc-place-a-committee"], ["acc-icb"])


def test_removing_the_icb_cascades(store: MemoryStore) -> None:
    result = impact(store, ["acc-icb"], as_of=DAY)
    assert "acc-icb-board" in result.also_removed and "acc-post-chair" in result.also_removed
    # Every one of 6 decision types in both places loses its maker; capital in place A
    # counts once per value band (up to £100k, to £1m, above), so 12 + 2.
    assert len(result.left_without) == 14
    assert result.delegations_lost == ["acc-del-1", "acc-del-2", "acc-del-3"]


def test_impact_refuses_unknown_and_unremovable_ids(store: MemoryStore) -> None:
    with pytest.raises(NotFound, match="acc-icbb"):
        impact(store, ["acc-icbb"])
    with pytest.raises(QueryError, match="footprint"):
        impact(store, ["acc-sys"])


def test_diff_between_dates(store: MemoryStore) -> None:
    result = diff_dates(store, dt.date(2022, 12, 1), DAY)
    assert result.sections["decision_rights"].added == ["acc-r-lead-capital"]
    assert result.sections["delegations"].added == ["acc-del-2"]
    assert result.sections["accountability"].added == ["acc-line-10"]
    assert all(not s.removed for s in result.sections.values())
    # Across the CCG -> ICB transition the CCG's right and line go.
    transition = diff_dates(store, dt.date(2022, 6, 30), dt.date(2022, 7, 1))
    assert transition.sections["decision_rights"].removed == ["acc-r-ccg-community"]
    assert transition.sections["accountability"].removed == ["acc-line-ccg"]
    with pytest.raises(QueryError, match="swap"):
        diff_dates(store, DAY, dt.date(2020, 1, 1))


def test_diff_between_datasets_lists_changed_fields() -> None:
    base = """
footprints: [{id: s, name: S, level: system}]
organisations:
  - {id: a, name: A, kind: icb}
  - {id: b, name: B, kind: unitary_authority}
decision_types: [{id: d, name: D}]
decision_rights:
  - {id: r1, holder: a, decision: d, footprint: s, role: decides, basis: statutory}
accountability:
  - {id: l1, actor: a, answers_to: b, kind: mutual}
"""
    changed = base.replace("role: decides, basis: statutory", "role: recommends, basis: agreed")
    changed = changed.replace("  - {id: l1, actor: a, answers_to: b, kind: mutual}\n", "")
    old, new = MemoryStore(parse_yaml(base)), MemoryStore(parse_yaml(changed))
    result = diff_stores(old, new)
    [change] = result.sections["decision_rights"].changed
    assert change.id == "r1"
    assert change.fields == {"basis": ["statutory", "agreed"], "role": ["decides", "recommends"]}
    assert result.sections["accountability"].removed == ["l1"]
    assert diff_stores(old, old).empty
