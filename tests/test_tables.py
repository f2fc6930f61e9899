"""The command line and the web UI show the same tables for the same question.

Both render :mod:`icsgov.queries.tables`; these tests read the tables back out
of the CLI's aligned text and out of the served HTML and compare them cell by
cell, so a column added, dropped or written differently on one side fails.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import read_yaml
from icsgov.queries.subsidiarity import subsidiarity_report
from icsgov.queries.tables import sources_table, subsidiarity_tables, who_decides_tables
from icsgov.queries.who_decides import who_decides
from icsgov.serve.app import App
from tests.cli_helpers import run_cli
from tests.golden_who_decides import CORE

AS_OF = "2024-01-01"
Rows = list[tuple[str, ...]]


def text_tables(text: str) -> list[tuple[tuple[str, ...], Rows]]:
    """Headers and rows of every aligned table in CLI output (found by its dashed rule)."""
    found = []
    blocks = [b.splitlines() for b in text.split("\n\n")]
    for lines in blocks:
        if len(lines) < 2 or set(lines[1]) - {"-", " "}:
            continue
        starts = [
            i for i, ch in enumerate(lines[1]) if ch == "-" and (i == 0 or lines[1][i - 1] == " ")
        ]
        spans = list(zip(starts, [*starts[1:], None], strict=True))
        rows = [tuple(line[a:b].strip() for a, b in spans) for line in lines]
        found.append((rows[0], rows[2:]))
    return found


class _HtmlTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[tuple[str, ...], Rows]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._stands_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # the page shows a name where the answer has an id, and keeps the id in data-id
        if tag == "a" and self._cell is not None and dict(attrs).get("data-id"):
            self._stands_for = dict(attrs)["data-id"]
            self._cell.append(self._stands_for or "")
        if tag == "table":
            self.tables.append(((), []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._stands_for = None
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            headers, rows = self.tables[-1]
            if headers:
                rows.append(tuple(self._row))
            else:
                self.tables[-1] = (tuple(self._row), rows)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and self._stands_for is None:
            self._cell.append(data)


def html_tables(page: str) -> list[tuple[tuple[str, ...], Rows]]:
    parser = _HtmlTables()
    parser.feed(page)
    return parser.tables


def test_who_decides_cli_and_page_show_the_same_tables(capsys: pytest.CaptureFixture[str]) -> None:
    store = MemoryStore(read_yaml([CORE]))
    decision, at = "approve-capital-scheme", "glos-city"
    answer = who_decides(store, decision, at, as_of=dt.date.fromisoformat(AS_OF))
    expected = [(t.headers, list(t.rows)) for t in who_decides_tables(answer)]
    expected.append(
        (sources_table(answer.sources).headers, list(sources_table(answer.sources).rows))
    )
    # roles, delegation chain, accountability and sources: every kind of table is compared
    assert len(expected) == 4 and all(rows for _, rows in expected)

    assert answer.warnings  # printed between the tables: they must not break them apart

    cli = run_cli(
        capsys, "who-decides", decision, "--at", at, "--as-of", AS_OF, "--data", str(CORE)
    )
    query = urlencode({"decision": decision, "at": at, "as_of": AS_OF})
    page = App(store).respond("GET", f"/who-decides?{query}")

    assert page.status == 200
    assert text_tables(cli.out) == expected
    assert html_tables(page.body.decode()) == expected
    # free text keeps its words even where one is also an id ("capital" is a decision type)
    assert "within the capital plan agreed by the board" in page.body.decode()


def test_subsidiarity_cli_and_page_show_the_same_tables(
    capsys: pytest.CaptureFixture[str], example_store: MemoryStore
) -> None:
    report = subsidiarity_report(example_store, "glos", as_of=dt.date.fromisoformat(AS_OF))
    expected = [(t.headers, list(t.rows)) for t in subsidiarity_tables(report)]
    assert all(rows for _, rows in expected)

    cli = run_cli(capsys, "subsidiarity", "--system", "glos", "--as-of", AS_OF)
    query = urlencode({"system": "glos", "as_of": AS_OF})
    page = App(example_store).respond("GET", f"/subsidiarity?{query}")

    assert page.status == 200
    assert text_tables(cli.out) == expected
    assert html_tables(page.body.decode()) == expected
