"""The conformance suite asks every store the same questions over the same data.

``make_store`` is parametrised over every store that can run here; a test
written once against it runs on all of them and must get identical answers.
Stores are added to ``STORES`` as they are built (memory now; rdf and neo4j
register their factories here).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.graph.store import GraphStore
from icsgov.ontology.governance import Governance

StoreFactory = Callable[[Governance], GraphStore]

STORES: dict[str, StoreFactory] = {
    "memory": MemoryStore,
}


@pytest.fixture(params=sorted(STORES))
def make_store(request: pytest.FixtureRequest) -> StoreFactory:
    """A function that puts a Governance into one of the stores and returns the store."""
    return STORES[request.param]
