"""Every governance rule has a failing and a passing example, built on one small base.

Each case adds a few records to BASE; the failing variant must produce a
finding of that rule about the named target, the passing one none.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from icsgov.errors import QueryError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.queries.checks import RULES, Severity, run_checks

BASE: dict[str, list[dict[str, Any]]] = {
    "footprints": [
        {"id": "eng", "name": "England", "level": "national"},
        {"id": "sys", "name": "System", "level": "system", "part_of": "eng"},
        {"id": "pl", "name": "Place", "level": "place", "part_of": "sys"},
        {"id": "pl2", "name": "Place Two", "level": "place", "part_of": "sys"},
    ],
    "organisations": [
        {"id": "icb", "name": "ICB", "kind": "icb", "statutory": True, "footprints": ["sys"]},
        {"id": "council", "name": "Council", "kind": "unitary_authority", "statutory": True},
        {"id": "trust", "name": "Trust", "kind": "nhs_trust", "statutory": True},
        {"id": "nhse", "name": "NHS England", "kind": "nhs_england", "statutory": True},
        {"id": "cqc", "name": "CQC", "kind": "cqc", "statutory": True},
    ],
    "decision_types": [
        {"id": "d", "name": "Decision D", "preferred_level": "place"},
        {"id": "e", "name": "Decision E"},
    ],
}


def right(rid: str, holder: str, footprint: str, **more: Any) -> dict[str, Any]:
    fields = {"role": "decides", "basis": "statutory", "decision": "d"}
    return {"id": rid, "holder": holder, "footprint": footprint, **fields, **more}


def delegation(did: str, delegator: str, delegate: str, **more: Any) -> dict[str, Any]:
    base = {"decisions": ["d"], "instrument": "scheme_of_delegation"}
    return {"id": did, "delegator": delegator, "delegate": delegate, **base, **more}


def line(lid: str, actor: str, to: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"id": lid, "actor": actor, "answers_to": to, "kind": kind, **more}


def body(bid: str, kind: str, footprint: str, **more: Any) -> dict[str, Any]:
    return {
        "id": bid,
        "name": bid.title(),
        "kind": kind,
        "of": ["icb"],
        "footprint": footprint,
        **more,
    }


def post(pid: str, kind: str, post_in: str, **more: Any) -> dict[str, Any]:
    return {"id": pid, "name": pid.title(), "kind": kind, "post_in": [post_in], **more}


def flow(fid: str, funder: str, recipient: str, **more: Any) -> dict[str, Any]:
    return {"id": fid, "funder": funder, "recipient": recipient, **more}


# rule: (target, failing additions, passing additions)
CASES: dict[str, tuple[str, dict[str, list[Any]], dict[str, list[Any]]]] = {
    "GOV001": (
        "d",
        {"decision_rights": [right("r-d", "council", "pl")]},
        {"decision_rights": [right("r-d", "council", "pl"), right("r-d2", "icb", "sys")]},
    ),
    "GOV002": (
        "r2",
        {"decision_rights": [right("r1", "council", "pl"), right("r2", "icb", "pl")]},
        {
            "decision_rights": [
                right("r1", "council", "pl", value_max=100),
                right("r2", "icb", "pl", value_min=101),
            ]
        },
    ),
    "GOV003": (
        "r1",
        {"decision_rights": [right("r1", "icb", "sys")]},
        {"decision_rights": [right("r1", "council", "pl"), right("r2", "council", "pl2")]},
    ),
    "GOV004": (
        "r1",
        {
            "bodies": [body("crg", "clinical_reference_group", "sys")],
            "decision_rights": [right("r1", "crg", "sys", basis="de_facto")],
        },
        {
            "bodies": [body("crg", "clinical_reference_group", "sys")],
            "decision_rights": [
                right("r1", "crg", "sys", basis="de_facto"),
                right("r2", "icb", "sys", role="ratifies"),
            ],
        },
    ),
    "GOV010": (
        "del",
        {"delegations": [delegation("del", "council", "trust")]},
        {
            "decision_rights": [right("r1", "council", "pl")],
            "delegations": [delegation("del", "council", "trust")],
        },
    ),
    "GOV011": (
        "del",
        {
            "decision_rights": [right("r1", "icb", "pl")],
            "delegations": [delegation("del", "icb", "council", footprint="pl2")],
        },
        {
            "decision_rights": [right("r1", "icb", "pl")],
            "delegations": [delegation("del", "icb", "council", footprint="pl")],
        },
    ),
    "GOV012": (
        "del",
        {
            "decision_rights": [right("r1", "icb", "sys", value_max=1000)],
            "delegations": [delegation("del", "icb", "council", value_max=5000)],
        },
        {
            "decision_rights": [right("r1", "icb", "sys", value_max=1000)],
            "delegations": [delegation("del", "icb", "council", value_max=500)],
        },
    ),
    "GOV013": (
        "del",
        {
            "decision_rights": [right("r1", "icb", "sys", valid_from="2022-07-01")],
            "delegations": [delegation("del", "icb", "council", valid_from="2020-01-01")],
        },
        {
            "decision_rights": [right("r1", "icb", "sys", valid_from="2022-07-01")],
            "delegations": [delegation("del", "icb", "council", valid_from="2022-07-01")],
        },
    ),
    "GOV016": (
        "r1",
        {
            "bodies": [body("board", "board", "sys", valid_from="2022-07-01")],
            "decision_rights": [right("r1", "board", "sys")],
        },
        {
            "bodies": [body("board", "board", "sys", valid_from="2022-07-01")],
            "decision_rights": [right("r1", "board", "sys", valid_from="2022-07-01")],
        },
    ),
    "GOV014": (
        "del-a",
        {
            "delegations": [
                delegation("del-a", "council", "trust"),
                delegation("del-b", "trust", "council"),
            ]
        },
        {"delegations": [delegation("del-a", "council", "trust")]},
    ),
    "GOV015": (
        "l1",
        {
            "accountability": [
                line("l1", "council", "trust", "managerial"),
                line("l2", "trust", "council", "managerial"),
            ]
        },
        {
            "accountability": [
                line("l1", "council", "trust", "managerial"),
                line("l2", "trust", "council", "mutual"),
            ]
        },
    ),
    "GOV020": (
        "pc",
        {"bodies": [body("pc", "place_committee", "pl", members=["council"])]},
        {"bodies": [body("pc", "place_committee", "pl", members=["council", "trust"])]},
    ),
    "GOV021": (
        "com",
        {
            "bodies": [body("com", "committee", "pl", meets_in_public=False)],
            "decision_rights": [right("r1", "com", "pl", basis="delegated")],
        },
        {
            "bodies": [body("com", "committee", "pl", meets_in_public=True)],
            "decision_rights": [right("r1", "com", "pl", basis="delegated")],
        },
    ),
    "GOV022": (
        "com",
        {
            "bodies": [body("com", "committee", "pl")],
            "decision_rights": [right("r1", "com", "pl", basis="delegated")],
        },
        {
            "bodies": [body("com", "committee", "pl", terms_of_reference="ToR v2")],
            "decision_rights": [right("r1", "com", "pl", basis="delegated")],
        },
    ),
    "GOV023": (
        "board",
        {
            "bodies": [body("board", "board", "sys", members=["ceo"])],
            "posts": [post("ceo", "chief_executive", "icb")],
        },
        {
            "bodies": [body("board", "board", "sys", members=["ceo", "ned"])],
            "posts": [post("ceo", "chief_executive", "icb"), post("ned", "non_executive", "board")],
        },
    ),
    "GOV030": (
        "lead",
        {
            "posts": [post("lead", "ics_lead", "icb")],
            "accountability": [
                line(f"l-{to}", "lead", to, "mutual") for to in ("icb", "council", "trust", "nhse")
            ],
        },
        {
            "posts": [post("lead", "ics_lead", "icb")],
            "accountability": [
                line(f"l-{to}", "lead", to, "mutual") for to in ("icb", "council", "trust")
            ],
        },
    ),
    "GOV031": (
        "l1",
        {"accountability": [line("l1", "trust", "cqc", "regulatory")]},
        {"accountability": [line("l1", "trust", "cqc", "regulatory", basis="rating inadequate")]},
    ),
    "GOV040": (
        "f1",
        {
            "people": [{"id": "x", "name": "X"}],
            "posts": [
                post("p1", "director", "icb", holder="x"),
                post("p2", "chief_executive", "trust", holder="x"),
            ],
            "funding": [flow("f1", "icb", "trust", amount=10)],
        },
        {
            "people": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
            "posts": [
                post("p1", "director", "icb", holder="x"),
                post("p2", "chief_executive", "trust", holder="y"),
            ],
            "funding": [flow("f1", "icb", "trust", amount=10)],
        },
    ),
    "GOV050": (
        "pmo",
        {
            "bodies": [body("pmo", "pmo", "sys")],
            "funding": [
                flow("f1", "nhse", "pmo", amount=60, recurrent=False),
                flow("f2", "icb", "pmo", amount=40),
            ],
        },
        {
            "bodies": [body("pmo", "pmo", "sys")],
            "funding": [
                flow("f1", "nhse", "pmo", amount=40, recurrent=False),
                flow("f2", "icb", "pmo", amount=60),
            ],
        },
    ),
    "GOV060": (
        "trust-rtd",
        {
            "organisations": [
                {
                    "id": "trust-again",
                    "name": "Trust",
                    "kind": "nhs_trust",
                    "codes": [{"scheme": "ods", "value": "RTD"}],
                },
                {
                    "id": "trust-rtd",
                    "name": "Trust RTD",
                    "kind": "nhs_trust",
                    "codes": [{"scheme": "ods", "value": "rtd"}],
                },
            ]
        },
        {
            "organisations": [
                {
                    "id": "trust-again",
                    "name": "Trust",
                    "kind": "nhs_trust",
                    "codes": [{"scheme": "ods", "value": "RTD"}],
                    "valid_to": "2022-06-30",
                },
                {
                    "id": "trust-rtd",
                    "name": "Trust RTD",
                    "kind": "nhs_trust",
                    "codes": [{"scheme": "ods", "value": "RTD"}],
                    "valid_from": "2022-07-01",
                },
            ]
        },
    ),
    "GOV070": (
        "r-trust",
        {
            "decision_rights": [
                right("nat:R-TEST:icb", "icb", "sys"),  # made from a national rule (its id)
                right("r-trust", "trust", "pl"),
            ]
        },
        {
            "decision_rights": [
                right("nat:R-TEST:icb", "icb", "sys"),
                right("r-trust", "trust", "pl", basis="delegated", delegation="d-trust"),
            ],
            "delegations": [delegation("d-trust", "icb", "trust", footprint="pl")],
        },
    ),
}


def store_with(extra: dict[str, list[Any]]) -> MemoryStore:
    document: dict[str, list[Any]] = {k: list(v) for k, v in BASE.items()}
    for section, records in extra.items():
        document.setdefault(section, []).extend(records)
    return MemoryStore(parse_yaml(yaml.safe_dump(document, sort_keys=False)))


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_then_passes(rule_id: str) -> None:
    target, failing, passing = CASES[rule_id]
    found = run_checks(store_with(failing), rules=[rule_id]).findings
    assert [(f.rule, f.target) for f in found] == [(rule_id, target)]
    assert found[0].severity is RULES[rule_id].severity
    assert run_checks(store_with(passing), rules=[rule_id]).findings == []


def test_suppressed_findings_are_listed_with_their_reason() -> None:
    _target, failing, _ = CASES["GOV050"]
    sup = {"id": "s1", "rule": "GOV050", "target": "pmo", "reason": "bridging year agreed"}
    report = run_checks(store_with({**failing, "suppressions": [sup]}), rules=["GOV050"])
    [finding] = report.findings
    assert finding.suppressed and finding.suppression_reason == "bridging year agreed"
    assert report.active == [] and report.counts()["suppressed"] == 1


def test_errors_decide_the_exit() -> None:
    _t, failing, _passing = CASES["GOV002"]
    assert run_checks(store_with(failing)).has_errors
    assert not run_checks(store_with(CASES["GOV050"][1]), rules=["GOV050"]).has_errors


def test_unknown_rule_is_refused_with_suggestions() -> None:
    with pytest.raises(QueryError, match=r"unknown rule 'GOV01'.*GOV010"):
        run_checks(store_with({}), rules=["GOV01"])


def test_golden_findings() -> None:
    # Worked out by hand from the comments in tests/golden/accountability.yaml.
    golden = Path(__file__).parent / "golden" / "accountability.yaml"
    report = run_checks(MemoryStore(load([golden])), as_of=dt.date(2024, 1, 1))
    assert sorted((f.rule, f.target, f.suppressed) for f in report.findings) == [
        ("GOV003", "acc-r-icb-capital", False),
        ("GOV003", "acc-r-icb-chc", True),
        # undated records naming the ICB, which exists only from 1 July 2022
        ("GOV016", "acc-line-2", False),
        ("GOV016", "acc-post-ics-lead", False),
        ("GOV020", "acc-place-b-committee", False),
        ("GOV021", "acc-crg", False),
        ("GOV021", "acc-place-b-committee", False),
        ("GOV022", "acc-crg", False),
        ("GOV022", "acc-place-b-committee", False),
        ("GOV030", "acc-post-ics-lead", False),
        ("GOV031", "acc-line-7", False),
        ("GOV040", "acc-fund-1", False),
        ("GOV050", "acc-pmo", False),
    ]
    assert not report.has_errors


def test_every_rule_is_documented() -> None:
    text = (Path(__file__).parents[1] / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## (GOV\d{3})", text, flags=re.M))
    assert documented == set(RULES)
    for rule in RULES.values():
        assert rule.severity in Severity
        assert rule.source and rule.rationale and rule.fix
