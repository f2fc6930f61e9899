"""docs/reliability.md states the number of cases in each category; the numbers are computed here.

Each figure is counted from the corpus folders and the test modules' own constants
(parameter lists, hypothesis ``max_examples``), never typed; the test fails when the
document and the tests disagree. ``python -m tests.test_reliability_doc`` prints the table.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

TESTS = Path(__file__).parent
DOC = TESTS.parent / "docs" / "reliability.md"


TRUST_TESTS = (
    "test_no_network.py",
    "test_outputs.py",
    "test_last_defence.py",
    "test_cell_safety.py",
    "test_strict_input.py",
    "test_input_limits.py",
    "test_serve_limits.py",
    "test_cache_trust.py",
)
"""The test modules of docs/reliability.md section 5 (each test function counted once)."""


def _max_examples(module: str) -> int:
    source = (TESTS / module).read_text(encoding="utf-8")
    constants = dict(re.findall(r"^([A-Z_]+) = (\d+)$", source, flags=re.M))
    total = 0
    for value in re.findall(r"max_examples=(\w+)", source):
        total += int(constants.get(value, value))
    return total


def figures() -> dict[str, int]:
    """Cases per category, as docs/reliability.md lists them."""
    from tests import (
        test_bad_reference,
        test_injection,
        test_store_faults,
    )

    yaml_cases = len(list((TESTS / "bad_inputs").iterdir())) + 1  # + the generated 50 MB file
    sheets = yaml.safe_load((TESTS / "bad_spreadsheets" / "expect.yaml").read_text("utf-8"))
    spreadsheet_cases = 2 * len(sheets["csv"]) + len(sheets["xlsx_only"])
    reference_cases = len(test_bad_reference.CASES) + 3  # + not UTF-8, truncated gzip, missing
    governance_cases = len(list((TESTS / "bad_governance").glob("*.yaml")))
    neo4j_source = (TESTS / "test_neo4j_io.py").read_text(encoding="utf-8")
    fractions = re.search(r'parametrize\("fraction", \[([^\]]*)\]', neo4j_source)
    assert fractions, "test_neo4j_io.py no longer parametrises the cut-off push"
    bolt_stops = len(fractions.group(1).split(","))
    sparql_stops = len(test_store_faults.STOP_AFTER)
    concurrent = 2  # SPARQL loads and Bolt pushes, each CONCURRENT threads
    surfaces = (
        5  # memory, embedded Oxigraph, Oxigraph server, ArcadeDB, YAML
        + len(set(test_injection.RDF_FORMATS))
        + 5  # matrix csv, md, html, xlsx, json
        + len(test_injection.WEB_FORMATS)
        + 1  # the HTML web page
        + 6  # serve pages
    )
    found = {
        "YAML bad inputs": yaml_cases,
        "Spreadsheet bad inputs": spreadsheet_cases,
        "Reference file damage": reference_cases,
        "Governance findings": governance_cases,
        "Generated documents (loader)": _max_examples("test_loader_properties.py"),
        "Generated documents (queries)": _max_examples("test_properties_queries.py"),
        "Generated hostile documents": _max_examples("test_hostile_fuzz.py"),
        "Servers stopped mid-load (SPARQL)": sparql_stops,
        "Servers stopped mid-push (Bolt)": bolt_stops,
        "Concurrent loads of the same data": concurrent,
        "Hostile strings": len(test_injection.HOSTILE),
        "Surfaces each hostile string crosses": surfaces,
    }
    found["Trust-boundary tests"] = sum(
        len(re.findall(r"^def test_", (TESTS / name).read_text(encoding="utf-8"), flags=re.M))
        for name in TRUST_TESTS
    )
    found["Concurrent threads per run"] = test_store_faults.CONCURRENT
    found["Cases tried"] = (
        yaml_cases
        + spreadsheet_cases
        + reference_cases
        + governance_cases
        + found["Generated documents (loader)"]
        + found["Generated documents (queries)"]
        + found["Generated hostile documents"]
        + sparql_stops
        + bolt_stops
        + concurrent
        + len(test_injection.HOSTILE) * surfaces
        + found["Trust-boundary tests"]
    )
    found["Faults survived"] = sparql_stops + bolt_stops + concurrent
    return found


def table() -> str:
    return "\n".join(f"| {name} | {count} |" for name, count in figures().items())


def test_the_document_states_every_figure() -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [row for row in table().splitlines() if row not in doc]
    assert not missing, "docs/reliability.md is out of date; expected rows:\n" + "\n".join(missing)


def test_the_document_states_no_stale_figure() -> None:
    doc = DOC.read_text(encoding="utf-8")
    names = set(figures())
    stated = set(re.findall(r"^\| ([^|]+?) \| \d+ \|$", doc, flags=re.M))
    assert stated <= names, stated - names


if __name__ == "__main__":
    print(table())
