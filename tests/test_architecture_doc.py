"""docs/architecture.md and the README's layout stay true to the tree.

The contributor map names files, tests and floors; a file moved, a test
renamed or a floor added without the map following fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.test_import_floors import FLOORS

ROOT = Path(__file__).resolve().parent.parent
MAP = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _named(text: str) -> set[str]:
    """Repository paths written in backticks (``icsgov/...``, ``tests/...``, ``docs/...``)."""
    return set(re.findall(r"`((?:icsgov|tests|docs)/[^`\s]*)`", text))


def test_every_file_and_test_the_map_names_exists() -> None:
    named = _named(MAP)
    assert len(named) > 30  # the map names its files
    missing = []
    for item in sorted(named):
        path, _, test = item.partition("::")
        if "<" in path:  # a pattern such as icsgov/graph/<store>/
            continue
        if not (ROOT / path).exists():
            missing.append(item)
        elif test:
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            if test not in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}:
                missing.append(item)
    assert not missing, f"docs/architecture.md names what does not exist: {missing}"


def test_the_map_lists_the_floors_the_test_enforces() -> None:
    rows = [r for r in re.findall(r"^\| (\w+) \| (.+?) \|", MAP, flags=re.MULTILINE)]
    rows = [(name, where) for name, where in rows if name != "floor"]
    assert [name for name, _ in rows] == [name for name, _ in FLOORS]
    for (name, starts), (_, where) in zip(FLOORS, rows, strict=True):
        for start in starts:
            shown = "icsgov/__init__.py" if start == "" else f"icsgov/{start}"
            assert shown in where, f"floor {name}: {shown} is not in its row of the map"


def test_the_readme_layout_names_every_package_and_module() -> None:
    layout = README[README.index("## Layout") :]
    layout = layout[: layout.index("\n## ")]
    for path in sorted((ROOT / "icsgov").iterdir()):
        if path.name.startswith("__pycache__") or path.name == "py.typed":
            continue
        if path.name == "__init__.py" or path.suffix == ".py" or path.is_dir():
            name = path.name + ("/" if path.is_dir() else "")
            assert name in layout, f"README's layout does not mention icsgov/{name}"
