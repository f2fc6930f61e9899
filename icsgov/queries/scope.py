"""The footprints a system's governance documents cover: the system, everything inside it,
and the region and nation above it (whose rights apply inside the system too).

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
...   - {id: forest, name: Forest of Dean, level: place, part_of: glos}
... '''))
>>> scope = system_scope(store, "Gloucestershire")
>>> [f.id for f in scope.inside], [f.id for f in scope.above]
(['glos', 'forest'], ['eng'])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import Footprint
from icsgov.queries.resolve import resolve_location

__all__ = ["Scope", "system_scope"]


@dataclass(frozen=True)
class Scope:
    """A system footprint, the footprints inside it (system first) and those above it."""

    system: Footprint
    inside: list[Footprint]
    above: list[Footprint]

    @property
    def ids(self) -> list[str]:
        """Every footprint id in scope, most local last: inside, then above."""
        return [f.id for f in [*self.inside, *self.above]]


def system_scope(store: GraphStore, system: str, as_of: dt.date | None = None) -> Scope:
    """Resolve ``system`` (name, id, code or organisation) and gather its footprints."""
    location = resolve_location(store, system, as_of)
    top = location.footprint
    inside = [top]
    for footprint in store.entities(Footprint):
        if footprint.id == top.id or not footprint.valid_at(as_of):
            continue
        chain = store.footprint_chain(footprint.id, as_of)
        if any(f.id == top.id for f in chain[1:]):
            inside.append(footprint)
    inside[1:] = sorted(inside[1:], key=lambda f: (-f.level.rank, f.id))
    return Scope(top, inside, location.chain[1:])
