"""Which ICBs on the England map the loaded governance data describes, and how far.

For each of the 36 ICBs of April 2026 (:mod:`icsgov.render.england_map`):
the systems of the loaded data that fall in it (matched by ONS code, or by the
ODS code of the system's ICB, including 2024 ICBs since merged), and how many
decision rights are recorded for those systems and their places on the date.
An ICB is then "local scheme" (rights recorded), "baseline only" (the system
is in the data but no right is recorded for it: the national baseline
applies) or "not in the data".

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> cover = icb_coverage(MemoryStore(load()))
>>> cover["E54000043"]["status"], cover["E54000043"]["systems"]
('local scheme', ['Gloucestershire'])
>>> cover["E54000008"]["status"]
'not in the data'
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import DecisionRight, Footprint, Level, Organisation, OrganisationKind

__all__ = ["STATUS_COLOURS", "icb_coverage"]

STATUS_COLOURS = {
    "local scheme": "#007f3b",
    "baseline only": "#ffb81c",
    "not in the data": "#d8dde0",
}
"""The map's colour for each status (NHS green, warm yellow, pale grey)."""


def icb_coverage(store: GraphStore, as_of: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """For each 2026 ICB (ONS code): status, systems of the loaded data in it, rights recorded."""
    from icsgov.render.england_map import icb_map, icbs_for

    footprints = {f.id: f for f in store.entities(Footprint)}
    codes: dict[str, set[str]] = defaultdict(set)
    for fp in footprints.values():
        if fp.level is Level.SYSTEM:
            codes[fp.id].update(c.value for c in fp.codes)
    for org in store.entities(Organisation):
        if org.kind is OrganisationKind.ICB:
            for fp_id in org.footprints:
                if fp_id in codes:
                    codes[fp_id].update(c.value for c in org.codes)

    def system_of(fp_id: str) -> str | None:
        seen: set[str] = set()
        current: str | None = fp_id
        while current and current in footprints and current not in seen:
            if current in codes:
                return current
            seen.add(current)
            current = footprints[current].part_of
        return None

    rights: dict[str, int] = defaultdict(int)
    for right in store.entities(DecisionRight):
        if right.valid_at(as_of):
            system = system_of(right.footprint)
            if system:
                rights[system] += 1
    cover: dict[str, dict[str, Any]] = {
        f["code"]: {"status": "not in the data", "systems": [], "system_ids": [], "rights": 0}
        for f in icb_map()["features"]
    }
    for system, system_codes in sorted(codes.items()):
        for icb in icbs_for(system_codes):
            entry = cover[icb]
            entry["systems"].append(footprints[system].label)
            entry["system_ids"].append(system)
            entry["rights"] += rights[system]
    for entry in cover.values():
        if entry["systems"]:
            entry["status"] = "local scheme" if entry["rights"] else "baseline only"
    return cover
