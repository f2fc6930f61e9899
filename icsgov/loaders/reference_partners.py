"""The ICB partners workbook: constitutional partners and each trust's principal ICB.

The workbook (NHS England, December 2024) names, for each ICB, the NHS
trusts and local authorities in its constitution, and assigns every trust
one principal ICB for financial planning. ODS's own data model does not hold
these links, so they are loaded as ReferenceRelations of their own kinds
(``constitutional_partner``, ``principal_commissioner``), apart from the
geographic ``located_in`` and from accountability lines.

Councils are named in the workbook by their council name ("Luton Borough
Council") and an ODS council code, not an ONS code, so they are matched to
the ONS areas by name; each matched workbook name becomes an alias of the
council. A name that matches no council, or several, stops the load.
"""

from __future__ import annotations

from icsgov.errors import InputError, Problem
from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_councils import Council, match_council, partner_index
from icsgov.loaders.reference_files import DATASETS, cite, iter_rows
from icsgov.loaders.reference_ods import trust_kind
from icsgov.ontology.model import (
    Identifier,
    Organisation,
    ReferenceRelation,
    RelationKind,
)

__all__ = ["build_partners"]

_KEY = "nhse-icb-partners-2024"


def _ensure_trust(col: Collector, code: str, name: str, file: str, row_no: int) -> str:
    """The trust's id, adding it from the workbook when no ODS extract lists it."""
    org_id = f"ods:{code}"
    if org_id not in col:
        col.add(
            Organisation(
                id=org_id,
                name=name,
                kind=trust_kind(name),
                statutory=True,
                codes=[Identifier(scheme="ods", value=code)],
                sources=[cite(_KEY, file, row_no)],
                description="Named in the ICB partners workbook; not in the trust extracts.",
            )
        )
    return org_id


def _add_alias(col: Collector, org_id: str, alias: str) -> None:
    org = col.entities[org_id]
    assert isinstance(org, Organisation)
    if alias != org.name and alias not in org.aliases:
        col.replace(org.model_copy(update={"aliases": [*org.aliases, alias]}))


def build_partners(col: Collector, councils: dict[str, Council]) -> None:
    """Add constitutional-partner and principal-commissioner relations."""
    index = partner_index(councils)
    problems: list[Problem] = []
    file = DATASETS[_KEY].files[0]
    for row_no, row in iter_rows(file):
        icb = f"ods:{row['icb_ods']}"
        if row["partner_type"] == "NHS_TRUST":
            partner = _ensure_trust(col, row["partner_ods"], row["partner_name"], file, row_no)
            _add_alias(col, partner, row["partner_name"])
        else:
            code = match_council(row["partner_name"], index)
            if code is None:
                problems.append(
                    Problem(
                        f"icsgov/reference/{file}",
                        row_no + 1,
                        0,
                        f"council '{row['partner_name']}' matches no single ONS area",
                        hint="add the council's ONS name to the lookups or fix the name",
                    )
                )
                continue
            partner = f"ons:{code}"
            _add_alias(col, partner, row["partner_name"])
        rel_id = f"rel:constitutional_partner:{partner}:{icb}"
        if rel_id not in col:
            col.add(
                ReferenceRelation(
                    id=rel_id,
                    subject=partner,
                    object=icb,
                    kind=RelationKind.CONSTITUTIONAL_PARTNER,
                    sources=[cite(_KEY, file, row_no)],
                )
            )
    if problems:
        raise InputError(problems)
    file = DATASETS[_KEY].files[1]
    for row_no, row in iter_rows(file):
        trust = _ensure_trust(col, row["trust_ods"], row["trust_name"], file, row_no)
        col.add(
            ReferenceRelation(
                id=f"rel:principal_commissioner:{trust}",
                subject=trust,
                object=f"ods:{row['icb_ods']}",
                kind=RelationKind.PRINCIPAL_COMMISSIONER,
                sources=[cite(_KEY, file, row_no)],
                description="The trust's principal ICB for NHS England financial planning.",
            )
        )
