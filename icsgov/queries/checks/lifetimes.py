"""Records whose dates reach outside the lifetimes of what they name (GOV016).

A decision right, delegation, accountability line or post is in force only
while every entity it names exists (:func:`icsgov.queries.walk.in_force`), so
answers never name a body on a date it did not exist. This rule tells the data
owner where a record's own dates say more than that: an undated right held by
a board created in July 2022, a line that outlives the CCG it answers to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from icsgov.errors import NotFound
from icsgov.ontology.model import AccountabilityLine, DecisionRight, Delegation, Entity, Post
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.walk import named_ids

__all__: list[str] = []

_RECORDS: tuple[type[Entity], ...] = (DecisionRight, Delegation, AccountabilityLine, Post)


@rule(
    "GOV016",
    "record-outside-lifetime",
    Severity.WARNING,
    rationale=(
        "Truth over time: a right, delegation, line or post cannot be in force before the "
        "bodies it names were established or after they were abolished (CCGs closed and ICBs "
        "began on 1 July 2022); dates that say otherwise mislead anyone reading the record."
    ),
    source=(
        "The future of integrated care in England, '2. Statutory ICSs' (CCGs replaced by "
        "ICBs); Health and Care Act 2022"
    ),
    fix="Give the record a valid_from/valid_to inside the lifetimes of what it names.",
)
def _outside_lifetime(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    store = ctx.store
    for kind in _RECORDS:
        for record in store.entities(kind):
            for named_id in dict.fromkeys(named_ids(record)):
                try:
                    named = store.get(named_id)
                except NotFound:
                    continue
                problem = _reaches_outside(record, named)
                if problem:
                    yield (
                        record.id,
                        f"{record.kind_name} {record.id} {problem[0]}, but {named.kind_name} "
                        f"{_named(named)} {problem[1]}",
                        [named.id],
                    )


def _reaches_outside(record: Entity, named: Entity) -> tuple[str, str] | None:
    if named.valid_from is not None and _before(record.valid_from, named.valid_from):
        own = f"starts {record.valid_from}" if record.valid_from else "has no start date"
        return own, f"exists only from {named.valid_from}"
    if named.valid_to is not None and _after(record.valid_to, named.valid_to):
        own = f"runs to {record.valid_to}" if record.valid_to else "has no end date"
        return own, f"existed only until {named.valid_to}"
    return None


def _named(entity: Entity) -> str:
    return entity.id if entity.label == entity.id else f"{entity.id} ({entity.label})"


def _before(start: dt.date | None, limit: dt.date) -> bool:
    return start is None or start < limit


def _after(end: dt.date | None, limit: dt.date) -> bool:
    return end is None or end > limit
