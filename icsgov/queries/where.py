"""Where is it? Resolve a place, council, PCN, practice, trust or ICB to its chain of footprints.

The chain runs from the most local footprint up to national, e.g. Luton ->
Bedfordshire, Luton and Milton Keynes (system) -> East of England (region) ->
England. A council area split across ICBs also gets its share in each.

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
    Entity,
    Footprint,
    Identifier,
    Organisation,
    ReferenceRelation,
    RelationKind,
)

if TYPE_CHECKING:
    from icsgov.graph.memory import MemoryStore

__all__ = ["WhereResult", "default_as_of", "footprint_chain", "where"]

_CHAIN_VIA = (RelationKind.PARTNER_TO, RelationKind.COMMISSIONED_BY, RelationKind.LOCATED_IN)
"""For an organisation without a footprint of its own: which relation leads to one, in order."""


@dataclass(frozen=True)
class WhereResult:
    """The entity found, its chain (most local first), and shares for a split council area."""

    entity: Entity
    chain: list[dict[str, str]]
    shares: list[dict[str, Any]] = field(default_factory=list)
    as_of: dt.date | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ``chain`` is a list of {level, name, code}.

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
        }


def default_as_of(gov: Governance) -> dt.date:
    """The date to answer for when none is given: the last day the loaded data describes.

    Reference data is not today's truth (the 42-ICB files end on 31 March
    2026), so a question without a date is answered for the data's own date.
    """
    ends = [d.describes_to for d in gov.datasets if d.describes_to]
    return min(ends) if ends else dt.date.today()


class _Index:
    """Names, codes and relations of a Governance, for resolution and chain walking."""

    def __init__(self, gov: Governance) -> None:
        self.gov = gov
        self.names: dict[str, list[str]] = defaultdict(list)
        self.codes: dict[str, list[str]] = defaultdict(list)
        self.relations: dict[str, list[ReferenceRelation]] = defaultdict(list)
        for entity in gov:
            if isinstance(entity, ReferenceRelation):
                self.relations[entity.subject].append(entity)
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
    """The footprint and every footprint it is part of, most local first.

    Stops at a footprint not valid on ``as_of`` or at a loop. This is the one
    place the chain is walked, so it can move to a store unchanged.
    """
    chain: list[Footprint] = []
    current: str | None = footprint_id
    while current is not None and current in gov and current not in {f.id for f in chain}:
        footprint = gov.get(current)
        if not isinstance(footprint, Footprint) or not footprint.valid_at(as_of):
            break
        chain.append(footprint)
        current = footprint.part_of
    return chain


def _serving(index: _Index, footprint: Footprint) -> Organisation | None:
    """The organisation whose own footprint this is (an ICB for its system), if any."""
    for entity_id in index.codes.get(footprint.id.casefold().removeprefix("fp:"), []):
        entity = index.gov.get(entity_id)
        if isinstance(entity, Organisation) and footprint.id in entity.footprints:
            return entity
    return None


def _step(level: str, name: str, code: str, organisation: str | None = None) -> dict[str, str]:
    step = {"level": level, "name": name, "code": code}
    if organisation and organisation != name:
        step["organisation"] = organisation
    return step


def _start(
    index: _Index, entity: Entity, as_of: dt.date | None
) -> tuple[list[dict[str, str]], str | None]:
    """The first chain steps for an entity, and the footprint to walk from."""
    if isinstance(entity, Footprint):
        return [], entity.id
    assert isinstance(entity, Organisation)
    own = [f for f in entity.footprints if f in index.gov and index.gov.get(f).valid_at(as_of)]
    if own:
        return [], own[0]
    steps = [_step(entity.kind.value, entity.name, _code_at(entity.codes, as_of))]
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
    source: Governance | MemoryStore, name_or_code: str, as_of: dt.date | None = None
) -> WhereResult:
    """Resolve ``name_or_code`` and return its chain, most local first, up to national.

    ``as_of`` defaults to the last day the loaded data describes (see
    :func:`default_as_of`). Raises :class:`~icsgov.errors.NotFound` with
    suggestions, or :class:`~icsgov.errors.Ambiguous` listing the candidates.

    >>> from icsgov.loaders.reference import read_reference
    >>> where(read_reference(), "QHG").chain[0]["name"]
    'Bedfordshire, Luton and Milton Keynes'
    """
    gov = source if isinstance(source, Governance) else source.governance
    when = as_of or default_as_of(gov)
    index = _index_of(gov)
    entity = _resolve(index, name_or_code, when)
    steps, start = _start(index, entity, when)
    chain = list(steps)
    shares: list[dict[str, Any]] = []
    if start is not None:
        for footprint in footprint_chain(gov, start, when):
            org = _serving(index, footprint)
            codes = org.codes if org else footprint.codes
            chain.append(
                _step(
                    footprint.level.value,
                    footprint.name,
                    _code_at(codes, when),
                    org.name if org else None,
                )
            )
        shares = _shares(index, start, when)
    note = None
    if as_of is None:
        note = f"as described by the loaded data on {when}"
    return WhereResult(entity=entity, chain=chain, shares=shares, as_of=when, note=note)
