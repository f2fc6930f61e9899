"""Local authorities that span more than one ICB, with the share of each.

Shares are the council area's LSOAs (2011) in each ICB, from the ONS July
2022 LSOA lookup (the only official ICB-to-district link); a county's share
adds up its districts. ``level="county"`` asks about upper-tier councils
(counties and unitary, metropolitan and London authorities);
``level="district"`` about lower-tier ones (districts and the same unitary
authorities).

Essex lay across three ICBs until NHS Essex ICB took the whole county on 1 April 2026:

>>> from icsgov.loaders.reference import read_reference
>>> def essex(on): return [len(o.shares) for o in overlaps(read_reference(), "county", on)
...                        if o.name == "Essex"]
>>> essex(dt.date(2025, 1, 1)), essex(dt.date(2026, 6, 1))
([3], [])
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from icsgov.errors import QueryError
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Footprint,
    Organisation,
    OrganisationKind,
    ReferenceRelation,
    RelationKind,
)
from icsgov.queries.where import default_as_of

__all__ = ["LEVELS", "Overlap", "overlaps"]

LEVELS: dict[str, frozenset[OrganisationKind]] = {
    "county": frozenset(
        {
            OrganisationKind.COUNTY_COUNCIL,
            OrganisationKind.UNITARY_AUTHORITY,
            OrganisationKind.METROPOLITAN_BOROUGH,
            OrganisationKind.LONDON_BOROUGH,
        }
    ),
    "district": frozenset(
        {
            OrganisationKind.DISTRICT_COUNCIL,
            OrganisationKind.UNITARY_AUTHORITY,
            OrganisationKind.METROPOLITAN_BOROUGH,
            OrganisationKind.LONDON_BOROUGH,
        }
    ),
}
"""Which kinds of council each ``--level`` covers (unitary authorities are both tiers)."""


@dataclass(frozen=True)
class Overlap:
    """One council area across several ICBs: shares largest first."""

    name: str
    code: str
    kind: str
    shares: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"name": self.name, "code": self.code, "kind": self.kind, "shares": self.shares}


def overlaps(
    gov: Governance,
    level: Literal["county", "district"] | str = "county",
    as_of: dt.date | None = None,
) -> list[Overlap]:
    """Councils at ``level`` whose area lies in more than one ICB on ``as_of``, by name.

    ``as_of`` defaults to today.
    """
    if level not in LEVELS:
        raise QueryError(f"Unknown level '{level}'; choose one of: {', '.join(LEVELS)}.")
    when = as_of or default_as_of(gov)
    by_subject: dict[str, list[ReferenceRelation]] = defaultdict(list)
    for relation in gov.of_type(ReferenceRelation):
        if relation.kind is RelationKind.OVERLAPS and relation.valid_at(when):
            by_subject[relation.subject].append(relation)
    icb_of_footprint = {
        fp: org
        for org in gov.of_type(Organisation)
        if org.kind is OrganisationKind.ICB
        for fp in org.footprints
    }
    found: list[Overlap] = []
    for council in gov.of_type(Organisation):
        if council.kind not in LEVELS[level] or not council.valid_at(when):
            continue
        relations = [r for fp in council.footprints for r in by_subject.get(fp, [])]
        if len(relations) < 2:
            continue
        shares: list[dict[str, Any]] = []
        for relation in relations:
            icb = icb_of_footprint.get(relation.object)
            target = gov.get(relation.object)
            assert isinstance(target, Footprint)
            shares.append(
                {
                    "name": icb.name if icb else target.name,
                    "code": icb.codes[0].value if icb and icb.codes else target.id,
                    "share": round(relation.share or 0.0, 4),
                }
            )
        shares.sort(key=lambda s: (-s["share"], s["code"]))
        code = council.codes[0].value if council.codes else council.id
        found.append(Overlap(council.name, code, council.kind.value, shares))
    return sorted(found, key=lambda o: o.name)
