"""Governance <-> RDF: lossless round trips in every format, readable errors, SHACL."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib import Dataset as RdflibDataset
from rdflib.compare import isomorphic

from icsgov.errors import InputError
from icsgov.graph.rdf.io import (
    from_rdf,
    parse_rdf,
    read_rdf,
    serialize_rdf,
    to_rdf,
    write_rdf,
)
from icsgov.graph.rdf.shacl import validate_shacl
from icsgov.loaders import load
from icsgov.ontology import model, terms
from icsgov.ontology.governance import Dataset, Governance
from icsgov.ontology.model import (
    AccountabilityKind,
    AccountabilityLine,
    Agreement,
    AgreementKind,
    Basis,
    Body,
    BodyKind,
    ChangeEvent,
    ChangeKind,
    ChangeStatus,
    Citation,
    DecisionRight,
    DecisionStatus,
    DecisionType,
    DeclaredInterest,
    Delegation,
    Footprint,
    FundingFlow,
    Identifier,
    InstrumentKind,
    Level,
    LoggedDecision,
    Organisation,
    OrganisationKind,
    Person,
    PlaceDefinition,
    Post,
    PostKind,
    Programme,
    ReferenceRelation,
    RelationKind,
    Role,
    Source,
    Suppression,
)

ICS = Namespace(terms.ONTOLOGY)
PROV = Namespace(terms.PREFIXES["prov"])
D = dt.date
NASTY = 'q"uote \\back `tick` {brace} <b>&amp;</b> café ✓ 50% a#b/c?d'
"""Characters that break naive IRIs, Turtle strings, JSON and HTML, in one id."""


def _cite(locator: str | None = "s 3.2") -> list[Citation]:
    return [Citation(source="src", locator=locator), Citation(source=NASTY + "-src")]


def _common(i: int) -> dict[str, Any]:
    return {
        "valid_from": D(2022, 7, 1),
        "valid_to": D(2026, 3, 31 - i % 3),
        "sources": _cite(f"para {i}"),
        "illustrative": True,
        "description": f'line one\nline two «{i}» with "quotes" and \\ and <p>html</p>',
    }


def rich_governance() -> Governance:
    """Every class, every field set to a non-default value, ids and names that bite."""
    entities = [
        Source(
            id="src",
            title="Constitution",
            publisher="NHS Example ICB",
            date=D(2023, 4, 1),
            url="https://example.org/c?x=1&y=2",
            licence="OGL v3.0",
            **_common(0),
        ),
        Source(id=NASTY + "-src", title='Guide "2022"\nsecond line', **_common(1)),
        Footprint(id="eng", name="England", level=Level.NATIONAL),
        Footprint(
            id=NASTY,
            name="Sys {x}",
            level=Level.SYSTEM,
            part_of="eng",
            population=650000,
            codes=[
                Identifier(scheme="ons", value="E54000043", valid_to=D(2023, 3, 31)),
                Identifier(scheme="ons", value="E54000064", valid_from=D(2023, 4, 1)),
                Identifier(scheme="ods", value="QR1"),
            ],
            place_definition=PlaceDefinition.POPULATION,
            aliases=["z alias", "a alias"],
            **_common(2),
        ),
        Organisation(
            id="icb",
            name="ICB",
            kind=OrganisationKind.ICB,
            statutory=True,
            footprints=[NASTY, "eng"],
            codes=[Identifier(scheme="ods", value="QR1")],
            members=["council", "ics"],
            aliases=["the ICB", "NHS X"],
            **_common(3),
        ),
        Organisation(id="council", name="Council", kind=OrganisationKind.COUNTY_COUNCIL),
        Organisation(id="ics", name="ICS", kind=OrganisationKind.ICS),
        Body(
            id="board",
            name="Board",
            kind=BodyKind.JOINT_COMMITTEE,
            of=["icb", "council"],
            footprint=NASTY,
            members=["post", "icb", "sub"],
            meets_in_public=False,
            terms_of_reference="ToR v2",
            aliases=["JC"],
            **_common(4),
        ),
        Body(id="sub", name="Sub", kind=BodyKind.COMMITTEE, of=["icb"], meets_in_public=True),
        Person(id="ann", name="Ann \U0001f600 O'Neil", **_common(5)),
        Post(
            id="post",
            name="Chair",
            kind=PostKind.INDEPENDENT_CHAIR,
            post_in=["board", "icb"],
            holder="ann",
            represents="council",
            **_common(6),
        ),
        DecisionType(id="finance", name="Finance"),
        DecisionType(
            id="capital",
            name="Capital",
            domain="finance",
            broader="finance",
            preferred_level=Level.PLACE,
            reserved=True,
            aliases=["capex", "cap"],
            **_common(7),
        ),
        DecisionRight(
            id="r1",
            holder="board",
            decision="capital",
            footprint=NASTY,
            role=Role.RATIFIES,
            basis=Basis.DELEGATED,
            value_min=0.0,
            value_max=12_345_678.9,
            conditions="if budgeted",
            delegation="d1",
            **_common(8),
        ),
        Delegation(
            id="d1",
            delegator="icb",
            delegate="board",
            decisions=["capital", "finance"],
            footprint=NASTY,
            value_max=1e12,  # the largest amount the model accepts
            limits="within plan",
            instrument=InstrumentKind.S65Z5_ARRANGEMENT,
            instrument_ref="cl. 1.6.2",
            may_subdelegate=True,
            **_common(9),
        ),
        AccountabilityLine(
            id="a1",
            actor="board",
            answers_to="icb",
            kind=AccountabilityKind.DELEGATED,
            basis="s65Z5",
            formal=False,
            **_common(10),
        ),
        Agreement(
            id="ag",
            name="s75",
            kind=AgreementKind.S75_POOLED_BUDGET,
            parties=["icb", "council", "board"],
            value=2.5,
            footprint=NASTY,
            **_common(11),
        ),
        FundingFlow(
            id="f1",
            funder="council",
            recipient="prog",
            purpose="PMO",
            amount=0.1,
            share=1e-7,
            recurrent=False,
            in_kind=True,
            **_common(12),
        ),
        Programme(
            id="prog",
            name="Prog",
            footprint=NASTY,
            board="board",
            lead="post",
            reports_to="icb",
            cadence="monthly",
            **_common(13),
        ),
        ChangeEvent(
            id="ch",
            name="CCG to ICB",
            kind=ChangeKind.MERGER,
            date=D(2022, 7, 1),
            original=["council", "ics"],
            resulting=["icb", NASTY],
            status=ChangeStatus.ANNOUNCED,
            **_common(14),
        ),
        ReferenceRelation(
            id="rel",
            subject="icb",
            object=NASTY,
            kind=RelationKind.OVERLAPS,
            share=0.25,
            **_common(15),
        ),
        Suppression(
            id="sup", rule="GOV001", target="board", reason="accepted {for now}", **_common(16)
        ),
        DeclaredInterest(
            id="int",
            member="post",
            interest_in="council",
            nature="spouse {works} there",
            **_common(17),
        ),
        LoggedDecision(
            id="log-1",
            date=D(2023, 5, 10),
            taken_by="sub",
            decision="capital",
            title='Approve "the" scheme',
            place=NASTY,
            value=1_000_000.0,
            counterparty="council",
            reference="RC/23/041",
            paper="Paper 7 {b}",
            url="https://example.org/m?a=1&b=2",
            status=DecisionStatus.TAKEN,
            present=["post", "ann"],
            **_common(18),
        ),
        LoggedDecision(
            id="log-2",
            date=D(2023, 6, 1),
            taken_by="board",
            decision="capital",
            status=DecisionStatus.RATIFIED,
            ratifies="log-1",
        ),
    ]
    datasets = [
        Dataset(
            name="second",
            vintage="2024-05",
            path="/a b/c.yaml",
            describes_from=D(2022, 7, 1),
            describes_to=D(2026, 3, 31),
        ),
        Dataset(name="first"),
    ]
    return Governance.from_entities(entities, datasets)


@pytest.fixture(scope="module")
def rich() -> Governance:
    return rich_governance()


def test_the_rich_governance_sets_every_field_of_every_class(rich: Governance) -> None:
    """Guards the round-trip tests: a new model field must be exercised here too."""
    for cls in model.ENTITY_CLASSES:
        for name, info in cls.model_fields.items():
            values = [getattr(e, name) for e in rich.of_type(cls)]
            assert any(v != info.get_default(call_default_factory=True) for v in values), (
                f"{cls.__name__}.{name} is never set in rich_governance()"
            )
    for name in ("vintage", "path", "describes_from", "describes_to"):
        assert any(getattr(d, name) is not None for d in rich.datasets)


def _assert_lossless(original: Governance, graph: Graph) -> None:
    back = from_rdf(graph)
    assert back == original
    assert back.datasets == original.datasets
    assert isomorphic(to_rdf(back), to_rdf(original))


def test_round_trip_model_rdf_model_is_lossless(rich: Governance) -> None:
    graph = to_rdf(rich)
    _assert_lossless(rich, graph)
    assert isomorphic(to_rdf(from_rdf(to_rdf(rich))), graph)


def _parse_file(path: Path, plugin: str) -> Graph:
    """The triples of a file as plain rdflib reads them (named graphs merged)."""
    dataset = RdflibDataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own, not ours
        dataset.parse(path, format=plugin)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    return graph


@pytest.mark.parametrize(
    ("fmt", "plugin"),
    [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("trig", "trig"), ("nq", "nquads")],
)
def test_round_trip_through_every_file_format(
    rich: Governance, tmp_path: Path, fmt: str, plugin: str
) -> None:
    path = tmp_path / f"gov.{fmt}"
    write_rdf(rich, path)
    assert read_rdf(path) == rich
    assert isomorphic(_parse_file(path, plugin), to_rdf(rich))


def test_format_can_be_named_instead_of_inferred(rich: Governance, tmp_path: Path) -> None:
    path = tmp_path / "gov.data"
    write_rdf(rich, path, "nt")
    assert read_rdf(path, "ntriples") == rich


def test_provenance_validity_and_identifier_dates_are_explicit_rdf(rich: Governance) -> None:
    graph = to_rdf(rich)
    rows = graph.query(
        """SELECT ?locator WHERE {
             ?e icsgov:citation ?c . ?c a icsgov:Citation ;
                icsgov:source ?s ; icsgov:locator ?locator .
             ?e prov:hadPrimarySource ?s ; dcterms:source ?s . }""",
        initNs={"icsgov": ICS, "prov": PROV, "dcterms": terms.PREFIXES["dcterms"]},
        initBindings={"e": URIRef(terms.entity_iri("r1"))},
    )
    assert [str(r[0]) for r in rows] == ["para 8"]
    r1 = URIRef(terms.entity_iri("r1"))
    assert graph.value(r1, ICS.validFrom) == Literal("2022-07-01", datatype=XSD.date)
    assert graph.value(r1, ICS.illustrative) == Literal(True)
    ons = [
        c
        for c in graph.objects(URIRef(terms.entity_iri(NASTY)), ICS.code)
        if str(graph.value(c, ICS.codeValue)) == "E54000064"
    ]
    assert graph.value(ons[0], ICS.validFrom) == Literal("2023-04-01", datatype=XSD.date)
    # a change event is a PROV activity: it gets dcterms:source but no prov:hadPrimarySource
    change = URIRef(terms.entity_iri("ch"))
    assert graph.value(change, PROV.hadPrimarySource) is None
    assert graph.value(change, URIRef(terms.DERIVED["source"])) is not None
    # delegation as PROV: the delegate acted on behalf of the delegator
    board, icb = URIRef(terms.entity_iri("board")), URIRef(terms.entity_iri("icb"))
    assert (board, PROV.actedOnBehalfOf, icb) in graph
    assert (icb, RDF.type, URIRef(terms.DERIVED["FormalOrganization"])) in graph
    ics = URIRef(terms.entity_iri("ics"))
    assert (ics, RDF.type, URIRef(terms.DERIVED["OrganizationalCollaboration"])) in graph


def test_list_order_survives_even_when_not_sorted(rich: Governance) -> None:
    back = from_rdf(to_rdf(rich))
    assert back.get("icb").aliases == ["the ICB", "NHS X"]  # type: ignore[attr-defined]
    assert [d.name for d in back.datasets] == ["second", "first"]


def test_plain_rdf_without_list_order_or_ids_still_loads() -> None:
    text = """
    @prefix icsgov: <https://w3id.org/icsgov/ontology#> .
    @prefix icsid: <https://w3id.org/icsgov/id/> .
    icsid:eng a icsgov:Footprint ; icsgov:name "England" ; icsgov:level icsgov:level-national ;
        icsgov:alias "b", "a" ;
        icsgov:code [ a icsgov:Identifier ; icsgov:codeScheme "ons" ; icsgov:codeValue "E92" ] .
    """
    eng = parse_rdf(text).get("eng")
    assert isinstance(eng, Footprint)
    assert eng.aliases == ["a", "b"]
    assert eng.codes == [Identifier(scheme="ons", value="E92")]


@settings(max_examples=60, deadline=None)
@given(
    # ids refuse control, format (invisible, bidirectional) and line/paragraph separators
    ident=st.text(
        st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=40
    ),
    # names hold any text XML can (tab, CR and LF included, other C0 controls not)
    name=st.text(
        st.characters(
            blacklist_categories=("Cs",),
            blacklist_characters=[chr(c) for c in range(32) if c not in (9, 10, 13)]
            + ["\ufffe", "\uffff"],
        ),
        min_size=1,
        max_size=60,
    ),
)
def test_any_id_and_name_round_trip(ident: str, name: str) -> None:
    gov = Governance.from_entities([Person(id=ident, name=name)])
    for fmt in ("ttl", "nt", "jsonld"):
        assert parse_rdf(serialize_rdf(gov, fmt), fmt) == gov, fmt


def test_the_bundled_example_round_trips_and_conforms(tmp_path: Path) -> None:
    gov = load()
    assert len(gov) > 0
    graph = to_rdf(gov)
    _assert_lossless(gov, graph)
    write_rdf(gov, tmp_path / "example.ttl")
    assert read_rdf(tmp_path / "example.ttl") == gov
    assert validate_shacl(gov) == []


def test_the_reference_skeleton_round_trips() -> None:
    from icsgov.loaders.reference import read_reference

    gov = read_reference("2024")
    back = from_rdf(to_rdf(gov))
    assert back == gov
    assert back.datasets == gov.datasets


# --- errors -------------------------------------------------------------------

PREFIXES = """@prefix icsgov: <https://w3id.org/icsgov/ontology#> .
@prefix icsid: <https://w3id.org/icsgov/id/> .
"""


def _problems(text: str, fmt: str = "ttl") -> str:
    with pytest.raises(InputError) as caught:
        parse_rdf(text, fmt, file="bad." + fmt)
    return str(caught.value)


def test_turtle_syntax_error_has_file_line_and_column() -> None:
    message = _problems(PREFIXES + 'icsid:a a icsgov:Person ;\n  icsgov:name "x" ; ; ] .\n')
    assert "bad.ttl:4:" in message
    assert "RDF syntax error" in message


def test_truncated_turtle_is_an_input_error_not_a_traceback() -> None:
    assert "RDF syntax error" in _problems(PREFIXES + "icsid:a a")


def test_json_syntax_error_has_a_location() -> None:
    assert "bad.jsonld:1:" in _problems('{"@id": "x", ', "jsonld")


def test_ntriples_syntax_error_names_the_line() -> None:
    text = '<https://w3id.org/icsgov/id/a> <http://x/p> <http://x/o> .\n<a> <b> "c .\n'
    assert "bad.nt:2:" in _problems(text, "nt")


def test_unknown_class_is_reported_with_location_and_suggestion() -> None:
    message = _problems(PREFIXES + 'icsid:a a icsgov:Fotprint ;\n  icsgov:name "x" .\n')
    assert "bad.ttl:3:1: a: unknown class icsgov:Fotprint; did you mean 'Footprint'?" in message


def test_unknown_property_and_bad_values_are_all_listed() -> None:
    text = PREFIXES + (
        'icsid:p a icsgov:Post ; icsgov:name "P" ; icsgov:postKind icsgov:postKind-chiar ;\n'
        '  icsgov:postIn icsid:nowhere ; icsgov:nmae "x" ; icsgov:validFrom "2024-13-01"^^'
        "<http://www.w3.org/2001/XMLSchema#date> .\n"
    )
    message = _problems(text)
    assert message.startswith("3 problems found")
    assert "icsgov:nmae is not a property of Post; did you mean 'name'?" in message
    assert "unknown PostKind 'postKind-chiar'; did you mean 'postKind-chair'" in message
    assert "'2024-13-01' is not a date (YYYY-MM-DD)" in message


def test_references_to_missing_or_wrong_class_entities() -> None:
    text = PREFIXES + (
        'icsid:p a icsgov:Post ; icsgov:name "P" ; icsgov:postKind icsgov:postKind-chair ;\n'
        "  icsgov:postIn icsid:nowhere, icsid:eng .\n"
        'icsid:eng a icsgov:Footprint ; icsgov:name "E" ; icsgov:level icsgov:level-national .\n'
    )
    message = _problems(text)
    assert "p.post_in: refers to 'nowhere', which is not in the graph" in message
    assert "refers to 'eng', which is a footprint; expected Body or Organisation" in message


def test_two_values_for_a_single_field_and_missing_required() -> None:
    message = _problems(PREFIXES + 'icsid:e a icsgov:Footprint ; icsgov:name "A", "B" .\n')
    assert "has 2 values ('A', 'B'); Footprint.name takes one" in message
    assert "e.level: Field required" in message


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot tell the RDF format from the suffix '\.xyz'"):
        read_rdf(tmp_path / "gov.xyz")
    with pytest.raises(InputError, match="no such file"):
        read_rdf(tmp_path / "missing.ttl")
    with pytest.raises(InputError, match="unknown RDF format 'rdfxml'; use one of"):
        parse_rdf("", "rdfxml")


# --- SHACL --------------------------------------------------------------------


def test_shacl_accepts_the_rich_governance(rich: Governance) -> None:
    assert validate_shacl(rich) == []


def test_shacl_reports_wrong_class_references_readably() -> None:
    """A right held by a footprint passes pydantic (ids are strings) but not the shapes."""
    gov = Governance.from_entities(
        [
            Footprint(id="eng", name="England", level=Level.NATIONAL),
            DecisionType(id="dt", name="D"),
            DecisionRight(
                id="r",
                holder="eng",
                decision="dt",
                footprint="eng",
                role=Role.DECIDES,
                basis=Basis.STATUTORY,
            ),
        ]
    )
    found = validate_shacl(gov)
    assert [(v.focus, v.path) for v in found] == [("r", "icsgov:holder")]
    assert str(found[0]).startswith("r: icsgov:holder: ")


def test_shacl_reports_missing_required_and_bad_enum_in_a_raw_graph() -> None:
    graph = Graph()
    node = URIRef(terms.entity_iri("x"))
    graph.add((node, RDF.type, ICS.Footprint))
    graph.add((node, ICS.level, ICS["level-planet"]))
    graph.add((node, ICS.population, Literal(-5)))
    found = {(v.focus, v.path) for v in validate_shacl(graph)}
    assert found == {
        ("x", "icsgov:name"),
        ("x", "icsgov:level"),
        ("x", "icsgov:population"),
        ("x", "icsgov:id"),
    }
