"""`icsgov info` describes what the data holds."""

from __future__ import annotations

import pytest

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import Level, Source
from tests.cli_helpers import run_cli


def test_info_json_on_the_example_counts_every_core_class(
    capsys: pytest.CaptureFixture[str], example: Governance
) -> None:
    outcome = run_cli(capsys, "info", "--json")
    assert outcome.code == 0, outcome.err
    payload = outcome.json()
    counts = payload["counts"]
    for kind in (
        "organisation",
        "body",
        "footprint",
        "decision right",
        "delegation",
        "accountability line",
    ):
        assert counts[kind] > 0, kind
    assert counts == example.counts()
    assert set(payload["footprints_by_level"]) == {level.value for level in Level}
    assert all(n > 0 for n in payload["footprints_by_level"].values())
    cited = {s["id"]: s["cited_by"] for s in payload["sources"]}
    assert set(cited) == {s.id for s in example.of_type(Source)}
    assert sum(cited.values()) == sum(len(e.sources) for e in example)
    assert payload["earliest"] <= payload["latest"]


def test_info_table_names_the_dates_covered(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "info")
    assert outcome.code == 0
    assert "Dates covered:" in outcome.out
    assert "decision right" in outcome.out


def test_info_on_other_data(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "one.yaml").write_text(
        "footprints:\n  - {id: eng, name: England, level: national, valid_from: 2022-07-01}\n"
    )
    outcome = run_cli(capsys, "info", "--data", str(folder), "--json")
    payload = outcome.json()
    assert payload["counts"]["footprint"] == 1
    assert payload["earliest"] == "2022-07-01"
    assert payload["datasets"][0]["name"] == "one"


def test_info_reference_reports_each_vintage_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    from icsgov.loaders.reference import read_reference

    outcome = run_cli(capsys, "info", "--reference", "--json")
    assert outcome.code == 0, outcome.err
    reported = {(d["name"], d["vintage"]) for d in outcome.json()["datasets"]}
    shipped = {(d.name, d.vintage) for d in read_reference().datasets}
    assert shipped <= reported
    assert any(name.startswith("example-") for name, _ in reported)
