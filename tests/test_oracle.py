"""The independent oracle: icsgov's answers against a naive reading of docs/who-decides.md.

``tests/oracle/naive.py`` implements the documented rule with plain loops and
no code from :mod:`icsgov.queries`. Hypothesis draws small worlds (random
footprint trees, decision hierarchies, holders and rights with bands that
touch, overlap, leave a penny gap or are open-ended, and lifetimes that start
or end on the date asked) and many questions about each; every answer of
``who-decides``, ``check`` (GOV001 gaps), ``subsidiarity`` and ``impact``
must equal the oracle's.

A *case* is one question compared. The default run compares well over
10,000 cases on the memory store, a sample on the compiled graph (the SQLite
file the cache writes and the CLI opens) and a smaller one on embedded Oxigraph
(each of its questions is a few SPARQL queries); ``pytest -m long`` runs
more than 100,000 on memory and thousands on Oxigraph (``ICSGOV_ORACLE_SEED``
fixes the seed).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from icsgov.graph.memory import MemoryStore
from icsgov.graph.rdf.store import RdfStore
from icsgov.graph.store import GraphStore
from icsgov.queries.checks import run_checks
from icsgov.queries.impact import impact
from icsgov.queries.subsidiarity import subsidiarity_report
from icsgov.queries.walk import Resolver, band_segments, walk
from icsgov.queries.who_decides import who_decides
from tests.compiled import compiled_store
from tests.oracle import naive
from tests.oracle.worlds import governance, questions, worlds

SEED = int(os.environ.get("ICSGOV_ORACLE_SEED", "20261202"))
COUNTED: dict[str, int] = {}


def _settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=False,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Any:
    """Say how many cases were compared (shown with ``pytest -s``)."""
    yield
    if COUNTED:
        print(f"\noracle cases compared (seed {SEED}): {COUNTED}")


def _count(kind: str, number: int = 1) -> None:
    COUNTED[kind] = COUNTED.get(kind, 0) + number


def _walk_matches(store: GraphStore, world: naive.World, q: tuple[Any, ...]) -> None:
    decision, place, value, day = q
    expected = naive.decide(world, decision, place, value, day)
    got = walk(store, decision, place, value, day)
    assert (got.found, got.gap) == (expected.found, expected.gap), q
    assert (got.footprint.id if got.footprint else None) == expected.footprint, q
    assert (got.decision.id if got.decision else None) == expected.decision, q
    assert tuple(sorted({r.holder for r in got.decides})) == expected.holders, q
    assert tuple(sorted(r.id for r in got.bands)) == expected.bands, q


def _answer_matches(store: GraphStore, world: naive.World, q: tuple[Any, ...]) -> None:
    decision, place, value, day = q
    expected = naive.decide(world, decision, place, value, day)
    answer = who_decides(store, decision, at=place, value=value, as_of=day)
    assert (answer.found, answer.gap) == (expected.found, expected.gap), q
    assert answer.footprint == expected.footprint, q
    if expected.decision is not None:
        assert answer.answered_for == expected.decision, q
    assert tuple(sorted({h.id for h in answer.decides})) == expected.holders, q
    assert tuple(sorted(h.right for h in answer.bands)) == expected.bands, q
    assert answer.ambiguous is expected.ambiguous, q


def _analyses_match(store: GraphStore, world: naive.World, day: dt.date | None) -> None:
    found = run_checks(store, rules=["GOV001"], as_of=day).findings
    assert {(f.target, p) for f in found for p in f.related} == naive.gaps(world, day)
    _count("check")
    for system, _parent in sorted(world.footprints.items()):
        if world.footprints[system][1] != "system" or not naive.places_of(world, system, day):
            continue
        report = subsidiarity_report(store, system, as_of=day)
        rows = sorted(
            ((r.place, r.decision, r.value_min, r.level) for r in report.decisions), key=repr
        )
        assert rows == naive.subsidiarity(world, system, day), system
        _count("subsidiarity")
    for holder in sorted(world.holders)[:2]:
        result = impact(store, [holder], as_of=day)
        left = {(d.decision, d.place, d.value_min or 0.0) for d in result.left_without}
        moved = {(d.decision, d.place, d.value_min or 0.0) for d in result.moved}
        assert (left, moved) == naive.impact(world, holder, day), holder
        _count("impact")


# --- memory: well over 10,000 cases in the default run -------------------------------

QUESTIONS = 48  # questions per world: many cheap cases from one generated world
ANSWERS = 3  # of which asked through the whole who-decides answer


def _memory_case(world: naive.World, asked: list[tuple[Any, ...]], day: Any, deep: bool) -> None:
    store = MemoryStore(governance(world))
    for q in asked:
        _walk_matches(store, world, q)
    for q in asked[:ANSWERS]:
        _answer_matches(store, world, q)
    _count("who-decides", len(asked))
    if deep:
        _analyses_match(store, world, day)


@seed(SEED)
@_settings(examples=220)
@given(world=worlds(), data=st.data())
def test_memory_store_agrees_with_the_oracle(world: naive.World, data: st.DataObject) -> None:
    asked = questions(world, random.Random(data.draw(st.integers(0, 2**32))), QUESTIONS)
    day = data.draw(st.sampled_from([None, dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
    _memory_case(world, asked, day, deep=data.draw(st.integers(0, 5)) == 0)


def test_the_default_run_compares_over_ten_thousand_cases() -> None:
    assert 220 * QUESTIONS >= 10_000


# --- the compiled graph: the same questions, read lazily from SQLite ---------------------


@seed(SEED)
@_settings(examples=220)
@given(world=worlds(), data=st.data())
def test_compiled_graph_agrees_with_the_oracle(world: naive.World, data: st.DataObject) -> None:
    asked = questions(world, random.Random(data.draw(st.integers(0, 2**32))), QUESTIONS)
    day = data.draw(st.sampled_from([None, dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
    store = compiled_store(governance(world))
    try:
        for q in asked:
            _walk_matches(store, world, q)
        for q in asked[:ANSWERS]:
            _answer_matches(store, world, q)
        _count("who-decides (compiled)", len(asked))
        if data.draw(st.integers(0, 3)) == 0:
            _analyses_match(store, world, day)
    finally:
        store.close()


# --- embedded Oxigraph: the same questions through SPARQL --------------------------------


def _rdf_case(world: naive.World, asked: list[tuple[Any, ...]], day: Any, deep: bool) -> None:
    store = RdfStore.embedded().load(governance(world))
    for q in asked:
        _walk_matches(store, world, q)
    _answer_matches(store, world, asked[0])
    _count("who-decides (rdf)", len(asked))
    if deep:
        _analyses_match(store, world, day)


@seed(SEED)
@_settings(examples=20)
@given(world=worlds(), data=st.data())
def test_embedded_oxigraph_agrees_with_the_oracle(world: naive.World, data: st.DataObject) -> None:
    asked = questions(world, random.Random(data.draw(st.integers(0, 2**32))), 12)
    day = data.draw(st.sampled_from([None, dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
    _rdf_case(world, asked, day, deep=data.draw(st.integers(0, 4)) == 0)


# --- the long run (pytest -m long): over 100,000 cases ------------------------------------


@pytest.mark.long
@seed(SEED)
@_settings(examples=2200)
@given(world=worlds(), data=st.data())
def test_long_memory_run(world: naive.World, data: st.DataObject) -> None:
    asked = questions(world, random.Random(data.draw(st.integers(0, 2**32))), QUESTIONS)
    day = data.draw(st.sampled_from([None, dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
    _memory_case(world, asked, day, deep=data.draw(st.integers(0, 1)) == 0)


@pytest.mark.long
@seed(SEED)
@_settings(examples=300)
@given(world=worlds(), data=st.data())
def test_long_oxigraph_run(world: naive.World, data: st.DataObject) -> None:
    asked = questions(world, random.Random(data.draw(st.integers(0, 2**32))), 12)
    day = data.draw(st.sampled_from([None, dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
    _rdf_case(world, asked, day, deep=data.draw(st.integers(0, 2)) == 0)


def test_the_oracle_itself_reads_the_worked_example() -> None:
    """The naive rule on docs/who-decides.md's band-gap example gives the documented answers."""
    world = naive.World(
        footprints={
            "n": (None, "national", (None, None)),
            "glos": ("n", "system", (None, None)),
            "forest": ("glos", "place", (None, None)),
            "city": ("glos", "place", (None, None)),
        },
        types={"lease": ("capital", (None, None)), "capital": (None, (None, None))},
        holders={"board": (None, None), "fin": (None, None), "forest-c": (None, None)},
        rights=[
            naive.NaiveRight(
                "rb", "board", "lease", "glos", "decides", 5e6 + 0.01, None, (None, None)
            ),
            naive.NaiveRight(
                "rf", "fin", "lease", "glos", "decides", 1e6 + 0.01, 5e6, (None, None)
            ),
            naive.NaiveRight(
                "rp", "forest-c", "lease", "forest", "decides", None, 1e6, (None, None)
            ),
            naive.NaiveRight("ri", "icb", "capital", "glos", "decides", None, None, (None, None)),
        ],
    )
    assert naive.decide(world, "lease", "city", 5e5, None).gap
    assert naive.decide(world, "lease", "city", 5e5, None).bands == ("rb", "rf")
    assert naive.decide(world, "lease", "forest", 5e5, None).holders == ("forest-c",)
    assert naive.decide(world, "lease", "city", 2e6, None).holders == ("fin",)
    assert naive.gaps(world, None) == {("lease", "city")}


# --- the shared resolution: the same walk, each piece of work done once ---------------------


@seed(SEED)
@_settings(examples=150)
@given(world=worlds(), day=st.sampled_from([None, dt.date(2022, 7, 1), dt.date(2024, 1, 1)]))
def test_the_resolver_answers_as_the_walk(world: naive.World, day: dt.date | None) -> None:
    """Every (decision, footprint) of a world: the resolver's walks and value ranges, re-rooted
    from a parent or walked afresh, equal the plain walk's, and the oracle's."""
    store = MemoryStore(governance(world))
    resolver = Resolver(store, day)
    for footprint in sorted(world.footprints):
        for decision in sorted(world.types):
            plain = band_segments(store, decision, footprint, day)
            shared = resolver.segments(decision, footprint)
            assert [(lo, hi, w.outcome(), w.gap, w.chain) for lo, hi, w in shared] == [
                (lo, hi, w.outcome(), w.gap, w.chain) for lo, hi, w in plain
            ]
            for value in (None, *(lo for lo, _hi, _w in plain)):
                got = resolver.walk(decision, footprint, value)
                assert got == walk(store, decision, footprint, value, day)
                expected = naive.decide(world, decision, footprint, value, day)
                assert (got.footprint.id if got.footprint else None) == expected.footprint
                _count("resolver")


def test_the_resolver_answers_as_fresh_walks_on_the_national_baseline() -> None:
    """On England's skeleton and national rules, with dated chains (a district through its
    county), a footprint answered from its parent gives what walking its own chain gives."""
    from icsgov.loaders import load
    from icsgov.ontology.model import DecisionType, Footprint
    from icsgov.queries.resolve import chain_on
    from icsgov.queries.walk import _reader, _segments

    store = MemoryStore(load(["icsgov:reference"]))
    footprints = store.entities(Footprint)[::11]
    types = store.entities(DecisionType)[::4]
    for day in (dt.date(2021, 1, 1), dt.date(2024, 6, 1), dt.date(2026, 6, 1)):
        resolver = Resolver(store, day)
        for footprint in footprints:
            for decision in types:
                lineage = resolver.lineage(decision.id)
                chain = chain_on(store, footprint.id, day)
                fresh = _segments(_reader(store, day), lineage[0], lineage, chain, day)
                shared = resolver.segments(decision.id, footprint.id)
                assert [(lo, hi, w) for lo, hi, w in shared] == [
                    (lo, hi, w) for lo, hi, w in fresh
                ], (decision.id, footprint.id, day)
                _count("resolver (national)")
