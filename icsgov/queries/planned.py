"""The planned state: what the data would say if the announced changes took effect.

Answers use only changes in force. To *compare* today with what is planned
(``icsgov diff --include-planned``), :func:`planned_view` applies every
change not yet in force as if it were: on its date, what it ends (each
``original`` not also ``resulting``) ends the day before, and so does every
right, delegation, accountability line and post naming it. Nothing is moved
or invented beyond that; the view is for comparison only and says which
changes it applied.

>>> from icsgov.loaders import load
>>> view, applied = planned_view(load())
>>> [c.id for c in applied]
['ch-planned-healthwatch-abolished', 'ch-planned-icp-duty-removed']
>>> str(view.get("notts-icp").valid_to)
'2027-03-30'
"""

from __future__ import annotations

import datetime as dt

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    AccountabilityLine,
    ChangeEvent,
    ChangeStatus,
    DecisionRight,
    Delegation,
    Entity,
    Post,
)
from icsgov.queries.walk import named_ids

__all__ = ["planned_changes", "planned_view"]

_RECORDS = (DecisionRight, Delegation, AccountabilityLine, Post)


def planned_changes(gov: Governance) -> list[ChangeEvent]:
    """Changes not in force (announced or legislated), by date."""
    return sorted(
        (c for c in gov.of_type(ChangeEvent) if c.status is not ChangeStatus.IN_FORCE),
        key=lambda c: (c.date, c.id),
    )


def _ended(entity: Entity, last: dt.date) -> Entity:
    if entity.valid_to is not None and entity.valid_to <= last:
        return entity
    return entity.model_copy(update={"valid_to": last})


def planned_view(gov: Governance) -> tuple[Governance, list[ChangeEvent]]:
    """``gov`` with the planned changes applied, and the changes applied."""
    applied = planned_changes(gov)
    ends: dict[str, dt.date] = {}
    for change in applied:
        last = change.date - dt.timedelta(days=1)
        for ended in set(change.original) - set(change.resulting):
            ends[ended] = min(ends.get(ended, last), last)
    entities = dict(gov.entities)
    for entity_id, last in ends.items():
        if entity_id in entities:
            entities[entity_id] = _ended(entities[entity_id], last)
    for record in gov:
        if isinstance(record, _RECORDS):
            hit = [ends[i] for i in named_ids(record) if i in ends]
            if hit:
                entities[record.id] = _ended(record, min(hit))
    return Governance(entities, list(gov.datasets)), applied
