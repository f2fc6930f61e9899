"""Engine rooms funded mostly non-recurrently (GOV050)."""

from __future__ import annotations

from collections.abc import Iterator

from icsgov.ontology.model import Body, BodyKind
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.resourcing import recipient_funding

__all__: list[str] = []


@rule(
    "GOV050",
    "engine-room-non-recurrent",
    Severity.WARNING,
    rationale=(
        "Engine-room teams paid from short-term transformation money and 12- or 24-month "
        "posts are fragile: staff leave and the system loses its capacity to change."
    ),
    source=(
        "Accelerating transformation: how systems are funding and resourcing 'engine room' "
        "staff, 'Funding for engine room staff'; The 'engine room' of STP and ICS "
        "partnerships (blog)"
    ),
    fix="Move core engine-room posts to recurrent funding (pooled or ICB running costs).",
)
def _non_recurrent(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    for body in ctx.store.entities(Body):
        if body.kind is not BodyKind.PMO or not body.valid_at(ctx.as_of):
            continue
        funding = recipient_funding(ctx.store, body, ctx.as_of, ctx.fragile_share)
        if funding.fragile:
            yield (
                body.id,
                f"{body.name} is {funding.non_recurrent_share:.0%} funded non-recurrently "
                f"(by {funding.weighted_by}; more than {ctx.fragile_share:.0%})",
                [f.id for f in funding.flows if not f.recurrent],
            )
