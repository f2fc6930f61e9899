"""`icsgov demo` (what `make demo` runs) answers the main questions on the bundled example."""

from __future__ import annotations

import pytest

from icsgov.demo import QUESTIONS
from tests.cli_helpers import run_cli


def test_demo_answers_each_question(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "demo")
    assert outcome.code == 0, outcome.err
    text = outcome.out
    for decision, place, _value, day in QUESTIONS:
        assert f"icsgov who-decides {decision} --at {place}" in text
        assert f"In {place} on {day}" in text
    assert "is decided by NHS Gloucestershire ICB board" in text
    assert "decided in practice by Lincolnshire clinical reference group" in text
    assert "formally ratified by Lincolnshire CCG governing body" in text
    assert "Nearest elected body or the public: The public" in text
    assert "Share of decisions taken at place or below:" in text
    assert "GOV001" in text
    assert "Traceback" not in outcome.err
