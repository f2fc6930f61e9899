"""The NHS spine from the ONS lookups: England, regions, ICBs and sub-ICB locations.

Identity is the ODS code, which did not change between the 2022, 2023 and
2024 lookups; ONS codes did (Sussex and Surrey Heartlands ICBs in April 2023,
East of England and North West regions in 2024), so they are kept as dated
identifiers on one entity per ODS code, never as a second entity.

>>> from icsgov.loaders.reference_collect import Collector
>>> col = Collector()
>>> build_spine(col, ["2024"])
>>> sum(1 for i in col.entities if i.startswith("ods:Q"))
42
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from icsgov.loaders.reference_collect import Collector, dated_codes
from icsgov.loaders.reference_files import DATASETS, DESCRIBES_FROM, cite, iter_rows
from icsgov.ontology.model import (
    Citation,
    Footprint,
    Identifier,
    Level,
    Organisation,
    OrganisationKind,
)

__all__ = ["ENGLAND", "LOOKUP_VINTAGES", "build_spine", "footprint_id", "icb_area_name"]

ENGLAND = "fp:ons:E92000001"
"""The national footprint (ONS code for England)."""

LOOKUP_VINTAGES = ("2022", "2023", "2024")
"""The sub-ICB -> ICB -> region lookups shipped, oldest first."""


def footprint_id(scheme: str, code: str) -> str:
    """The footprint id for an ODS- or ONS-coded area.

    >>> footprint_id("ods", "QHG")
    'fp:ods:QHG'
    """
    return f"fp:{scheme}:{code}"


def icb_area_name(icb_name: str) -> str:
    """The area an ICB serves, from its name.

    >>> icb_area_name("NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board")
    'Bedfordshire, Luton and Milton Keynes'
    """
    name = icb_name.strip()
    if name.startswith("NHS "):
        name = name[4:]
    for suffix in (" Integrated Care Board", " ICB"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


@dataclass
class _Seen:
    """What the lookups say about one code across vintages."""

    name: str = ""
    parent: str = ""
    ons: list[tuple[dt.date, str]] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)


def _note(
    table: dict[str, _Seen],
    ods: str,
    name: str,
    parent: str,
    start: dt.date,
    ons: str,
    citation: Citation,
) -> None:
    seen = table.setdefault(ods, _Seen())
    seen.name, seen.parent = name, parent  # the latest vintage wins for names
    if not seen.ons or seen.ons[-1][0] != start:
        seen.ons.append((start, ons))
        seen.cites.append(citation)


def build_spine(col: Collector, vintages: Sequence[str]) -> None:
    """Add England, regions (footprint + NHS England region), ICBs and sub-ICB locations."""
    regions: dict[str, _Seen] = {}
    icbs: dict[str, _Seen] = {}
    sicbls: dict[str, _Seen] = {}
    for vintage in sorted(vintages):
        key = f"ons-sicbl-{vintage}"
        file = DATASETS[key].files[0]
        start = DATASETS[key].starts or DESCRIBES_FROM
        for row_no, row in iter_rows(file):
            _note(
                regions,
                row["region_ods"],
                row["region_name"],
                "",
                start,
                row["region_ons"],
                cite(key, file, row_no, "region"),
            )
            _note(
                icbs,
                row["icb_ods"],
                row["icb_name"],
                row["region_ods"],
                start,
                row["icb_ons"],
                cite(key, file, row_no, "icb"),
            )
            _note(
                sicbls,
                row["sicbl_ods"],
                row["sicbl_name"],
                row["icb_ods"],
                start,
                row["sicbl_ons"],
                cite(key, file, row_no),
            )

    first = DATASETS[f"ons-sicbl-{sorted(vintages)[0]}"]
    col.add(
        Footprint(
            id=ENGLAND,
            name="England",
            level=Level.NATIONAL,
            codes=[Identifier(scheme="ons", value="E92000001")],
            sources=[Citation(source=first.source_id, locator="the whole lookup (all rows)")],
        )
    )
    for ods, seen in regions.items():
        codes = [Identifier(scheme="ods", value=ods), *dated_codes("ons", seen.ons)]
        fp = footprint_id("ods", ods)
        col.add(
            Footprint(
                id=fp,
                name=seen.name,
                level=Level.REGION,
                part_of=ENGLAND,
                codes=codes,
                sources=seen.cites,
            )
        )
        col.add(
            Organisation(
                id=f"ods:{ods}",
                name=f"NHS England ({seen.name})",
                kind=OrganisationKind.NHS_ENGLAND_REGION,
                footprints=[fp],
                codes=[Identifier(scheme="ods", value=ods)],
                aliases=[f"NHS England {seen.name}"],
                sources=seen.cites,
                description="An NHS England region (a part of NHS England, not a separate body).",
            )
        )
    for ods, seen in icbs.items():
        codes = [Identifier(scheme="ods", value=ods), *dated_codes("ons", seen.ons)]
        fp = footprint_id("ods", ods)
        area = icb_area_name(seen.name)
        col.add(
            Footprint(
                id=fp,
                name=area,
                level=Level.SYSTEM,
                part_of=footprint_id("ods", seen.parent),
                codes=codes,
                valid_from=DESCRIBES_FROM,
                sources=seen.cites,
            )
        )
        col.add(
            Organisation(
                id=f"ods:{ods}",
                name=seen.name,
                kind=OrganisationKind.ICB,
                statutory=True,
                footprints=[fp],
                codes=codes,
                aliases=[f"NHS {area} ICB", f"{area} ICB"],
                valid_from=DESCRIBES_FROM,
                sources=seen.cites,
            )
        )
    for ods, seen in sicbls.items():
        col.add(
            Footprint(
                id=footprint_id("ods", ods),
                name=seen.name,
                level=Level.PLACE,
                part_of=footprint_id("ods", seen.parent),
                codes=[Identifier(scheme="ods", value=ods), *dated_codes("ons", seen.ons)],
                valid_from=DESCRIBES_FROM,
                sources=seen.cites,
                description="A sub-ICB location: a reference-data area, not an organisation.",
            )
        )
