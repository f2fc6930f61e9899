"""The ``GraphStore`` protocol: the few primitives every question is built from.

Queries in :mod:`icsgov.queries` are written once against these primitives;
each store (memory, rdf, neo4j) implements them, and the conformance suite
asks every store the same questions and requires the same answers
(tests/conformance/test_primitives.py sweeps each primitive on every store
against the memory store). Every question goes through these primitives:
no store answers a whole question in its own language.

Every store is closed the same way, ``store.close()`` or ``with store:``
(:class:`Closing`); a store with nothing to let go of closes at no cost.

Lists come back in a deterministic order (by id) so that answers are
identical across stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, Self, TypeVar, runtime_checkable

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    AccountabilityLine,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
)

__all__ = ["Closing", "Direction", "GraphStore", "QueryResult"]

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

    def close(self) -> None:
        """Let go of what the store holds (a connection, a folder's lock); asking again fails."""
        ...

    def __enter__(self) -> Self:
        """The store itself, closed when the ``with`` block ends."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        ...


class Closing:
    """``with store:`` for every store: the block ends with :meth:`close`, once written.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.ontology.governance import Governance
    >>> with MemoryStore(Governance()) as store:
    ...     store.name
    'memory'
    """

    def close(self) -> None:
        """Nothing to let go of, unless the store says otherwise."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class QueryResult:
    """What an analyst's own query returns, from either server store's ``query(text)``.

    ``columns`` names the values of each row, in order. Neo4j rows hold
    plain values (text, numbers, dates; nodes and relationships as dicts);
    RDF rows hold SPARQL terms (:class:`~icsgov.graph.rdf.engines.Term`,
    ``None`` where a variable is unbound). An ASK query has no columns and
    its answer in ``boolean``.
    """

    columns: list[str]
    rows: list[list[Any]]
    boolean: bool | None = None

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per row, keyed by column.

        >>> QueryResult(["id"], [["glos"]]).to_dicts()
        [{'id': 'glos'}]
        """
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]
