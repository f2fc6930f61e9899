"""A built wheel, installed into a fresh virtual environment, works on its own.

This proves the ontology, shapes and bundled example are package data inside
the wheel, and that the console script is declared, without relying on the
source checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the icsgov wheel installed; returns its bin folder."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(base / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheels = list((base / "dist").glob("icsgov-*.whl"))
    assert len(wheels) == 1
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(
        [str(bin_dir / "icsgov"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_wheel_carries_package_data(installed: Path, tmp_path: Path) -> None:
    site = subprocess.check_output(
        [
            str(installed / "python"),
            "-c",
            "import icsgov, os; print(os.path.dirname(icsgov.__file__))",
        ],
        text=True,
        cwd=tmp_path,
    ).strip()
    package = Path(site)
    assert package.is_relative_to(installed.parent), "icsgov was imported from the checkout"
    assert (package / "py.typed").exists()
    assert list((package / "examples").glob("*.yaml")), "bundled example missing from the wheel"
    for name in ("icsgov.ttl", "shapes.ttl"):
        assert (package / "ontology" / name).exists(), f"{name} missing from the wheel"


def test_installed_cli_runs_info_and_validate(installed: Path, tmp_path: Path) -> None:
    info = run(installed, "info", "--json", cwd=tmp_path)
    assert info.returncode == 0, info.stderr
    counts = json.loads(info.stdout)["counts"]
    assert counts["decision right"] > 0
    example = subprocess.check_output(
        [
            str(installed / "python"),
            "-c",
            "from icsgov.loaders import bundled_example; print(bundled_example())",
        ],
        text=True,
        cwd=tmp_path,
    ).strip()
    valid = run(installed, "validate", example, cwd=tmp_path)
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout.startswith("Valid:")
