"""Turn what people type (an id, a name, an alias, an ODS or ONS code) into entities.

Shared by every question that takes a decision, a place or an actor. The
rules are the same everywhere, so a governance lead learns them once:

1. an exact id, name, alias or code (case-insensitive) wins;
2. otherwise the text is compared with spaces, hyphens and underscores
   ignored ("approve capital scheme" finds ``approve-capital-scheme``);
3. otherwise :class:`~icsgov.errors.NotFound` with the closest names;
   several equally good matches raise :class:`~icsgov.errors.Ambiguous`.
   Nothing is ever guessed.

Written against the :class:`~icsgov.graph.store.GraphStore` protocol only.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
... decision_types:
...   - {id: approve-capital-scheme, name: Approve a capital scheme}
... '''))
>>> resolve_decision(store, "approve capital scheme").id
'approve-capital-scheme'
>>> [f.id for f in resolve_location(store, "Gloucestershire").chain]
['glos', 'eng']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from icsgov._suggest import close_matches
from icsgov.errors import Ambiguous, NotFound, QueryError
from icsgov.graph.store import GraphStore
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    ACTORS,
    Body,
    DecisionType,
    Entity,
    Footprint,
    Organisation,
)
from icsgov.ontology.names import names_of

__all__ = [
    "Location",
    "chain_on",
    "choose",
    "resolve_actor",
    "resolve_decision",
    "resolve_location",
]

_Choice = TypeVar("_Choice", bound=str)


def choose(text: str, choices: tuple[_Choice, ...], what: str) -> _Choice:
    """The one of ``choices`` that ``text`` is, typed as they are; else an error naming them.

    >>> choose("both", ("up", "down", "both"), "direction")
    'both'
    >>> choose("sideways", ("up", "down"), "direction")
    Traceback (most recent call last):
    icsgov.errors.QueryError: direction must be one of up, down, not 'sideways'
    """
    for choice in choices:
        if choice == text:
            return choice
    raise QueryError(f"{what} must be one of {', '.join(choices)}, not '{text}'")


@dataclass(frozen=True)
class Location:
    """Where a question is asked: what the text named and the footprint chain it stands for.

    ``chain`` runs from the most local footprint up to national.
    """

    query: str
    named: Entity
    chain: list[Footprint]

    @property
    def footprint(self) -> Footprint:
        """The most local footprint of the location."""
        return self.chain[0]


def resolve_decision(store: GraphStore, text: str) -> DecisionType:
    """The decision type ``text`` names (id, name, alias, or the same words differently joined).

    Raises ``NotFound`` (with the closest names) or ``Ambiguous``.
    """
    return _resolve_one(store, text, (DecisionType,), "decision type")  # type: ignore[return-value]


def resolve_actor(store: GraphStore, text: str) -> Entity:
    """The organisation, body, post or person ``text`` names.

    Raises ``NotFound`` (with the closest names) or ``Ambiguous``.
    """
    return _resolve_one(store, text, ACTORS, "organisation, body or post")


def resolve_location(store: GraphStore, text: str, as_of: dt.date | None = None) -> Location:
    """The footprint chain for a footprint, organisation or body named by ``text``.

    An organisation or body stands for the footprint(s) it serves. Several
    footprints are fine only when they lie on one chain (then the most local
    is meant); otherwise the place is ``Ambiguous`` and the candidates are
    listed. A footprint named exactly wins over an organisation of the same name.
    """
    what = "place (footprint, organisation or body)"
    kinds = (Footprint, Organisation, Body)
    matches = _matches(store, text, kinds)
    if not matches:
        raise NotFound(what, text, _suggestions(store, text, kinds))
    footprints: list[Entity] = [m for m in matches if isinstance(m, Footprint)]
    if footprints:
        matches = footprints
    candidates: dict[str, Entity] = {}
    for entity in matches:
        for footprint_id in _footprints_of(store, entity) or _placed(store, entity, as_of):
            candidates.setdefault(footprint_id, entity)
    if not candidates:
        names = ", ".join(f"'{m.id}'" for m in matches)
        raise QueryError(
            f"'{text}' names {names}, which serves no footprint; "
            "give the place, system or region instead"
        )
    chains = {fid: chain_on(store, fid, as_of) for fid in candidates}
    most_local = max(chains, key=lambda fid: len(chains[fid]))
    on_chain = {f.id for f in chains[most_local]}
    if not set(candidates) <= on_chain:
        raise Ambiguous(what, text, [_describe(chains[fid][0]) for fid in sorted(candidates)])
    return Location(text, candidates[most_local], chains[most_local])


def _resolve_one(
    store: GraphStore, text: str, kinds: tuple[type[Entity], ...], what: str
) -> Entity:
    matches = _matches(store, text, kinds)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Ambiguous(what, text, [f"{m.id} ({m.label})" for m in matches])
    raise NotFound(what, text, _suggestions(store, text, kinds))


def _matches(store: GraphStore, text: str, kinds: tuple[type[Entity], ...]) -> list[Entity]:
    """Exact matches first (a dictionary look-up); a scan only when there are none.

    An id given exactly wins over other records whose name or alias is the same
    text: ids are unique, and the Ambiguous message tells the user to give the id.
    """
    exact = [e for e in store.find(text) if isinstance(e, kinds)]
    by_id = [e for e in exact if e.id == text]
    if by_id:
        return by_id[:1]
    if exact:
        return _distinct(exact)
    key = _squash(text)
    if not key:
        return []
    return _distinct(
        e for kind in kinds for e in store.entities(kind) if key in map(_squash, names_of(e))
    )


def _suggestions(store: GraphStore, text: str, kinds: tuple[type[Entity], ...]) -> list[str]:
    """The closest entities, each once, as ``id (name)`` so the id can be pasted back."""
    owners: dict[str, Entity] = {}
    for kind in kinds:
        for entity in store.entities(kind):
            for name in names_of(entity):
                owners.setdefault(name, entity)
    chosen = _distinct(owners[n] for n in close_matches(text, owners, n=8, cutoff=0.5))
    return [e.id if e.label == e.id else f"{e.id} ({e.label})" for e in chosen[:4]]


def _footprints_of(store: GraphStore, entity: Entity) -> list[str]:
    if isinstance(entity, Footprint):
        return [entity.id]
    if isinstance(entity, Organisation):
        return list(entity.footprints)
    if isinstance(entity, Body):
        if entity.footprint:
            return [entity.footprint]
        found: list[str] = []
        for org_id in entity.of:
            org = store.get(org_id)
            if isinstance(org, Organisation):
                found += [f for f in org.footprints if f not in found]
        return found
    return []


def chain_on(store: GraphStore, footprint_id: str, as_of: dt.date | None) -> list[Footprint]:
    """The chain a question walks on ``as_of``: each footprint's parent valid that day and a
    district's county (:func:`icsgov.queries.where.dated_chain`); the store's own chain when
    the date is ``None`` or the store does not hold its description in memory.

    An RDF or Neo4j store opened on data loaded elsewhere would have to read the whole graph
    back for the reference relations (a minute for all of England), so it answers with its
    own ``part_of`` chain until its description has been read. The audit asks for the
    same chain, so that it judges a decision where who-decides answers for it.
    """
    gov = _held(store)
    if as_of is None or gov is None:
        return store.footprint_chain(footprint_id, as_of)
    from icsgov.queries.where import dated_chain

    return dated_chain(gov, footprint_id, as_of) or store.footprint_chain(footprint_id, as_of)


def _held(store: GraphStore) -> Governance | None:
    """The store's description when it is already in memory (memory always; others once loaded)."""
    if store.name == "memory":
        return store.governance
    held = getattr(store, "_gov", None)
    return held if isinstance(held, Governance) else None


def _placed(store: GraphStore, entity: Entity, as_of: dt.date | None) -> list[str]:
    """Where an organisation with no footprint of its own lies (a GP practice: its PCN's)."""
    gov = _held(store)
    if not isinstance(entity, Organisation) or as_of is None or gov is None:
        return []
    from icsgov.queries.where import dated_chain

    chain = dated_chain(gov, entity.id, as_of)
    return [chain[0].id] if chain else []


def _describe(footprint: Footprint) -> str:
    return f"{footprint.id} ({footprint.name}, {footprint.level.value})"


def _distinct(entities: Iterable[Entity]) -> list[Entity]:
    return list({e.id: e for e in entities}.values())


_SEPARATORS = re.compile(r"[\s_\-–—/.,'’()]+")


def _squash(text: str) -> str:
    return _SEPARATORS.sub("", text.casefold())
