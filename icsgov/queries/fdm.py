"""The functions and decisions map (FDM): which part of a system takes which decision.

System-wide, not just inside the ICB: every ``decides`` right held at the
system or inside it, grouped by the body, organisation or post that holds
it, with the authority it rests on, including powers delegated into the
system from outside (NHS England delegating primary care to the ICB).

>>> from icsgov.loaders import load
>>> from icsgov.graph.memory import MemoryStore
>>> import datetime as dt
>>> fdm = functions_and_decisions(MemoryStore(load(["tests/golden/core.yaml"])), "glos",
...                               as_of=dt.date(2024, 1, 1))
>>> [(e.decision, e.delegated_from) for e in fdm.entries if e.from_outside]
[('primary-care-commissioning', 'nhse')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    Body,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
    Organisation,
    Role,
)
from icsgov.ontology.money import format_band
from icsgov.queries.scope import system_scope
from icsgov.queries.walk import rights_in_force

__all__ = ["FdmEntry", "FunctionsAndDecisions", "functions_and_decisions"]


@dataclass(frozen=True)
class FdmEntry:
    """One decision taken by one part of the system."""

    part: str
    part_name: str
    part_kind: str
    footprint: str
    level: str
    decision: str
    decision_name: str
    basis: str
    band: str
    delegated_from: str | None
    delegated_from_name: str | None
    instrument: str | None
    from_outside: bool
    illustrative: bool = False


@dataclass(frozen=True)
class FunctionsAndDecisions:
    """The map for one system on one date."""

    system: str
    system_name: str
    as_of: dt.date | None
    entries: list[FdmEntry]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def functions_and_decisions(
    store: GraphStore, system: str, as_of: dt.date | None = None
) -> FunctionsAndDecisions:
    """Every decides right inside ``system``, by the part of the system that holds it."""
    scope = system_scope(store, system, as_of)
    inside = {f.id: f for f in scope.inside}
    entries: list[FdmEntry] = []
    for decision in store.entities(DecisionType):
        for right in rights_in_force(store, decision.id, list(inside), as_of):
            if right.role is Role.DECIDES:
                entries.append(_entry(store, right, decision, inside[right.footprint], inside))
    entries.sort(key=lambda e: (-_rank(inside, e.footprint), e.part_name, e.decision_name))
    return FunctionsAndDecisions(scope.system.id, scope.system.name, as_of, entries)


def _entry(
    store: GraphStore,
    right: DecisionRight,
    decision: DecisionType,
    footprint: Footprint,
    inside: dict[str, Footprint],
) -> FdmEntry:
    holder = store.get(right.holder)
    delegation = store.get(right.delegation) if right.delegation else None
    source: Entity | None = None
    if isinstance(delegation, Delegation):
        source = store.get(delegation.delegator)
    return FdmEntry(
        part=holder.id,
        part_name=holder.label,
        part_kind=holder.kind_name,
        footprint=footprint.id,
        level=footprint.level.value,
        decision=decision.id,
        decision_name=decision.name,
        basis=right.basis.value,
        band=format_band(right.value_min, right.value_max),
        delegated_from=source.id if source else None,
        delegated_from_name=source.label if source else None,
        instrument=(
            delegation.instrument_ref or delegation.instrument.value
            if isinstance(delegation, Delegation)
            else None
        ),
        from_outside=source is not None and not _serves_inside(source, inside),
        illustrative=right.illustrative
        or holder.illustrative
        or (isinstance(delegation, Delegation) and delegation.illustrative),
    )


def _serves_inside(actor: Entity, inside: dict[str, Footprint]) -> bool:
    if isinstance(actor, Organisation):
        return any(f in inside for f in actor.footprints)
    if isinstance(actor, Body):
        return actor.footprint in inside if actor.footprint else True
    return True


def _rank(inside: dict[str, Footprint], footprint_id: str) -> int:
    return inside[footprint_id].level.rank
