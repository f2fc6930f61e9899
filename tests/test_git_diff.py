"""``icsgov diff --git OLD..NEW``: who decides what, before and after a change, for a reviewer.

A real git repository in a temporary folder holds the invented CI system
(tests/data/ci/governance); a branch changes it; the command reads both
revisions from git and reports the consequence.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

CI_DATA = Path(__file__).resolve().parent / "data" / "ci" / "governance"
GIT = ("git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
       "-c", "commit.gpgsign=false")  # fmt: skip

CAPITAL_SPLIT = """    role: decides
    basis: statutory
    value_max: 5000000
  - id: r-north-capital-small
    holder: north-cttee
    decision: approve-capital-scheme
    footprint: wessex-north
    role: decides
    basis: delegated
    value_max: 1000000
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [*GIT, *args], cwd=repo, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: the system as it stands; branch 'change': South's right gone, capital split."""
    folder = tmp_path / "repo"
    shutil.copytree(CI_DATA, folder / "governance")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "as it stands")
    git(folder, "checkout", "-q", "-b", "change")
    system = folder / "governance" / "wessex.yaml"
    text = system.read_text()
    text = text[: text.index("  - id: r-south-community")]
    system.write_text(text.replace("    role: decides\n    basis: statutory\n", CAPITAL_SPLIT))
    git(folder, "commit", "-q", "-am", "South committee stood down; North takes small capital")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return folder


def test_what_a_branch_changes_in_who_decides_what(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the working tree is on the branch, edited further: --git reads revisions, not files
    (repo / "governance" / "wessex.yaml").write_text("not: [valid")
    found = run_cli(capsys, "diff", "--git", "main..change", "--data", "governance", "--json")
    assert found.code == 0, found.err
    changes = {
        (c["decision"], c["place"], c["band"], c["outcome"], tuple(c["after"]))
        for c in found.json()["decisions"]
    }
    assert changes == {
        ("approve-capital-scheme", "wessex-north", "up to £1m", "moved", ("north-cttee",)),
        ("approve-capital-scheme", "wessex-north", "from £5,000,000.01", "no longer decided", ()),
        ("approve-capital-scheme", "wessex-south", "from £5,000,000.01", "no longer decided", ()),
        ("commission-community-services", "wessex-south", "any value", "no longer decided", ()),
    }
    records = found.json()["records"]["decision_rights"]
    assert records["added"] == ["r-north-capital-small"]
    assert records["removed"] == ["r-south-community"]


def test_the_markdown_comment_puts_new_gaps_first(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comment = run_cli(
        capsys, "diff", "--git", "main..change", "--data", "governance/", "--format", "markdown"
    ).out
    lines = comment.splitlines()
    assert lines[0] == "### Who decides what: main → change"
    assert "4 changes, **3 leaving a decision with nobody to take it**." in lines
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 4
    assert all("**no longer decided**" in row for row in rows[:3])
    assert rows[3] == (
        "| Approve a capital scheme | wessex-north | up to £1m | wessex-board (at wessex) "
        "| north-cttee (at wessex-north) | moved |"
    )
    same = run_cli(capsys, "diff", "--git", "main..main", "--data", "governance")
    assert "No decision changes hands between main and main." in same.out


def test_bad_revisions_are_clear_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown = run_cli(capsys, "diff", "--git", "main..nosuch", "--data", "governance")
    assert unknown.code == 2 and "'nosuch' is not a commit" in unknown.err
    option = run_cli(capsys, "diff", "--git", "--output=x..main", "--data", "governance")
    assert option.code == 2 and "is not a git revision" in option.err
    no_data = run_cli(capsys, "diff", "--git", "main..change")
    assert no_data.code == 2 and "--git needs --data" in no_data.err
    assert "Traceback" not in unknown.err + option.err + no_data.err
