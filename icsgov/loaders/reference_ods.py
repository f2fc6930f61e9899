"""NHS organisations from ODS extracts: trusts, primary care networks and GP practices.

These are identity-and-geography facts, so they become ReferenceRelations,
never accountability lines: a trust is ``located_in`` the ICB footprint ODS
puts it in; a GP practice is ``partner_to`` its PCN (dated membership) and
``located_in`` its ICB's footprint; a PCN serves a neighbourhood footprint
inside its sub-ICB location.

>>> trust_kind("NORTH LONDON NHS FOUNDATION TRUST")
<OrganisationKind.FOUNDATION_TRUST: 'foundation_trust'>
"""

from __future__ import annotations

from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_files import DATASETS, cite, iter_rows, ods_date
from icsgov.loaders.reference_nhs import footprint_id
from icsgov.ontology.model import (
    Footprint,
    Identifier,
    Level,
    Organisation,
    OrganisationKind,
    ReferenceRelation,
    RelationKind,
)

__all__ = ["build_pcns", "build_practices", "build_trusts", "trust_kind"]


def trust_kind(name: str) -> OrganisationKind:
    """Foundation trust or NHS trust, from the registered name."""
    if "FOUNDATION TRUST" in name.upper():
        return OrganisationKind.FOUNDATION_TRUST
    return OrganisationKind.NHS_TRUST


def build_trusts(col: Collector) -> int:
    """Add English NHS trusts (etr, plus care trusts from ect) located in their ICB footprint.

    Returns the number of rows skipped because they have no English ICB
    (Welsh trusts in etr).
    """
    skipped = 0
    file = DATASETS["ods-etr"].files[0]
    for row_no, row in iter_rows(file):
        if not row["icb_ods"].startswith("Q"):
            skipped += 1
            continue
        citation = cite(f"ods-{row['file']}", file, row_no)
        org_id = f"ods:{row['ods']}"
        dates = {"valid_from": ods_date(row["opened"]), "valid_to": ods_date(row["closed"])}
        col.add(
            Organisation(
                id=org_id,
                name=row["name"],
                kind=trust_kind(row["name"]),
                statutory=True,
                codes=[Identifier(scheme="ods", value=row["ods"])],
                sources=[citation],
                **dates,
            )
        )
        col.add(
            ReferenceRelation(
                id=f"rel:located_in:{org_id}",
                subject=org_id,
                object=footprint_id("ods", row["icb_ods"]),
                kind=RelationKind.LOCATED_IN,
                sources=[cite(f"ods-{row['file']}", file, row_no, "icb_ods")],
                **dates,
            )
        )
    return skipped


def build_pcns(col: Collector) -> None:
    """Add every PCN (open and closed) with its neighbourhood footprint in its sub-ICB."""
    file = DATASETS["ods-epcn"].files[0]
    for row_no, row in iter_rows(file):
        citation = cite("ods-epcn", file, row_no)
        fp = footprint_id("ods", row["ods"])
        parent = footprint_id("ods", row["sicbl_ods"])
        dates = {"valid_from": ods_date(row["opened"]), "valid_to": ods_date(row["closed"])}
        codes = [Identifier(scheme="ods", value=row["ods"])]
        col.add(
            Footprint(
                id=fp,
                name=row["name"],
                level=Level.NEIGHBOURHOOD,
                part_of=parent if parent in col else None,
                codes=codes,
                sources=[citation],
                **dates,
            )
        )
        col.add(
            Organisation(
                id=f"ods:{row['ods']}",
                name=row["name"],
                kind=OrganisationKind.PCN,
                footprints=[fp],
                codes=codes,
                sources=[citation],
                **dates,
            )
        )


def build_practices(col: Collector) -> int:
    """Add GP practices and their dated PCN memberships; return memberships skipped.

    A membership is skipped when its practice is not in the practice file
    (the ePCN extract is older than epraccur: a few practices it lists had
    closed, gone dormant or changed role by then).
    """
    key = "ods-epraccur"
    file = DATASETS[key].files[0]
    for row_no, row in iter_rows(file):
        org_id = f"ods:{row['ods']}"
        dates = {"valid_from": ods_date(row["opened"]), "valid_to": ods_date(row["closed"])}
        col.add(
            Organisation(
                id=org_id,
                name=row["name"],
                kind=OrganisationKind.GP_PRACTICE,
                codes=[Identifier(scheme="ods", value=row["ods"])],
                sources=[cite(key, file, row_no)],
                description=None if row["status"] == "ACTIVE" else f"ODS status {row['status']}",
                **dates,
            )
        )
        col.add(
            ReferenceRelation(
                id=f"rel:located_in:{org_id}",
                subject=org_id,
                object=footprint_id("ods", row["icb_ods"]),
                kind=RelationKind.LOCATED_IN,
                sources=[cite(key, file, row_no, "icb_ods")],
                **dates,
            )
        )
        commissioner = footprint_id("ods", row["sicbl_ods"])
        if commissioner in col:
            col.add(
                ReferenceRelation(
                    id=f"rel:commissioned_by:{org_id}",
                    subject=org_id,
                    object=commissioner,
                    kind=RelationKind.COMMISSIONED_BY,
                    sources=[cite(key, file, row_no, "sicbl_ods")],
                    description="The sub-ICB location ODS names as the practice's commissioner.",
                    **dates,
                )
            )
    skipped = 0
    file = DATASETS["ods-epcn"].files[1]
    for row_no, row in iter_rows(file):
        practice, pcn = f"ods:{row['practice_ods']}", f"ods:{row['pcn_ods']}"
        if practice not in col or pcn not in col:
            skipped += 1
            continue
        col.add(
            ReferenceRelation(
                id=f"rel:partner_to:{practice}:{pcn}:{row['start']}",
                subject=practice,
                object=pcn,
                kind=RelationKind.PARTNER_TO,
                valid_from=ods_date(row["start"]),
                valid_to=ods_date(row["end"]),
                sources=[cite("ods-epcn", file, row_no)],
            )
        )
    return skipped
