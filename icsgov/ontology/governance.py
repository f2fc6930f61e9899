"""A whole governance description: every entity by id, plus the datasets it came from.

``Governance`` is what loaders produce and stores consume. It is a plain,
immutable-by-convention container: the checks that make it consistent (ids
unique, references resolving to the right class) run in the loaders before
one is built, so a ``Governance`` that exists is always whole.

>>> from icsgov.ontology.model import Footprint, Level
>>> gov = Governance.from_entities([Footprint(id="eng", name="England", level=Level.NATIONAL)])
>>> gov.get("eng").label
'England'
>>> gov.counts()["footprint"]
1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from icsgov.ontology.model import ENTITY_CLASSES, Entity

__all__ = ["Dataset", "Governance"]

E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class Dataset:
    """Where a batch of facts came from: a file set or an official dataset and its vintage."""

    name: str
    vintage: str | None = None
    path: str | None = None
    describes_from: dt.date | None = None
    describes_to: dt.date | None = None


@dataclass
class Governance:
    """Entities by id (insertion order kept, so output is deterministic) and their datasets."""

    entities: dict[str, Entity] = field(default_factory=dict)
    datasets: list[Dataset] = field(default_factory=list)

    @classmethod
    def from_entities(
        cls, entities: Iterable[Entity], datasets: Iterable[Dataset] = ()
    ) -> Governance:
        """Build from entities whose ids are already known to be unique."""
        return cls({e.id: e for e in entities}, list(datasets))

    def get(self, entity_id: str) -> Entity:
        """The entity with this id (``KeyError`` if none)."""
        return self.entities[entity_id]

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def __len__(self) -> int:
        return len(self.entities)

    def of_type(self, kind: type[E]) -> list[E]:
        """Every entity of one class, in load order."""
        return [e for e in self.entities.values() if type(e) is kind]

    def counts(self) -> dict[str, int]:
        """Number of entities per class, keyed by the class's human name, every class listed."""
        counts = {cls.kind_name: 0 for cls in ENTITY_CLASSES}
        for entity in self.entities.values():
            counts[entity.kind_name] += 1
        return counts

    def merged(self, other: Governance) -> Governance:
        """A new description with ``other``'s entities added (other wins on equal ids)."""
        return Governance({**self.entities, **other.entities}, [*self.datasets, *other.datasets])
