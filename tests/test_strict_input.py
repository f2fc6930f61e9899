"""Strict input: values that validate are values every command can use (issue #14, #12 item 7).

The corpus in ``tests/bad_inputs/`` holds the cases that fit in a text file (infinite,
overflowing, boolean and absurd money; integer and timestamp dates; invisible and
bidirectional-override characters in ids; control characters in names; a NUL byte).
The cases here need bytes or links made at test time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.ontology.model import DecisionRight
from tests.cli_helpers import run_cli

SMALL = """\
footprints:
  - {id: eng, name: England, level: national}
organisations:
  - {id: icb, name: An ICB, kind: icb}
decision_types:
  - {id: cap, name: Capital}
decision_rights:
  - {id: r1, holder: icb, decision: cap, footprint: eng, role: decides, basis: statutory,
     value_min: "£250k", value_max: 1m}
"""


def test_money_in_yaml_takes_the_forms_the_command_line_takes() -> None:
    right = parse_yaml(SMALL).get("r1")
    assert isinstance(right, DecisionRight)
    assert (right.value_min, right.value_max) == (250_000, 1_000_000)


def test_a_value_of_400_nines_is_refused_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "who-decides", "approve-capital-scheme", "--value", "9" * 400)
    assert result.code == 2 and "Traceback" not in result.err
    assert "more than £1 trillion" in result.err


def test_utf16_without_a_bom_is_reported_with_a_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "utf16.yaml"
    file.write_bytes(SMALL.encode("utf-16-le"))
    result = run_cli(capsys, "validate", str(file))
    assert result.code == 2
    assert (
        f"{file}:1:2: a NUL byte: the file looks like UTF-16; save the file as UTF-8" in result.err
    )


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "gov.yaml").write_text(SMALL, encoding="utf-8")
    return folder


def _refused(capsys: pytest.CaptureFixture[str], folder: Path, fragment: str) -> None:
    result = run_cli(capsys, "validate", str(folder))
    assert result.code == 2, result
    assert "Valid" not in result.out
    assert fragment in result.err, result.err


def test_a_dangling_link_in_a_data_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    (folder / "rights.yaml").symlink_to(tmp_path / "moved-away.yaml")
    _refused(capsys, folder, f"{folder / 'rights.yaml'}: a symbolic link to ")


def test_a_symlink_loop_in_a_data_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    (folder / "sub" / "again").symlink_to(folder)
    _refused(capsys, folder, "a link to a folder already read (a loop)")


def test_a_self_referencing_link_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    (folder / "self.yaml").symlink_to(folder / "self.yaml")
    _refused(capsys, folder, "a symbolic link that loops back on itself")


def test_a_yaml_name_that_is_not_a_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "pipe.yaml")  # reading it would block for ever; skipping it would hide it
    _refused(capsys, folder, f"{folder / 'pipe.yaml'}: not a regular file")


def test_a_linked_folder_is_read_not_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "linked").symlink_to(_folder(tmp_path / "elsewhere"))
    result = run_cli(capsys, "validate", str(folder))
    assert result.code == 0, result.err


def test_a_control_character_in_an_rdf_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # it used to load, then made GraphML and GEXF exports malformed XML and crashed XLSX
    file = tmp_path / "bell.nt"
    file.write_text(
        "<https://w3id.org/icsgov/id/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/icsgov/ontology#Person> .\n"
        '<https://w3id.org/icsgov/id/p> <https://w3id.org/icsgov/ontology#name> "Ann\\u0007" .\n',
        encoding="utf-8",
    )
    result = run_cli(capsys, "import", str(file))
    assert result.code == 2, result
    assert "'Ann\\x07' holds a control character" in result.err
