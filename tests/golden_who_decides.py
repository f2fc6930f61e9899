"""The hand-written "who decides" cases, and one comparison used for the library and the CLI.

Both paths compare the same plain data (``Answer.to_dict()`` or the CLI's
``--json``) with ``tests/golden/expected_who_decides.yaml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

GOLDEN = Path(__file__).parent / "golden"
CORE = GOLDEN / "core.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (GOLDEN / "expected_who_decides.yaml").read_text(encoding="utf-8")
)["cases"]
ROLES = ("decides", "agrees", "ratifies", "recommends", "consulted", "informed")


def case_id(case: dict[str, Any]) -> str:
    return str(case["name"])


def as_of(case: dict[str, Any]) -> dt.date:
    value = case["as_of"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def check(answer: dict[str, Any], case: dict[str, Any]) -> None:
    """Assert ``answer`` (plain data) matches the hand-written expectation ``case``."""
    assert answer["found"] is case.get("found", True)
    assert answer["gap"] is case.get("gap", False)
    if not answer["found"]:
        assert answer["decides"] == []
        assert sorted(h["right"] for h in answer["bands"]) == case.get("bands", [])
        assert sorted(h["id"] for h in answer["hint"]) == case.get("hint", [])
        for text in case.get("warnings", []):
            assert any(text in w for w in answer["warnings"]), (text, answer["warnings"])
        return
    assert answer["footprint"] == case["footprint"]
    assert answer["level"] == case["level"]
    assert answer["answered_for"] == case.get("fallback_to", answer["decision"])
    assert answer["fallback"] is ("fallback_to" in case)
    for role in ROLES:
        assert sorted(h["id"] for h in answer[role]) == sorted(case.get(role, [])), role
    assert answer["ambiguous"] is case.get("ambiguous", False)
    assert sorted(h["id"] for h in answer["de_facto"]) == case.get("de_facto", [])
    if "de_jure" in case:
        assert sorted(h["id"] for h in answer["de_jure"]) == case["de_jure"]
    if "chains" in case:
        got = {
            c["holder"]: [[s["delegation"] for s in c["steps"]], c["statutory_holder"]]
            for c in answer["delegation_chain"]
        }
        assert got == case["chains"]
        for chain in answer["delegation_chain"]:
            assert chain["broken"] is (chain["statutory_holder"] is None)
    if "accountability" in case:
        assert [line["id"] for line in answer["accountability"]] == case["accountability"]
    if "conditions" in case:
        assert answer["conditions"] == case["conditions"]
    for text in case.get("warnings", []):
        assert any(text in w for w in answer["warnings"]), (text, answer["warnings"])
    if "warnings" not in case:
        assert answer["warnings"] == [], answer["warnings"]
    cited = {s["source"] for s in answer["sources"]}
    assert set(case.get("sources", [])) <= cited
    pairs = [(s["source"], s["locator"]) for s in answer["sources"]]
    assert len(pairs) == len(set(pairs)), "sources must be de-duplicated"
    # every right reported is cited
    used = {u for s in answer["sources"] for u in s["used_by"]}
    assert {h["right"] for role in ROLES for h in answer[role]} <= used
