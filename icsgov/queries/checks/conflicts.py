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
    DecisionRight,
    DecisionType,
    FundingFlow,
    Person,
    Post,
    Programme,
    Role,
)
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.checks._shared import rights_by_decision

__all__ = ["sides_of"]

_THEMES = "Emerging themes: leaders' views on system working"


def sides_of(store: GraphStore, person_id: str, as_of: object = None) -> set[str]:
    """Every actor a person is on the side of, through the posts they hold."""
    return _sides(store).get(person_id, set())


def _sides(store: GraphStore) -> dict[str, set[str]]:
    """Every person's sides, from one pass over the posts and bodies."""
    bodies = store.entities(Body)
    on_bodies: dict[str, set[str]] = {}
    for body in bodies:
        for member in body.members:
            on_bodies.setdefault(member, set()).add(body.id)
    of = {body.id: body.of for body in bodies}
    found: dict[str, set[str]] = {}
    for post in store.entities(Post):
        if post.holder is None:
            continue
        sides = found.setdefault(post.holder, set())
        sides |= {post.id, *post.post_in}
        sides |= on_bodies.get(post.id, set())
    for sides in found.values():
        for side in [s for s in sides if s in of]:
            sides |= set(of[side])
    return found


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
    everyone = _sides(store)
    order = {p.id: i for i, p in enumerate(store.entities(Person))}
    # who is on the side of each actor: the index the pairs below join on
    people: dict[str, list[str]] = {}
    for person in order:
        for side in everyone.get(person, set()):
            people.setdefault(side, []).append(person)  # in person order
    for flow in store.entities(FundingFlow):
        if not flow.valid_at(ctx.as_of):
            continue
        funder, recipient = _expand(store, flow.funder), _expand(store, flow.recipient)
        if funder & recipient:
            continue
        paying = {p for side in funder for p in people.get(side, [])}
        both = {p for side in recipient for p in people.get(side, []) if p in paying}
        for person in sorted(both, key=order.__getitem__):
            yield (
                flow.id,
                f"{person} is on both sides of funding flow {flow.id} "
                f"({flow.funder} to {flow.recipient})",
                [person],
            )
    in_force = rights_by_decision(ctx)
    for decision in store.entities(DecisionType):
        rights = in_force.get(decision.id, [])
        checks_of: dict[str, list[DecisionRight]] = {}  # person -> ratify/agree rights, id order
        for c in rights:
            if c.role in (Role.RATIFIES, Role.AGREES):
                for person in people.get(c.holder, []):
                    checks_of.setdefault(person, []).append(c)
        if not checks_of:
            continue
        found: list[tuple[str, str, int, str, DecisionRight, DecisionRight]] = []
        for d in rights:
            if d.role is not Role.DECIDES:
                continue
            for person in people.get(d.holder, []):
                for c in checks_of.get(person, []):
                    if c.holder != d.holder:
                        found.append((d.id, c.id, order[person], person, d, c))
        found.sort(key=lambda f: f[:3])  # decider, then check, then person: one loop's order
        for _d, _c, _position, person, d, c in found:
            yield (
                d.id,
                f"{person} is on the side of {d.holder}, which decides "
                f"'{decision.id}', and of {c.holder}, which must "
                f"{'ratify' if c.role is Role.RATIFIES else 'agree to'} it",
                [person, c.id],
            )
