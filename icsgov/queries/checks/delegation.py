"""Rules about delegated authority: a legal root, scope, value limits, dates, and cycles.

A delegator's *grants* for a decision are what it holds that it could pass
on: its own formal ``decides`` rights (a board also exercises the rights of
the organisation it belongs to) and the delegations made to it. A
delegation is sound when it traces back to a statutory holder (GOV010) and
stays inside some grant's footprint (GOV011), value limit (GOV012) and dates
(GOV013). The delegator stays accountable for what it delegated (PROV
Delegation), so cycles make accountability circular (GOV014, GOV015).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    AccountabilityKind,
    AccountabilityLine,
    Basis,
    Body,
    DecisionRight,
    Delegation,
    Footprint,
    Role,
)
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.checks._shared import rights_by_decision

__all__ = ["Grant", "Grants"]

_FUTURE = "The future of integrated care in England"
_LEADING = "Leading for integrated care"


@dataclass(frozen=True)
class Grant:
    """Something an actor holds for a decision: its own right or a delegation to it."""

    id: str
    via: str
    footprint: str | None
    value_max: float | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    statutory: bool
    may_pass_on: bool
    delegation: str | None


class Grants:
    """What each actor holds for each decision, read once for a run of the rules.

    Built from one pass over the rights (whatever their dates: a grant is
    what an actor ever held) and asked per (actor, decision); also keeps
    each footprint's chain and whether an actor's authority is rooted.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders import load
    >>> held = Grants(MemoryStore(load(["tests/golden/core.yaml"])))
    >>> [(g.id, g.statutory) for g in held.of("glos-icb", "capital")]
    [('r-icb-capital', True)]
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        footprints = {f.id for f in store.entities(Footprint)}
        self._rights: dict[tuple[str, str], list[DecisionRight]] = {}
        for right in store.entities(DecisionRight):  # in id order
            if (
                right.footprint in footprints
                and right.role is Role.DECIDES
                and right.basis is not Basis.DE_FACTO
            ):
                self._rights.setdefault((right.decision, right.holder), []).append(right)
        self._grants: dict[tuple[str, str], list[Grant]] = {}
        self._chains: dict[str, frozenset[str]] = {}
        self._rooted: dict[tuple[str, str], bool] = {}

    def of(self, actor_id: str, decision_id: str) -> list[Grant]:
        """What ``actor_id`` holds for ``decision_id`` (or a broader type), whatever the date."""
        key = (actor_id, decision_id)
        found = self._grants.get(key)
        if found is None:
            found = self._grants[key] = self._read(actor_id, decision_id)
        return found

    def _read(self, actor_id: str, decision_id: str) -> list[Grant]:
        store = self.store
        lineage = [d.id for d in store.decision_lineage(decision_id)]
        holders = [actor_id]
        actor = store.get(actor_id)
        if isinstance(actor, Body):
            holders += actor.of
        found: list[Grant] = []
        for decision in lineage:
            rights = [
                r for h in dict.fromkeys(holders) for r in self._rights.get((decision, h), [])
            ]
            for right in sorted(rights, key=lambda r: r.id):
                found.append(
                    Grant(
                        right.id,
                        "right",
                        right.footprint,
                        right.value_max,
                        right.valid_from,
                        right.valid_to,
                        right.basis is Basis.STATUTORY,
                        _may_pass_on(store, right.delegation),
                        right.delegation,
                    )
                )
        for delegation in store.delegations(actor_id, "up", None):
            if set(delegation.decisions) & set(lineage):
                found.append(
                    Grant(
                        delegation.id,
                        "delegation",
                        delegation.footprint,
                        delegation.value_max,
                        delegation.valid_from,
                        delegation.valid_to,
                        False,
                        delegation.may_subdelegate,
                        delegation.id,
                    )
                )
        return found

    def within(self, inner: str | None, outer: str | None) -> bool:
        """True when a delegation's footprint ``inner`` lies inside a grant's ``outer``.

        A delegation with no footprint passes the power wherever the delegator
        holds it, so it is always inside; a grant with none holds everywhere.
        """
        if outer is None or inner is None:
            return True
        chain = self._chains.get(inner)
        if chain is None:
            chain = self._chains[inner] = frozenset(f.id for f in self.store.footprint_chain(inner))
        return outer in chain

    def rooted(self, actor_id: str, decision_id: str) -> bool:
        """True when the actor's authority for the decision traces back to a statutory holder.

        The delegators reachable from the actor through its grants' delegations
        are searched once (each actor once): rooted when one of them, or the
        actor, holds a statutory right.
        """
        key = (actor_id, decision_id)
        found = self._rooted.get(key)
        if found is None:
            found = self._rooted[key] = self._search(actor_id, decision_id)
        return found

    def _search(self, actor_id: str, decision_id: str) -> bool:
        seen = {actor_id}
        todo = [actor_id]
        while todo:
            for grant in self.of(todo.pop(), decision_id):
                if grant.statutory:
                    return True
                if grant.delegation is None:
                    continue
                delegation = self.store.get(grant.delegation)
                if isinstance(delegation, Delegation) and delegation.delegator not in seen:
                    seen.add(delegation.delegator)
                    todo.append(delegation.delegator)
        return False


def _may_pass_on(store: GraphStore, delegation_id: str | None) -> bool:
    if delegation_id is None:
        return True
    delegation = store.get(delegation_id)
    return not isinstance(delegation, Delegation) or delegation.may_subdelegate


def _grants(ctx: CheckContext) -> Grants:
    return ctx.shared("grants", lambda c: Grants(c.store))


def _delegated_rights(ctx: CheckContext) -> dict[tuple[str, str], list[DecisionRight]]:
    """Rights in force held under each delegation, by (decision, delegation), in id order."""

    def build(c: CheckContext) -> dict[tuple[str, str], list[DecisionRight]]:
        found: dict[tuple[str, str], list[DecisionRight]] = {}
        for decision, rights in rights_by_decision(c).items():
            for right in rights:
                if right.delegation is not None:
                    found.setdefault((decision, right.delegation), []).append(right)
        return found

    return ctx.shared("delegated rights", build)


def _delegations(ctx: CheckContext) -> list[Delegation]:
    return [d for d in ctx.store.entities(Delegation) if d.valid_at(ctx.as_of)]


@rule(
    "GOV010",
    "delegation-without-statutory-root",
    Severity.ERROR,
    rationale=(
        "Delegated authority is only as good as the power it comes from: every chain of "
        "delegation must end at a body that holds the power in law, which stays accountable."
    ),
    source=f"{_LEADING}, 'Governance'",
    fix="Record the delegator's statutory right, or the delegation that gave it the power.",
)
def _no_root(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    held = _grants(ctx)
    for delegation in _delegations(ctx):
        for decision in delegation.decisions:
            if not held.rooted(delegation.delegator, decision):
                yield (
                    delegation.id,
                    f"{delegation.delegator} delegates '{decision}' to {delegation.delegate} "
                    "but its authority does not trace back to a statutory holder",
                    [delegation.delegator, decision],
                )


@rule(
    "GOV011",
    "delegation-exceeds-scope",
    Severity.ERROR,
    rationale=(
        "A delegator can pass on only what it holds: the footprint it holds the power for, "
        "and only if its own delegation allows sub-delegation."
    ),
    source=f"{_FUTURE}, section 3 iv (governance that is simple and transparent)",
    fix="Narrow the delegation's footprint, or allow sub-delegation in the delegation above.",
)
def _scope(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    grants_of = _grants(ctx)
    for delegation in _delegations(ctx):
        for decision in delegation.decisions:
            held = grants_of.of(delegation.delegator, decision)
            if not held:
                continue  # GOV010 reports it
            inside = [g for g in held if grants_of.within(delegation.footprint, g.footprint)]
            if not inside:
                where = ", ".join(sorted({g.footprint or "anywhere" for g in held}))
                yield (
                    delegation.id,
                    f"'{decision}' is delegated for {delegation.footprint or 'every footprint'} "
                    f"but {delegation.delegator} holds it only for {where}",
                    [g.id for g in held],
                )
            elif not any(g.may_pass_on for g in inside):
                yield (
                    delegation.id,
                    f"{delegation.delegator} sub-delegates '{decision}' although what it holds "
                    f"({', '.join(_grant_text(g) for g in inside)}) does not allow "
                    "sub-delegation",
                    [g.id for g in inside],
                )


def _grant_text(grant: Grant) -> str:
    """ "right r1 (by delegation d0)" or "delegation d1": a right is never called a delegation."""
    if grant.via == "right":
        return f"right {grant.id}" + (
            f" (by delegation {grant.delegation})" if grant.delegation else ""
        )
    return f"{grant.via} {grant.id}"


def _money(value: float | None) -> str:
    return "no limit" if value is None else f"£{value:,.0f}"


@rule(
    "GOV012",
    "delegation-exceeds-value-limit",
    Severity.ERROR,
    rationale=(
        "A delegation cannot pass on more money than the delegator may commit, and a right "
        "held under a delegation must stay within the delegation's limit."
    ),
    source=f"{_FUTURE}, section 3 iv (governance that is simple and transparent)",
    fix="Lower the delegation's value_max (or the right's), or raise the delegator's limit.",
)
def _value(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    grants_of = _grants(ctx)
    for delegation in _delegations(ctx):
        for decision in delegation.decisions:
            held = [
                g
                for g in grants_of.of(delegation.delegator, decision)
                if grants_of.within(delegation.footprint, g.footprint)
            ]
            if not held or any(g.value_max is None for g in held):
                continue
            cap = max(g.value_max for g in held if g.value_max is not None)
            if delegation.value_max is None or delegation.value_max > cap:
                yield (
                    delegation.id,
                    f"'{decision}' is delegated with {_money(delegation.value_max)} but "
                    f"{delegation.delegator} may itself commit at most {_money(cap)}",
                    [g.id for g in held],
                )
    under = _delegated_rights(ctx)
    for delegation in _delegations(ctx):
        if delegation.value_max is None:
            continue
        for decision in delegation.decisions:
            for right in under.get((decision, delegation.id), []):
                if right.value_max is None or right.value_max > delegation.value_max:
                    yield (
                        right.id,
                        f"{right.holder} holds '{decision}' up to {_money(right.value_max)} "
                        f"under delegation {delegation.id}, limited to "
                        f"{_money(delegation.value_max)}",
                        [delegation.id],
                    )


def _covers(grant: Grant, start: dt.date | None, end: dt.date | None) -> bool:
    starts_ok = grant.valid_from is None or (start is not None and grant.valid_from <= start)
    ends_ok = grant.valid_to is None or (end is not None and grant.valid_to >= end)
    return starts_ok and ends_ok


def _span(start: dt.date | None, end: dt.date | None) -> str:
    return f"{start or 'the beginning'} to {end or 'open end'}"


@rule(
    "GOV013",
    "delegation-outside-dates",
    Severity.ERROR,
    rationale=(
        "A power cannot be delegated before the delegator holds it or after it has lost it "
        "(CCGs' powers ended on 30 June 2022 when ICBs took over)."
    ),
    source=f"{_LEADING}, 'Governance' (CCG mergers and the move to system working)",
    fix="Align the delegation's valid_from/valid_to with the delegator's authority.",
)
def _dates(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    grants_of = _grants(ctx)
    under = _delegated_rights(ctx)
    for delegation in _delegations(ctx):
        for decision in delegation.decisions:
            held = grants_of.of(delegation.delegator, decision)
            if held and not any(
                _covers(g, delegation.valid_from, delegation.valid_to) for g in held
            ):
                yield (
                    delegation.id,
                    f"'{decision}' is delegated for "
                    f"{_span(delegation.valid_from, delegation.valid_to)}, longer than "
                    f"{delegation.delegator} holds it",
                    [g.id for g in held],
                )
            for right in under.get((decision, delegation.id), []):
                grant = Grant(
                    delegation.id,
                    "delegation",
                    None,
                    None,
                    delegation.valid_from,
                    delegation.valid_to,
                    False,
                    True,
                    delegation.id,
                )
                if not _covers(grant, right.valid_from, right.valid_to):
                    yield (
                        right.id,
                        f"{right.holder}'s right runs {_span(right.valid_from, right.valid_to)}"
                        f", outside delegation {delegation.id} "
                        f"({_span(delegation.valid_from, delegation.valid_to)})",
                        [delegation.id],
                    )


def _cycles(edges: list[tuple[str, str, str]]) -> list[list[str]]:
    """Cycles as lists of edge ids, each starting at its smallest id."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for source, target, key in edges:
        graph.add_edge(source, target, key=key)
    found: list[list[str]] = []
    for cycle in nx.simple_cycles(nx.DiGraph(graph)):
        pairs = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        ids = sorted({key for u, v in pairs for key in graph[u][v]})
        found.append(ids)
    return sorted(found)


@rule(
    "GOV014",
    "delegation-cycle",
    Severity.ERROR,
    rationale=(
        "A delegation that comes back to where it started has no holder in law at its root; "
        "the delegator remains accountable, so the chain must end somewhere."
    ),
    source=f"{_LEADING}, 'Governance'",
    fix="Remove one delegation of the cycle; record where the power comes from in law.",
)
def _delegation_cycles(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    edges = [(d.delegator, d.delegate, d.id) for d in _delegations(ctx)]
    for ids in _cycles(edges):
        yield ids[0], f"delegations form a cycle: {' -> '.join(ids)}", ids


@rule(
    "GOV015",
    "managerial-cycle",
    Severity.ERROR,
    rationale=(
        "Managerial lines that loop back make nobody finally answerable; the web of "
        "accountability is tangled enough without circular line management."
    ),
    source=f"{_LEADING}, 'Governance' (the web of accountability)",
    fix="Remove or re-point one managerial line of the cycle.",
)
def _managerial_cycles(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    lines = [
        line
        for line in ctx.store.entities(AccountabilityLine)
        if line.kind is AccountabilityKind.MANAGERIAL and line.valid_at(ctx.as_of)
    ]
    for ids in _cycles([(x.actor, x.answers_to, x.id) for x in lines]):
        yield ids[0], f"managerial lines form a cycle: {' -> '.join(ids)}", ids
