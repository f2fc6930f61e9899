"""Local authorities from the ONS lookups: councils, their places, and the ICBs they overlap.

Each council is an Organisation (``ons:E06000032``) serving a place-level
Footprint (``fp:ons:E06000032``, place definition: local authority). The
footprint is ``part_of`` the ICB footprint holding the largest share of its
LSOAs (ties go to the ICB whose ODS code sorts first), and has an
``overlaps`` ReferenceRelation with the share to every ICB footprint it
touches. Shares are LSOA (2011) counts from the July 2022 LSOA lookup:
ONS publishes ICB-to-district membership only at LSOA level.

From 1 April 2026 the shares are the same LSOAs counted by their April 2026
ICB (``lad22_icb26_lsoa_counts.csv``, derived: see ``icsgov/reference/
SOURCES.md``). A share that did not change stays one open relation; one
that changed, or whose ICB was abolished, ends on 31 March 2026 and the new
share starts on 1 April 2026.

Districts abolished on 1 April 2023 (Cumbria, North Yorkshire, Somerset) end
on 31 March 2023; the four unitary councils that replaced them start on
1 April 2023 with the LSOAs of their predecessors.

>>> council_kind("E06000032")
<OrganisationKind.UNITARY_AUTHORITY: 'unitary_authority'>
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from icsgov.errors import InputError, Problem
from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_files import DATASETS, REORGANISED_2026, cite, iter_rows
from icsgov.loaders.reference_nhs import footprint_id
from icsgov.ontology.model import (
    Citation,
    Footprint,
    Identifier,
    Level,
    Organisation,
    OrganisationKind,
    PlaceDefinition,
    ReferenceRelation,
    RelationKind,
)

__all__ = [
    "Council",
    "build_councils",
    "council_kind",
    "match_council",
    "normalise_council_name",
    "partner_index",
]

_KINDS = {
    "E06": OrganisationKind.UNITARY_AUTHORITY,
    "E07": OrganisationKind.DISTRICT_COUNCIL,
    "E08": OrganisationKind.METROPOLITAN_BOROUGH,
    "E09": OrganisationKind.LONDON_BOROUGH,
    "E10": OrganisationKind.COUNTY_COUNCIL,
}
_REORGANISED = dt.date(2023, 4, 1)


def council_kind(ons_code: str) -> OrganisationKind:
    """The kind of council from the ONS code's entity prefix (E06 unitary ... E10 county)."""
    try:
        return _KINDS[ons_code[:3]]
    except KeyError:
        raise InputError(
            [
                Problem(
                    "icsgov/reference",
                    0,
                    0,
                    f"'{ons_code}' is not an English council code",
                    hint="expected E06, E07, E08, E09 or E10",
                )
            ]
        ) from None


@dataclass
class Council:
    """What the files say about one council area before it becomes entities."""

    code: str
    name: str
    lsoas: Counter[str] = field(default_factory=Counter)
    lsoas26: Counter[str] = field(default_factory=Counter)
    county: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    cites: list[Citation] = field(default_factory=list)


def _read(councils: dict[str, Council], with_2026: bool) -> None:
    key = "ons-lsoa11-lad22"
    file = DATASETS[key].files[0]
    for row_no, row in iter_rows(file):
        council = councils.setdefault(
            row["lad22_ons"], Council(row["lad22_ons"], row["lad22_name"])
        )
        council.lsoas[row["icb_ods"]] += int(row["lsoas"])
        council.cites.append(cite(key, file, row_no))
    if with_2026:
        key = "derived-lad-icb26"
        file = DATASETS[key].files[0]
        for row_no, row in iter_rows(file):
            council = councils[row["lad22_ons"]]
            council.lsoas26[row["icb_ods"]] += int(row["lsoas"])
            council.cites.append(cite(key, file, row_no))
    key = "ons-lad23-utla23"
    file = DATASETS[key].files[0]
    for row_no, row in iter_rows(file):
        lower = councils.setdefault(row["ltla_ons"], Council(row["ltla_ons"], row["ltla_name"]))
        lower.name = row["ltla_name"]
        lower.cites.append(cite(key, file, row_no))
        if row["utla_ons"] != row["ltla_ons"]:
            lower.county = row["utla_ons"]
            upper = councils.setdefault(row["utla_ons"], Council(row["utla_ons"], row["utla_name"]))
            upper.cites.append(cite(key, file, row_no, "county"))
    key = "structural-changes-2022"
    file = DATASETS[key].files[0]
    for row_no, row in iter_rows(file):
        old, new = councils[row["lad22_ons"]], councils[row["lad23_ons"]]
        old.valid_to = _REORGANISED - dt.timedelta(days=1)
        new.valid_from = _REORGANISED
        new.lsoas.update(old.lsoas)
        new.lsoas26.update(old.lsoas26)
        citation = cite(key, file, row_no)
        old.cites.append(citation)
        new.cites.append(citation)
    for council in list(councils.values()):
        if council.county:
            councils[council.county].lsoas.update(council.lsoas)
            councils[council.county].lsoas26.update(council.lsoas26)


def _shares(lsoas: Counter[str]) -> dict[str, tuple[int, int]]:
    total = sum(lsoas.values())
    return {icb: (n, total) for icb, n in lsoas.items()}


def _overlaps(col: Collector, fp: str, council: Council) -> None:
    """Dated overlaps relations: July 2022 shares, and April 2026 ones where they differ."""
    before = _shares(council.lsoas)
    after = _shares(council.lsoas26) if council.valid_to is None else {}
    cut = REORGANISED_2026 - dt.timedelta(days=1)
    for icb, (count, total) in sorted(before.items(), key=lambda kv: (-kv[1][0], kv[0])):
        same = after.get(icb, (0, 0))[0] * total == count * after.get(icb, (0, 1))[1]
        ends = council.valid_to if (not after or same) else cut
        col.add(
            ReferenceRelation(
                id=f"rel:overlaps:{fp}:{icb}",
                subject=fp,
                object=footprint_id("ods", icb),
                kind=RelationKind.OVERLAPS,
                share=count / total,
                sources=council.cites,
                description=f"{count} of {total} LSOAs (2011)",
                valid_from=council.valid_from,
                valid_to=ends,
            )
        )
    for icb, (count, total) in sorted(after.items(), key=lambda kv: (-kv[1][0], kv[0])):
        old = before.get(icb)
        if old is not None and old[0] * total == count * old[1]:
            continue
        col.add(
            ReferenceRelation(
                id=f"rel:overlaps:{fp}:{icb}:{REORGANISED_2026.isoformat()}",
                subject=fp,
                object=footprint_id("ods", icb),
                kind=RelationKind.OVERLAPS,
                share=count / total,
                sources=council.cites,
                description=f"{count} of {total} LSOAs (2011) by April 2026 ICB (derived)",
                valid_from=REORGANISED_2026,
            )
        )


def build_councils(col: Collector, with_2026: bool = False) -> dict[str, Council]:
    """Add every council, its place footprint, overlaps and district-in-county relations.

    ``with_2026`` adds the April 2026 shares (see the module docstring).
    """
    councils: dict[str, Council] = {}
    _read(councils, with_2026)
    for code, council in sorted(councils.items()):
        if not council.lsoas:
            raise InputError(
                [
                    Problem(
                        "icsgov/reference/lad22_icb_lsoa_counts.csv",
                        0,
                        0,
                        f"council {code} ({council.name}) has no LSOAs in any ICB",
                        hint="regenerate the files with tools/make_reference_data.py",
                    )
                ]
            )
        fp = footprint_id("ons", code)
        ranked = sorted(council.lsoas.items(), key=lambda kv: (-kv[1], kv[0]))
        dates = {"valid_from": council.valid_from, "valid_to": council.valid_to}
        kind = council_kind(code)
        col.add(
            Footprint(
                id=fp,
                name=council.name,
                level=Level.PLACE,
                place_definition=PlaceDefinition.LOCAL_AUTHORITY,
                part_of=footprint_id("ods", ranked[0][0]),
                codes=[Identifier(scheme="ons", value=code)],
                sources=council.cites,
                **dates,
            )
        )
        col.add(
            Organisation(
                id=f"ons:{code}",
                name=council.name,
                kind=kind,
                statutory=True,
                footprints=[fp],
                codes=[Identifier(scheme="ons", value=code)],
                sources=council.cites,
                description=f"The {kind.value.replace('_', ' ')} for {council.name}.",
                **dates,
            )
        )
        _overlaps(col, fp, council)
        if council.county:
            col.add(
                ReferenceRelation(
                    id=f"rel:constituent_of:{fp}",
                    subject=fp,
                    object=footprint_id("ons", council.county),
                    kind=RelationKind.CONSTITUENT_OF,
                    sources=council.cites[-1:],
                    **dates,
                )
            )
    return councils


def partner_index(councils: dict[str, Council]) -> dict[str, list[str]]:
    """Normalised council names -> council codes (for matching names in the partners workbook)."""
    index: dict[str, list[str]] = defaultdict(list)
    for code, council in councils.items():
        if council.valid_to is None:
            key = normalise_council_name(council.name)
            index[key].append(code)
            _ORDERED[key] = [
                w for w in council.name.casefold().replace(",", " ").split() if w not in _NOISE
            ]
    return index


_NOISE = frozenset(
    {"council", "county", "borough", "city", "metropolitan", "district", "of", "the"}
    | {"corporation", "royal", "london", "and"}
)


def normalise_council_name(name: str) -> str:
    """A council or area name reduced to its distinctive words, for matching.

    >>> normalise_council_name("Royal Borough of Kingston-Upon-Thames Council")
    'kingston thames upon'
    >>> normalise_council_name("Kingston upon Thames")
    'kingston thames upon'
    """
    words = name.casefold()
    for char in "&-,.()":
        words = words.replace(char, " ")
    split = words.split()
    kept = sorted({w for w in split if w not in _NOISE})
    if not kept:  # "City of London": every word is noise, keep all but the filler
        kept = sorted({w for w in split if w not in {"council", "corporation", "the"}})
    return " ".join(kept)


def match_council(name: str, index: dict[str, list[str]]) -> str | None:
    """The code of the one council whose name matches ``name``, or ``None``.

    Tried in turn: the same distinctive words; initials ("BCP Council" for
    Bournemouth, Christchurch and Poole); a unique name containing all the
    words ("Hull City Council" for Kingston upon Hull, City of); a unique
    close spelling ("Middlesborough" for Middlesbrough).

    >>> match_council("BCP Council", {"bournemouth christchurch poole": ["E06000058"]})
    'E06000058'
    """
    import difflib

    key = normalise_council_name(name)
    if len(index.get(key, [])) == 1:
        return index[key][0]
    words = set(key.split())
    tries = [
        [k for k in index if "".join(w[0] for w in _in_order(k, index)) == key],
        [k for k in index if words <= set(k.split())],
        difflib.get_close_matches(key, list(index), n=2, cutoff=0.85),
    ]
    for found in tries:
        codes = [c for k in found for c in index[k]]
        if len(codes) == 1:
            return codes[0]
    return None


def _in_order(key: str, index: dict[str, list[str]]) -> list[str]:
    """The words of a key in the order of the council's own name (initials need order)."""
    return _ORDERED.get(key, key.split())


_ORDERED: dict[str, list[str]] = {}
