"""Naive governance checks, written from docs/checks.md with plain loops over every record.

The rules in :mod:`icsgov.queries.checks` join on indexes built once a run, so
that a national graph is checked in seconds. These are the same rules as first
written: every delegation asks every right of every footprint, every pair of
rights is compared, every person's sides are found by reading every post and
body. It imports nothing from :mod:`icsgov.queries` (in force is the naive
audit's reading of docs/who-decides.md), so ``tests/test_check_oracle.py`` can
require the fast rules to give exactly these findings, in the same order:
(rule, target, message, related ids).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from icsgov.ontology.model import (
    Basis,
    Body,
    BodyKind,
    DecisionRight,
    DecisionType,
    Delegation,
    Footprint,
    FundingFlow,
    Level,
    Person,
    Post,
    Programme,
    Role,
)
from icsgov.ontology.money import format_band
from tests.oracle.naive_audit import NaiveAudit

Found = tuple[str, str, str, list[str]]
"""(rule, target, message, related ids)."""

BOARDS = {
    BodyKind.BOARD,
    BodyKind.GOVERNING_BODY,
    BodyKind.INTEGRATED_CARE_PARTNERSHIP,
    BodyKind.JOINT_COMMITTEE,
    BodyKind.COMMITTEES_IN_COMMON,
    BodyKind.PLACE_COMMITTEE,
    BodyKind.PLACE_PARTNERSHIP,
}


class NaiveChecks(NaiveAudit):
    """The rules on one ``Governance`` and date, each a loop over the records."""

    def __init__(self, gov: object, as_of: dt.date | None) -> None:
        super().__init__(gov)  # type: ignore[arg-type]
        self.as_of = as_of
        self.all = sorted(self.gov, key=lambda e: e.id)

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        return [e for e in self.all if isinstance(e, kind)]

    def valid(self, entity: object) -> bool:
        return self.as_of is None or self.alive(entity, self.as_of)  # type: ignore[arg-type]

    def forced(self, right: DecisionRight) -> bool:
        """A right in force on the date (whatever the date when none is asked)."""
        return self.as_of is None or self.in_force(right, self.as_of)

    def in_force_rights(self, decision: str) -> list[DecisionRight]:
        footprints = {f.id for f in self.of(Footprint)}
        return [
            r
            for r in self.of(DecisionRight)
            if r.decision == decision and r.footprint in footprints and self.forced(r)
        ]

    def delegations_valid(self) -> list[Delegation]:
        return [d for d in self.of(Delegation) if self.valid(d)]

    # --- GOV002, GOV004 -------------------------------------------------------------

    def overlaps(self) -> Iterator[Found]:
        for decision in self.of(DecisionType):
            rights = [r for r in self.in_force_rights(decision.id) if r.role is Role.DECIDES]
            for i, a in enumerate(rights):
                for b in rights[i + 1 :]:
                    formal = (a.basis is Basis.DE_FACTO) == (b.basis is Basis.DE_FACTO)
                    low = max(a.value_min or 0.0, b.value_min or 0.0)
                    highs = [r.value_max for r in (a, b) if r.value_max is not None]
                    if (
                        a.footprint == b.footprint
                        and a.holder != b.holder
                        and formal
                        and (not highs or low <= min(highs))
                    ):
                        shared = format_band(low or None, min(highs) if highs else None)
                        yield (
                            "GOV002",
                            b.id,
                            f"{a.holder} ({a.id}, {format_band(a.value_min, a.value_max)}) and "
                            f"{b.holder} ({b.id}, {format_band(b.value_min, b.value_max)}) both "
                            f"decide '{decision.id}' at {a.footprint} for {shared}",
                            [a.id, b.id],
                        )

    def de_facto(self) -> Iterator[Found]:
        for decision in self.of(DecisionType):
            for right in self.in_force_rights(decision.id):
                if right.role is not Role.DECIDES or right.basis is not Basis.DE_FACTO:
                    continue
                chain = self.chain(right.footprint)
                ratifiers = [
                    r
                    for d in self.lineage(decision.id)
                    for r in self.in_force_rights(d)
                    if r.footprint in chain
                    and r.role is Role.RATIFIES
                    and r.basis in (Basis.STATUTORY, Basis.DELEGATED)
                ]
                if not ratifiers:
                    yield (
                        "GOV004",
                        right.id,
                        f"{right.holder} decides '{decision.id}' in practice at "
                        f"{right.footprint} and no statutory body ratifies it",
                        [right.holder],
                    )

    # --- GOV010 to GOV013: what a delegator holds -------------------------------------

    def grants(self, actor: str, decision: str) -> list[tuple]:  # type: ignore[type-arg]
        """(id, via, footprint, value_max, from, to, statutory, may pass on, delegation)."""
        lineage = self.lineage(decision)
        holders = [actor]
        found_actor = self.get(actor)
        if isinstance(found_actor, Body):
            holders += found_actor.of
        footprints = {f.id for f in self.of(Footprint)}
        found: list[tuple] = []  # type: ignore[type-arg]
        for d in lineage:
            for r in self.of(DecisionRight):
                if (
                    r.decision == d
                    and r.footprint in footprints
                    and r.holder in holders
                    and r.role is Role.DECIDES
                    and r.basis is not Basis.DE_FACTO
                ):
                    under = self.get(r.delegation)
                    passes = not isinstance(under, Delegation) or under.may_subdelegate
                    found.append(
                        (
                            r.id,
                            "right",
                            r.footprint,
                            r.value_max,
                            r.valid_from,
                            r.valid_to,
                            r.basis is Basis.STATUTORY,
                            passes,
                            r.delegation,
                        )
                    )
        for g in self.of(Delegation):
            if g.delegate == actor and set(g.decisions) & set(lineage):
                found.append(
                    (
                        g.id,
                        "delegation",
                        g.footprint,
                        g.value_max,
                        g.valid_from,
                        g.valid_to,
                        False,
                        g.may_subdelegate,
                        g.id,
                    )
                )
        return found

    def rooted(self, actor: str, decision: str, seen: frozenset[str] = frozenset()) -> bool:
        if actor in seen:
            return False
        for grant in self.grants(actor, decision):
            if grant[6]:
                return True
            under = self.get(grant[8])
            if isinstance(under, Delegation) and self.rooted(
                under.delegator, decision, seen | {actor}
            ):
                return True
        return False

    def within(self, inner: str | None, outer: str | None) -> bool:
        return outer is None or inner is None or outer in self.chain(inner)

    def no_root(self) -> Iterator[Found]:
        for g in self.delegations_valid():
            for decision in g.decisions:
                if not self.rooted(g.delegator, decision):
                    yield (
                        "GOV010",
                        g.id,
                        f"{g.delegator} delegates '{decision}' to {g.delegate} "
                        "but its authority does not trace back to a statutory holder",
                        [g.delegator, decision],
                    )

    def scope(self) -> Iterator[Found]:
        for g in self.delegations_valid():
            for decision in g.decisions:
                held = self.grants(g.delegator, decision)
                if not held:
                    continue
                inside = [h for h in held if self.within(g.footprint, h[2])]
                if not inside:
                    where = ", ".join(sorted({h[2] or "anywhere" for h in held}))
                    yield (
                        "GOV011",
                        g.id,
                        f"'{decision}' is delegated for {g.footprint or 'every footprint'} "
                        f"but {g.delegator} holds it only for {where}",
                        [h[0] for h in held],
                    )
                elif not any(h[7] for h in inside):
                    what = ", ".join(
                        (f"right {h[0]}" + (f" (by delegation {h[8]})" if h[8] else ""))
                        if h[1] == "right"
                        else f"delegation {h[0]}"
                        for h in inside
                    )
                    yield (
                        "GOV011",
                        g.id,
                        f"{g.delegator} sub-delegates '{decision}' although what it holds "
                        f"({what}) does not allow sub-delegation",
                        [h[0] for h in inside],
                    )

    def value(self) -> Iterator[Found]:
        for g in self.delegations_valid():
            for decision in g.decisions:
                held = [
                    h for h in self.grants(g.delegator, decision) if self.within(g.footprint, h[2])
                ]
                if not held or any(h[3] is None for h in held):
                    continue
                cap = max(h[3] for h in held)
                if g.value_max is None or g.value_max > cap:
                    yield (
                        "GOV012",
                        g.id,
                        f"'{decision}' is delegated with {_money(g.value_max)} but "
                        f"{g.delegator} may itself commit at most {_money(cap)}",
                        [h[0] for h in held],
                    )
        for g in self.delegations_valid():
            if g.value_max is None:
                continue
            for decision in g.decisions:
                for r in self.in_force_rights(decision):
                    if r.delegation == g.id and (r.value_max is None or r.value_max > g.value_max):
                        yield (
                            "GOV012",
                            r.id,
                            f"{r.holder} holds '{decision}' up to {_money(r.value_max)} "
                            f"under delegation {g.id}, limited to {_money(g.value_max)}",
                            [g.id],
                        )

    def dates(self) -> Iterator[Found]:
        for g in self.delegations_valid():
            for decision in g.decisions:
                held = self.grants(g.delegator, decision)
                if held and not any(_covers(h[4], h[5], g.valid_from, g.valid_to) for h in held):
                    yield (
                        "GOV013",
                        g.id,
                        f"'{decision}' is delegated for {_span(g.valid_from, g.valid_to)}, "
                        f"longer than {g.delegator} holds it",
                        [h[0] for h in held],
                    )
                for r in self.in_force_rights(decision):
                    if r.delegation == g.id and not _covers(
                        g.valid_from, g.valid_to, r.valid_from, r.valid_to
                    ):
                        yield (
                            "GOV013",
                            r.id,
                            f"{r.holder}'s right runs {_span(r.valid_from, r.valid_to)}, "
                            f"outside delegation {g.id} ({_span(g.valid_from, g.valid_to)})",
                            [g.id],
                        )

    # --- GOV021, GOV022, GOV023 ---------------------------------------------------------

    def deciding_bodies(self) -> list[Body]:
        holders = {
            r.holder
            for d in self.of(DecisionType)
            for r in self.in_force_rights(d.id)
            if r.role in (Role.DECIDES, Role.RATIFIES)
        }
        return [b for b in self.of(Body) if b.id in holders and self.valid(b)]

    def in_public(self) -> Iterator[Found]:
        for body in self.deciding_bodies():
            if body.meets_in_public is not True:
                state = "does not meet" if body.meets_in_public is False else "is not recorded as"
                extra = " meeting" if body.meets_in_public is None else ""
                yield (
                    "GOV021",
                    body.id,
                    f"{body.name} takes decisions but {state}{extra} in public",
                    [],
                )

    def terms(self) -> Iterator[Found]:
        for body in self.deciding_bodies():
            if not body.terms_of_reference:
                yield (
                    "GOV022",
                    body.id,
                    f"{body.name} takes decisions but has no terms of reference",
                    [],
                )

    def lay(self) -> Iterator[Found]:
        for body in self.of(Body):
            home = self.get(body.footprint)
            if not (
                body.kind in BOARDS
                and self.valid(body)
                and body.members
                and isinstance(home, Footprint)
                and home.level is Level.SYSTEM
            ):
                continue
            posts = [self.get(m) for m in body.members]
            posts += [p for p in self.of(Post) if body.id in p.post_in]
            if not any(isinstance(p, Post) and p.kind.is_independent for p in posts):
                yield (
                    "GOV023",
                    body.id,
                    f"{body.name} has no lay member, non-executive or independent chair",
                    [],
                )

    # --- GOV040 -------------------------------------------------------------------------

    def sides(self, person: str) -> set[str]:
        sides: set[str] = set()
        for post in self.of(Post):
            if post.holder == person:
                sides |= {post.id, *post.post_in}
                sides |= {b.id for b in self.of(Body) if post.id in b.members}
        for body in self.of(Body):
            if body.id in sides:
                sides |= set(body.of)
        return sides

    def expand(self, actor: str) -> set[str]:
        found = self.get(actor)
        ids = {actor}
        if isinstance(found, Programme):
            ids |= {x for x in (found.board, found.lead) if x}
        return ids

    def conflicts(self) -> Iterator[Found]:
        people = {p.id: self.sides(p.id) for p in self.of(Person)}
        for flow in self.of(FundingFlow):
            if not self.valid(flow):
                continue
            funder, recipient = self.expand(flow.funder), self.expand(flow.recipient)
            for person, sides in people.items():
                if sides & funder and sides & recipient and not funder & recipient:
                    yield (
                        "GOV040",
                        flow.id,
                        f"{person} is on both sides of funding flow {flow.id} "
                        f"({flow.funder} to {flow.recipient})",
                        [person],
                    )
        for decision in self.of(DecisionType):
            rights = self.in_force_rights(decision.id)
            for d in (r for r in rights if r.role is Role.DECIDES):
                for c in (r for r in rights if r.role in (Role.RATIFIES, Role.AGREES)):
                    if c.holder == d.holder:
                        continue
                    for person, sides in people.items():
                        if d.holder in sides and c.holder in sides:
                            must = "ratify" if c.role is Role.RATIFIES else "agree to"
                            yield (
                                "GOV040",
                                d.id,
                                f"{person} is on the side of {d.holder}, which decides "
                                f"'{decision.id}', and of {c.holder}, which must {must} it",
                                [person, c.id],
                            )

    def findings(self, rule: str) -> list[Found]:
        rules = {
            "GOV002": self.overlaps,
            "GOV004": self.de_facto,
            "GOV010": self.no_root,
            "GOV011": self.scope,
            "GOV012": self.value,
            "GOV013": self.dates,
            "GOV021": self.in_public,
            "GOV022": self.terms,
            "GOV023": self.lay,
            "GOV040": self.conflicts,
        }
        return list(rules[rule]())


RULES = (
    "GOV002",
    "GOV004",
    "GOV010",
    "GOV011",
    "GOV012",
    "GOV013",
    "GOV021",
    "GOV022",
    "GOV023",
    "GOV040",
)


def _money(value: float | None) -> str:
    return "no limit" if value is None else f"£{value:,.0f}"


def _covers(
    start: dt.date | None,
    end: dt.date | None,
    inner_start: dt.date | None,
    inner_end: dt.date | None,
) -> bool:
    """A grant from ``start`` to ``end`` covers the whole of ``inner_start``..``inner_end``."""
    starts_ok = start is None or (inner_start is not None and start <= inner_start)
    ends_ok = end is None or (inner_end is not None and end >= inner_end)
    return starts_ok and ends_ok


def _span(start: dt.date | None, end: dt.date | None) -> str:
    return f"{start or 'the beginning'} to {end or 'open end'}"
