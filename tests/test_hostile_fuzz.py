"""Property-based: hostile strings and values through the loader and every exporter (#14).

Names are drawn from attack payloads (formulas, markup, query fragments) joined to
arbitrary Unicode, control, invisible and bidirectional characters included;
money and dates from every shape YAML can give (infinities, overflow, booleans,
integers, the command line's ``1m`` and ``£250k``). A document either loads or is
refused with ``InputError``; one that loads answers who-decides at its value and
goes through every exporter, whose CSV and XLSX cells never begin a formula and
whose RDF reads back to the same records.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from icsgov.cells import FORMULA_STARTS
from icsgov.errors import InputError
from icsgov.graph.memory import MemoryStore
from icsgov.graph.rdf.io import parse_rdf, serialize_rdf
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.ontology.model import DecisionRight
from icsgov.queries.matrix import decision_matrix
from icsgov.queries.matrix_formats import render
from icsgov.queries.scheme import sord_rows, write_sord
from icsgov.queries.web import accountability_web
from icsgov.queries.web_export import FORMATS as WEB_FORMATS
from icsgov.queries.web_export import export_web
from icsgov.queries.who_decides import who_decides

NAMES_TRIED = 60
VALUES_TRIED = 120

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1)",
    "-1+1",
    "@HYPERLINK(1)",
    "\t=1",
    "\r=1",
    "<script>alert(1)</script>",
    "'}) MATCH (n) DETACH DELETE n //",
    '"} ; DROP GRAPH <x> ; INSERT DATA {',
    "\u202egnp.exe",
    "a\u200bb",
]
HOSTILE = st.builds(
    lambda payload, tail: payload + tail,
    st.sampled_from(PAYLOADS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)
MONEY = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.booleans(),
    st.sampled_from(["1m", "£250k", "2.5m", "£1,000,000", "1e400", "9" * 400, "lots", ".inf"]),
)
DATES = st.one_of(
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    st.integers(-(10**12), 10**12),
    st.sampled_from(["2024-04-01", "1700000000", "0", "2024-02-30"]),
)


def document(name: str, decision: str, value: Any, start: Any) -> str:
    return yaml.safe_dump(
        {
            "footprints": [
                {"id": "eng", "name": "England", "level": "national"},
                {"id": "sys", "name": "The system", "level": "system", "part_of": "eng"},
            ],
            "organisations": [
                {"id": "icb", "name": "The ICB", "kind": "icb", "footprints": ["sys"]}
            ],
            "bodies": [{"id": "b", "name": name, "kind": "committee", "of": ["icb"]}],
            "decision_types": [{"id": "d", "name": decision}],
            "decision_rights": [
                {
                    "id": "r",
                    "holder": "b",
                    "decision": "d",
                    "footprint": "sys",
                    "role": "decides",
                    "basis": "agreed",
                    "value_max": value,
                    "valid_from": start,
                }
            ],
        },
        allow_unicode=True,
    )


def _load(text: str) -> Any:
    try:
        return parse_yaml(text, "fuzz.yaml")
    except InputError:
        return None


def _no_formula_cells(cells: list[str]) -> None:
    assert all(c[:1] not in FORMULA_STARTS for c in cells), [
        c for c in cells if c[:1] in FORMULA_STARTS
    ]


@settings(max_examples=NAMES_TRIED, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, HOSTILE)
def test_hostile_names_load_cleanly_and_export_as_data(name: str, decision: str) -> None:
    gov = _load(document(name, decision, 1_000_000, "2024-04-01"))
    if gov is None:
        return  # refused with InputError: control characters in a name
    store = MemoryStore(gov)
    matrix = decision_matrix(store, "sys", by="body")
    text = render(matrix, "csv")
    assert isinstance(text, str)
    _no_formula_cells([c for row in csv.reader(io.StringIO(text, newline="")) for c in row])
    book = render(matrix, "xlsx")
    assert isinstance(book, bytes)
    sheet = load_workbook(io.BytesIO(book)).active
    typed = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in typed)
    _no_formula_cells([str(c.value) for c in typed])
    for fmt in ("md", "html", "json"):
        assert render(matrix, fmt)
    sod = write_sord(sord_rows(store, "sys"), "csv")
    assert isinstance(sod, str)
    _no_formula_cells([c for row in csv.reader(io.StringIO(sod, newline="")) for c in row])
    web = accountability_web(store, "b")
    for fmt in WEB_FORMATS:
        assert export_web(web, fmt)
    for fmt in ("ttl", "nt", "jsonld"):
        assert parse_rdf(serialize_rdf(gov, fmt), fmt).entities == gov.entities


@settings(max_examples=VALUES_TRIED, deadline=None)
@given(MONEY, DATES)
def test_money_and_dates_that_load_are_usable(value: Any, start: Any) -> None:
    gov = _load(document("Board", "Capital", value, start))
    if gov is None:
        return
    right = gov.get("r")
    assert isinstance(right, DecisionRight)
    assert right.value_max is not None and math.isfinite(right.value_max)
    assert 0 <= right.value_max <= 1e12 and not isinstance(value, bool)
    assert isinstance(right.valid_from, dt.date) and not isinstance(start, int)
    answer = who_decides(MemoryStore(gov), "d", "sys", right.value_max, right.valid_from)
    assert answer.to_dict()
    assert parse_rdf(serialize_rdf(gov, "ttl"), "ttl").entities == gov.entities
