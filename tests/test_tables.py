"""The command line and the web UI show the same tables for the same question.

Both render :mod:`icsgov.queries.tables`; these tests read the tables back out
of the CLI's aligned text and out of the served HTML and compare them cell by
cell, so a column added, dropped or written differently on one side fails.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest

import icsgov
from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import read_yaml
from icsgov.queries import tables
from icsgov.queries.audit import audit
from icsgov.queries.checks import run_checks
from icsgov.queries.matrix import decision_matrix
from icsgov.queries.subsidiarity import subsidiarity_report
from icsgov.queries.tables import (
    audit_tables,
    check_tables,
    matrix_table,
    sources_table,
    subsidiarity_tables,
    who_decides_tables,
)
from icsgov.queries.who_decides import who_decides
from icsgov.serve.app import App, Response
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


def assert_same(cli_out: str, page: Response, expected: list[tuple[tuple[str, ...], Rows]]) -> None:
    """The command's text and the served page hold exactly the ``expected`` tables."""
    assert page.status == 200
    assert text_tables(cli_out) == expected
    assert html_tables(page.body.decode()) == expected


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

    assert_same(cli.out, page, expected)
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

    assert_same(cli.out, page, expected)


def test_checks_cli_and_page_show_the_same_findings(
    capsys: pytest.CaptureFixture[str], example_store: MemoryStore
) -> None:
    report = run_checks(example_store, as_of=dt.date.fromisoformat(AS_OF))
    expected = [(t.headers, list(t.rows)) for t in check_tables(report)]
    assert all(rows for _, rows in expected)

    cli = run_cli(capsys, "check", "--as-of", AS_OF)
    page = App(example_store).respond("GET", f"/checks?{urlencode({'as_of': AS_OF})}")

    assert_same(cli.out, page, expected)


def test_matrix_cli_and_page_show_the_same_grid(
    capsys: pytest.CaptureFixture[str], example_store: MemoryStore
) -> None:
    built = decision_matrix(example_store, "glos", by="body", as_of=dt.date.fromisoformat(AS_OF))
    grid = matrix_table(built)
    expected = [(grid.headers, list(grid.rows))]
    assert grid.rows and len(grid.headers) > 3  # a column per body, beside the fixed three

    cli = run_cli(capsys, "matrix", "--system", "glos", "--by", "body", "--as-of", AS_OF)
    query = urlencode({"system": "glos", "by": "body", "as_of": AS_OF})
    page = App(example_store).respond("GET", f"/matrix?{query}")

    assert_same(cli.out, page, expected)


def test_audit_cli_and_page_show_the_same_verdicts(
    capsys: pytest.CaptureFixture[str], example_store: MemoryStore
) -> None:
    findings, decisions = audit_tables(audit(example_store))
    assert findings.rows and decisions.rows
    # the command line leaves out the long columns of a finding; the page shows them all
    brief = findings.columns(
        *(c for c in findings.headers if c not in ("sources", "reference", "delegation"))
    )

    cli = run_cli(capsys, "audit", "--all")
    page = App(example_store).respond("GET", "/audit")

    assert page.status == 200
    assert text_tables(cli.out) == [(t.headers, list(t.rows)) for t in (brief, decisions)]
    assert html_tables(page.body.decode()) == [
        (t.headers, list(t.rows)) for t in (findings, decisions)
    ]


# --- every table comes from queries/tables.py -------------------------------------------------

PACKAGE = Path(icsgov.__file__).parent
PRINTERS = [
    *sorted((PACKAGE / "commands").glob("*.py")),
    *sorted((PACKAGE / "serve").glob("*.py")),
    PACKAGE / "demo.py",
]
"""The modules that show answers: commands print them, serve pages them, the demo tells them."""


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return f"{owner}.{func.attr}"
    return func.id if isinstance(func, ast.Name) else ""


def _functions(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    """Every call with the name of the innermost function it is made in."""

    def visit(node: ast.AST, inside: str) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.FunctionDef) else inside
            if isinstance(child, ast.Call):
                yield name, child
            yield from visit(child, name)

    return visit(tree, "")


@pytest.mark.parametrize("path", PRINTERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_command_or_page_builds_a_table_of_its_own(path: Path) -> None:
    """Columns and cells are decided in queries/tables.py only: printed by show() or text(),
    paged by tables_html(); a table aligned by hand (ljust) or built inline fails here."""
    wrong = []
    for function, call in _functions(ast.parse(path.read_text(encoding="utf-8"))):
        callee = _callee(call)
        if callee in ("text_table", "Table", "Table.of") or callee.endswith((".ljust", ".rjust")):
            wrong.append(f"line {call.lineno}: {callee}() in {function or 'the module'}")
        if callee in ("table", "pages.table", "html_table") and function != "tables_html":
            wrong.append(f"line {call.lineno}: an HTML table built in {function}()")
    assert not wrong, wrong


def test_html_tables_are_written_in_one_place() -> None:
    """Only queries/tables.py writes ``<table>`` markup: serve's pages, the standalone map and
    where pages and the matrix as HTML all go through html_table(), which escapes every cell."""
    writers = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if re.search(r"<t(able|d|h)\b", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["queries/tables.py"]


def test_every_table_is_shown_by_a_command_or_a_page() -> None:
    """Each table function of queries/tables.py is imported by a command, a page or the demo
    (or, for the standalone HTML files, a renderer)."""
    made = {n for n in tables.__all__ if n.endswith(("_table", "_tables"))}
    used: set[str] = set()
    for path in [*PRINTERS, *sorted((PACKAGE / "render").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "icsgov.queries.tables":
                used.update(alias.name for alias in node.names)
    assert made - {"text_table", "markdown_table"} <= used, sorted(made - used)
    # the page and the command line share these: they show one answer in both
    pages = {
        alias.name
        for path in (PACKAGE / "serve").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "icsgov.queries.tables"
        for alias in node.names
    }
    assert {"who_decides_tables", "sources_table", "subsidiarity_tables", "check_tables"} <= pages
    assert {"matrix_table", "audit_tables", "record_tables", "icb_table"} <= pages
