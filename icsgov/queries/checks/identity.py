"""Identity: one real organisation or area is held once, whatever source it came from.

An ODS or ONS code names one thing. Two organisations (or two footprints)
holding the same code at the same time are the same thing recorded twice:
answers about it split between the two records. Loading your own system on
top of the national skeleton joins such records by code
(:mod:`icsgov.loaders.one_england`); this rule finds what is left.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from icsgov.loaders.one_england import identity_keys
from icsgov.ontology.model import Entity, Footprint, Identifier, Organisation
from icsgov.queries.checks._registry import CheckContext, Severity, rule

__all__: list[str] = []


def _span(entity: Entity, code: Identifier) -> tuple[dt.date, dt.date]:
    starts = [d for d in (entity.valid_from, code.valid_from) if d is not None]
    ends = [d for d in (entity.valid_to, code.valid_to) if d is not None]
    return (max(starts) if starts else dt.date.min, min(ends) if ends else dt.date.max)


@rule(
    "GOV060",
    "held-twice",
    Severity.ERROR,
    rationale=(
        "One organisation or area recorded twice splits every answer about it: rights, lines "
        "and places attach to one record or the other, and the national skeleton and a "
        "system's own data stop meeting. The ODS code is an organisation's identity, the ONS "
        "code an area's."
    ),
    source=(
        "NHS Organisation Data Service (ODS codes); ONS Open Geography (area codes); "
        "CHANGES-2025-2026.md, 'What the model and data must change' (key on ODS codes)"
    ),
    fix=(
        "Keep one record: give your record the skeleton's id, or load both sources together "
        "(--data icsgov:reference --data your-folder) so they are joined by code."
    ),
)
def _held_twice(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    holders: dict[tuple[str, str, str], list[tuple[Entity, Identifier]]] = defaultdict(list)
    for cls in (Organisation, Footprint):
        for entity in ctx.store.entities(cls):
            assert isinstance(entity, Organisation | Footprint)
            for code, key in zip(
                [c for c in entity.codes if c.scheme in {"ods", "ons"}],
                identity_keys(entity),
                strict=True,
            ):
                holders[key].append((entity, code))
    reported: set[str] = set()
    for (kind, scheme, value), found in sorted(holders.items()):
        if len({e.id for e, _ in found}) < 2:
            continue
        ordered = sorted(found, key=lambda pair: pair[0].id)
        for i, (first, first_code) in enumerate(ordered):
            for second, second_code in ordered[i + 1 :]:
                a, b = _span(first, first_code), _span(second, second_code)
                if second.id == first.id or second.id in reported or a[0] > b[1] or b[0] > a[1]:
                    continue
                reported.add(second.id)
                yield (
                    second.id,
                    f"{kind} {second.id} holds {scheme.upper()} code {value}, as {first.id} "
                    "does at the same time: one thing recorded twice",
                    [first.id],
                )
