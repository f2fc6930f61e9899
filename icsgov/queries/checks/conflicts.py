"""Conflicts of interest: one person on both sides of a decision or of a funding flow.

A person is *on the side of* an actor when they hold a post in it, a post
that is a member of it, or a post in one of its bodies (a board acts for its
organisation). Both sides of a decision are its decider and whoever must
ratify or agree to it (the check on the decision); both sides of a funding
flow are its funder and its recipient.
"""

from __future__ import annotations

from collections.abc import Iterator

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    Body,
    DecisionType,
    Footprint,
    FundingFlow,
    Person,
    Post,
    Programme,
    Role,
)
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.walk import rights_in_force

__all__ = ["sides_of"]

_THEMES = "Emerging themes: leaders' views on system working"


def sides_of(store: GraphStore, person_id: str, as_of: object = None) -> set[str]:
    """Every actor a person is on the side of, through the posts they hold."""
    sides: set[str] = set()
    bodies = store.entities(Body)
    for post in store.entities(Post):
        if post.holder != person_id:
            continue
        sides |= {post.id, *post.post_in}
        sides |= {b.id for b in bodies if post.id in b.members}
    for body in bodies:
        if body.id in sides:
            sides |= set(body.of)
    return sides


def _expand(store: GraphStore, actor_id: str) -> set[str]:
    """An actor and what stands for it (a programme's board and lead)."""
    actor = store.get(actor_id)
    ids = {actor_id}
    if isinstance(actor, Programme):
        ids |= {x for x in (actor.board, actor.lead) if x}
    return ids


@rule(
    "GOV040",
    "conflict-of-interest",
    Severity.WARNING,
    rationale=(
        "System working needs conflicts of interest managed: one person on both sides of a "
        "decision or a funding flow cannot give it independent scrutiny."
    ),
    source=f"{_THEMES}, 'Decision-making' (conflicts of interest)",
    fix="Record how the conflict is managed (and suppress with that reason), or change the post.",
)
def _conflicts(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    store = ctx.store
    people = {p.id: sides_of(store, p.id) for p in store.entities(Person)}
    for flow in store.entities(FundingFlow):
        if not flow.valid_at(ctx.as_of):
            continue
        funder, recipient = _expand(store, flow.funder), _expand(store, flow.recipient)
        for person, sides in people.items():
            if sides & funder and sides & recipient and not funder & recipient:
                yield (
                    flow.id,
                    f"{person} is on both sides of funding flow {flow.id} "
                    f"({flow.funder} to {flow.recipient})",
                    [person],
                )
    footprints = [f.id for f in store.entities(Footprint)]
    for decision in store.entities(DecisionType):
        rights = rights_in_force(store, decision.id, footprints, ctx.as_of)
        deciders = [r for r in rights if r.role is Role.DECIDES]
        checks = [r for r in rights if r.role in (Role.RATIFIES, Role.AGREES)]
        for d in deciders:
            for c in checks:
                if c.holder == d.holder:
                    continue
                for person, sides in people.items():
                    if d.holder in sides and c.holder in sides:
                        yield (
                            d.id,
                            f"{person} is on the side of {d.holder}, which decides "
                            f"'{decision.id}', and of {c.holder}, which must "
                            f"{'ratify' if c.role is Role.RATIFIES else 'agree to'} it",
                            [person, c.id],
                        )
