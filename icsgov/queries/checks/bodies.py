"""Rules about boards and committees: who sits on them, meeting in public, terms, challenge."""

from __future__ import annotations

from collections.abc import Iterator

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    Body,
    BodyKind,
    DecisionType,
    Footprint,
    Level,
    Organisation,
    Post,
    Role,
)
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.checks._shared import rights_by_decision

__all__ = ["BOARD_KINDS", "member_organisations", "member_posts", "posts_by_body"]

_FUTURE = "The future of integrated care in England"
_LEADING = "Leading for integrated care"
_THEMES = "Emerging themes: leaders' views on system working"

BOARD_KINDS = frozenset(
    {
        BodyKind.BOARD,
        BodyKind.GOVERNING_BODY,
        BodyKind.INTEGRATED_CARE_PARTNERSHIP,
        BodyKind.JOINT_COMMITTEE,
        BodyKind.COMMITTEES_IN_COMMON,
        BodyKind.PLACE_COMMITTEE,
        BodyKind.PLACE_PARTNERSHIP,
    }
)
"""Kinds of body that govern a system or a place (the ones representation rules apply to)."""


def member_posts(
    store: GraphStore, body: Body, posts_in: dict[str, list[Post]] | None = None
) -> list[Post]:
    """Posts on the body: listed as members, or held in the body itself.

    ``posts_in`` (from :func:`posts_by_body`) saves reading every post for
    each body when many bodies are asked about.
    """
    posts = {m: store.get(m) for m in body.members}
    held = posts_by_body(store) if posts_in is None else posts_in
    for post in held.get(body.id, []):
        posts[post.id] = post
    return [p for p in posts.values() if isinstance(p, Post)]


def posts_by_body(store: GraphStore) -> dict[str, list[Post]]:
    """Every post by the bodies (and organisations) it is held in, each list in id order."""
    found: dict[str, list[Post]] = {}
    for post in store.entities(Post):
        for owner in dict.fromkeys(post.post_in):
            found.setdefault(owner, []).append(post)
    return found


def member_organisations(store: GraphStore, body: Body) -> list[Organisation]:
    """Organisations on the body: members, the organisations of member posts and bodies."""
    found: dict[str, Organisation] = {}
    for member_id in body.members:
        member = store.get(member_id)
        ids: list[str] = []
        if isinstance(member, Organisation):
            ids = [member.id]
        elif isinstance(member, Post):
            ids = [member.represents] if member.represents else list(member.post_in)
        elif isinstance(member, Body):
            ids = list(member.of)
        for org_id in ids:
            org = store.get(org_id)
            if isinstance(org, Organisation):
                found[org.id] = org
    return list(found.values())


def _level(store: GraphStore, body: Body) -> Level | None:
    if body.footprint is None:
        return None
    footprint = store.get(body.footprint)
    return footprint.level if isinstance(footprint, Footprint) else None


def _governing(ctx: CheckContext, levels: tuple[Level, ...]) -> Iterator[Body]:
    for body in ctx.store.entities(Body):
        if (
            body.kind in BOARD_KINDS
            and body.valid_at(ctx.as_of)
            and body.members
            and _level(ctx.store, body) in levels
        ):
            yield body


@rule(
    "GOV020",
    "board-missing-representation",
    Severity.WARNING,
    rationale=(
        "Minimum governance criteria: providers (including primary care networks) and local "
        "authorities should be represented at system and place."
    ),
    source=f"{_FUTURE}, section 3 iv 'Size and governance of systems'",
    fix="Add a local-authority and a provider (trust, PCN or practice) member to the body.",
)
def _representation(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    for body in _governing(ctx, (Level.SYSTEM, Level.PLACE)):
        orgs = member_organisations(ctx.store, body)
        missing = []
        if not any(o.kind.is_local_authority for o in orgs):
            missing.append("a local authority")
        if not any(o.kind.is_provider for o in orgs):
            missing.append("a provider (incl. primary care)")
        if missing:
            yield body.id, f"{body.name} has no member from {' or '.join(missing)}", []


def decision_bodies(ctx: CheckContext) -> list[Body]:
    """Bodies holding a decides or ratifies right on the date (in practice or formally)."""
    store = ctx.store
    in_force = rights_by_decision(ctx)
    holders = {
        r.holder
        for d in store.entities(DecisionType)
        for r in in_force.get(d.id, [])
        if r.role in (Role.DECIDES, Role.RATIFIES)
    }
    return [b for b in store.entities(Body) if b.id in holders and b.valid_at(ctx.as_of)]


@rule(
    "GOV021",
    "decision-board-not-in-public",
    Severity.WARNING,
    rationale=(
        "Bodies that take decisions about public money should meet in public; Nottingham and "
        "Nottinghamshire's ICS board did so from April 2019, as stewards of £3.3bn."
    ),
    source=f"{_LEADING}, 'Governance'; {_FUTURE}, section 3 iv (transparent governance)",
    fix="Set meets_in_public: true once the body meets in public (or record why it cannot).",
)
def _in_public(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    for body in decision_bodies(ctx):
        if body.meets_in_public is not True:
            state = "does not meet" if body.meets_in_public is False else "is not recorded as"
            extra = " meeting" if body.meets_in_public is None else ""
            yield body.id, f"{body.name} takes decisions but {state}{extra} in public", []


@rule(
    "GOV022",
    "decision-board-without-terms",
    Severity.WARNING,
    rationale=(
        "Governance must be transparent and clearly communicated to all partners: a body "
        "that takes decisions should publish its terms of reference."
    ),
    source=f"{_FUTURE}, section 3 iv 'Size and governance of systems'",
    fix="Record terms_of_reference (a reference or link) for the body.",
)
def _terms(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    for body in decision_bodies(ctx):
        if not body.terms_of_reference:
            yield body.id, f"{body.name} takes decisions but has no terms of reference", []


@rule(
    "GOV023",
    "no-lay-challenge",
    Severity.WARNING,
    rationale=(
        "Lay and non-executive challenge should be built into the development and assurance "
        "of system-wide plans."
    ),
    source=f"{_THEMES}, 'Accountability and challenge'",
    fix="Add a non-executive, lay member or independent chair to the system board.",
)
def _lay(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    posts_in = ctx.shared("posts by body", lambda c: posts_by_body(c.store))
    for body in _governing(ctx, (Level.SYSTEM,)):
        if not any(p.kind.is_independent for p in member_posts(ctx.store, body, posts_in)):
            yield body.id, f"{body.name} has no lay member, non-executive or independent chair", []
