"""The pre-commit hooks and CI recipes of docs/guide-command-line.md, run as written.

Each test builds a real git repository in a temporary folder holding the
small invented system of tests/data/ci/governance with a deliberate gap (a
place nobody decides for), runs the recipe there with real tools (git,
pre-commit, the installed ``icsgov``), and reads what a developer or a CI
system would see. Nothing is fetched: the hooks run with ``language:
system``, and the shipped ``.pre-commit-hooks.yaml`` is served from a local
git repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide-command-line.md"
CI_DATA = ROOT / "tests" / "data" / "ci" / "governance"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
BIN = Path(sys.executable).parent
GIT = ("git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
       "-c", "commit.gpgsign=false")  # fmt: skip


def guide_block(language: str, first_line: str) -> str:
    """The fenced ``language`` block of the guide whose first line is ``first_line``."""
    text = GUIDE.read_text(encoding="utf-8")
    for block in re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        if block.splitlines()[0] == first_line:
            return str(block)
    raise AssertionError(f"no {language} block starting {first_line!r} in {GUIDE.name}")


def run(
    args: list[str] | tuple[str, ...], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The installed icsgov first on PATH; pre-commit and icsgov caches kept in the test."""
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "ICSGOV_CACHE_DIR": str(tmp_path / "icsgov-cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }


def make_gap(folder: Path) -> None:
    """South Wessex's committee stood down: nobody decides community services there."""
    system = folder / "wessex.yaml"
    text = system.read_text()
    system.write_text(text[: text.index("  - id: r-south-community")])


@pytest.fixture
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A git repository with the governance folder committed, clean."""
    folder = tmp_path / "work"
    shutil.copytree(CI_DATA, folder / "governance")
    run(["git", "init", "-q", "-b", "main"], folder, env)
    run([*GIT, "add", "."], folder, env)
    done = run([*GIT, "commit", "-q", "-m", "governance as it stands"], folder, env)
    assert done.returncode == 0, done.stderr
    return folder


BASELINE_RECIPE = "# once: accept today's findings, and commit the file"


def baseline_commands() -> list[str]:
    """The two ``icsgov`` lines of the guide's baseline recipe: write once, then read."""
    script = guide_block("sh", BASELINE_RECIPE)
    return [line for line in script.splitlines() if line.startswith("icsgov ")]


def accept_todays_findings(repo: Path, env: dict[str, str]) -> None:
    """Run the guide's "once" line in the repository (before any gap is made)."""
    done = run(["bash", "-c", baseline_commands()[0]], repo, env)
    assert done.returncode == 0 and (repo / "icsgov-baseline.json").is_file(), done.stderr


def gap_line(repo: Path) -> int:
    lines = (repo / "governance" / "wessex.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if "id: wessex-south" in line)


def test_the_guides_pre_commit_config_stops_a_commit_at_the_line_of_the_gap(
    repo: Path, env: dict[str, str]
) -> None:
    (repo / ".pre-commit-config.yaml").write_text(guide_block("yaml", "# .pre-commit-config.yaml"))
    installed = run([str(BIN / "pre-commit"), "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    make_gap(repo / "governance")
    run([*GIT, "add", "."], repo, env)
    commit = run([*GIT, "commit", "-m", "South Wessex committee stood down"], repo, env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert re.search(r"icsgov validate\.+Passed", output), output
    assert re.search(r"icsgov check\.+Failed", output), output
    assert f"governance/wessex.yaml:{gap_line(repo)}:5" in output
    assert "GOV001" in output
    # nothing was committed; put the right back and the same commit goes through
    assert run(["git", "log", "--oneline"], repo, env).stdout.count("\n") == 1
    shutil.copy(CI_DATA / "wessex.yaml", repo / "governance" / "wessex.yaml")
    run([*GIT, "add", "."], repo, env)
    message = "South Wessex: community services decided again"
    again = run([*GIT, "commit", "-m", message], repo, env)
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_shipped_hooks_run_from_a_hook_repository(
    repo: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml")
    run(["git", "init", "-q", "-b", "main"], hooks, env)
    run([*GIT, "add", "."], hooks, env)
    run([*GIT, "commit", "-q", "-m", "hooks"], hooks, env)
    rev = run(["git", "rev-parse", "HEAD"], hooks, env).stdout.strip()
    config = {
        "repos": [
            {
                "repo": str(hooks),
                "rev": rev,
                "hooks": [
                    # language: system runs the icsgov already installed (offline);
                    # a real user leaves the shipped language: python
                    {"id": "icsgov-validate", "language": "system", "args": ["governance/"]},
                    {"id": "icsgov-check", "language": "system", "args": ["--data", "governance/"]},
                ],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    make_gap(repo / "governance")
    system = "governance/wessex.yaml"
    failed = run([str(BIN / "pre-commit"), "run", "--files", system], repo, env)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert f"{system}:{gap_line(repo)}:5" in output
    # only the changed file's records: the decision types file alone reports nothing of the
    # system's board warnings, but does report the gap (it names the decision type)
    other = run(
        [str(BIN / "pre-commit"), "run", "icsgov-check", "--files", "governance/decisions.yaml"],
        repo,
        env,
    )
    assert other.returncode == 1
    assert "GOV021" not in other.stdout and "GOV001" in other.stdout
    # invalid YAML is stopped by validate, with its position
    bad = "footprints:\n  - {id: x, name: X, level: nowhere}\n"
    (repo / "governance" / "wessex.yaml").write_text(bad)
    broken = run([str(BIN / "pre-commit"), "run", "icsgov-validate", "--files", system], repo, env)
    assert broken.returncode != 0
    assert f"{system}:2:" in broken.stdout


def test_the_guides_shell_job_fails_and_writes_a_junit_report(
    repo: Path, env: dict[str, str]
) -> None:
    script = guide_block(
        "sh", "# fails the job on new error findings; the JUnit report lists every finding"
    )
    accept_todays_findings(repo, env)
    make_gap(repo / "governance")
    job = run(["bash", "-e", "-c", script], repo, env)
    assert job.returncode == 1, job.stderr
    report = ET.parse(repo / "icsgov-junit.xml").getroot().find("testsuite")
    assert report is not None and report.get("failures") == "1"
    failure = report.find("testcase/failure")
    assert failure is not None
    assert f"governance/wessex.yaml:{gap_line(repo)}:5" in (failure.text or "")


def test_the_guides_baseline_recipe_lets_old_findings_pass(repo: Path, env: dict[str, str]) -> None:
    make_gap(repo / "governance")
    check = baseline_commands()[1]
    before = run(["bash", "-c", check], repo, env)
    assert before.returncode == 2 and "--write-baseline" in before.stderr
    accept_todays_findings(repo, env)
    later = run(["bash", "-c", check], repo, env)
    assert later.returncode == 0 and "5 baselined" in later.stdout, later.stdout


def test_the_guides_github_workflow_annotates_and_uploads_valid_sarif(
    repo: Path, env: dict[str, str]
) -> None:
    workflow = yaml.safe_load(guide_block("yaml", "# .github/workflows/governance.yml"))
    steps = workflow["jobs"]["icsgov"]["steps"]
    assert workflow["jobs"]["icsgov"]["permissions"]["security-events"] == "write"
    upload = next(
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")
    )
    accept_todays_findings(repo, env)
    make_gap(repo / "governance")
    outcomes = {}
    for step in steps:
        command = str(step.get("run", ""))
        if command.startswith("icsgov "):
            outcomes[step.get("name", command)] = run(["bash", "-e", "-c", command], repo, env)
    assert outcomes["Validate"].returncode == 0
    annotations = outcomes["Check (annotations on the changed lines; fails on new errors)"]
    assert annotations.returncode == 1
    assert f"::error file=governance/wessex.yaml,line={gap_line(repo)},col=5," in annotations.stdout
    log = json.loads((repo / upload["with"]["sarif_file"]).read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    results = log["runs"][0]["results"]
    gap = next(r for r in results if r["ruleId"] == "GOV001")
    where = gap["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "governance/wessex.yaml"
    assert where["region"] == {"startLine": gap_line(repo), "startColumn": 5}
