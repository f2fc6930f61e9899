"""Decision matrix formats, the SoRD round trip, strict spreadsheet reading, and the FDM."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from icsgov.errors import InputError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.loaders.matrix_sheet import read_matrix
from icsgov.ontology.model import Body, DecisionRight, Organisation, Role
from icsgov.queries.fdm import functions_and_decisions
from icsgov.queries.matrix import decision_matrix
from icsgov.queries.matrix_formats import render
from icsgov.queries.scheme import COLUMNS, read_sord, sord_rows, write_sord
from tests.cli_helpers import run_cli
from tests.golden_who_decides import CORE

DAY = dt.date(2024, 1, 1)
ARGS = ("--data", str(CORE), "--as-of", DAY.isoformat())


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return MemoryStore(load([CORE]))


def _rights_in_system(store: MemoryStore) -> list[DecisionRight]:
    inside = {"glos", "glos-forest", "glos-city", "glos-lydney"}
    return [r for r in store.entities(DecisionRight) if r.footprint in inside and r.valid_at(DAY)]


# --- matrix -----------------------------------------------------------------------


def test_body_matrix_cells_are_every_right_in_the_system(store: MemoryStore) -> None:
    matrix = decision_matrix(store, "glos", by="body", as_of=DAY)
    got = {
        (row.decision, key, code, row.value_min, row.value_max)
        for row in matrix.rows
        for key, codes in row.cells.items()
        for code in codes
    }
    expected = {
        (r.decision, f"{r.holder}@{r.footprint}", r.role.code, r.value_min, r.value_max)
        for r in _rights_in_system(store)
    }
    # rights above the system (NHS England, national) are in the matrix too
    assert expected <= got
    assert ("primary-care-commissioning", "nhse@england", "D", None, None) in got


def test_level_matrix_names_holders_and_marks_de_facto(store: MemoryStore) -> None:
    matrix = decision_matrix(store, "glos", by="level", as_of=dt.date(2019, 1, 1))
    row = next(r for r in matrix.rows if r.decision == "redesign-stroke-pathway")
    assert row.cells["system"] == ["D*: Stroke clinical reference group", "T: CCG governing body"]
    assert [c.key for c in matrix.columns][:2] == ["neighbourhood", "place"]


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "html", "json"])
def test_every_text_format_names_every_decision(store: MemoryStore, fmt: str) -> None:
    matrix = decision_matrix(store, "glos", by="body", as_of=DAY)
    text = render(matrix, fmt)
    assert isinstance(text, str)
    for row in matrix.rows:
        assert row.decision in text


def test_html_escapes_names() -> None:
    gov = parse_yaml(
        """
footprints: [{id: s, name: "S <b>", level: system}]
organisations: [{id: o, name: "<script>alert(1)</script>", kind: icb}]
decision_types: [{id: d, name: "Fund & <i>approve</i>"}]
decision_rights: [{id: r, holder: o, decision: d, footprint: s, role: decides, basis: statutory}]
"""
    )
    page = render(decision_matrix(MemoryStore(gov), "s", by="body"), "html")
    assert isinstance(page, str)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Fund &amp; &lt;i&gt;approve&lt;/i&gt;" in page


def test_xlsx_matrix_reads_back_to_the_same_rights(store: MemoryStore, tmp_path: Path) -> None:
    matrix = decision_matrix(store, "glos", by="body", as_of=DAY)
    path = tmp_path / "m.xlsx"
    payload = render(matrix, "xlsx")
    assert isinstance(payload, bytes)
    path.write_bytes(payload)
    got = {
        (r.holder, r.decision, r.footprint, r.role, r.value_min, r.value_max)
        for r in read_matrix(path)
    }
    want = {
        (r.holder, r.decision, r.footprint, r.role, r.value_min, r.value_max)
        for r in _rights_in_system(store)
    }
    assert want <= got


def test_matrix_cli_csv_import_matrix_yaml_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "m.csv"
    assert (
        run_cli(
            capsys,
            "matrix",
            "--system",
            "glos",
            "--by",
            "body",
            "--format",
            "csv",
            "-o",
            str(out),
            *ARGS,
        ).code
        == 0
    )
    outcome = run_cli(capsys, "import-matrix", str(out), "--data", str(CORE))
    assert outcome.code == 0
    records = parse_yaml(outcome.out + (CORE.read_text().split("decision_rights:")[0]))
    assert any(isinstance(e, DecisionRight) and e.holder == "forest-cttee" for e in records)


def test_matrix_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "matrix", "--system", "glos", "--format", "xlsx", *ARGS)
    assert outcome.code == 2
    assert "give -o FILE.xlsx" in outcome.err


# --- scheme of reservation and delegation -------------------------------------------


def _key(right: DecisionRight) -> tuple[object, ...]:
    return (
        right.holder,
        right.decision,
        right.footprint,
        right.role,
        right.basis,
        right.value_min,
        right.value_max,
        right.conditions,
        right.delegation,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sod_round_trip_gives_the_same_rights(store: MemoryStore, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"sord.{fmt}"
    payload = write_sord(sord_rows(store, "glos", DAY), fmt)
    if isinstance(payload, bytes):
        path.write_bytes(payload)
    else:
        path.write_text(payload, encoding="utf-8")
    back = read_sord(path, store, "glos", DAY)
    decides = [r for r in _rights_in_system(store) if r.role is Role.DECIDES]
    assert sorted(map(_key, (r for r in back if r.role is Role.DECIDES))) == sorted(
        map(_key, decides)
    )
    assert {r.id for r in back if r.role is Role.DECIDES} == {r.id for r in decides}
    leads = {(r.holder, r.decision, r.footprint) for r in back if r.role is Role.RECOMMENDS}
    assert leads == {("icb-cfo", "approve-capital-scheme", "glos")}


def test_sod_without_extra_columns_uses_documented_defaults(
    store: MemoryStore, tmp_path: Path
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(
        ",".join(c.capitalize() for c in COLUMNS) + "\n"
        "1.1,Finance,Approve a capital scheme,,Y,,,from £5m,,1.6.2\n"
        "2.4,Finance,Approve minor capital works,,N,Forest of Dean place committee,,up to 250k,,\n",
        encoding="utf-8",
    )
    first, second = read_sord(path, store, "glos", DAY)
    assert (first.holder, first.basis.value, first.value_min, first.footprint) == (
        "icb-board",
        "statutory",
        5e6,
        "glos",
    )
    # the clause is a citation of the documents the scheme cites, the reference one of the scheme
    assert [(c.source, c.locator) for c in first.sources] == [
        ("sord-plain", "1.1"),
        ("sord-plain-cited", "1.6.2"),
    ]
    assert (second.holder, second.basis.value, second.value_max, second.footprint) == (
        "forest-cttee",
        "delegated",
        250e3,
        "glos-forest",
    )


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


HEADER = [c.capitalize() for c in COLUMNS]
GOOD = [
    "1.1",
    "Finance",
    "Approve a capital scheme",
    "",
    "N",
    "Finance committee",
    "",
    "1m",
    "",
    "",
]


@pytest.mark.parametrize(
    ("rows", "where", "message"),
    [
        ([HEADER, GOOD, [""] * 10, GOOD], ":4:1:", "reference 1.1 is also on row 2"),
        ([HEADER, [*GOOD[:7], "=1000000*2", "", ""]], ":2:8:", "formula in cell H2"),
        ([HEADER, [*GOOD[:2], "Aprove a capitol scheme", *GOOD[3:]]], ":2:3:", "nearest: "),
        ([HEADER, [*GOOD[:7], "lots", "", ""]], ":2:8:", "is not a financial limit"),
        ([HEADER, [*GOOD[:4], "Y", *GOOD[5:]]], ":2:5:", "say exactly one of"),
    ],
)
def test_bad_sod_csv_is_an_input_error_with_row_and_column(
    store: MemoryStore, tmp_path: Path, rows: list[list[str]], where: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    _write_csv(path, rows)
    with pytest.raises(InputError) as caught:
        read_sord(path, store, "glos", DAY)
    text = str(caught.value)
    assert message in text and f"bad.csv{where}" in text


def test_bad_sod_xlsx_merged_cells_and_formulas(store: MemoryStore, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(GOOD)
    sheet.append([*GOOD[:7], "=H2*2", "", ""])
    sheet.merge_cells("I2:J2")
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_sord(path, store, "glos", DAY)
    text = str(caught.value)
    # merged cells are read (the merged value fills each cell); a formula never is
    assert "merged cells" not in text
    assert "bad.xlsx:3:8: sheet 'Sheet': formula in cell H3" in text


def test_sod_import_cli_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    _write_csv(path, [HEADER, GOOD, [""] * 10, GOOD])
    out = tmp_path / "rights.yaml"
    outcome = run_cli(capsys, "sod", "import", str(path), "--system", "glos", "-o", str(out), *ARGS)
    assert outcome.code == 2
    assert "reference 1.1 is also on row 2" in outcome.err and "Traceback" not in outcome.err
    assert "2 scheme rows read" in outcome.err and "1 readable + 1 refused" in outcome.err
    assert not out.exists()


def test_sod_cli_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: MemoryStore
) -> None:
    sord = tmp_path / "sord.xlsx"
    assert (
        run_cli(
            capsys,
            "sod",
            "export",
            "--system",
            "Gloucestershire",
            "--format",
            "xlsx",
            "-o",
            str(sord),
            *ARGS,
        ).code
        == 0
    )
    outcome = run_cli(capsys, "sod", "import", str(sord), "--system", "glos", *ARGS)
    assert outcome.code == 0
    ids = {r.id for r in _rights_in_system(store) if r.role is Role.DECIDES}
    for right_id in ids:
        assert f"- id: {right_id}\n" in outcome.out


# --- functions and decisions map -----------------------------------------------------


def test_fdm_lists_every_decision_taken_inside_the_system(store: MemoryStore) -> None:
    fdm = functions_and_decisions(store, "glos", DAY)
    got = {(e.part, e.decision, e.footprint) for e in fdm.entries}
    want = {
        (r.holder, r.decision, r.footprint)
        for r in _rights_in_system(store)
        if r.role is Role.DECIDES
    }
    assert got == want
    outside = [e for e in fdm.entries if e.from_outside]
    assert [(e.part, e.delegated_from) for e in outside] == [("glos-icb", "nhse")]
    nhse = store.get("nhse")
    assert isinstance(nhse, Organisation) and "glos" not in nhse.footprints
    board = store.get("icb-board")
    assert isinstance(board, Body)


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_fdm_cli_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    outcome = run_cli(capsys, "fdm", "--system", "glos", "--format", fmt, *ARGS)
    assert outcome.code == 0
    if fmt == "json":
        assert any(e["from_outside"] for e in outcome.json()["entries"])
    else:
        assert "NHS England (from outside the system)" in outcome.out


def test_unknown_system_exits_2_with_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "fdm", "--system", "Gloucestershir", *ARGS)
    assert outcome.code == 2
    assert "glos (Gloucestershire)" in outcome.err and "Traceback" not in outcome.err


def test_import_matrix_refuses_unknown_ids_at_import_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "decision id,Board (icb-board @ glos),Ghost (no-such-body @ glos)\n"
        "approve-capital-scheme,D,\n"
        "approve-capitl-scheme,,D\n",
        encoding="utf-8",
    )
    outcome = run_cli(capsys, "import-matrix", str(path), "--data", str(CORE))
    assert outcome.code == 2 and outcome.out == ""
    assert "m.csv:1:3: unknown holder id 'no-such-body'" in outcome.err
    assert "m.csv:3:1: unknown decision type id 'approve-capitl-scheme'" in outcome.err
    assert "did you mean 'approve-capital-scheme'" in outcome.err


def test_a_misspelt_required_column_is_named_where_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("value band,decison id,Board (icb-board @ glos)\n,capital,D\n", "utf-8")
    outcome = run_cli(capsys, "import-matrix", str(path), "--data", str(CORE))
    assert outcome.code == 2
    assert "m.csv:1:2: missing column 'decision id'" in outcome.err
    assert "rename the column headed 'decison id' to 'decision id'" in outcome.err
