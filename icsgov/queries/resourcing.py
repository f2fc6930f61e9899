"""Who pays for a system's engine room: funders, recurrent or not, cash or in kind.

Engine rooms (PMOs, system delivery units) and programmes are often paid for
with short-term transformation money, gifted or seconded staff and
contributions from partners; West Yorkshire and Harrogate funded about 40%
of its staff non-recurrently (*Accelerating transformation*, "Funding for
engine room staff"), and posts on 12- or 24-month contracts make the team
fragile (*The 'engine room' of STP and ICS partnerships*, blog). A recipient
is flagged **fragile** when more than half its funding is non-recurrent.

Shares are weighted by ``amount`` when every flow to a recipient has one,
else by ``share`` when any flow has one (flows with neither are listed in
``unweighted`` and do not count), else every flow counts once.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> store = MemoryStore(load(["tests/golden/accountability.yaml"]))
>>> report = resourcing_report(store, "acc-sys")
>>> [(r.recipient, r.non_recurrent_share, r.fragile) for r in report.recipients]
[('acc-pmo', 0.7, True), ('acc-prog-stroke', 0.0, False)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from icsgov.errors import QueryError
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import Body, BodyKind, FundingFlow, Level, Programme
from icsgov.queries.resolve import resolve_location
from icsgov.queries.walk import invented_record

__all__ = ["FRAGILE_SHARE", "Flow", "RecipientFunding", "ResourcingReport", "resourcing_report"]

FRAGILE_SHARE = 0.5
"""Above this share of non-recurrent funding an engine room is flagged fragile."""


@dataclass(frozen=True)
class Flow:
    """One funding flow to an engine room or programme."""

    id: str
    funder: str
    funder_name: str
    purpose: str | None
    amount: float | None
    share: float | None
    recurrent: bool
    in_kind: bool
    illustrative: bool = False
    """The flow is marked illustrative (its amount is marked † in text)."""
    funder_illustrative: bool = False
    """The funder is marked illustrative (its name is marked † in text)."""


@dataclass(frozen=True)
class RecipientFunding:
    """How one engine room or programme is funded."""

    recipient: str
    name: str
    kind: str
    flows: list[Flow]
    weighted_by: str
    unweighted: list[str]
    total_amount: float | None
    non_recurrent_share: float
    in_kind_share: float
    fragile: bool
    illustrative: bool = False
    """The body or programme itself is marked illustrative (marked † in text)."""


@dataclass(frozen=True)
class ResourcingReport:
    """The answer of ``icsgov resourcing``."""

    system: str
    as_of: dt.date | None
    threshold: float
    recipients: list[RecipientFunding]

    @property
    def illustrative(self) -> bool:
        """True when some recipient, flow or funder is marked illustrative."""
        return any(
            r.illustrative or any(f.illustrative or f.funder_illustrative for f in r.flows)
            for r in self.recipients
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``illustrative`` on the report, each recipient and each flow)."""
        return {**asdict(self), "illustrative": self.illustrative}


def recipient_funding(
    store: GraphStore,
    recipient: Body | Programme,
    as_of: dt.date | None = None,
    threshold: float = FRAGILE_SHARE,
) -> RecipientFunding:
    """The funding of one body or programme, with its non-recurrent and in-kind shares."""
    flows = [
        f for f in store.entities(FundingFlow) if f.recipient == recipient.id and f.valid_at(as_of)
    ]
    if flows and all(f.amount is not None for f in flows):
        weighted_by, weights = "amount", [f.amount or 0.0 for f in flows]
    elif any(f.share is not None for f in flows):
        weighted_by, weights = "share", [f.share or 0.0 for f in flows]
    else:
        weighted_by, weights = "count", [1.0 for _ in flows]
    total = sum(weights)

    def share(selected: list[bool]) -> float:
        if not total:
            return 0.0
        return round(sum(w for w, s in zip(weights, selected, strict=True) if s) / total, 4)

    non_recurrent = share([not f.recurrent for f in flows])
    seen: dict[str, bool] = {}
    return RecipientFunding(
        recipient=recipient.id,
        name=recipient.name,
        kind=recipient.kind_name if isinstance(recipient, Programme) else recipient.kind.value,
        flows=[
            Flow(
                f.id,
                f.funder,
                store.get(f.funder).label,
                f.purpose,
                f.amount,
                f.share,
                f.recurrent,
                f.in_kind,
                f.illustrative,
                invented_record(store, f.funder, seen),
            )
            for f in flows
        ],
        weighted_by=weighted_by,
        unweighted=[f.id for f, w in zip(flows, weights, strict=True) if not w],
        total_amount=total if weighted_by == "amount" else None,
        non_recurrent_share=non_recurrent,
        in_kind_share=share([f.in_kind for f in flows]),
        fragile=bool(flows) and non_recurrent > threshold,
        illustrative=recipient.illustrative,
    )


def resourcing_report(
    store: GraphStore,
    system: str,
    *,
    as_of: dt.date | None = None,
    threshold: float = FRAGILE_SHARE,
) -> ResourcingReport:
    """Funding of every engine room (PMO) and programme in ``system`` (or its places)."""
    footprint = resolve_location(store, system, as_of).footprint
    if footprint.level.rank < Level.SYSTEM.rank:
        raise QueryError(f"'{system}' is {footprint.id}, a {footprint.level.value}; give a system")

    def inside(footprint_id: str | None) -> bool:
        if footprint_id is None:
            return False
        chain = store.footprint_chain(footprint_id, as_of)
        return footprint.id in {f.id for f in chain}

    recipients: list[Body | Programme] = [
        b
        for b in store.entities(Body)
        if b.kind is BodyKind.PMO and b.valid_at(as_of) and inside(b.footprint)
    ]
    recipients += [
        p for p in store.entities(Programme) if p.valid_at(as_of) and inside(p.footprint)
    ]
    return ResourcingReport(
        system=footprint.id,
        as_of=as_of,
        threshold=threshold,
        recipients=[recipient_funding(store, r, as_of, threshold) for r in recipients],
    )
