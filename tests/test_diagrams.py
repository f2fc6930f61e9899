"""SVG through Graphviz and Mermaid text for a web, a delegation chain and the FDM."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.queries.fdm import functions_and_decisions
from icsgov.queries.who_decides import who_decides
from icsgov.render.diagrams import chain_to_dot, chain_to_mermaid, fdm_to_mermaid
from tests.cli_helpers import run_cli

DAY = dt.date(2024, 6, 1)


def svg_texts(path: Path) -> list[str]:
    root = ET.fromstring(path.read_text())
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_chain_reaches_the_statutory_holder(example_store: MemoryStore) -> None:
    answer = who_decides(example_store, "commission-primary-medical", "Gloucestershire", as_of=DAY)
    holder = answer.delegation_chain[0].statutory_holder
    assert holder
    dot = chain_to_dot(answer)
    assert f'"{holder}" [label=' in dot and "doubleoctagon" in dot
    mermaid = chain_to_mermaid(answer)
    assert mermaid.startswith("flowchart BT") and "-.->" in mermaid


def test_fdm_mermaid_names_every_part_and_decision(example_store: MemoryStore) -> None:
    fdm = functions_and_decisions(example_store, "Gloucestershire", DAY)
    text = fdm_to_mermaid(fdm)
    for entry in fdm.entries:
        assert entry.decision_name.replace('"', "#quot;") in text


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["web", "glos-pmo-programme-manager"], "The public"),
        (["who-decides", "commission-primary-medical", "--at", "Gloucestershire"], "NHS England"),
        (["fdm", "--system", "Gloucestershire"], "NHS England"),
    ],
)
def test_cli_draws_svg(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expect: str
) -> None:
    out = tmp_path / "picture.svg"
    done = run_cli(capsys, *args, "--as-of", str(DAY), "--format", "svg", "-o", str(out))
    assert done.code == 0, done.err
    assert expect in svg_texts(out)


def test_missing_graphviz_says_how_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    done = run_cli(capsys, "fdm", "--system", "Gloucestershire", "--format", "svg")
    assert done.code == 2 and "apt-get install graphviz" in done.err


def test_mermaid_from_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    done = run_cli(capsys, "fdm", "--system", "Gloucestershire", "--format", "mermaid")
    assert done.code == 0 and done.out.startswith("flowchart LR")
