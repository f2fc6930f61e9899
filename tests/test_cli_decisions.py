"""The decision commands through the real entry point: golden answers, errors, exit codes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli_helpers import run_cli
from tests.golden_who_decides import CASES, CORE, case_id, check

GOLDEN = ("--data", str(CORE))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_who_decides_json_matches_golden(
    capsys: pytest.CaptureFixture[str], case: dict[str, Any]
) -> None:
    args = [case["decision"], "--at", case["at"], "--as-of", str(case["as_of"])]
    if "value" in case:
        args += ["--value", str(case["value"])]
    outcome = run_cli(capsys, "who-decides", *args, "--json", *GOLDEN)
    answer = outcome.json()
    check(answer, case)
    findings = answer["ambiguous"] or not answer["found"]
    assert outcome.code == (1 if findings else 0)


def test_who_decides_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(
        capsys,
        "who-decides",
        "approve capital scheme",
        "--at",
        "Lydney",
        "--value",
        "£250k",
        "--as-of",
        "2024-01-01",
        *GOLDEN,
    )
    assert outcome.code == 0
    assert outcome.out.startswith("In Lydney on 2024-01-01, 'Approve a capital scheme' for £250k")
    assert (
        "Forest of Dean place committee (delegated) at Forest of Dean (place level)" in outcome.out
    )
    assert "delegated by" in outcome.out and "d-board-forest" in outcome.out
    assert "Golden test scheme of reservation and delegation" in outcome.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["aprove capitol scheme", "--at", "glos"],
            "Did you mean: 'approve-capital-scheme (Approve a capital scheme)'",
        ),
        (["capital approval", "--at", "glos"], "matches more than one decision type"),
        (["capital", "--at", "Glocester City"], "Did you mean: 'glos-city (Gloucester City)'"),
        (["capital", "--at", "ghft"], "'glos-city (Gloucester City, place)'"),
        (["capital", "--at", "glos", "--value", "lots"], "is not an amount of money"),
        (["capital", "--at", "glos", "--as-of", "2024-13-01"], "is not a date"),
    ],
)
def test_bad_names_exit_2_with_suggestions(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    outcome = run_cli(capsys, "who-decides", *args, *GOLDEN)
    assert outcome.code == 2
    assert message in outcome.err
    assert "Traceback" not in outcome.err
