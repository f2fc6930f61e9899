"""Governance that is well-formed but wrong: delegation cycles, a delegate given more than its
delegator holds. These are findings of ``icsgov check`` (exit 1), not input errors (exit 2).

Each case in ``tests/bad_governance/`` is one YAML file whose first line is
``# expect: RULE TARGET``: the file must validate (it is loadable, so it can
be analysed), and ``icsgov check --json`` must exit 1 with an unsuppressed
error of that rule about that record. Why findings and not load errors: see
docs/reliability.md ("Findings, not input errors").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

CORPUS = Path(__file__).parent / "bad_governance"
CASES = sorted(CORPUS.glob("*.yaml"))


def expectation(case: Path) -> tuple[str, str]:
    match = re.match(r"# expect: (GOV\d{3}) (\S+)$", case.read_text().splitlines()[0])
    assert match, f"{case} has no '# expect: RULE TARGET' first line"
    return match.group(1), match.group(2)


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_loads_and_is_reported_by_its_rule(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule, target = expectation(case)
    valid = run_cli(capsys, "validate", str(case))
    assert valid.code == 0, valid.err
    outcome = run_cli(capsys, "check", "--json", "--data", str(case))
    assert outcome.code == 1, outcome.err
    assert "Traceback" not in outcome.err
    findings = outcome.json()["findings"]
    hits = [
        f
        for f in findings
        if f["rule"] == rule and f["target"] == target and f["severity"] == "error"
    ]
    assert hits, f"no {rule} finding about {target} in {findings}"
    assert not any(f["suppressed"] for f in hits)
    assert all(f["message"] for f in hits)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_removing_the_offending_record_clears_the_rule(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The finding is about that record: without it, the rule no longer fires on it."""
    rule, target = expectation(case)
    kept = [
        line for line in case.read_text().splitlines() if not re.search(rf"id: {target}\b", line)
    ]
    fixed = tmp_path / case.name
    fixed.write_text("\n".join(kept) + "\n")
    outcome = run_cli(capsys, "check", "--json", "--rule", rule, "--data", str(fixed))
    assert outcome.code in (0, 1), outcome.err
    assert not [f for f in outcome.json()["findings"] if f["target"] == target]
