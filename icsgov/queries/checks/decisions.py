"""Rules about decisions: gaps, overlaps, decisions above their level, de-facto decisions.

GOV001 and GOV003 ask the who-decides walk (through
:func:`icsgov.queries.subsidiarity.find_decider`) for every decision type in
every place of each system the data describes, so the checks and the
``who-decides`` and ``subsidiarity`` commands never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from icsgov.national.rules import PREFIX as NATIONAL_PREFIX
from icsgov.ontology.model import Basis, DecisionRight, DecisionType, Footprint, Level, Role
from icsgov.ontology.money import format_band, format_money
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.checks._shared import resolver, rights_by_decision
from icsgov.queries.subsidiarity import (
    Decider,
    decider_of,
    leaf_decision_types,
    preferred_level,
)

__all__: list[str] = []

_FUTURE = "The future of integrated care in England"
_THEMES = "Emerging themes: leaders' views on system working"


def described_places(ctx: CheckContext) -> list[Footprint]:
    """Places of every system where some decision right is recorded at or below the system.

    Systems present only as reference-data skeleton (no rights at all) are
    left out: a gap there says nothing about how they are governed.
    """
    return [place for places in _system_places(ctx).values() for place in places]


def _system_places(ctx: CheckContext) -> dict[str, list[Footprint]]:
    return ctx.shared("system places", _described_systems)


def _described_systems(ctx: CheckContext) -> dict[str, list[Footprint]]:
    store = ctx.store
    found = resolver(ctx)
    places: dict[str, list[Footprint]] = {}
    for footprint in store.entities(Footprint):  # in id order, as places_of gives them
        if footprint.level is Level.PLACE and footprint.valid_at(ctx.as_of):
            for above in found.chain(footprint.id):
                places.setdefault(above.id, []).append(footprint)
    held = {r.footprint for rights in rights_by_decision(ctx).values() for r in rights}
    chosen: dict[str, list[Footprint]] = {}
    for system in store.entities(Footprint):
        if system.level is not Level.SYSTEM:
            continue
        inside = places.get(system.id, [])
        if inside and held & {system.id, *(p.id for p in inside)}:
            chosen[system.id] = inside
    return chosen


def decided(ctx: CheckContext) -> list[tuple[str, Footprint, Decider | None]]:
    """(decision, place, where it is decided), per value band, for every leaf type and place."""
    return ctx.shared("decided", _decided)


def _decided(ctx: CheckContext) -> list[tuple[str, Footprint, Decider | None]]:
    found = resolver(ctx)
    return [
        (decision.id, place, decider_of(walked))
        for place in described_places(ctx)
        for decision in leaf_decision_types(ctx.store)
        for _low, _high, walked in found.segments(decision.id, place.id)
    ]


@rule(
    "GOV001",
    "decision-gap",
    Severity.ERROR,
    rationale=(
        "Every decision needs somebody who can take it; systems told the NHS Confederation "
        "that who does what at region, place and neighbourhood was often unclear."
    ),
    source=(
        "Accelerating transformation: how systems are funding and resourcing 'engine room' "
        "staff, 'How effectively are engine rooms working?'"
    ),
    fix="Record a decides right for the decision at the place, the system or above.",
)
def _gaps(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    store = ctx.store
    walks = resolver(ctx)
    missing: dict[str, list[tuple[str, str]]] = {}
    for system, places in _system_places(ctx).items():
        footprints = [system, *(p.id for p in places)]
        for decision in leaf_decision_types(store):
            if not walks.holds_any(decision.id, footprints):
                continue  # the system's data says nothing about this decision
            for place in places:
                for low, high, found in walks.segments(decision.id, place.id):
                    if not found.found:
                        missing.setdefault(decision.id, []).append(
                            (place.id, _range(low, high) if found.gap else "")
                        )
    for decision_id, gaps in missing.items():
        where = ", ".join(f"{band} at {place}" if band else place for place, band in gaps)
        banded = any(band for _place, band in gaps)
        yield (
            decision_id,
            f"nobody decides '{decision_id}' "
            + (f"for {where}" if banded else f"in {where}")
            + (
                " (decides rights exist, but no value band covers these amounts there)"
                if banded
                else " (no decides right at the place or any footprint above it, though the "
                "system records rights for it)"
            ),
            list(dict.fromkeys(place for place, _band in gaps)),
        )


def _range(low: float, high: float | None) -> str:
    """A value range as a governance lead writes it: "£0–£1m", "£5m and above"."""
    if high is None:
        return f"{format_money(low)} and above"
    return f"{format_money(low)}–{format_money(high)}"


def _shared(a: DecisionRight, b: DecisionRight) -> str:
    """The values two overlapping bands share, in words ("any value", "£2m to £5m")."""
    low, high = a.shared_band(b) or (0.0, None)
    return format_band(low or None, high)


@rule(
    "GOV002",
    "decision-overlap",
    Severity.ERROR,
    rationale=(
        "Two bodies that both decide the same thing for the same place, date and value leave "
        "nobody clearly accountable; governance structures should be streamlined and clear."
    ),
    source=f"{_FUTURE}, section 3 iv 'Size and governance of systems'",
    fix="Give the two rights different value bands or dates, or make one of them recommend.",
)
def _overlaps(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    in_force = rights_by_decision(ctx)
    for decision in ctx.store.entities(DecisionType):
        here: dict[str, list[DecisionRight]] = {}
        for right in in_force.get(decision.id, []):
            if right.role is Role.DECIDES:
                here.setdefault(right.footprint, []).append(right)
        pairs = [
            (a, b)
            for rights in here.values()
            for i, a in enumerate(rights)
            for b in rights[i + 1 :]
        ]
        pairs.sort(key=lambda pair: (pair[0].id, pair[1].id))  # as one loop over all would
        for a, b in pairs:
            same_formality = (a.basis is Basis.DE_FACTO) == (b.basis is Basis.DE_FACTO)
            # a local right refines a national rule's at its footprint (GOV070 checks it)
            same_origin = a.id.startswith(NATIONAL_PREFIX) == b.id.startswith(NATIONAL_PREFIX)
            if a.holder != b.holder and same_formality and same_origin and a.overlaps(b):
                yield (
                    b.id,
                    f"{a.holder} ({a.id}, {format_band(a.value_min, a.value_max)}) and "
                    f"{b.holder} ({b.id}, {format_band(b.value_min, b.value_max)}) both "
                    f"decide '{decision.id}' at {a.footprint} for {_shared(a, b)}",
                    [a.id, b.id],
                )


@rule(
    "GOV003",
    "above-preferred-level",
    Severity.WARNING,
    rationale=(
        "Decision-making should be 'local by default': what is best decided at place or "
        "neighbourhood should be decided there (about 80% at place, 20% at system)."
    ),
    source=f"{_FUTURE}, section 2 v (recommendations on place); {_THEMES}, 'Decision-making'",
    fix="Delegate the decision to the place, or change its preferred level if agreed so.",
)
def _above_level(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    escalated: dict[str, tuple[str, str, list[str]]] = {}
    walks = resolver(ctx)
    for decision, place, decider in decided(ctx):
        if decider is None:
            continue
        preferred = preferred_level(walks.lineage(decision))
        if preferred is None or decider.level.rank <= preferred.rank:
            continue
        for right in decider.rights:
            entry = escalated.setdefault(
                right.id, (decision, f"{decider.level.value} not {preferred.value}", [])
            )
            entry[2].append(place.id)
    for right_id, (decision, levels, places) in escalated.items():
        yield (
            right_id,
            f"'{decision}' is decided at {levels} level for {', '.join(places)} (right {right_id})",
            places,
        )


@rule(
    "GOV004",
    "de-facto-without-ratifier",
    Severity.WARNING,
    rationale=(
        "A group that decides in practice (such as a clinical reference group) needs a "
        "statutory body that formally ratifies its decisions, or nobody answers for them."
    ),
    source=f"{_THEMES}, 'Decision-making' (clinical reference groups)",
    fix="Record who ratifies the decision (role ratifies, statutory or delegated basis).",
)
def _de_facto(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    walks = resolver(ctx)
    in_force = rights_by_decision(ctx)
    for decision in ctx.store.entities(DecisionType):
        for right in in_force.get(decision.id, []):
            if right.role is not Role.DECIDES or right.basis is not Basis.DE_FACTO:
                continue
            chain = [f.id for f in walks.chain(right.footprint)]
            ratifiers = [
                r
                for d in walks.lineage(decision.id)
                for r in walks.rights(d.id, chain)
                if r.role is Role.RATIFIES and r.basis in (Basis.STATUTORY, Basis.DELEGATED)
            ]
            if not ratifiers:
                yield (
                    right.id,
                    f"{right.holder} decides '{decision.id}' in practice at {right.footprint} "
                    "and no statutory body ratifies it",
                    [right.holder],
                )
