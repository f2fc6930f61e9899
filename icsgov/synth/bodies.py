"""Boards, committees, place partnerships, posts and the people in them, for every ICB.

National: NHS England, DHSC, CQC and "the public" (to whom councils answer).
Per ICB: the board, its committees (more at larger scales), the integrated
care partnership with the councils, a PMO ("engine room"), and for every
place a place committee of the ICB and a place partnership; posts on the
board (chair, chief executive, directors, non-executives, partner members)
and on committees, each held by a generated person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from icsgov.ontology.model import (
    Body,
    BodyKind,
    Organisation,
    OrganisationKind,
    Person,
    Post,
    PostKind,
)
from icsgov.synth._build import NATIONAL, Builder
from icsgov.synth.skeleton import Skeleton, System

__all__ = ["NATIONAL_IDS", "SystemBodies", "make_bodies", "make_national"]

NATIONAL_IDS = {
    "nhse": "syn:nhs-england",
    "dhsc": "syn:dhsc",
    "cqc": "syn:cqc",
    "public": "syn:public",
}
"""Ids of the national organisations the generator adds."""

_COMMITTEES = [
    ("resources", "Finance and investment committee"),
    ("audit", "Audit and risk committee"),
    ("quality", "Quality and safety committee"),
    ("primary-care", "Primary care commissioning committee"),
    ("people", "People committee"),
    ("remuneration", "Remuneration committee"),
    ("digital", "Digital and data committee"),
    ("population", "Population health committee"),
    ("estates", "Estates committee"),
    ("strategic", "Strategic commissioning committee"),
]
_FIRST = ["Alex", "Sam", "Priya", "Tom", "Aisha", "Chris", "Morgan", "Jo", "Ravi", "Helen"]
_LAST = ["Patel", "Smith", "Jones", "Khan", "Taylor", "Brown", "Evans", "Ahmed", "Hughes", "Lee"]


@dataclass
class SystemBodies:
    """The ids of what was made for one system, for the other concerns to refer to."""

    board: str
    icp: str
    pmo: str
    committees: dict[str, str] = field(default_factory=dict)
    place_committees: dict[str, str] = field(default_factory=dict)
    place_partnerships: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)


def make_national(b: Builder, sk: Skeleton) -> None:
    """NHS England, DHSC, CQC and the public."""
    cite = b.cite("bodies")
    national = sk.england.id
    for key, name, kind, statutory in [
        ("nhse", "NHS England (synthetic)", OrganisationKind.NHS_ENGLAND, True),
        ("dhsc", "Department of Health and Social Care (synthetic)", OrganisationKind.DHSC, True),
        ("cqc", "Care Quality Commission (synthetic)", OrganisationKind.CQC, True),
        ("public", "The public (synthetic)", OrganisationKind.PUBLIC, False),
    ]:
        b.add(
            NATIONAL,
            Organisation(
                id=NATIONAL_IDS[key],
                name=name,
                kind=kind,
                statutory=statutory,
                footprints=[national],
                illustrative=True,
                sources=cite,
            ),
        )


def make_bodies(b: Builder, system: System) -> SystemBodies:
    """Bodies, posts and people for one system, added to its bucket."""
    rng = b.rng("bodies", system.code)
    cite = b.cite("bodies")
    code, icb, fp = system.code, system.icb.id, system.footprint.id
    short = system.footprint.name
    made = SystemBodies(board=f"syn:{code}:board", icp=f"syn:{code}:icp", pmo=f"syn:{code}:pmo")

    def body(id_: str, name: str, kind: BodyKind, of: list[str], footprint: str) -> None:
        b.add(
            code,
            Body(
                id=id_,
                name=name,
                kind=kind,
                of=of,
                footprint=footprint,
                meets_in_public=kind in (BodyKind.BOARD, BodyKind.INTEGRATED_CARE_PARTNERSHIP)
                or rng.random() < 0.5,
                terms_of_reference=f"{name} terms of reference (synthetic)",
                valid_from=system.icb.valid_from,
                illustrative=True,
                sources=cite,
            ),
        )

    body(made.board, f"{short} ICB board", BodyKind.BOARD, [icb], fp)
    councils = [c.id for c in system.councils]
    body(
        made.icp,
        f"{short} integrated care partnership",
        BodyKind.INTEGRATED_CARE_PARTNERSHIP,
        [icb, *councils],
        fp,
    )
    body(made.pmo, f"{short} system PMO", BodyKind.PMO, [icb], fp)
    for key, name in _COMMITTEES[: min(len(_COMMITTEES), b.count(6, minimum=4))]:
        made.committees[key] = f"syn:{code}:committee:{key}"
        body(made.committees[key], f"{short} ICB {name.lower()}", BodyKind.COMMITTEE, [icb], fp)
    for place in system.places:
        local = place.footprint.id.split(":")[-1]
        made.place_committees[place.footprint.id] = pc = f"syn:{code}:place:{local}:committee"
        made.place_partnerships[place.footprint.id] = pp = f"syn:{code}:place:{local}:partnership"
        body(pc, f"{place.footprint.name} place committee", BodyKind.PLACE_COMMITTEE, [icb], fp)
        partners = [icb] + ([place.council.id] if place.council else [])
        b.add(
            code,
            Body(
                id=pp,
                name=f"{place.footprint.name} place partnership",
                kind=BodyKind.PLACE_PARTNERSHIP,
                of=partners,
                footprint=place.footprint.id,
                meets_in_public=rng.random() < 0.4,
                illustrative=True,
                sources=cite,
            ),
        )
    _posts(b, system, made)
    return made


def _posts(b: Builder, system: System, made: SystemBodies) -> None:
    rng = b.rng("posts", system.code)
    cite = b.cite("bodies")
    code = system.code
    wanted: list[tuple[str, str, PostKind, str, str | None]] = [
        ("chair", "Chair", PostKind.INDEPENDENT_CHAIR, made.board, None),
        ("ceo", "Chief executive", PostKind.CHIEF_EXECUTIVE, made.board, None),
        ("finance", "Director of finance", PostKind.FINANCE_DIRECTOR, made.board, None),
        ("medical", "Medical director", PostKind.MEDICAL_DIRECTOR, made.board, None),
        ("nursing", "Director of nursing", PostKind.NURSING_DIRECTOR, made.board, None),
        ("icp-chair", "ICP chair", PostKind.CHAIR, made.icp, None),
        ("pmo-director", "Programme director", PostKind.PROGRAMME_DIRECTOR, made.pmo, None),
    ]
    for n in range(b.count(3, minimum=2)):
        wanted.append(
            (f"ned-{n}", f"Non-executive member {n + 1}", PostKind.NON_EXECUTIVE, made.board, None)
        )
    for i, partner in enumerate([*system.trusts[:2], *system.councils[:1]]):
        wanted.append(
            (
                f"partner-{i}",
                f"Partner member ({partner.label})",
                PostKind.PARTNER_MEMBER,
                made.board,
                partner.id,
            )
        )
    for key, committee in made.committees.items():
        wanted.append(
            (f"{key}-chair", f"Chair, {key} committee", PostKind.NON_EXECUTIVE, committee, None)
        )
    for place_id, committee in made.place_committees.items():
        local = place_id.split(":")[-1]
        wanted.append(
            (f"place-{local}-director", "Place director", PostKind.DIRECTOR, committee, None)
        )
        wanted.append(
            (
                f"place-{local}-clinical",
                "Place clinical lead",
                PostKind.CLINICAL_LEAD,
                committee,
                None,
            )
        )
    for key, name, kind, body, represents in wanted:
        post_id = f"syn:{code}:post:{key}"
        person_id = f"syn:{code}:person:{key}"
        made.posts[key] = post_id
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        b.add(code, Person(id=person_id, name=person, illustrative=True, sources=cite))
        b.add(
            code,
            Post(
                id=post_id,
                name=f"{system.footprint.name} {name}",
                kind=kind,
                post_in=[body],
                holder=person_id,
                represents=represents,
                valid_from=system.icb.valid_from,
                illustrative=True,
                sources=cite,
            ),
        )
