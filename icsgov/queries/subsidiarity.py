"""Is subsidiarity respected? Where each decision is taken in each place, against its level.

For a system, every decision type (the most specific ones: those no other
type is narrower than) that the system's data mentions, or that somebody
decides for its places, is looked up in every place of the system with the
who-decides walk: from the place upwards, the first footprint carrying a
``decides`` right valid on the date is where the decision is taken (a right
applies inside its footprint; a more local one overrides; with no right for
the type itself the walk falls back along ``broader``). That level is
compared with the type's ``preferred_level``:

- *escalated*: taken above its preferred level;
- *too local*: taken below it;
- *place share*: the share of (decision, place) pairs taken at place or
  below, against a target (default 0.8). The target comes from a trust chief
  executive's view that about 80% of decisions belong at place and 20% at
  system (*Emerging themes*, "Decision-making"), and from the principle that
  decision-making should be "local by default" (*The future of integrated
  care in England*, section 2 v, recommendations on place).

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> store = MemoryStore(load(["tests/golden/accountability.yaml"]))
>>> report = subsidiarity_report(store, "acc-sys", as_of=dt.date(2024, 1, 1))
>>> round(report.place_share, 2), len(report.escalated)
(0.36, 4)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from icsgov.errors import QueryError
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    DecisionRight,
    DecisionType,
    Footprint,
    Level,
)
from icsgov.ontology.money import format_band
from icsgov.progress import tick
from icsgov.queries.resolve import resolve_location
from icsgov.queries.walk import Resolver, Walk, rests_on_invented, walk

__all__ = [
    "DEFAULT_TARGET",
    "Decider",
    "PlaceDecision",
    "PlaceSummary",
    "SubsidiarityReport",
    "find_decider",
    "leaf_decision_types",
    "places_of",
    "preferred_level",
    "subsidiarity_report",
]

DEFAULT_TARGET = 0.8
"""Share of decisions that should be taken at place or below (about 80% place / 20% system)."""


@dataclass(frozen=True)
class Decider:
    """Where the walk found a decision taken: the footprint, its level, and the rights there."""

    decision: str
    decided_as: str
    footprint: str
    level: Level
    rights: list[DecisionRight]

    @property
    def holders(self) -> list[str]:
        """The holders of the ``decides`` rights found, sorted and distinct."""
        return sorted({r.holder for r in self.rights})


def find_decider(
    store: GraphStore,
    decision_id: str,
    footprint_id: str,
    as_of: dt.date | None = None,
    value: float | None = None,
) -> Decider | None:
    """Where ``decision_id`` is taken for ``footprint_id``: the one walk, reused.

    This asks :func:`icsgov.queries.walk.walk` (the rule ``who-decides``
    follows) and keeps the footprint and the ``decides`` rights found.
    Returns ``None`` when nobody decides it (a gap, or nothing recorded).
    """
    return decider_of(walk(store, decision_id, footprint_id, value, as_of))


def decider_of(found: Walk) -> Decider | None:
    """The :class:`Decider` of a walk (``None`` when nobody decides)."""
    footprint = found.footprint
    if footprint is None or found.decision is None:
        return None
    return Decider(
        found.asked.id,
        found.decision.id,
        footprint.id,
        footprint.level,
        sorted(found.decides, key=lambda r: r.id),
    )


@dataclass(frozen=True)
class PlaceDecision:
    """One decision type in one place: where it is taken, by whom, against where it should be."""

    decision: str
    decision_name: str
    place: str
    footprint: str | None
    level: str | None
    preferred_level: str | None
    holders: list[str]
    rights: list[str]
    finding: str | None
    band: str = "any value"
    value_min: float | None = None
    value_max: float | None = None
    gap: bool = False
    illustrative: bool = False


@dataclass(frozen=True)
class PlaceSummary:
    """What a place decides itself and what is reserved to the system (or above)."""

    place: str
    name: str
    decides_itself: list[str] = field(default_factory=list)
    reserved_above: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SubsidiarityReport:
    """The answer of ``icsgov subsidiarity``."""

    system: str
    as_of: dt.date | None
    target: float
    place_share: float | None
    below_target: bool
    decisions: list[PlaceDecision]
    escalated: list[PlaceDecision]
    too_local: list[PlaceDecision]
    places: list[PlaceSummary]

    @property
    def has_findings(self) -> bool:
        """Escalated or too-local decisions, or a place share below target."""
        return bool(self.escalated or self.too_local or self.below_target)

    @property
    def illustrative(self) -> bool:
        """True when some row rests on a record marked illustrative."""
        return any(r.illustrative for r in self.decisions)

    def footnote(self) -> str | None:
        """The † footnote for text and HTML, when some row rests on an illustrative record."""
        from icsgov.words import ILLUSTRATIVE_NOTE

        return ILLUSTRATIVE_NOTE if self.illustrative else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        data = asdict(self)
        data["has_findings"] = self.has_findings
        data["illustrative"] = self.illustrative
        return data


def places_of(store: GraphStore, system_id: str, as_of: dt.date | None = None) -> list[Footprint]:
    """Footprints at place level whose chain passes through ``system_id``, sorted by id."""
    return [
        f
        for f in store.entities(Footprint)
        if f.level is Level.PLACE
        and f.valid_at(as_of)
        and system_id in {c.id for c in store.footprint_chain(f.id, as_of)}
    ]


def leaf_decision_types(store: GraphStore) -> list[DecisionType]:
    """Decision types no other type is narrower than (the decisions actually taken)."""
    types = store.entities(DecisionType)
    broader = {t.broader for t in types if t.broader}
    return [t for t in types if t.id not in broader]


def _concerns(
    resolver: Resolver, decision_id: str, places: list[Footprint], footprints: list[str]
) -> bool:
    if resolver.holds_any(decision_id, footprints):
        return True
    return any(decider_of(resolver.walk(decision_id, p.id)) is not None for p in places)


def preferred_level(lineage: Iterable[DecisionType]) -> Level | None:
    """The preferred level of the narrowest type in ``lineage`` that states one."""
    for decision in lineage:
        if decision.preferred_level is not None:
            return decision.preferred_level
    return None


def subsidiarity_report(
    store: GraphStore,
    system: str,
    *,
    target: float = DEFAULT_TARGET,
    as_of: dt.date | None = None,
    decisions: Iterable[str] | None = None,
) -> SubsidiarityReport:
    """Where each decision is taken in each place of ``system``, and how that compares.

    ``system`` is a footprint, organisation or body (its name, id or code);
    it must resolve to a footprint at system level or above.
    """
    if not 0 <= target <= 1:
        raise QueryError(f"target must be a share between 0 and 1, not {target}")
    footprint = resolve_location(store, system, as_of).footprint
    if footprint.level.rank < Level.SYSTEM.rank:
        raise QueryError(
            f"'{system}' is {footprint.id}, a {footprint.level.value}; "
            "give a system (or a region) to compare its places"
        )
    places = places_of(store, footprint.id, as_of)
    if not places:
        raise QueryError(f"{footprint.id} ({footprint.name}) has no places under it in the data")
    types = (
        leaf_decision_types(store)
        if decisions is None
        else [t for t in (store.get(d) for d in decisions) if isinstance(t, DecisionType)]
    )
    footprints = [footprint.id, *(p.id for p in places)]
    resolver = Resolver(store, as_of)
    for decision in types:
        resolver.prefetch(decision.id, footprints)
    if decisions is None:
        # Leave out decision types the system's data never mentions and nobody decides.
        types = [t for t in types if _concerns(resolver, t.id, places, footprints)]
    rows: list[PlaceDecision] = []
    summaries: list[PlaceSummary] = []
    preferred = {t.id: preferred_level(resolver.lineage(t.id)) for t in types}
    invented: dict[str, bool] = {}
    for number, place in enumerate(places):
        tick(f"Subsidiarity ({footprint.name})", number, len(places))
        summary = PlaceSummary(place.id, place.name)
        for decision in types:
            segments = _place_decisions(resolver, decision, place, preferred[decision.id], invented)
            for row in segments:
                rows.append(row)
                named = decision.id if len(segments) == 1 else f"{decision.id} ({row.band})"
                if row.level is None:
                    summary.undecided.append(named)
                elif Level(row.level).rank <= Level.PLACE.rank:
                    summary.decides_itself.append(named)
                else:
                    summary.reserved_above.append(named)
        summaries.append(summary)
    decided = [r for r in rows if r.level is not None]
    local = [r for r in decided if r.level and Level(r.level).rank <= Level.PLACE.rank]
    share = len(local) / len(decided) if decided else None
    return SubsidiarityReport(
        system=footprint.id,
        as_of=as_of,
        target=target,
        place_share=share,
        below_target=share is not None and share < target,
        decisions=rows,
        escalated=[r for r in rows if r.finding == "escalated"],
        too_local=[r for r in rows if r.finding == "too_local"],
        places=summaries,
    )


def _place_decisions(
    resolver: Resolver,
    decision: DecisionType,
    place: Footprint,
    preferred: Level | None,
    invented: dict[str, bool],
) -> list[PlaceDecision]:
    """One row per value band with its own outcome (one row when no band splits it)."""
    segments = resolver.segments(decision.id, place.id)
    if len(segments) == 1:
        found = resolver.walk(decision.id, place.id)
        return [_place_decision(resolver.store, decision, place, preferred, invented, found)]
    return [
        _place_decision(resolver.store, decision, place, preferred, invented, found, low, high)
        for low, high, found in segments
    ]


def _place_decision(
    store: GraphStore,
    decision: DecisionType,
    place: Footprint,
    preferred: Level | None,
    invented: dict[str, bool],
    found: Walk,
    low: float | None = None,
    high: float | None = None,
) -> PlaceDecision:
    decider = decider_of(found)
    finding = None
    if decider is not None and preferred is not None:
        if decider.level.rank > preferred.rank:
            finding = "escalated"
        elif decider.level.rank < preferred.rank:
            finding = "too_local"
    banded = low is not None
    return PlaceDecision(
        decision=decision.id,
        decision_name=decision.name,
        place=place.id,
        footprint=decider.footprint if decider else None,
        level=decider.level.value if decider else None,
        preferred_level=preferred.value if preferred else None,
        holders=decider.holders if decider else [],
        rights=[r.id for r in decider.rights] if decider else [],
        finding=finding,
        band=_band(low if low else None, high) if banded else "any value",
        value_min=low if banded else None,
        value_max=high,
        gap=found.gap,
        illustrative=any(rests_on_invented(store, r, invented) for r in decider.rights)
        if decider
        else False,
    )


@lru_cache(maxsize=4096)
def _band(low: float | None, high: float | None) -> str:
    return format_band(low, high)
