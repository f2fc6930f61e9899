"""Governance as RDF: export and import, lossless both ways (SHACL: :mod:`.shacl`).

``to_rdf`` turns a :class:`~icsgov.ontology.governance.Governance` into an
rdflib graph in the icsgov ontology (``icsgov/ontology/icsgov.ttl``), and
``from_rdf`` turns such a graph back into the same ``Governance``: every
class, field, date, citation locator, identifier date, illustrative flag,
list order and dataset survives the round trip. The mapping between model
and IRIs comes from one table, :mod:`icsgov.ontology.terms`.

How the model's shapes become triples (details in ``docs/ontology.md``):

* an entity is ``<https://w3id.org/icsgov/id/ID>`` typed with its class;
* a citation is a qualified PROV influence, ``<e> icsgov:citation <e#citation-0>`` with
  ``<e#citation-0> a icsgov:Citation ; icsgov:source <src> ; icsgov:locator "s 3"``,
  plus the unqualified shortcuts ``prov:hadPrimarySource`` and ``dcterms:source``;
* an identifier is ``<e> icsgov:code <e#identifier-0>``, an ``icsgov:Identifier`` with
  ``icsgov:codeScheme``, ``icsgov:codeValue`` and its own ``icsgov:validFrom``/``validTo``,
  plus the shortcut ``org:identifier``;
* a list keeps its order in ``<e> icsgov:listOrder <e#order-member>``, which holds
  ``icsgov:ofProperty icsgov:member`` and ``icsgov:items`` (an RDF list), next to the
  plain triples, which stay the form to query;
* parts and list cells get hash IRIs under their entity (not blank nodes), so the
  output is stable from run to run and graphs compare quickly; the reader accepts
  blank nodes as well;
* datasets are ``icsgov:Dataset`` nodes numbered by ``icsgov:position``.

Shortcut triples (``terms.DERIVED``) and triples in other vocabularies are
ignored on import; anything unknown in the icsgov namespace is an error.

rdflib is imported inside the functions, so importing this
module costs nothing until RDF is used.

>>> from icsgov.ontology.model import Footprint, Level
>>> gov = Governance.from_entities([Footprint(id="eng", name="England", level=Level.NATIONAL)])
>>> from_rdf(to_rdf(gov)) == gov
True
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from icsgov._suggest import did_you_mean
from icsgov.errors import InputError, Problem
from icsgov.ontology import terms
from icsgov.ontology.governance import Dataset, Governance
from icsgov.ontology.model import (
    ENTITY_CLASSES,
    ChangeEvent,
    Delegation,
    Entity,
    LoggedDecision,
    Organisation,
)

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "FORMATS",
    "from_rdf",
    "parse_rdf",
    "read_rdf",
    "serialize_rdf",
    "to_rdf",
    "write_rdf",
]

FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "turtle": "turtle",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "nt": "nt",
    "ntriples": "nt",
    "trig": "trig",
    "nq": "nquads",
    "nquads": "nquads",
}
"""Format names accepted by the readers and writers -> rdflib's plugin name."""

_SUFFIXES = {
    ".ttl": "ttl",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nq",
}


_CLASS_BY_NAME: dict[str, type[Entity]] = {cls.__name__: cls for cls in ENTITY_CLASSES}
_ENTITY_CLASS_BY_IRI = {terms.class_iri(n): n for n in _CLASS_BY_NAME}
_PART_CLASSES = {terms.class_iri(n) for n in ("Citation", "Identifier", "Dataset")}
_SCHEME_CLASSES = {terms.ONTOLOGY + n for n in terms.ENUMS}
_CONCEPT_VALUES = {iri: value for (_, value), iri in terms.concepts().items()}
_IGNORED_ICSGOV = {terms.STRUCTURE["listOrder"], terms.STRUCTURE["position"]}


def _rdflib() -> Any:
    import rdflib
    import rdflib.collection

    return rdflib


# --- export -------------------------------------------------------------------


def _decimal(value: float) -> str:
    """A canonical xsd:decimal lexical form that reads back as the same float.

    Always with a decimal point, so Turtle's numeric shorthand stays a decimal
    (``10`` would read back as an integer).

    >>> _decimal(1e16), _decimal(1e-7), _decimal(2.5)
    ('10000000000000000.0', '0.0000001', '2.5')
    """
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


class _Writer:
    def __init__(self) -> None:
        rdflib = _rdflib()
        self.rdflib = rdflib
        self.g = rdflib.Graph()
        for prefix, ns in terms.PREFIXES.items():
            if prefix != "sh":
                self.g.bind(prefix, rdflib.Namespace(ns), override=True, replace=True)
        self.type = rdflib.RDF.type
        self.current: Entity | None = None

    def uri(self, iri: str) -> Any:
        return self.rdflib.URIRef(iri)

    def literal(self, base: str, value: Any) -> Any:
        lit, xsd = self.rdflib.Literal, self.rdflib.XSD
        if base == "float":
            return lit(_decimal(value), datatype=xsd.decimal)
        if base == "int":
            return lit(str(int(value)), datatype=xsd.integer)
        if base == "bool":
            return lit("true" if value else "false", datatype=xsd.boolean)
        if base == "date":
            return lit(value.isoformat(), datatype=xsd.date)
        return lit(str(value))

    def value(self, spec: terms.FieldSpec, value: Any, owner: Any, index: int = 0) -> Any:
        if spec.base == "ref":
            return self.uri(terms.entity_iri(value))
        if spec.base == "enum":
            assert spec.enum is not None
            return self.uri(terms.concept_iri(spec.enum, str(value.value)))
        if spec.base in ("Citation", "Identifier"):
            return self.part(spec.base, value, owner, index)
        return self.literal(spec.base, value)

    def part(self, name: str, obj: Any, owner: Any, index: int) -> Any:
        # hash IRIs under the owner, not blank nodes: stable, and cheap to compare
        node = self.uri(f"{owner}#{name.lower()}-{index}")
        self.g.add((node, self.type, self.uri(terms.class_iri(name))))
        self.fields(node, name, obj)
        if name == "Citation":
            source = self.uri(terms.entity_iri(obj.source))
            self.g.add((owner, self.uri(terms.DERIVED["source"]), source))
            if not owner_is_activity(self.current):
                self.g.add((owner, self.uri(terms.DERIVED["hadPrimarySource"]), source))
        else:
            self.g.add(
                (owner, self.uri(terms.DERIVED["identifier"]), self.rdflib.Literal(obj.value))
            )
        return node

    def fields(self, node: Any, owner: str, obj: Any) -> None:
        for spec in terms.field_specs(owner):
            raw = getattr(obj, spec.name)
            if raw is None or (spec.many and not raw):
                continue
            values = list(raw) if spec.many else [raw]
            objects = [self.value(spec, v, node, i) for i, v in enumerate(values)]
            prop = self.uri(spec.iri)
            for o in objects:
                self.g.add((node, prop, o))
            if len(objects) > 1:
                self.order(node, prop, objects)

    def order(self, node: Any, prop: Any, objects: list[Any]) -> None:
        rdf = self.rdflib.RDF
        holder = f"{node}#order-{str(prop)[len(terms.ONTOLOGY) :]}"
        cells = [self.uri(f"{holder}-{i}") for i in range(len(objects))]
        self.g.add((node, self.uri(terms.STRUCTURE["listOrder"]), self.uri(holder)))
        self.g.add((self.uri(holder), self.uri(terms.STRUCTURE["ofProperty"]), prop))
        self.g.add((self.uri(holder), self.uri(terms.STRUCTURE["items"]), cells[0]))
        for i, (cell, item) in enumerate(zip(cells, objects, strict=True)):
            self.g.add((cell, rdf.first, item))
            self.g.add((cell, rdf.rest, cells[i + 1] if i + 1 < len(cells) else rdf.nil))

    def entity(self, entity: Entity) -> None:
        self.current = entity
        node = self.uri(terms.entity_iri(entity.id))
        name = type(entity).__name__
        self.g.add((node, self.type, self.uri(terms.class_iri(name))))
        if isinstance(entity, Organisation):
            for extra in terms.organisation_types(entity.kind):
                self.g.add((node, self.type, self.uri(extra)))
        self.fields(node, name, entity)
        if isinstance(entity, Delegation):
            delegate = self.uri(terms.entity_iri(entity.delegate))
            delegator = self.uri(terms.entity_iri(entity.delegator))
            self.g.add((delegate, self.uri(terms.DERIVED["actedOnBehalfOf"]), delegator))
            self.g.add((delegate, self.uri(terms.DERIVED["qualifiedDelegation"]), node))
        if isinstance(entity, LoggedDecision):  # a PROV activity, associated with its taker
            self.g.add((node, self.type, self.uri(terms.DERIVED["Activity"])))
            taker = self.uri(terms.entity_iri(entity.taken_by))
            self.g.add((node, self.uri(terms.DERIVED["wasAssociatedWith"]), taker))

    def dataset(self, position: int, dataset: Dataset) -> None:
        node = self.rdflib.BNode()
        self.g.add((node, self.type, self.uri(terms.class_iri("Dataset"))))
        self.g.add((node, self.uri(terms.STRUCTURE["position"]), self.literal("int", position)))
        self.fields(node, "Dataset", dataset)


def owner_is_activity(entity: Entity | None) -> bool:
    """True for entities that are PROV activities (change events, logged decisions), which
    take no ``prov:hadPrimarySource`` (PROV's domain is ``prov:Entity``, disjoint from
    activities)."""
    return isinstance(entity, ChangeEvent | LoggedDecision)


def to_rdf(gov: Governance) -> Graph:
    """The governance as an rdflib graph in the icsgov ontology (see the module docs).

    >>> from icsgov.ontology.model import Person
    >>> g = to_rdf(Governance.from_entities([Person(id="p1", name="Ann")]))
    >>> len(g)
    4
    """
    writer = _Writer()
    for position, dataset in enumerate(gov.datasets):
        writer.dataset(position, dataset)
    for entity in gov:
        writer.entity(entity)
    graph: Graph = writer.g
    return graph


def serialize_rdf(gov: Governance, format: str = "ttl") -> str:
    """The governance as RDF text in one of :data:`FORMATS`.

    >>> from icsgov.ontology.model import Person
    >>> "icsgov:Person" in serialize_rdf(Governance.from_entities([Person(id="p", name="A")]))
    True
    """
    plugin = _plugin(format, "<output>")
    graph = to_rdf(gov)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if plugin in ("trig", "nquads"):
            rdflib = _rdflib()
            ds = rdflib.Dataset()
            for prefix, ns in graph.namespaces():
                ds.bind(prefix, ns, override=True, replace=True)
            named = ds.graph(rdflib.URIRef(terms.GRAPH))
            for triple in graph:
                named.add(triple)
            return str(ds.serialize(format=plugin))
        if plugin == "json-ld":
            context = terms.jsonld_context()["@context"]
            return str(graph.serialize(format="json-ld", context=context))
        return str(graph.serialize(format=plugin))


def write_rdf(gov: Governance, path: str | Path, format: str | None = None) -> None:
    """Write the governance to ``path``; the format comes from the suffix when not given.

    Formats: ttl, jsonld, nt, trig (and nq). The file is written as UTF-8.
    """
    from icsgov.outputs import write_output

    target = Path(path)
    text = serialize_rdf(gov, format or _format_of(target))
    write_output(target, text)


# --- import -------------------------------------------------------------------


def _plugin(format: str, file: str) -> str:
    try:
        return FORMATS[format.lower()]
    except KeyError:
        raise InputError(
            [
                Problem(
                    file,
                    0,
                    0,
                    f"unknown RDF format {format!r}",
                    hint="use one of " + ", ".join(sorted(FORMATS)),
                )
            ]
        ) from None


def _format_of(path: Path) -> str:
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    f"cannot tell the RDF format from the suffix {path.suffix!r}",
                    hint="name the file .ttl, .jsonld, .nt, .trig or .nq, or give the format",
                )
            ]
        ) from None


def read_rdf(path: str | Path, format: str | None = None) -> Governance:
    """Read a governance from an RDF file (ttl, jsonld, nt, trig, nq).

    Raises :class:`~icsgov.errors.InputError` with the file and line for a
    syntax error, and with the offending resource for anything the model
    cannot hold (unknown class or property, missing or bad value, dangling
    reference). Nothing is returned unless everything loaded.
    """
    from icsgov.loaders.limits import MAX_RDF_BYTES, check_size

    source = Path(path)
    chosen = format or _format_of(source)
    check_size(source, MAX_RDF_BYTES, "split the data, or load it into a store with its own tools")
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [Problem(str(path), 0, 0, "no such file", hint="check the path")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), 0, 0, f"cannot read the file: {exc}")]) from None
    return parse_rdf(text, chosen, file=str(path))


def parse_rdf(text: str, format: str = "ttl", file: str = "<string>") -> Governance:
    """Read a governance from RDF text (see :func:`read_rdf`).

    >>> gov = parse_rdf("@prefix icsgov: <https://w3id.org/icsgov/ontology#> .\\n"
    ...                 "<https://w3id.org/icsgov/id/p1> a icsgov:Person ; icsgov:name 'Ann' .")
    >>> gov.get("p1").label
    'Ann'
    """
    plugin = _plugin(format, file)
    data = text
    if plugin == "json-ld":  # before rdflib is even imported: refusing costs nothing
        from icsgov.graph.rdf.jsonld_offline import offline_jsonld

        document = offline_jsonld(text, file)
        if document is not None:
            data = json.dumps(document)
    rdflib = _rdflib()
    if plugin in _OXIGRAPH_FORMATS:
        linear = _parse_linear(text, plugin, file)
        if linear is not None:
            return from_rdf(linear, file=file, text=text)
    ds = rdflib.Dataset()
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # ill-typed literals are reported below, not logged
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds.parse(data=data, format=plugin, publicID=terms.DATA)
    except Exception as exc:  # rdflib's parsers raise many types, even IndexError
        raise InputError(
            [_syntax_problem(exc, text, file)], "the RDF could not be parsed"
        ) from None
    finally:
        term_log.setLevel(level)
    graph = rdflib.Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            graph.add((s, p, o))
        for prefix, ns in ds.namespaces():
            graph.bind(prefix, ns, override=False)
    return from_rdf(graph, file=file, text=text)


_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "trig": "TRIG", "nquads": "N_QUADS"}
"""Formats parsed by Oxigraph's parser: in linear time, where rdflib's takes quadratic time
on long multi-line or escaped literals (a 300 KB literal took 20 s)."""


def _parse_linear(text: str, plugin: str, file: str) -> Graph | None:
    """The triples of ``text`` (every graph merged) parsed by pyoxigraph, or ``None`` without it."""
    try:
        import pyoxigraph as ox
    except ImportError:  # pragma: no cover - the rdf extra brings it
        return None
    rdflib = _rdflib()
    xsd_string = terms.XSD + "string"
    graph: Graph = rdflib.Graph()

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            return rdflib.URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return rdflib.BNode(node.value)
        if node.language:
            return rdflib.Literal(node.value, lang=node.language)
        datatype = node.datatype.value
        if datatype == xsd_string:
            return rdflib.Literal(node.value)
        return rdflib.Literal(node.value, datatype=rdflib.URIRef(datatype))

    parser = ox.parse(
        text.encode("utf-8"),
        format=getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[plugin]),
        base_iri=terms.DATA,
    )
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)  # ill-typed literals are reported by the reader, not logged
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in parser]
    except SyntaxError as exc:
        line, column = exc.lineno or 0, exc.offset or 0
        message = " ".join(str(exc.msg or exc).split())
        raise InputError(
            [Problem(file, line, column if line else 0, f"RDF syntax error: {message[:300]}")],
            "the RDF could not be parsed",
        ) from None
    finally:
        term_log.setLevel(level)
    for triple in triples:
        graph.add(triple)
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=False)
    return graph


def _syntax_problem(exc: Exception, text: str, file: str) -> Problem:
    why = getattr(exc, "_why", None)
    if why is not None and isinstance(getattr(exc, "lines", None), int):
        line = exc.lines + 1  # type: ignore[attr-defined]
        offset = int(getattr(exc, "_i", 0))
        data = text.encode("utf-8")
        start = data.rfind(b"\n", 0, offset) + 1
        column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
        return Problem(file, line, column, f"RDF syntax error: {why}")
    lineno, colno = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if isinstance(lineno, int) and isinstance(colno, int):
        return Problem(file, lineno, colno, f"JSON syntax error: {getattr(exc, 'msg', exc)}")
    message = " ".join(str(exc).split()) or type(exc).__name__
    line = 0
    for number, content in enumerate(text.splitlines(), 1):
        if len(content.strip()) > 3 and content.strip() in str(exc):
            line = number  # N-Triples and N-Quads errors quote the offending line
            break
    if not line and not text.strip():
        message = "the file is empty"
    return Problem(file, line, 1 if line else 0, f"RDF syntax error: {message[:300]}")


@dataclass
class _Reader:
    graph: Any
    file: str
    text: str | None

    def __post_init__(self) -> None:
        self.rdflib = _rdflib()
        self.problems: list[Problem] = []
        self.ids: dict[Any, str] = {}

    # locations ---------------------------------------------------------------

    def name(self, node: Any) -> str:
        if isinstance(node, self.rdflib.URIRef):
            text = str(node)
            if text.startswith(terms.DATA):
                return terms.entity_id(text)
            for prefix, ns in (("icsgov", terms.ONTOLOGY),):
                if text.startswith(ns):
                    return f"{prefix}:{text[len(ns) :]}"
            return f"<{text}>"
        return f"_:{node}"

    def where(self, node: Any) -> tuple[int, int]:
        if self.text is None or not isinstance(node, self.rdflib.URIRef):
            return 0, 0
        iri = str(node)
        candidates = [f"<{iri}>", f'"{iri}"']
        for prefix, ns in self.graph.namespaces():
            if prefix and iri.startswith(str(ns)) and len(iri) > len(str(ns)):
                candidates.append(f"{prefix}:{iri[len(str(ns)) :]}")
        for number, content in enumerate(self.text.splitlines(), 1):
            for candidate in candidates:
                column = content.find(candidate)
                if column >= 0:
                    return number, column + 1
        return 0, 0

    def problem(self, node: Any, message: str, hint: str = "", field: str = "") -> None:
        line, column = self.where(node)
        path = self.name(node) + (f".{field}" if field else "")
        self.problems.append(Problem(self.file, line, column, message, path, hint))

    # values ------------------------------------------------------------------

    def literal(self, node: Any, spec: terms.FieldSpec, obj: Any) -> Any:
        if not isinstance(obj, self.rdflib.Literal):
            self.problem(node, f"expected a literal value, found {self.name(obj)}", field=spec.name)
            return None
        text = str(obj)
        try:
            if spec.base == "str":
                return text
            if spec.base == "int":
                return int(text)
            if spec.base == "float":
                return float(Decimal(text))
            if spec.base == "date":
                return dt.date.fromisoformat(text)
            if spec.base == "bool" and text in ("true", "1", "false", "0"):
                return text in ("true", "1")
        except (ValueError, InvalidOperation):
            pass
        kind = {
            "int": "an integer",
            "float": "a decimal number",
            "date": "a date (YYYY-MM-DD)",
            "bool": "true or false",
        }[spec.base]
        self.problem(node, f"{text!r} is not {kind}", field=spec.name)
        return None

    def reference(self, node: Any, spec: terms.FieldSpec, obj: Any) -> str | None:
        if obj in self.ids:
            return self.ids[obj]
        if isinstance(obj, self.rdflib.URIRef) and str(obj).startswith(terms.DATA):
            return terms.entity_id(str(obj))
        self.problem(
            node,
            f"{self.name(obj)} is not an icsgov entity",
            field=spec.name,
            hint=f"refer to an IRI under {terms.DATA} or to a resource with an icsgov:id",
        )
        return None

    def concept(self, node: Any, spec: terms.FieldSpec, obj: Any) -> str | None:
        value = _CONCEPT_VALUES.get(str(obj))
        assert spec.enum is not None
        allowed = [m.value for m in terms.ENUMS[spec.enum]]
        if value is None or value not in allowed:
            shown = (
                str(obj)[len(terms.ONTOLOGY) :] if str(obj).startswith(terms.ONTOLOGY) else str(obj)
            )
            self.problem(
                node,
                f"unknown {spec.enum} {shown!r}",
                field=spec.name,
                hint=did_you_mean(
                    shown, [terms.concept_iri(spec.enum, a)[len(terms.ONTOLOGY) :] for a in allowed]
                )
                or "use one of " + ", ".join(allowed),
            )
            return None
        return value

    def convert(self, node: Any, spec: terms.FieldSpec, obj: Any) -> Any:
        if spec.base == "ref":
            return self.reference(node, spec, obj)
        if spec.base == "enum":
            return self.concept(node, spec, obj)
        if spec.base in ("Citation", "Identifier"):
            return self.record(obj, spec.base)
        return self.literal(node, spec, obj)

    def ordered(self, node: Any, spec: terms.FieldSpec, values: list[Any]) -> list[Any]:
        prop = self.rdflib.URIRef(spec.iri)
        for holder in self.graph.objects(node, self.rdflib.URIRef(terms.STRUCTURE["listOrder"])):
            if (holder, self.rdflib.URIRef(terms.STRUCTURE["ofProperty"]), prop) not in self.graph:
                continue
            head = self.graph.value(holder, self.rdflib.URIRef(terms.STRUCTURE["items"]))
            items = list(self.rdflib.collection.Collection(self.graph, head)) if head else []
            if set(items) != set(values):
                self.problem(
                    node,
                    "the list order does not hold the same values as the property",
                    field=spec.name,
                    hint="regenerate the file or remove icsgov:listOrder",
                )
                return values
            return items
        return sorted(values, key=lambda v: (str(type(v)), str(v)))

    def record(self, node: Any, owner: str) -> dict[str, Any]:
        """The field values of one resource, as a dict for the model (problems recorded)."""
        allowed = {spec.iri: spec for spec in terms.field_specs(owner)}
        for p in set(self.graph.predicates(node)):
            iri = str(p)
            if iri.startswith(terms.ONTOLOGY) and iri not in allowed and iri not in _IGNORED_ICSGOV:
                local = iri[len(terms.ONTOLOGY) :]
                names = [a[len(terms.ONTOLOGY) :] for a in allowed]
                self.problem(
                    node,
                    f"icsgov:{local} is not a property of {owner}",
                    hint=did_you_mean(local, names) or "properties: " + ", ".join(names),
                )
        data: dict[str, Any] = {}
        for spec in allowed.values():
            objects = list(self.graph.objects(node, self.rdflib.URIRef(spec.iri)))
            if not objects:
                continue
            if spec.many:
                data[spec.name] = [
                    self.convert(node, spec, o) for o in self.ordered(node, spec, objects)
                ]
            elif len(objects) > 1:
                shown = ", ".join(
                    sorted(
                        self.name(o) if not isinstance(o, self.rdflib.Literal) else repr(str(o))
                        for o in objects
                    )
                )
                self.problem(
                    node,
                    f"has {len(objects)} values ({shown}); {owner}.{spec.name} takes one",
                    field=spec.name,
                )
            else:
                data[spec.name] = self.convert(node, spec, objects[0])
        return data

    # entities ----------------------------------------------------------------

    def entity_nodes(self) -> Iterator[tuple[Any, str]]:
        rdf_type = self.rdflib.RDF.type
        known = set(_ENTITY_CLASS_BY_IRI) | _PART_CLASSES | _SCHEME_CLASSES
        names = [*terms.CLASSES]
        for node in sorted(set(self.graph.subjects(rdf_type, None)), key=str):
            classes = [
                str(t)
                for t in self.graph.objects(node, rdf_type)
                if str(t).startswith(terms.ONTOLOGY)
            ]
            for cls in classes:
                if cls not in known:
                    local = cls[len(terms.ONTOLOGY) :]
                    self.problem(
                        node,
                        f"unknown class icsgov:{local}",
                        hint=did_you_mean(local, names) or "classes: " + ", ".join(names),
                    )
            entity = sorted({_ENTITY_CLASS_BY_IRI[c] for c in classes if c in _ENTITY_CLASS_BY_IRI})
            if len(entity) > 1:
                self.problem(
                    node,
                    "is typed with several icsgov classes: " + ", ".join(entity),
                    hint="give each resource one class",
                )
            elif entity:
                yield node, entity[0]

    def node_id(self, node: Any) -> str | None:
        literal = self.graph.value(node, self.rdflib.URIRef(terms.property_iri("Entity", "id")))
        from_iri = None
        if isinstance(node, self.rdflib.URIRef) and str(node).startswith(terms.DATA):
            try:
                from_iri = terms.entity_id(str(node))
            except (ValueError, UnicodeDecodeError):
                self.problem(node, "the IRI does not hold a valid percent-encoded id")
                return None
        if literal is not None and from_iri is not None and str(literal) != from_iri:
            self.problem(
                node,
                f"icsgov:id {str(literal)!r} does not match the id in the IRI {from_iri!r}",
                hint="make them the same, or drop icsgov:id",
            )
            return None
        found = str(literal) if literal is not None else from_iri
        if found is None:
            self.problem(
                node,
                "has no icsgov:id and its IRI is not under " + terms.DATA,
                hint="add icsgov:id or use an IRI under " + terms.DATA,
            )
        return found

    def read(self) -> Governance:
        typed = list(self.entity_nodes())
        for node, _ in typed:
            found = self.node_id(node)
            if found is not None:
                self.ids[node] = found
        seen: dict[str, Any] = {}
        entities: list[tuple[int, str, Entity]] = []
        order = {cls.__name__: i for i, cls in enumerate(ENTITY_CLASSES)}
        for node, name in typed:
            if node not in self.ids:
                continue
            data = self.record(node, name)
            data["id"] = self.ids[node]
            if data["id"] in seen:
                self.problem(
                    node,
                    f"id {data['id']!r} is used by two resources "
                    f"({self.name(seen[data['id']])} and {self.name(node)})",
                )
                continue
            seen[data["id"]] = node
            entity = self.build(node, _CLASS_BY_NAME[name], data)
            if entity is not None:
                entities.append((order[name], entity.id, entity))
        datasets = self.datasets()
        by_id = {e.id: e for _, _, e in entities}
        self.check_references(by_id, seen)
        if self.problems:
            raise InputError(self.problems)
        return Governance.from_entities(
            [e for _, _, e in sorted(entities, key=lambda t: t[:2])], datasets
        )

    def build(self, node: Any, cls: type[Entity], data: dict[str, Any]) -> Entity | None:
        if any(v is None or (isinstance(v, list) and None in v) for v in data.values()):
            return None  # a value was already reported
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                message = str(err["msg"]).removeprefix("Value error, ")
                if err["type"] == "string_pattern_mismatch":
                    message = f"{err['input']!r} holds a control character" + (
                        ", or an invisible or bidirectional one (not allowed in ids)"
                        if field.endswith("id")
                        else ""
                    )
                self.problem(node, message, field=field)
            return None

    def datasets(self) -> list[Dataset]:
        found: list[tuple[int, str, Dataset]] = []
        position = self.rdflib.URIRef(terms.STRUCTURE["position"])
        rdf_type = self.rdflib.RDF.type
        for node in self.graph.subjects(rdf_type, self.rdflib.URIRef(terms.class_iri("Dataset"))):
            data = self.record(node, "Dataset")
            if "name" not in data or data["name"] is None:
                self.problem(node, "a dataset needs icsgov:datasetName")
                continue
            pos = self.graph.value(node, position)
            index = int(pos) if pos is not None and str(pos).isdigit() else 1 << 30
            found.append((index, str(data["name"]), Dataset(**data)))
        return [d for _, _, d in sorted(found, key=lambda t: (t[0], t[1]))]

    def check_references(self, by_id: dict[str, Entity], nodes: dict[str, Any]) -> None:
        for entity in by_id.values():
            node = nodes[entity.id]
            refs = [
                (spec, getattr(entity, spec.name))
                for spec in terms.field_specs(type(entity).__name__)
                if spec.base == "ref"
            ]
            refs += [(terms.field_spec("Citation", "source"), [c.source for c in entity.sources])]
            for spec, raw in refs:
                for target in raw if isinstance(raw, list) else [raw]:
                    if target is None:
                        continue
                    found = by_id.get(target)
                    if found is None:
                        self.problem(
                            node,
                            f"refers to {target!r}, which is not in the graph",
                            field=spec.name,
                            hint=did_you_mean(target, by_id) or "add it or fix the id",
                        )
                    elif type(found).__name__ not in spec.targets:
                        self.problem(
                            node,
                            f"refers to {target!r}, which is a "
                            f"{found.kind_name}; expected " + " or ".join(spec.targets),
                            field=spec.name,
                        )


def from_rdf(graph: Graph, file: str = "<graph>", text: str | None = None) -> Governance:
    """The governance held in an rdflib graph in the icsgov ontology.

    ``file`` and ``text`` only improve error locations. Raises
    :class:`~icsgov.errors.InputError` listing every problem.
    """
    return _Reader(graph, file, text).read()
