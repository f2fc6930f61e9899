"""Every text a record can be found by: its id, name or title, aliases and codes.

One definition for the memory store's name index, the compiled graph's name
table and the other stores' name look-ups, so ``find`` agrees everywhere.

>>> from icsgov.ontology.model import Footprint, Level
>>> list(names_of(Footprint(id="glos", name="Gloucestershire", level=Level.SYSTEM)))
['glos', 'Gloucestershire']
"""

from __future__ import annotations

from collections.abc import Iterator

from icsgov.ontology.model import Entity

__all__ = ["names_of"]

_NAMED_FIELDS = ("name", "title", "aliases", "codes")
_named_fields: dict[type[Entity], tuple[str, ...]] = {}


def names_of(entity: Entity) -> Iterator[str]:
    """The id, then the name or title, aliases and code values of ``entity``, as written."""
    yield entity.id
    cls = type(entity)
    fields = _named_fields.get(cls)
    if fields is None:  # asking a pydantic model for a field it lacks is slow: ask once per class
        fields = _named_fields[cls] = tuple(f for f in _NAMED_FIELDS if f in cls.model_fields)
    for field in fields:
        value = getattr(entity, field)
        if field == "codes":
            for code in value:
                yield code.value
        elif field == "aliases":
            yield from value
        elif value:
            yield value
