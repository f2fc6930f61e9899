"""What changed in decision rights, delegations and accountability lines.

Two ways to ask: the same data at two dates (:func:`diff_dates`: which facts
hold on one date and not the other), or two data folders
(:func:`diff_stores`: records added, removed, and changed, where *changed*
means the same id with different fields, each field listed with its old and
new value).

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> store = MemoryStore(load(["tests/golden/accountability.yaml"]))
>>> result = diff_dates(store, dt.date(2022, 12, 1), dt.date(2024, 1, 1))
>>> result.sections["delegations"].added
['acc-del-2']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from icsgov.errors import QueryError
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import AccountabilityLine, DecisionRight, Delegation, Entity
from icsgov.queries.walk import rests_on_invented

__all__ = ["COMPARED", "Change", "DiffReport", "SectionDiff", "diff_dates", "diff_stores"]

COMPARED: dict[str, type[Entity]] = {
    "decision_rights": DecisionRight,
    "delegations": Delegation,
    "accountability": AccountabilityLine,
}
"""The sections compared, by their YAML section name."""


@dataclass(frozen=True)
class Change:
    """A record with the same id on both sides whose fields differ: field -> [old, new]."""

    id: str
    fields: dict[str, list[Any]]


@dataclass(frozen=True)
class SectionDiff:
    """Ids added and removed, and records changed, in one section.

    ``illustrative``: the ids among them whose record (on either side) is marked
    illustrative, marked † in text.
    """

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class DiffReport:
    """The answer of ``icsgov diff``."""

    old: str
    new: str
    sections: dict[str, SectionDiff]

    @property
    def empty(self) -> bool:
        """True when no section differs."""
        return all(s.empty for s in self.sections.values())

    @property
    def illustrative(self) -> bool:
        """True when some record added, removed or changed is marked illustrative."""
        return any(s.illustrative for s in self.sections.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (each section lists its ``illustrative`` ids)."""
        return {
            "old": self.old,
            "new": self.new,
            **{k: asdict(v) for k, v in self.sections.items()},
            "illustrative": self.illustrative,
        }


def diff_dates(store: GraphStore, old: dt.date, new: dt.date) -> DiffReport:
    """Facts that hold on ``new`` but not ``old`` (added) and the reverse (removed)."""
    if old > new:
        raise QueryError(f"--from {old} is after --to {new}; swap the dates")
    sections = {}
    for name, cls in COMPARED.items():
        entities = store.entities(cls)
        before = {e.id for e in entities if e.valid_at(old)}
        after = {e.id for e in entities if e.valid_at(new)}
        seen: dict[str, bool] = {}
        invented = sorted(
            e.id for e in entities if e.id in before ^ after and _invented(store, e, seen)
        )
        sections[name] = SectionDiff(sorted(after - before), sorted(before - after), [], invented)
    return DiffReport(old.isoformat(), new.isoformat(), sections)


def _invented(store: GraphStore, entity: Entity, seen: dict[str, bool]) -> bool:
    """The record is marked illustrative, or (a right) its holder is."""
    if isinstance(entity, DecisionRight):
        return rests_on_invented(store, entity, seen)
    return entity.illustrative


def _fields(entity: Entity) -> dict[str, Any]:
    return entity.model_dump(mode="json", exclude={"id"})


def diff_stores(
    old: GraphStore, new: GraphStore, old_name: str = "old", new_name: str = "new"
) -> DiffReport:
    """Records added, removed and changed (same id, different fields) between two datasets."""
    sections = {}
    seen_old: dict[str, bool] = {}
    seen_new: dict[str, bool] = {}
    for name, cls in COMPARED.items():
        before = {e.id: e for e in old.entities(cls)}
        after = {e.id: e for e in new.entities(cls)}
        changed = []
        for entity_id in sorted(before.keys() & after.keys()):
            a, b = _fields(before[entity_id]), _fields(after[entity_id])
            differing = {
                k: [a.get(k), b.get(k)] for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)
            }
            if differing:
                changed.append(Change(entity_id, differing))
        sides = ((old, before, seen_old), (new, after, seen_new))
        differs = {c.id for c in changed} | (before.keys() ^ after.keys())
        invented = sorted(
            i
            for i in differs
            if any(i in side and _invented(store, side[i], seen) for store, side, seen in sides)
        )
        sections[name] = SectionDiff(
            sorted(after.keys() - before.keys()),
            sorted(before.keys() - after.keys()),
            changed,
            invented,
        )
    return DiffReport(old_name, new_name, sections)
