"""The real national skeleton the synthetic governance hangs on.

Reads :func:`icsgov.loaders.reference.read_reference` once and arranges it by
ICB: each system's footprint, its ICB, its places (sub-ICB locations and
local-authority places), the neighbourhoods (PCNs) inside each place, and its
constitutional partners (trusts and councils). Everything is sorted, so the
generator walks it in the same order on every run.

>>> from icsgov.loaders.reference import read_reference
>>> sk = read_skeleton(read_reference("2024"))
>>> len(sk.systems)
42
"""

from __future__ import annotations

from dataclasses import dataclass, field

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Footprint,
    Level,
    Organisation,
    OrganisationKind,
    ReferenceRelation,
    RelationKind,
)

__all__ = ["Place", "Skeleton", "System", "read_skeleton"]


@dataclass
class Place:
    """A place footprint, the council that shares its area (if any) and its PCNs."""

    footprint: Footprint
    council: Organisation | None = None
    pcns: list[Organisation] = field(default_factory=list)

    @property
    def is_sub_icb_location(self) -> bool:
        """True for a sub-ICB location (a former CCG area), False for a council place."""
        return self.footprint.id.startswith("fp:ods:")


@dataclass
class System:
    """One ICB and what sits inside its system footprint."""

    code: str
    icb: Organisation
    footprint: Footprint
    region: Footprint
    places: list[Place] = field(default_factory=list)
    trusts: list[Organisation] = field(default_factory=list)
    councils: list[Organisation] = field(default_factory=list)


@dataclass
class Skeleton:
    """England, its regions and its 42 systems, from the reference data."""

    england: Footprint
    regions: list[Footprint]
    systems: list[System]


def read_skeleton(reference: Governance) -> Skeleton:
    """Arrange the reference data by ICB (current footprints only, sorted by id)."""
    footprints = {f.id: f for f in reference.of_type(Footprint) if f.valid_to is None}
    orgs = {o.id: o for o in reference.of_type(Organisation) if o.valid_to is None}
    england = next(f for f in footprints.values() if f.level is Level.NATIONAL)
    regions = sorted(
        (f for f in footprints.values() if f.level is Level.REGION), key=lambda f: f.id
    )
    org_of_footprint = {fp: o for o in orgs.values() for fp in o.footprints}
    systems: dict[str, System] = {}
    for icb in sorted(orgs.values(), key=lambda o: o.id):
        if icb.kind is not OrganisationKind.ICB or not icb.footprints:
            continue
        fp = footprints.get(icb.footprints[0])
        if fp is None or fp.part_of is None:
            continue
        systems[fp.id] = System(icb.id.split(":", 1)[1], icb, fp, footprints[fp.part_of])
    places: dict[str, Place] = {}
    for fp in sorted(footprints.values(), key=lambda f: f.id):
        if fp.level is Level.PLACE and fp.part_of in systems:
            council = org_of_footprint.get(fp.id)
            place = Place(fp, council if council and council.kind.is_local_authority else None)
            places[fp.id] = place
            systems[fp.part_of].places.append(place)
    for fp in sorted(footprints.values(), key=lambda f: f.id):
        if fp.level is Level.NEIGHBOURHOOD and fp.part_of in places:
            pcn = org_of_footprint.get(fp.id)
            if pcn is not None and pcn.kind is OrganisationKind.PCN:
                places[fp.part_of].pcns.append(pcn)
    icb_system = {s.icb.id: s for s in systems.values()}
    for rel in sorted(reference.of_type(ReferenceRelation), key=lambda r: r.id):
        if rel.kind is not RelationKind.CONSTITUTIONAL_PARTNER or rel.object not in icb_system:
            continue
        partner = orgs.get(rel.subject)
        if partner is None:
            continue
        system = icb_system[rel.object]
        if partner.kind.is_local_authority:
            system.councils.append(partner)
        elif partner.kind.is_provider:
            system.trusts.append(partner)
    return Skeleton(england, regions, sorted(systems.values(), key=lambda s: s.code))
