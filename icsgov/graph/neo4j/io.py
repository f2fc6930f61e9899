"""Push a governance description to a Bolt graph database (Neo4j 5, ArcadeDB) and pull it back.

The property-graph mapping (docs/neo4j.md has the full table):

* every entity is one node with two labels: its class name (``:Organisation``,
  ``:DecisionRight``...) and the common ``:IcsgovEntity``, whose ``id`` is
  unique (a uniqueness constraint, created first). N-ary facts (decision
  rights, delegations, accountability lines, funding flows, reference
  relations) are nodes too, so they keep their dates and sources;
* every field is a property: enums as their value, dates as Cypher ``date``,
  lists of ids as lists; lists of citations and codes twice, as a readable
  list (``sources: ['icb-constitution']``, ``codes: ['ods:QJK']``) and exactly
  as JSON (``sources_json``, ``codes_json``), which is what :func:`pull` reads;
* every id field also becomes a relationship to the node it names, typed by
  a verb for the field (``(:DecisionRight)-[:HELD_BY]->(:Body)``, ``-[:CITES]->(:Source)``),
  plus a direct edge for analysts where a fact joins two actors
  (``(:Body)-[:ANSWERS_TO {kind, valid_from, valid_to}]->(:Organisation)``).
  Every icsgov relationship has an ``owner`` property: the id of the entity
  it was drawn from.

Labels and relationship types come only from the allow-lists below, which are
derived from the model; every value travels as a parameter. Writes are
batched ``UNWIND ... MERGE`` statements, one transaction per batch, each safe
to repeat, so pushing twice, or re-running a push that was cut off, leaves the
same database. ``replace=True`` also deletes icsgov nodes (and icsgov
relationships) that the description no longer has; nodes without icsgov's
labels are never touched.

>>> sorted(LABELS)[:3]
['AccountabilityLine', 'Agreement', 'Body']
>>> sorted(node_properties(AccountabilityLine(
...     id="l1", actor="b", answers_to="o", kind="statutory", valid_from=dt.date(2024, 4, 1))))
['actor', 'answers_to', 'formal', 'id', 'illustrative', 'kind', 'valid_from']
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from icsgov.errors import StoreError
from icsgov.graph.neo4j.bolt import DEFAULT_BATCH_SIZE
from icsgov.ontology.governance import Dataset, Governance
from icsgov.ontology.model import (
    ENTITY_CLASSES,
    REFERENCES,
    AccountabilityLine,
    Citation,
    DecisionRight,
    Delegation,
    Entity,
    FundingFlow,
    Identifier,
    ReferenceRelation,
    RelationKind,
    Suppression,
)

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction, Session

__all__ = [
    "CONSTRAINTS",
    "DATASET_LABEL",
    "ENTITY_LABEL",
    "INDEXES",
    "LABELS",
    "LEGACY_DIRECT",
    "LEGACY_TYPES",
    "NAME_INDEXED",
    "RELATIONSHIP_TYPES",
    "SEARCH_INDEX",
    "VERBS",
    "PushReport",
    "entity_from_node",
    "node_properties",
    "pull",
    "push",
]

ENTITY_LABEL = "IcsgovEntity"
"""The label every icsgov node carries, with a unique ``id``."""

DATASET_LABEL = "IcsgovDataset"
"""The label of the nodes recording which datasets the description came from."""

LABELS: dict[str, type[Entity]] = {cls.__name__: cls for cls in ENTITY_CLASSES}
"""The allow-list of class labels: one per model class."""

CONSTRAINTS = (
    f"CREATE CONSTRAINT icsgov_entity_id IF NOT EXISTS "
    f"FOR (n:{ENTITY_LABEL}) REQUIRE n.id IS UNIQUE",
    f"CREATE CONSTRAINT icsgov_dataset_key IF NOT EXISTS "
    f"FOR (n:{DATASET_LABEL}) REQUIRE n.key IS UNIQUE",
)
"""Neo4j 5 syntax; ArcadeDB 26 accepts it as written (it creates a unique index)."""

NAME_INDEXED = ("Organisation", "Body", "Footprint", "Person", "Post", "DecisionType", "Programme")
"""The classes people look up by name (Bloom's search, ``MATCH (n:Body {name: ...})``)."""

SEARCH_INDEX = "icsgov_search"
"""The full-text index over every icsgov node's id, name, title, aliases and codes."""

INDEXES = (
    *(
        f"CREATE INDEX icsgov_{label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
        for label in NAME_INDEXED
    ),
    f"CREATE FULLTEXT INDEX {SEARCH_INDEX} IF NOT EXISTS FOR (n:{ENTITY_LABEL}) "
    "ON EACH [n.id, n.name, n.title, n.aliases, n.codes]",
)
"""Neo4j only (ArcadeDB's Cypher has no such DDL): range indexes on ``name`` and a
full-text index, so Bloom's search and name look-ups use an index, not a scan."""

VERBS: dict[tuple[str, str], str] = {
    ("AccountabilityLine", "actor"): "BINDS",
    ("AccountabilityLine", "answers_to"): "ACCOUNTABLE_TO",
    ("Agreement", "footprint"): "APPLIES_IN",
    ("Agreement", "parties"): "BINDS",
    ("Body", "footprint"): "COVERS",
    ("Body", "members"): "HAS_MEMBER",
    ("Body", "of"): "BELONGS_TO",
    ("ChangeEvent", "original"): "CHANGES",
    ("ChangeEvent", "resulting"): "RESULTS_IN",
    ("DecisionRight", "decision"): "CONCERNS",
    ("DecisionRight", "delegation"): "GRANTED_BY",
    ("DecisionRight", "footprint"): "APPLIES_IN",
    ("DecisionRight", "holder"): "HELD_BY",
    ("DecisionType", "broader"): "KIND_OF",
    ("DeclaredInterest", "interest_in"): "CONCERNS",
    ("DeclaredInterest", "member"): "DECLARED_BY",
    ("Delegation", "decisions"): "CONCERNS",
    ("Delegation", "delegate"): "EMPOWERS",
    ("Delegation", "delegator"): "MADE_BY",
    ("Delegation", "footprint"): "APPLIES_IN",
    ("Footprint", "part_of"): "PART_OF",
    ("FundingFlow", "funder"): "PAID_BY",
    ("FundingFlow", "recipient"): "PAID_TO",
    ("LoggedDecision", "counterparty"): "CONTRACTS_WITH",
    ("LoggedDecision", "decision"): "INSTANCE_OF",
    ("LoggedDecision", "place"): "TAKEN_IN",
    ("LoggedDecision", "present"): "ATTENDED_BY",
    ("LoggedDecision", "ratifies"): "RATIFIES",
    ("LoggedDecision", "taken_by"): "TAKEN_BY",
    ("Organisation", "footprints"): "COVERS",
    ("Organisation", "members"): "HAS_MEMBER",
    ("Post", "holder"): "HELD_BY",
    ("Post", "post_in"): "SITS_IN",
    ("Post", "represents"): "REPRESENTS",
    ("Programme", "board"): "GOVERNED_BY",
    ("Programme", "footprint"): "COVERS",
    ("Programme", "lead"): "LED_BY",
    ("Programme", "reports_to"): "REPORTS_TO",
    ("ReferenceRelation", "object"): "RELATES_TO",
    ("ReferenceRelation", "subject"): "RELATES",
    ("Suppression", "target"): "SUPPRESSES",
}
"""(class, field) -> the relationship type drawn from that field, a verb read from the
entity to the node it names: ``(:DecisionRight)-[:HELD_BY]->(:Body)``."""

_FIELD_EDGES: dict[tuple[type[Entity], str], str] = {
    (cls, name): VERBS[(cls.__name__, name)]
    for (cls, name) in [*REFERENCES, (Suppression, "target")]
    if isinstance(cls, type) and issubclass(cls, Entity)
}
if len(_FIELD_EDGES) != len(VERBS):  # a new reference field needs its verb
    raise RuntimeError(f"VERBS lacks {sorted(set(_FIELD_EDGES) - set(VERBS))}")

_LEGACY_RENAMED = {"answers_to": "PRINCIPAL"}
LEGACY_TYPES: dict[tuple[type[Entity], str], str] = {
    (cls, name): _LEGACY_RENAMED.get(name, name.upper())
    for (cls, name) in _FIELD_EDGES
    if _LEGACY_RENAMED.get(name, name.upper()) != _FIELD_EDGES[(cls, name)]
}
"""(class, field) -> the type icsgov wrote before types were verbs (a field's name in
capitals), where it differs: a push migrates relationships still of these types."""

LEGACY_DIRECT = {"HAS_RIGHT": "HOLDS"}
"""Direct edges renamed since: old type -> new type (migrated by a push)."""

CITES = "CITES"


@dataclass(frozen=True)
class _Direct:
    """A direct edge between the two things an n-ary fact joins, for analysts."""

    start: str
    end: str
    types: Callable[[Entity], str]
    all_types: tuple[str, ...]
    fields: tuple[str, ...]


def _fixed(name: str) -> tuple[Callable[[Entity], str], tuple[str, ...]]:
    return (lambda _e: name), (name,)


def _relation_type(entity: Entity) -> str:
    assert isinstance(entity, ReferenceRelation)
    return entity.kind.value.upper()


_DIRECT: dict[type[Entity], _Direct] = {
    AccountabilityLine: _Direct(
        "actor", "answers_to", *_fixed("ANSWERS_TO"), ("kind", "formal", "basis")
    ),
    Delegation: _Direct(
        "delegator", "delegate", *_fixed("DELEGATES_TO"), ("instrument", "may_subdelegate")
    ),
    DecisionRight: _Direct("holder", "decision", *_fixed("HOLDS"), ("role", "basis", "footprint")),
    FundingFlow: _Direct(
        "funder", "recipient", *_fixed("FUNDS"), ("amount", "share", "recurrent", "in_kind")
    ),
    ReferenceRelation: _Direct(
        "subject",
        "object",
        _relation_type,
        tuple(kind.value.upper() for kind in RelationKind),
        ("kind", "share"),
    ),
}

RELATIONSHIP_TYPES: frozenset[str] = frozenset(
    {*_FIELD_EDGES.values(), CITES, *(t for d in _DIRECT.values() for t in d.all_types)}
)
"""The allow-list of relationship types icsgov writes (and may delete)."""

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _label(cls: type[Entity]) -> str:
    name = cls.__name__
    if LABELS.get(name) is not cls or not _NAME.match(name):
        raise StoreError(f"'{name}' is not an icsgov class; nothing was written.")
    return name


def _rel_type(name: str) -> str:
    if name not in RELATIONSHIP_TYPES or not _NAME.match(name):
        raise StoreError(f"'{name}' is not an icsgov relationship type; nothing was written.")
    return name


# --- entity <-> node properties -----------------------------------------------


def _structured_fields(cls: type[Entity]) -> frozenset[str]:
    """Fields holding lists of small records (citations, codes): stored as JSON too."""
    names = set()
    for name, info in cls.model_fields.items():
        args = typing.get_args(info.annotation)
        item = args[0] if typing.get_origin(info.annotation) is list and args else None
        if isinstance(item, type) and issubclass(item, BaseModel):
            names.add(name)
    return frozenset(names)


_STRUCTURED = {cls: _structured_fields(cls) for cls in ENTITY_CLASSES}


def _readable(item: BaseModel) -> str:
    if isinstance(item, Citation):
        return item.source
    if isinstance(item, Identifier):
        return f"{item.scheme}:{item.value}"
    raise TypeError(f"no readable form for {type(item).__name__}")  # pragma: no cover


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def node_properties(entity: Entity) -> dict[str, Any]:
    """The node properties for one entity; ``None`` and empty lists are left out.

    >>> node_properties(Suppression(id="s1", rule="G7", target="b1", reason="agreed"))
    {'id': 's1', 'illustrative': False, 'rule': 'G7', 'target': 'b1', 'reason': 'agreed'}
    """
    props: dict[str, Any] = {}
    structured = _STRUCTURED[type(entity)]
    for name in type(entity).model_fields:
        value = getattr(entity, name)
        if value is None or value == []:
            continue
        if name in structured:
            props[name] = [_readable(item) for item in value]
            props[f"{name}_json"] = json.dumps(
                [item.model_dump(mode="json") for item in value], ensure_ascii=False
            )
        else:
            props[name] = _value(value)
    return props


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    if to_native is not None and not isinstance(value, dt.date):
        return to_native()
    return value


def entity_from_node(labels: Iterable[str], props: dict[str, Any]) -> Entity:
    """Rebuild an entity from a node's labels and properties (the inverse of the push).

    >>> line = entity_from_node(["IcsgovEntity", "AccountabilityLine"],
    ...     {"id": "l1", "actor": "b", "answers_to": "o", "kind": "managerial"})
    >>> (line.kind.value, line.formal)
    ('managerial', True)
    """
    classes = [LABELS[label] for label in labels if label in LABELS]
    node_id = props.get("id", "?")
    if len(classes) != 1:
        raise StoreError(
            f"Node '{node_id}' has labels {sorted(labels)}: an icsgov node has exactly one of "
            f"{', '.join(sorted(LABELS))}. Fix it in the database, or push again with --replace."
        )
    cls = classes[0]
    structured = _STRUCTURED[cls]
    data: dict[str, Any] = {}
    for name in cls.model_fields:
        if name in structured:
            raw = props.get(f"{name}_json")
            if raw is not None:
                data[name] = json.loads(raw)
        elif name in props:
            value = props[name]
            data[name] = [_native(v) for v in value] if isinstance(value, list) else _native(value)
    try:
        return cls.model_validate(data)
    except (ValidationError, ValueError) as exc:
        raise StoreError(
            f"{cls.__name__} node '{node_id}' cannot be read back: {exc}. "
            "Was it edited by hand? Push the source again to repair it."
        ) from None


# --- relationships drawn from an entity ----------------------------------------


@dataclass(frozen=True)
class _Edge:
    type: str
    start: str
    end: str
    props: dict[str, Any]


def _edges(entity: Entity) -> Iterator[_Edge]:
    cls = type(entity)
    for (owner_cls, name), rel in _FIELD_EDGES.items():
        if owner_cls is not cls:
            continue
        value = getattr(entity, name)
        targets = value if isinstance(value, list) else [] if value is None else [value]
        for ordinal, target in enumerate(targets):
            yield _Edge(rel, entity.id, target, {"owner": entity.id, "ordinal": ordinal})
    for ordinal, citation in enumerate(entity.sources):
        props = {"owner": entity.id, "ordinal": ordinal}
        if citation.locator is not None:
            props["locator"] = citation.locator
        yield _Edge(CITES, entity.id, citation.source, props)
    direct = _DIRECT.get(cls)
    if direct is not None:
        props = {"owner": entity.id}
        for name in ("valid_from", "valid_to", *direct.fields):
            value = getattr(entity, name)
            if value is not None:
                props[name] = _value(value)
        start, end = getattr(entity, direct.start), getattr(entity, direct.end)
        yield _Edge(direct.types(entity), start, end, props)


def _owned_types(cls: type[Entity]) -> list[str]:
    """Every relationship type an entity of ``cls`` may own (to delete before rewriting)."""
    types = {rel for (owner, _), rel in _FIELD_EDGES.items() if owner is cls} | {CITES}
    if cls in _DIRECT:
        types |= set(_DIRECT[cls].all_types)
    return sorted(types)


# --- writing ------------------------------------------------------------------


@dataclass(frozen=True)
class PushReport:
    """What a push wrote: nodes and relationships written, nodes removed, transactions,
    and relationships migrated from the types of earlier versions."""

    nodes: int
    relationships: int
    datasets: int
    removed: int
    transactions: int
    migrated: int = 0


Progress = Callable[[int, int], None]
"""Called after each committed transaction with (transactions done, transactions planned)."""

_Work = Callable[["ManagedTransaction"], None]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _node_work(cls: type[Entity], entities: Sequence[Entity], arcadedb: bool) -> _Work:
    label = _label(cls)
    ids = [e.id for e in entities]
    owned = () if arcadedb else _owned_properties(cls)
    rows = [{"id": e.id, "props": _with_absent(node_properties(e), owned)} for e in entities]

    def work(tx: ManagedTransaction) -> None:
        # An id that changed class: the old node goes (it would trip the constraint).
        tx.run(
            f"UNWIND $ids AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) "
            f"WHERE NOT n:{label} DETACH DELETE n",
            ids=ids,
        ).consume()
        if not arcadedb:
            # Neo4j: the uniqueness constraint makes MERGE a locked get-or-create, so two
            # pushes at once cannot both create a node. `+=` with the fields icsgov owns
            # (absent ones as null, which removes them) leaves other properties alone.
            tx.run(
                f"UNWIND $rows AS row MERGE (n:{ENTITY_LABEL} {{id: row.id}}) "
                f"ON CREATE SET n:{label} SET n += row.props",
                rows=rows,
            ).consume()
            return
        # ArcadeDB: labels are record types, so a node is created with both labels at once;
        # update what exists, then create what does not (its two-label MERGE does not use
        # the id index: ~8x slower at 3,000 nodes).
        tx.run(
            f"UNWIND $rows AS row MATCH (n:{ENTITY_LABEL} {{id: row.id}}) SET n = row.props",
            rows=rows,
        ).consume()
        tx.run(
            f"UNWIND $rows AS row OPTIONAL MATCH (m:{ENTITY_LABEL} {{id: row.id}}) "
            f"WITH row, m WHERE m IS NULL CREATE (n:{ENTITY_LABEL}:{label}) SET n = row.props",
            rows=rows,
        ).consume()

    return work


def _owned_properties(cls: type[Entity]) -> tuple[str, ...]:
    """Every node property icsgov writes for ``cls``: its fields, and ``_json`` twins."""
    names = list(cls.model_fields)
    names += [f"{name}_json" for name in sorted(_STRUCTURED[cls])]
    return tuple(names)


def _with_absent(props: dict[str, Any], owned: Sequence[str]) -> dict[str, Any]:
    """``props`` plus ``None`` for each owned property it lacks (``SET n += ...`` removes it)."""
    return {**dict.fromkeys(owned), **props}


def _edge_work(
    cls: type[Entity], entities: Sequence[Entity], existing: frozenset[str]
) -> tuple[_Work, int]:
    """Rewrite the relationships the entities own; ``existing`` were in the database before."""
    # Only entities that were there before the push can own old relationships.
    owners = [e.id for e in entities if e.id in existing]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        for edge in _edges(entity):
            by_type.setdefault(_rel_type(edge.type), []).append(
                {"start": edge.start, "end": edge.end, "props": edge.props}
            )
    direct = _DIRECT.get(cls)
    scanned = {_rel_type(t) for t in direct.all_types} if direct else set()
    owned = sorted(_rel_type(t) for t in _owned_types(cls))
    # Direct edges first: they are found through the owner's still-unchanged edge
    # to their start (e.g. a line's ACTOR edge), so every delete is an index look-up.
    owned.sort(key=lambda rel: rel not in scanned)
    via = _rel_type(_FIELD_EDGES[(cls, direct.start)]) if direct else ""

    def work(tx: ManagedTransaction) -> None:
        for rel in owned if owners else ():
            if rel in scanned:
                query = (
                    f"UNWIND $owners AS owner MATCH (:{ENTITY_LABEL} {{id: owner}})-[:{via}]->"
                    f"(s:{ENTITY_LABEL})-[r:{rel}]->() WHERE r.owner = owner DELETE r"
                )
            else:  # starts at its owner
                query = (
                    f"UNWIND $owners AS owner MATCH (:{ENTITY_LABEL} {{id: owner}})-[r:{rel}]->() "
                    "WHERE r.owner = owner DELETE r"
                )
            tx.run(query, owners=owners).consume()
        for rel, rows in sorted(by_type.items()):
            # MERGE on the owner (and position), so that two pushes of the same
            # data running at once still leave one relationship each.
            key = (
                "{owner: row.props.owner}"
                if rel in scanned
                else ("{owner: row.props.owner, ordinal: row.props.ordinal}")
            )
            tx.run(
                f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{id: row.start}}) "
                f"MATCH (b:{ENTITY_LABEL} {{id: row.end}}) "
                f"MERGE (a)-[r:{rel} {key}]->(b) SET r = row.props",
                rows=rows,
            ).consume()

    return work, sum(len(rows) for rows in by_type.values())


def _dataset_rows(datasets: Sequence[Dataset]) -> list[dict[str, Any]]:
    rows = []
    for ordinal, dataset in enumerate(datasets):
        fields = asdict(dataset)
        key = json.dumps(fields, default=str, sort_keys=True, ensure_ascii=False)
        props = {k: v for k, v in fields.items() if v is not None}
        rows.append({"key": key, "props": {**props, "key": key, "ordinal": ordinal}})
    return rows


def _check_references(gov: Governance) -> None:
    missing = sorted(
        {
            f"{e.id} -> {edge.end}"
            for e in gov
            for edge in _edges(e)
            if edge.end not in gov.entities or edge.start not in gov.entities
        }
    )
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise StoreError(
            f"{len(missing)} reference(s) name ids the description does not have ({shown}); "
            "run 'icsgov validate' on the data and fix them before pushing. Nothing was written."
        )


def push(
    gov: Governance,
    driver: Driver,
    database: str | None = None,
    *,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> PushReport:
    """Write ``gov`` to the database: constraints, then nodes, then relationships.

    Each batch of ``batch_size`` entities is one transaction that can be
    repeated, so a push cut off part-way converges when run again. With
    ``replace``, icsgov nodes whose ids ``gov`` no longer has are deleted
    (with their relationships), as are datasets it no longer lists.

    For example, against a running server (so not a doctest)::

        push(Governance(), driver)
        # -> PushReport(nodes=0, relationships=0, datasets=0, removed=0, transactions=1)
    """
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, not {batch_size}")
    _check_references(gov)
    from icsgov.graph.neo4j.bolt import bolt_errors, is_arcadedb, resolve_database

    plan: list[_Work] = []
    relationships = 0
    datasets = _dataset_rows(gov.datasets)
    removed = 0
    kept = "What was written is consistent"
    with bolt_errors(
        "The database stopped the push ({code}): {fix}. " + kept + "; push again to finish.",
        "The push was cut off ({detail}). " + kept + "; push again to finish.",
        unexplained="The database stopped the push ({code}): {fix}. "
        + kept
        + ": fix the cause and push again to finish.",
        database=database,
    ):
        arcadedb = is_arcadedb(driver)
        database = resolve_database(driver, database)
        for cls in ENTITY_CLASSES:
            for chunk in _chunks(gov.of_type(cls), batch_size):
                plan.append(_node_work(cls, chunk, arcadedb))
        with driver.session(database=database) as session:
            for statement in CONSTRAINTS if arcadedb else (*CONSTRAINTS, *INDEXES):
                session.run(statement).consume()
            migrated = _migrate(session, batch_size)
            existing = frozenset(session.execute_read(_all_ids))
            for cls in ENTITY_CLASSES:
                for chunk in _chunks(gov.of_type(cls), batch_size):
                    work, count = _edge_work(cls, chunk, existing)
                    plan.append(work)
                    relationships += count
            plan.append(_datasets_work(datasets, replace))
            if replace:
                stale = sorted(existing - set(gov.entities))
                removed = len(stale)
                plan.extend(_removal_work(chunk) for chunk in _chunks(stale, batch_size))
            for done, work in enumerate(plan, start=1):
                session.execute_write(work)
                if progress is not None:
                    progress(done, len(plan))
    return PushReport(len(gov), relationships, len(datasets), removed, len(plan), migrated)


def _migrations() -> list[tuple[str, str, str, str]]:
    """(start label, old type, new type, owner test) for every renamed relationship type.

    Names come from the allow-lists only: the class labels, :data:`LEGACY_TYPES`,
    :data:`LEGACY_DIRECT` and :data:`RELATIONSHIP_TYPES`.
    """
    moves = [
        (_label(cls), old, _rel_type(_FIELD_EDGES[(cls, name)]), "r.owner = a.id")
        for (cls, name), old in sorted(LEGACY_TYPES.items(), key=lambda i: (i[0][0].__name__, i[1]))
    ]
    moves += [
        (ENTITY_LABEL, old, _rel_type(new), "r.owner IS NOT NULL")
        for old, new in LEGACY_DIRECT.items()
    ]
    for _, old, _, _ in moves:
        if not _NAME.match(old):
            raise StoreError(f"'{old}' is not a relationship type icsgov wrote")
    return moves


def _migrate(session: Session, batch_size: int) -> int:
    """Give relationships written by earlier versions (noun types such as ``HOLDER``) their
    verb types, properties and ends unchanged; returns how many moved.

    Each old type is counted first (from the count store: cheap when there are none), then
    moved in transactions of ``batch_size``, so a migration cut off part-way finishes on the
    next push. Only relationships icsgov owns (with ``owner``) from icsgov nodes move.
    """
    moved = 0
    present = set(session.execute_read(_relationship_types))
    for start, old, new, owned in _migrations():
        if old not in present or not session.execute_read(_count_of, old):
            continue

        def work(
            tx: ManagedTransaction,
            start: str = start,
            old: str = old,
            new: str = new,
            owned: str = owned,
        ) -> int:
            record = tx.run(
                f"MATCH (a:{ENTITY_LABEL}:{start})-[r:{old}]->(b) WHERE {owned} "
                f"WITH a, r, b LIMIT $limit CREATE (a)-[s:{new}]->(b) SET s = properties(r) "
                "DELETE r RETURN count(s) AS moved",
                limit=batch_size,
            ).single()
            return int(record["moved"]) if record else 0

        while done := session.execute_write(work):
            moved += done
    return moved


def _relationship_types(tx: ManagedTransaction) -> list[str]:
    """The relationship types the database knows (asking for an unknown one draws a warning)."""
    return [r["t"] for r in tx.run("CALL db.relationshipTypes() YIELD relationshipType AS t")]


def _count_of(tx: ManagedTransaction, rel: str) -> int:
    """How many relationships of type ``rel`` (an allow-listed or legacy name) there are."""
    record = tx.run(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n").single()
    return int(record["n"]) if record else 0


def _datasets_work(rows: list[dict[str, Any]], replace: bool) -> _Work:
    keys = [row["key"] for row in rows]

    def work(tx: ManagedTransaction) -> None:
        if rows:
            tx.run(
                f"UNWIND $rows AS row MERGE (d:{DATASET_LABEL} {{key: row.key}}) SET d = row.props",
                rows=rows,
            ).consume()
        if replace:
            tx.run(
                f"MATCH (d:{DATASET_LABEL}) WHERE NOT d.key IN $keys DETACH DELETE d", keys=keys
            ).consume()

    return work


def _all_ids(tx: ManagedTransaction) -> list[str]:
    """The ids of every icsgov entity in the database (a read transaction's work)."""
    return [r["id"] for r in tx.run(f"MATCH (n:{ENTITY_LABEL}) RETURN n.id AS id")]


def _removal_work(ids: Sequence[str]) -> _Work:
    direct_types = sorted({_rel_type(t) for d in _DIRECT.values() for t in d.all_types})
    via_types = sorted({_rel_type(_FIELD_EDGES[(cls, d.start)]) for cls, d in _DIRECT.items()})

    def work(tx: ManagedTransaction) -> None:
        # A removed fact's direct edge joins nodes that stay: found from the fact through
        # its edge to the start (e.g. a line's ACTOR), never by scanning a whole type.
        tx.run(
            f"UNWIND $ids AS id MATCH (f:{ENTITY_LABEL} {{id: id}})-[v]->(s:{ENTITY_LABEL})"
            "-[r]->() WHERE type(v) IN $vias AND type(r) IN $directs AND r.owner = id "
            "DELETE r",
            ids=list(ids),
            vias=via_types,
            directs=direct_types,
        ).consume()
        tx.run(
            f"UNWIND $ids AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) DETACH DELETE n",
            ids=list(ids),
        ).consume()

    return work


# --- reading ------------------------------------------------------------------


def pull(driver: Driver, database: str | None = None) -> Governance:
    """Read every icsgov node back into a :class:`Governance` (relationships are derived).

    Entities come back in class order, then by id; datasets in the order pushed.

    For example, against a running server (so not a doctest)::

        pull(driver).counts()["organisation"]
        # -> 12
    """

    def read(tx: ManagedTransaction) -> tuple[list[Any], list[dict[str, Any]]]:
        nodes = [
            (record["labels"], record["props"])
            for record in tx.run(
                f"MATCH (n:{ENTITY_LABEL}) RETURN labels(n) AS labels, properties(n) AS props"
            )
        ]
        datasets = [
            record["props"]
            for record in tx.run(f"MATCH (d:{DATASET_LABEL}) RETURN properties(d) AS props")
        ]
        return nodes, datasets

    from icsgov.graph.neo4j.bolt import bolt_errors

    with (
        bolt_errors(
            "Could not read from the database ({code}): {fix}.",
            "Could not read from the database ({detail}); is it running?",
            database=database,
        ),
        driver.session(database=database) as session,
    ):
        nodes, dataset_props = session.execute_read(read)
    entities = [entity_from_node(labels, props) for labels, props in nodes]
    order = {cls: i for i, cls in enumerate(ENTITY_CLASSES)}
    entities.sort(key=lambda e: (order[type(e)], e.id))
    dataset_props.sort(key=lambda p: (p.get("ordinal", 0), p.get("key", "")))
    datasets = [
        Dataset(
            name=p["name"],
            vintage=p.get("vintage"),
            path=p.get("path"),
            describes_from=_native(p.get("describes_from")),
            describes_to=_native(p.get("describes_to")),
        )
        for p in dataset_props
    ]
    return Governance.from_entities(entities, datasets)
