"""The national baseline: who decides anywhere in England, by national rule, over time.

``tests/golden/national.yaml`` holds real questions whose answers come from
the Acts and national documents cited (and, for which ICB or council serves
a place, from the shipped ONS/ODS files), asked of the memory store over the
whole skeleton and of the embedded Oxigraph store over the part of England
the questions touch.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from icsgov.errors import InputError, NotFound
from icsgov.graph.memory import MemoryStore
from icsgov.graph.rdf.store import RdfStore
from icsgov.graph.store import GraphStore
from icsgov.loaders import load
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.national import read_baseline, read_rules, with_baseline
from icsgov.national.rules import PREFIX, parse_rules
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Body,
    DecisionRight,
    DecisionType,
    Delegation,
    Footprint,
    Organisation,
    ReferenceRelation,
    Source,
)
from icsgov.queries.checks import run_checks
from icsgov.queries.resolve import resolve_location
from icsgov.queries.walk import named_ids
from icsgov.queries.who_decides import who_decides

GOLDEN = Path(__file__).parent / "golden" / "national.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["cases"]


def _id(case: dict[str, Any]) -> str:
    return f"{case['decision']}@{case['place']}@{case['as_of']}"


@pytest.fixture(scope="module")
def england() -> Governance:
    return load(["icsgov:reference"])


@pytest.fixture(scope="module")
def memory(england: Governance) -> MemoryStore:
    return MemoryStore(england)


def _part(england: Governance, memory: MemoryStore) -> Governance:
    """The part of England the questions touch: their chains, the bodies serving them, the law."""
    keep: set[str] = {"nhse", "dhsc", "cqc"}
    for case in CASES:
        location = resolve_location(memory, case["place"], case["as_of"])
        keep.add(location.named.id)
        keep.update(f.id for f in location.chain)
    for relation in england.of_type(ReferenceRelation):
        if relation.subject in keep:
            keep.add(relation.object)
    for org in england.of_type(Organisation):
        if set(org.footprints) & keep:
            keep.add(org.id)
    for body in england.of_type(Body):
        if set(body.of) & keep:
            keep.add(body.id)
    kinds = (Source, DecisionType)
    keep.update(e.id for e in england if isinstance(e, kinds))
    part = [e for e in england if e.id in keep]
    part += [
        r for r in england.of_type(ReferenceRelation) if r.subject in keep and r.object in keep
    ]
    delegations = [d for d in england.of_type(Delegation) if set(named_ids(d)) <= keep]
    part += delegations
    keep.update(d.id for d in delegations)
    part += [r for r in england.of_type(DecisionRight) if set(named_ids(r)) <= keep]
    return Governance.from_entities(part, datasets=list(england.datasets))


@pytest.fixture(scope="module")
def oxigraph(england: Governance, memory: MemoryStore) -> RdfStore:
    return RdfStore.embedded().load(_part(england, memory))


def _check(store: GraphStore, case: dict[str, Any]) -> dict[str, Any]:
    answer = who_decides(store, case["decision"], case["place"], as_of=case["as_of"])
    got = answer.to_dict()
    if case.get("found") is False:
        assert not got["found"] and got["decides"] == [], got["summary"]
        return got
    assert got["found"], got["summary"]
    assert [h["id"] for h in got["decides"]] == [case["holder"]], got["summary"]
    holder = got["decides"][0]
    assert holder["basis"] == case["basis"]
    assert holder["rule"] == case["rule"]
    assert holder["rule_text"].startswith(f"by national rule {case['rule']}, ")
    assert f"By national rule {case['rule']}, " in got["summary"]
    chain = got["delegation_chain"][0]
    assert not chain["broken"], chain
    delegators = [s["delegator"] for s in chain["steps"]]
    assert delegators[:1] == ([case["delegator"]] if "delegator" in case else [])
    source, words = case["source"]
    assert any(s["source"] == source and words in (s["locator"] or "") for s in got["sources"]), (
        got["sources"]
    )
    for role, ids in case.get("also", {}).items():
        assert sorted(h["id"] for h in got[role]) == sorted(ids), role
    if "codes" in case:
        assert holder["codes"] == case["codes"]
    # every holder and delegator carries its codes where it has them
    if holder["id"].startswith(("ods:", "ons:")):
        assert holder["codes"], holder
    for step in chain["steps"]:
        if step["delegator"] == "nhse":
            assert step["delegator_codes"] == {"ods": "X24"}
    # nothing local is loaded: the answer says it rests on the national baseline only
    assert got["baseline_only"] is True
    assert any(
        c.startswith("National baseline only; no local scheme loaded for ") for c in got["caveats"]
    )
    return got


def test_the_table_is_big_and_wide_enough() -> None:
    years = {dt.date.fromisoformat(str(c["as_of"])).year for c in CASES}
    assert len(CASES) >= 40
    assert {2013, 2022, 2023, 2024, 2025, 2026} <= years
    assert len({c["place"] for c in CASES}) >= 25


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_memory_answers_the_national_table(memory: MemoryStore, case: dict[str, Any]) -> None:
    _check(memory, case)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_oxigraph_answers_the_national_table_as_memory_does(
    oxigraph: RdfStore, case: dict[str, Any]
) -> None:
    got = _check(oxigraph, case)
    same = who_decides(
        MemoryStore(oxigraph.governance), case["decision"], case["place"], as_of=case["as_of"]
    )
    assert got == same.to_dict()


def test_every_rule_cites_the_baseline_and_names_its_decision() -> None:
    baseline = read_baseline()
    sources = {s.id for s in baseline.of_type(Source)}
    decisions = {d.id for d in baseline.of_type(DecisionType)}
    ruleset = read_rules()
    for rule in [*ruleset.rules, *ruleset.bodies]:
        assert rule.sources and {c.source for c in rule.sources} <= sources, rule.id
    for rule in ruleset.rules:
        assert rule.decision in decisions, rule.id
    assert 40 <= len(decisions) <= 80


def test_every_expanded_right_cites_a_source_and_says_which_rule(england: Governance) -> None:
    made = [e for e in england if e.id.startswith(PREFIX)]
    assert len(made) > 2000  # 42 + 6 ICBs, 153 councils, their boards: over 2,000 records
    for record in made:
        assert record.sources, record.id
        assert record.description and record.description.startswith("By national rule "), record.id


def test_a_rule_follows_the_2026_mergers_with_no_new_data(england: Governance) -> None:
    blmk = england.get("nat:R-ICB-PMS:ods:QHG")
    central_east = england.get("nat:R-ICB-PMS:ods:S1Y5D")
    assert (blmk.valid_from, blmk.valid_to) == (dt.date(2022, 7, 1), dt.date(2026, 3, 31))
    assert (central_east.valid_from, central_east.valid_to) == (dt.date(2026, 4, 1), None)
    # the Midlands, East and North West from April 2024; the rest from April 2025
    assert england.get("nat:R-ICB-SPECIALISED-2024:ods:S1Y5D").valid_from == dt.date(2026, 4, 1)
    assert "nat:R-ICB-SPECIALISED-2024:ods:QT6" not in england
    assert england.get("nat:R-ICB-SPECIALISED-2025:ods:QT6").valid_from == dt.date(2025, 4, 1)


def test_check_on_the_baseline_alone_finds_no_errors() -> None:
    alone = MemoryStore(load(["icsgov:national"]))
    report = run_checks(alone, as_of=dt.date(2025, 1, 1))
    errors = [f for f in report.findings if f.severity.value == "error"]
    assert errors == []


def test_check_on_england_from_the_baseline_finds_no_errors(memory: MemoryStore) -> None:
    report = run_checks(memory, as_of=dt.date(2025, 1, 1))
    errors = [f for f in report.findings if f.severity.value == "error" and not f.suppressed]
    assert errors == []
    # the council-held decisions are gaps only at sub-ICB locations, and suppressed with a reason
    suppressed = {f.target for f in report.findings if f.suppressed and f.rule == "GOV001"}
    assert "assess-care-needs" in suppressed and "improve-public-health" not in suppressed


LOCAL = """
sources:
  - {id: wy-sord, title: NHS West Yorkshire ICB scheme of reservation and delegation (test)}
footprints:
  - {id: wakefield, name: Wakefield, level: place, codes: [{scheme: ons, value: E08000036}]}
organisations:
  - {id: wy-icb, name: NHS West Yorkshire ICB, kind: icb, codes: [{scheme: ods, value: QWO}]}
decision_types:
  - {id: commission-primary-medical, name: Commission primary medical services}
bodies:
  - {id: wakefield-committee, name: Wakefield place committee, kind: place_committee,
     of: [wy-icb], footprint: wakefield}
delegations:
  - {id: d-wakefield-gp, delegator: wy-icb, delegate: wakefield-committee,
     decisions: [commission-primary-medical], footprint: wakefield,
     instrument: scheme_of_delegation, may_subdelegate: false, sources: [{source: wy-sord}]}
decision_rights:
  - {id: r-wakefield-gp, holder: wakefield-committee, decision: commission-primary-medical,
     footprint: wakefield, role: decides, basis: delegated, delegation: d-wakefield-gp,
     sources: [{source: wy-sord}]}
"""


def _with_local(tmp_path: Path, text: str) -> MemoryStore:
    path = tmp_path / "local.yaml"
    path.write_text(text, encoding="utf-8")
    return MemoryStore(load(["icsgov:reference", str(path)]))


def test_a_local_delegation_refines_the_baseline_within_the_icbs_right(tmp_path: Path) -> None:
    store = _with_local(tmp_path, LOCAL)
    when = dt.date(2024, 6, 1)
    here = who_decides(store, "commission-primary-medical", "Wakefield", as_of=when)
    assert [h.id for h in here.decides] == ["wakefield-committee"] and not here.ambiguous
    chain = here.delegation_chain[0]
    # the committee's power goes back through the ICB's national delegation to NHS England
    assert [s.delegator for s in chain.steps] == ["ods:QWO", "nhse"]
    assert chain.statutory_holder == "nhse" and not chain.broken
    assert here.baseline_only is False and not any("baseline only" in c for c in here.caveats)
    leeds = who_decides(store, "commission-primary-medical", "Leeds", as_of=when)
    assert [h.id for h in leeds.decides] == ["ods:QWO"] and leeds.decides[0].rule == "R-ICB-PMS"
    assert leeds.baseline_only is False  # West Yorkshire's scheme is loaded (at Wakefield)
    rules = {f.rule for f in run_checks(store, as_of=when, rules=["GOV070"]).findings}
    assert rules == set()


def test_a_local_right_that_contradicts_the_baseline_is_a_finding(tmp_path: Path) -> None:
    contrary = LOCAL.replace("basis: delegated, delegation: d-wakefield-gp", "basis: statutory")
    store = _with_local(tmp_path, contrary)
    when = dt.date(2024, 6, 1)
    findings = run_checks(store, as_of=when, rules=["GOV070"]).findings
    assert [(f.rule, f.target) for f in findings] == [("GOV070", "r-wakefield-gp")]
    assert "R-ICB-PMS" in findings[0].message and "NHS West Yorkshire" in findings[0].message


def test_no_such_place_and_no_governance_there_are_told_apart(memory: MemoryStore) -> None:
    with pytest.raises(NotFound, match="Wakefeild"):
        who_decides(memory, "commission-pod", "Wakefeild", as_of=dt.date(2024, 1, 1))
    nothing = who_decides(memory, "commission-pod", "Wakefield", as_of=dt.date(2012, 1, 1))
    assert not nothing.found
    assert "no governance recorded" in nothing.summary


def test_bad_rules_are_refused_with_the_rule_named() -> None:
    with pytest.raises(InputError, match="every 'trust' is not one of"):
        parse_rules(
            "rules:\n  - {id: R1, every: trust, decision: x, role: decides, basis: statutory,\n"
            "     statement: s, sources: [{source: a}]}\n"
        )
    with pytest.raises(InputError, match="'delegated_by' goes with basis 'delegated'"):
        parse_rules(
            "rules:\n  - {id: R1, every: icb, decision: x, role: decides, basis: delegated,\n"
            "     statement: s, sources: [{source: a}]}\n"
        )
    with pytest.raises(InputError, match="sources"):
        parse_rules(
            "rules:\n  - {id: R1, every: icb, decision: x, role: decides, basis: statutory,\n"
            "     statement: s}\n"
        )


def test_rules_expand_over_a_local_schemes_own_ccgs() -> None:
    gov = parse_yaml(
        """
footprints: [{id: sys, name: Riverside, level: system}]
organisations:
  - {id: ccg, name: NHS Riverside CCG, kind: ccg, footprints: [sys], valid_from: 2015-04-01,
     valid_to: 2020-03-31}
"""
    )
    both = with_baseline(read_baseline().merged(gov))
    right = both.get("nat:R-CCG-HOSPITAL:ccg")
    assert isinstance(right, DecisionRight)
    assert (right.valid_from, right.valid_to) == (dt.date(2015, 4, 1), dt.date(2020, 3, 31))
    assert isinstance(both.get("sys"), Footprint)


def test_a_ccg_function_before_july_2022_names_the_rule_not_a_guessed_ccg(
    memory: MemoryStore,
) -> None:
    # the reference data holds no CCGs: the law says every CCG held it, the data names none
    answer = who_decides(
        memory, "commission-hospital-community", "Wakefield", as_of=dt.date(2020, 1, 1)
    )
    assert not answer.found and answer.decides == []
    assert any(w.startswith("by national rule R-CCG-HOSPITAL, every CCG") for w in answer.warnings)
    after = who_decides(
        memory, "commission-hospital-community", "Wakefield", as_of=dt.date(2022, 7, 1)
    )
    assert [h.id for h in after.decides] == ["ods:QWO"] and after.decides[
        0
    ].rule == "R-ICB-HOSPITAL"
