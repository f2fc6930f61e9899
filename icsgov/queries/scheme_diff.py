"""What changed in a system's scheme of delegation between two dates.

Two versions of a SoRD imported with ``sod import --effective`` give dated
rights; comparing the ``decides`` rights in force on each date, decision by
decision, says what a board paper on the new version would: rights added
and removed, decisions moved from one holder to another, limits raised or
lowered. Rights are paired by holder first, then by value band, so
renumbered references do not make everything look new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from icsgov.errors import QueryError
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import DecisionRight, DecisionType, Role
from icsgov.ontology.money import format_band
from icsgov.queries.scope import system_scope

__all__ = ["SchemeChange", "diff_scheme"]


@dataclass(frozen=True)
class SchemeChange:
    """One change: ``added``, ``removed``, ``moved``, ``limit raised``, ``limit lowered``.

    ``band changed`` when the upper limit is the same and the floor moved.
    """

    change: str
    decision: str
    old_holder: str
    new_holder: str
    old_limit: str
    new_limit: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def diff_scheme(store: GraphStore, system: str, old: dt.date, new: dt.date) -> list[SchemeChange]:
    """The changes between the scheme in force on ``old`` and on ``new``."""
    if old > new:
        raise QueryError(f"--from {old} is after --to {new}; swap the dates")
    scope = system_scope(store, system, new)
    inside = [f.id for f in scope.inside]
    changes: list[SchemeChange] = []
    for decision in store.entities(DecisionType):
        before = _decides(store, decision.id, inside, old)
        after = _decides(store, decision.id, inside, new)
        pairs: list[tuple[DecisionRight, DecisionRight]] = []
        for right in list(before):
            twin = next((r for r in after if r.holder == right.holder), None)
            if twin is not None:
                pairs.append((right, twin))
                before.remove(right)
                after.remove(twin)
        for right in list(before):
            twin = next((r for r in after if _band(r) == _band(right)), None)
            if twin is not None:
                pairs.append((right, twin))
                before.remove(right)
                after.remove(twin)
        for a, b in pairs:
            if a.holder != b.holder:
                changes.append(_change(store, "moved", decision, a, b))
            elif _band(a) != _band(b):
                kind = "band changed"
                if _top(b) != _top(a):
                    kind = "limit raised" if _top(b) > _top(a) else "limit lowered"
                changes.append(_change(store, kind, decision, a, b))
        changes += [_change(store, "removed", decision, r, None) for r in before]
        changes += [_change(store, "added", decision, None, r) for r in after]
    return changes


def _decides(
    store: GraphStore, decision: str, inside: list[str], on: dt.date
) -> list[DecisionRight]:
    return [r for r in store.rights(decision, inside, on) if r.role is Role.DECIDES]


def _band(right: DecisionRight) -> tuple[float | None, float | None]:
    return right.value_min, right.value_max


def _top(right: DecisionRight) -> float:
    return float("inf") if right.value_max is None else right.value_max


def _change(
    store: GraphStore,
    kind: str,
    decision: DecisionType,
    a: DecisionRight | None,
    b: DecisionRight | None,
) -> SchemeChange:
    def holder(r: DecisionRight | None) -> str:
        return store.get(r.holder).label if r else ""

    def limit(r: DecisionRight | None) -> str:
        return format_band(r.value_min, r.value_max) if r else ""

    return SchemeChange(kind, decision.name, holder(a), holder(b), limit(a), limit(b))
