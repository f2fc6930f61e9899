"""Delegations from statutory holders, down to places and neighbourhoods.

Per ICB: NHS England delegates its direct commissioning functions to the ICB
(a delegation agreement); the ICB delegates banded finance and estates
decisions to its finance committee up to a limit (the scheme of reservation
and delegation), and place and neighbourhood decisions to each place
committee (terms of reference), which may sub-delegate neighbourhood
decisions to each PCN in its place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from icsgov.ontology.model import Delegation, InstrumentKind, Level
from icsgov.synth._build import Builder
from icsgov.synth.bodies import NATIONAL_IDS, SystemBodies
from icsgov.synth.decisions import Leaf
from icsgov.synth.skeleton import System

__all__ = ["PLACE_LIMIT", "SystemDelegations", "make_delegations"]

PLACE_LIMIT = 500_000.0
"""The most a place committee may commit on a banded decision (pounds)."""

ICB_START = dt.date(2022, 7, 1)


@dataclass
class SystemDelegations:
    """Delegation ids by what they pass on, for the rights that use them."""

    nhse: str
    committee: str
    committee_limit: float
    place: dict[str, str] = field(default_factory=dict)
    place_banded: dict[str, str] = field(default_factory=dict)
    pcn: dict[str, str] = field(default_factory=dict)


def make_delegations(
    b: Builder, system: System, bodies: SystemBodies, leaves: list[Leaf]
) -> SystemDelegations:
    """Add one system's delegations to its bucket."""
    rng = b.rng("delegations", system.code)
    cite = b.cite("delegations")
    code, icb, fp = system.code, system.icb.id, system.footprint.id
    by_level: dict[Level, list[Leaf]] = {level: [] for level in Level}
    for leaf in leaves:
        by_level[leaf.level].append(leaf)
    made = SystemDelegations(
        nhse=f"syn:{code}:d:nhse",
        committee=f"syn:{code}:d:committee",
        committee_limit=rng.choice([1_000_000.0, 2_000_000.0, 5_000_000.0]),
    )

    def add(id_: str, **fields: object) -> None:
        b.add(
            code,
            Delegation(id=id_, valid_from=ICB_START, illustrative=True, sources=cite, **fields),
        )

    if by_level[Level.NATIONAL]:
        add(
            made.nhse,
            delegator=NATIONAL_IDS["nhse"],
            delegate=icb,
            decisions=[leaf.id for leaf in by_level[Level.NATIONAL]],
            footprint=fp,
            instrument=InstrumentKind.DELEGATION_AGREEMENT,
            instrument_ref="Delegation agreement for direct commissioning functions (synthetic)",
        )
    banded_system = [leaf.id for leaf in by_level[Level.SYSTEM] if leaf.banded]
    if banded_system:
        add(
            made.committee,
            delegator=icb,
            delegate=bodies.committees["resources"],
            decisions=banded_system,
            footprint=fp,
            value_max=made.committee_limit,
            instrument=InstrumentKind.SCHEME_OF_DELEGATION,
            instrument_ref="Scheme of reservation and delegation, finance limits (synthetic)",
        )
    local = [leaf for leaf in by_level[Level.PLACE] + by_level[Level.NEIGHBOURHOOD]]
    neighbourhood = [leaf.id for leaf in by_level[Level.NEIGHBOURHOOD]]
    for place in system.places:
        committee = bodies.place_committees[place.footprint.id]
        tag = place.footprint.id.split(":")[-1]
        plain = [leaf.id for leaf in local if not leaf.banded]
        banded = [leaf.id for leaf in local if leaf.banded]
        if plain:
            made.place[place.footprint.id] = f"syn:{code}:d:place:{tag}"
            add(
                made.place[place.footprint.id],
                delegator=icb,
                delegate=committee,
                decisions=plain,
                footprint=place.footprint.id,
                may_subdelegate=True,
                instrument=InstrumentKind.TERMS_OF_REFERENCE,
                instrument_ref=f"{place.footprint.name} place committee terms of reference",
            )
        if banded:
            made.place_banded[place.footprint.id] = f"syn:{code}:d:place-banded:{tag}"
            add(
                made.place_banded[place.footprint.id],
                delegator=icb,
                delegate=committee,
                decisions=banded,
                footprint=place.footprint.id,
                value_max=PLACE_LIMIT,
                instrument=InstrumentKind.SCHEME_OF_DELEGATION,
                instrument_ref="Scheme of reservation and delegation, place limits (synthetic)",
            )
        if not neighbourhood:
            continue
        for pcn in place.pcns:
            made.pcn[pcn.id] = f"syn:{code}:d:pcn:{pcn.id.split(':')[-1]}"
            add(
                made.pcn[pcn.id],
                delegator=committee,
                delegate=pcn.id,
                decisions=neighbourhood,
                footprint=pcn.footprints[0],
                instrument=InstrumentKind.TERMS_OF_REFERENCE,
                instrument_ref="Neighbourhood working agreement (synthetic)",
            )
    return made
