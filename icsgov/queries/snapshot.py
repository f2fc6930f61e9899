"""The governance as it stood on one day: only the facts valid then, still whole.

An export "as of" a date should be a description another tool can load on
its own, so after the entities not valid that day are left out, references
to them are removed (from lists, optional fields and citations), and an
entity that cannot stand without one (a right whose holder is gone) is left
out too, until nothing dangles. What was left out is returned beside it.

>>> from icsgov.ontology.model import Footprint, Level
>>> import datetime as dt
>>> gov = Governance.from_entities([
...     Footprint(id="old", name="Old region", level=Level.REGION, valid_to=dt.date(2020, 3, 31)),
...     Footprint(id="glos", name="Gloucestershire", level=Level.SYSTEM, part_of="old"),
... ])
>>> snap = snapshot(gov, dt.date(2024, 1, 1))
>>> snap.not_valid, snap.governance.get("glos").part_of
(['old'], None)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import REFERENCES, Entity

__all__ = ["Snapshot", "snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """The facts valid on ``as_of``, and the ids left out (not valid, or needing those)."""

    as_of: dt.date
    governance: Governance
    not_valid: list[str]
    dangling: list[str]


def _trimmed(entity: Entity, kept: dict[str, Entity]) -> Entity | None:
    """The entity without references to left-out entities; ``None`` if one it needs is gone.

    A left-out id is dropped from a list (members, parties...), an optional
    single reference becomes empty, a citation of a left-out source is dropped;
    only a required reference (a right's holder, a delegation's delegator)
    takes the entity out too.
    """
    from icsgov.ontology.terms import field_spec

    update: dict[str, Any] = {}
    owner = type(entity).__name__
    for (cls, field), _ in REFERENCES.items():
        if cls is not type(entity):
            continue
        value: Any = getattr(entity, field)
        if isinstance(value, list):
            if any(v not in kept for v in value):
                update[field] = [v for v in value if v in kept]
        elif value is not None and value not in kept:
            if field_spec(owner, field).required:
                return None
            update[field] = None
    if any(c.source not in kept for c in entity.sources):
        update["sources"] = [c for c in entity.sources if c.source in kept]
    return entity.model_copy(update=update) if update else entity


def snapshot(gov: Governance, as_of: dt.date) -> Snapshot:
    """The entities valid on ``as_of`` (inclusive dates), trimmed so that nothing dangles."""
    kept = {e.id: e for e in gov if e.valid_at(as_of)}
    not_valid = sorted(e.id for e in gov if e.id not in kept)
    dangling: list[str] = []
    changed = True
    while changed:
        changed = False
        for entity_id, entity in list(kept.items()):
            trimmed = _trimmed(entity, kept)
            if trimmed is None:
                del kept[entity_id]
                dangling.append(entity_id)
                changed = True
            elif trimmed is not entity:
                kept[entity_id] = trimmed
    ordered = [kept[e.id] for e in gov if e.id in kept]
    return Snapshot(
        as_of, Governance.from_entities(ordered, gov.datasets), not_valid, sorted(dangling)
    )
