"""``icsgov check`` as a CI linter: located findings, SARIF/GitHub/JUnit, baselines, --fail-on.

Every test runs the real command line on real files (the small invented
system in tests/data/ci/governance, copied to a temporary folder and edited
there, or the bundled example) and reads what a CI system would read.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from icsgov.loaders import load
from tests.cli_helpers import run_cli

HERE = Path(__file__).resolve().parent
CI_DATA = HERE / "data" / "ci" / "governance"
SARIF_SCHEMA = HERE / "data" / "sarif" / "sarif-schema-2.1.0.json"


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``text``."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture
def governance(tmp_path: Path) -> Path:
    """A copy of the CI test system, free to edit."""
    folder = tmp_path / "governance"
    shutil.copytree(CI_DATA, folder)
    return folder


def make_gap(folder: Path) -> None:
    """Delete South Wessex's community-services right: nobody decides it there any more."""
    system = folder / "wessex.yaml"
    text = system.read_text()
    start = text.index("  - id: r-south-community")
    system.write_text(text[:start])


# --- located findings -------------------------------------------------------------------


def test_a_gap_names_the_file_line_and_column_of_the_place(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_gap(governance)
    system = governance / "wessex.yaml"
    line = line_of(system, "id: wessex-south")
    found = run_cli(capsys, "check", "--data", str(governance), "--json")
    assert found.code == 1
    gap = next(f for f in found.json()["findings"] if f["rule"] == "GOV001")
    assert gap["location"] == {"file": str(system), "line": line, "column": 5}
    assert {
        "record": "commission-community-services",
        "file": str(governance / "decisions.yaml"),
        "line": line_of(governance / "decisions.yaml", "id: commission-community-services"),
        "column": 5,
    } in gap["locations"]
    text = run_cli(capsys, "check", "--data", str(governance))
    assert f"{system}:{line}:5" in text.out


def test_locations_are_kept_for_valid_data_one_per_record(governance: Path) -> None:
    gov = load([governance])
    assert set(gov.locations) == set(gov.entities)
    system = governance / "wessex.yaml"
    for record in ("wessex-north", "r-board-capital", "north-cttee"):
        where = gov.locations[record]
        assert where.file == str(system)
        line = system.read_text().splitlines()[where.line - 1]
        assert f"id: {record}" in line[where.column - 1 :]


def test_every_store_locates_the_same_findings(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_gap(governance)
    memory = run_cli(capsys, "check", "--data", str(governance), "--json")
    rdf = run_cli(capsys, "--store", "rdf", "check", "--data", str(governance), "--json")
    assert memory.code == rdf.code == 1
    assert [f["locations"] for f in memory.json()["findings"]] == [
        f["locations"] for f in rdf.json()["findings"]
    ]


def test_an_escalated_decision_names_the_line_of_its_right(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # capital is preferred at system level; move it to a national right: escalated
    decisions = governance / "decisions.yaml"
    decisions.write_text(
        decisions.read_text().replace("preferred_level: system", "preferred_level: place")
    )
    system = governance / "wessex.yaml"
    line = line_of(system, "id: r-board-capital")
    text = run_cli(capsys, "subsidiarity", "--system", "Wessex", "--data", str(governance))
    assert text.code == 1
    assert f"{system}:{line}:5: escalated: 'approve-capital-scheme' for wessex-north" in text.out
    data = run_cli(
        capsys, "subsidiarity", "--system", "Wessex", "--data", str(governance), "--json"
    ).json()
    row = next(r for r in data["escalated"] if r["place"] == "wessex-north")
    assert row["locations"] == [
        {"record": "r-board-capital", "file": str(system), "line": line, "column": 5}
    ]


# --- standard outputs -------------------------------------------------------------------


def test_sarif_of_the_bundled_example_is_valid_and_locates_every_finding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    outcome = run_cli(capsys, "check", "--format", "sarif")
    log = json.loads(outcome.out)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    run = log["runs"][0]
    results = run["results"]
    assert results and outcome.code == 1
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith(".yaml")
        assert physical["region"]["startLine"] >= 1
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    gap = rules["GOV001"]
    assert "Accelerating transformation" in gap["help"]["text"]
    assert gap["defaultConfiguration"]["level"] == "error"
    fingerprints = [r["partialFingerprints"]["icsgovFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_marks_suppressed_findings(capsys: pytest.CaptureFixture[str]) -> None:
    log = json.loads(
        run_cli(
            capsys, "check", "--format", "sarif", "--data", "tests/golden/accountability.yaml"
        ).out
    )
    suppressed = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert suppressed
    assert all(s["suppressions"][0]["kind"] == "inSource" for s in suppressed)
    assert all(s["suppressions"][0]["justification"] for s in suppressed)


def test_github_annotations_point_at_the_record(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_gap(governance)
    line = line_of(governance / "wessex.yaml", "id: wessex-south")
    outcome = run_cli(capsys, "check", "--data", str(governance), "--format", "github")
    assert outcome.code == 1
    lines = outcome.out.splitlines()
    gap = next(x for x in lines if "GOV001" in x)
    assert gap.startswith(f"::error file={governance / 'wessex.yaml'},line={line},col=5,")
    assert "title=GOV001 decision-gap::nobody decides 'commission-community-services'" in gap
    assert all(x.startswith("::warning ") for x in lines if "GOV021" in x)


def test_junit_has_one_failure_per_failing_finding(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_gap(governance)
    outcome = run_cli(capsys, "check", "--data", str(governance), "--format", "junit")
    suite = ET.fromstring(outcome.out).find("testsuite")
    assert suite is not None
    failures = suite.findall("testcase/failure")
    assert [f.get("type") for f in failures] == ["error"]
    assert f"{governance / 'wessex.yaml'}:" in (failures[0].text or "")
    assert int(suite.get("failures", "")) == 1
    assert int(suite.get("skipped", "")) == len(suite.findall("testcase/skipped")) == 4
    strict = run_cli(
        capsys, "check", "--data", str(governance), "--format", "junit", "--fail-on", "warning"
    )
    assert ET.fromstring(strict.out).find("testsuite").get("failures") == "5"  # type: ignore[union-attr]


# --- adoption: --fail-on, --baseline ----------------------------------------------------


def test_fail_on_warning_fails_on_warnings_alone(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "check", "--data", str(governance)).code == 0
    strict = run_cli(capsys, "check", "--data", str(governance), "--fail-on", "warning")
    assert strict.code == 1
    assert "6 findings at warning or above" in strict.out


def test_a_baseline_accepts_todays_findings_and_fails_only_new_ones(
    governance: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "icsgov-baseline.json"
    data = ("--data", str(governance), "--fail-on", "warning", "--baseline", str(baseline))
    missing = run_cli(capsys, "check", *data)
    assert missing.code == 2 and "--write-baseline" in missing.err and not baseline.exists()
    first = run_cli(capsys, "check", *data, "--write-baseline")
    assert first.code == 0 and "Baseline written" in first.err
    assert len(json.loads(baseline.read_text())["findings"]) == 6
    assert run_cli(capsys, "check", *data).code == 0
    # reorder the records and make an unrelated edit: still nothing new
    system = governance / "wessex.yaml"
    text = system.read_text()
    bodies = text[text.index("bodies:") : text.index("decision_rights:")]
    moved = text.replace(bodies, "") + "\n" + bodies
    system.write_text("# reviewed in December\n" + moved.replace("North Wessex", "Wessex North"))
    assert line_of(system, "id: r-board-capital") < line_of(system, "id: wessex-board")
    again = run_cli(capsys, "check", *data)
    assert again.code == 0, again.out
    assert "6 baselined" in again.out
    # a new finding fails, and only it
    text = system.read_text()
    start = text.index("  - id: r-south-community")
    system.write_text(text[:start] + text[text.index("\nbodies:") :])
    new = run_cli(capsys, "check", *data, "--json")
    assert new.code == 1
    failing = [f for f in new.json()["findings"] if not f["baselined"]]
    assert [f["rule"] for f in failing] == ["GOV001"]


def test_a_damaged_baseline_is_bad_input(
    governance: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"findings": [')
    outcome = run_cli(capsys, "check", "--data", str(governance), "--baseline", str(baseline))
    assert outcome.code == 2
    assert f"{baseline}:1:" in outcome.err and "not valid JSON" in outcome.err
    assert "Traceback" not in outcome.err


def test_suppressions_keep_working_beside_a_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    golden = str(HERE / "golden" / "accountability.yaml")
    data = ("--data", golden, "--baseline", str(tmp_path / "b.json"))
    run_cli(capsys, "check", *data, "--write-baseline")
    found = run_cli(capsys, "check", *data, "--json").json()["findings"]
    suppressed = [f for f in found if f["suppressed"]]
    assert suppressed and all(not f["baselined"] for f in suppressed)
    entries = json.loads((tmp_path / "b.json").read_text())["findings"]
    assert {e["target"] for e in entries}.isdisjoint({f["target"] for f in suppressed})


def test_changed_files_limit_the_report_to_their_records(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_gap(governance)
    decisions = governance / "decisions.yaml"
    system = governance / "wessex.yaml"
    only_system = run_cli(capsys, "check", "--data", str(governance), "--json", str(system))
    assert only_system.code == 1 and len(only_system.json()["findings"]) == 5
    # the gap also names the decision type, so it is reported for decisions.yaml too
    only_types = run_cli(capsys, "check", "--data", str(governance), "--json", str(decisions))
    assert [f["rule"] for f in only_types.json()["findings"]] == ["GOV001"]
    assert run_cli(capsys, "check", str(system)).code == 2


def test_records_from_a_scheme_document_are_located_by_sheet_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    from tests import sord_documents as docs

    wyvern = HERE / "data" / "sord" / "wyvern.yaml"
    path = tmp_path / "fsod-2025.xlsx"
    docs.financial_xlsx(path, 2025)
    args = ("sod", "import", str(path), "--system", "Wyvern", "--data", str(wyvern),
            "--as-of", "2025-06-01", "--effective", "2025-04-01")  # fmt: skip
    run_cli(capsys, *args)  # writes the mapping file with its proposals
    imported = run_cli(capsys, *args)
    assert imported.code == 0, imported.err
    import icsgov
    from icsgov.errors import InputError

    gov = icsgov.load([wyvern, path])  # the public load reads the document on top of the YAML
    # the loaders floor cannot (the names are matched by sod import's code, a floor up): it
    # says so and where the document is read, rather than loading the YAML alone
    with pytest.raises(InputError) as refused:
        load([wyvern, path])
    assert refused.value.problems[0].file == str(path)
    assert "icsgov.load" in str(refused.value)
    from_document = {i: loc for i, loc in gov.locations.items() if loc.file == str(path)}
    assert from_document
    sheet = load_workbook(path).active
    for where in from_document.values():
        assert where.sheet == f"sheet '{sheet.title}'"
        assert sheet.cell(where.line, where.column).value  # the row's decision, as written
    assert any(loc.file == str(wyvern) for loc in gov.locations.values())


def test_write_baseline_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "check", "--write-baseline")
    assert outcome.code == 2 and "--baseline FILE" in outcome.err


def test_several_data_sources_keep_their_records_locations(
    governance: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (governance / "decisions.yaml").rename(extra / "decisions.yaml")
    make_gap(governance)
    found = run_cli(capsys, "check", "--data", str(governance), "--data", str(extra), "--json")
    assert found.code == 1, found.err
    gap = next(f for f in found.json()["findings"] if f["rule"] == "GOV001")
    files = {loc["file"] for loc in gap["locations"]}
    assert files == {str(governance / "wessex.yaml"), str(extra / "decisions.yaml")}


def test_bad_data_is_annotated_on_its_line_for_github(
    governance: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    system = governance / "wessex.yaml"
    system.write_text(system.read_text().replace("level: place", "level: parish", 1))
    line = line_of(system, "level: parish")
    outcome = run_cli(capsys, "check", "--data", str(governance), "--format", "github")
    assert outcome.code == 2
    assert outcome.out.startswith(f"::error file={system},line={line},col=")
    assert "footprints[2].level: expected 'neighbourhood'" in outcome.out
    assert f"{system}:{line}:" in outcome.err and "Traceback" not in outcome.err
