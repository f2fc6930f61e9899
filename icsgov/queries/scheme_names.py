"""Names in a scheme of delegation, matched to the data the way a governance lead would.

A SoRD is written inside one ICB, so "Chief Executive" or "Resources
Committee" means that ICB's post or committee. Holders are matched:

1. within the system: an id, name or alias, then a name that ends with the
   words written ("Resources Committee" is "NHS X ICB resources committee"),
   when exactly one actor in the system fits;
2. by ODS code written in the cell ("NHS X ICB (11M)");
3. by an exact name anywhere (a body outside the system, such as NHS England);
4. otherwise not at all: the cell goes into the mapping file with
   suggestions, those in the system first.

Decisions are matched by id, name or alias; an unknown decision becomes a
proposed new decision type, named as written, for the user to review.

>>> squash("Chief  Executive's office")
'chiefexecutivesoffice'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from icsgov._suggest import close_matches
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import ACTORS, Body, DecisionType, Entity, Organisation, Post
from icsgov.queries.scope import system_scope

__all__ = ["Match", "Names", "squash"]

_SEPARATORS = re.compile(r"[\s_\-–—/.,'’()&]+")
_CODE = re.compile(r"\b([A-Z0-9]{3,5})\b")


def squash(text: str) -> str:
    """Text with case, spaces and punctuation removed, for comparing names."""
    return _SEPARATORS.sub("", text.casefold())


@dataclass(frozen=True)
class Match:
    """What a written name was matched to (``id`` empty when it was not), how, and the nearest."""

    text: str
    id: str = ""
    how: str = ""
    suggestions: list[str] = field(default_factory=list)


class Names:
    """Matches holders and decisions for one system on one date."""

    def __init__(self, store: GraphStore, system: str, as_of: dt.date | None) -> None:
        self.store = store
        self.scope = system_scope(store, system, as_of)
        inside = {f.id for f in self.scope.inside}
        orgs = {
            o.id
            for o in store.entities(Organisation)
            if set(o.footprints) & inside and o.valid_at(as_of)
        }
        bodies = {
            b.id
            for b in store.entities(Body)
            if b.valid_at(as_of) and (b.footprint in inside or set(b.of) & orgs)
        }
        posts = {
            p.id
            for p in store.entities(Post)
            if p.valid_at(as_of) and set(p.post_in) & (orgs | bodies)
        }
        self.in_system = orgs | bodies | posts
        self.actors = [e for kind in ACTORS for e in store.entities(kind)]

    def holder(self, text: str) -> Match:
        """The actor ``text`` names (see the module docstring for the order of the rules)."""
        key = squash(text)
        ours = [e for e in self.actors if e.id in self.in_system]
        exact = _distinct(e for e in ours if key in map(squash, _names(e)))
        if len(exact) == 1:
            return Match(text, exact[0].id, "name in the system")
        ending = [] if exact or len(key) < 5 else _ending(ours, key)
        if len(ending) == 1:
            return Match(text, ending[0].id, "name in the system")
        if exact or ending:
            return Match(text, "", "", [_label(e) for e in exact or ending])
        for code in _CODE.findall(text):
            coded = _distinct(e for e in self.actors if code in _codes(e))
            if len(coded) == 1:
                return Match(text, coded[0].id, f"ODS code {code}")
        anywhere = _distinct(e for e in self.actors if key in map(squash, _names(e)))
        if len(anywhere) == 1:
            return Match(text, anywhere[0].id, "name outside the system")
        return Match(text, "", "", self._suggest(text, ours, anywhere))

    def decision(self, text: str) -> Match:
        """The decision type ``text`` names, or suggestions for it."""
        key = squash(text)
        types = self.store.entities(DecisionType)
        exact = _distinct(d for d in types if key in map(squash, _names(d)))
        if len(exact) == 1:
            return Match(text, exact[0].id, "decision type")
        pool = exact or types
        return Match(text, "", "", self._suggest(text, list(pool), [], everyone=False))

    def _suggest(
        self, text: str, ours: list[Entity], others: Iterable[Entity], everyone: bool = True
    ) -> list[str]:
        ranked: list[Entity] = []
        for pool in (ours, [*others, *(self.actors if everyone else [])]):
            owners: dict[str, Entity] = {}
            for entity in pool:
                for name in _names(entity):
                    owners.setdefault(name, entity)
            ranked += [owners[n] for n in close_matches(text, owners, n=6, cutoff=0.45)]
            ranked += [e for e in pool if squash(text) and squash(text) in squash(e.label)]
        return [_label(e) for e in _distinct(ranked)[:4]]


def _ending(entities: list[Entity], key: str) -> list[Entity]:
    return _distinct(e for e in entities if any(squash(n).endswith(key) for n in _names(e)))


def _names(entity: Entity) -> Iterable[str]:
    yield entity.id
    name = getattr(entity, "name", None)
    if name:
        yield name
    yield from getattr(entity, "aliases", ())


def _codes(entity: Entity) -> set[str]:
    return {c.value.upper() for c in getattr(entity, "codes", ())}


def _label(entity: Entity) -> str:
    return entity.id if entity.label == entity.id else f"{entity.id} ({entity.label})"


def _distinct(entities: Iterable[Entity]) -> list[Entity]:
    return list({e.id: e for e in entities}.values())
