"""Decision rights at system, place and neighbourhood, with value bands and roles.

For each ICB and each leaf decision type, by the level the principles prefer:

* national (NHS England's direct commissioning): NHS England holds it in law
  for England; the ICB decides by delegation; its primary care committee
  recommends;
* system: the ICB decides (statutory); banded decisions go to the finance
  committee up to its limit and to the ICB above it; a committee recommends,
  the partnership is consulted;
* place: the ICB holds the power at system; in most places ("local by
  default") the place committee decides by delegation (banded ones up to
  :data:`~icsgov.synth.delegations.PLACE_LIMIT`), the place partnership
  recommends and the council agrees (s75) or is consulted; a few places have
  kept it at system, and a few decide in practice in the partnership with the
  committee ratifying;
* neighbourhood: as place, and each PCN decides by sub-delegation.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

from icsgov.ontology.model import Basis, DecisionRight, Level, Role
from icsgov.synth._build import NATIONAL, Builder
from icsgov.synth.bodies import NATIONAL_IDS, SystemBodies
from icsgov.synth.decisions import Leaf
from icsgov.synth.delegations import ICB_START, PLACE_LIMIT, SystemDelegations
from icsgov.synth.skeleton import Place, Skeleton, System

__all__ = ["make_national_rights", "make_rights"]

LATER = dt.date(2024, 4, 1)
"""When some places took on decisions (a revised scheme of delegation)."""


def make_national_rights(b: Builder, sk: Skeleton, leaves: list[Leaf]) -> None:
    """NHS England holds its direct commissioning functions for England."""
    cite = b.cite("rights")
    for n, leaf in enumerate(x for x in leaves if x.level is Level.NATIONAL):
        b.add(
            NATIONAL,
            DecisionRight(
                id=f"syn:national:r:{n}",
                holder=NATIONAL_IDS["nhse"],
                decision=leaf.id,
                footprint=sk.england.id,
                role=Role.DECIDES,
                basis=Basis.STATUTORY,
                illustrative=True,
                sources=cite,
            ),
        )


def make_rights(
    b: Builder,
    system: System,
    bodies: SystemBodies,
    delegations: SystemDelegations,
    leaves: list[Leaf],
) -> None:
    """Add one system's decision rights to its bucket."""
    _SystemRights(b, system, bodies, delegations).make(leaves)


class _SystemRights:
    """The rights of one system, numbered in the order they are made."""

    def __init__(
        self, b: Builder, system: System, bodies: SystemBodies, delegations: SystemDelegations
    ) -> None:
        self.b, self.system, self.bodies, self.delegations = b, system, bodies, delegations
        self.rng = b.rng("rights", system.code)
        self.cite = b.cite("rights")
        self.numbers = count()

    def right(
        self,
        holder: str,
        leaf: Leaf,
        footprint: str,
        role: Role,
        basis: Basis,
        *,
        valid_from: dt.date = ICB_START,
        delegation: str | None = None,
        value_min: float | None = None,
        value_max: float | None = None,
    ) -> None:
        code = self.system.code
        self.b.add(
            code,
            DecisionRight(
                id=f"syn:{code}:r:{next(self.numbers)}",
                holder=holder,
                decision=leaf.id,
                footprint=footprint,
                role=role,
                basis=basis,
                valid_from=valid_from,
                delegation=delegation,
                value_min=value_min,
                value_max=value_max,
                illustrative=True,
                sources=self.cite,
            ),
        )

    def make(self, leaves: list[Leaf]) -> None:
        system, bodies, delegations, rng = self.system, self.bodies, self.delegations, self.rng
        icb, fp = system.icb.id, system.footprint.id
        committees = sorted(bodies.committees.values())
        right = self.right
        for leaf in leaves:
            if leaf.level is Level.NATIONAL:
                right(icb, leaf, fp, Role.DECIDES, Basis.DELEGATED, delegation=delegations.nhse)
                right(bodies.committees["primary-care"], leaf, fp, Role.RECOMMENDS, Basis.AGREED)
                continue
            if leaf.level is Level.SYSTEM and leaf.banded:
                limit = delegations.committee_limit
                right(
                    bodies.committees["resources"],
                    leaf,
                    fp,
                    Role.DECIDES,
                    Basis.DELEGATED,
                    delegation=delegations.committee,
                    value_max=limit,
                )
                right(icb, leaf, fp, Role.DECIDES, Basis.STATUTORY, value_min=limit + 1)
            else:
                right(icb, leaf, fp, Role.DECIDES, Basis.STATUTORY)
            if leaf.level is Level.SYSTEM:
                right(rng.choice(committees), leaf, fp, Role.RECOMMENDS, Basis.AGREED)
                if rng.random() < 0.5:
                    right(bodies.icp, leaf, fp, Role.CONSULTED, Basis.AGREED)
                if system.councils and rng.random() < 0.3:
                    right(rng.choice(system.councils).id, leaf, fp, Role.INFORMED, Basis.AGREED)
                continue
            for place in system.places:
                if leaf.level is Level.NEIGHBOURHOOD and not place.pcns:
                    continue
                self.place_rights(place, leaf)

    def place_rights(self, place: Place, leaf: Leaf) -> None:
        """The rights one place holds for one decision."""
        draw, right = self.rng.random, self.right
        fp = place.footprint.id
        committee = self.bodies.place_committees[fp]
        partnership = self.bodies.place_partnerships[fp]
        roll = draw()
        if roll < 0.12:
            return  # kept at system in this place: the ICB's right above applies
        start = LATER if roll < 0.2 else ICB_START
        if leaf.banded:
            delegation, limit = self.delegations.place_banded[fp], PLACE_LIMIT
        else:
            delegation, limit = self.delegations.place[fp], None
        if roll > 0.96:  # decided in practice by the partnership, ratified by the committee
            right(partnership, leaf, fp, Role.DECIDES, Basis.DE_FACTO, valid_from=start)
            right(
                committee,
                leaf,
                fp,
                Role.RATIFIES,
                Basis.DELEGATED,
                valid_from=start,
                delegation=delegation,
                value_max=limit,
            )
        else:
            right(
                committee,
                leaf,
                fp,
                Role.DECIDES,
                Basis.DELEGATED,
                valid_from=start,
                delegation=delegation,
                value_max=limit,
            )
            right(partnership, leaf, fp, Role.RECOMMENDS, Basis.AGREED, valid_from=start)
        if place.council is not None:
            role = Role.AGREES if draw() < 0.2 else Role.CONSULTED
            right(place.council.id, leaf, fp, role, Basis.AGREED, valid_from=start)
        if leaf.level is Level.NEIGHBOURHOOD:
            for pcn in place.pcns:
                if draw() < 0.1:
                    continue
                nfp = pcn.footprints[0]
                right(
                    pcn.id,
                    leaf,
                    nfp,
                    Role.DECIDES,
                    Basis.DELEGATED,
                    valid_from=start,
                    delegation=self.delegations.pcn[pcn.id],
                )
                right(committee, leaf, nfp, Role.INFORMED, Basis.AGREED, valid_from=start)
