"""Every module imports only from its own floor or the floors below, and no imports go round.

The floors, lowest first (README "Layout", docs/architecture.md):

    base      errors, _suggest, cells, outputs, words, _version, _heap, progress
    ontology  the model, its terms, money
    loaders   files in (loaders/, cache.py, the national baseline), synthetic data out (synth/)
    graph     the stores and the query texts they run
    queries   the questions, checks and their tables
    render    diagrams, maps, the offline web page
    serve     icsgov serve, and demo.py
    commands  the CLI's commands
    cli       cli.py and the package root (the public API, which imports from every floor)

The test reads each module's imports with ``ast`` (not by importing it), so an
import inside a function or under ``TYPE_CHECKING`` counts like any other: a
lazy import still ties the two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "icsgov"

FLOORS = (
    ("base", ("errors", "_suggest", "cells", "outputs", "words", "_version", "_heap", "progress")),
    ("ontology", ("ontology",)),
    ("loaders", ("loaders", "cache", "synth", "national")),
    ("graph", ("graph",)),
    ("queries", ("queries",)),
    ("render", ("render",)),
    ("serve", ("serve", "demo")),
    ("commands", ("commands",)),
    ("cli", ("cli", "")),
)
"""Each floor and the first parts of the module names on it ("" is the package root)."""

ALLOWED_UPWARD: dict[tuple[str, str], str] = {}
"""Upward imports still to be moved: none are left, and none may be added."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The icsgov modules ``name`` imports (``from a import b``: ``a.b`` if that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m in known and m != name}


def _floor(module: str) -> int:
    first = module.split(".")[1] if "." in module else ""
    for index, (_, starts) in enumerate(FLOORS):
        if first in starts:
            return index
    raise AssertionError(
        f"{module} is on no floor: add its first name to FLOORS in tests/test_import_floors.py "
        "(and to the layout in README.md and docs/architecture.md)"
    )


def _graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for target in _imports(name, path, set(modules)):
            graph.add_edge(name, target)
    return graph


def test_every_module_is_on_a_floor() -> None:
    for module in _modules():
        _floor(module)


def test_no_module_imports_from_a_higher_floor() -> None:
    upward = sorted(
        f"{source} (floor {FLOORS[_floor(source)][0]}) imports {target} "
        f"(floor {FLOORS[_floor(target)][0]})"
        for source, target in _graph().edges
        if _floor(target) > _floor(source) and (source, target) not in ALLOWED_UPWARD
    )
    assert not upward, "imports against the floors:\n" + "\n".join(upward)


def test_the_allowed_upward_imports_still_exist() -> None:
    """An exception that is no longer needed must be removed, so the list only shrinks."""
    edges = set(_graph().edges)
    stale = [pair for pair in ALLOWED_UPWARD if pair not in edges]
    assert not stale, f"remove from ALLOWED_UPWARD, no longer imported: {stale}"


def test_no_import_circles() -> None:
    circles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert not circles, f"import circles: {circles}"


def test_the_floor_test_reads_real_imports(tmp_path: Path) -> None:
    """The checks above would pass on an empty graph: prove they read real imports."""
    graph = _graph()
    assert graph.has_edge("icsgov.queries.who_decides", "icsgov.queries.walk")
    assert graph.has_edge("icsgov.cli", "icsgov.commands._options")
    assert _floor("icsgov.ontology.money") < _floor("icsgov.loaders.matrix_sheet")
    assert _floor("icsgov.graph.rdf.store") > _floor("icsgov.loaders")
    known = {"icsgov.a", "icsgov.b"}
    source = tmp_path / "c.py"
    source.write_text("from icsgov import b\nif 0:\n    from . import a\n", encoding="utf-8")
    assert _imports("icsgov.c", source, known) == {"icsgov.a", "icsgov.b"}
