"""Accountability lines of every kind, from a place director up to the public.

Statutory (ICB to NHS England to DHSC), regulatory (trusts to CQC),
managerial (directors to the chief executive), delegated (committees to the
board), contractual (trusts and PCNs to the ICB and place), professional
(clinical leads to the medical director), democratic (councils and DHSC to
the public), mutual (the ICP and the ICB) and informal (place partnerships to
the ICP, not formal).
"""

from __future__ import annotations

from icsgov.ontology.model import AccountabilityKind, AccountabilityLine
from icsgov.synth._build import NATIONAL, Builder
from icsgov.synth.bodies import NATIONAL_IDS, SystemBodies
from icsgov.synth.skeleton import Skeleton, System

__all__ = ["make_lines", "make_national_lines"]

K = AccountabilityKind


def make_national_lines(b: Builder, sk: Skeleton) -> None:
    """NHS England to DHSC, DHSC to the public, every partner council and trust once."""
    cite = b.cite("lines")
    pairs = [
        ("nhse", NATIONAL_IDS["nhse"], NATIONAL_IDS["dhsc"], K.STATUTORY),
        ("dhsc", NATIONAL_IDS["dhsc"], NATIONAL_IDS["public"], K.DEMOCRATIC),
    ]
    councils = sorted({c.id for s in sk.systems for c in s.councils})
    trusts = sorted({t.id for s in sk.systems for t in s.trusts})
    pairs += [(c, c, NATIONAL_IDS["public"], K.DEMOCRATIC) for c in councils]
    pairs += [(t, t, NATIONAL_IDS["cqc"], K.REGULATORY) for t in trusts]
    for key, actor, answers_to, kind in pairs:
        b.add(
            NATIONAL,
            AccountabilityLine(
                id=f"syn:line:{key}:{kind.value}",
                actor=actor,
                answers_to=answers_to,
                kind=kind,
                illustrative=True,
                sources=cite,
            ),
        )


def make_lines(b: Builder, system: System, bodies: SystemBodies) -> None:
    """Add one system's accountability lines to its bucket."""
    cite = b.cite("lines")
    code, icb = system.code, system.icb.id
    posts = bodies.posts
    pairs: list[tuple[str, str, K, bool]] = [
        (icb, NATIONAL_IDS["nhse"], K.STATUTORY, True),
        (bodies.icp, icb, K.MUTUAL, True),
        (icb, bodies.icp, K.MUTUAL, True),
        (bodies.pmo, bodies.board, K.MANAGERIAL, True),
        (posts["ceo"], posts["chair"], K.MANAGERIAL, True),
        (posts["pmo-director"], posts["ceo"], K.MANAGERIAL, True),
    ]
    pairs += [
        (posts[k], posts["ceo"], K.MANAGERIAL, True) for k in ("finance", "medical", "nursing")
    ]
    pairs += [(c, bodies.board, K.DELEGATED, True) for c in bodies.committees.values()]
    pairs += [(t.id, icb, K.CONTRACTUAL, True) for t in system.trusts]
    for place in system.places:
        local = place.footprint.id.split(":")[-1]
        committee = bodies.place_committees[place.footprint.id]
        pairs.append((committee, bodies.board, K.DELEGATED, True))
        pairs.append((bodies.place_partnerships[place.footprint.id], bodies.icp, K.INFORMAL, False))
        pairs.append((posts[f"place-{local}-director"], posts["ceo"], K.MANAGERIAL, True))
        pairs.append((posts[f"place-{local}-clinical"], posts["medical"], K.PROFESSIONAL, True))
        pairs += [(pcn.id, committee, K.CONTRACTUAL, True) for pcn in place.pcns]
    for n, (actor, answers_to, kind, formal) in enumerate(pairs):
        b.add(
            code,
            AccountabilityLine(
                id=f"syn:{code}:line:{n}",
                actor=actor,
                answers_to=answers_to,
                kind=kind,
                formal=formal,
                illustrative=True,
                sources=cite,
            ),
        )
