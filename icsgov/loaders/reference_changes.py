"""The reorganisation of 1 April 2026 as dated ChangeEvents, with the population moved.

From ``icb_successions_2026.csv`` (one row per old ICB -> new ICB pair, as
ODS records the successions) each new ICB gets a *merger* event naming every
predecessor, each old ICB divided between successors gets a *split* event,
and an ICB that survived but gained area (Hampshire and Isle of Wight) a
*boundary change*. ``sicbl_successions_2026.csv`` adds the three-way split of
Frimley's sub-ICB location D4U1Y and the ONS recodes of D9Y0V and 92A. The
descriptions carry the mid-2022 population moved and its share of the old
area, as the collected files give them (population-weighted, not exact).

>>> from icsgov.loaders.reference_collect import Collector
>>> from icsgov.loaders.reference_nhs import build_spine
>>> col = Collector()
>>> build_spine(col, ["2024", "2026"])
>>> build_changes(col)
>>> col.entities["chg:2026-04-01:split:ods:QNQ"].resulting
['ods:QRL', 'ods:S0E4D', 'ods:S9B9J']
"""

from __future__ import annotations

from collections import defaultdict

from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_files import REORGANISED_2026, cite, iter_rows
from icsgov.loaders.reference_nhs import footprint_id
from icsgov.ontology.model import ChangeEvent, ChangeKind, Citation, Organisation

__all__ = ["build_changes"]

_KEY = "ods-icb-successions-2026"


def _label(col: Collector, entity_id: str) -> str:
    entity = col.entities.get(entity_id)
    return entity.label if entity is not None else entity_id


def _moved(population: str, share: str) -> str:
    return f"{int(population):,} people, {float(share):.1%}"


def build_changes(col: Collector) -> None:
    """Add the April 2026 ICB and sub-ICB ChangeEvents (needs the 2026 spine loaded)."""
    file = "icb_successions_2026.csv"
    into: dict[str, list[tuple[str, str, Citation]]] = defaultdict(list)
    out_of: dict[str, list[tuple[str, str, Citation]]] = defaultdict(list)
    for row_no, row in iter_rows(file):
        old, new = f"ods:{row['old_icb_ods']}", f"ods:{row['new_icb_ods']}"
        moved = _moved(row["population"], row["share"])
        whole = float(row["share"]) >= 1.0
        citation = cite(_KEY, file, row_no)
        part = "" if whole else f" (sub-ICB locations {row['sicbls_moved'].replace('|', ', ')})"
        into[new].append((old, f"{_label(col, old)}{part}: {moved} of it", citation))
        out_of[old].append((new, f"{_label(col, new)}: {moved}", citation))
    for new, parts in sorted(into.items()):
        org = col.entities[new]
        assert isinstance(org, Organisation)
        created = org.valid_from == REORGANISED_2026
        kind = ChangeKind.MERGER if created else ChangeKind.BOUNDARY_CHANGE
        verb = "formed from" if created else "gained area from"
        col.add(
            ChangeEvent(
                id=f"chg:2026-04-01:{kind.value}:{new}",
                name=f"{org.name} {verb} {', '.join(_label(col, o) for o, _, _ in parts)}",
                kind=kind,
                date=REORGANISED_2026,
                original=[o for o, _, _ in parts] + ([] if created else [new]),
                resulting=[new],
                sources=[c for _, _, c in parts],
                description="Population moved (mid-2022): " + "; ".join(t for _, t, _ in parts),
            )
        )
    for old, parts in sorted(out_of.items()):
        if len(parts) < 2:
            continue
        col.add(
            ChangeEvent(
                id=f"chg:2026-04-01:split:{old}",
                name=f"{_label(col, old)} split between "
                + ", ".join(_label(col, n) for n, _, _ in sorted(parts)),
                kind=ChangeKind.SPLIT,
                date=REORGANISED_2026,
                original=[old],
                resulting=sorted(n for n, _, _ in parts),
                sources=[c for _, _, c in parts],
                description="Population moved (mid-2022): "
                + "; ".join(t for _, t, _ in sorted(parts)),
            )
        )
    _sub_icb_changes(col)


def _sub_icb_changes(col: Collector) -> None:
    """The D4U1Y split and the ONS recodes of sub-ICB locations."""
    file = "sicbl_successions_2026.csv"
    splits: dict[str, list[tuple[str, str, Citation]]] = defaultdict(list)
    for row_no, row in iter_rows(file):
        old = footprint_id("ods", row["old_sicbl_ods"])
        new = footprint_id("ods", row["new_sicbl_ods"])
        citation = cite(_KEY, file, row_no)
        if old != new:
            moved = _moved(row["population"], row["share"])
            splits[old].append((new, f"{row['new_sicbl_ods']}: {moved}", citation))
            continue
        col.add(
            ChangeEvent(
                id=f"chg:2026-04-01:recode:{new}",
                name=f"{_label(col, new)}: ONS code {row['old_sicbl_ons']} replaced by "
                f"{row['new_sicbl_ons']} (ODS code {row['new_sicbl_ods']} kept)",
                kind=ChangeKind.RENAME,
                date=REORGANISED_2026,
                original=[new],
                resulting=[new],
                sources=[citation],
            )
        )
    for old, parts in sorted(splits.items()):
        col.add(
            ChangeEvent(
                id=f"chg:2026-04-01:split:{old}",
                name=f"{_label(col, old)} split between "
                + ", ".join(_label(col, n) for n, _, _ in sorted(parts)),
                kind=ChangeKind.SPLIT,
                date=REORGANISED_2026,
                original=[old],
                resulting=sorted(n for n, _, _ in parts),
                sources=[c for _, _, c in parts],
                description="Population moved (mid-2022): "
                + "; ".join(t for _, t, _ in sorted(parts)),
            )
        )
