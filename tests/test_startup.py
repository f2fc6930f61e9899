"""The CLI starts fast: heavy libraries are imported only when a command needs them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["rdflib", "pyshacl", "pyoxigraph", "neo4j", "openpyxl", "networkx", "pydantic", "yaml"]


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, json; from icsgov.cli import cli; "
        "print(json.dumps(sorted(m for m in sys.modules)))"
    )
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_importing_the_package_imports_no_store_backend() -> None:
    code = "import sys, json, icsgov; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))
    assert not loaded & {"rdflib", "pyoxigraph", "neo4j", "pyshacl"}
