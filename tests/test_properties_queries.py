"""Property-based: a random document that loads can be asked every question without a crash.

Hypothesis writes governance documents with footprints, organisations, bodies,
decision types (with broader types), rights, delegations (cycles included) and
accountability lines, all drawn from small id pools so references mostly
resolve and sometimes do not. Each document is dumped as YAML and loaded by
the real loader: either it is refused with ``InputError`` listing problems,
or the memory store built from it answers who-decides for every decision type
at every footprint (with and without a value and a date), and the checks,
subsidiarity and web run too. The only allowed failures are icsgov's own
errors (``IcsgovError``: not found, ambiguous...), each with a message.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsgov.errors import IcsgovError, InputError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.ontology.model import (
    AccountabilityKind,
    BodyKind,
    DecisionType,
    Footprint,
    InstrumentKind,
    Level,
    OrganisationKind,
    Role,
)
from icsgov.queries.checks import run_checks
from icsgov.queries.subsidiarity import subsidiarity_report
from icsgov.queries.web import accountability_web
from icsgov.queries.who_decides import who_decides
from icsgov.queries.who_decides_text import summarise_answer

MAX_EXAMPLES = 200
"""Documents generated per property (docs/reliability.md counts them)."""

FOOTPRINTS = ["eng", "reg", "sys", "pl1", "pl2", "nb"]
ACTORS = ["icb", "council", "trust", "board", "cttee", "ccg"]
DECISIONS = ["fin", "cap", "minor", "care"]
DATES = st.dates(dt.date(2018, 1, 1), dt.date(2027, 1, 1))
MONEY = st.one_of(st.integers(0, 10**8), st.sampled_from([2.5e6, 250_000.0, 0.5]))


def _footprints() -> st.SearchStrategy[list[dict[str, Any]]]:
    levels = [Level.NATIONAL, Level.REGION, Level.SYSTEM, Level.PLACE, Level.PLACE]
    parents = [None, "eng", "reg", "sys", "sys"]
    base = [
        {"id": fid, "name": f"Footprint {fid}", "level": level.value}
        | ({"part_of": parent} if parent else {})
        for fid, level, parent in zip(FOOTPRINTS, levels, parents, strict=False)
    ]
    neighbourhood = st.fixed_dictionaries(
        {
            "id": st.just("nb"),
            "name": st.just("A neighbourhood"),
            "level": st.just(Level.NEIGHBOURHOOD.value),
            "part_of": st.sampled_from(["pl1", "pl2", "missing"]),
        }
    )
    return st.lists(neighbourhood, max_size=1).map(lambda extra: base + extra)


def _dated() -> dict[str, st.SearchStrategy[Any]]:
    return {"valid_from": DATES, "valid_to": DATES}


def document() -> st.SearchStrategy[dict[str, Any]]:
    orgs = st.just(
        [
            {"id": "icb", "name": "The ICB", "kind": OrganisationKind.ICB.value},
            {"id": "council", "name": "The council", "kind": "unitary_authority"},
            {"id": "trust", "name": "The trust", "kind": "nhs_trust"},
            {"id": "ccg", "name": "The CCG", "kind": "ccg", "valid_to": "2022-06-30"},
        ]
    )
    bodies = st.tuples(
        *(
            st.fixed_dictionaries(
                {
                    "id": st.just(bid),
                    "name": st.sampled_from(["Board", "Committee"]),
                    "kind": st.sampled_from([k.value for k in BodyKind]),
                    "of": st.lists(st.sampled_from(["icb", "council", "trust"]), max_size=2),
                },
                optional={"footprint": st.sampled_from(FOOTPRINTS)},
            )
            for bid in ("board", "cttee")
        )
    ).map(list)
    # Each decision type may be narrower than one listed before it (no loops), and sometimes
    # names one that is missing or later: near-valid documents the loader must refuse.
    types = st.tuples(
        *(
            st.fixed_dictionaries(
                {"id": st.just(did), "name": st.sampled_from(["Money", "Care"])},
                optional={
                    "broader": st.sampled_from(DECISIONS[:i] or ["nothing"])
                    if i
                    else st.sampled_from(["fin", "nothing"]),
                    "preferred_level": st.sampled_from([lv.value for lv in Level]),
                },
            )
            for i, did in enumerate(DECISIONS)
        )
    ).map(list)
    rights = st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from([f"r{i}" for i in range(8)]),
                "holder": st.sampled_from(ACTORS),
                "decision": st.sampled_from(DECISIONS),
                "footprint": st.sampled_from(FOOTPRINTS),
                "role": st.sampled_from([r.value for r in Role]),
                "basis": st.sampled_from(["statutory", "delegated", "agreed", "de_facto"]),
            },
            optional={"value_min": MONEY, "value_max": MONEY, "delegation": st.just("d1")}
            | _dated(),
        ),
        max_size=8,
        unique_by=lambda r: str(r["id"]),
    )
    delegations = st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from(["d1", "d2", "d3"]),
                "delegator": st.sampled_from(ACTORS),
                "delegate": st.sampled_from(ACTORS),
                "decisions": st.lists(st.sampled_from(DECISIONS), min_size=1, max_size=2),
                "instrument": st.sampled_from([k.value for k in InstrumentKind]),
            },
            optional={
                "footprint": st.sampled_from(FOOTPRINTS),
                "value_max": MONEY,
                "may_subdelegate": st.booleans(),
            }
            | _dated(),
        ),
        max_size=3,
        unique_by=lambda r: str(r["id"]),
    )
    lines = st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from(["l1", "l2", "l3"]),
                "actor": st.sampled_from(ACTORS),
                "answers_to": st.sampled_from(ACTORS),
                "kind": st.sampled_from([k.value for k in AccountabilityKind]),
            }
        ),
        max_size=3,
        unique_by=lambda r: str(r["id"]),
    )
    return st.fixed_dictionaries(
        {
            "footprints": _footprints(),
            "organisations": orgs,
            "bodies": bodies,
            "decision_types": types,
            "decision_rights": rights,
            "delegations": delegations,
            "accountability": lines,
        }
    )


def load(doc: dict[str, Any]) -> MemoryStore | None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    try:
        return MemoryStore(parse_yaml(text, "generated.yaml"))
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return None


def allowed(exc: IcsgovError) -> None:
    assert not isinstance(exc, InputError), "a loaded document must not be refused later"
    assert str(exc).strip(), "an error must say what went wrong"


@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(document(), st.sampled_from([None, 0, 500_000, 10**9]), st.one_of(st.none(), DATES))
def test_every_decision_at_every_footprint_is_answered_or_refused_cleanly(
    doc: dict[str, Any], value: int | None, as_of: dt.date | None
) -> None:
    store = load(doc)
    if store is None:
        return
    footprints = store.entities(Footprint)
    for decision in store.entities(DecisionType):
        for footprint in footprints:
            try:
                answer = who_decides(store, decision.id, footprint.id, value, as_of)
            except IcsgovError as exc:
                allowed(exc)
                continue
            assert answer.decision == decision.id
            json.dumps(answer.to_dict(), default=str)
            assert summarise_answer(answer, footprint.name).strip()


@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(document(), st.one_of(st.none(), DATES))
def test_checks_subsidiarity_and_webs_run_on_anything_that_loads(
    doc: dict[str, Any], as_of: dt.date | None
) -> None:
    store = load(doc)
    if store is None:
        return
    report = run_checks(store, as_of=as_of)
    json.dumps(report.to_dict(), default=str)
    for system in [f for f in store.entities(Footprint) if f.level is Level.SYSTEM]:
        try:
            subsidiarity_report(store, system.id, as_of=as_of)
        except IcsgovError as exc:
            allowed(exc)
    for actor in ACTORS:
        try:
            web = accountability_web(store, actor, as_of=as_of)
        except IcsgovError as exc:
            allowed(exc)
            continue
        json.dumps(web.to_dict(), default=str)


def test_an_id_wins_over_another_records_name() -> None:
    """Found by the properties above: 'care' was the id of one decision type and the name
    of another, so asking by the id (as the checks do) raised Ambiguous."""
    store = load(
        {
            "footprints": [{"id": "eng", "name": "England", "level": "national"}],
            "organisations": [{"id": "icb", "name": "The ICB", "kind": "icb"}],
            "decision_types": [{"id": "care", "name": "Money"}, {"id": "minor", "name": "Care"}],
        }
    )
    assert store is not None
    assert who_decides(store, "care", "eng").decision == "care"
    assert who_decides(store, "minor", "eng").decision == "minor"
    run_checks(store)
