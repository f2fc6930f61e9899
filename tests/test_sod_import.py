"""Real-shaped schemes of delegation in, faithfully out (issue 15).

The documents are built by tests/sord_documents.py for the invented Wyvern
system; each goes through the command line as a governance lead would:
import (names not in the data go to a mapping file), import again, export
with the mapping, and compare the exported sheet with the original cell by
cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsgov.errors import InputError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.loaders.document_tables import read_grids
from icsgov.queries.scheme import read_sord
from icsgov.queries.scheme_import import import_scheme
from tests import sord_documents as docs
from tests.cli_helpers import run_cli

WYVERN = Path(__file__).parent / "data" / "sord" / "wyvern.yaml"
BASE = ("--system", "Wyvern", "--data", str(WYVERN), "--as-of", "2025-06-01")


def _trim(grid: list[list[str]]) -> list[list[str]]:
    rows = [list(r) for r in grid]
    for row in rows:
        while row and not row[-1]:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _import_twice(capsys: pytest.CaptureFixture[str], path: Path, out: Path) -> str:
    first = run_cli(capsys, "sod", "import", str(path), *BASE, "-o", str(out))
    assert first.code == 2 and "not in the data" in first.err and not out.exists()
    mapping = path.with_suffix(".mapping.yaml")
    assert "new:" in mapping.read_text(encoding="utf-8")
    second = run_cli(capsys, "sod", "import", str(path), *BASE, "-o", str(out))
    assert second.code == 0, second.err
    return second.err


SCHEMES: dict[str, tuple[str, Callable[[Path], list[list[str]]]]] = {
    "title rows and a cover sheet": ("sord.xlsx", docs.title_cover_xlsx),
    "section rows and merged cells": ("scheme.xlsx", docs.sections_merged_xlsx),
    "a Word document with several tables": ("sord.docx", docs.several_tables_docx),
    "a financial scheme with limits in words": ("fsod.xlsx", docs.financial_xlsx),
}


@pytest.mark.parametrize("name", list(SCHEMES))
def test_round_trip_gives_back_the_same_sheet(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filename, build = SCHEMES[name]
    path = tmp_path / filename
    original = build(path)
    rights = tmp_path / "rights.yaml"
    summary = _import_twice(capsys, path, rights)
    rows = len([r for r in original if r]) - 1 - sum(1 for r in original if len(set(r)) == 1)
    assert f"{rows} rights written + 0 refused" in summary
    exported = tmp_path / "out.xlsx"
    outcome = run_cli(
        capsys,
        "sod",
        "export",
        *BASE,
        "--data",
        str(rights),
        "--mapping",
        str(path.with_suffix(".mapping.yaml")),
        "--format",
        "xlsx",
        "-o",
        str(exported),
    )
    assert outcome.code == 0, outcome.err
    back = read_grids(exported)[0].cells
    assert _trim(back) == _trim(original)


def test_names_are_matched_within_the_system_first(tmp_path: Path) -> None:
    path = tmp_path / "sord.xlsx"
    docs.title_cover_xlsx(path)
    store = MemoryStore(load([WYVERN]))
    result = import_scheme(path, store, "Wyvern", dt.date(2025, 6, 1))
    # Marches has a chief executive and a resources committee too: Wyvern's are meant
    assert result.mapping.holders["Chief Executive"] == "wyvern-ceo"
    assert result.mapping.holders["Resources Committee"] == "wyvern-resources"
    assert result.table.where == ["sheet 'SoRD'"] and result.table.header_row == 5


def test_unknown_holder_goes_to_the_mapping_with_this_systems_suggestions_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Ref,Decision,Reserved to Board,Delegated to committee\n"
        "1,Approve the annual budget,N,Resources Cttee\n"
        "2,Approve a capital scheme,N,Wyvern Community Trust (RZ8)\n",
        encoding="utf-8",
    )
    outcome = run_cli(capsys, "sod", "import", str(path), *BASE)
    assert outcome.code == 2
    text = path.with_suffix(".mapping.yaml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith("Resources Cttee"))
    assert "TODO" in line and line.index("wyvern-resources") < line.index("marches-resources")
    assert "Wyvern Community Trust (RZ8): wyvern-trust  # matched: ODS code RZ8" in text
    assert "s.csv:2:4:" in outcome.err and "sod names" in text
    names = run_cli(capsys, "sod", "names", *BASE)
    assert "wyvern-resources" in names.out and "marches-resources" not in names.out


def test_limits_as_people_write_them(tmp_path: Path) -> None:
    from icsgov.queries.scheme_limits import read_limit

    assert read_limit("up to £5m") == (None, 5e6)
    assert read_limit("> £10m") == (10e6, None)
    assert read_limit("£5,000,000") == (None, 5e6)
    assert read_limit("Unlimited") == read_limit("N/A") == (None, None)
    assert read_limit("nil") == (None, 0.0)
    with pytest.raises(ValueError, match="not a financial limit"):
        read_limit("about five million")


def test_pdf_with_a_ruled_table_reads_and_a_text_pdf_says_no_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    header = ["Ref", "Decision", "Reserved to Board", "Delegated to committee"]
    rows = [
        header,
        ["1", "Approve the annual budget", "Y", ""],
        ["2", "Approve a capital scheme", "N", "Resources Committee"],
    ]
    with pdf.table() as table:
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    path = tmp_path / "sord.pdf"
    pdf.output(str(path))
    outcome = run_cli(capsys, "sod", "import", str(path), *BASE)
    assert outcome.code == 0, outcome.err
    assert "2 rights written + 0 refused" in outcome.err and "page 1, table 1" in outcome.err
    plain = FPDF()
    plain.add_page()
    plain.set_font("helvetica", size=11)
    plain.multi_cell(0, 6, "The Board reserves the approval of the annual budget.")
    text_pdf = tmp_path / "text.pdf"
    plain.output(str(text_pdf))
    outcome = run_cli(capsys, "sod", "import", str(text_pdf), *BASE)
    assert outcome.code == 2 and "no extractable table" in outcome.err


def test_sheet_option_and_a_header_we_do_not_know(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sord.xlsx"
    docs.title_cover_xlsx(path)
    outcome = run_cli(capsys, "sod", "import", str(path), *BASE, "--sheet", "Cover")
    assert outcome.code == 2 and "no scheme of delegation header" in outcome.err
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "Ref,Decision,Reserved to Board (Y/N),Delegated to commitee,Sponsor\n"
        "1,Approve the annual budget,Y,,Someone\n",
        encoding="utf-8",
    )
    outcome = run_cli(capsys, "sod", "import", str(odd), *BASE)
    assert outcome.code == 2
    assert "odd.csv:1:4:" in outcome.err and "'delegated to committee'" in outcome.err
    assert "odd.csv:1:5:" in outcome.err and "'Sponsor'" in outcome.err


# --- nothing lost, ever ---------------------------------------------------------------

HEADER = ["Reference", "Decision", "Reserved to board", "Delegated to committee", "Limit"]
DECISIONS = ["Approve the annual budget", "Approve a capital scheme", "Approve the constitution"]
HOLDERS = ["", "Resources Committee", "Quality Committee", "Audit and Risk Committee"]
LIMITS = ["", "up to £1m", "> £10m", "£5,000,000", "nil", "lots of money"]

row_strategy = st.tuples(
    st.sampled_from(["1", "2", "3", "4", "5", "6", ""]),
    st.sampled_from([*DECISIONS, ""]),
    st.sampled_from(["Y", "N", "", "maybe"]),
    st.sampled_from(HOLDERS),
    st.sampled_from(LIMITS),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row_strategy, min_size=1, max_size=12))
def test_rows_in_equal_rights_out_plus_refusals(
    rows: list[tuple[str, str, str, str, str]], tmp_path: Path
) -> None:
    """Whatever the sheet holds, every data row is written or refused, never dropped."""
    rows = [r for r in rows if any(r)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    path = tmp_path / "generated.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    store = MemoryStore(load([WYVERN]))
    try:
        result = import_scheme(path, store, "Wyvern", dt.date(2025, 6, 1))
    except InputError:  # a table-level problem (e.g. no data rows) names every problem
        return
    assert len(result.table.rows) + result.table.continuation_rows == len(rows)
    readable = len(result.table.rows) - len(result.refused)
    assert readable + len(result.refused) == len(result.table.rows)
    refused_rows = {row for _, row in result.refused}
    assert refused_rows == {p.line for p in [*result.problems, *result.pending]}
    if result.refused:
        assert result.records == []
        with pytest.raises(InputError):
            read_sord(path, store, "Wyvern", dt.date(2025, 6, 1))
    else:
        rights = [r for r in result.records if r.kind_name == "decision right"]
        decides = [r for r in rights if getattr(r, "role").value == "decides"]  # noqa: B009
        assert len(decides) == result.written == len(result.table.rows)


def test_duplicate_references_and_same_rights_are_errors_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        "Reference,Decision,Reserved to board,Delegated to committee,Limit\n"
        "4.1,Approve the annual budget,Y,,\n"
        "4.1,Approve a capital scheme,N,Resources Committee,up to £1m\n"
        "4.2,Approve a capital scheme,N,Resources Committee,up to £1m\n"
        "4.3,Approve a capital scheme,N,Resources Committee,£1m\n",
        encoding="utf-8",
    )
    store = MemoryStore(load([WYVERN]))
    with pytest.raises(InputError) as caught:
        read_sord(path, store, "Wyvern", dt.date(2025, 6, 1))
    text = str(caught.value)
    assert "dup.csv:3:1:" in text and "reference 4.1 is also on row 2" in text
    assert "dup.csv:5:2:" in text and "the same right as row 4" in text
    assert "4 scheme rows read" in text and "2 readable + 2 refused" in text


# --- versions of a scheme -------------------------------------------------------------


def test_two_versions_give_dated_rights_and_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "fsod-2025.xlsx", tmp_path / "fsod-2026.xlsx"
    docs.financial_xlsx(old, 2025)
    docs.financial_xlsx(new, 2026)
    rights_2025, rights_2026 = tmp_path / "fsod-2025.yaml", tmp_path / "fsod-2026.yaml"
    dated = ("--effective", "2025-04-01")
    assert (
        run_cli(capsys, "sod", "import", str(old), *BASE, *dated, "-o", str(rights_2025)).code == 2
    )
    assert (
        run_cli(capsys, "sod", "import", str(old), *BASE, *dated, "-o", str(rights_2025)).code == 0
    )
    both = (*BASE, "--data", str(rights_2025))
    later = ("--effective", "2026-04-01", "--supersedes", str(rights_2025), "-o", str(rights_2026))
    assert run_cli(capsys, "sod", "import", str(new), *both, *later).code == 2
    outcome = run_cli(capsys, "sod", "import", str(new), *both, *later)
    assert outcome.code == 0, outcome.err
    assert "valid_to: '2026-03-31'" in rights_2025.read_text(encoding="utf-8")
    data = ("--data", str(WYVERN), "--data", str(rights_2025), "--data", str(rights_2026))
    diff = run_cli(
        capsys,
        "sod",
        "diff",
        "--system",
        "Wyvern",
        "--from",
        "2026-03-31",
        "--to",
        "2026-04-01",
        *data,
        "--json",
    )
    assert diff.code == 0, diff.err
    import json

    changes = {
        (c["change"], c["decision"], c["new_limit"] or c["old_limit"])
        for c in json.loads(diff.out)["changes"]
    }
    assert changes == {
        ("limit raised", "Approve a revenue business case", "up to £750k"),
        ("band changed", "Approve a revenue business case", "£750,001 to £5m"),
        ("limit raised", "Write off losses and special payments", "up to £10k"),
        ("moved", "Sign a contract variation", "any value"),
        ("removed", "Open a bank account", "any value"),
        ("added", "Extend a contract by up to a year", "up to £1m"),
    }
    same = run_cli(
        capsys,
        "sod",
        "diff",
        "--system",
        "Wyvern",
        "--from",
        "2025-05-01",
        "--to",
        "2026-03-31",
        *data,
    )
    assert "No change" in same.out


# --- documents given to --data ---------------------------------------------------------


def test_a_scheme_document_is_data_with_its_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fsod-2025.xlsx"
    docs.financial_xlsx(path, 2025)
    data = ("--data", str(WYVERN), "--data", str(path))
    outcome = run_cli(capsys, "check", *data)
    assert outcome.code == 2 and "needs its mapping file" in outcome.err
    assert f"{path}: " in outcome.err and "UTF-8" not in outcome.err
    dated = ("--effective", "2025-04-01")
    run_cli(capsys, "sod", "import", str(path), *BASE, *dated)
    assert run_cli(capsys, "sod", "import", str(path), *BASE, *dated).code == 0
    answer = run_cli(
        capsys,
        "who-decides",
        "Approve a revenue business case",
        "--at",
        "Wyvern",
        "--value",
        "2m",
        "--as-of",
        "2025-06-01",
        *data,
    )
    assert answer.code == 0, answer.err
    assert "NHS Wyvern ICB resources committee" in answer.out
    assert "fsod-2025.xlsx" not in answer.err
    before = run_cli(
        capsys,
        "who-decides",
        "Approve a revenue business case",
        "--at",
        "Wyvern",
        "--as-of",
        "2025-03-01",
        *data,
    )
    assert before.code != 0  # the scheme took effect on 1 April 2025
    # a row the document now gets wrong is reported at its sheet, row and column
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["G4"] = "lots"
    book.save(path)
    broken = run_cli(capsys, "info", *data)
    assert broken.code == 2
    assert f"{path}:4:7: sheet 'FSoD 2025': 'lots' is not a financial limit" in broken.err


def test_continuation_rows_and_first_column_sections(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Ref,Decision,Reserved to Board,Delegated to committee,Comments\n"
        "Finance,,,,\n"
        "1,Approve the annual budget,Y,,Set each March\n"
        ",,,,and revised in October\n"
        "Governance,,,,\n"
        "2,Approve the constitution,Y,,\n",
        encoding="utf-8",
    )
    store = MemoryStore(load([WYVERN]))
    result = import_scheme(path, store, "Wyvern", dt.date(2025, 6, 1))
    assert result.table.section_rows == 2 and result.table.continuation_rows == 1
    assert [(r.theme, r.cells["comments"]) for r in result.table.rows] == [
        ("Finance", "Set each March\nand revised in October"),
        ("Governance", ""),
    ]
    assert "2 rights written + 0 refused" in result.summary
    assert "2 section rows; 1 continuation row joined to the row above" in result.summary


def test_two_versions_given_as_documents_supersede_each_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "fsod-2025.xlsx", tmp_path / "fsod-2026.xlsx"
    docs.financial_xlsx(old, 2025)
    docs.financial_xlsx(new, 2026)
    first = tmp_path / "fsod-2025.yaml"
    for _ in range(2):
        run_cli(
            capsys, "sod", "import", str(old), *BASE, "--effective", "2025-04-01", "-o", str(first)
        )
    later = ("--effective", "2026-04-01", "--supersedes", str(first))
    for _ in range(2):
        outcome = run_cli(capsys, "sod", "import", str(new), *BASE, "--data", str(first), *later)
    assert outcome.code == 0, outcome.err
    assert "valid_to: '2026-03-31'" in first.read_text(encoding="utf-8")
    data = ("--data", str(WYVERN), "--data", str(new), "--data", str(old))  # any order
    for day, holder in (
        ("2025-06-01", "ICB chief executive"),
        ("2026-06-01", "ICB chief finance officer"),
    ):
        answer = run_cli(
            capsys,
            "who-decides",
            "Sign a contract variation",
            "--at",
            "Wyvern",
            "--as-of",
            day,
            *data,
        )
        assert f"decided by {holder}" in answer.out, answer.out + answer.err


def test_exported_cells_are_data_never_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Ref,Decision,Reserved to Board,Delegated to committee,Comments\n"
        '1,Approve the annual budget,Y,,\'=HYPERLINK("http://x.invalid";"see")\n'
        "2,Approve the constitution,Y,,'@SUM(1+2)\n",
        encoding="utf-8",
    )
    rights = tmp_path / "rights.yaml"
    assert run_cli(capsys, "sod", "import", str(path), *BASE, "-o", str(rights)).code == 0
    out = tmp_path / "out.xlsx"
    outcome = run_cli(
        capsys,
        "sod",
        "export",
        *BASE,
        "--data",
        str(rights),
        "--mapping",
        str(path.with_suffix(".mapping.yaml")),
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert outcome.code == 0, outcome.err
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    comments = [row[4] for row in read_grids(out)[0].cells[1:]]
    assert comments == ['=HYPERLINK("http://x.invalid";"see")', "@SUM(1+2)"]


def test_a_csv_cell_over_two_lines_stays_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Ref,Decision,Reserved to Board,Comments\n"
        '1,Approve the annual budget,Y,"Set in March\nrevised in October"\n',
        encoding="utf-8",
    )
    result = import_scheme(path, MemoryStore(load([WYVERN])), "Wyvern", dt.date(2025, 6, 1))
    assert [r.cells["comments"] for r in result.table.rows] == ["Set in March\nrevised in October"]
    assert result.written == 1


# --- the guide's walk-through is real ---------------------------------------------------

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide-governance-lead.md"


def _guide_sessions() -> list[tuple[list[str], list[str]]]:
    """Each ``$ icsgov ...`` command of the guide's SoRD walk-through and its printed lines."""
    import re
    import shlex

    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## Importing your own scheme of delegation") :]
    sessions: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *lines = chunk.rstrip("\n").split("\n")
            if command.startswith("icsgov "):
                shown = [x for x in lines if x != "..."]
                sessions.append((shlex.split(command)[1:], shown))
    return sessions


def test_the_guides_scheme_walk_through_prints_what_it_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs.financial_xlsx(tmp_path / "fsod-2025.xlsx", 2025)
    docs.financial_xlsx(tmp_path / "fsod-2026.xlsx", 2026)
    (tmp_path / "wyvern.yaml").write_text(WYVERN.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sessions = _guide_sessions()
    assert len(sessions) >= 6
    for argv, shown in sessions:
        outcome = run_cli(capsys, *argv)
        printed = (outcome.out + outcome.err).splitlines()
        assert sorted(printed) == sorted(shown), " ".join(argv)


def test_every_table_is_read_or_said_to_be_left(tmp_path: Path) -> None:
    import docx
    from openpyxl import Workbook

    document = docx.Document()
    contents = document.add_table(rows=2, cols=2)  # a version-history table, not the scheme
    contents.cell(0, 0).text, contents.cell(0, 1).text = "Version", "Date"
    contents.cell(1, 0).text, contents.cell(1, 1).text = "2.0", "April 2025"
    parts = [
        (["Ref", "Decision", "Reserved to Board (Y/N)"], ["1", "Approve the constitution", "Y"]),
        (
            ["Ref", "Decision", "Reserved to Board (Y/N)", "Delegated to committee", "Limit"],
            ["2", "Approve a capital scheme", "N", "Resources Committee", "up to £1m"],
        ),
    ]
    for header, row in parts:
        table = document.add_table(rows=2, cols=len(header))
        for c, (head, value) in enumerate(zip(header, row, strict=True)):
            table.cell(0, c).text, table.cell(1, c).text = head, value
    path = tmp_path / "parts.docx"
    document.save(str(path))
    store = MemoryStore(load([WYVERN]))
    result = import_scheme(path, store, "Wyvern", dt.date(2025, 6, 1))
    assert result.written == 2 and result.table.where == ["table 2", "table 3"]
    assert "note: table 1 has no scheme header and was not read" in result.summary
    assert "note: table 3 has other columns than table 2" in result.summary
    capital = next(
        r for r in result.records if getattr(r, "decision", "") == "approve-capital-scheme"
    )
    assert getattr(capital, "value_max", None) == 1e6

    book = Workbook()
    for title in ("SoRD", "FSoD"):
        sheet = book.create_sheet(title)
        sheet.append(["Ref", "Decision", "Reserved to Board", "Delegated to committee"])
        sheet.append(["1", "Approve the annual budget", "Y", ""])
    book.remove(book.worksheets[0])
    workbook = tmp_path / "two.xlsx"
    book.save(workbook)
    result = import_scheme(workbook, store, "Wyvern", dt.date(2025, 6, 1))
    assert result.table.where == ["sheet 'SoRD'"]
    assert "sheet 'FSoD' also has a scheme header: read it with --sheet \"FSoD\"" in result.summary


def test_word_headings_above_tables_carry_the_theme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Scheme of reservation and delegation")
    header = ["Ref", "Decision", "Reserved to Board (Y/N)", "Delegated to committee"]
    parts = {
        "Part 1: Governance": [["1.1", "Approve the constitution", "Y", ""]],
        "Part 2: Finance": [["2.1", "Approve the annual budget", "N", "Resources Committee"]],
    }
    for heading, rows in parts.items():
        document.add_heading(heading, level=2)
        table = document.add_table(rows=1 + len(rows), cols=len(header))
        for r, row in enumerate([header, *rows]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    path = tmp_path / "parts.docx"
    document.save(str(path))
    rights = tmp_path / "rights.yaml"
    outcome = run_cli(capsys, "sod", "import", str(path), *BASE, "-o", str(rights))
    assert outcome.code == 0, outcome.err
    out = tmp_path / "out.xlsx"
    mapping = str(path.with_suffix(".mapping.yaml"))
    data = ("--data", str(rights), "--mapping", mapping, "--format", "xlsx", "-o", str(out))
    assert run_cli(capsys, "sod", "export", *BASE, *data).code == 0
    assert _trim(read_grids(out)[0].cells) == [
        header,
        ["Part 1: Governance"],
        parts["Part 1: Governance"][0][:3],
        ["Part 2: Finance"],
        parts["Part 2: Finance"][0],
    ]


def test_a_mapping_that_proposes_an_existing_type_or_leaves_a_holder_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Ref,Decision,Reserved to Board,Delegated to committee\n"
        "1,Budget approval,Y,\n"
        "2,Approve a capital scheme,N,Capital Panel\n",
        encoding="utf-8",
    )
    (tmp_path / "s.mapping.yaml").write_text(
        "holders:\n  Capital Panel:\n"
        "decisions:\n  Budget approval:\n    new: {id: approve-annual-budget, name: Budget}\n",
        encoding="utf-8",
    )
    outcome = run_cli(capsys, "sod", "import", str(path), *BASE)
    assert outcome.code == 2
    assert (
        "s.csv:2:2:" in outcome.err
        and "'approve-annual-budget', which already exists" in outcome.err
    )
    assert "s.csv:3:4:" in outcome.err and "'Capital Panel' is no organisation" in outcome.err
    assert "Capital Panel: TODO" in (tmp_path / "s.mapping.yaml").read_text(encoding="utf-8")
