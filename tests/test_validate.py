"""`icsgov validate`: every mistake reported at once, with file:line:column, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from icsgov.errors import InputError
from icsgov.loaders.governance_yaml import parse_yaml, read_yaml
from tests.cli_helpers import run_cli

MISTAKES = Path(__file__).parent / "data" / "invalid" / "several_mistakes.yaml"


def expected_markers(path: Path) -> list[tuple[int, str]]:
    """(line, message fragment) for every `# expect:` marker in a file."""
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = re.search(r"#\s*expect:\s*(.+)$", line)
        if match and not line.lstrip().startswith("#"):
            found.append((number, match.group(1).strip()))
    return found


def test_every_mistake_is_reported_with_its_line_and_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    outcome = run_cli(capsys, "validate", str(MISTAKES))
    assert outcome.code == 2
    markers = expected_markers(MISTAKES)
    assert len(markers) == 5
    lines = outcome.err.splitlines()
    for number, fragment in markers:
        hits = [x for x in lines if f"{MISTAKES}:{number}:" in x and fragment in x]
        assert hits, f"no report of {fragment!r} at line {number} in:\n{outcome.err}"
        column = int(hits[0].split(f"{MISTAKES}:{number}:")[1].split(":")[0])
        assert column > 1
    assert "Traceback" not in outcome.err
    assert outcome.out == ""


def test_unknown_reference_and_key_come_with_suggestions() -> None:
    with pytest.raises(InputError) as info:
        read_yaml(MISTAKES)
    text = str(info.value)
    assert "did you mean 'glos'" in text
    assert "did you mean 'preferred_level'" in text
    assert "nothing was loaded" in text


def test_the_bundled_example_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    from icsgov.loaders import bundled_example

    outcome = run_cli(capsys, "validate", str(bundled_example()))
    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith("Valid:")


def test_validate_json_lists_problems(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "validate", "--json", str(MISTAKES))
    assert outcome.code == 2
    payload = outcome.json()
    assert payload["valid"] is False
    assert {p["line"] for p in payload["problems"]} == {n for n, _ in expected_markers(MISTAKES)}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("footprints:\n\t- id: x\n", "tabs"),
        (
            "footprints:\n  - {id: a, name: A, level: national}\n"
            "  - {id: a, name: B, level: place}\n",
            "duplicate id 'a'",
        ),
        ("footprints:\n  - id: a\n    id: b\n", "duplicate key 'id'"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        (
            "footprints:\n  - {id: a, name: A, level: national, valid_from: 2022-02-30}\n",
            "day is out of range",
        ),
        ("- just\n- a list\n", "expected a mapping of sections"),
        ("footprint:\n  - {id: a}\n", "did you mean 'footprints'"),
        (
            "decision_rights:\n  - {id: r, holder: h, decision: d, footprint: f, role: decides,"
            " basis: statutory, value_min: 10, value_max: 5}\n",
            "value_max 5 is below value_min 10",
        ),
    ],
)
def test_bad_documents_are_refused_with_a_reason(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(text, "doc.yaml")
    assert fragment in str(info.value)
    assert "doc.yaml:" in str(info.value)


def test_a_missing_path_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcome = run_cli(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert outcome.code == 2
    assert "no such file or folder" in outcome.err


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"footprints:\n  - {id: a, name: \xe9, level: national}\n")
    with pytest.raises(InputError, match=r"latin1.yaml:2:\d+: byte 0xe9 is not UTF-8"):
        read_yaml(bad)
