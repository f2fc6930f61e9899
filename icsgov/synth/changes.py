"""Dated changes: CCGs, their mergers, and their transfer into ICBs on 1 July 2022.

Each sub-ICB location in a system stands for the CCG it once was: a CCG
(statutory, 2013-04-01 to 2022-06-30) with a governing body that decided
system decisions for its area until then. In about half the systems two
earlier CCGs merged into one on 2020-04-01. On 2022-07-01 the CCGs of each
system passed to its ICB (a merger :class:`ChangeEvent`).
"""

from __future__ import annotations

import datetime as dt

from icsgov.ontology.model import (
    Basis,
    Body,
    BodyKind,
    ChangeEvent,
    ChangeKind,
    DecisionRight,
    Level,
    Organisation,
    OrganisationKind,
    Role,
)
from icsgov.synth._build import Builder
from icsgov.synth.decisions import Leaf
from icsgov.synth.skeleton import System

__all__ = ["make_changes"]

CCG_START = dt.date(2013, 4, 1)
CCG_END = dt.date(2022, 6, 30)
ICB_START = dt.date(2022, 7, 1)
MERGED = dt.date(2020, 4, 1)


def make_changes(b: Builder, system: System, leaves: list[Leaf]) -> None:
    """Add one system's CCGs, their rights before July 2022, and the change events."""
    rng = b.rng("changes", system.code)
    cite = b.cite("changes")
    code = system.code
    places = [p for p in system.places if p.is_sub_icb_location]
    system_leaves = [leaf for leaf in leaves if leaf.level is Level.SYSTEM][: b.count(10)]
    ccgs: list[str] = []
    for place in places:
        tag = place.footprint.id.split(":")[-1]
        ccg = f"syn:{code}:ccg:{tag}"
        merged = rng.random() < 0.5
        b.add(
            code,
            Organisation(
                id=ccg,
                name=f"NHS {place.footprint.name} CCG (synthetic)",
                kind=OrganisationKind.CCG,
                statutory=True,
                footprints=[place.footprint.id],
                valid_from=MERGED if merged else CCG_START,
                valid_to=CCG_END,
                illustrative=True,
                sources=cite,
            ),
        )
        ccgs.append(ccg)
        body = f"{ccg}:governing-body"
        b.add(
            code,
            Body(
                id=body,
                name=f"NHS {place.footprint.name} CCG governing body",
                kind=BodyKind.GOVERNING_BODY,
                of=[ccg],
                footprint=place.footprint.id,
                meets_in_public=True,
                valid_from=CCG_START,
                valid_to=CCG_END,
                illustrative=True,
                sources=cite,
            ),
        )
        for n, leaf in enumerate(system_leaves):
            b.add(
                code,
                DecisionRight(
                    id=f"{ccg}:r:{n}",
                    holder=ccg,
                    decision=leaf.id,
                    footprint=place.footprint.id,
                    role=Role.DECIDES,
                    basis=Basis.STATUTORY,
                    valid_from=CCG_START,
                    valid_to=CCG_END,
                    illustrative=True,
                    sources=cite,
                ),
            )
        if merged:
            old = [f"{ccg}:before-{i}" for i in (1, 2)]
            for i, old_id in enumerate(old, start=1):
                b.add(
                    code,
                    Organisation(
                        id=old_id,
                        name=f"NHS {place.footprint.name} CCG part {i} (synthetic)",
                        kind=OrganisationKind.CCG,
                        statutory=True,
                        footprints=[place.footprint.id],
                        valid_from=CCG_START,
                        valid_to=MERGED - dt.timedelta(1),
                        illustrative=True,
                        sources=cite,
                    ),
                )
            b.add(
                code,
                ChangeEvent(
                    id=f"{ccg}:merger",
                    name=f"CCGs merge to form {ccg}",
                    kind=ChangeKind.MERGER,
                    date=MERGED,
                    original=old,
                    resulting=[ccg],
                    illustrative=True,
                    sources=cite,
                ),
            )
    if ccgs:
        b.add(
            code,
            ChangeEvent(
                id=f"syn:{code}:ccg-to-icb",
                name=f"CCGs become {system.icb.label}",
                kind=ChangeKind.MERGER if len(ccgs) > 1 else ChangeKind.TRANSFER,
                date=ICB_START,
                original=ccgs,
                resulting=[system.icb.id],
                illustrative=True,
                sources=cite,
            ),
        )
