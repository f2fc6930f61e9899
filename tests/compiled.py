"""The compiled graph as a test store: a Governance written to a real SQLite file and opened.

The conformance suite and the oracle ask it the same questions as the memory
store (``compiled_store``); each file lives in one temporary folder removed
when the test session ends.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path

from icsgov.graph.compiled import CompiledStore
from icsgov.loaders.compiled import write_compiled
from icsgov.ontology.governance import Governance

__all__ = ["compiled_store"]

_FOLDER = Path(tempfile.mkdtemp(prefix="icsgov-compiled-"))
atexit.register(shutil.rmtree, _FOLDER, True)
_NUMBERS = itertools.count()


def compiled_store(gov: Governance) -> CompiledStore:
    """``gov`` compiled to a new file and opened read-only, as the CLI opens a cached one."""
    path = _FOLDER / f"graph-{next(_NUMBERS)}.sqlite"
    write_compiled(gov, path)
    return CompiledStore(path)
