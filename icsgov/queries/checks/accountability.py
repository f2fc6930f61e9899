"""Rules about accountability lines: too many masters, oversight without stated triggers.

Step-in rights are modelled as accountability lines of kind ``regulatory``
(the regulator can intervene in the actor); the line's ``basis`` states the
trigger for intervention. A regulatory line with no basis is an oversight
right without a stated trigger (GOV031).
"""

from __future__ import annotations

from collections.abc import Iterator

from icsgov.ontology.model import AccountabilityKind, AccountabilityLine, Post
from icsgov.queries.checks._registry import CheckContext, Severity, rule
from icsgov.queries.web import masters

__all__: list[str] = []

_LEADING = "Leading for integrated care"
_FUTURE = "The future of integrated care in England"


@rule(
    "GOV030",
    "too-many-masters",
    Severity.WARNING,
    rationale=(
        "System leaders describe a web of accountability (to the public, staff, their board, "
        "fellow chief executives, the region); past a few masters nobody can hold the post "
        "to account."
    ),
    source=f"{_LEADING}, 'Governance' (the web of accountability)",
    fix="Make one line primary and others informal, or raise the threshold (--max-masters).",
)
def _masters(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    for post in ctx.store.entities(Post):
        if not post.valid_at(ctx.as_of):
            continue
        answers_to = masters(ctx.store, post.id, ctx.as_of)
        if len(answers_to) > ctx.max_masters:
            yield (
                post.id,
                f"{post.name} answers to {len(answers_to)} bodies (more than "
                f"{ctx.max_masters}): {', '.join(answers_to)}",
                answers_to,
            )


@rule(
    "GOV031",
    "step-in-without-trigger",
    Severity.WARNING,
    rationale=(
        "Oversight should be proportionate and risk-based, with transparency about the "
        "triggers for intervention."
    ),
    source=f"{_FUTURE}, section 3 i 'Moving to a proportionate and risk-based model of oversight'",
    fix="State the trigger for intervention in the regulatory line's basis.",
)
def _triggers(ctx: CheckContext) -> Iterator[tuple[str, str, list[str]]]:
    for line in ctx.store.entities(AccountabilityLine):
        if (
            line.kind is AccountabilityKind.REGULATORY
            and line.valid_at(ctx.as_of)
            and not (line.basis or "").strip()
        ):
            yield (
                line.id,
                f"{line.answers_to} oversees {line.actor} with no stated trigger for "
                "intervention (regulatory line without a basis)",
                [line.actor, line.answers_to],
            )
