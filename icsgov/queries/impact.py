"""What breaks if a body, post, delegation or organisation goes (a CCG merger, say).

Removing an organisation also removes the bodies that belong only to it and
the posts held only in what is removed (the cascade is reported). The
questions are then asked again of the same data seen without them (a view
over any store, so every store answers the same way):

- decisions left without a decision-maker, and decisions whose maker moves
  (the who-decides walk for every decision type in every described place);
- delegations lost (removed, or their delegator or delegate removed) and
  delegation chains broken (a decision-maker whose chain no longer reaches
  a statutory holder);
- accountability lines lost.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> store = MemoryStore(load(["tests/golden/accountability.yaml"]))
>>> result = impact(store, ["acc-place-b-committee"], as_of=dt.date(2024, 1, 1))
>>> result.delegations_lost, result.lines_lost
(['acc-del-3'], ['acc-line-11'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from icsgov.errors import NotFound, QueryError
from icsgov.graph.store import Closing, Direction, GraphStore
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    ACTORS,
    AccountabilityLine,
    Body,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
    Post,
)
from icsgov.ontology.money import format_band
from icsgov.queries.checks._registry import CheckContext
from icsgov.queries.checks.decisions import described_places
from icsgov.queries.resolve import resolve_actor
from icsgov.queries.subsidiarity import leaf_decision_types
from icsgov.queries.walk import PENNY, band_segments, invented_record
from icsgov.queries.who_decides_answer import Answer
from icsgov.words import a

__all__ = ["DecisionImpact", "ImpactReport", "Without", "impact"]

E = TypeVar("E", bound=Entity)


class Without(Closing):
    """A read-only view of a store with some entities taken away (and what hangs on them).

    Rights whose holder or delegation is removed, delegations whose delegator
    or delegate is removed, and lines with a removed end disappear too.
    Closing the view leaves the store under it open (its owner closes it).
    """

    name = "without"

    def __init__(self, store: GraphStore, removed: Iterable[str]) -> None:
        self._store = store
        self.base = store
        self.removed = frozenset(removed)

    @property
    def governance(self) -> Governance:
        """The underlying description minus what is removed."""
        gov = self._store.governance
        return Governance.from_entities((e for e in gov if self._keeps(e)), gov.datasets)

    def _keeps(self, entity: Entity) -> bool:
        if entity.id in self.removed:
            return False
        if isinstance(entity, DecisionRight):
            return not {entity.holder, entity.delegation} & self.removed
        if isinstance(entity, Delegation):
            return not {entity.delegator, entity.delegate} & self.removed
        if isinstance(entity, AccountabilityLine):
            return not {entity.actor, entity.answers_to} & self.removed
        return True

    def get(self, entity_id: str) -> Entity:
        """The entity, unless removed (then ``NotFound``)."""
        entity = self._store.get(entity_id)
        if not self._keeps(entity):
            raise NotFound("entity", entity_id)
        return entity

    def entities(self, kind: type[E]) -> list[E]:
        """Every remaining entity of a class, sorted by id."""
        return [e for e in self._store.entities(kind) if self._keeps(e)]

    def find(self, text: str) -> list[Entity]:
        """Remaining entities with this id, code, name or alias."""
        return [e for e in self._store.find(text) if self._keeps(e)]

    def footprint_chain(self, footprint_id: str, as_of: dt.date | None = None) -> list[Footprint]:
        """As the underlying store (footprints are never removed)."""
        return self._store.footprint_chain(footprint_id, as_of)

    def decision_lineage(self, decision_id: str) -> list[DecisionType]:
        """As the underlying store."""
        return self._store.decision_lineage(decision_id)

    def rights(
        self, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None = None
    ) -> list[DecisionRight]:
        """Remaining rights."""
        return [r for r in self._store.rights(decision_id, footprint_ids, as_of) if self._keeps(r)]

    def delegations(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[Delegation]:
        """Remaining delegations."""
        return [d for d in self._store.delegations(actor_id, direction, as_of) if self._keeps(d)]

    def lines(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[AccountabilityLine]:
        """Remaining lines."""
        return [x for x in self._store.lines(actor_id, direction, as_of) if self._keeps(x)]


@dataclass(frozen=True)
class DecisionImpact:
    """One decision in one place, before and after the removal."""

    decision: str
    place: str
    before: list[str]
    before_footprint: str | None
    after: list[str]
    after_footprint: str | None
    outcome: str
    band: str = "any value"
    value_min: float | None = None
    value_max: float | None = None
    illustrative: bool = False
    """A decision-maker compared, before or after, or a step of its delegation chain, rests on
    a record marked illustrative (the decision is marked † in text)."""


@dataclass(frozen=True)
class ImpactReport:
    """The answer of ``icsgov impact``."""

    removed: list[str]
    also_removed: list[str]
    as_of: dt.date | None
    left_without: list[DecisionImpact]
    moved: list[DecisionImpact]
    chains_broken: list[DecisionImpact]
    delegations_lost: list[str]
    lines_lost: list[str]
    value: float | None = None
    illustrative_records: list[str] = field(default_factory=list)
    """Ids the report names (removed, lost) that are marked illustrative (marked † in text)."""

    @property
    def illustrative(self) -> bool:
        """True when a record the report names, or a row's answer, is marked illustrative."""
        return bool(self.illustrative_records) or any(
            d.illustrative for d in [*self.left_without, *self.moved, *self.chains_broken]
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``illustrative`` on the report and on each row)."""
        return {**asdict(self), "illustrative": self.illustrative}


def _cascade(store: GraphStore, removed: set[str]) -> set[str]:
    """Bodies that belong only to removed organisations; posts held only in removed actors."""
    grown = set(removed)
    changed = True
    while changed:
        changed = False
        for body in store.entities(Body):
            if body.id not in grown and body.of and set(body.of) <= grown:
                grown.add(body.id)
                changed = True
        for post in store.entities(Post):
            if post.id not in grown and set(post.post_in) <= grown:
                grown.add(post.id)
                changed = True
    return grown


def impact(
    store: GraphStore,
    remove: Iterable[str],
    *,
    as_of: dt.date | None = None,
    value: float | None = None,
) -> ImpactReport:
    """What is lost if the entities ``remove`` (ids or names) went, on ``as_of``.

    Each decision is compared per value band (every range where the answer
    can differ, before or after), or only for ``value`` when one is given.
    """
    asked = [_resolve(store, text) for text in dict.fromkeys(remove)]
    if not asked:
        raise QueryError("say what to remove: --remove ID (repeatable)")
    asked = list(dict.fromkeys(asked))
    removed = _cascade(store, set(asked))
    after = Without(store, removed)
    ctx = CheckContext(store, as_of)
    left: list[DecisionImpact] = []
    moved: list[DecisionImpact] = []
    broken: list[DecisionImpact] = []
    for place in described_places(ctx):
        for decision in leaf_decision_types(store):
            for low, high in _ranges(store, after, decision.id, place.id, as_of, value):
                text = "any value" if (low, high) == (None, None) else format_band(low, high)
                probe = value if value is not None else (low or 0.0)
                band = (text, low, high)
                _compare(
                    store, after, decision.id, place.id, as_of, probe, band, left, moved, broken
                )
    also = sorted(removed - set(asked))
    delegations_lost = sorted(
        d.id
        for d in store.entities(Delegation)
        if d.valid_at(as_of) and d.id not in {x.id for x in after.entities(Delegation)}
    )
    lines_lost = sorted(
        x.id
        for x in store.entities(AccountabilityLine)
        if x.valid_at(as_of) and x.id not in {y.id for y in after.entities(AccountabilityLine)}
    )
    seen: dict[str, bool] = {}
    named = dict.fromkeys([*asked, *also, *delegations_lost, *lines_lost])
    return ImpactReport(
        removed=asked,
        also_removed=also,
        as_of=as_of,
        left_without=left,
        moved=moved,
        chains_broken=broken,
        delegations_lost=delegations_lost,
        lines_lost=lines_lost,
        value=value,
        illustrative_records=sorted(i for i in named if invented_record(store, i, seen)),
    )


def _resolve(store: GraphStore, text: str) -> str:
    """An id as given, else the organisation, body, post or person the name stands for."""
    kinds: tuple[type[Entity], ...] = (*ACTORS, Delegation, AccountabilityLine, DecisionRight)
    try:
        entity = store.get(text)
    except NotFound:
        entity = resolve_actor(store, text)
    if not isinstance(entity, kinds):
        raise QueryError(
            f"'{text}' is {a(entity.kind_name)}; impact removes organisations, bodies, "
            "posts, people, delegations, decision rights or accountability lines"
        )
    return entity.id


def _ranges(
    store: GraphStore,
    after: Without,
    decision_id: str,
    place_id: str,
    as_of: dt.date | None,
    value: float | None,
) -> list[tuple[float | None, float | None]]:
    """The value ranges to compare: cut wherever the answer may change, before or after."""
    if value is not None:
        return [(value, value)]
    cuts = sorted(
        {low for low, _high, _w in band_segments(store, decision_id, place_id, as_of)}
        | {low for low, _high, _w in band_segments(after, decision_id, place_id, as_of)}
    )
    if cuts == [0.0]:
        return [(None, None)]
    return [
        (low or None, round(cuts[i + 1] - PENNY, 2) if i + 1 < len(cuts) else None)
        for i, low in enumerate(cuts)
    ]


def _compare(
    store: GraphStore,
    after: Without,
    decision_id: str,
    place_id: str,
    as_of: dt.date | None,
    value: float,
    band: tuple[str, float | None, float | None],
    left: list[DecisionImpact],
    moved: list[DecisionImpact],
    broken: list[DecisionImpact],
) -> None:
    from icsgov.queries.who_decides import who_decides

    old = who_decides(store, decision_id, at=place_id, value=value, as_of=as_of)
    if not old.found:
        return
    new = who_decides(after, decision_id, at=place_id, value=value, as_of=as_of)
    before = sorted({h.id for h in old.decides})
    now = sorted({h.id for h in new.decides})
    was_broken = {c.holder for c in old.delegation_chain if c.broken}
    now_broken = sorted(c.holder for c in new.delegation_chain if c.broken)

    def entry(outcome: str) -> DecisionImpact:
        return DecisionImpact(
            decision_id,
            place_id,
            before,
            old.footprint,
            now,
            new.footprint,
            outcome,
            *band,
            illustrative=_rests_on_invented(old) or _rests_on_invented(new),
        )

    if not new.found:
        left.append(entry("left without a decision-maker" + (" (a band gap)" if new.gap else "")))
    elif (now, new.footprint) != (before, old.footprint):
        moved.append(entry(f"now decided at {new.level} by {', '.join(now)}"))
    if new.found and set(now_broken) - was_broken:
        broken.append(entry(f"delegation chain of {', '.join(now_broken)} no longer reaches law"))


def _rests_on_invented(answer: Answer) -> bool:
    """A decision-maker of ``answer`` (its right or itself) or a step of its chain is invented.

    Only what the row compares counts: the rights of other bands a who-decides answer lists
    beside a gap do not mark the row.
    """
    return any(h.illustrative for h in answer.decides) or any(
        step.illustrative for chain in answer.delegation_chain for step in chain.steps
    )
