"""The three faces of the vocabulary agree: model classes, icsgov.ttl and shapes.ttl.

Everything here is derived from the model classes and the parsed Turtle, never
from a typed list of names, so adding a field to the model without its term
(or a term without its field) fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from typing import Any

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from icsgov.ontology import model, terms

ICS = Namespace(terms.ONTOLOGY)
SH = Namespace(terms.PREFIXES["sh"])
ORG = Namespace(terms.PREFIXES["org"])
PROV = Namespace(terms.PREFIXES["prov"])
DCTERMS = Namespace(terms.PREFIXES["dcterms"])


def _load(name: str) -> Graph:
    text = (resources.files("icsgov.ontology") / name).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return _load("icsgov.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _load("shapes.ttl")


def _english(graph: Graph, node: URIRef, prop: URIRef) -> str:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal) and o.language == "en"]
    assert len(values) == 1, f"{node} needs exactly one English {prop}"
    assert str(values[0]).strip(), f"{node} has an empty {prop}"
    return str(values[0])


def _union(graph: Graph, node: Any) -> set[URIRef]:
    """A class or the members of an owl:unionOf."""
    members = graph.value(node, OWL.unionOf)
    return set(Collection(graph, members)) if members is not None else {node}


def test_both_files_parse_and_are_not_trivial(onto: Graph, shapes: Graph) -> None:
    assert (URIRef("https://w3id.org/icsgov/ontology"), RDF.type, OWL.Ontology) in onto
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) == len(terms.CLASSES) - 1


def test_every_model_class_has_an_owl_class_with_label_and_comment(onto: Graph) -> None:
    for name in terms.model_classes():
        iri = URIRef(terms.class_iri(name))
        assert (iri, RDF.type, OWL.Class) in onto, name
        _english(onto, iri, RDFS.label)
        _english(onto, iri, RDFS.comment)
    for cls in model.ENTITY_CLASSES:
        assert (URIRef(terms.class_iri(cls.__name__)), RDFS.subClassOf, ICS.Entity) in onto


def test_every_field_has_a_property_of_the_right_kind_domain_and_range(onto: Graph) -> None:
    for owner in terms.CLASSES:
        for spec in terms.field_specs(owner):
            prop = URIRef(spec.iri)
            kind = (
                OWL.ObjectProperty
                if spec.base in {"ref", "enum", "Citation", "Identifier"}
                else OWL.DatatypeProperty
            )
            assert (prop, RDF.type, kind) in onto, f"{owner}.{spec.name}"
            _english(onto, prop, RDFS.label)
            _english(onto, prop, RDFS.comment)
            declaring = terms._declaring(owner, spec.name)
            assert URIRef(terms.class_iri(declaring)) in _union(onto, onto.value(prop, RDFS.domain))
            rng = onto.value(prop, RDFS.range)
            if spec.base == "ref":
                assert {URIRef(terms.class_iri(t)) for t in spec.targets} <= _union(onto, rng)
            elif spec.base == "enum":
                assert spec.enum is not None
                assert rng == ICS[spec.enum]
            elif spec.base in {"Citation", "Identifier"}:
                assert rng == ICS[spec.base]


def test_ranges_of_references_are_exactly_model_references(onto: Graph) -> None:
    """A property's range is the union of the targets of every field mapped to it."""
    expected: dict[str, set[str]] = {}
    for (cls, field), targets in model.REFERENCES.items():
        iri = terms.property_iri(cls.__name__, field)
        expected.setdefault(iri, set()).update(terms.class_iri(t.__name__) for t in targets)
    for iri, targets in expected.items():
        found = {str(c) for c in _union(onto, onto.value(URIRef(iri), RDFS.range))}
        assert found == targets, iri


def test_shared_properties_have_one_value_kind() -> None:
    kinds: dict[str, set[tuple[str, str | None]]] = {}
    for owner in terms.CLASSES:
        for spec in terms.field_specs(owner):
            kinds.setdefault(spec.iri, set()).add((spec.base, spec.enum))
    assert all(len(k) == 1 for k in kinds.values()), {i: k for i, k in kinds.items() if len(k) > 1}


def test_every_enum_is_a_concept_scheme_with_one_concept_per_member(onto: Graph) -> None:
    for name, enum in terms.ENUMS.items():
        scheme = ICS[name]
        assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
        _english(onto, scheme, RDFS.label)
        _english(onto, scheme, RDFS.comment)
        members = set(onto.subjects(SKOS.inScheme, scheme))
        assert members == {URIRef(terms.concept_iri(name, m.value)) for m in enum}
        for member in enum:
            concept = URIRef(terms.concept_iri(name, member.value))
            assert (concept, RDF.type, SKOS.Concept) in onto
            assert str(onto.value(concept, SKOS.notation)) == member.value
            _english(onto, concept, RDFS.label)
            _english(onto, concept, RDFS.comment)


def test_every_declared_icsgov_term_is_used_by_the_model(onto: Graph) -> None:
    declared = {str(s) for s in onto.subjects() if str(s).startswith(terms.ONTOLOGY)}
    mapped = (
        set(terms.CLASSES.values())
        | set(terms.FIELDS.values())
        | {terms.ONTOLOGY + name for name in terms.ENUMS}
        | set(terms.concepts().values())
        | set(terms.STRUCTURE.values())
    )
    assert declared == mapped, {"unused": declared - mapped, "undeclared": mapped - declared}


def test_alignment_to_org_prov_skos_dcterms(onto: Graph) -> None:
    def sub(a: URIRef, b: URIRef, prop: URIRef = RDFS.subClassOf) -> bool:
        return (a, prop, b) in onto

    assert sub(ICS.Organisation, ORG.Organization)
    assert sub(ICS.Body, ORG.OrganizationalUnit)
    assert sub(ICS.Post, ORG.Post)
    assert sub(ICS.ChangeEvent, ORG.ChangeEvent)
    assert sub(ICS.Delegation, PROV.Delegation)
    assert sub(ICS.DecisionType, SKOS.Concept)
    assert sub(ICS.broader, SKOS.broader, RDFS.subPropertyOf)
    assert sub(ICS.reportsTo, ORG.reportsTo, RDFS.subPropertyOf)
    assert sub(ICS.bodyOf, ORG.subOrganizationOf, RDFS.subPropertyOf) or sub(
        ICS.bodyOf, ORG.unitOf, RDFS.subPropertyOf
    )
    assert sub(ICS.postIn, ORG.postIn, RDFS.subPropertyOf)
    assert sub(ICS.heldBy, ORG.heldBy, RDFS.subPropertyOf)
    assert sub(ICS.title, DCTERMS.title, RDFS.subPropertyOf)
    assert sub(ICS.validFrom, DCTERMS.valid, RDFS.subPropertyOf)
    # change events are PROV activities, so icsgov:Entity must not be a prov:Entity
    assert not sub(ICS.Entity, PROV.Entity)


def test_partnerships_and_legal_bodies_are_aligned_by_kind(onto: Graph) -> None:
    """The general class axioms list exactly the kinds the model calls partnerships."""
    found: dict[URIRef, set[str]] = {}
    for axiom, target in onto.subject_objects(RDFS.subClassOf):
        parts = onto.value(axiom, OWL.intersectionOf)
        if parts is None:
            continue
        restriction = list(Collection(onto, parts))[1]
        kinds = onto.value(onto.value(restriction, OWL.someValuesFrom), OWL.oneOf)
        found[target] = {str(k) for k in Collection(onto, kinds)}
    kind_iri = {terms.concept_iri("OrganisationKind", k.value): k for k in model.OrganisationKind}
    collab = {kind_iri[k] for k in found[ORG.OrganizationalCollaboration]}
    formal = {kind_iri[k] for k in found[ORG.FormalOrganization]}
    assert collab == {k for k in model.OrganisationKind if k.is_partnership}
    assert formal == {
        k for k in model.OrganisationKind if not k.is_partnership and k not in terms.NOT_FORMAL
    }
    for kind in model.OrganisationKind:
        expected = (
            ORG.OrganizationalCollaboration
            if kind in collab
            else (ORG.FormalOrganization if kind in formal else None)
        )
        assert terms.organisation_types(kind) == ((str(expected),) if expected else ())


def _property_shape(shapes: Graph, owner: str, prop: str) -> Any:
    node_shape = shapes.value(predicate=SH.targetClass, object=URIRef(terms.class_iri(owner)))
    assert node_shape is not None, owner
    for shape in shapes.objects(node_shape, SH.property):
        if shapes.value(shape, SH.path) == URIRef(prop):
            return shape
    raise AssertionError(f"no property shape for {owner} {prop}")


def test_shapes_follow_the_model(shapes: Graph) -> None:
    """Required fields have minCount 1, single ones maxCount 1; enums, refs, datatypes match."""
    for owner in terms.CLASSES:
        if owner == "Entity":
            continue
        for spec in terms.field_specs(owner):
            shape = _property_shape(shapes, owner, spec.iri)
            min_count = shapes.value(shape, SH.minCount)
            max_count = shapes.value(shape, SH.maxCount)
            assert (min_count is not None and int(min_count) == 1) == spec.required, spec
            assert (max_count is not None and int(max_count) == 1) == (not spec.many), spec
            if spec.base == "enum":
                assert spec.enum is not None
                allowed = set(Collection(shapes, shapes.value(shape, SH["in"])))
                assert allowed == {
                    URIRef(terms.concept_iri(spec.enum, m.value)) for m in terms.ENUMS[spec.enum]
                }
            elif spec.base == "ref":
                single = shapes.value(shape, SH["class"])
                if single is not None:
                    classes = {single}
                else:
                    alternatives = Collection(shapes, shapes.value(shape, SH["or"]))
                    classes = {shapes.value(a, SH["class"]) for a in alternatives}
                assert classes == {URIRef(terms.class_iri(t)) for t in spec.targets}, spec
            elif spec.base in {"Citation", "Identifier"}:
                assert shapes.value(shape, SH["class"]) == ICS[spec.base]
            else:
                assert shapes.value(shape, SH.datatype) is not None, spec


def test_jsonld_context_file_matches_the_term_table() -> None:
    shipped = json.loads((resources.files("icsgov.ontology") / "context.jsonld").read_text())
    assert shipped == terms.jsonld_context()


def test_ids_round_trip_through_iris() -> None:
    for raw in [
        'a "b"',
        "back\\slash",
        "`tick`",
        "{brace}",
        "new\nline",
        "café ✓",
        "<b>&amp;",
        "50%",
        "a#b/c?d",
    ]:
        iri = terms.entity_iri(raw)
        assert all(ch not in iri[len(terms.DATA) :] for ch in ' "<>\\{}`#/?\n')
        assert terms.entity_id(iri) == raw


def test_importing_the_term_table_and_rdf_io_does_not_import_rdflib() -> None:
    code = (
        "import sys, icsgov.ontology.terms, icsgov.graph.rdf.io; "
        "print([m for m in ('rdflib', 'pyshacl') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
