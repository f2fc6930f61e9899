"""Small random governance worlds for the check oracle: delegations, boards, posts, people.

Each world has a footprint tree, a chain of decision types with a sibling leaf,
organisations, bodies (boards, committees, with members), posts held by people,
decision rights of every role and basis (some held under a delegation),
delegations between any two actors (with footprints, limits, sub-delegation and
dates) and funding flows. Dates and limits come from small sets so that they
collide: a delegation longer than what its delegator holds, a right above its
delegation's limit, two deciders with overlapping bands, a person on both sides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Basis,
    Body,
    BodyKind,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
    FundingFlow,
    InstrumentKind,
    Level,
    Organisation,
    OrganisationKind,
    Person,
    Post,
    PostKind,
    Role,
)

DATES = [None, None, None, dt.date(2020, 1, 1), dt.date(2022, 7, 1), dt.date(2024, 1, 1)]
LIMITS = [None, None, 100.0, 500.0, 500.01, 1000.0]
ASK_DATES = [None, dt.date(2022, 6, 30), dt.date(2022, 7, 1), dt.date(2024, 6, 1)]


def _span(draw: Any) -> dict[str, dt.date | None]:
    start, end = draw(st.sampled_from(DATES)), draw(st.sampled_from(DATES))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return {"valid_from": start, "valid_to": end}


@st.composite
def check_worlds(draw: Any) -> Governance:
    """One small world as icsgov entities (the loader's model classes)."""
    pick = draw
    entities: list[Entity] = [Footprint(id="n", name="England", level=Level.NATIONAL)]
    footprints = ["n"]
    for s in range(pick(st.integers(1, 2))):
        system = f"s{s}"
        entities.append(Footprint(id=system, name=f"System {s}", level=Level.SYSTEM, part_of="n"))
        footprints.append(system)
        for p in range(pick(st.integers(0, 2))):
            place = f"{system}p{p}"
            entities.append(
                Footprint(id=place, name=f"Place {place}", level=Level.PLACE, part_of=system)
            )
            footprints.append(place)
    types = ["t2", "t1", "t0"]
    entities += [
        DecisionType(id="t2", name="Decision t2"),
        DecisionType(id="t1", name="Decision t1", broader="t2"),
        DecisionType(id="t0", name="Decision t0", broader="t1"),
        DecisionType(id="u0", name="Decision u0", broader="t1"),
    ]
    types.append("u0")
    orgs = [f"o{i}" for i in range(pick(st.integers(1, 3)))]
    for org in orgs:
        kind = pick(st.sampled_from([OrganisationKind.ICB, OrganisationKind.OTHER]))
        entities.append(Organisation(id=org, name=f"Org {org}", kind=kind, **_span(pick)))
    people = [f"x{i}" for i in range(pick(st.integers(1, 3)))]
    entities += [Person(id=p, name=f"Person {p}") for p in people]
    bodies = [f"b{i}" for i in range(pick(st.integers(1, 3)))]
    posts = [f"q{i}" for i in range(pick(st.integers(1, 4)))]
    for post in posts:
        entities.append(
            Post(
                id=post,
                name=f"Post {post}",
                kind=pick(
                    st.sampled_from([PostKind.CHAIR, PostKind.NON_EXECUTIVE, PostKind.MEMBER])
                ),
                post_in=[pick(st.sampled_from(orgs + bodies))],
                holder=pick(st.sampled_from([None, *people])),
            )
        )
    for body in bodies:
        entities.append(
            Body(
                id=body,
                name=f"Body {body}",
                kind=pick(
                    st.sampled_from([BodyKind.BOARD, BodyKind.COMMITTEE, BodyKind.PLACE_COMMITTEE])
                ),
                of=pick(st.lists(st.sampled_from(orgs), max_size=2, unique=True)),
                footprint=pick(st.sampled_from([None, *footprints])),
                members=pick(st.lists(st.sampled_from(posts + orgs), max_size=3, unique=True)),
                meets_in_public=pick(st.sampled_from([None, True, False])),
                terms_of_reference=pick(st.sampled_from([None, "ToR"])),
                **_span(pick),
            )
        )
    actors = orgs + bodies + posts
    delegations = [f"d{i}" for i in range(pick(st.integers(0, 4)))]
    for delegation in delegations:
        entities.append(
            Delegation(
                id=delegation,
                delegator=pick(st.sampled_from(actors)),
                delegate=pick(st.sampled_from(actors)),
                decisions=pick(
                    st.lists(st.sampled_from(types), min_size=1, max_size=2, unique=True)
                ),
                footprint=pick(st.sampled_from([None, *footprints])),
                value_max=pick(st.sampled_from(LIMITS)),
                instrument=InstrumentKind.SCHEME_OF_DELEGATION,
                may_subdelegate=pick(st.booleans()),
                **_span(pick),
            )
        )
    for i in range(pick(st.integers(0, 10))):
        low, high = pick(st.sampled_from(LIMITS)), pick(st.sampled_from(LIMITS))
        if low is not None and high is not None and high < low:
            low, high = high, low
        entities.append(
            DecisionRight(
                id=f"r{i}",
                holder=pick(st.sampled_from(actors)),
                decision=pick(st.sampled_from(types)),
                footprint=pick(st.sampled_from(footprints)),
                role=pick(
                    st.sampled_from(
                        [Role.DECIDES, Role.DECIDES, Role.DECIDES, Role.RATIFIES, Role.AGREES]
                    )
                ),
                basis=pick(st.sampled_from([Basis.STATUTORY, Basis.DELEGATED, Basis.DE_FACTO])),
                delegation=pick(st.sampled_from([None, *delegations])),
                value_min=low,
                value_max=high,
                **_span(pick),
            )
        )
    for i in range(pick(st.integers(0, 3))):
        entities.append(
            FundingFlow(
                id=f"f{i}",
                funder=pick(st.sampled_from(actors)),
                recipient=pick(st.sampled_from(actors)),
                **_span(pick),
            )
        )
    return Governance.from_entities(entities)
