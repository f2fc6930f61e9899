"""A deliberately naive "who decides", written straight from docs/who-decides.md.

It shares no code with :mod:`icsgov.queries` (nor with the stores): it reads
a :class:`World` of plain tuples and loops over every record each time, with
no index and no cache, so that the property tests can hold the real
implementation to the documented rule. If the two disagree, one of them
(or the documentation) is wrong.

The rule, as the docs state it:

1. a record is in force on a date only within its own dates and the lifetimes
   of every entity it names (holder, decision type, footprint);
2. the place's chain runs from the place up to national;
3. take the decision type, then each broader type; fall back to the broader
   type only when the type has no ``decides`` right in force anywhere on the
   chain;
4. the first footprint up the chain with a ``decides`` right whose band
   (inclusive, pounds to the penny) covers the value is where it is taken;
5. ``decides`` rights on the chain but none covering the value: a gap;
6. local over national: at a footprint where a local ``decides`` right covers
   the value, the ``decides`` rights made from a national rule (ids starting
   ``nat:``) are set aside (docs/who-decides.md, section 7).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Span = tuple[dt.date | None, dt.date | None]
NATIONAL = "nat:"  # the id prefix of a right made from a national rule


@dataclass(frozen=True)
class NaiveRight:
    id: str
    holder: str
    decision: str
    footprint: str
    role: str
    low: float | None
    high: float | None
    span: Span


@dataclass
class World:
    """Footprints (parent, level, lifetime), decision types (broader), holders, rights."""

    footprints: dict[str, tuple[str | None, str, Span]] = field(default_factory=dict)
    types: dict[str, tuple[str | None, Span]] = field(default_factory=dict)
    holders: dict[str, Span] = field(default_factory=dict)
    rights: list[NaiveRight] = field(default_factory=list)

    def without(self, holder: str) -> World:
        """The same world with ``holder`` and every right it holds gone."""
        return World(
            dict(self.footprints),
            dict(self.types),
            {h: s for h, s in self.holders.items() if h != holder},
            [r for r in self.rights if r.holder != holder],
        )


@dataclass(frozen=True)
class Outcome:
    found: bool
    gap: bool
    footprint: str | None
    decision: str | None
    holders: tuple[str, ...]
    bands: tuple[str, ...]
    ambiguous: bool = False


def _within(span: Span, day: dt.date | None) -> bool:
    if day is None:
        return True
    start, end = span
    return (start is None or start <= day) and (end is None or day <= end)


def in_force(world: World, right: NaiveRight, day: dt.date | None) -> bool:
    if not _within(right.span, day):
        return False
    if right.holder in world.holders and not _within(world.holders[right.holder], day):
        return False
    if not _within(world.types[right.decision][1], day):
        return False
    return _within(world.footprints[right.footprint][2], day)


def chain(world: World, footprint: str) -> list[str]:
    found = [footprint]
    while world.footprints[found[-1]][0] is not None:
        found.append(world.footprints[found[-1]][0])  # type: ignore[arg-type]
    return found


def lineage(world: World, decision: str) -> list[str]:
    found = [decision]
    while world.types[found[-1]][0] is not None:
        found.append(world.types[found[-1]][0])  # type: ignore[arg-type]
    return found


def covers(right: NaiveRight, value: float | None) -> bool:
    if value is None:
        return True
    if right.low is not None and value < right.low:
        return False
    return not (right.high is not None and value > right.high)


def _overlap(a: NaiveRight, b: NaiveRight) -> bool:
    """Two inclusive bands share at least one value (open ends stretch to nought and beyond)."""
    low = max(a.low or 0.0, b.low or 0.0)
    highs = [h for h in (a.high, b.high) if h is not None]
    return not highs or low <= min(highs)


def decide(
    world: World, decision: str, place: str, value: float | None, day: dt.date | None
) -> Outcome:
    """Where ``decision`` is taken for ``place``, ``value`` and ``day``, by the documented rule."""
    up = chain(world, place)
    for kind in lineage(world, decision):
        decides = [
            r
            for r in world.rights
            if r.decision == kind
            and r.footprint in up
            and r.role == "decides"
            and in_force(world, r, day)
        ]
        if not decides:
            continue
        for footprint in up:
            here = [r for r in decides if r.footprint == footprint and covers(r, value)]
            if any(not r.id.startswith(NATIONAL) for r in here):
                here = [r for r in here if not r.id.startswith(NATIONAL)]  # local over national
            if here:
                holders = tuple(sorted({r.holder for r in here}))
                clash = any(a.holder != b.holder and _overlap(a, b) for a in here for b in here)
                return Outcome(True, False, footprint, kind, holders, (), clash)
        return Outcome(False, True, None, kind, (), tuple(sorted(r.id for r in decides)))
    return Outcome(False, False, None, None, (), ())


def probes(world: World) -> list[float]:
    """Every value where an answer may change: £0, each band's start, a penny past each end."""
    points = {0.0}
    for right in world.rights:
        if right.low is not None:
            points.add(round(right.low, 2))
        if right.high is not None:
            points.add(round(right.high + 0.01, 2))
    return sorted(points)


def segments(
    world: World, decision: str, place: str, day: dt.date | None
) -> list[tuple[float, Outcome]]:
    """(lowest value, outcome) of each run of values with the same outcome."""
    runs: list[tuple[float, Outcome]] = []
    for value in probes(world):
        outcome = decide(world, decision, place, value, day)
        if not runs or runs[-1][1] != outcome:
            runs.append((value, outcome))
    return runs


def leaves(world: World) -> list[str]:
    broader = {b for b, _span in world.types.values() if b is not None}
    return sorted(t for t in world.types if t not in broader)


def places_of(world: World, system: str, day: dt.date | None) -> list[str]:
    return sorted(
        f
        for f, (_parent, level, span) in world.footprints.items()
        if level == "place" and _within(span, day) and system in chain(world, f)
    )


def _mentions(
    world: World, decisions: list[str], footprints: list[str], day: dt.date | None
) -> bool:
    return any(
        r.decision in decisions and r.footprint in footprints and in_force(world, r, day)
        for r in world.rights
    )


def described(world: World, day: dt.date | None) -> dict[str, list[str]]:
    """docs/checks.md GOV001: systems with a right at the system or a place, and their places."""
    chosen: dict[str, list[str]] = {}
    for system in sorted(f for f, v in world.footprints.items() if v[1] == "system"):
        places = places_of(world, system, day)
        if places and _mentions(world, list(world.types), [system, *places], day):
            chosen[system] = places
    return chosen


def gaps(world: World, day: dt.date | None) -> set[tuple[str, str]]:
    """(decision, place) pairs with some value nobody decides (GOV001)."""
    found: set[tuple[str, str]] = set()
    for system, places in described(world, day).items():
        for decision in leaves(world):
            if not _mentions(world, lineage(world, decision), [system, *places], day):
                continue
            for place in places:
                if any(not o.found for _v, o in segments(world, decision, place, day)):
                    found.add((decision, place))
    return found


LEVELS = ("neighbourhood", "place", "system", "region", "national")


def subsidiarity(
    world: World, system: str, day: dt.date | None
) -> list[tuple[str, str, float | None, str | None]]:
    """(place, decision, lowest value or None, level taken or None) per band, as documented."""
    places = places_of(world, system, day)
    kinds = [
        d
        for d in leaves(world)
        if _mentions(world, lineage(world, d), [system, *places], day)
        or any(decide(world, d, p, None, day).found for p in places)
    ]
    rows = []
    for place in places:
        for decision in kinds:
            runs = segments(world, decision, place, day)
            if len(runs) == 1:
                runs = [(None, decide(world, decision, place, None, day))]  # type: ignore[list-item]
            for low, outcome in runs:
                level = world.footprints[outcome.footprint][1] if outcome.footprint else None
                rows.append((place, decision, low if len(runs) > 1 else None, level))
    return sorted(rows, key=repr)


def impact(
    world: World, holder: str, day: dt.date | None
) -> tuple[set[tuple[str, str, float]], set[tuple[str, str, float]]]:
    """(left without a maker, moved) as (decision, place, lowest value), removing ``holder``."""
    after = world.without(holder)
    left: set[tuple[str, str, float]] = set()
    moved: set[tuple[str, str, float]] = set()
    for places in described(world, day).values():
        for place in places:
            for decision in leaves(world):
                starts = sorted(
                    {v for v, _o in segments(world, decision, place, day)}
                    | {v for v, _o in segments(after, decision, place, day)}
                )
                for low in starts:
                    old = decide(world, decision, place, low, day)
                    if not old.found:
                        continue
                    new = decide(after, decision, place, low, day)
                    if not new.found:
                        left.add((decision, place, low))
                    elif (new.footprint, new.holders) != (old.footprint, old.holders):
                        moved.add((decision, place, low))
    return left, moved
