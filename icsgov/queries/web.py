"""The web of accountability around an actor: whom it answers to, how, how far from the public.

Breadth-first over accountability lines from a post, body or organisation,
up (whom it answers to), down (who answers to it) or both, to a chosen
depth and for chosen kinds of line. Delegations add derived lines: a
delegate answers to its delegator (kind ``delegated``, ``derived: true``),
because the delegator stays accountable for what it delegated (PROV
Delegation; *Leading for integrated care*, "Governance").

Metrics: the distinct bodies the actor answers to directly (its "masters"),
the mix of kinds of line in the web, the shortest distance upwards to a
democratically elected body or the public (a council, the public, or a
councillor's post), and the cycles in the web.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... organisations:
...   - {id: council, name: Council, kind: unitary_authority}
...   - {id: icb, name: ICB, kind: icb}
... accountability:
...   - {id: l1, actor: icb, answers_to: council, kind: mutual}
... '''))
>>> web = accountability_web(store, "ICB")
>>> [n.id for n in web.nodes], web.metrics.distance_to_elected
(['icb', 'council'], 1)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from icsgov.errors import NotFound, QueryError
from icsgov.graph.store import Direction, GraphStore
from icsgov.ontology.model import (
    LEVEL_RANK,
    AccountabilityKind,
    AccountabilityLine,
    Body,
    Citation,
    Delegation,
    Entity,
    Footprint,
    Level,
    Organisation,
    Post,
    PostKind,
)
from icsgov.queries.resolve import choose, resolve_actor

__all__ = [
    "DIRECTIONS",
    "AccountabilityWeb",
    "WebDecision",
    "WebEdge",
    "WebMetrics",
    "WebNode",
    "WebQuery",
    "accountability_web",
    "decisions_in_web",
    "is_elected",
    "masters",
    "systems_of",
    "up_edges",
]


@dataclass(frozen=True)
class WebNode:
    """An actor in the web and its distance (in lines) from the actor asked about."""

    id: str
    label: str
    cls: str
    kind: str | None
    distance: int
    elected: bool
    illustrative: bool = False


@dataclass(frozen=True)
class WebEdge:
    """``source`` answers to ``target``; ``derived`` lines come from delegations."""

    id: str
    source: str
    target: str
    kind: str
    derived: bool
    formal: bool
    basis: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    sources: list[dict[str, str | None]] = field(default_factory=list)
    illustrative: bool = False


@dataclass(frozen=True)
class WebMetrics:
    """How many masters, which kinds of line, how far from the public, which cycles."""

    answers_to: list[str]
    answers_to_count: int
    kind_mix: dict[str, int]
    distance_to_elected: int | None
    nearest_elected: str | None
    path_to_elected: list[str]
    cycles: list[list[str]]
    home_systems: list[str] = field(default_factory=list)
    other_systems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WebDecision:
    """A logged decision beside an actor's authority: taken by it, or under a right it holds.

    ``by_delegate`` is true when another (a delegate) took it under the
    actor's right; ``verdict`` and ``rules`` are the audit's
    (:mod:`icsgov.queries.audit`).
    """

    id: str
    date: dt.date
    title: str | None
    reference: str | None
    decision_type: str
    decision_type_name: str
    taken_by: str
    taken_by_name: str
    by_delegate: bool
    value: float | None
    verdict: str
    rules: list[str]
    right: str | None
    delegation: str | None
    illustrative: bool


@dataclass(frozen=True)
class AccountabilityWeb:
    """The answer of ``icsgov web``.

    ``decisions`` (only when asked for: ``icsgov web --decisions N``) holds,
    by actor id, the latest logged decisions taken under each actor's
    authority.
    """

    actor: str
    direction: str
    depth: int | None
    kinds: list[str]
    derived: bool
    as_of: dt.date | None
    nodes: list[WebNode]
    edges: list[WebEdge]
    metrics: WebMetrics
    decisions: dict[str, list[WebDecision]] | None = None

    @property
    def illustrative(self) -> bool:
        """True when some actor or line of the web is marked illustrative."""
        return any(n.illustrative for n in self.nodes) or any(e.illustrative for e in self.edges)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (dates stay dates; the CLI writes them as ISO strings)."""
        data = {**asdict(self), "illustrative": self.illustrative}
        for node in data["nodes"]:
            node["class"] = node.pop("cls")
        if self.decisions is None:
            del data["decisions"]
        return data


DIRECTIONS: tuple[Direction, ...] = ("up", "down", "both")
"""The ways a web can be walked: whom the actor answers to, who answers to it, or both."""


@dataclass(frozen=True)
class WebQuery:
    """One question about the web around an actor: built once from ``icsgov web``'s options
    or from ``icsgov serve``'s query string, then answered by :meth:`answer`.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders import load
    >>> web = WebQuery("glos-icb", direction="up", depth=1).answer(MemoryStore(load()))
    >>> web.actor, web.depth
    ('glos-icb', 1)
    """

    actor: str
    direction: Direction = "up"
    depth: int | None = None
    kinds: tuple[str, ...] = ()
    derived: bool = True
    within_system: bool = False
    as_of: dt.date | None = None
    decisions: int = 0
    """The latest logged decisions to give per actor (0: none; see :func:`decisions_in_web`)."""

    def answer(self, store: GraphStore) -> AccountabilityWeb:
        """The web this question asks for (see :func:`accountability_web`)."""
        web = accountability_web(
            store,
            self.actor,
            depth=self.depth,
            kinds=self.kinds,
            direction=self.direction,
            as_of=self.as_of,
            derived=self.derived,
            within_system=self.within_system,
        )
        if self.decisions <= 0:
            return web
        return replace(web, decisions=decisions_in_web(store, web, self.decisions))


def decisions_in_web(
    store: GraphStore, web: AccountabilityWeb, limit: int
) -> dict[str, list[WebDecision]]:
    """For each actor of ``web``, its latest ``limit`` logged decisions up to the web's date.

    The store's decision log, audited as ``icsgov audit`` does
    (:func:`icsgov.queries.audit.decisions_of`): the decisions an actor took,
    and those taken by a delegate under a right it holds, most recent first.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders.governance_yaml import parse_yaml
    >>> store = MemoryStore(parse_yaml('''
    ... footprints: [{id: sys, name: Riverside, level: system}]
    ... organisations: [{id: icb, name: Riverside ICB, kind: icb, footprints: [sys]}]
    ... bodies:
    ...   - {id: board, name: ICB board, kind: board, of: [icb], footprint: sys}
    ...   - {id: fin, name: Finance committee, kind: committee, of: [icb], footprint: sys}
    ... decision_types: [{id: capital, name: Approve a capital scheme}]
    ... decision_rights:
    ...   - {id: r1, holder: board, decision: capital, footprint: sys, role: decides,
    ...      basis: statutory}
    ... delegations:
    ...   - {id: d1, delegator: board, delegate: fin, decisions: [capital], value_max: 1000000,
    ...      instrument: scheme_of_delegation}
    ... decision_log:
    ...   - {id: m1, date: 2024-05-01, taken_by: fin, decision: capital, value: 900000,
    ...      title: New scanner}
    ... '''))
    >>> taken = WebQuery("fin", decisions=5).answer(store).decisions or {}
    >>> [(d.id, d.title, d.taken_by_name, d.by_delegate) for d in taken["board"]]
    [('m1', 'New scanner', 'Finance committee', True)]
    """
    from icsgov.ontology.model import LoggedDecision
    from icsgov.queries.audit import decisions_of

    found = decisions_of(store, [n.id for n in web.nodes], limit, until=web.as_of)
    out: dict[str, list[WebDecision]] = {}
    for actor, judgements in found.items():
        out[actor] = []
        for j in judgements:
            record = store.get(j.decision)
            logged = record if isinstance(record, LoggedDecision) else None
            out[actor].append(
                WebDecision(
                    id=j.decision,
                    date=j.date,
                    title=logged.title if logged else None,
                    reference=logged.reference if logged else None,
                    decision_type=j.decision_type,
                    decision_type_name=_label(store, j.decision_type),
                    taken_by=j.taken_by,
                    taken_by_name=_label(store, j.taken_by),
                    by_delegate=j.taken_by != actor,
                    value=j.value,
                    verdict=j.verdict,
                    rules=list(j.rules),
                    right=j.right,
                    delegation=j.delegation,
                    illustrative=j.illustrative,
                )
            )
    return out


def _label(store: GraphStore, entity_id: str) -> str:
    try:
        return store.get(entity_id).label
    except NotFound:
        return entity_id


def accountability_web(
    store: GraphStore,
    actor: str,
    *,
    depth: int | None = None,
    kinds: Collection[AccountabilityKind | str] | None = None,
    direction: Direction = "up",
    as_of: dt.date | None = None,
    derived: bool = True,
    within_system: bool = False,
) -> AccountabilityWeb:
    """Walk the lines around ``actor`` (an id, name or code) breadth-first.

    ``depth`` limits the number of lines walked from the actor (``None``:
    no limit); ``kinds`` keeps only those kinds of line (derived lines are of
    kind ``delegated``); ``derived=False`` leaves out lines derived from
    delegations. Walking ``both`` ways passes through national bodies to
    their other partners, so a trust's web can reach councils of other
    systems: ``metrics.other_systems`` names the bodies that belong only to
    other systems than the actor's (``metrics.home_systems``), and
    ``within_system=True`` does not walk into them (national and regional
    bodies, and those of no system, are still walked).
    """
    if depth is not None and depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}")
    direction = choose(direction, DIRECTIONS, "direction")
    wanted = _kinds(kinds)
    start = resolve_actor(store, actor)
    home = systems_of(store, start.id)
    systems: dict[str, frozenset[str]] = {start.id: home}

    def elsewhere(node_id: str) -> bool:
        if node_id not in systems:
            systems[node_id] = systems_of(store, node_id)
        return bool(home and systems[node_id] and not systems[node_id] & home)

    distance: dict[str, int] = {start.id: 0}
    edges: dict[str, WebEdge] = {}
    queue: deque[str] = deque([start.id])
    while queue:
        current = queue.popleft()
        if depth is not None and distance[current] >= depth:
            continue
        for edge, neighbour in _around(store, current, direction, as_of, derived, wanted):
            if within_system and elsewhere(neighbour):
                continue
            edges.setdefault(edge.id, edge)
            if neighbour not in distance:
                distance[neighbour] = distance[current] + 1
                queue.append(neighbour)
    nodes = [_node(store, node_id, dist) for node_id, dist in distance.items()]
    ordered_edges = sorted(edges.values(), key=lambda e: (distance.get(e.source, 0), e.id))
    metrics = WebMetrics(
        answers_to=(direct := masters(store, start.id, as_of, derived=derived, kinds=wanted)),
        answers_to_count=len(direct),
        kind_mix=dict(sorted(Counter(e.kind for e in ordered_edges).items())),
        **_nearest_elected(store, start.id, as_of, derived, wanted),
        cycles=_cycles(ordered_edges),
        home_systems=sorted(home),
        other_systems=[n.id for n in nodes if elsewhere(n.id)],
    )
    return AccountabilityWeb(
        actor=start.id,
        direction=direction,
        depth=depth,
        kinds=sorted(wanted) if wanted else [],
        derived=derived,
        as_of=as_of,
        nodes=nodes,
        edges=ordered_edges,
        metrics=metrics,
    )


def up_edges(
    store: GraphStore,
    actor_id: str,
    as_of: dt.date | None = None,
    *,
    derived: bool = True,
    kinds: Collection[str] | None = None,
) -> list[WebEdge]:
    """The lines by which ``actor_id`` answers to others, derived ones included unless told.

    Used by the governance checks (how many masters a post has) so that the
    web and the checks count the same way.
    """
    return [edge for edge, _ in _around(store, actor_id, "up", as_of, derived, set(kinds or ()))]


def masters(
    store: GraphStore,
    actor_id: str,
    as_of: dt.date | None = None,
    *,
    derived: bool = True,
    kinds: Collection[str] | None = None,
) -> list[str]:
    """The distinct actors ``actor_id`` answers to directly, sorted by id."""
    return sorted(
        {e.target for e in up_edges(store, actor_id, as_of, derived=derived, kinds=kinds)}
    )


def systems_of(store: GraphStore, actor_id: str) -> frozenset[str]:
    """The system footprints an actor belongs to (none for a national or regional body).

    Through its footprints (a place is part of a system), a body's footprint or
    the organisations it is part of, a post's body or organisation.
    """
    found: set[str] = set()
    seen: set[str] = set()
    todo = [actor_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            entity = store.get(current)
        except NotFound:
            continue
        if isinstance(entity, Footprint):
            if entity.level is Level.SYSTEM:
                found.add(entity.id)
            elif LEVEL_RANK[entity.level] < LEVEL_RANK[Level.SYSTEM] and entity.part_of:
                todo.append(entity.part_of)
        elif isinstance(entity, Organisation):
            todo.extend(entity.footprints)
        elif isinstance(entity, Body):
            todo.extend([entity.footprint] if entity.footprint else entity.of)
        elif isinstance(entity, Post):
            todo.extend(entity.post_in)
    return frozenset(found)


def is_elected(entity: Entity) -> bool:
    """True for a council, the public, or a councillor's post: democratic accountability."""
    if isinstance(entity, Organisation):
        return entity.kind.is_elected
    return isinstance(entity, Post) and entity.kind is PostKind.COUNCILLOR


def _kinds(kinds: Collection[AccountabilityKind | str] | None) -> set[str]:
    if not kinds:
        return set()
    valid = {k.value for k in AccountabilityKind}
    chosen = {k.value if isinstance(k, AccountabilityKind) else str(k) for k in kinds}
    unknown = sorted(chosen - valid)
    if unknown:
        raise QueryError(
            f"unknown kind of line: {', '.join(unknown)}; choose from {', '.join(sorted(valid))}"
        )
    return chosen


def _around(
    store: GraphStore,
    actor_id: str,
    direction: Direction,
    as_of: dt.date | None,
    derived: bool,
    kinds: set[str],
) -> Iterator[tuple[WebEdge, str]]:
    """Edges touching ``actor_id`` in ``direction``, with the actor at their other end."""
    from icsgov.queries.walk import in_force  # in force: within the lifetimes of both ends too

    explicit: list[WebEdge] = [
        _from_line(line)
        for line in store.lines(actor_id, direction, as_of)
        if in_force(store, line, as_of)
    ]
    pairs = {(e.source, e.target) for e in explicit if e.kind == AccountabilityKind.DELEGATED}
    found = list(explicit)
    if derived:
        for delegation in store.delegations(actor_id, direction, as_of):
            if not in_force(store, delegation, as_of):
                continue
            edge = _from_delegation(delegation)
            if (edge.source, edge.target) not in pairs:
                found.append(edge)
    for edge in sorted(found, key=lambda e: e.id):
        if kinds and edge.kind not in kinds:
            continue
        if edge.source == actor_id and direction in ("up", "both"):
            yield edge, edge.target
        if edge.target == actor_id and direction in ("down", "both"):
            yield edge, edge.source


def _citations(sources: list[Citation]) -> list[dict[str, str | None]]:
    return [{"source": c.source, "locator": c.locator} for c in sources]


def _from_line(line: AccountabilityLine) -> WebEdge:
    return WebEdge(
        id=line.id,
        source=line.actor,
        target=line.answers_to,
        kind=line.kind.value,
        derived=False,
        formal=line.formal,
        basis=line.basis,
        valid_from=line.valid_from,
        valid_to=line.valid_to,
        sources=_citations(line.sources),
        illustrative=line.illustrative,
    )


def _from_delegation(delegation: Delegation) -> WebEdge:
    instrument = delegation.instrument_ref or delegation.instrument.value.replace("_", " ")
    return WebEdge(
        id=f"derived:{delegation.id}",
        source=delegation.delegate,
        target=delegation.delegator,
        kind=AccountabilityKind.DELEGATED.value,
        derived=True,
        formal=True,
        basis=f"delegation {delegation.id} ({instrument})",
        valid_from=delegation.valid_from,
        valid_to=delegation.valid_to,
        sources=_citations(delegation.sources),
        illustrative=delegation.illustrative,
    )


def _node(store: GraphStore, node_id: str, distance: int) -> WebNode:
    entity = store.get(node_id)
    kind = getattr(entity, "kind", None)
    return WebNode(
        id=entity.id,
        label=entity.label,
        cls=entity.kind_name,
        kind=None if kind is None else str(kind.value),
        distance=distance,
        elected=is_elected(entity),
        illustrative=entity.illustrative,
    )


def _nearest_elected(
    store: GraphStore, start: str, as_of: dt.date | None, derived: bool, kinds: set[str]
) -> dict[str, Any]:
    """Breadth-first upwards, whatever the depth asked for, to the first elected actor."""
    previous: dict[str, str | None] = {start: None}
    queue: deque[str] = deque([start])
    while queue:
        current = queue.popleft()
        if is_elected(store.get(current)):
            path = [current]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            path.reverse()
            return {
                "distance_to_elected": len(path) - 1,
                "nearest_elected": current,
                "path_to_elected": path,
            }
        for _edge, neighbour in _around(store, current, "up", as_of, derived, kinds):
            if neighbour not in previous:
                previous[neighbour] = current
                queue.append(neighbour)
    return {"distance_to_elected": None, "nearest_elected": None, "path_to_elected": []}


def _cycles(edges: list[WebEdge]) -> list[list[str]]:
    """Simple cycles among the web's edges, each starting at its smallest id, sorted."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from((e.source, e.target) for e in edges)
    found: list[list[str]] = []
    for cycle in nx.simple_cycles(graph):
        turn = cycle.index(min(cycle))
        found.append([str(n) for n in cycle[turn:] + cycle[:turn]])
    return sorted(found)
