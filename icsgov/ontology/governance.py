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
from pathlib import Path
from typing import TypeVar

from icsgov.ontology.model import ENTITY_CLASSES, Entity

__all__ = ["Dataset", "Governance", "Location"]

E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class Dataset:
    """Where a batch of facts came from: a file set or an official dataset and its vintage."""

    name: str
    vintage: str | None = None
    path: str | None = None
    describes_from: dt.date | None = None
    describes_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record was written: a YAML file's line and column, or a sheet's row and column.

    One per record (its start), kept by the loaders even for valid data so
    that a finding can point at the record at fault like any linter does.
    ``sheet`` names the sheet or table of a spreadsheet or document, whose
    ``line`` is then the row number as the spreadsheet shows it.

    >>> str(Location("glos.yaml", 12, 5))
    'glos.yaml:12:5'
    >>> str(Location("sord.xlsx", 7, 2, sheet="Delegations"))
    'sord.xlsx:7:2 (Delegations, row 7, column B)'
    """

    file: str
    line: int
    column: int
    sheet: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}"
        if self.sheet is not None:
            text += f" ({self.sheet}, row {self.line}, column {_letters(self.column)})"
        return text

    def shown(self) -> str:
        """As :meth:`__str__`, with the file relative to the working folder when inside it."""
        path = Path(self.file)
        if path.is_absolute():
            try:
                path = path.relative_to(Path.cwd())
            except ValueError:
                return str(self)
        return str(Location(str(path), self.line, self.column, self.sheet))

    def to_dict(self) -> dict[str, str | int]:
        """Plain data for JSON (``sheet`` only when there is one)."""
        data: dict[str, str | int] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        if self.sheet is not None:
            data["sheet"] = self.sheet
        return data


def _letters(column: int) -> str:
    text = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass
class Governance:
    """Entities by id (insertion order kept, so output is deterministic) and their datasets.

    ``locations`` says where each record loaded from a file was written (by
    id); it plays no part in equality, since the same facts may sit anywhere.
    """

    entities: dict[str, Entity] = field(default_factory=dict)
    datasets: list[Dataset] = field(default_factory=list)
    locations: dict[str, Location] = field(default_factory=dict, compare=False)

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
        return Governance(
            {**self.entities, **other.entities},
            [*self.datasets, *other.datasets],
            {
                **{k: v for k, v in self.locations.items() if k not in other.entities},
                **other.locations,
            },
        )
