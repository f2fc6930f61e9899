"""Where is it? Resolve a place, council, PCN, practice, trust or ICB to its chain of footprints.

The chain runs from the most local footprint up to national, e.g. Luton ->
Bedfordshire, Luton and Milton Keynes (system) -> East of England (region) ->
England. A council area split across ICBs also gets its share in each.

The chain is dated: a footprint's parent on the date asked is its
``located_in`` relation valid that day (a sub-ICB location that moved ICB
on 1 April 2026), else its largest ``overlaps`` share valid that day (a
council area), else its ``part_of``. So ``where Luton --as-of 2026-03-01``
names Bedfordshire, Luton and Milton Keynes (QHG) and ``--as-of 2026-06-01``
Central East (S1Y5D). Something that no longer exists on the date asked is
answered with what became of it (the ChangeEvents naming it), and every
answer lists the ONS codes its entity has had, with their dates.

Resolution is strict: an exact code (ODS or ONS, any vintage) or id first,
then an exact name or alias (case-insensitive); otherwise ``NotFound`` with
the closest names, or ``Ambiguous`` when several things match equally.

>>> from icsgov.loaders.reference import read_reference
>>> result = where(read_reference(), "Luton")
>>> [step["level"] for step in result.chain]
['place', 'system', 'region', 'national']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from icsgov._suggest import close_matches
from icsgov.errors import Ambiguous, NotFound
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    ChangeEvent,
    ChangeStatus,
    Entity,
    Footprint,
    Identifier,
    Organisation,
    ReferenceRelation,
    RelationKind,
)

if TYPE_CHECKING:
    from icsgov.graph.memory import MemoryStore

__all__ = ["WhereResult", "dated_chain", "default_as_of", "footprint_chain", "where"]

_CHAIN_VIA = (RelationKind.PARTNER_TO, RelationKind.COMMISSIONED_BY, RelationKind.LOCATED_IN)
"""For an organisation without a footprint of its own: which relation leads to one, in order."""


@dataclass(frozen=True)
class WhereResult:
    """The entity found, its chain (most local first), and shares for a split council area."""

    entity: Entity
    chain: list[dict[str, Any]]
    shares: list[dict[str, Any]] = field(default_factory=list)
    as_of: dt.date | None = None
    note: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    codes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        """True when the entity found, or a step of its chain, is marked illustrative."""
        return self.entity.illustrative or any(s.get("illustrative") for s in self.chain)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ``chain`` is a list of {level, name, code, illustrative}.

        A step whose footprint is served by an organisation (an ICB for its
        system, NHS England for a region, a council for its area) also names
        it under ``organisation`` when the names differ.
        """
        return {
            "query_resolved_to": {
                "id": self.entity.id,
                "name": self.entity.label,
                "kind": _kind(self.entity),
            },
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "chain": self.chain,
            "split": len(self.shares) > 1,
            "shares": self.shares,
            "note": self.note,
            "changes": self.changes,
            "codes": self.codes,
            "illustrative": self.illustrative,
        }


def default_as_of(gov: Governance | None = None) -> dt.date:
    """The date to answer for when none is given: today, the one rule of every command.

    Kept here for callers of the first release; ``gov`` is no longer read. A date
    beyond what the data describes is answered with a caveat
    (:mod:`icsgov.queries.coverage`), never by silently moving the date.
    """
    from icsgov.queries.coverage import default_as_of as today

    return today()


class _Index:
    """Names, codes and relations of a Governance, for resolution and chain walking."""

    def __init__(self, gov: Governance) -> None:
        self.gov = gov
        self.names: dict[str, list[str]] = defaultdict(list)
        self.codes: dict[str, list[str]] = defaultdict(list)
        self.relations: dict[str, list[ReferenceRelation]] = defaultdict(list)
        self.changes: dict[str, list[ChangeEvent]] = defaultdict(list)
        for entity in gov:
            if isinstance(entity, ReferenceRelation):
                self.relations[entity.subject].append(entity)
            elif isinstance(entity, ChangeEvent):
                for ref in dict.fromkeys([*entity.original, *entity.resulting]):
                    self.changes[ref].append(entity)
            elif isinstance(entity, (Organisation, Footprint)):
                self.codes[entity.id.casefold()].append(entity.id)
                for code in entity.codes:
                    self.codes[code.value.casefold()].append(entity.id)
                for name in (entity.name, *entity.aliases):
                    self.names[name.casefold()].append(entity.id)


_INDEXES: dict[int, tuple[Governance, _Index]] = {}


def _index_of(gov: Governance) -> _Index:
    cached = _INDEXES.get(id(gov))
    if cached is None or cached[0] is not gov:
        _INDEXES.clear()
        cached = (gov, _Index(gov))
        _INDEXES[id(gov)] = cached
    return cached[1]


def _kind(entity: Entity) -> str:
    if isinstance(entity, Organisation):
        return entity.kind.value
    if isinstance(entity, Footprint):
        return entity.level.value
    return entity.kind_name


def _code_at(codes: list[Identifier], as_of: dt.date | None) -> str:
    """The ODS code, else the ONS code valid on ``as_of``, else any code."""
    for scheme in ("ods", "ons"):
        for code in codes:
            if code.scheme != scheme:
                continue
            if as_of is None or (
                (code.valid_from is None or code.valid_from <= as_of)
                and (code.valid_to is None or as_of <= code.valid_to)
            ):
                return code.value
    return codes[0].value if codes else ""


def footprint_chain(gov: Governance, footprint_id: str, as_of: dt.date | None) -> list[Footprint]:
    """The footprint and every footprint it is part of on ``as_of``, most local first.

    Each step's parent is the one valid on ``as_of`` (see :func:`parent_on`).
    Stops at a footprint not valid on ``as_of`` or at a loop. This is the one
    place the chain is walked, so it can move to a store unchanged.
    """
    index = _index_of(gov)
    chain: list[Footprint] = []
    current: str | None = footprint_id
    while current is not None and current in gov and current not in {f.id for f in chain}:
        footprint = gov.get(current)
        if not isinstance(footprint, Footprint) or not footprint.valid_at(as_of):
            break
        chain.append(footprint)
        current = _parent_on(index, footprint, as_of)
    return chain


def dated_chain(gov: Governance, start: str, as_of: dt.date | None) -> list[Footprint]:
    """The chain a question at ``start`` walks on ``as_of``: like :func:`footprint_chain`,
    but keeping a footprint that did not exist that day (its parent is still followed),
    and adding the county a district lies in after the district.

    ``start`` may be a footprint or an organisation with no footprint of its own
    (a GP practice: through its PCN or sub-ICB location, as ``where`` places it).
    Used by "who decides" so that a question about any council, PCN or practice on
    any date reaches the ICB, region and England of that date.

    >>> from icsgov.loaders.reference import read_reference
    >>> gov = read_reference()
    >>> [f.name for f in dated_chain(gov, "fp:ons:E06000032", dt.date(2026, 6, 1))]
    ['Luton', 'Central East', 'East of England', 'England']
    >>> [f.name for f in dated_chain(gov, "fp:ons:E07000078", dt.date(2024, 6, 1))]
    ['Cheltenham', 'Gloucestershire', 'Gloucestershire', 'South West', 'England']
    """
    index = _index_of(gov)
    entity = gov.entities.get(start)
    if isinstance(entity, Organisation):
        start = _start(index, entity, as_of)[1] or ""
    chain: list[Footprint] = []
    seen: set[str] = set()
    current: str | None = start
    while current is not None and current not in seen:
        footprint = gov.entities.get(current)
        if not isinstance(footprint, Footprint):
            break
        chain.append(footprint)
        seen.add(current)
        for relation in index.relations.get(current, []):
            if relation.kind is RelationKind.CONSTITUENT_OF and relation.valid_at(as_of):
                county = gov.entities.get(relation.object)
                if isinstance(county, Footprint) and county.id not in seen:
                    chain.append(county)
                    seen.add(county.id)
        current = _parent_on(index, footprint, as_of)
    return chain


def _parent_on(index: _Index, footprint: Footprint, as_of: dt.date | None) -> str | None:
    """The footprint's parent on ``as_of``: a dated move, else the largest overlap, else part_of."""
    relations = [
        r
        for r in index.relations.get(footprint.id, [])
        if r.valid_at(as_of) and isinstance(index.gov.entities.get(r.object), Footprint)
    ]
    for kind in (RelationKind.LOCATED_IN, RelationKind.OVERLAPS):
        found = [r for r in relations if r.kind is kind]
        if found:
            best = sorted(found, key=lambda r: (-(r.share or 0.0), r.object))[0]
            return best.object
    return footprint.part_of


def _serving(index: _Index, footprint: Footprint) -> Organisation | None:
    """The organisation whose own footprint this is (an ICB for its system), if any."""
    for entity_id in index.codes.get(footprint.id.casefold().removeprefix("fp:"), []):
        entity = index.gov.get(entity_id)
        if isinstance(entity, Organisation) and footprint.id in entity.footprints:
            return entity
    return None


def _step(
    level: str, name: str, code: str, organisation: str | None = None, illustrative: bool = False
) -> dict[str, Any]:
    """One step of a chain; ``illustrative`` when its footprint or organisation is invented."""
    step: dict[str, Any] = {"level": level, "name": name, "code": code}
    if organisation and organisation != name:
        step["organisation"] = organisation
    step["illustrative"] = illustrative
    return step


def _start(
    index: _Index, entity: Entity, as_of: dt.date | None
) -> tuple[list[dict[str, Any]], str | None]:
    """The first chain steps for an entity, and the footprint to walk from."""
    if isinstance(entity, Footprint):
        return [], entity.id
    assert isinstance(entity, Organisation)
    own = [f for f in entity.footprints if f in index.gov and index.gov.get(f).valid_at(as_of)]
    if own:
        return [], own[0]
    steps = [
        _step(
            entity.kind.value,
            entity.name,
            _code_at(entity.codes, as_of),
            illustrative=entity.illustrative,
        )
    ]
    relations = [r for r in index.relations.get(entity.id, []) if r.valid_at(as_of)]
    for kind in _CHAIN_VIA:
        for relation in relations:
            if relation.kind is not kind or relation.object not in index.gov:
                continue
            target = index.gov.get(relation.object)
            if isinstance(target, Organisation):
                more, footprint = _start(index, target, as_of)
                return steps + more, footprint
            return steps, target.id
    return steps, None


def _shares(index: _Index, footprint_id: str, as_of: dt.date | None) -> list[dict[str, Any]]:
    shares = []
    for relation in index.relations.get(footprint_id, []):
        if relation.kind is not RelationKind.OVERLAPS or not relation.valid_at(as_of):
            continue
        icb = index.gov.get(relation.object)
        assert isinstance(icb, Footprint)
        org = _serving(index, icb)
        shares.append(
            {
                "name": org.name if org else icb.name,
                "code": _code_at(icb.codes, as_of),
                "share": round(relation.share or 0.0, 4),
            }
        )
    return sorted(shares, key=lambda s: (-s["share"], s["code"]))


def _resolve(index: _Index, query: str, as_of: dt.date | None) -> Entity:
    text = query.strip().casefold()
    ids = index.codes.get(text) or index.codes.get(f"fp:{text}") or index.names.get(text) or []
    found = [index.gov.get(i) for i in dict.fromkeys(ids)]
    if not found:
        raise NotFound("place, organisation or code", query, _suggest(index, text))
    current = [e for e in found if e.valid_at(as_of)]
    if not current:
        raise NotFound(
            f"place or organisation on {as_of}",
            query,
            list(
                dict.fromkeys(
                    f"{e.label} (until {e.valid_to}; try --as-of {e.valid_to})"
                    if e.valid_to
                    else f"{e.label} (from {e.valid_from}; try --as-of {e.valid_from})"
                    for e in found
                )
            ),
        )
    own = {f for e in current if isinstance(e, Organisation) for f in e.footprints}
    distinct = [e for e in current if e.id not in own]
    if len(distinct) > 1:
        raise Ambiguous(
            "place or organisation",
            query,
            [
                f"{e.label} [{_kind(e)} {_code_at(getattr(e, 'codes', []), as_of)}]"
                for e in distinct
            ],
        )
    return distinct[0]


def _suggest(index: _Index, text: str) -> list[str]:
    """Names containing the query, else the closest spellings (shown as typed in the data)."""
    containing = sorted({n for n in index.names if text in n}, key=len)[:5]
    folded = containing or close_matches(text, index.names, n=5)
    shown = []
    for name in folded:
        entity = index.gov.get(index.names[name][0])
        shown.append(entity.label if entity.label.casefold() == name else name)
    return shown


def where(
    source: Governance | MemoryStore,
    name_or_code: str,
    as_of: dt.date | None = None,
    include_planned: bool = False,
) -> WhereResult:
    """Resolve ``name_or_code`` and return its chain, most local first, up to national.

    ``as_of`` defaults to today (see :func:`default_as_of`). ``changes`` lists the
    changes in force by then;
    ``include_planned`` adds the announced (or legislated, not yet in force)
    changes naming the entity or anything in its chain, each with its
    ``status``; they never move the chain. Raises :class:`~icsgov.errors.NotFound` with
    suggestions, or :class:`~icsgov.errors.Ambiguous` listing the candidates.

    >>> from icsgov.loaders.reference import read_reference
    >>> where(read_reference(), "QHG", dt.date(2025, 1, 1)).chain[0]["name"]
    'Bedfordshire, Luton and Milton Keynes'
    >>> where(read_reference(), "QHG", dt.date(2026, 6, 1)).note.split(";")[0]
    'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board ended on 2026-03-31'
    """
    gov = source if isinstance(source, Governance) else source.governance
    when = as_of or default_as_of(gov)
    index = _index_of(gov)
    gone = _gone(index, name_or_code, when)
    if gone is not None:
        return gone
    entity = _resolve(index, name_or_code, when)
    steps, start = _start(index, entity, when)
    chain = list(steps)
    shares: list[dict[str, Any]] = []
    around: list[str] = []
    if start is not None:
        for footprint in footprint_chain(gov, start, when):
            org = _serving(index, footprint)
            around += [footprint.id, *([org.id] if org else [])]
            codes = org.codes if org else footprint.codes
            chain.append(
                _step(
                    footprint.level.value,
                    footprint.name,
                    _code_at(codes, when),
                    org.name if org else None,
                    illustrative=footprint.illustrative or bool(org and org.illustrative),
                )
            )
        shares = _shares(index, start, when)
    note = None
    if as_of is None:
        note = f"as described by the loaded data on {when}"
    return WhereResult(
        entity=entity,
        chain=chain,
        shares=shares,
        as_of=when,
        note=note,
        changes=_changes_of(index, entity, when)
        + (_planned(index, [entity.id, *around]) if include_planned else []),
        codes=code_history(entity),
    )


def _planned(index: _Index, refs: list[str]) -> list[dict[str, Any]]:
    """Changes not in force (announced or legislated) naming any of ``refs``, labelled."""
    events = {
        e.id: e
        for ref in refs
        for e in index.changes.get(ref, [])
        if e.status is not ChangeStatus.IN_FORCE
    }
    return [
        {**_event(index, e, refs), "planned": True}
        for e in sorted(events.values(), key=lambda e: (e.date, e.id))
    ]


def code_history(entity: Entity) -> list[dict[str, Any]]:
    """Every code the entity has had, with its dates (ONS codes change; the ODS code is the id).

    >>> from icsgov.loaders.reference import read_reference
    >>> [c["value"] for c in code_history(read_reference().get("ods:QRL")) if c["scheme"] == "ons"]
    ['E54000042', 'E54000067']
    """
    return [
        {
            "scheme": c.scheme,
            "value": c.value,
            "valid_from": c.valid_from.isoformat() if c.valid_from else None,
            "valid_to": c.valid_to.isoformat() if c.valid_to else None,
        }
        for c in getattr(entity, "codes", [])
    ]


def _changes_of(index: _Index, entity: Entity, when: dt.date) -> list[dict[str, Any]]:
    """The changes in force by ``when`` naming the entity (or its own footprints), oldest first."""
    refs = [entity.id, *getattr(entity, "footprints", [])]
    events = {
        e.id: e
        for ref in refs
        for e in index.changes.get(ref, [])
        if e.status is ChangeStatus.IN_FORCE and e.date <= when
    }
    return [_event(index, e, refs) for e in sorted(events.values(), key=lambda e: (e.date, e.id))]


def _event(index: _Index, e: ChangeEvent, refs: list[str]) -> dict[str, Any]:
    return {
        "id": e.id,
        "date": e.date.isoformat(),
        "kind": e.kind.value,
        "status": e.status.value,
        "name": e.name,
        "role": "predecessor" if any(r in e.original for r in refs) else "successor",
        "from": [_label(index, i) for i in e.original],
        "into": [_label(index, i) for i in e.resulting],
        "detail": e.description,
        "sources": [c.source for c in e.sources],
    }


def _label(index: _Index, entity_id: str) -> str:
    entity = index.gov.entities.get(entity_id)
    if entity is None:
        return entity_id
    code = _code_at(getattr(entity, "codes", []), None)
    return f"{entity.label} ({code})" if code else entity.label


def _gone(index: _Index, query: str, when: dt.date) -> WhereResult | None:
    """What became of something that existed but not on ``when``: its changes, not an error."""
    text = query.strip().casefold()
    ids = index.codes.get(text) or index.codes.get(f"fp:{text}") or index.names.get(text) or []
    found = [index.gov.get(i) for i in dict.fromkeys(ids)]
    if not found or any(e.valid_at(when) for e in found):
        return None
    own = {f for e in found if isinstance(e, Organisation) for f in e.footprints}
    found = [e for e in found if e.id not in own]
    ended = [e for e in found if e.valid_to is not None and e.valid_to < when]
    if len(ended) != 1:
        return None
    entity = ended[0]
    ended_on = entity.valid_to
    assert ended_on is not None
    changes = [c for c in _changes_of(index, entity, when) if c["date"] > ended_on.isoformat()]
    if not changes:
        return None
    successors = [
        i
        for ref in [entity.id, *getattr(entity, "footprints", [])]
        for e in index.changes.get(ref, [])
        if ref in e.original and ended_on < e.date <= when and e.status is ChangeStatus.IN_FORCE
        for i in e.resulting
        if i != ref
    ]
    named = ", ".join(_label(index, i) for i in dict.fromkeys(sorted(successors)))
    return WhereResult(
        entity=entity,
        chain=[],
        as_of=when,
        note=f"{entity.label} ended on {entity.valid_to}; it did not exist on {when}. "
        f"Its area passed to: {named} (see the changes). "
        f"Try --as-of {entity.valid_to} for where it was.",
        changes=changes,
        codes=code_history(entity),
    )
