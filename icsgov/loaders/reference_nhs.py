"""The NHS spine from the ONS lookups: England, regions, ICBs and sub-ICB locations.

Identity is the ODS code, which did not change between the 2022, 2023 and
2024 lookups; ONS codes did (Sussex and Surrey Heartlands ICBs in April 2023,
East of England and North West regions in 2024; Hampshire and Isle of Wight
in April 2026, keeping ODS code QRL), so they are kept as dated identifiers
on one entity per ODS code, never as a second entity.

The April 2026 lookup (36 ICBs) is read the same way: an ICB or sub-ICB
location missing from it ends on 31 March 2026, one first seen in it starts
on 1 April 2026, and a sub-ICB location whose ICB changed keeps its first ICB
as ``part_of`` and gets a dated ``located_in`` relation to its new one (so
each date has exactly one parent; see ``icsgov.queries.where``).

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
    ReferenceRelation,
    RelationKind,
)

__all__ = ["ENGLAND", "LOOKUP_VINTAGES", "build_spine", "footprint_id", "icb_area_name"]

ENGLAND = "fp:ons:E92000001"
"""The national footprint (ONS code for England)."""

LOOKUP_VINTAGES = ("2022", "2023", "2024", "2026")
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
    parents: list[tuple[dt.date, str, Citation]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


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
    seen.name = name  # the latest vintage wins for names; earlier ones become aliases
    if name not in seen.names:
        seen.names.append(name)
    if not seen.parents or seen.parents[-1][1] != parent:
        seen.parents.append((start, parent, citation))
    seen.parent = seen.parents[0][1]
    if not seen.ons or seen.ons[-1][0] != start:
        seen.ons.append((start, ons))
        seen.cites.append(citation)


def _lifetime(seen: _Seen, starts: list[dt.date], first: dt.date) -> dict[str, dt.date | None]:
    """Start and end of an area from the vintages it appears in.

    Present from the first vintage on: starts when the reference data starts.
    First seen in a later vintage: starts that vintage's first day. Missing
    from the latest vintage: ends the day before the first vintage without it.
    """
    present = [start for start, _ in seen.ons]
    begins = first if present[0] == starts[0] else present[0]
    after = [s for s in starts if s > present[-1]]
    return {
        "valid_from": begins,
        "valid_to": after[0] - dt.timedelta(days=1) if after else None,
    }


def _moves(col: Collector, fp: str, seen: _Seen, ends: dt.date | None) -> None:
    """Dated ``located_in`` relations for each parent after the first (``part_of``)."""
    for i, (start, parent, citation) in enumerate(seen.parents[1:], start=1):
        nxt = seen.parents[i + 1][0] if i + 1 < len(seen.parents) else None
        col.add(
            ReferenceRelation(
                id=f"rel:located_in:{fp}:{start.isoformat()}",
                subject=fp,
                object=footprint_id("ods", parent),
                kind=RelationKind.LOCATED_IN,
                valid_from=start,
                valid_to=nxt - dt.timedelta(days=1) if nxt else ends,
                sources=[citation],
                description="Moved to this area on the date shown (part_of names the first).",
            )
        )


def build_spine(col: Collector, vintages: Sequence[str]) -> None:
    """Add England, regions (footprint + NHS England region), ICBs and sub-ICB locations."""
    regions: dict[str, _Seen] = {}
    icbs: dict[str, _Seen] = {}
    sicbls: dict[str, _Seen] = {}
    starts = sorted(DATASETS[f"ons-sicbl-{v}"].starts or DESCRIBES_FROM for v in vintages)
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
        life = _lifetime(seen, starts, DESCRIBES_FROM)
        col.add(
            Footprint(
                id=fp,
                name=area,
                level=Level.SYSTEM,
                part_of=footprint_id("ods", seen.parent),
                codes=codes,
                sources=seen.cites,
                **life,
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
                sources=seen.cites,
                **life,
            )
        )
    for ods, seen in sicbls.items():
        fp = footprint_id("ods", ods)
        life = _lifetime(seen, starts, DESCRIBES_FROM)
        col.add(
            Footprint(
                id=fp,
                name=seen.name,
                level=Level.PLACE,
                part_of=footprint_id("ods", seen.parent),
                codes=[Identifier(scheme="ods", value=ods), *dated_codes("ons", seen.ons)],
                aliases=[n for n in seen.names if n != seen.name],
                sources=seen.cites,
                description="A sub-ICB location: a reference-data area, not an organisation.",
                **life,
            )
        )
        _moves(col, fp, seen, life["valid_to"])
