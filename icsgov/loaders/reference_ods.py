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

import datetime as dt
from collections import defaultdict

from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_files import DATASETS, cite, iter_rows, ods_date
from icsgov.loaders.reference_nhs import footprint_id
from icsgov.ontology.model import (
    Citation,
    Footprint,
    Identifier,
    Level,
    Organisation,
    OrganisationKind,
    ReferenceRelation,
    RelationKind,
)

__all__ = ["build_pcns", "build_practices", "build_practices_2026", "build_trusts", "trust_kind"]


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


_AUGUST_2026 = dt.date(2026, 8, 1)
_UNALLOCATED = "U"
"""The extract's PCN code for a practice in no PCN ("Unallocated"): not a PCN."""


def _end_with_target(col: Collector, relation_id: str) -> ReferenceRelation | None:
    """End a relation when the footprint it points to ends (an abolished ICB or sub-ICB)."""
    relation = col.entities.get(relation_id)
    if not isinstance(relation, ReferenceRelation):
        return None
    target = col.entities.get(relation.object)
    ends = target.valid_to if target is not None else None
    if ends is not None and (relation.valid_to is None or relation.valid_to > ends):
        relation = relation.model_copy(update={"valid_to": ends})
        col.replace(relation)
    return relation


def _move(col: Collector, org_id: str, kind: RelationKind, target: str, source: Citation) -> None:
    """From 1 August 2026, the practice's relation of ``kind`` points at ``target``."""
    current = _end_with_target(col, f"rel:{kind.value}:{org_id}")
    if current is not None and current.valid_to is None and current.object == target:
        return
    if current is not None and current.valid_to is None:
        col.replace(current.model_copy(update={"valid_to": _AUGUST_2026 - dt.timedelta(days=1)}))
    col.add(
        ReferenceRelation(
            id=f"rel:{kind.value}:{org_id}:2026-08",
            subject=org_id,
            object=target,
            kind=kind,
            valid_from=_AUGUST_2026,
            sources=[source],
            description="As in the August 2026 practice mapping (not back-dated).",
        )
    )


def build_practices_2026(col: Collector) -> int:
    """The August 2026 practice mapping as a dated vintage; return the practices it added.

    Nothing is back-dated: a practice, PCN or membership first seen in the
    extract starts on 1 August 2026; a relation to an ICB or sub-ICB location
    abolished on 31 March 2026 ends that day; a PCN membership the extract no
    longer shows ends on 31 July 2026 (it had ended by then; the day is not
    known). Practices missing from the extract are left as the older files say.
    """
    key = "nhse-gp-prac-map-2026-08"
    file = DATASETS[key].files[0]
    added = 0
    members = _open_memberships(col)
    for row_no, row in iter_rows(file):
        org_id = f"ods:{row['ods']}"
        source = cite(key, file, row_no)
        if org_id not in col:
            added += 1
            col.add(
                Organisation(
                    id=org_id,
                    name=row["name"],
                    kind=OrganisationKind.GP_PRACTICE,
                    codes=[Identifier(scheme="ods", value=row["ods"])],
                    valid_from=_AUGUST_2026,
                    sources=[source],
                    description="First seen in the August 2026 practice mapping.",
                )
            )
        if row["pcn_ods"] == _UNALLOCATED:
            _membership_2026(col, members, org_id, None, source)
        else:
            _add_pcn_2026(col, row, source)
        _move(col, org_id, RelationKind.LOCATED_IN, footprint_id("ods", row["icb_ods"]), source)
        _move(
            col,
            org_id,
            RelationKind.COMMISSIONED_BY,
            footprint_id("ods", row["sicbl_ods"]),
            cite(key, file, row_no, "sicbl_ods"),
        )
        if row["pcn_ods"] != _UNALLOCATED:
            _membership_2026(
                col, members, org_id, f"ods:{row['pcn_ods']}", cite(key, file, row_no, "pcn_ods")
            )
    return added


def _add_pcn_2026(col: Collector, row: dict[str, str], source: Citation) -> None:
    """A PCN first seen in August 2026, or a known one now in a different sub-ICB location."""
    pcn, fp = f"ods:{row['pcn_ods']}", footprint_id("ods", row["pcn_ods"])
    sicbl = footprint_id("ods", row["sicbl_ods"])
    if pcn not in col:
        codes = [Identifier(scheme="ods", value=row["pcn_ods"])]
        col.add(
            Footprint(
                id=fp,
                name=row["pcn_name"],
                level=Level.NEIGHBOURHOOD,
                part_of=sicbl,
                codes=codes,
                valid_from=_AUGUST_2026,
                sources=[source],
            )
        )
        col.add(
            Organisation(
                id=pcn,
                name=row["pcn_name"],
                kind=OrganisationKind.PCN,
                footprints=[fp],
                codes=codes,
                valid_from=_AUGUST_2026,
                sources=[source],
            )
        )
        return
    footprint = col.entities.get(fp)
    moved = f"rel:located_in:{fp}:2026-08"
    if isinstance(footprint, Footprint) and footprint.part_of != sicbl and moved not in col:
        col.add(
            ReferenceRelation(
                id=moved,
                subject=fp,
                object=sicbl,
                kind=RelationKind.LOCATED_IN,
                valid_from=_AUGUST_2026,
                sources=[source],
                description="The PCN's sub-ICB location in the August 2026 practice mapping.",
            )
        )


def _open_memberships(col: Collector) -> dict[str, list[str]]:
    """Practice id -> ids of its PCN memberships with no end date."""
    index: dict[str, list[str]] = defaultdict(list)
    for entity in col.entities.values():
        if (
            isinstance(entity, ReferenceRelation)
            and entity.kind is RelationKind.PARTNER_TO
            and entity.valid_to is None
        ):
            index[entity.subject].append(entity.id)
    return index


def _membership_2026(
    col: Collector,
    members: dict[str, list[str]],
    practice: str,
    pcn: str | None,
    source: Citation,
) -> None:
    """The practice is in ``pcn`` (or none) on 1 August 2026; other open memberships ended."""
    open_ = [col.entities[i] for i in members.get(practice, [])]
    if any(isinstance(r, ReferenceRelation) and r.object == pcn for r in open_):
        return
    for relation in open_:
        col.replace(relation.model_copy(update={"valid_to": _AUGUST_2026 - dt.timedelta(days=1)}))
    if pcn is None:
        return
    col.add(
        ReferenceRelation(
            id=f"rel:partner_to:{practice}:{pcn}:20260801",
            subject=practice,
            object=pcn,
            kind=RelationKind.PARTNER_TO,
            valid_from=_AUGUST_2026,
            sources=[source],
            description="Membership as in the August 2026 practice mapping (not back-dated).",
        )
    )
