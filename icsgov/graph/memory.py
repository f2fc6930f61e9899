"""The embedded default store: a networkx MultiDiGraph with indexes for the hot look-ups.

Nodes are entity ids (attribute ``entity``); every id-valued field becomes an
edge keyed by the field name, so graph algorithms (cycles, paths, webs) run on
the same structure the queries read. The dictionaries beside the graph make
the questions asked many times a day (footprint chain, rights for a decision
at a footprint) a few dictionary look-ups, independent of the size of England.

>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
... '''))
>>> [f.id for f in store.footprint_chain("glos")]
['glos', 'eng']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from icsgov._heap import paused_collector, settle
from icsgov._suggest import close_matches
from icsgov.errors import NotFound
from icsgov.graph.store import Closing, Direction
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    REFERENCES,
    AccountabilityLine,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
)
from icsgov.ontology.names import names_of

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MemoryStore"]

E = TypeVar("E", bound=Entity)


class MemoryStore(Closing):
    """All of a ``Governance`` in memory, indexed for the questions icsgov answers.

    It holds no connection: :meth:`close` (or ``with``) does nothing, and is
    there so that code can close any store the same way.
    """

    name = "memory"

    def __init__(self, governance: Governance) -> None:
        self._gov = governance
        self._by_type: dict[type[Entity], list[Entity]] = defaultdict(list)
        self._names: dict[str, list[str]] = defaultdict(list)
        self._rights: dict[tuple[str, str], list[DecisionRight]] = defaultdict(list)
        self._delegations_to: dict[str, list[Delegation]] = defaultdict(list)
        self._delegations_from: dict[str, list[Delegation]] = defaultdict(list)
        self._lines_from: dict[str, list[AccountabilityLine]] = defaultdict(list)
        self._lines_to: dict[str, list[AccountabilityLine]] = defaultdict(list)
        self._graph: nx.MultiDiGraph | None = None
        with paused_collector():  # many small lists: collecting meanwhile triples the time
            for entity in sorted(governance, key=lambda e: e.id):
                self._index(entity)
        settle(len(governance))  # later collections skip the store: steady who-decides tails

    def _index(self, entity: Entity) -> None:
        self._by_type[type(entity)].append(entity)
        for text in names_of(entity):
            self._names[text.casefold()].append(entity.id)
        if isinstance(entity, DecisionRight):
            self._rights[(entity.decision, entity.footprint)].append(entity)
        elif isinstance(entity, Delegation):
            self._delegations_to[entity.delegate].append(entity)
            self._delegations_from[entity.delegator].append(entity)
        elif isinstance(entity, AccountabilityLine):
            self._lines_from[entity.actor].append(entity)
            self._lines_to[entity.answers_to].append(entity)

    @property
    def governance(self) -> Governance:
        """The whole description the store holds."""
        return self._gov

    @property
    def graph(self) -> nx.MultiDiGraph:
        """Every entity as a node and every reference as an edge keyed by its field name."""
        if self._graph is None:
            self._graph = _build_graph(self._gov)
        return self._graph

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; ``NotFound`` with the closest ids otherwise."""
        try:
            return self._gov.get(entity_id)
        except KeyError:
            raise NotFound(
                "entity", entity_id, close_matches(entity_id, self._gov.entities)
            ) from None

    def entities(self, kind: type[E]) -> list[E]:
        """Every entity of a class, sorted by id."""
        return list(self._by_type.get(kind, []))  # type: ignore[arg-type]

    def find(self, text: str) -> list[Entity]:
        """Entities whose id, code, name or alias equals ``text`` (case-insensitive)."""
        ids = dict.fromkeys(self._names.get(text.strip().casefold(), []))
        return [self._gov.get(i) for i in ids]

    def names(self) -> list[str]:
        """Every name, alias, code and id known (for suggestions)."""
        return list(self._names)

    def footprint_chain(self, footprint_id: str, as_of: dt.date | None = None) -> list[Footprint]:
        """The footprint and every footprint it is part of, most local first."""
        chain: list[Footprint] = []
        current: str | None = footprint_id
        while current is not None:
            footprint = self.get(current)
            if not isinstance(footprint, Footprint):
                raise NotFound("footprint", current)
            chain.append(footprint)
            current = footprint.part_of
        return chain

    def decision_lineage(self, decision_id: str) -> list[DecisionType]:
        """The decision type and its broader types, narrowest first."""
        lineage: list[DecisionType] = []
        current: str | None = decision_id
        while current is not None:
            decision = self.get(current)
            if not isinstance(decision, DecisionType):
                raise NotFound("decision type", current)
            lineage.append(decision)
            current = decision.broader
        return lineage

    def rights(
        self, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None = None
    ) -> list[DecisionRight]:
        """Rights for exactly this decision type at any of these footprints, valid at ``as_of``."""
        found = [
            right
            for footprint_id in footprint_ids
            for right in self._rights.get((decision_id, footprint_id), ())
            if right.valid_at(as_of)
        ]
        return sorted(found, key=lambda r: r.id)

    def delegations(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[Delegation]:
        """Delegations made to the actor (``up``) or by it (``down``), or both."""
        found: list[Delegation] = []
        if direction in ("up", "both"):
            found += self._delegations_to.get(actor_id, [])
        if direction in ("down", "both"):
            found += self._delegations_from.get(actor_id, [])
        return sorted((d for d in found if d.valid_at(as_of)), key=lambda d: d.id)

    def lines(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[AccountabilityLine]:
        """Accountability lines from the actor (``up``) or to it (``down``), or both."""
        found: list[AccountabilityLine] = []
        if direction in ("up", "both"):
            found += self._lines_from.get(actor_id, [])
        if direction in ("down", "both"):
            found += self._lines_to.get(actor_id, [])
        return sorted((line for line in found if line.valid_at(as_of)), key=lambda x: x.id)


def _build_graph(gov: Governance) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for entity in gov:
        graph.add_node(entity.id, entity=entity, kind=entity.kind_name)
    for entity in gov:
        for field, target in _references(entity):
            graph.add_edge(entity.id, target, key=field)
    return graph


def _references(entity: Entity) -> Iterator[tuple[str, str]]:
    for (cls, field), _targets in REFERENCES.items():
        if cls is type(entity):
            value: Any = getattr(entity, field)
            for target in value if isinstance(value, list) else [value]:
                if target is not None:
                    yield field, target
    for citation in entity.sources:
        yield "sources", citation.source
