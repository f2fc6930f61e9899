"""Choosing a store: --store, then $ICSGOV_STORE, then memory; never a silent fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from icsgov.graph.neo4j.bolt import BoltSettings
from tests.cli_helpers import run_cli

QUESTION = (
    "who-decides",
    "approve-capital-scheme",
    "--at",
    "Gloucestershire",
    "--value",
    "2.5m",
    "--as-of",
    "2024-06-01",
    "--json",
)


def answer(capsys: pytest.CaptureFixture[str], *store: str) -> dict[str, object]:
    outcome = run_cli(capsys, *store, *QUESTION)
    assert outcome.code == 0, outcome.err
    payload: dict[str, object] = outcome.json()
    return payload


def test_rdf_store_gives_the_memory_answer(capsys: pytest.CaptureFixture[str]) -> None:
    memory = answer(capsys)
    assert memory["decides"]
    assert answer(capsys, "--store", "rdf") == memory
    assert answer(capsys, "--store", "memory") == memory


def test_the_environment_names_the_store(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICSGOV_STORE", "nonsense")
    outcome = run_cli(capsys, *QUESTION)
    assert outcome.code == 2
    assert "Unknown store 'nonsense'" in outcome.err
    assert "ICSGOV_STORE" in outcome.err


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("postgres://x", "Unknown store 'postgres://x'"),
        ("rdf:/no/such/folder", "No Oxigraph store in '/no/such/folder'"),
    ],
)
def test_a_named_store_that_cannot_run_is_an_error(
    capsys: pytest.CaptureFixture[str], spec: str, fragment: str
) -> None:
    outcome = run_cli(capsys, "--store", spec, *QUESTION)
    assert outcome.code == 2
    assert fragment in outcome.err
    assert "Traceback" not in outcome.err


def test_data_is_refused_for_a_store_that_holds_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcome = run_cli(capsys, "--store", "bolt://127.0.0.1:1", *QUESTION, "--data", str(tmp_path))
    assert outcome.code == 2
    assert "already holds its data" in outcome.err


def test_neo4j_store_gives_the_memory_answer(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    bolt_database: BoltSettings,
) -> None:
    memory = answer(capsys)
    monkeypatch.setenv("NEO4J_PASSWORD", bolt_database.password)
    monkeypatch.setenv("NEO4J_USER", bolt_database.user)
    where = ["--uri", bolt_database.uri]
    if bolt_database.database:
        where += ["--database", bolt_database.database]
        monkeypatch.setenv("NEO4J_DATABASE", bolt_database.database)
    pushed = run_cli(capsys, "neo4j", "push", *where)
    assert pushed.code == 0, pushed.err
    assert answer(capsys, "--store", bolt_database.uri) == memory
