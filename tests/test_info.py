"""`icsgov info` describes what the data holds."""

from __future__ import annotations

from pathlib import Path

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
    assert "Dates the data describes: 2013-04-01 to 2026-03-31" in outcome.out
    assert "decision right" in outcome.out


def test_info_dates_never_run_backwards(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # every record starts on the day the last one ended: the range must still read forwards
    (tmp_path / "g.yaml").write_text(
        "footprints:\n"
        "  - {id: old, name: Old, level: system, valid_to: 2022-06-30}\n"
        "  - {id: new, name: New, level: system, valid_from: 2022-07-01}\n",
        encoding="utf-8",
    )
    outcome = run_cli(capsys, "info", "--data", str(tmp_path / "g.yaml"), "--json")
    payload = outcome.json()
    assert (payload["earliest"], payload["latest"]) == ("2022-06-30", "2022-07-01")


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
