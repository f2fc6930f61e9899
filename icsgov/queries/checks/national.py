"""Local over national: a local scheme refines the national baseline, never silently contradicts it.

A national rule (:mod:`icsgov.national.rules`) gives a power to every
organisation of a kind: every ICB commissions primary medical services by
delegation from NHS England. A local scheme may refine it: a place
committee decides it at Wakefield by delegation from the ICB. "Who decides"
then answers with the local right (:func:`icsgov.queries.walk`). But a local
``decides`` right for the same decision, inside the footprint of a national
right, whose authority does not trace back through delegations to the
national holder claims a power the law or the national delegation gives to
someone else: that is reported here, not resolved silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from icsgov.national.rules import PREFIX, rule_of
from icsgov.ontology.model import Basis, Body, BodyKind, DecisionRight, Delegation, Role
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.walk import in_force_span

__all__: list[str] = []

_DEPTH = 6
_BOARDS = (BodyKind.BOARD, BodyKind.GOVERNING_BODY)


@rule(
    "GOV070",
    "contradicts-national-rule",
    Severity.WARNING,
    rationale=(
        "A power the law or a national delegation gives to every organisation of a kind (every "
        "ICB, every upper-tier council, NHS England) can be passed on locally, but only by its "
        "holder: a local scheme whose decision-maker does not trace back to that holder "
        "contradicts the national baseline, and answers would otherwise follow the local "
        "record silently."
    ),
    source=(
        "National Health Service Act 2006 s.65Z5 (joint working and delegation); NHS England, "
        "delegation of primary medical, pharmaceutical, ophthalmic and dental functions to ICBs "
        "(NHS England stays accountable); icsgov/national/rules.yaml"
    ),
    fix=(
        "Record the delegation from the national rule's holder (the ICB, council or NHS England) "
        "to the local decision-maker, or correct the local right's decision type or footprint."
    ),
)
def _contradicts(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    store = ctx.store
    national: dict[str, list[DecisionRight]] = defaultdict(list)
    local: list[DecisionRight] = []
    for right in store.entities(DecisionRight):
        if right.role is not Role.DECIDES or not right.valid_at(ctx.as_of):
            continue
        (national[right.decision] if right.id.startswith(PREFIX) else local).append(right)
    for right in sorted(local, key=lambda r: r.id):
        rivals = national.get(right.decision)
        if not rivals:
            continue
        chain = [f.id for f in store.footprint_chain(right.footprint)]
        nearest = sorted(
            (r for r in rivals if r.footprint in chain),
            key=lambda r: (chain.index(r.footprint), r.id),
        )
        for rival in nearest:  # the most local national holder is the one to trace to
            if not _overlap(ctx, right, rival):
                continue
            if _traces(ctx, right, rival.holder):
                continue
            yield (
                right.id,
                f"{_name(ctx, right.holder)} decides '{_name(ctx, right.decision)}' at "
                f"{_name(ctx, right.footprint)} ({right.basis.value.replace('_', '-')}), but by "
                f"national rule {rule_of(rival.id)} {_name(ctx, rival.holder)} holds it there "
                "and no delegation from it to this holder is recorded",
                [rival.id],
            )
            break


def _overlap(ctx: CheckContext, a: DecisionRight, b: DecisionRight) -> bool:
    (a0, a1), (b0, b1) = in_force_span(ctx.store, a), in_force_span(ctx.store, b)
    starts_before_b_ends = a0 is None or b1 is None or a0 <= b1
    ends_after_b_starts = a1 is None or b0 is None or b0 <= a1
    return starts_before_b_ends and ends_after_b_starts


def _traces(ctx: CheckContext, right: DecisionRight, holder: str) -> bool:
    """True when ``right`` is the national holder's own, or delegated down from it."""
    current: DecisionRight | None = right
    for _ in range(_DEPTH):
        if current is None:
            return False
        if _is(ctx, current.holder, holder):
            return True
        if current.basis is not Basis.DELEGATED:
            return False
        delegation = _delegation(ctx, current)
        if delegation is None:
            return False
        if _is(ctx, delegation.delegator, holder):
            return True
        current = next(
            (
                r
                for r in ctx.store.rights(current.decision, _chain(ctx, current), ctx.as_of)
                if r.holder == delegation.delegator and r.role is Role.DECIDES
            ),
            None,
        )
    return False


def _chain(ctx: CheckContext, right: DecisionRight) -> list[str]:
    return [f.id for f in ctx.store.footprint_chain(right.footprint)]


def _delegation(ctx: CheckContext, right: DecisionRight) -> Delegation | None:
    if right.delegation:
        found = ctx.store.get(right.delegation)
        return found if isinstance(found, Delegation) else None
    for delegation in ctx.store.delegations(right.holder, "up", ctx.as_of):
        if right.decision in delegation.decisions:
            return delegation
    return None


def _is(ctx: CheckContext, actor: str, holder: str) -> bool:
    """The holder itself, or its board (which acts for its organisation; a committee does not)."""
    if actor == holder:
        return True
    found = ctx.store.get(actor)
    return isinstance(found, Body) and found.kind in _BOARDS and holder in found.of


def _name(ctx: CheckContext, entity_id: str) -> str:
    return ctx.store.get(entity_id).label
