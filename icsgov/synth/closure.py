"""The part of the reference skeleton a generated data set refers to.

Written beside the generated files so the folder loads on its own: every
reference record a generated record points at, and everything those point
at in turn (a PCN's footprint, its place, system, region and England, the
sources they cite). GP practices and ODS relations nobody refers to stay out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import REFERENCES, Entity

__all__ = ["referenced_closure"]


def _targets(entity: Entity) -> Iterable[str]:
    for (cls, field), _kinds in REFERENCES.items():
        if cls is type(entity):
            value: Any = getattr(entity, field)
            for target in value if isinstance(value, list) else [value]:
                if target is not None:
                    yield target
    for citation in entity.sources:
        yield citation.source


def referenced_closure(generated: Iterable[Entity], reference: Governance) -> list[Entity]:
    """Reference entities reachable from ``generated``, in the reference's own order."""
    wanted: set[str] = set()
    stack = [t for e in generated for t in _targets(e) if t in reference]
    while stack:
        entity_id = stack.pop()
        if entity_id in wanted:
            continue
        wanted.add(entity_id)
        stack.extend(t for t in _targets(reference.get(entity_id)) if t in reference)
    return [e for e in reference if e.id in wanted]
