"""The compiled graph as a store: a SQLite file the CLI opens, not loads.

:class:`CompiledStore` answers every question the memory store answers, in
the same order, from a compiled graph file
(:class:`~icsgov.loaders.compiled.CompiledFile`): the indexes are the file's,
and a record becomes a model only when a question reads it. A cold
``icsgov who-decides`` on all of England then reads a few dozen rows instead
of building 220,000 models, so it costs about what it costs on one county.

It *is* a :class:`~icsgov.graph.memory.MemoryStore` (same answers, same
``governance``, ``graph`` and locations), so every command and the
conformance suite treat it as one; its ``governance`` is lazy (a
:class:`~icsgov.loaders.compiled.CompiledGovernance`), building every model
only for commands that walk everything.

:func:`load_store` is how the CLI gets its memory store: the cached compiled
graph when the cache can be used (:mod:`icsgov.cache`), else a memory store
over :func:`~icsgov.loaders.load`.

>>> import pathlib, tempfile
>>> from icsgov.loaders.compiled import write_compiled
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> gov = parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.sqlite"
>>> write_compiled(gov, path)
>>> store = CompiledStore(path)
>>> [f.id for f in store.footprint_chain("glos")], [e.id for e in store.find("england")]
(['glos', 'eng'], ['eng'])
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from icsgov._suggest import close_matches
from icsgov.cache import Reader
from icsgov.errors import NotFound
from icsgov.graph.memory import MemoryStore
from icsgov.graph.store import Direction
from icsgov.loaders.compiled import CompiledFile
from icsgov.ontology.model import AccountabilityLine, DecisionRight, Delegation, Entity

__all__ = ["CompiledStore", "cached_store", "load_store"]

E = TypeVar("E", bound=Entity)
_SEP = "\n"  # as in the file's "right" keys


class CompiledStore(MemoryStore):
    """The memory store's answers, read from a compiled graph file as questions need them."""

    name = "memory"

    def __init__(self, file: CompiledFile | Path) -> None:
        # MemoryStore.__init__ indexes a whole Governance: exactly what this class avoids
        self.file = file if isinstance(file, CompiledFile) else CompiledFile(file)
        self._gov = self.file.governance
        self._graph = None

    @property
    def how(self) -> str:
        """How the cache found the file: ``fast``, ``hashed`` or ``built`` (or ``opened``)."""
        return self.file.how

    def close(self) -> None:
        """Close the file (the store answers nothing afterwards)."""
        self.file.close()

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; ``NotFound`` with the closest ids otherwise."""
        found = self.file.lookup(entity_id)
        if found is None:
            raise NotFound("entity", entity_id, close_matches(entity_id, self.file.ids()))
        return found

    def entities(self, kind: type[E]) -> list[E]:
        """Every entity of a class, sorted by id."""
        return list(self.file.of_kind(kind))

    def find(self, text: str) -> list[Entity]:
        """Entities whose id, code, name or alias equals ``text`` (case-insensitive)."""
        return [self.get(i) for i in self.file.find_ids(text)]

    def names(self) -> list[str]:
        """Every name, alias, code and id known (for suggestions)."""
        return self.file.names()

    def rights(
        self, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None = None
    ) -> list[DecisionRight]:
        """Rights for exactly this decision type at any of these footprints, valid at ``as_of``."""
        keys = (decision_id + _SEP + f for f in footprint_ids)
        return sorted(self._read("right", keys, DecisionRight, as_of), key=lambda r: r.id)

    def delegations(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[Delegation]:
        """Delegations made to the actor (``up``) or by it (``down``), or both."""
        rels = ("up", "down") if direction == "both" else (direction,)
        found = [d for rel in rels for d in self._read(rel, [actor_id], Delegation, as_of)]
        return sorted(found, key=lambda d: d.id)

    def lines(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[AccountabilityLine]:
        """Accountability lines from the actor (``up``) or to it (``down``), or both."""
        rels = {"up": ("from",), "down": ("to",), "both": ("from", "to")}[direction]
        found = [x for rel in rels for x in self._read(rel, [actor_id], AccountabilityLine, as_of)]
        return sorted(found, key=lambda x: x.id)

    def _read(self, rel: str, keys: Iterable[str], kind: type[E], as_of: dt.date | None) -> list[E]:
        found: list[E] = []
        for key in keys:
            for entity_id in self.file.linked(rel, key):
                entity = self.get(entity_id)
                if isinstance(entity, kind) and entity.valid_at(as_of):
                    found.append(entity)
        return found


def cached_store(
    paths: Sequence[str | Path],
    reader: Reader,
    *,
    directory: Path | None = None,
    enabled: bool | None = None,
    extra: Sequence[Path] = (),
) -> MemoryStore:
    """The memory store over ``reader(paths)``: the cached compiled graph, opened lazily.

    The rules are :func:`icsgov.cache.cached_read`'s; without a usable cache, a
    :class:`MemoryStore` over what ``reader`` returned. ``store.how`` (on a
    :class:`CompiledStore`) says how the entry was found.
    """
    from icsgov.cache import cached_file

    found = cached_file(paths, reader, directory=directory, enabled=enabled, extra=extra)
    return CompiledStore(found) if isinstance(found, CompiledFile) else MemoryStore(found)


def load_store(paths: Iterable[str | Path] | None = None) -> MemoryStore:
    """The memory store over :func:`icsgov.loaders.load`'s description, from the cache if it can.

    A cached description is the compiled graph opened as it is: records are
    read when a question needs them. Scheme documents among ``paths`` are
    refused here (``InputError``): they are read a floor up, by
    :func:`icsgov.queries.select.open_store`, over a memory store.

    >>> load_store().get("glos").label
    'Gloucestershire'
    """
    from icsgov.loaders import LoadPlan

    plan = LoadPlan(paths)
    plan.refuse_documents()
    return cached_store(plan.sources, plan.read, extra=plan.extra)
