"""The RDF store: the GraphStore primitives answered by SPARQL over icsgov's RDF.

It reads the RDF :mod:`icsgov.graph.rdf.io` writes, held in an embedded
Oxigraph store (persistent when given a folder) or behind any SPARQL 1.1
endpoint (Oxigraph server, Fuseki, GraphDB, Neptune). Each primitive is one
SPARQL text shipped in ``icsgov/graph/rdf/sparql/`` (so it runs in any SPARQL
tool), with its parameters put into ``VALUES`` blocks by one escaping
function (:func:`icsgov.graph.rdf.engines.sparql_term`); a second shipped
query, ``describe.rq``, fetches the chosen entities' triples, which are
turned back into model objects here.

Answers are the memory store's, to the entity: the same temporal rule
(``valid_from``/``valid_to`` inclusive, absent = open, ``as_of=None`` = any
date), the same order (by id), the same errors. ``governance`` reads the
whole graph back once, on first use; the hot primitives never read that copy.

>>> from icsgov.loaders import load
>>> store = RdfStore.embedded().load(load())
>>> [f.id for f in store.footprint_chain("glos")]
['glos', 'south-west', 'england']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from icsgov._suggest import close_matches
from icsgov.errors import NotFound, StoreError
from icsgov.graph import memo
from icsgov.graph.common import named, per_footprint
from icsgov.graph.rdf.engines import (
    Engine,
    HttpEngine,
    Iri,
    OxigraphEngine,
    RdflibEngine,
    Term,
    bind,
)
from icsgov.graph.store import Closing, Direction, QueryResult
from icsgov.graph.texts import shipped_query
from icsgov.ontology import terms
from icsgov.ontology.governance import Dataset, Governance
from icsgov.ontology.model import (
    ENTITY_CLASSES,
    AccountabilityLine,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
    Source,
)

__all__ = ["QUERY_NAMES", "RdfStore", "sparql_text"]

E = TypeVar("E", bound=Entity)

QUERY_NAMES = (
    "datasets",
    "decision_lineage",
    "delegations",
    "describe",
    "entities",
    "footprint_chain",
    "ids",
    "lines",
    "names",
    "rights",
)
"""The SPARQL texts shipped in ``icsgov/graph/rdf/sparql/``, one per primitive."""

_RDF = terms.PREFIXES["rdf"]
_TYPE, _FIRST, _REST, _NIL = (_RDF + n for n in ("type", "first", "rest", "nil"))
_CLASS_BY_IRI: dict[str, type[Entity]] = {
    terms.class_iri(cls.__name__): cls for cls in ENTITY_CLASSES
}
_CONCEPT_VALUES = {iri: value for (_, value), iri in terms.concepts().items()}
_LIST_ORDER = terms.STRUCTURE["listOrder"]
_OF_PROPERTY = terms.STRUCTURE["ofProperty"]
_ITEMS = terms.STRUCTURE["items"]
_LINKS = {
    "delegations": {"up": ["delegate"], "down": ["delegator"], "both": ["delegate", "delegator"]},
    "lines": {"up": ["actor"], "down": ["answersTo"], "both": ["actor", "answersTo"]},
}


def sparql_text(name: str) -> str:
    """The SPARQL text of one shipped query (``icsgov/graph/rdf/sparql/<name>.rq``).

    >>> "icsgov:partOf*" in sparql_text("footprint_chain")
    True
    """
    return shipped_query("sparql", name, QUERY_NAMES)


def _iri(entity_id: str) -> Iri:
    return Iri(terms.entity_iri(entity_id))


class RdfStore(Closing):
    """A governance graph as RDF, asked through SPARQL.

    Open one with :meth:`embedded` (pyoxigraph; in memory, or persistent in a
    folder) or :meth:`remote` (an HTTP SPARQL endpoint); :meth:`load` replaces
    what it holds with a ``Governance``, all or nothing.
    """

    name = "rdf"

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine = engine
        self._where = where
        self._gov: Governance | None = None
        self._read: dict[str, Entity] = {}
        self._names: dict[str, list[str]] | None = None
        self._chains: dict[tuple[str, str], list[Entity]] = {}

    @classmethod
    def embedded(cls, path: str | Path | None = None) -> RdfStore:
        """An embedded Oxigraph store: in memory, or kept in the folder ``path``.

        >>> RdfStore.embedded()
        <RdfStore embedded Oxigraph (in memory)>
        """
        where = f"embedded Oxigraph at {path}" if path is not None else "embedded Oxigraph"
        if path is not None:
            Path(path).mkdir(parents=True, exist_ok=True)
        engine = OxigraphEngine(str(path) if path is not None else None, terms.GRAPH)
        return cls(engine, where if path is not None else where + " (in memory)")

    @classmethod
    def remote(
        cls,
        query_url: str,
        update_url: str | None = None,
        graph: str | None = None,
        timeout: float = 60.0,
    ) -> RdfStore:
        """A SPARQL 1.1 endpoint; ``graph`` names the graph the data is in (else the default).

        ``update_url`` is needed only to :meth:`load` data.

        >>> RdfStore.remote("http://127.0.0.1:7878/query", graph="urn:x:gov")
        <RdfStore SPARQL endpoint http://127.0.0.1:7878/query, graph urn:x:gov>
        """
        engine = HttpEngine(query_url, update_url, graph, timeout)
        where = f"SPARQL endpoint {query_url}" + (f", graph {graph}" if graph else "")
        return cls(engine, where)

    @classmethod
    def over_rdflib(cls, graph: Any = None) -> RdfStore:
        """The same SPARQL over rdflib's in-memory ``Graph`` (the benchmark's baseline)."""
        return cls(RdflibEngine(graph), "rdflib in-memory graph")

    def __repr__(self) -> str:
        return f"<RdfStore {self._where}>"

    def load(self, gov: Governance) -> RdfStore:
        """Replace the store's data with ``gov`` (all or nothing) and return the store."""
        from icsgov.graph.rdf.io import to_rdf

        text = str(to_rdf(gov).serialize(format="nt"))
        self._engine.replace(text)
        self.forget()
        return self

    def forget(self) -> None:
        """Drop what the store has read and kept (entities, names, chains, the whole copy).

        An ``RdfStore`` reads each entity once and keeps it, as it keeps the
        index of names and each footprint chain and decision lineage; :meth:`load`
        forgets them. Call this when the data behind a remote endpoint was changed
        by someone else.
        """
        self._gov = None
        self._read = {}
        self._names = None
        self._chains = {}
        memo.forget(self)

    def query(self, text: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run an analyst's read-only SPARQL (SELECT or ASK) against the data as it is.

        ``params`` fill the query's ``VALUES ?name { ... }`` blocks, escaped as
        the shipped queries' are (:func:`~icsgov.graph.rdf.engines.bind`).

        >>> from icsgov.loaders import load
        >>> store = RdfStore.embedded().load(load())
        >>> text = ("PREFIX i: <https://w3id.org/icsgov/ontology#> "
        ...         "SELECT ?name WHERE { VALUES ?id { '' } ?f i:id ?id ; i:name ?name }")
        >>> found = store.query(text, {"id": "glos"})
        >>> found.columns, found.rows[0][0].value
        (['name'], 'Gloucestershire')
        """
        answer = self._engine.ask_or_select(bind(text, **params) if params else text)
        if isinstance(answer, bool):
            return QueryResult([], [], boolean=answer)
        names, rows = answer
        return QueryResult(names, [[row.get(n) for n in names] for row in rows])

    def close(self) -> None:
        """Let go of the engine: an embedded store writes what is pending and frees its folder."""
        self._engine.close()

    # --- turning triples back into entities -------------------------------------

    def _describe(self, iris: Sequence[str]) -> dict[str, Entity]:
        """The entities behind these IRIs (missing ones are left out), by IRI.

        Each entity is read from the store once and kept (until :meth:`forget`).
        """
        read = self._read
        unread = [i for i in dict.fromkeys(iris) if i not in read]
        if unread:
            read.update(self._fetch(unread))
        return {i: read[i] for i in iris if i in read}

    def _fetch(self, iris: Sequence[str]) -> dict[str, Entity]:
        """Read the entities behind these IRIs from the store (one query)."""
        rows = self._engine.select(bind(sparql_text("describe"), entity=[Iri(i) for i in iris]))
        nodes: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        owners: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            subject = row["s"]
            key = _key(subject)
            nodes[key][row["p"].value].append(row["o"])
            owners[row["entity"].value].add(key)
        found: dict[str, Entity] = {}
        for iri in dict.fromkeys(iris):
            if iri in nodes:
                entity = _Decoder(nodes).entity(iri)
                if entity is not None:
                    found[iri] = entity
        return found

    def _entities(self, iris: Sequence[str]) -> list[Entity]:
        described = self._describe(iris)
        return [described[i] for i in iris if i in described]

    # --- the GraphStore primitives ------------------------------------------------

    @property
    def governance(self) -> Governance:
        """The whole description, read back from the store on first use and kept."""
        if self._gov is None:
            from icsgov.graph.rdf.io import parse_rdf

            self._gov = parse_rdf(self._engine.dump(), "nt", file=self._where)
        return self._gov

    def coverage_description(self) -> Governance:
        """What the dates the data covers rest on: its datasets and sources, not the rest.

        :func:`icsgov.queries.coverage.store_coverage` asks this instead of
        :attr:`governance`, so that an answer's coverage costs two small
        queries, not reading the whole graph back.
        """
        if self._gov is not None:
            return self._gov
        nodes: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for row in self._engine.select(sparql_text("datasets")):
            nodes[_key(row["s"])][row["p"].value].append(row["o"])
        position = terms.STRUCTURE["position"]
        found: list[tuple[int, str, Dataset]] = []
        for key, props in nodes.items():
            data = _Decoder(nodes).record(key, "Dataset")
            if data.get("name") is None:
                continue  # not a dataset icsgov wrote; reading the whole graph reports it
            at = props.get(position, [])
            index = int(at[0].value) if at and at[0].value.isdigit() else 1 << 30
            found.append((index, str(data["name"]), Dataset(**data)))
        datasets = [d for _, _, d in sorted(found, key=lambda t: (t[0], t[1]))]
        return Governance.from_entities(self.entities(Source), datasets)

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; ``NotFound`` with the closest ids otherwise."""
        iri = terms.entity_iri(entity_id)
        found = self._describe([iri]).get(iri)
        if found is None:
            ids = sorted(row["id"].value for row in self._engine.select(sparql_text("ids")))
            raise NotFound("entity", entity_id, close_matches(entity_id, ids))
        return found

    def entities(self, kind: type[E]) -> list[E]:
        """Every entity of a class, sorted by id."""
        if kind not in ENTITY_CLASSES:
            raise StoreError(f"'{kind.__name__}' is not an icsgov class.")
        query = bind(sparql_text("entities"), **{"class": Iri(terms.class_iri(kind.__name__))})
        iris = [row["entity"].value for row in self._engine.select(query)]
        return sorted((cast(E, e) for e in self._entities(iris)), key=lambda e: e.id)

    def find(self, text: str) -> list[Entity]:
        """Entities whose id, code, name or alias equals ``text`` (case-insensitive)."""
        iris = self._name_index().get(text.strip().casefold(), [])
        return named(self._entities(iris), text)

    def _name_index(self) -> dict[str, list[str]]:
        """Case-folded name -> entity IRIs, read with one query and kept (until :meth:`forget`)."""
        if self._names is None:
            index: defaultdict[str, list[str]] = defaultdict(list)
            for row in self._engine.select(sparql_text("names")):
                entities = index[row["name"].value.casefold()]
                if row["entity"].value not in entities:
                    entities.append(row["entity"].value)
            self._names = dict(index)
        return self._names

    def footprint_chain(self, footprint_id: str, as_of: dt.date | None = None) -> list[Footprint]:
        """The footprint and every footprint it is part of, most local first.

        Like the memory store, the chain does not depend on ``as_of``.
        """
        return self._chain("footprint_chain", "footprint", Footprint, "footprint", footprint_id)

    def decision_lineage(self, decision_id: str) -> list[DecisionType]:
        """The decision type and its broader types, narrowest first."""
        return self._chain(
            "decision_lineage", "decision", DecisionType, "decision type", decision_id
        )

    def _chain(self, query: str, column: str, kind: type[E], what: str, start: str) -> list[E]:
        """A footprint chain or a decision lineage, read once and kept (they have no dates)."""
        key = (query, start)
        kept = self._chains.get(key)
        if kept is None:
            kept = self._chains[key] = self._read_chain(query, column, kind, what, start)
        return cast(list[E], list(kept))

    def _read_chain(self, query: str, column: str, kind: type[E], what: str, start: str) -> list[E]:
        rows = self._engine.select(bind(sparql_text(query), start=_iri(start)))
        ordered = sorted(rows, key=lambda row: int(row["depth"].value))
        iris = [row[column].value for row in ordered]
        if not iris:  # engines differ on zero-length paths from a term not in the data
            self.get(start)  # raises NotFound with suggestions
            raise NotFound(what, start)
        described = self._describe(iris)
        chain: list[E] = []
        for iri in iris:
            entity = described.get(iri)
            if entity is None:
                if iri == terms.entity_iri(start):
                    self.get(start)  # raises NotFound with suggestions
                raise NotFound(what, terms.entity_id(iri))
            if not isinstance(entity, kind):
                raise NotFound(what, entity.id)
            chain.append(entity)
        return chain

    def rights(
        self, decision_id: str, footprint_ids: Sequence[str], as_of: dt.date | None = None
    ) -> list[DecisionRight]:
        """Rights for exactly this decision type at any of these footprints, valid at ``as_of``."""
        asked = list(footprint_ids)
        if not asked:
            return []
        query = bind(
            sparql_text("rights"),
            decision=_iri(decision_id),
            footprint=[_iri(f) for f in sorted(set(asked))],
            asOf=as_of,
        )
        rows = self._engine.select(query)
        iris = list(dict.fromkeys(row["right"].value for row in rows))
        # the holders and delegations the rights name are read in the same round trip:
        # whether a right is in force depends on their lifetimes
        named = [row[c].value for row in rows for c in ("holder", "delegation") if c in row]
        described = self._describe(iris + named)
        return per_footprint(
            (cast(DecisionRight, described[i]) for i in iris if i in described), asked
        )

    def delegations(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[Delegation]:
        """Delegations made to the actor (``up``) or by it (``down``), or both."""
        found = self._linked("delegations", "delegation", actor_id, direction, as_of)
        return sorted((cast(Delegation, d) for d in found), key=lambda d: d.id)

    def lines(
        self, actor_id: str, direction: Direction, as_of: dt.date | None = None
    ) -> list[AccountabilityLine]:
        """Accountability lines from the actor (``up``) or to it (``down``), or both."""
        found = self._linked("lines", "line", actor_id, direction, as_of)
        return sorted((cast(AccountabilityLine, x) for x in found), key=lambda x: x.id)

    def _linked(
        self, query: str, column: str, actor_id: str, direction: str, as_of: dt.date | None
    ) -> list[Entity]:
        links = _LINKS[query].get(direction, [])
        if not links:
            return []  # as the memory store: an unknown direction asks for nothing
        text = bind(
            sparql_text(query),
            actor=_iri(actor_id),
            link=[Iri(terms.ONTOLOGY + link) for link in links],
            asOf=as_of,
        )
        rows = [row[column].value for row in self._engine.select(text)]
        described = self._describe(list(dict.fromkeys(rows)))
        return [described[iri] for iri in rows if iri in described]


def _key(term: Term) -> str:
    return ("_:" + term.value) if term.kind == "bnode" else term.value


class _Decoder:
    """Builds model objects from the triples ``describe.rq`` returned."""

    def __init__(self, nodes: dict[str, dict[str, list[Term]]]) -> None:
        self.nodes = nodes

    def entity(self, iri: str) -> Entity | None:
        props = self.nodes[iri]
        classes = [_CLASS_BY_IRI[t.value] for t in props.get(_TYPE, []) if t.value in _CLASS_BY_IRI]
        if len(classes) != 1:
            return None
        cls = classes[0]
        data = self.record(iri, cls.__name__)
        if "id" not in data:
            data["id"] = terms.entity_id(iri)
        return cls.model_validate(data)

    def record(self, key: str, owner: str) -> dict[str, Any]:
        props = self.nodes.get(key, {})
        data: dict[str, Any] = {}
        for spec in terms.field_specs(owner):
            objects = props.get(spec.iri)
            if not objects:
                continue
            if spec.many:
                data[spec.name] = [self.value(spec, o) for o in self.ordered(key, spec, objects)]
            else:
                data[spec.name] = self.value(spec, objects[0])
        return data

    def ordered(self, key: str, spec: terms.FieldSpec, objects: list[Term]) -> list[Term]:
        for holder in self.nodes.get(key, {}).get(_LIST_ORDER, []):
            holder_props = self.nodes.get(_key(holder), {})
            if spec.iri not in {t.value for t in holder_props.get(_OF_PROPERTY, [])}:
                continue
            items: list[Term] = []
            cells = holder_props.get(_ITEMS, [])
            cell = cells[0] if cells else None
            while cell is not None and cell.value != _NIL and len(items) <= len(objects):
                cell_props = self.nodes.get(_key(cell), {})
                items += cell_props.get(_FIRST, [])[:1]
                rest = cell_props.get(_REST, [])
                cell = rest[0] if rest else None
            if sorted(items) == sorted(objects):
                return items
        return sorted(objects, key=lambda t: (t.kind != "uri", t.value))

    def value(self, spec: terms.FieldSpec, term: Term) -> Any:
        if spec.base == "ref":
            return terms.entity_id(term.value)
        if spec.base == "enum":
            return _CONCEPT_VALUES.get(term.value, term.value)
        if spec.base in ("Citation", "Identifier"):
            return self.record(_key(term), spec.base)
        text = term.value
        if spec.base == "int":
            return int(text)
        if spec.base == "float":
            return float(Decimal(text))
        if spec.base == "bool":
            return text in ("true", "1")
        if spec.base == "date":
            return dt.date.fromisoformat(text)
        return text
