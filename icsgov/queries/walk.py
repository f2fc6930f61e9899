"""The one walk: where a decision is taken, for a value, on a date, or why nobody takes it.

Every question that asks "who decides" (``who-decides``, ``check``, ``impact``,
``subsidiarity``, the decision matrix and the FDM) goes through this module,
so they cannot disagree. The rule, written out for governance leads in
``docs/who-decides.md``:

1. A record (decision right, delegation, accountability line, post) is **in
   force** on a date only within its own dates *and* the lifetimes of every
   entity it names (its holder, decision type, footprint, delegation...):
   an undated right held by a board created in 2022 does not answer for 2021.
2. For the decision type and then each ``broader`` type, narrowest first:
   gather the ``decides`` rights in force at any footprint of the chain.
   Fall back to the broader type **only when there are none**.
3. Walking the chain from the most local footprint up, the first footprint
   with a ``decides`` right whose value band covers the value is where the
   decision is taken.
4. If ``decides`` rights exist on the chain but no band covers the value,
   the answer is a **gap**: the bands that exist (and where) are reported, and
   what the broader type would say is kept only as a *hint*, never as the answer.

Values are pounds to the penny: a band ``value_max: 1000000`` followed by one
``value_min: 1000000.01`` leaves no gap.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints:
...   - {id: sys, name: Riverside, level: system}
...   - {id: brook, name: Brookdale, level: place, part_of: sys}
... organisations: [{id: icb, name: Riverside ICB, kind: icb, footprints: [sys]}]
... bodies:
...   - {id: board, name: ICB board, kind: board, of: [icb], footprint: sys}
... decision_types:
...   - {id: capital, name: Capital}
...   - {id: scheme, name: Approve a capital scheme, broader: capital}
... decision_rights:
...   - {id: r1, holder: board, decision: scheme, footprint: sys, role: decides,
...      basis: delegated, value_min: 1000000.01}
...   - {id: r2, holder: icb, decision: capital, footprint: sys, role: decides, basis: statutory}
... '''))
>>> found = walk(store, "scheme", "brook", value=500_000)
>>> found.found, found.gap, [r.id for r in found.bands], [r.id for r in found.hint]
(False, True, ['r1'], ['r2'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from icsgov.errors import NotFound
from icsgov.graph.memo import remembered
from icsgov.graph.store import GraphStore
from icsgov.national.rules import PREFIX as NATIONAL_PREFIX
from icsgov.ontology.model import (
    REFERENCES,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
    Post,
    Role,
)

__all__ = [
    "Resolver",
    "Walk",
    "band_segments",
    "in_force",
    "in_force_span",
    "invented_record",
    "named_ids",
    "rests_on_invented",
    "rights_in_force",
    "walk",
]

PENNY = 0.01


@dataclass(frozen=True)
class Walk:
    """The result of the walk for one decision, place, value and date.

    ``decision`` is the type that answered (``asked`` or a broader one) or, for
    a gap, the type whose bands leave the gap. ``rights`` holds that type's
    rights in force on the chain whose band covers the value, by footprint id.
    """

    asked: DecisionType
    lineage: list[DecisionType]
    chain: list[Footprint]
    value: float | None
    as_of: dt.date | None
    decision: DecisionType | None = None
    index: int | None = None
    rights: dict[str, list[DecisionRight]] = field(default_factory=dict)
    bands: list[DecisionRight] = field(default_factory=list)
    hint: list[DecisionRight] = field(default_factory=list)
    hint_decision: DecisionType | None = None

    @property
    def found(self) -> bool:
        """True when somebody decides it."""
        return self.index is not None

    @property
    def gap(self) -> bool:
        """True when decides rights exist on the chain but no band covers the value."""
        return not self.found and bool(self.bands)

    @property
    def footprint(self) -> Footprint | None:
        """Where the decision is taken (``None`` when nobody takes it)."""
        return self.chain[self.index] if self.index is not None else None

    @property
    def fallback(self) -> bool:
        """True when a broader type answered."""
        return self.decision is not None and self.decision.id != self.asked.id

    @property
    def decides(self) -> list[DecisionRight]:
        """The ``decides`` rights at the footprint where the decision is taken."""
        if self.footprint is None:
            return []
        return [r for r in self.rights.get(self.footprint.id, []) if r.role is Role.DECIDES]

    def outcome(self) -> tuple[str | None, tuple[str, ...]]:
        """(footprint id, sorted decides holders): what two walks compare to see a move."""
        return (
            self.footprint.id if self.footprint else None,
            tuple(sorted({r.holder for r in self.decides})),
        )


def walk(
    store: GraphStore,
    decision: str | DecisionType,
    place: str | Sequence[Footprint],
    value: float | None = None,
    as_of: dt.date | None = None,
) -> Walk:
    """Walk ``place`` (a footprint id or its chain) for ``decision`` (an id or the type).

    Ids must be exact; name resolution belongs to :mod:`icsgov.queries.resolve`.
    """
    asked = decision if isinstance(decision, DecisionType) else _decision(store, decision)
    chain = store.footprint_chain(place, as_of) if isinstance(place, str) else list(place)
    lineage = store.decision_lineage(asked.id)
    return _walk(_reader(store, as_of), asked, lineage, chain, value, as_of)


RightsOf = Callable[[str, Sequence[str]], list[DecisionRight]]
"""Reads the rights in force for a decision type at some footprints, sorted by id."""


def _reader(store: GraphStore, as_of: dt.date | None) -> RightsOf:
    return lambda decision_id, footprint_ids: rights_in_force(
        store, decision_id, footprint_ids, as_of
    )


def _walk(
    rights_of: RightsOf,
    asked: DecisionType,
    lineage: list[DecisionType],
    chain: list[Footprint],
    value: float | None,
    as_of: dt.date | None,
) -> Walk:
    chain_ids = [f.id for f in chain]
    base = Walk(asked, lineage, chain, value, as_of)
    for position, decision in enumerate(lineage):
        rights = rights_of(decision.id, chain_ids)
        decides = [r for r in rights if r.role is Role.DECIDES]
        if not decides:
            continue  # no decides right for this type on the chain: fall back along broader
        by_footprint: dict[str, list[DecisionRight]] = {}
        for right in rights:
            if right.covers(value):
                by_footprint.setdefault(right.footprint, []).append(right)
        _local_over_national(by_footprint)
        for index, footprint in enumerate(chain):
            if any(r.role is Role.DECIDES for r in by_footprint.get(footprint.id, [])):
                return Walk(asked, lineage, chain, value, as_of, decision, index, by_footprint)
        hint = _walk(rights_of, asked, lineage[position + 1 :], chain, value, as_of)
        return Walk(
            asked,
            lineage,
            chain,
            value,
            as_of,
            decision,
            bands=decides,
            hint=hint.decides,
            hint_decision=hint.decision if hint.found else None,
        )
    return base


def _local_over_national(by_footprint: dict[str, list[DecisionRight]]) -> None:
    """At a footprint where a local ``decides`` right covers the value, national rules' drop out.

    A local scheme refines the national baseline: its right at the same
    footprint (the ICB's own scheme for a function every ICB holds) wins,
    and ``check`` reports a local holder that does not trace to the national
    holder (GOV070), so nothing is overridden silently.
    """
    for footprint_id, rights in by_footprint.items():
        local = any(r.role is Role.DECIDES and not r.id.startswith(NATIONAL_PREFIX) for r in rights)
        if local and any(r.id.startswith(NATIONAL_PREFIX) for r in rights):
            by_footprint[footprint_id] = [
                r
                for r in rights
                if not (r.role is Role.DECIDES and r.id.startswith(NATIONAL_PREFIX))
            ]


def band_segments(
    store: GraphStore,
    decision: str | DecisionType,
    place: str | Sequence[Footprint],
    as_of: dt.date | None = None,
) -> list[Segment]:
    """Every value range with one outcome: ``(low, high, walk)``, ``high=None`` open-ended.

    The walk's answer can only change where some band starts or ends, so the
    pounds from £0 upwards are cut at every band edge (to the penny) and each
    range is walked once; neighbouring ranges with the same outcome are merged.
    """
    asked = decision if isinstance(decision, DecisionType) else _decision(store, decision)
    chain = store.footprint_chain(place, as_of) if isinstance(place, str) else list(place)
    lineage = store.decision_lineage(asked.id)
    return _segments(_reader(store, as_of), asked, lineage, chain, as_of)


Segment = tuple[float, float | None, Walk]
"""``(low, high, walk)``: a value range with one outcome (``high=None``: open-ended)."""


def _segments(
    rights_of: RightsOf,
    asked: DecisionType,
    lineage: list[DecisionType],
    chain: list[Footprint],
    as_of: dt.date | None,
) -> list[Segment]:
    chain_ids = [f.id for f in chain]
    cuts = {0.0}
    for d in lineage:
        for right in rights_of(d.id, chain_ids):
            if right.value_min is not None:
                cuts.add(round(right.value_min, 2))
            if right.value_max is not None:
                cuts.add(round(right.value_max + PENNY, 2))
    starts = sorted(cuts)
    segments: list[Segment] = []
    for i, low in enumerate(starts):
        high = round(starts[i + 1] - PENNY, 2) if i + 1 < len(starts) else None
        found = _walk(rights_of, asked, lineage, chain, low, as_of)
        if segments and _same(segments[-1][2], found):
            segments[-1] = (segments[-1][0], high, segments[-1][2])
        else:
            segments.append((low, high, found))
    return segments


def _same(a: Walk, b: Walk) -> bool:
    return (a.outcome(), a.gap, _ids(a.bands)) == (b.outcome(), b.gap, _ids(b.bands)) and (
        a.decision.id if a.decision else None
    ) == (b.decision.id if b.decision else None)


def _ids(rights: Iterable[DecisionRight]) -> tuple[str, ...]:
    return tuple(sorted(r.id for r in rights))


class Resolver:
    """The one walk, asked many times on one date, each shared piece of work done once.

    National analyses (``subsidiarity``, ``check``, ``impact``) ask where every
    decision type is taken in every place. Places share most of their chain
    (the system, the region, England), so a resolver keeps, for its store and
    date:

    - the rights in force for each (decision type, footprint), read once from
      the store (each right's lifetimes checked once);
    - each footprint's chain and each decision type's lineage;
    - each (decision type, footprint) answer, per value range. A footprint
      holding no right in force for the type or a broader one answers exactly
      as its parent does one step further up the chain, so its answer is the
      parent's, re-rooted, not a fresh walk.

    The answers are those of :func:`walk` and :func:`band_segments` (the same
    code reads the rights); only repeated work is saved. Make one per
    question set: it holds on to what it read, and a store that changes
    afterwards is not seen.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders.governance_yaml import parse_yaml
    >>> store = MemoryStore(parse_yaml('''
    ... footprints:
    ...   - {id: sys, name: Riverside, level: system}
    ...   - {id: brook, name: Brookdale, level: place, part_of: sys}
    ... organisations: [{id: icb, name: Riverside ICB, kind: icb, footprints: [sys]}]
    ... decision_types: [{id: capital, name: Capital}]
    ... decision_rights:
    ...   - {id: r1, holder: icb, decision: capital, footprint: sys, role: decides,
    ...      basis: statutory}
    ... '''))
    >>> resolver = Resolver(store)
    >>> found = resolver.walk("capital", "brook")
    >>> found.footprint.id, [f.id for f in found.chain]
    ('sys', ['brook', 'sys'])
    >>> found.outcome() == walk(store, "capital", "brook").outcome()
    True
    """

    def __init__(self, store: GraphStore, as_of: dt.date | None = None) -> None:
        self.store = store
        self.as_of = as_of
        self._rights: dict[tuple[str, str], list[DecisionRight]] = {}
        self._chains: dict[str, list[Footprint]] = {}
        self._lineages: dict[str, list[DecisionType]] = {}
        self._segments: dict[tuple[str, str], list[Segment]] = {}
        self._walks: dict[tuple[str, str, float | None], Walk] = {}
        self._held: dict[tuple[str, str], bool] = {}
        self._continued: dict[str, bool] = {}

    def rights(self, decision_id: str, footprint_ids: Sequence[str]) -> list[DecisionRight]:
        """:func:`rights_in_force` on the resolver's date, each footprint read once."""
        return list(self._rights_of(decision_id, footprint_ids))

    def _rights_of(self, decision_id: str, footprint_ids: Sequence[str]) -> list[DecisionRight]:
        """As :meth:`rights`, but may return the resolver's own list: never change it."""
        cached = self._rights
        if len(footprint_ids) == 1:
            key = (decision_id, footprint_ids[0])
            single = cached.get(key)
            if single is None:
                single = cached[key] = rights_in_force(
                    self.store, decision_id, footprint_ids, self.as_of
                )
            return single
        joined: list[DecisionRight] = []
        parts = 0
        for footprint_id in footprint_ids:  # the usual case: every footprint read already
            part = cached.get((decision_id, footprint_id))
            if part is None:
                break
            if part:
                joined += part
                parts += 1
        else:
            if parts > 1:
                joined.sort(key=_id_of)
            return joined
        missing = [f for f in dict.fromkeys(footprint_ids) if (decision_id, f) not in cached]
        for footprint_id in missing:
            cached[(decision_id, footprint_id)] = []
        for right in rights_in_force(self.store, decision_id, missing, self.as_of):
            cached[(decision_id, right.footprint)].append(right)
        return self._rights_of(decision_id, footprint_ids)

    def chain(self, footprint_id: str) -> list[Footprint]:
        """The footprint's chain on the resolver's date, most local first (as "who decides" walks
        it: :func:`icsgov.queries.resolve.chain_on`)."""
        found = self._chains.get(footprint_id)
        if found is None:
            from icsgov.queries.resolve import chain_on

            found = self._chains[footprint_id] = chain_on(self.store, footprint_id, self.as_of)
        return found

    def lineage(self, decision_id: str) -> list[DecisionType]:
        """The decision type and its broader types, narrowest first."""
        found = self._lineages.get(decision_id)
        if found is None:
            found = self._lineages[decision_id] = self.store.decision_lineage(decision_id)
        return found

    def prefetch(self, decision_id: str, footprint_ids: Sequence[str]) -> None:
        """Read the rights of the type and its broader types at these footprints, one call each.

        A national analysis asking about every place of a system reads each
        type's rights for all the places at once instead of place by place.
        """
        for decision in self.lineage(decision_id):
            unread = [f for f in footprint_ids if (decision.id, f) not in self._rights]
            if len(unread) > 1:
                self._rights_of(decision.id, unread)

    def holds_any(self, decision_id: str, footprint_ids: Sequence[str]) -> bool:
        """True when some right in force for the type or a broader one is at these footprints."""
        return any(self._holds(decision_id, f) for f in footprint_ids)

    def _holds(self, decision_id: str, footprint_id: str) -> bool:
        key = (decision_id, footprint_id)
        found = self._held.get(key)
        if found is None:
            found = self._held[key] = any(
                self._rights_of(d.id, [footprint_id]) for d in self.lineage(decision_id)
            )
        return found

    def walk(self, decision_id: str, footprint_id: str, value: float | None = None) -> Walk:
        """:func:`walk` for a footprint id, on the resolver's date."""
        key = (decision_id, footprint_id, value)
        found = self._walks.get(key)
        if found is None:
            chain = self.chain(footprint_id)
            parent = self._parent(decision_id, chain)
            if parent is not None:
                found = _reroot(self.walk(decision_id, parent, value), chain)
            else:
                lineage = self.lineage(decision_id)
                found = _walk(self._rights_of, lineage[0], lineage, chain, value, self.as_of)
            self._walks[key] = found
        return found

    def segments(self, decision_id: str, footprint_id: str) -> list[Segment]:
        """:func:`band_segments` for a footprint id, on the resolver's date."""
        key = (decision_id, footprint_id)
        found = self._segments.get(key)
        if found is None:
            chain = self.chain(footprint_id)
            parent = self._parent(decision_id, chain)
            if parent is not None:
                found = [
                    (low, high, _reroot(w, chain))
                    for low, high, w in self.segments(decision_id, parent)
                ]
            else:
                lineage = self.lineage(decision_id)
                found = _segments(self._rights_of, lineage[0], lineage, chain, self.as_of)
            self._segments[key] = found
        return found

    def _parent(self, decision_id: str, chain: list[Footprint]) -> str | None:
        """The footprint above, when the first one holds nothing for the type's lineage.

        Then every walk from the footprint reads exactly the rights the walk
        from its parent reads, so it reaches the same answer one step further up,
        provided the parent's own chain is the rest of this one (a dated chain
        can take a district up through its county, whose own chain differs).
        """
        if len(chain) < 2 or self._holds(decision_id, chain[0].id):
            return None
        parent = chain[1].id
        if not self._continues(chain):
            return None
        return parent

    def _continues(self, chain: list[Footprint]) -> bool:
        """True when the chain of ``chain[1]`` is ``chain[1:]``."""
        key = chain[0].id
        found = self._continued.get(key)
        if found is None:
            rest = self.chain(chain[1].id)
            found = self._continued[key] = [f.id for f in rest] == [f.id for f in chain[1:]]
        return found


def _id_of(right: DecisionRight) -> str:
    return right.id


def _reroot(found: Walk, chain: list[Footprint]) -> Walk:
    """A walk from the parent of ``chain[0]``, as the walk from ``chain[0]`` itself.

    The copy takes the parent walk's fields as they are and replaces the chain
    and the index: building a frozen dataclass through ``__init__`` sets each
    of its eleven fields one by one, which was most of the cost of a shared answer.
    """
    copy = object.__new__(Walk)
    copy.__dict__.update(found.__dict__)
    copy.__dict__["chain"] = chain
    copy.__dict__["index"] = found.index + 1 if found.index is not None else None
    return copy


def rights_in_force(
    store: GraphStore, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None
) -> list[DecisionRight]:
    """The store's rights for ``decision_id`` at these footprints, kept only if in force."""
    return [r for r in store.rights(decision_id, footprint_ids, as_of) if in_force(store, r, as_of)]


def rests_on_invented(store: GraphStore, right: DecisionRight, seen: dict[str, bool]) -> bool:
    """True when a right, or its holder, is marked illustrative (each holder asked once).

    The one test of "this right rests on an invented record" that the
    subsidiarity rows and the matrix cells share; ``seen`` remembers holders.
    """
    return right.illustrative or invented_record(store, right.holder, seen)


def invented_record(store: GraphStore, record_id: str, seen: dict[str, bool]) -> bool:
    """True when the record ``record_id`` is marked illustrative (``seen`` remembers; unknown: no).

    Check findings are flagged by it (their target and related records).
    """
    known = seen.get(record_id)
    if known is None:
        try:
            known = store.get(record_id).illustrative
        except NotFound:
            known = False
        seen[record_id] = known
    return known


def in_force(store: GraphStore, record: Entity, as_of: dt.date | None) -> bool:
    """True when ``record`` and every entity it names exist on ``as_of`` (``None``: always).

    A named post or delegation is itself a relation, so it must be in force
    too: a right held by a post counts only while the post's body exists.
    The days a record is in force are one unbroken span (its own dates cut
    by every named entity's), worked out once per record and store
    (:func:`in_force_span`), so asking again for another date costs two
    comparisons.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders.governance_yaml import parse_yaml
    >>> store = MemoryStore(parse_yaml('''
    ... footprints: [{id: sys, name: Riverside, level: system}]
    ... organisations: [{id: icb, name: ICB, kind: icb, valid_from: 2022-07-01}]
    ... decision_types: [{id: capital, name: Capital}]
    ... decision_rights:
    ...   - {id: r1, holder: icb, decision: capital, footprint: sys, role: decides,
    ...      basis: statutory}
    ... '''))
    >>> in_force(store, store.get("r1"), dt.date(2021, 1, 1))
    False
    """
    if as_of is None:
        return True
    start, end = in_force_span(store, record)
    return (start is None or as_of >= start) and (end is None or as_of <= end)


def in_force_span(store: GraphStore, record: Entity) -> Span:
    """The first and last day ``record`` is in force (``None``: open), as :func:`in_force` reads it.

    Every condition :func:`in_force` checks is "the date lies within some
    entity's dates", so together they are the intersection of those spans:
    one span, empty (first day after the last) when the record is never in
    force. Kept per store and record; a store is read as unchanging while it
    lives, as everywhere in this module.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders.governance_yaml import parse_yaml
    >>> store = MemoryStore(parse_yaml('''
    ... footprints: [{id: sys, name: Riverside, level: system, valid_to: 2026-03-31}]
    ... organisations: [{id: icb, name: ICB, kind: icb, valid_from: 2022-07-01}]
    ... decision_types: [{id: capital, name: Capital}]
    ... decision_rights:
    ...   - {id: r1, holder: icb, decision: capital, footprint: sys, role: decides,
    ...      basis: statutory}
    ... '''))
    >>> in_force_span(store, store.get("r1"))
    (datetime.date(2022, 7, 1), datetime.date(2026, 3, 31))
    """
    memo = _memo(store)
    kept = memo.spans.get(record.id)
    if kept is not None and kept[0] is record:  # the same object: a copy may differ
        return kept[1]
    span = _intersect(store, memo, record, 0)
    memo.spans[record.id] = (record, span)
    return span


def _intersect(store: GraphStore, memo: _Memo, record: Entity, depth: int) -> Span:
    span: Span = (record.valid_from, record.valid_to)
    for entity_id in named_ids(record):
        life = memo.lifetimes.get(entity_id)
        if life is None:
            life = memo.lifetimes[entity_id] = _lifetime(store, entity_id)
        span = _cut(span, (life[0], life[1]))
        if life[2] and depth < _DEPTH:  # a post or delegation: its own names count too
            key = (entity_id, depth + 1)
            nested = memo.nested.get(key)
            if nested is None:
                named = _entity(store, entity_id)
                nested = (
                    (None, None) if named is None else _intersect(store, memo, named, depth + 1)
                )
                memo.nested[key] = nested
            span = _cut(span, nested)
    return span


def _cut(span: Span, by: Span) -> Span:
    """The days in both spans (``None`` ends are open)."""
    (start, end), (first, last) = span, by
    if first is not None and (start is None or first > start):
        start = first
    if last is not None and (end is None or last < end):
        end = last
    return start, end


_DEPTH = 4  # posts and delegations named by a record, and theirs (a loop stops here)
_RELATIONS = (Post, Delegation)


def named_ids(record: Entity) -> list[str]:
    """The ids of the entities a record names (its references, sources left out)."""
    names: list[str] = []
    for field_name in _reference_fields(type(record)):
        value: Any = getattr(record, field_name)
        for target in value if isinstance(value, list) else [value]:
            if target is not None:
                names.append(target)
    return names


_FIELDS: dict[type[Entity], tuple[str, ...]] = {}


def _reference_fields(cls: type[Entity]) -> tuple[str, ...]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(f for (c, f) in REFERENCES if c is cls)
    return found


Span = tuple[dt.date | None, dt.date | None]
Lifetime = tuple[dt.date | None, dt.date | None, bool]


@dataclass
class _Memo:
    """What the walk has worked out about one store: entities' dates and records' spans.

    A record passed in is matched by identity (a changed copy is worked out
    afresh); the posts and delegations it names are read from the store by
    id, so their spans are kept by id and depth (the depth limit stops loops).
    """

    lifetimes: dict[str, Lifetime] = field(default_factory=dict)
    spans: dict[str, tuple[Entity, Span]] = field(default_factory=dict)
    nested: dict[tuple[str, int], Span] = field(default_factory=dict)  # (relation id, depth)


def _memo(store: GraphStore) -> _Memo:
    return remembered(store, "walk", _Memo)


def _lifetime(store: GraphStore, entity_id: str) -> Lifetime:
    """The entity's own dates, and whether it is a relation whose own names count too."""
    entity = _entity(store, entity_id)
    if entity is None:
        return (None, None, False)
    return (entity.valid_from, entity.valid_to, isinstance(entity, _RELATIONS))


def _entity(store: GraphStore, entity_id: str) -> Entity | None:
    try:
        return store.get(entity_id)
    except NotFound:
        return None


def _decision(store: GraphStore, decision_id: str) -> DecisionType:
    found = store.get(decision_id)
    if not isinstance(found, DecisionType):
        raise NotFound("decision type", decision_id)
    return found
