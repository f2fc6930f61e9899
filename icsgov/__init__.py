"""icsgov: a knowledge graph of governance and decision rights for health and care systems.

The public API is re-exported here and imported lazily, so that ``import
icsgov`` (and the CLI's start-up) stays fast and never pulls in rdflib,
pyoxigraph or the neo4j driver until a store that needs them is asked for.

>>> import icsgov
>>> gov = icsgov.load()            # the bundled example
>>> store = icsgov.MemoryStore(gov)
>>> store.name
'memory'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from icsgov._version import __version__ as __version__

_EXPORTS = {
    "Governance": "icsgov.ontology.governance",
    "Dataset": "icsgov.ontology.governance",
    "load": "icsgov.queries.scheme_documents",
    "read_yaml": "icsgov.loaders.governance_yaml",
    "parse_yaml": "icsgov.loaders.governance_yaml",
    "MemoryStore": "icsgov.graph.memory",
    "GraphStore": "icsgov.graph.store",
    "summarise": "icsgov.queries.info",
    "IcsgovError": "icsgov.errors",
    "InputError": "icsgov.errors",
    "NotFound": "icsgov.errors",
    "Ambiguous": "icsgov.errors",
    "StoreError": "icsgov.errors",
    "QueryError": "icsgov.errors",
}
_EXPORTS.update(
    dict.fromkeys(
        [
            "AccountabilityLine",
            "Agreement",
            "Body",
            "ChangeEvent",
            "Citation",
            "DecisionRight",
            "DecisionType",
            "DeclaredInterest",
            "Delegation",
            "Footprint",
            "FundingFlow",
            "Identifier",
            "LoggedDecision",
            "Organisation",
            "Person",
            "Post",
            "Programme",
            "ReferenceRelation",
            "Source",
            "Suppression",
            "Level",
            "Role",
            "Basis",
            "AccountabilityKind",
        ],
        "icsgov.ontology.model",
    )
)

__all__ = [
    "AccountabilityKind",
    "AccountabilityLine",
    "Agreement",
    "Ambiguous",
    "Basis",
    "Body",
    "ChangeEvent",
    "Citation",
    "Dataset",
    "DecisionRight",
    "DecisionType",
    "DeclaredInterest",
    "Delegation",
    "Footprint",
    "FundingFlow",
    "Governance",
    "GraphStore",
    "IcsgovError",
    "Identifier",
    "InputError",
    "Level",
    "LoggedDecision",
    "MemoryStore",
    "NotFound",
    "Organisation",
    "Person",
    "Post",
    "Programme",
    "QueryError",
    "ReferenceRelation",
    "Role",
    "Source",
    "StoreError",
    "Suppression",
    "load",
    "parse_yaml",
    "read_yaml",
    "summarise",
]

if TYPE_CHECKING:
    from icsgov.errors import (
        Ambiguous,
        IcsgovError,
        InputError,
        NotFound,
        QueryError,
        StoreError,
    )
    from icsgov.graph.memory import MemoryStore
    from icsgov.graph.store import GraphStore
    from icsgov.loaders.governance_yaml import parse_yaml, read_yaml
    from icsgov.ontology.governance import Dataset, Governance
    from icsgov.ontology.model import (
        AccountabilityKind,
        AccountabilityLine,
        Agreement,
        Basis,
        Body,
        ChangeEvent,
        Citation,
        DecisionRight,
        DecisionType,
        DeclaredInterest,
        Delegation,
        Footprint,
        FundingFlow,
        Identifier,
        Level,
        LoggedDecision,
        Organisation,
        Person,
        Post,
        Programme,
        ReferenceRelation,
        Role,
        Source,
        Suppression,
    )
    from icsgov.queries.info import summarise
    from icsgov.queries.scheme_documents import load


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'icsgov' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
