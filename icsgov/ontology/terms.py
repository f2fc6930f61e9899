"""The one mapping table between the typed model and the ontology's IRIs.

Every model class, every field and every enum member has exactly one IRI
here, as a plain string, so that the RDF exporter (``icsgov.graph.rdf.io``),
the SPARQL store and the JSON-LD context all agree without importing rdflib.
``tests/test_ontology.py`` proves the table is total both ways against the
model classes and the parsed ``icsgov.ttl``.

The IRI scheme (see ``docs/ontology.md``):

* vocabulary terms live in ``https://w3id.org/icsgov/ontology#`` (prefix
  ``icsgov:``): classes in UpperCamelCase (``icsgov:DecisionRight``),
  properties in lowerCamelCase (``icsgov:partOf``);
* each enum is a ``skos:ConceptScheme`` named like its class
  (``icsgov:Level``) and each member a ``skos:Concept`` named
  ``<scheme in lowerCamelCase>-<value>`` (``icsgov:level-place``,
  ``icsgov:organisationKind-nhs_trust``);
* instance data lives in ``https://w3id.org/icsgov/id/`` followed by the
  entity id percent-encoded byte by byte (UTF-8), so any id makes a valid
  IRI and decodes back exactly.

>>> property_iri("Footprint", "part_of")
'https://w3id.org/icsgov/ontology#partOf'
>>> concept_iri("Level", "place")
'https://w3id.org/icsgov/ontology#level-place'
>>> entity_iri('a "quoted"/id')
'https://w3id.org/icsgov/id/a%20%22quoted%22%2Fid'
>>> entity_id(entity_iri("café {x}"))
'café {x}'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import quote, unquote

from pydantic import BaseModel

from icsgov.ontology import model
from icsgov.ontology.governance import Dataset

__all__ = [
    "CLASSES",
    "DATA",
    "DERIVED",
    "ENUMS",
    "FIELDS",
    "GRAPH",
    "NOT_FORMAL",
    "ONTOLOGY",
    "PREFIXES",
    "SHAPES",
    "STRUCTURE",
    "FieldSpec",
    "class_iri",
    "concept_iri",
    "concepts",
    "entity_id",
    "entity_iri",
    "field_spec",
    "field_specs",
    "jsonld_context",
    "model_classes",
    "organisation_types",
    "property_iri",
]

ONTOLOGY = "https://w3id.org/icsgov/ontology#"
"""The vocabulary namespace (prefix ``icsgov:``)."""

DATA = "https://w3id.org/icsgov/id/"
"""The instance-data namespace: ``DATA + percent-encoded id``."""

GRAPH = "https://w3id.org/icsgov/graph/governance"
"""The named graph the data is kept in: by the embedded RDF store, and by TriG/N-Quads export."""

SHAPES = "https://w3id.org/icsgov/shapes#"
"""The namespace of the SHACL shapes in ``shapes.ttl`` (prefix ``icsgovsh:``)."""

XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES: dict[str, str] = {
    "icsgov": ONTOLOGY,
    "icsid": DATA,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Prefixes used in the ontology, the shapes and exported data."""

# --- classes ------------------------------------------------------------------

CLASSES: dict[str, str] = {
    name: ONTOLOGY + name
    for name in (
        "Entity",
        "Citation",
        "Identifier",
        "Dataset",
        *(cls.__name__ for cls in model.ENTITY_CLASSES),
    )
}
"""Model class name -> ontology class IRI (entity classes, their parts, and datasets)."""

# --- fields -------------------------------------------------------------------

_FIELD_LOCAL: dict[tuple[str, str], str] = {
    ("Entity", "id"): "id",
    ("Entity", "valid_from"): "validFrom",
    ("Entity", "valid_to"): "validTo",
    ("Entity", "sources"): "citation",
    ("Entity", "illustrative"): "illustrative",
    ("Entity", "description"): "description",
    ("Citation", "source"): "source",
    ("Citation", "locator"): "locator",
    ("Identifier", "scheme"): "codeScheme",
    ("Identifier", "value"): "codeValue",
    ("Identifier", "valid_from"): "validFrom",
    ("Identifier", "valid_to"): "validTo",
    ("Dataset", "name"): "datasetName",
    ("Dataset", "vintage"): "vintage",
    ("Dataset", "path"): "path",
    ("Dataset", "describes_from"): "describesFrom",
    ("Dataset", "describes_to"): "describesTo",
    ("Source", "title"): "title",
    ("Source", "publisher"): "publisher",
    ("Source", "date"): "date",
    ("Source", "url"): "url",
    ("Source", "licence"): "licence",
    ("Footprint", "name"): "name",
    ("Footprint", "level"): "level",
    ("Footprint", "part_of"): "partOf",
    ("Footprint", "population"): "population",
    ("Footprint", "codes"): "code",
    ("Footprint", "place_definition"): "placeDefinition",
    ("Footprint", "aliases"): "alias",
    ("Organisation", "name"): "name",
    ("Organisation", "kind"): "organisationKind",
    ("Organisation", "statutory"): "statutory",
    ("Organisation", "footprints"): "footprint",
    ("Organisation", "codes"): "code",
    ("Organisation", "members"): "member",
    ("Organisation", "aliases"): "alias",
    ("Body", "name"): "name",
    ("Body", "kind"): "bodyKind",
    ("Body", "of"): "bodyOf",
    ("Body", "footprint"): "footprint",
    ("Body", "members"): "member",
    ("Body", "meets_in_public"): "meetsInPublic",
    ("Body", "terms_of_reference"): "termsOfReference",
    ("Body", "aliases"): "alias",
    ("Person", "name"): "name",
    ("Post", "name"): "name",
    ("Post", "kind"): "postKind",
    ("Post", "post_in"): "postIn",
    ("Post", "holder"): "heldBy",
    ("Post", "represents"): "represents",
    ("DecisionType", "name"): "name",
    ("DecisionType", "domain"): "decisionDomain",
    ("DecisionType", "broader"): "broader",
    ("DecisionType", "preferred_level"): "preferredLevel",
    ("DecisionType", "reserved"): "reserved",
    ("DecisionType", "aliases"): "alias",
    ("DecisionRight", "holder"): "holder",
    ("DecisionRight", "decision"): "decision",
    ("DecisionRight", "footprint"): "footprint",
    ("DecisionRight", "role"): "role",
    ("DecisionRight", "basis"): "basis",
    ("DecisionRight", "value_min"): "valueMin",
    ("DecisionRight", "value_max"): "valueMax",
    ("DecisionRight", "conditions"): "conditions",
    ("DecisionRight", "delegation"): "delegation",
    ("Delegation", "delegator"): "delegator",
    ("Delegation", "delegate"): "delegate",
    ("Delegation", "decisions"): "decision",
    ("Delegation", "footprint"): "footprint",
    ("Delegation", "value_max"): "valueMax",
    ("Delegation", "limits"): "limits",
    ("Delegation", "instrument"): "instrument",
    ("Delegation", "instrument_ref"): "instrumentRef",
    ("Delegation", "may_subdelegate"): "maySubdelegate",
    ("AccountabilityLine", "actor"): "actor",
    ("AccountabilityLine", "answers_to"): "answersTo",
    ("AccountabilityLine", "kind"): "accountabilityKind",
    ("AccountabilityLine", "basis"): "accountabilityBasis",
    ("AccountabilityLine", "formal"): "formal",
    ("Agreement", "name"): "name",
    ("Agreement", "kind"): "agreementKind",
    ("Agreement", "parties"): "party",
    ("Agreement", "value"): "value",
    ("Agreement", "footprint"): "footprint",
    ("FundingFlow", "funder"): "funder",
    ("FundingFlow", "recipient"): "recipient",
    ("FundingFlow", "purpose"): "purpose",
    ("FundingFlow", "amount"): "amount",
    ("FundingFlow", "share"): "share",
    ("FundingFlow", "recurrent"): "recurrent",
    ("FundingFlow", "in_kind"): "inKind",
    ("Programme", "name"): "name",
    ("Programme", "footprint"): "footprint",
    ("Programme", "board"): "board",
    ("Programme", "lead"): "lead",
    ("Programme", "reports_to"): "reportsTo",
    ("Programme", "cadence"): "cadence",
    ("ChangeEvent", "name"): "name",
    ("ChangeEvent", "kind"): "changeKind",
    ("ChangeEvent", "date"): "date",
    ("ChangeEvent", "original"): "original",
    ("ChangeEvent", "resulting"): "resulting",
    ("ChangeEvent", "status"): "changeStatus",
    ("ReferenceRelation", "subject"): "relationSubject",
    ("ReferenceRelation", "object"): "relationObject",
    ("ReferenceRelation", "kind"): "relationKind",
    ("ReferenceRelation", "share"): "share",
    ("Suppression", "rule"): "rule",
    ("Suppression", "target"): "target",
    ("Suppression", "reason"): "reason",
    ("DeclaredInterest", "member"): "interestOf",
    ("DeclaredInterest", "interest_in"): "interestIn",
    ("DeclaredInterest", "nature"): "interestNature",
    ("LoggedDecision", "date"): "takenOn",
    ("LoggedDecision", "taken_by"): "takenBy",
    ("LoggedDecision", "decision"): "ofDecisionType",
    ("LoggedDecision", "title"): "decisionTitle",
    ("LoggedDecision", "place"): "decisionPlace",
    ("LoggedDecision", "value"): "decisionValue",
    ("LoggedDecision", "counterparty"): "counterparty",
    ("LoggedDecision", "reference"): "minuteReference",
    ("LoggedDecision", "paper"): "paper",
    ("LoggedDecision", "url"): "recordUrl",
    ("LoggedDecision", "status"): "decisionStatus",
    ("LoggedDecision", "ratifies"): "ratifiesDecision",
    ("LoggedDecision", "present"): "presentMember",
}

FIELDS: dict[tuple[str, str], str] = {k: ONTOLOGY + v for k, v in _FIELD_LOCAL.items()}
"""(declaring class name, field name) -> property IRI. Inherited fields are keyed by
the class that declares them (``("Entity", "id")``); use :func:`property_iri`."""

# --- enums --------------------------------------------------------------------

ENUMS: dict[str, type[StrEnum]] = {
    obj.__name__: obj
    for obj in vars(model).values()
    if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum
}
"""Enum class name -> enum class, for every enum of the model."""

# --- terms the RDF form needs beyond the model's fields -------------------------

STRUCTURE: dict[str, str] = {
    "listOrder": ONTOLOGY + "listOrder",
    "ofProperty": ONTOLOGY + "ofProperty",
    "items": ONTOLOGY + "items",
    "position": ONTOLOGY + "position",
}
"""Terms that keep what plain triples lose: the order of list fields (RDF values are
sets, the model's lists are ordered) and the order of datasets."""

DERIVED: dict[str, str] = {
    "hadPrimarySource": PREFIXES["prov"] + "hadPrimarySource",
    "source": PREFIXES["dcterms"] + "source",
    "actedOnBehalfOf": PREFIXES["prov"] + "actedOnBehalfOf",
    "Activity": PREFIXES["prov"] + "Activity",
    "wasAssociatedWith": PREFIXES["prov"] + "wasAssociatedWith",
    "qualifiedDelegation": PREFIXES["prov"] + "qualifiedDelegation",
    "identifier": PREFIXES["org"] + "identifier",
    "FormalOrganization": PREFIXES["org"] + "FormalOrganization",
    "OrganizationalCollaboration": PREFIXES["org"] + "OrganizationalCollaboration",
}
"""Standard terms the exporter adds as unqualified shortcuts of qualified icsgov data
(PROV asks for both forms); the importer ignores them, as they are derived."""


NOT_FORMAL: frozenset[model.OrganisationKind] = frozenset(
    {model.OrganisationKind.PUBLIC, model.OrganisationKind.OTHER}
)
"""Organisation kinds that are neither partnerships nor legal bodies (ORG alignment)."""


def organisation_types(kind: model.OrganisationKind) -> tuple[str, ...]:
    """The W3C ORG class an organisation of this kind also belongs to (none, or one).

    Partnerships are ``org:OrganizationalCollaboration``; legal bodies are
    ``org:FormalOrganization``; "the public" and "other" are neither.

    >>> organisation_types(model.OrganisationKind.ICS)
    ('http://www.w3.org/ns/org#OrganizationalCollaboration',)
    """
    if kind.is_partnership:
        return (DERIVED["OrganizationalCollaboration"],)
    if kind in NOT_FORMAL:
        return ()
    return (DERIVED["FormalOrganization"],)


def class_iri(name: str) -> str:
    """The ontology class for a model class name.

    >>> class_iri("Body")
    'https://w3id.org/icsgov/ontology#Body'
    """
    return CLASSES[name]


def _declaring(owner: str, field: str) -> str:
    if (owner, field) in FIELDS:
        return owner
    cls = getattr(model, owner, None)
    if isinstance(cls, type):
        for base in cls.__mro__:
            if (base.__name__, field) in FIELDS:
                return base.__name__
    raise KeyError(f"{owner}.{field} has no ontology property")


def property_iri(owner: str, field: str) -> str:
    """The ontology property for a field of a model class (inherited fields included)."""
    return FIELDS[(_declaring(owner, field), field)]


def concept_iri(enum: str, value: str) -> str:
    """The ``skos:Concept`` for one enum member: ``icsgov:<scheme>-<value>``."""
    return f"{ONTOLOGY}{enum[0].lower()}{enum[1:]}-{value}"


def concepts() -> dict[tuple[str, str], str]:
    """(enum name, member value) -> concept IRI, for every member of every enum."""
    return {(name, m.value): concept_iri(name, m.value) for name, e in ENUMS.items() for m in e}


def entity_iri(entity_id: str) -> str:
    """The IRI of an entity: the data namespace plus the id, percent-encoded (UTF-8)."""
    return DATA + quote(entity_id, safe="")


def entity_id(iri: str) -> str:
    """The id inside an entity IRI (``ValueError`` if it is not in the data namespace)."""
    if not iri.startswith(DATA) or len(iri) == len(DATA):
        raise ValueError(f"{iri} is not an icsgov entity IRI (they start with {DATA})")
    return unquote(iri[len(DATA) :], errors="strict")


# --- field shapes -------------------------------------------------------------

Base = Literal["str", "int", "float", "bool", "date", "enum", "ref", "Citation", "Identifier"]


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """How one field maps: its property, value kind, cardinality and (for refs) targets."""

    owner: str
    name: str
    iri: str
    base: Base
    many: bool
    required: bool
    enum: str | None = None
    targets: tuple[str, ...] = ()


def model_classes() -> dict[str, type[BaseModel] | type[Dataset]]:
    """Every class that has an ontology class, by name (Entity and its parts included)."""
    found: dict[str, type[BaseModel] | type[Dataset]] = {"Dataset": Dataset}
    for name in CLASSES:
        if name != "Dataset":
            found[name] = getattr(model, name)
    return found


def _unwrap(annotation: Any) -> tuple[Any, bool, bool]:
    """(base type, is list, is optional) of a field annotation."""
    many = optional = False
    ann = annotation
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            ann = typing.get_args(ann)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(ann))
            ann = args[0]
        elif origin is list:
            many = True
            ann = typing.get_args(ann)[0]
        else:
            return ann, many, optional


def _base(tp: Any) -> tuple[Base, str | None]:
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return "enum", tp.__name__
    table: dict[Any, Base] = {
        str: "str",
        int: "int",
        float: "float",
        bool: "bool",
        dt.date: "date",
        model.Citation: "Citation",
        model.Identifier: "Identifier",
    }
    return table[tp], None


@functools.cache
def field_specs(owner: str) -> tuple[FieldSpec, ...]:
    """The mapped fields of a model class, in declaration order (inherited first)."""
    cls = model_classes()[owner]
    specs: list[FieldSpec] = []
    refs = {
        (c.__name__, f): tuple(t.__name__ for t in ts) for (c, f), ts in model.REFERENCES.items()
    }
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        hints = typing.get_type_hints(cls, include_extras=True)
        items = [(n, hints[n], f.is_required()) for n, f in cls.model_fields.items()]
    else:
        hints = typing.get_type_hints(cls, include_extras=True)
        items = [
            (f.name, hints[f.name], f.default is dataclasses.MISSING)
            for f in dataclasses.fields(cls)
        ]
    for name, annotation, required in items:
        tp, many, _ = _unwrap(annotation)
        base, enum = _base(tp)
        targets: tuple[str, ...] = ()
        for klass in cls.__mro__ if isinstance(cls, type) else ():
            if (klass.__name__, name) in refs:
                targets = refs[(klass.__name__, name)]
                break
        if targets:
            base = "ref"
        specs.append(
            FieldSpec(owner, name, property_iri(owner, name), base, many, required, enum, targets)
        )
    return tuple(specs)


def field_spec(owner: str, name: str) -> FieldSpec:
    """One field's mapping (``KeyError`` if the class has no such field)."""
    for spec in field_specs(owner):
        if spec.name == name:
            return spec
    raise KeyError(f"{owner} has no field {name!r}")


_XSD_OF: dict[str, str] = {
    "str": XSD + "string",
    "int": XSD + "integer",
    "float": XSD + "decimal",
    "bool": XSD + "boolean",
    "date": XSD + "date",
}


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context: prefixes, class names, and one term per property.

    Shipped as ``icsgov/ontology/context.jsonld`` (a test keeps the file equal
    to this); the exporter uses it to compact JSON-LD output.
    """
    ctx: dict[str, Any] = {k: v for k, v in PREFIXES.items() if k not in {"sh"}}
    for name, iri in CLASSES.items():
        ctx[name] = "icsgov:" + iri[len(ONTOLOGY) :]
    for owner in CLASSES:
        for spec in field_specs(owner):
            local = spec.iri[len(ONTOLOGY) :]
            term: dict[str, str] = {"@id": "icsgov:" + local}
            if spec.base in {"enum", "ref"}:
                term["@type"] = "@id"
            elif spec.base in {"Citation", "Identifier"}:
                pass  # blank nodes: rdflib drops them when coerced with "@type": "@id"
            elif spec.base != "str":  # plain strings stay simple literals, as in Turtle
                term["@type"] = "xsd:" + _XSD_OF[spec.base][len(XSD) :]
            ctx[local] = term
    ctx["listOrder"] = {"@id": "icsgov:listOrder"}
    ctx["ofProperty"] = {"@id": "icsgov:ofProperty", "@type": "@id"}
    ctx["items"] = {"@id": "icsgov:items"}  # cells are hash IRIs; rdflib's @list wants bnodes
    ctx["position"] = {"@id": "icsgov:position", "@type": "xsd:integer"}
    return {"@context": ctx}
