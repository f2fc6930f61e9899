"""``icsgov audit`` from the user's side: each kind of finding, the boundaries, the log formats.

The data (tests/data/audit/riverside.yaml) puts a CCG-to-ICB reorganisation on
1 July 2022, a finance committee limited to £1m, a capital panel whose
delegation runs from 1 September 2022 to 31 March 2024, a place committee, a
clinical reference group that decides in practice, and two declared interests.
Each test writes a decision log beside it and runs the real entry point.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli_helpers import Outcome, run_cli

DATA = Path(__file__).parent / "data" / "audit" / "riverside.yaml"
Cap = pytest.CaptureFixture[str]


def _audit(capsys: Cap, tmp_path: Path, log: list[dict[str, Any]], *args: str) -> Outcome:
    path = tmp_path / "log.yaml"
    path.write_text(yaml.safe_dump({"decision_log": log}, sort_keys=False), encoding="utf-8")
    return run_cli(capsys, "audit", "--data", str(DATA), "--data", str(path), *args)


def _decision(i: str, date: str, taken_by: str, decision: str, **extra: Any) -> dict[str, Any]:
    return {"id": i, "date": date, "taken_by": taken_by, "decision": decision, **extra}


def _rules(outcome: Outcome) -> dict[str, list[str]]:
    data = outcome.json()
    return {j["decision"]: j["rules"] for j in data["decisions"]}


def test_a_clean_log_exits_0_and_names_the_authority(capsys: Cap, tmp_path: Path) -> None:
    log = [
        _decision("a", "2023-05-10", "fin", "capital", value=1_000_000, place="sys"),
        _decision("b", "2023-05-10", "board", "Approve a capital scheme", value=4_000_000),
        _decision("c", "2023-05-10", "north-cttee", "pathway", place="north"),
    ]
    found = _audit(capsys, tmp_path, log, "--json")
    assert found.code == 0, found.out + found.err
    data = found.json()
    by_id = {j["decision"]: j for j in data["decisions"]}
    assert by_id["a"]["verdict"] == "ok" and by_id["a"]["right"] == "r-fin-capital"
    assert by_id["b"]["right"] == "r-board-capital" and by_id["b"]["decision_type"] == "capital"
    assert by_id["c"]["right"] == "r-north-pathway" and by_id["c"]["level"] == "place"
    assert data["findings"] == [] and set(data["counts"]) == {f"AUD00{i}" for i in range(1, 9)}
    text = _audit(capsys, tmp_path, log)
    assert text.code == 0 and "3 logged decisions: 3 ok" in text.out


@pytest.mark.parametrize(
    ("decision", "rule", "words"),
    [
        (_decision("x", "2023-05-10", "trust", "capital", value=300_000), "AUD001", "no authority"),
        (
            _decision("x", "2023-05-10", "fin", "capital", value=1_200_000),
            "AUD002",
            "over the £1m limit of the delegation",
        ),
        (
            _decision("x", "2023-05-10", "board", "capital", value=20_000_000),
            "AUD002",
            "outside ICB board's band",
        ),
        (_decision("x", "2022-06-01", "board", "capital", value=2_000_000), "AUD003", "not exist"),
        (
            _decision("x", "2023-05-10", "board", "pathway", place="north"),
            "AUD004",
            "escalated",
        ),
        (_decision("x", "2023-05-10", "north-cttee", "pathway", place="sys"), "AUD005", "below"),
        (_decision("x", "2023-05-10", "board", "estates"), "AUD006", "no decides right"),
        (_decision("x", "2023-05-10", "trust", "capital", value=20_000_000), "AUD006", "gap"),
        (_decision("x", "2023-05-10", "crg", "clinical"), "AUD007", "no ratification"),
        (
            _decision(
                "x",
                "2023-05-10",
                "board",
                "capital",
                value=2_000_000,
                counterparty="trust",
                present=["ned"],
            ),
            "AUD008",
            "ICB non-executive member was present",
        ),
    ],
)
def test_each_kind_of_finding(
    capsys: Cap, tmp_path: Path, decision: dict[str, Any], rule: str, words: str
) -> None:
    found = _audit(capsys, tmp_path, [decision], "--json")
    assert found.code == 1
    findings = found.json()["findings"]
    assert [f["rule"] for f in findings] == [rule], findings
    assert words in findings[0]["message"]
    assert findings[0]["severity"] == ("warning" if rule == "AUD004" else "error")
    text = _audit(capsys, tmp_path, [decision])
    assert text.code == 1 and rule in text.out


def test_conflict_through_the_person_holding_the_post(capsys: Cap, tmp_path: Path) -> None:
    """Pat's interest (held 2023) is a conflict when Pat's post is present, and only in 2023."""
    log = [
        _decision(
            "in",
            "2023-12-31",
            "board",
            "capital",
            value=2e6,
            counterparty="trust",
            present=["chair"],
        ),
        _decision(
            "out",
            "2024-01-01",
            "board",
            "capital",
            value=2e6,
            counterparty="trust",
            present=["chair"],
        ),
        _decision(
            "before",
            "2022-12-31",
            "board",
            "capital",
            value=2e6,
            counterparty="trust",
            present=["ned"],
        ),
    ]
    assert _rules(_audit(capsys, tmp_path, log, "--json")) == {
        "before": [],
        "in": ["AUD008"],
        "out": [],
    }


def test_ratification_in_time_late_and_by_the_wrong_body(capsys: Cap, tmp_path: Path) -> None:
    log = [
        _decision("t0", "2023-01-02", "crg", "clinical"),
        _decision("r0", "2023-04-02", "board", "clinical", status="ratified", ratifies="t0"),
        _decision("t1", "2023-01-02", "crg", "clinical"),
        _decision("r1", "2023-04-03", "board", "clinical", status="ratified", ratifies="t1"),
        _decision("t2", "2023-01-02", "crg", "clinical"),
        _decision("r2", "2023-01-10", "fin", "clinical", status="ratified", ratifies="t2"),
        _decision("n", "2023-02-01", "board", "clinical", status="noted"),
    ]
    found = _audit(capsys, tmp_path, log, "--json")
    rules = _rules(found)
    assert rules["t0"] == [] and rules["t1"] == ["AUD007"] and rules["t2"] == ["AUD007"]
    verdicts = {j["decision"]: j["verdict"] for j in found.json()["decisions"]}
    assert verdicts["r0"] == "ratification" and verdicts["n"] == "noted"
    messages = {f["decision"]: f["message"] for f in found.json()["findings"]}
    assert "91 days later; the limit is 90 days" in messages["t1"]
    assert "holds no formal right" in messages["t2"]
    longer = _audit(capsys, tmp_path, log, "--json", "--ratify-within", "91")
    assert _rules(longer)["t1"] == []


def test_boundaries_limit_delegation_dates_and_reorganisation(capsys: Cap, tmp_path: Path) -> None:
    log = [
        # exactly at the committee's limit, and a penny over it
        _decision("at-limit", "2023-05-10", "fin", "capital", value=1_000_000),
        _decision("penny-over", "2023-05-10", "fin", "capital", value=1_000_000.01),
        # the capital panel's delegation runs 2022-09-01 to 2024-03-31, inclusive
        _decision("day-before", "2022-08-31", "capex", "capital", value=3e6),
        _decision("first-day", "2022-09-01", "capex", "capital", value=3e6),
        _decision("last-day", "2024-03-31", "capex", "capital", value=3e6),
        _decision("day-after", "2024-04-01", "capex", "capital", value=3e6),
        # the CCG gives way to the ICB on 2022-07-01
        _decision("ccg-last", "2022-06-30", "ccg-gb", "capital", value=2e6),
        _decision("ccg-gone", "2022-07-01", "ccg-gb", "capital", value=2e6),
        _decision("icb-early", "2022-06-30", "board", "capital", value=2e6),
        _decision("icb-first", "2022-07-01", "board", "capital", value=2e6),
    ]
    found = _audit(capsys, tmp_path, log, "--json")
    assert _rules(found) == {
        "at-limit": [],
        "penny-over": ["AUD002"],
        "day-before": ["AUD003"],
        "first-day": [],
        "last-day": [],
        "day-after": ["AUD003"],
        "ccg-last": [],
        "ccg-gone": ["AUD003"],
        "icb-early": ["AUD003"],
        "icb-first": [],
    }
    by_id = {f["decision"]: f for f in found.json()["findings"]}
    assert by_id["day-after"]["delegation"] == "d-capex"
    assert "not in force on 2024-04-01" in by_id["day-after"]["message"]
    judged = {j["decision"]: j for j in found.json()["decisions"]}
    assert judged["first-day"]["delegation"] == "d-capex"
    assert judged["first-day"]["right"] == "r-board-capital"


def test_findings_carry_sources_and_illustrative_flags(capsys: Cap, tmp_path: Path) -> None:
    log = [
        _decision(
            "x",
            "2023-05-10",
            "fin",
            "capital",
            value=2e6,
            illustrative=True,
            reference="FC/23/9",
            sources=[{"source": "minutes", "locator": "item 9"}],
        )
    ]
    path = tmp_path / "sources.yaml"
    path.write_text("sources: [{id: minutes, title: Finance committee minutes}]\n")
    found = _audit(capsys, tmp_path, log, "--json", "--data", str(path))
    (finding,) = found.json()["findings"]
    assert finding["illustrative"] is True and finding["reference"] == "FC/23/9"
    assert {"source": "minutes", "locator": "item 9"} in finding["sources"]
    assert finding["right"] == "r-board-capital" and finding["delegation"] == "d-fin"


def test_the_bundled_example_log_shows_every_kind_of_finding(capsys: Cap) -> None:
    found = run_cli(capsys, "audit", "--json")
    assert found.code == 1
    data = found.json()
    assert all(count >= 1 for count in data["counts"].values()), data["counts"]
    assert all(f["illustrative"] for f in data["findings"])
    assert {j["verdict"] for j in data["decisions"]} == {"ok", "findings", "ratification", "noted"}


CSV_LOG = """\
Reference,Date,Taken by,Decision,Value,Place,Present,Counterparty
FC/1,2023-05-10,fin,capital scheme,£1m,sys,,
FC/2,2023-05-10,fin,Approve a capital scheme,1.2m,sys,ned,trust
"""


def test_a_csv_log_is_audited_and_exported(capsys: Cap, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(CSV_LOG, encoding="utf-8")
    found = run_cli(capsys, "audit", "--data", str(DATA), "--log", str(log), "--json")
    assert found.code == 1
    assert _rules(found) == {"log-2": [], "log-3": ["AUD002", "AUD008"]}
    out = tmp_path / "audit.csv"
    written = run_cli(
        capsys, "audit", "--data", str(DATA), "--log", str(log), "--format", "csv", "-o", str(out)
    )
    assert written.code == 1 and "Wrote 2 decisions and 2 findings" in written.err
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["decision"], r["verdict"], r["rule"]) for r in rows] == [
        ("log-2", "ok", ""),
        ("log-3", "findings", "AUD002"),
        ("log-3", "findings", "AUD008"),
    ]
    assert rows[1]["delegation"] == "d-fin" and rows[1]["reference"] == "FC/2"


def test_xlsx_log_and_export_keep_names_as_data(capsys: Cap, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "date", "taken_by", "decision", "value"])
    sheet.append(["e1", "2023-05-10", "'=evil", "capital", 2_000_000])  # as icsgov writes it
    source = tmp_path / "log.xlsx"
    book.save(source)
    out = tmp_path / "audit.xlsx"
    found = run_cli(
        capsys,
        "audit",
        "--data",
        str(DATA),
        "--log",
        str(source),
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert found.code == 1, found.err
    sheet = openpyxl.load_workbook(out)["Decision audit"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert rows[1][header.index("rule")] == "AUD001"
    assert rows[1][header.index("taken by")] == "'=evil"  # the id, never a formula
    assert str(rows[1][header.index("finding")]).startswith("'=HYPERLINK(")  # the name, as text
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    binary = run_cli(capsys, "audit", "--data", str(DATA), "--log", str(source), "--format", "xlsx")
    assert binary.code == 2 and "-o" in binary.err


def test_a_bad_log_is_refused_with_every_problem_located(capsys: Cap, tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text(
        "date,taken by,decision,value,colour\n"
        "2023-13-01,fin,capital,1m,red\n"
        "2023-05-10,finn,capitol scheme,lots,\n",
        encoding="utf-8",
    )
    found = run_cli(capsys, "audit", "--data", str(DATA), "--log", str(log))
    assert found.code == 2 and "Traceback" not in found.err
    err = found.err
    assert f"{log}:1:5" in err and "unknown column 'colour'" in err
    assert f"{log}:2:1" in err and "expected a date" in err
    assert f"{log}:3:2" in err and "'finn'" in err and "did you mean 'fin'" in err
    assert f"{log}:3:3" in err and "unknown decision type 'capitol scheme'" in err
    assert "did you mean 'capital scheme'" in err
    assert f"{log}:3:4" in err and "not an amount of money" in err


def test_a_bad_yaml_log_is_located_like_any_governance_file(capsys: Cap, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(
        "decision_log:\n"
        "  - {id: a, date: 2023-05-10, taken_by: finn, decision: capital}\n"
        "  - {id: b, date: 2023-05-10, taken_by: fin, decision: capital, status: ratified}\n",
        encoding="utf-8",
    )
    found = run_cli(capsys, "audit", "--data", str(DATA), "--data", str(path))
    assert found.code == 2
    assert f"{path}:2:41" in found.err and "unknown" in found.err
    assert f"{path}:3:5" in found.err and "needs 'ratifies'" in found.err


def test_who_decides_lists_the_decisions_taken_under_its_right(capsys: Cap, tmp_path: Path) -> None:
    log = [
        _decision("old", "2023-01-05", "fin", "capital", value=200_000),
        _decision("new", "2023-03-05", "fin", "capital", value=300_000),
        _decision("later", "2023-09-05", "fin", "capital", value=400_000),
        _decision("b1", "2023-02-05", "board", "capital", value=3e6),
        _decision("other", "2023-02-05", "north-cttee", "pathway", place="north"),
    ]
    path = tmp_path / "log.yaml"
    path.write_text(yaml.safe_dump({"decision_log": log}, sort_keys=False), encoding="utf-8")
    args = ("--data", str(DATA), "--data", str(path), "--as-of", "2023-06-01")
    found = run_cli(
        capsys,
        "who-decides",
        "capital",
        "--at",
        "sys",
        "--value",
        "250k",
        "--decisions",
        "5",
        "--json",
        *args,
    )
    assert found.code == 0
    taken = found.json()["decisions_taken"]
    assert [j["decision"] for j in taken] == ["new", "old"]  # most recent first, none after
    assert {j["right"] for j in taken} == {"r-fin-capital"}
    text = run_cli(
        capsys,
        "who-decides",
        "capital",
        "--at",
        "sys",
        "--value",
        "250k",
        "--decisions",
        "1",
        *args,
    )
    assert "Decisions taken under these rights" in text.out and "new" in text.out
    assert "old" not in text.out.split("Decisions taken under these rights")[1]


HOSTILE_TITLE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


def web_log() -> list[dict[str, Any]]:
    """The capital panel decides £3m under the board's right (d-capex, 1 Sep 2022 to 31 Mar
    2024, up to £5m; the board's band is £1m to £15m); the board decides once itself; the
    finance committee decides £200k under its own right; one board decision is after the
    date asked."""
    return [
        _decision("c1", "2023-03-01", "capex", "capital", value=3e6, title=HOSTILE_TITLE),
        _decision("b1", "2023-02-05", "board", "capital", value=2e6, reference="ICB/23/9"),
        _decision("f1", "2023-01-05", "fin", "capital", value=200_000),
        _decision("late", "2023-09-05", "board", "capital", value=4e6),
    ]


def test_web_shows_each_bodys_decisions_beside_its_authority(capsys: Cap, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(yaml.safe_dump({"decision_log": web_log()}, sort_keys=False), "utf-8")
    args = ("--data", str(DATA), "--data", str(path), "--as-of", "2023-06-01")
    found = run_cli(capsys, "web", "capex", "--decisions", "5", "--json", *args)
    assert found.code == 0
    web = found.json()
    taken = {actor: [d["id"] for d in ds] for actor, ds in web["decisions"].items()}
    # the panel's own decision; the board's own and its delegate's, most recent first;
    # the finance committee is not in the capital panel's web, and 'late' is after the date
    assert taken == {"capex": ["c1"], "board": ["c1", "b1"]}
    by_board = {d["id"]: d for d in web["decisions"]["board"]}
    assert by_board["c1"]["by_delegate"] and not by_board["b1"]["by_delegate"]
    assert by_board["c1"]["right"] == "r-board-capital" and by_board["c1"]["verdict"] == "ok"
    assert by_board["c1"]["title"] == HOSTILE_TITLE  # data, kept as written in JSON
    assert by_board["c1"]["taken_by_name"] == "Capital panel"

    one = run_cli(capsys, "web", "board", "--direction", "down", "--decisions", "1", *args)
    after = one.out.split("Decisions taken by ICB board or under its rights")[1]
    assert HOSTILE_TITLE in after and "Capital panel (delegate)" in after
    assert "ICB/23/9" not in after  # one decision asked for: the most recent only

    without = run_cli(capsys, "web", "capex", "--json", *args)
    assert "decisions" not in without.json()  # only when asked for


MOVED = """
footprints:
  - {id: eng, name: England, level: national}
  - {id: west, name: Westshire, level: system, part_of: eng}
  - {id: east, name: Eastshire, level: system, part_of: eng}
  - {id: town, name: Midtown, level: place, part_of: west}
relations:
  - {id: moved, subject: town, object: east, kind: located_in, valid_from: 2026-04-01}
organisations:
  - {id: west-icb, name: Westshire ICB, kind: icb, footprints: [west]}
  - {id: east-icb, name: Eastshire ICB, kind: icb, footprints: [east]}
bodies:
  - {id: west-board, name: Westshire board, kind: board, of: [west-icb], footprint: west}
  - {id: east-board, name: Eastshire board, kind: board, of: [east-icb], footprint: east}
decision_types: [{id: capital, name: Approve a capital scheme}]
decision_rights:
  - {id: r-west, holder: west-board, decision: capital, footprint: west, role: decides,
     basis: statutory}
  - {id: r-east, holder: east-board, decision: capital, footprint: east, role: decides,
     basis: statutory}
decision_log:
  - {id: before, date: 2026-03-31, taken_by: west-board, decision: capital, place: town}
  - {id: after, date: 2026-04-01, taken_by: east-board, decision: capital, place: town}
  - {id: stale, date: 2026-04-01, taken_by: west-board, decision: capital, place: town}
"""


def test_the_audit_judges_where_who_decides_answers_on_the_day(capsys: Cap, tmp_path: Path) -> None:
    """Midtown moves from Westshire to Eastshire on 1 April 2026 (a dated located_in, as the
    2026 ICB mergers are recorded): who-decides follows the parent of the day, and so must
    the audit, or it would judge Eastshire's decision against Westshire's board."""
    path = tmp_path / "moved.yaml"
    path.write_text(MOVED, encoding="utf-8")
    for day, holder in (("2026-03-31", "west-board"), ("2026-04-01", "east-board")):
        answer = run_cli(
            capsys,
            "who-decides",
            "capital",
            "--at",
            "town",
            "--as-of",
            day,
            "--json",
            "--data",
            str(path),
        ).json()
        assert [h["id"] for h in answer["decides"]] == [holder]
    found = run_cli(capsys, "audit", "--data", str(path), "--json")
    assert _rules(found) == {"before": [], "after": [], "stale": ["AUD001"]}
