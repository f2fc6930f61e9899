"""Exported Turtle is read by an independent parser (Raptor's ``rapper``) and meets the shapes.

``rapper`` comes from the Debian package raptor2-utils; ``make test-deps``
installs it before the suite runs, so its absence is a failure, not a skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from icsgov.graph.rdf.io import to_rdf, write_rdf
from icsgov.graph.rdf.shacl import validate_shacl
from icsgov.ontology.governance import Governance


def _rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        pytest.fail("rapper is not installed: run `make test-deps` (Debian package raptor2-utils)")
    return found


def test_rapper_parses_the_exported_example(example: Governance, tmp_path: Path) -> None:
    out = tmp_path / "example.ttl"
    write_rdf(example, out)
    result = subprocess.run(
        [_rapper(), "--input", "turtle", "--output", "ntriples", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    triples = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(triples) == len(to_rdf(example))  # every triple, no more, no fewer
    assert validate_shacl(example) == []


def test_rapper_rejects_broken_turtle(tmp_path: Path) -> None:
    """The check above means something: rapper does fail on bad Turtle."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = subprocess.run(
        [_rapper(), "--input", "turtle", "--output", "ntriples", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
