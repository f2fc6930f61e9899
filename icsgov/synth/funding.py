"""Agreements and funding flows: allocations, contracts, pooled budgets and the engine room.

Per ICB: its constitution; NHS England's allocation and the delegation
agreement; a block contract and payment to each partner trust; an s75 pooled
budget with each council that shares a place; the PMO ("engine room")
funded mostly by the ICB and partly in kind by councils (seconded staff, not
recurrent); a payment to each PCN for neighbourhood work.
"""

from __future__ import annotations

from icsgov.ontology.model import Agreement, AgreementKind, FundingFlow
from icsgov.synth._build import Builder
from icsgov.synth.bodies import NATIONAL_IDS, SystemBodies
from icsgov.synth.skeleton import System

__all__ = ["make_funding"]


def _money(rng_value: float, low: float, high: float) -> float:
    return float(round(low + (high - low) * rng_value, -3))


def make_funding(b: Builder, system: System, bodies: SystemBodies) -> None:
    """Add one system's agreements and funding flows to its bucket."""
    rng = b.rng("funding", system.code)
    cite = b.cite("funding")
    code, icb, fp = system.code, system.icb.id, system.footprint.id
    n = 0

    def agreement(
        name: str, kind: AgreementKind, parties: list[str], value: float | None, footprint: str
    ) -> None:
        nonlocal n
        b.add(
            code,
            Agreement(
                id=f"syn:{code}:agreement:{n}",
                name=name,
                kind=kind,
                parties=parties,
                value=value,
                footprint=footprint,
                illustrative=True,
                sources=cite,
            ),
        )
        n += 1

    def flow(funder: str, recipient: str, purpose: str, **extra: object) -> None:
        nonlocal n
        b.add(
            code,
            FundingFlow(
                id=f"syn:{code}:funding:{n}",
                funder=funder,
                recipient=recipient,
                purpose=purpose,
                illustrative=True,
                sources=cite,
                **extra,
            ),
        )
        n += 1

    short = system.footprint.name
    agreement(f"{short} ICB constitution", AgreementKind.CONSTITUTION, [icb], None, fp)
    agreement(
        f"{short} delegation agreement",
        AgreementKind.DELEGATION_AGREEMENT,
        [NATIONAL_IDS["nhse"], icb],
        None,
        fp,
    )
    if system.councils:
        agreement(
            f"{short} ICP memorandum of understanding",
            AgreementKind.MOU,
            [icb, *(c.id for c in system.councils)],
            None,
            fp,
        )
    flow(NATIONAL_IDS["nhse"], icb, "Annual allocation", amount=_money(rng.random(), 1e9, 4e9))
    for trust in system.trusts:
        value = _money(rng.random(), 5e7, 6e8)
        agreement(
            f"Block contract with {trust.label}",
            AgreementKind.BLOCK_CONTRACT,
            [icb, trust.id],
            value,
            fp,
        )
        flow(icb, trust.id, "Block contract payments", amount=value)
    for place in system.places:
        if place.council is None:
            continue
        value = _money(rng.random(), 5e6, 8e7)
        agreement(
            f"{place.footprint.name} s75 pooled budget",
            AgreementKind.S75_POOLED_BUDGET,
            [icb, place.council.id],
            value,
            place.footprint.id,
        )
        flow(icb, place.council.id, "s75 pooled budget contribution", amount=value / 2)
    flow(icb, bodies.pmo, "Engine room core team", share=0.7)
    share = round(0.3 / max(1, len(system.councils)), 4)
    for council in system.councils:
        flow(
            council.id, bodies.pmo, "Seconded analysts", share=share, recurrent=False, in_kind=True
        )
    for place in system.places:
        for pcn in place.pcns:
            flow(icb, pcn.id, "Neighbourhood development", amount=_money(rng.random(), 5e4, 4e5))
