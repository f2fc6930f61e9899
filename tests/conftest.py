"""Shared fixtures: the bundled example, the CLI runner, and paths to test data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.ontology.governance import Governance

DATA = Path(__file__).parent / "data"

# The real Bolt servers (Neo4j 5, ArcadeDB): neo4j_server, arcadedb_server, bolt_target,
# bolt_database; the real SPARQL server (oxigraph serve): oxigraph_server,
# rdf_embedded_loads, rdf_server_loads.
pytest_plugins = ["tests.neo4j_server", "tests.bolt_server", "tests.oxigraph_server"]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's load cache lives in a temporary folder, never in the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ICSGOV_CACHE_DIR", str(tmp_path_factory.mktemp("icsgov-cache")))
        yield


@pytest.fixture(scope="session")
def example() -> Governance:
    """The bundled example, loaded once."""
    return load()


@pytest.fixture(scope="session")
def example_store(example: Governance) -> MemoryStore:
    """The bundled example in the memory store."""
    return MemoryStore(example)


@pytest.fixture
def runner() -> CliRunner:
    """Runs CLI commands in-process with stdout and stderr kept apart."""
    return CliRunner()


@pytest.fixture
def data_dir() -> Path:
    """The folder of test data files."""
    return DATA
