"""A growing set of reference entities with unique ids, and dated codes across vintages.

The reference loader builds entities in several steps (NHS structure,
councils, trusts, primary care, partners); they all add to one
:class:`Collector`, which refuses a second entity with the same id rather than
silently overwriting it.

>>> dated_codes("ons", [(dt.date(2022, 7, 1), "E54000053"), (dt.date(2023, 4, 1), "E54000064")])
... # doctest: +NORMALIZE_WHITESPACE
[Identifier(scheme='ons', value='E54000053', valid_from=None, valid_to=datetime.date(2023, 3, 31)),
 Identifier(scheme='ons', value='E54000064', valid_from=datetime.date(2023, 4, 1), valid_to=None)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icsgov.errors import InputError, Problem
from icsgov.ontology.model import Entity, Identifier

__all__ = ["Collector", "dated_codes"]


class Collector:
    """Entities by id, in the order added."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}

    def add(self, entity: Entity) -> None:
        """Add a new entity; a repeated id is a bug in the data or the loader, so it is loud."""
        if entity.id in self.entities:
            raise InputError(
                [
                    Problem(
                        "icsgov/reference",
                        0,
                        0,
                        f"two reference records have the id '{entity.id}'",
                        hint="regenerate the files with tools/make_reference_data.py",
                    )
                ]
            )
        self.entities[entity.id] = entity

    def replace(self, entity: Entity) -> None:
        """Put a changed copy of an existing entity in its place (entities are immutable)."""
        self.entities[entity.id] = entity

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities


def dated_codes(scheme: str, seen: Sequence[tuple[dt.date, str]]) -> list[Identifier]:
    """Identifiers from ``(vintage start, code)`` pairs in date order.

    A code that changes between vintages ends the day before the vintage that
    first shows the new one, and the new code starts that day. Dates are set
    only where a change was seen: the first code's start and the last code's
    end are not known from the files, so they stay open.
    """
    codes: list[Identifier] = []
    for start, value in seen:
        if codes and codes[-1].value == value:
            continue
        if codes:
            codes[-1] = codes[-1].model_copy(update={"valid_to": start - dt.timedelta(days=1)})
        codes.append(Identifier(scheme=scheme, value=value, valid_from=start if codes else None))
    return codes
