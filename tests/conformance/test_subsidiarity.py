"""Subsidiarity over the golden data, asked of every store (answers worked out by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from icsgov.errors import QueryError
from icsgov.graph.store import GraphStore
from icsgov.loaders import load
from icsgov.queries.subsidiarity import subsidiarity_report
from tests.conformance.conftest import StoreFactory

GOLDEN = Path(__file__).parents[1] / "golden" / "accountability.yaml"
DAY = dt.date(2024, 1, 1)


@pytest.fixture
def store(make_store: StoreFactory) -> GraphStore:
    return make_store(load([GOLDEN]))


def test_levels_escalations_and_share(store: GraphStore) -> None:
    report = subsidiarity_report(store, "Golden System", as_of=DAY)
    assert report.system == "acc-sys"
    # 6 leaf decision types x 2 places, capital in place A once per value band (up to £100k
    # and to £1m at place, above £1m at system): 14 rows; at place: capital up to £1m (A, two
    # bands), community (A, B), rare disease (B).
    assert len(report.decisions) == 14
    assert report.place_share == pytest.approx(5 / 14)
    assert report.below_target
    assert sorted((r.decision, r.place, r.band) for r in report.escalated) == [
        ("acc-approve-capital", "acc-place-a", "from £1,000,000.01"),
        ("acc-approve-capital", "acc-place-b", "any value"),
        ("acc-continuing-care", "acc-place-a", "any value"),
        ("acc-continuing-care", "acc-place-b", "any value"),
    ]
    assert sorted((r.decision, r.place) for r in report.escalated) == [
        ("acc-approve-capital", "acc-place-a"),
        ("acc-approve-capital", "acc-place-b"),
        ("acc-continuing-care", "acc-place-a"),
        ("acc-continuing-care", "acc-place-b"),
    ]
    assert [(r.decision, r.place) for r in report.too_local] == [
        ("acc-rare-disease", "acc-place-b")
    ]
    place_a = next(p for p in report.places if p.place == "acc-place-a")
    assert place_a.decides_itself == [
        "acc-approve-capital (up to £100k)",
        "acc-approve-capital (£100,000.01 to £1m)",
        "acc-commission-community",
    ]
    assert "acc-approve-capital (from £1,000,000.01)" in place_a.reserved_above
    assert "acc-continuing-care" in place_a.reserved_above
    assert report.has_findings


def test_walk_uses_the_date(store: GraphStore) -> None:
    # Before July 2022 only the CCG's system-level right exists: community is not at place.
    report = subsidiarity_report(store, "acc-sys", as_of=dt.date(2022, 1, 1))
    community = [r for r in report.decisions if r.decision == "acc-commission-community"]
    assert {(r.level, tuple(r.holders)) for r in community} == {("system", ("acc-ccg",))}


def test_target_is_configurable_and_checked(store: GraphStore) -> None:
    low = subsidiarity_report(store, "acc-sys", as_of=DAY, target=0.3)
    assert not low.below_target
    with pytest.raises(QueryError, match="between 0 and 1"):
        subsidiarity_report(store, "acc-sys", target=80)
    with pytest.raises(QueryError, match="give a system"):
        subsidiarity_report(store, "acc-place-a")
