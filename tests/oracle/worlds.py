"""Small random governance worlds for the oracle property tests, and the same world as icsgov data.

A world is a random footprint tree (national, regions, systems, places,
neighbourhoods), a short SKOS chain of decision types with a sibling leaf,
a few holders and a few rights. Lifetimes and bands are drawn from small
sets of dates and penny values so that edges collide often: bands that
touch (£500 / £500.01), overlap, leave a penny gap, or are open-ended;
rights, holders and decision types that start or end on the date asked.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import strategies as st

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Basis,
    DecisionRight,
    DecisionType,
    Entity,
    Footprint,
    Level,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.oracle.naive import NaiveRight, World

DATES = [dt.date(2020, 1, 1), dt.date(2022, 6, 30), dt.date(2022, 7, 1), dt.date(2024, 1, 1)]
ASK_DATES = [None, dt.date(2019, 1, 1), *DATES, dt.date(2025, 1, 1)]
VALUES = [0.0, 100.0, 100.01, 250.0, 500.0, 500.01, 1000.0]
ASK_VALUES = [None, 0.0, 99.99, 100.0, 100.01, 250.0, 499.99, 500.0, 500.01, 1000.0, 1000.01, 1e9]


def _span(draw: Any, open_weight: int = 3) -> tuple[dt.date | None, dt.date | None]:
    choices = [None] * open_weight + DATES
    start, end = draw(st.sampled_from(choices)), draw(st.sampled_from(choices))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return start, end


def _band(draw: Any) -> tuple[float | None, float | None]:
    choices: list[float | None] = [None, None, *VALUES]
    low, high = draw(st.sampled_from(choices)), draw(st.sampled_from(choices))
    if low is not None and high is not None and high < low:
        low, high = high, low
    return low, high


@st.composite
def worlds(draw: Any) -> World:
    """One small world: footprints, decision types, holders and rights."""
    world = World()
    world.footprints["n"] = (None, "national", (None, None))
    systems: list[str] = []
    for r in range(draw(st.integers(1, 2))):
        world.footprints[f"r{r}"] = ("n", "region", (None, None))
        for s in range(draw(st.integers(1, 2))):
            system = f"r{r}s{s}"
            world.footprints[system] = (f"r{r}", "system", (None, None))
            systems.append(system)
            for p in range(draw(st.integers(0, 3))):
                place = f"{system}p{p}"
                world.footprints[place] = (system, "place", _span(draw, open_weight=8))
                for h in range(draw(st.integers(0, 1))):
                    world.footprints[f"{place}h{h}"] = (place, "neighbourhood", (None, None))
    depth = draw(st.integers(1, 3))
    for t in range(depth):
        broader = f"t{t + 1}" if t + 1 < depth else None
        world.types[f"t{t}"] = (broader, _span(draw, open_weight=8))
    if depth > 1 and draw(st.booleans()):
        world.types["u0"] = ("t1", (None, None))  # a sibling leaf under the same broader type
    for h in range(draw(st.integers(1, 4))):
        world.holders[f"h{h}"] = _span(draw, open_weight=4)
    footprints = sorted(world.footprints)
    for i in range(draw(st.integers(0, 7))):
        low, high = _band(draw)
        national = draw(st.integers(0, 3)) == 0  # made from a national rule: local ones win
        decision = draw(st.sampled_from(sorted(world.types)))
        footprint = draw(st.sampled_from(footprints))
        if national and world.rights and draw(st.booleans()):
            # beside a local right for the same decision and footprint, where it must give way
            decision, footprint = world.rights[-1].decision, world.rights[-1].footprint
        world.rights.append(
            NaiveRight(
                id=f"nat:R{i}:x{i}" if national else f"x{i}",
                holder=draw(st.sampled_from(sorted(world.holders))),
                decision=decision,
                footprint=footprint,
                role=draw(st.sampled_from(["decides"] * 4 + ["recommends", "consulted"])),
                low=low,
                high=high,
                span=_span(draw),
            )
        )
    return world


def governance(world: World) -> Governance:
    """The world as icsgov entities (the real loader's model classes)."""
    entities: list[Entity] = []
    for fid, (parent, level, (start, end)) in world.footprints.items():
        entities.append(
            Footprint(
                id=fid,
                name=f"Footprint {fid}",
                level=Level(level),
                part_of=parent,
                valid_from=start,
                valid_to=end,
            )
        )
    for tid, (broader, (start, end)) in world.types.items():
        entities.append(
            DecisionType(
                id=tid, name=f"Decision {tid}", broader=broader, valid_from=start, valid_to=end
            )
        )
    for hid, (start, end) in world.holders.items():
        entities.append(
            Organisation(
                id=hid,
                name=f"Holder {hid}",
                kind=OrganisationKind.OTHER,
                valid_from=start,
                valid_to=end,
            )
        )
    for r in world.rights:
        entities.append(
            DecisionRight(
                id=r.id,
                holder=r.holder,
                decision=r.decision,
                footprint=r.footprint,
                role=Role(r.role),
                basis=Basis.STATUTORY,
                value_min=r.low,
                value_max=r.high,
                valid_from=r.span[0],
                valid_to=r.span[1],
            )
        )
    return Governance.from_entities(entities)


def questions(world: World, rng: random.Random, count: int) -> list[tuple[Any, ...]]:
    """``count`` questions (decision, place, value, date) about ``world``.

    Drawn from ``rng`` (a Random hypothesis hands over) rather than one
    hypothesis draw each: thousands of cheap cases instead of a few costly ones.
    """
    footprints = sorted(world.footprints)
    types = sorted(world.types)
    return [
        (
            rng.choice(types),
            rng.choice(footprints),
            rng.choice(ASK_VALUES),
            rng.choice(ASK_DATES),
        )
        for _ in range(count)
    ]
