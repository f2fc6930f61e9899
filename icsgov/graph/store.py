"""The ``GraphStore`` protocol: the few primitives every question is built from.

Queries in :mod:`icsgov.queries` are written once against these primitives;
each store (memory, rdf, neo4j) implements them, and the conformance suite
asks every store the same questions and requires the same answers. A store
may answer a whole query natively where that is faster, as rdflib's
``Graph.query`` defers to a store's own implementation.

Lists come back in a deterministic order (by id) so that answers are
identical across stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar, runtime_checkable

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    AccountabilityLine,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
)

__all__ = ["Direction", "GraphStore"]

E = TypeVar("E", bound=Entity)
Direction = Literal["up", "down", "both"]


@runtime_checkable
class GraphStore(Protocol):
    """What a store must answer. ``as_of=None`` means "whatever the date"."""

    name: str

    @property
    def governance(self) -> Governance:
        """The whole description the store holds."""
        ...

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; raises ``icsgov.errors.NotFound`` with suggestions."""
        ...

    def entities(self, kind: type[E]) -> list[E]:
        """Every entity of a class, sorted by id."""
        ...

    def find(self, text: str) -> list[Entity]:
        """Entities whose id, code, name or alias equals ``text`` (case-insensitive)."""
        ...

    def footprint_chain(self, footprint_id: str, as_of: dt.date | None = None) -> list[Footprint]:
        """The footprint and every footprint it is part of, most local first."""
        ...

    def decision_lineage(self, decision_id: str) -> list[DecisionType]:
        """The decision type and its broader types, narrowest first."""
        ...

    def rights(
        self, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None = None
    ) -> list[DecisionRight]:
        """Rights for exactly this decision type at any of these footprints, valid at ``as_of``."""
        ...

    def delegations(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[Delegation]:
        """Delegations made to the actor (``up``: towards delegators) or by it (``down``)."""
        ...

    def lines(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[AccountabilityLine]:
        """Accountability lines from the actor (``up``: whom it answers to) or to it (``down``)."""
        ...
