"""Property-based: any document, valid or nearly so, either loads or is refused cleanly.

The loader must never raise anything but ``InputError`` for what a user can
type, and a document that loads must keep every record it was given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsgov.errors import InputError
from icsgov.loaders.governance_yaml import SECTIONS, parse_yaml
from icsgov.ontology.model import Basis, Level, OrganisationKind, Role

IDS = st.sampled_from(["eng", "sys", "plc", "icb", "ccg", "cap", "fin", "r1", "x"])
TEXT = st.text(min_size=0, max_size=12)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**9),
    st.floats(allow_nan=False),
    TEXT,
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
)
KEYS = st.sampled_from(
    [
        "id",
        "name",
        "level",
        "part_of",
        "kind",
        "holder",
        "decision",
        "footprint",
        "role",
        "basis",
        "value_min",
        "value_max",
        "valid_from",
        "valid_to",
        "broader",
        "statutory",
        "nmae",
        "sources",
    ]
)


def valid_document() -> st.SearchStrategy[dict[str, Any]]:
    """Small well-formed documents with references that may or may not resolve."""
    footprints = st.just(
        [
            {"id": "eng", "name": "England", "level": Level.NATIONAL.value},
            {"id": "sys", "name": "A system", "level": Level.SYSTEM.value, "part_of": "eng"},
            {"id": "plc", "name": "A place", "level": Level.PLACE.value, "part_of": "sys"},
        ]
    )
    orgs = st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from(["icb", "ccg", "council"]),
                "name": st.text(min_size=1, max_size=20),
                "kind": st.sampled_from([k.value for k in OrganisationKind]),
            }
        ),
        max_size=3,
    )
    rights = st.lists(
        st.fixed_dictionaries(
            {
                "id": st.sampled_from(["r1", "r2", "r3", "r4"]),
                "holder": IDS,
                "decision": st.sampled_from(["cap", "fin"]),
                "footprint": st.sampled_from(["eng", "sys", "plc"]),
                "role": st.sampled_from([r.value for r in Role]),
                "basis": st.sampled_from([b.value for b in Basis]),
            },
            optional={
                "value_min": st.integers(0, 10**7),
                "value_max": st.integers(0, 10**7),
                "valid_from": st.dates(dt.date(2018, 1, 1), dt.date(2026, 1, 1)),
                "valid_to": st.dates(dt.date(2018, 1, 1), dt.date(2026, 1, 1)),
            },
        ),
        max_size=4,
    )
    return st.fixed_dictionaries(
        {
            "footprints": footprints,
            "organisations": orgs,
            "decision_types": st.just(
                [
                    {"id": "fin", "name": "Finance"},
                    {"id": "cap", "name": "Capital", "broader": "fin"},
                ]
            ),
            "decision_rights": rights,
        }
    )


def near_valid_document() -> st.SearchStrategy[dict[str, Any]]:
    """Documents of the right shape with arbitrary keys and values in their records."""
    record = st.dictionaries(KEYS, SCALAR, max_size=6)
    return st.dictionaries(
        st.sampled_from([*SECTIONS, "dataset", "misc"]),
        st.one_of(st.lists(record, max_size=3), SCALAR, record),
        max_size=4,
    )


def check(document: Any) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    try:
        gov = parse_yaml(text, "generated.yaml")
    except InputError as exc:
        assert exc.problems, "an InputError must list its problems"
        for problem in exc.problems:
            assert problem.file == "generated.yaml"
            assert problem.message
        return
    given_ids = {
        record["id"]
        for records in document.values()
        if isinstance(records, list)
        for record in records
        if isinstance(record, dict)
    }
    assert set(gov.entities) == given_ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_document())
def test_valid_shaped_documents_load_or_are_refused_cleanly(document: dict[str, Any]) -> None:
    check(document)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_valid_document())
def test_arbitrary_records_never_crash_the_loader(document: dict[str, Any]) -> None:
    check(document)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    try:
        parse_yaml(text, "noise.yaml")
    except InputError as exc:
        assert exc.problems
