"""Invented facts flagged and dates beyond the data said, in every answer, asked as a user would.

The Riverside data (tests/test_exact_answers.py) has one illustrative body (the Brookdale place
committee) holding one right, and describes 2022-07-01 to 2026-03-31. Each test reads an
answer on the command line (text and JSON) or in ``icsgov serve`` (page and JSON twin):
the answer resting on the invented body is marked †, with the footnote, and a date after
2026-03-31 gets the caveat naming that last date. A date inside gets no caveat.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.serve.app import App
from tests import test_exact_answers
from tests.cli_helpers import run_cli
from tests.test_exact_answers import RIVERSIDE

Cap = pytest.CaptureFixture[str]
INSIDE = ("--as-of", "2024-01-01")
AFTER = ("--as-of", "2027-01-01")
CAVEAT = "after the last date it describes (2026-03-31)"
FOOTNOTE = "† rests on a record marked illustrative"
BROOK = "Brookdale place committee (brook-cttee @ brook)"

riverside = test_exact_answers.riverside  # the fixture: Riverside written to a file


def _page(riverside: str, target: str) -> str:
    response = App(MemoryStore(load([Path(riverside)]))).respond("GET", target)
    assert response.status == 200, response.body[:300]
    return response.body.decode()


# --- the decision matrix ---------------------------------------------------------------


def test_matrix_text_marks_the_invented_cell(capsys: Cap, riverside: str) -> None:
    args = ("matrix", "--system", "sys", "--data", riverside)
    body = run_cli(capsys, *args, "--by", "body", *INSIDE)
    assert body.code == 0
    lines = body.out.splitlines()
    column = lines[0].index(BROOK)
    scheme_small = next(line for line in lines if "up to £1m" in line)
    assert scheme_small[column:].split()[0] == "D†"
    # the board's and committee's cells rest on sourced records: no mark anywhere else
    assert body.out.count("†") == 2  # the one cell and the footnote
    assert FOOTNOTE in body.out and CAVEAT not in body.out
    level = run_cli(capsys, *args, *INSIDE)
    assert "D: Brookdale place committee†" in level.out and "D: ICB board†" not in level.out
    assert FOOTNOTE in level.out
    after = run_cli(capsys, *args, *AFTER)
    assert CAVEAT in after.out


def test_matrix_json_flags_each_cell_and_carries_the_dates(capsys: Cap, riverside: str) -> None:
    args = ("matrix", "--system", "sys", "--by", "body", "--format", "json", "--data", riverside)
    data = run_cli(capsys, *args, *INSIDE).json()
    flagged = {(r["band"], k, tuple(v)) for r in data["rows"] for k, v in r["illustrative"].items()}
    assert flagged == {("up to £1m", "brook-cttee@brook", ("D",))}
    assert data["illustrative"] is True
    assert data["coverage"]["to"] == "2026-03-31" and data["caveats"] == []
    # the cells stay plain role codes for programs; the flag is beside them
    small = next(r for r in data["rows"] if r["band"] == "up to £1m")
    assert small["cells"]["brook-cttee@brook"] == ["D"]
    after = run_cli(capsys, *args, *AFTER).json()
    assert CAVEAT in after["caveats"][0]


def test_matrix_md_and_html_carry_the_footnote_and_caveat(capsys: Cap, riverside: str) -> None:
    args = ("matrix", "--system", "sys", "--by", "body", "--data", riverside, *AFTER)
    md = run_cli(capsys, *args, "--format", "md").out
    assert "| D† |" in md and FOOTNOTE in md and CAVEAT in md
    page = run_cli(capsys, *args, "--format", "html").out
    assert "<td>D†</td>" in page and FOOTNOTE in page and CAVEAT in page


def test_matrix_csv_marks_cells_and_import_matrix_reads_the_flag_back(
    capsys: Cap, riverside: str, tmp_path: Path
) -> None:
    """A † in a CSV cell survives the round trip: import-matrix writes illustrative: true."""
    import yaml

    out = tmp_path / "m.csv"
    args = ("matrix", "--system", "sys", "--by", "body", "--format", "csv", "-o", str(out))
    written = run_cli(capsys, *args, "--data", riverside, *AFTER)
    assert written.code == 0
    assert "D†" in out.read_text(encoding="utf-8")
    # the notes go to stderr: a footnote row would not read back as a matrix row
    assert FOOTNOTE in written.err and CAVEAT in written.err
    back = run_cli(capsys, "import-matrix", str(out), "--data", riverside)
    assert back.code == 0, back.err
    rights = yaml.safe_load(back.out)["decision_rights"]
    invented = {(r["holder"], r.get("value_max")) for r in rights if r.get("illustrative")}
    assert invented == {("brook-cttee", 1000000.0)}
    assert len(rights) > len(invented)


def test_import_matrix_still_refuses_a_mark_that_is_not_a_role(
    capsys: Cap, riverside: str, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(f"decision id,value band,{BROOK}\nscheme,up to £1m,X†\n", encoding="utf-8")
    refused = run_cli(capsys, "import-matrix", str(path), "--data", riverside)
    assert refused.code == 2 and "'X†' is not a role code" in refused.err


def test_serve_matrix_page_and_twin_flag_and_caveat(riverside: str) -> None:
    page = _page(riverside, "/matrix?system=sys&by=body&as_of=2027-01-01")
    assert "D†" in page and FOOTNOTE in page and CAVEAT in page
    twin = json.loads(_page(riverside, "/matrix.json?system=sys&by=body&as_of=2027-01-01"))
    assert CAVEAT in twin["caveats"][0] and twin["illustrative"] is True
    inside = _page(riverside, "/matrix?system=sys&by=body&as_of=2024-01-01")
    assert CAVEAT not in inside and FOOTNOTE in inside


# --- check findings ----------------------------------------------------------------------

# About the invented body (GOV021, GOV022) or naming it or its delegation (GOV016 on r-brook).
INVENTED_FINDINGS = {
    ("GOV016", "r-brook"),
    ("GOV021", "brook-cttee"),
    ("GOV022", "brook-cttee"),
}


def test_check_findings_about_an_illustrative_record_say_so(capsys: Cap, riverside: str) -> None:
    args = ("check", "--data", riverside, *INSIDE)
    data = run_cli(capsys, *args, "--json").json()
    flagged = {(f["rule"], f["target"]) for f in data["findings"] if f["illustrative"]}
    assert flagged == INVENTED_FINDINGS
    assert {(f["rule"], f["target"]) for f in data["findings"]} > flagged  # others are not
    assert data["illustrative"] is True
    text = run_cli(capsys, *args).out
    row = next(line for line in text.splitlines() if line.startswith("GOV021") and "brook" in line)
    assert "brook-cttee†" in row
    board = next(
        line for line in text.splitlines() if line.startswith("GOV021") and "board " in line
    )
    assert "†" not in board
    assert FOOTNOTE in text


def test_ci_formats_flag_findings_about_illustrative_records(capsys: Cap, riverside: str) -> None:
    args = ("check", "--data", riverside, *INSIDE, "--format")
    sarif = run_cli(capsys, *args, "sarif").json()
    results = sarif["runs"][0]["results"]
    flagged = {
        (r["ruleId"], r["locations"][0]["logicalLocations"][0]["name"])
        for r in results
        if r.get("properties", {}).get("illustrative")
    }
    assert flagged == INVENTED_FINDINGS
    github = run_cli(capsys, *args, "github").out.splitlines()
    marked = [line for line in github if "about a record marked illustrative" in line]
    assert len(marked) == sum(1 for r in results if r.get("properties", {}).get("illustrative"))
    assert all("Brookdale" in line or "r-brook" in line for line in marked)
    junit = run_cli(capsys, *args, "junit").out
    assert junit.count("about a record marked illustrative") >= len(marked)


def test_serve_checks_page_footnotes_illustrative_findings(riverside: str) -> None:
    page = _page(riverside, "/checks?as_of=2024-01-01")
    assert page.count('data-id="brook-cttee">Brookdale place committee</a>†</td>') == 2
    assert 'data-id="board">ICB board</a>†' not in page
    assert FOOTNOTE in page
    twin = json.loads(_page(riverside, "/checks.json?as_of=2024-01-01"))
    assert {(f["rule"], f["target"]) for f in twin["findings"] if f["illustrative"]} == (
        INVENTED_FINDINGS
    )


# --- dates beyond the data, command by command ------------------------------------------


def _notes(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Note: ") and CAVEAT in line]


def test_web_says_when_the_date_is_beyond_the_data(capsys: Cap, riverside: str) -> None:
    args = ("web", "brook-cttee", "--data", riverside)
    assert len(_notes(run_cli(capsys, *args, *AFTER).out)) == 1
    assert _notes(run_cli(capsys, *args, *INSIDE).out) == []
    data = run_cli(capsys, *args, *AFTER, "--json").json()
    assert CAVEAT in data["caveats"][0] and data["coverage"]["to"] == "2026-03-31"
    # exports stay plain data; the caveat goes to stderr beside them
    mermaid = run_cli(capsys, *args, *AFTER, "--format", "mermaid")
    assert CAVEAT not in mermaid.out and len(_notes(mermaid.err)) == 1
    page = run_cli(capsys, *args, *AFTER, "--format", "html").out
    assert '<p id="caveat" class="caveat" role="note">Note: ' in page and CAVEAT in page
    assert '"caveats": ["' in page and '"to": "2026-03-31"' in page
    inside = run_cli(capsys, *args, *INSIDE, "--format", "html").out
    assert '<p id="caveat" class="caveat" role="note" hidden></p>' in inside


def test_serve_web_page_and_twin_say_when_the_date_is_beyond_the_data(riverside: str) -> None:
    page = _page(riverside, "/web?actor=brook-cttee&as_of=2027-01-01")
    assert 'class="caveat"' in page and CAVEAT in page
    twin = json.loads(_page(riverside, "/web.json?actor=brook-cttee&as_of=2027-01-01"))
    assert CAVEAT in twin["caveats"][0]
    assert (
        json.loads(_page(riverside, "/web.json?actor=brook-cttee&as_of=2024-01-01"))["caveats"]
        == []
    )


def test_diff_between_dates_names_each_date_outside_the_data(capsys: Cap, riverside: str) -> None:
    args = ("diff", "--data", riverside, "--from", "2021-01-01", "--to", "2027-01-01")
    data = run_cli(capsys, *args, "--json").json()
    assert len(data["caveats"]) == 2
    assert "2021-01-01 is before the first date it describes (2022-07-01)" in data["caveats"][0]
    assert CAVEAT in data["caveats"][1]
    text = run_cli(capsys, *args).out
    assert "before the first date" in text and CAVEAT in text
    inside = ("diff", "--data", riverside, "--from", "2023-01-01", "--to", "2024-01-01")
    assert run_cli(capsys, *inside, "--json").json()["caveats"] == []


def test_resourcing_fdm_and_sod_say_when_the_date_is_beyond_the_data(
    capsys: Cap, riverside: str, tmp_path: Path
) -> None:
    system = ("--system", "sys", "--data", riverside)
    resourcing = run_cli(capsys, "resourcing", *system, *AFTER)
    assert len(_notes(resourcing.out)) == 1
    assert CAVEAT in run_cli(capsys, "resourcing", *system, *AFTER, "--json").json()["caveats"][0]
    assert run_cli(capsys, "resourcing", *system, *INSIDE, "--json").json()["caveats"] == []
    md = tmp_path / "fdm.md"
    run_cli(capsys, "fdm", *system, *AFTER, "--format", "md", "-o", str(md))
    assert len(_notes(md.read_text(encoding="utf-8"))) == 1
    assert len(_notes(run_cli(capsys, "sod", "names", *system, *AFTER).out)) == 1
    exported = run_cli(capsys, "sod", "export", *system, *AFTER)
    assert CAVEAT not in exported.out and len(_notes(exported.err)) == 1
    drawn = run_cli(capsys, "who-decides", "scheme", "--at", "brook", "--value", "500k",
                    "--data", riverside, *AFTER, "--format", "mermaid")  # fmt: skip
    assert CAVEAT not in drawn.out and len(_notes(drawn.err)) == 1


def test_map_and_rdf_export_say_when_the_date_is_beyond_the_data(
    capsys: Cap, riverside: str
) -> None:
    page = run_cli(capsys, "map", "--colour", "data", "--data", riverside, *AFTER).out
    assert CAVEAT in page
    # coloured by region, the map does not read the data on a date: nothing to caveat
    assert CAVEAT not in run_cli(capsys, "map", "--data", riverside, *AFTER).out
    exported = run_cli(capsys, "export", "--data", riverside, *AFTER)
    assert exported.code == 0 and len(_notes(exported.err)) == 1 and CAVEAT not in exported.out


def test_serve_map_and_twin_say_when_the_date_is_beyond_the_data(riverside: str) -> None:
    assert CAVEAT in _page(riverside, "/map?colour=data&as_of=2027-01-01")
    assert CAVEAT in json.loads(_page(riverside, "/map.json?as_of=2027-01-01"))["caveats"][0]
    assert CAVEAT not in _page(riverside, "/map?colour=data&as_of=2024-01-01")


def test_overlaps_json_carries_the_dates_covered(capsys: Cap) -> None:
    """The answer is an object now: the councils under ``overlaps``, beside the coverage."""
    inside = run_cli(capsys, "overlaps", "--level", "county", "--json", "--as-of", "2026-03-31")
    data = inside.json()
    assert data["caveats"] == [] and data["coverage"]["from"] == "2022-07-01"
    assert any(o["name"] == "Essex" for o in data["overlaps"])
    last = data["coverage"]["to"]
    after = run_cli(capsys, "overlaps", "--level", "county", "--json", "--as-of", "2031-01-01")
    assert f"after the last date it describes ({last})" in after.json()["caveats"][0]


def _riverside_in_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    """``base`` committed on main; branch ``change`` narrows the Brookdale committee's band."""
    from tests.test_git_diff import git

    folder = tmp_path / "repo"
    (folder / "governance").mkdir(parents=True)
    system = folder / "governance" / "riverside.yaml"
    system.write_text(base, encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "as it stands")
    git(folder, "checkout", "-q", "-b", "change")
    system.write_text(base.replace("value_max: 1000000}", "value_max: 900000}"))
    git(folder, "commit", "-q", "-am", "a smaller band at Brookdale")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def test_git_diff_says_when_the_date_is_beyond_the_data(
    capsys: Cap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Riverside in git; the branch narrows the Brookdale committee's band."""
    _riverside_in_git(tmp_path, monkeypatch, RIVERSIDE)
    args = ("diff", "--git", "main..change", "--data", "governance")
    found = run_cli(capsys, *args, *AFTER, "--json").json()
    assert found["coverage"]["to"] == "2026-03-31" and CAVEAT in found["caveats"][0]
    assert run_cli(capsys, *args, *INSIDE, "--json").json()["caveats"] == []
    assert len(_notes(run_cli(capsys, *args, *AFTER).out)) == 1
    assert len(_notes(run_cli(capsys, *args, *AFTER, "--format", "markdown").out)) == 1


def test_ci_formats_carry_the_caveat_beyond_the_data(capsys: Cap, riverside: str) -> None:
    args = ("check", "--data", riverside, "--format")
    sarif = run_cli(capsys, *args, "sarif", *AFTER).json()
    assert CAVEAT in sarif["runs"][0]["properties"]["caveats"][0]
    assert "properties" not in run_cli(capsys, *args, "sarif", *INSIDE).json()["runs"][0]
    github = run_cli(capsys, *args, "github", *AFTER).out.splitlines()
    notices = [line for line in github if "dates the data covers" in line]
    assert len(notices) == 1 and notices[0].startswith("::notice ") and CAVEAT in notices[0]
    junit = run_cli(capsys, *args, "junit", *AFTER).out
    assert '<property name="caveat" value="The data describes' in junit and CAVEAT in junit
    inside = run_cli(capsys, *args, "junit", *INSIDE).out
    assert "<properties>" not in inside
    # the suite still counts only its test cases
    import xml.etree.ElementTree as ET

    suite = ET.fromstring(junit).find("testsuite")
    assert suite is not None and int(suite.get("tests", "0")) == len(suite.findall("testcase"))


def test_sod_diff_names_each_date_outside_the_data(capsys: Cap, riverside: str) -> None:
    args = ("sod", "diff", "--system", "sys", "--data", riverside, "--from", "2024-01-01")
    data = run_cli(capsys, *args, "--to", "2027-01-01", "--json").json()
    assert data["from"] == "2024-01-01" and isinstance(data["changes"], list)
    assert len(data["caveats"]) == 1 and CAVEAT in data["caveats"][0]
    assert len(_notes(run_cli(capsys, *args, "--to", "2027-01-01").out)) == 1
    assert run_cli(capsys, *args, "--to", "2025-01-01", "--json").json()["caveats"] == []


def test_matrix_xlsx_keeps_the_flag_through_import_matrix(
    capsys: Cap, riverside: str, tmp_path: Path
) -> None:
    import yaml

    out = tmp_path / "m.xlsx"
    args = ("matrix", "--system", "sys", "--by", "body", "--format", "xlsx", "-o", str(out))
    assert run_cli(capsys, *args, "--data", riverside, *INSIDE).code == 0
    back = run_cli(capsys, "import-matrix", str(out), "--data", riverside)
    assert back.code == 0, back.err
    rights = yaml.safe_load(back.out)["decision_rights"]
    assert {r["holder"] for r in rights if r.get("illustrative")} == {"brook-cttee"}


def test_web_marks_illustrative_actors_and_lines(capsys: Cap, riverside: str) -> None:
    args = ("web", "brook-cttee", "--data", riverside, *INSIDE)
    data = run_cli(capsys, *args, "--json").json()
    assert {n["id"] for n in data["nodes"] if n["illustrative"]} == {"brook-cttee"}
    assert {e["id"] for e in data["edges"] if e["illustrative"]} == {"derived:d-brook"}
    assert data["illustrative"] is True
    text = run_cli(capsys, *args).out
    line = next(row for row in text.splitlines() if "derived:d-brook" in row)
    assert line.startswith("Brookdale place committee† ") and line.endswith("derived:d-brook†")
    assert "Riverside ICB†" not in text and FOOTNOTE in text
    sourced = run_cli(capsys, "web", "board", "--data", riverside, *INSIDE)
    assert "†" not in sourced.out


# --- impact, diff, resourcing and where --------------------------------------------------


def test_impact_marks_what_rests_on_an_invented_record(capsys: Cap, riverside: str) -> None:
    """Removing the invented place committee: its band and delegation are marked; the board not."""
    args = ("impact", "--remove", "brook-cttee", "--data", riverside, *INSIDE)
    text = run_cli(capsys, *args).out
    row = next(line for line in text.splitlines() if "brook-cttee" in line and "£" in line)
    assert row.startswith("scheme† ") and "up to £1m" in row
    assert "Delegations lost: d-brook†" in text and FOOTNOTE in text
    data = run_cli(capsys, *args, "--json").json()
    assert data["illustrative"] is True
    assert data["illustrative_records"] == ["brook-cttee", "d-brook"]
    assert [(d["place"], d["illustrative"]) for d in data["left_without"]] == [("brook", True)]
    # the board is sourced: its rows (even in Brookdale, beside the committee's band) are plain
    board = ("impact", "--remove", "board", "--data", riverside, *INSIDE)
    plain = run_cli(capsys, *board)
    assert plain.code == 0 and "†" not in plain.out and FOOTNOTE not in plain.out
    answer = run_cli(capsys, *board, "--json").json()
    assert answer["illustrative"] is False and answer["illustrative_records"] == []
    assert {d["place"] for d in answer["left_without"]} == {"brook", "mill"}
    assert not any(d["illustrative"] for d in answer["left_without"])


def test_diff_marks_invented_records_and_rights_held_by_one(
    capsys: Cap, riverside: str, tmp_path: Path
) -> None:
    dates = ("diff", "--data", riverside, "--from", "2022-06-30", "--to", "2022-07-01")
    text = run_cli(capsys, *dates).out
    sections = ("decision_rights", "delegations", "accountability")
    ids = [line.split()[2] for line in text.splitlines() if line.startswith(sections)]
    assert [i for i in ids if "†" in i] == ["d-brook†"] and "d-board" in ids
    assert FOOTNOTE in text
    data = run_cli(capsys, *dates, "--json").json()
    assert data["illustrative"] is True
    assert data["delegations"]["illustrative"] == ["d-brook"]
    assert data["decision_rights"]["illustrative"] == []
    # two data files: r-brook is sourced itself but held by the invented committee
    new = tmp_path / "new.yaml"
    new.write_text(
        Path(riverside)
        .read_text(encoding="utf-8")
        .replace(
            "delegation: d-brook, value_max: 1000000", "delegation: d-brook, value_max: 900000"
        )
        .replace("value_min: 5000000.01", "value_min: 6000000.01"),
        encoding="utf-8",
    )
    two = run_cli(capsys, "diff", "--old", riverside, "--new", str(new), "--json").json()
    assert [c["id"] for c in two["decision_rights"]["changed"]] == ["r-board", "r-brook"]
    assert two["decision_rights"]["illustrative"] == ["r-brook"]
    rows = run_cli(capsys, "diff", "--old", riverside, "--new", str(new)).out.splitlines()
    assert any("r-brook†" in r for r in rows) and not any("r-board†" in r for r in rows)
    same = run_cli(capsys, "diff", "--old", riverside, "--new", riverside)
    assert "†" not in same.out and FOOTNOTE not in same.out


FUNDING = """
bodies:
  - {id: pmo, name: Riverside PMO, kind: pmo, of: [icb], footprint: sys, valid_from: 2022-07-01}
programmes:
  - {id: prog, name: Brookdale frailty programme, footprint: brook, valid_from: 2022-07-01,
     illustrative: true}
funding:
  - {id: f-pmo, funder: icb, recipient: pmo, amount: 300000, valid_from: 2022-07-01}
  - {id: f-bonus, funder: icb, recipient: pmo, amount: 100000, recurrent: false,
     valid_from: 2022-07-01, illustrative: true}
  - {id: f-prog, funder: brook-cttee, recipient: prog, amount: 50000, in_kind: true,
     valid_from: 2022-07-01}
"""
"""Funding for Riverside: a sourced PMO with one invented flow, and an invented programme
funded (in kind) by the invented place committee."""


def test_resourcing_marks_invented_recipients_funders_and_flows(
    capsys: Cap, riverside: str, tmp_path: Path
) -> None:
    funding = tmp_path / "funding.yaml"
    funding.write_text(FUNDING, encoding="utf-8")
    args = ("resourcing", "--system", "sys", "--data", riverside, "--data", str(funding), *INSIDE)
    text = run_cli(capsys, *args).out
    lines = text.splitlines()
    assert any(row.split("  ")[0] == "Riverside PMO" and "£300,000 " in row for row in lines)
    assert any(row.startswith("Riverside PMO ") and "£100,000†" in row for row in lines)
    prog = next(row for row in lines if "£50,000" in row)
    assert prog.startswith("Brookdale frailty programme†") and "Brookdale place committee†" in prog
    assert "Riverside ICB†" not in text and "Riverside PMO†" not in text and FOOTNOTE in text
    data = run_cli(capsys, *args, "--json").json()
    assert data["illustrative"] is True
    flags = {
        (r["recipient"], r["illustrative"], f["id"], f["illustrative"], f["funder_illustrative"])
        for r in data["recipients"]
        for f in r["flows"]
    }
    assert flags == {
        ("pmo", False, "f-pmo", False, False),
        ("pmo", False, "f-bonus", True, False),
        ("prog", True, "f-prog", False, True),
    }
    alone = ("resourcing", "--system", "sys", "--data", riverside, *INSIDE)
    assert FOOTNOTE not in run_cli(capsys, *alone).out
    assert run_cli(capsys, *alone, "--json").json()["illustrative"] is False


def test_where_marks_an_invented_step_of_the_chain() -> None:
    """``icsgov where`` reads only the shipped skeleton, which has no invented records, so the
    answer is tested on data with one: the text table, the JSON and the HTML page."""
    import datetime as dt

    from icsgov.loaders.governance_yaml import parse_yaml
    from icsgov.queries.tables import chain_table
    from icsgov.queries.where import where
    from icsgov.render.england_map import where_html

    gov = parse_yaml(test_exact_answers.RIVERSIDE.replace(
        "{id: sys, name: Riverside, level: system, part_of: eng}",
        "{id: sys, name: Riverside, level: system, part_of: eng, illustrative: true}",
    ))  # fmt: skip
    found = where(gov, "Brookdale", dt.date(2024, 1, 1))
    answer = found.to_dict()
    assert [(s["name"], s["illustrative"]) for s in answer["chain"]] == [
        ("Brookdale", False),
        ("Riverside", True),
        ("England", False),
    ]
    assert answer["illustrative"] is True
    names = [row[1] for row in chain_table(answer["chain"]).rows]
    assert names == ["Brookdale", "Riverside†", "England"]
    page = where_html(answer)
    assert "<td>Riverside†</td>" in page and FOOTNOTE in page
    sourced = where(parse_yaml(test_exact_answers.RIVERSIDE), "Brookdale", dt.date(2024, 1, 1))
    assert sourced.to_dict()["illustrative"] is False
    assert FOOTNOTE not in where_html(sourced.to_dict())


def test_git_diff_marks_deciders_and_records_resting_on_an_invented_record(
    capsys: Cap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The branch narrows the invented committee's band (a new gap at Brookdale, r-brook
    changed) and raises the sourced board's floor (a new gap in both places, r-board changed)."""
    _riverside_in_git(tmp_path, monkeypatch, RIVERSIDE)
    from tests.test_git_diff import git

    folder = tmp_path / "repo"
    system = folder / "governance" / "riverside.yaml"
    system.write_text(
        system.read_text(encoding="utf-8").replace("value_min: 5000000.01", "value_min: 6000000.01")
    )
    git(folder, "commit", "-q", "-am", "a higher floor for the board")
    args = ("diff", "--git", "main..change", "--data", "governance", *INSIDE)
    data = run_cli(capsys, *args, "--json").json()
    flagged = {(c["place"], c["band"], tuple(c["illustrative"])) for c in data["decisions"]}
    assert ("brook", "£900,000.01 to £1m", ("brook-cttee",)) in flagged
    assert {f for f in flagged if f[2]} == {("brook", "£900,000.01 to £1m", ("brook-cttee",))}
    assert {f[0] for f in flagged if not f[2]} == {"brook", "mill"}  # the board's new gaps
    assert data["records"]["decision_rights"]["illustrative"] == ["r-brook"]
    assert data["illustrative"] is True
    text = run_cli(capsys, *args).out
    row = next(line for line in text.splitlines() if "£900,000.01" in line)
    assert "brook-cttee†" in row
    assert "board†" not in text and "r-brook†" in text and "r-board†" not in text
    assert FOOTNOTE in text
    comment = run_cli(capsys, *args, "--format", "markdown").out
    assert "| brook-cttee† (at brook) | nobody |" in comment and FOOTNOTE in comment
    assert "board† " not in comment
