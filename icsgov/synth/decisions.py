"""A few hundred decision types in a SKOS-like hierarchy: domain > category > decision.

Scale multiplies the number of leaf decisions (about 300 at scale 1). Each
leaf gets the level the system's principles prefer (``preferred_level``):
most at system or place, some at neighbourhood, and NHS England's direct
commissioning functions at national. Finance and estates decisions carry
value bands.
"""

from __future__ import annotations

from dataclasses import dataclass

from icsgov.ontology.model import DecisionType, Level
from icsgov.synth._build import NATIONAL, Builder

__all__ = ["DOMAINS", "Leaf", "make_decision_types"]

DOMAINS: dict[str, tuple[str, list[str]]] = {
    "finance": ("Finance", ["capital", "revenue", "investment", "savings"]),
    "estates": ("Estates", ["buildings", "leases", "disposals"]),
    "commissioning": ("Commissioning", ["acute", "community", "mental-health", "specialised"]),
    "primary-care": ("Primary care", ["medical", "pharmacy", "dental", "optometry"]),
    "pathways": ("Pathways and services", ["urgent-care", "long-term", "frailty", "children"]),
    "workforce": ("Workforce", ["recruitment", "training", "pay"]),
    "quality": ("Quality and safety", ["safeguarding", "incidents", "infection"]),
    "digital": ("Digital and data", ["systems", "data-sharing"]),
    "population": ("Population health", ["prevention", "inequalities", "public-health"]),
    "partnership": ("Partnership and engagement", ["engagement", "voluntary-sector"]),
}
"""Domain id: (name, category ids)."""

_VERBS = [
    "Approve",
    "Commission",
    "Decommission",
    "Redesign",
    "Agree",
    "Set",
    "Fund",
    "Review",
    "Procure",
    "Extend",
    "Vary",
    "Prioritise",
]

BANDED = {"finance", "estates"}
"""Domains whose decisions are split by value between committees and the board."""


@dataclass(frozen=True)
class Leaf:
    """A leaf decision type and how the generator treats it."""

    id: str
    domain: str
    level: Level
    banded: bool


def _level(domain: str, draw: float) -> Level:
    if domain == "primary-care" and draw < 0.35:
        return Level.NATIONAL
    if draw < 0.12:
        return Level.PLACE if domain in BANDED else Level.NEIGHBOURHOOD
    if draw < 0.50:
        return Level.PLACE
    return Level.SYSTEM


def make_decision_types(b: Builder) -> list[Leaf]:
    """Add the hierarchy to the national bucket; return the leaves in id order."""
    rng = b.rng("decisions")
    cite = b.cite("decisions")
    categories = [(d, c) for d, (_n, cats) in DOMAINS.items() for c in cats]
    for domain, (name, _cats) in DOMAINS.items():
        b.add(
            NATIONAL,
            DecisionType(
                id=f"syn:dt:{domain}", name=name, domain=domain, illustrative=True, sources=cite
            ),
        )
    for domain, category in categories:
        b.add(
            NATIONAL,
            DecisionType(
                id=f"syn:dt:{domain}:{category}",
                name=f"{DOMAINS[domain][0]}: {category.replace('-', ' ')}",
                domain=domain,
                broader=f"syn:dt:{domain}",
                illustrative=True,
                sources=cite,
            ),
        )
    leaves: list[Leaf] = []
    for n in range(b.count(300, minimum=len(categories))):
        domain, category = categories[n % len(categories)]
        verb = _VERBS[(n // len(categories)) % len(_VERBS)]
        round_ = n // (len(categories) * len(_VERBS))
        suffix = f" ({round_ + 1})" if round_ else ""
        level = _level(domain, rng.random())
        leaf = Leaf(
            f"syn:dt:{domain}:{category}:{verb.lower()}-{n}", domain, level, domain in BANDED
        )
        b.add(
            NATIONAL,
            DecisionType(
                id=leaf.id,
                name=f"{verb} {category.replace('-', ' ')} {DOMAINS[domain][0].lower()}{suffix}",
                domain=domain,
                broader=f"syn:dt:{domain}:{category}",
                preferred_level=level,
                reserved=level is Level.SYSTEM and rng.random() < 0.1,
                illustrative=True,
                sources=cite,
            ),
        )
        leaves.append(leaf)
    return leaves
