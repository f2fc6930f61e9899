"""The real national skeleton from official reference data (ONS lookups, ODS, NHS England).

``read_reference()`` builds, from the files shipped in ``icsgov/reference/``:
England, the 7 NHS England regions, the 42 ICBs of July 2022 to March 2026
and the 36 of April 2026 on, with their system footprints, the sub-ICB
locations (places), PCNs (neighbourhoods) with their GP practices, NHS
trusts, councils with the share of their LSOAs in each ICB, each ICB's
constitutional partners, and the reorganisation of 1 April 2026 as dated
ChangeEvents. Every fact cites its dataset and file row;
``Governance.datasets`` lists each dataset's vintage and the period it
describes (``describes_from``/``describes_to``: the 42-ICB files to 31 March
2026, the April 2026 vintage from 1 April to 2 December 2026).

Merge it with governance YAML through :meth:`Governance.merged`.

>>> gov = read_reference()
>>> gov.get("ods:QHG").name
'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board'
>>> {d.vintage for d in gov.datasets if d.name.startswith("ons-sicbl")} == {
...     "2022-07", "2023-04", "2024-04", "2026-04"}
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from icsgov.errors import QueryError
from icsgov.loaders.reference_changes import build_changes
from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_councils import build_councils
from icsgov.loaders.reference_files import DATASETS
from icsgov.loaders.reference_nhs import LOOKUP_VINTAGES, build_spine
from icsgov.loaders.reference_ods import (
    build_pcns,
    build_practices,
    build_practices_2026,
    build_trusts,
)
from icsgov.loaders.reference_partners import build_partners
from icsgov.loaders.reference_transition import build_clusters, build_planned
from icsgov.ontology.governance import Governance

__all__ = ["APRIL_2026_ONLY", "LOOKUP_VINTAGES", "STEPS", "read_reference"]

APRIL_2026_ONLY = frozenset(
    {"ods-icb-successions-2026", "nhse-gp-prac-map-2026-08", "derived-lad-icb26"}
)
"""Datasets read only when the 2026 vintage is (they describe the 36-ICB structure)."""

STEPS = (
    "NHS regions, ICBs and sub-ICB locations",
    "councils and their ICB overlaps",
    "NHS trusts",
    "primary care networks",
    "GP practices and PCN memberships",
    "ICB constitutional partners",
    "the April 2026 reorganisation and the August 2026 practice mapping",
    "ICB clusters and the announced national transition",
)
"""The loading steps, in order; ``progress`` is called once after each."""

Progress = Callable[[str], None]


def _vintages(vintage: str | Sequence[str] | None) -> list[str]:
    chosen = (
        list(LOOKUP_VINTAGES)
        if vintage is None
        else ([vintage] if isinstance(vintage, str) else list(vintage))
    )
    unknown = [v for v in chosen if v not in LOOKUP_VINTAGES]
    if unknown or not chosen:
        raise QueryError(
            f"No sub-ICB lookup of vintage {', '.join(unknown) or '(none)'}; "
            f"the shipped vintages are {', '.join(LOOKUP_VINTAGES)}."
        )
    return sorted(set(chosen))


def read_reference(
    vintage: str | Sequence[str] | None = None, progress: Progress | None = None
) -> Governance:
    """Load the shipped reference data as a :class:`Governance`.

    ``vintage`` picks the sub-ICB -> ICB -> region lookups to read ("2022",
    "2023", "2024", or several); by default all of them, so ONS codes that
    changed between them become dated identifiers of one entity.
    ``progress(step)`` is called after each of :data:`STEPS`.

    >>> gov = read_reference("2024")
    >>> [c.value for c in gov.get("ods:QNX").codes if c.scheme == "ons"]
    ['E54000064']
    """
    chosen = _vintages(vintage)
    col = Collector()
    done = progress or (lambda _step: None)
    build_spine(col, chosen)
    done(STEPS[0])
    with_2026 = "2026" in chosen
    councils = build_councils(col, with_2026)
    done(STEPS[1])
    build_trusts(col)
    done(STEPS[2])
    build_pcns(col)
    done(STEPS[3])
    build_practices(col)
    done(STEPS[4])
    build_partners(col, councils)
    done(STEPS[5])
    if with_2026:
        build_changes(col)
        build_practices_2026(col)
    done(STEPS[6])
    build_clusters(col)
    build_planned(col)
    done(STEPS[7])
    used = [f"ons-sicbl-{v}" for v in chosen] + [
        k
        for k in DATASETS
        if not k.startswith("ons-sicbl-") and (with_2026 or k not in APRIL_2026_ONLY)
    ]
    sources = [DATASETS[k].source() for k in used]
    return Governance.from_entities(
        [*sources, *col.entities.values()], [DATASETS[k].dataset() for k in used]
    )
