"""Exact answers at the edges, asked as a user would: bands, lifetimes, invented facts, dates.

Each test runs the real ``icsgov`` command (or the local web UI) on small
data and reads what a governance lead would read.
"""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.loaders import load
from icsgov.serve.app import make_server
from tests.cli_helpers import run_cli

Cap = pytest.CaptureFixture[str]
CORE = str(Path(__file__).parent / "golden" / "core.yaml")
DAY = ("--as-of", "2024-01-01")

# Riverside: the example. A board over £5m, a committee £1m-£5m (system), a place
# committee up to £1m in Brookdale only; the ICB holds "capital" in law.
RIVERSIDE = """
dataset: {name: riverside, describes_from: 2022-07-01, describes_to: 2026-03-31}
footprints:
  - {id: eng, name: England, level: national}
  - {id: sys, name: Riverside, level: system, part_of: eng}
  - {id: brook, name: Brookdale, level: place, part_of: sys}
  - {id: mill, name: Millford, level: place, part_of: sys}
organisations:
  - {id: icb, name: Riverside ICB, kind: icb, statutory: true, footprints: [sys],
     valid_from: 2022-07-01}
bodies:
  - {id: board, name: ICB board, kind: board, of: [icb], footprint: sys, valid_from: 2022-07-01}
  - {id: cttee, name: Capital committee, kind: committee, of: [icb], footprint: sys,
     valid_from: 2022-07-01}
  - {id: brook-cttee, name: Brookdale place committee, kind: place_committee, of: [icb],
     footprint: brook, valid_from: 2022-07-01, illustrative: true}
decision_types:
  - {id: capital, name: Capital}
  - {id: scheme, name: Approve a capital scheme, broader: capital, preferred_level: place}
decision_rights:
  - {id: r-icb, holder: icb, decision: capital, footprint: sys, role: decides,
     basis: statutory, valid_from: 2022-07-01}
  - {id: r-icb-2, holder: icb, decision: capital, footprint: sys, role: decides,
     basis: statutory, valid_from: 2022-07-01}
  - {id: r-board, holder: board, decision: scheme, footprint: sys, role: decides,
     basis: delegated, delegation: d-board, value_min: 5000000.01, valid_from: 2022-07-01}
  - {id: r-cttee, holder: cttee, decision: scheme, footprint: sys, role: decides,
     basis: delegated, delegation: d-cttee, value_min: 1000000.01, value_max: 5000000,
     valid_from: 2022-07-01}
  - {id: r-brook, holder: brook-cttee, decision: scheme, footprint: brook, role: decides,
     basis: delegated, delegation: d-brook, value_max: 1000000}
delegations:
  - {id: d-board, delegator: icb, delegate: board, decisions: [capital],
     instrument: scheme_of_delegation, valid_from: 2022-07-01}
  - {id: d-cttee, delegator: icb, delegate: cttee, decisions: [capital],
     instrument: scheme_of_delegation, valid_from: 2022-07-01}
  - {id: d-brook, delegator: icb, delegate: brook-cttee, decisions: [capital], value_max: 1000000,
     instrument: scheme_of_delegation, valid_from: 2022-07-01, illustrative: true}
"""


@pytest.fixture
def riverside(tmp_path: Path) -> str:
    path = tmp_path / "riverside.yaml"
    path.write_text(RIVERSIDE, encoding="utf-8")
    return str(path)


def test_a_band_gap_is_a_gap_not_a_fallback(capsys: Cap, riverside: str) -> None:
    args = ("who-decides", "scheme", "--at", "Millford", "--value", "500k", "--data", riverside)
    text = run_cli(capsys, *args, *DAY)
    assert text.code == 1
    assert "GAP" in text.out and "hint only" in text.out
    assert "is decided by Riverside ICB (statutory) at" not in text.out
    answer = run_cli(capsys, *args, *DAY, "--json").json()
    assert (answer["found"], answer["gap"], answer["fallback"]) == (False, True, False)
    assert sorted(h["right"] for h in answer["bands"]) == ["r-board", "r-cttee"]
    assert {h["id"] for h in answer["hint"]} == {"icb"}
    assert answer["decides"] == []
    # in Brookdale the place committee's own band covers it
    local = run_cli(
        capsys,
        "who-decides",
        "scheme",
        "--at",
        "brook",
        "--value",
        "500k",
        "--data",
        riverside,
        *DAY,
        "--json",
    ).json()
    assert [h["id"] for h in local["decides"]] == ["brook-cttee"]


def test_check_names_the_value_range_nobody_decides(capsys: Cap, riverside: str) -> None:
    found = run_cli(capsys, "check", "--rule", "GOV001", "--data", riverside, *DAY)
    assert found.code == 1
    assert "nobody decides 'scheme' for £0–£1m at mill" in found.out
    assert "brook" not in found.out.split("GOV001", 1)[1].split("\n")[0]
    assert "1 error, 0 warnings" in found.out


def test_subsidiarity_counts_each_band_where_it_is_taken(capsys: Cap, riverside: str) -> None:
    report = run_cli(capsys, "subsidiarity", "--system", "sys", "--data", riverside, *DAY, "--json")
    rows = [(r["place"], r["band"], r["level"]) for r in report.json()["decisions"]]
    assert ("brook", "up to £1m", "place") in rows
    assert ("brook", "£1,000,000.01 to £5m", "system") in rows
    assert ("mill", "up to £1m", None) in rows  # the gap, not "taken at place"


def test_impact_per_band_by_name_and_for_one_value(capsys: Cap, riverside: str) -> None:
    gone = ("impact", "--remove", "Brookdale place committee", "--data", riverside, *DAY)
    every = run_cli(capsys, *gone, "--json").json()
    assert every["removed"] == ["brook-cttee"]
    assert [(d["place"], d["band"], d["outcome"]) for d in every["left_without"]] == [
        ("brook", "up to £1m", "left without a decision-maker (a band gap)")
    ]
    assert every["moved"] == []  # nobody else's band covers up to £1m: nothing "moves"
    above = run_cli(capsys, *gone, "--value", "2m", "--json").json()
    assert above["left_without"] == [] and above["moved"] == []


def test_a_right_is_not_in_force_before_its_holder_exists(capsys: Cap, riverside: str) -> None:
    # r-brook is undated, but the place committee exists only from 1 July 2022
    before = run_cli(
        capsys,
        "who-decides",
        "scheme",
        "--at",
        "brook",
        "--value",
        "500k",
        "--data",
        riverside,
        "--as-of",
        "2021-01-01",
        "--json",
    ).json()
    assert before["found"] is False and before["gap"] is False
    assert "brook-cttee" not in str(before["decides"])
    lifetimes = run_cli(capsys, "check", "--rule", "GOV016", "--data", riverside, *DAY)
    assert "decision right r-brook has no start date" in lifetimes.out


def test_illustrative_records_are_flagged_in_text_json_and_web(capsys: Cap, riverside: str) -> None:
    args = ("who-decides", "scheme", "--at", "brook", "--value", "500k", "--data", riverside, *DAY)
    text = run_cli(capsys, *args)
    assert "Brookdale place committee†" in text.out
    assert "rests on records marked illustrative" in text.out
    answer = run_cli(capsys, *args, "--json").json()
    assert answer["illustrative"] is True
    assert [h["illustrative"] for h in answer["decides"]] == [True]
    assert [s["illustrative"] for c in answer["delegation_chain"] for s in c["steps"]] == [True]
    assert answer["illustrative_records"] == ["brook-cttee", "d-brook"]
    sourced = run_cli(
        capsys,
        "who-decides",
        "scheme",
        "--at",
        "brook",
        "--value",
        "6m",
        "--data",
        riverside,
        *DAY,
        "--json",
    ).json()
    assert sourced["illustrative"] is False and "†" not in sourced["summary"]
    server = make_server(MemoryStore(load([Path(riverside)])), "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
        connection.request(
            "GET", "/who-decides?decision=scheme&at=brook&value=500k&as_of=2024-01-01"
        )
        page = connection.getresponse().read().decode()
        connection.close()
    finally:
        server.shutdown()
        server.server_close()
    assert "Brookdale place committee†" in page and "marked illustrative" in page


def _serve_get(riverside: str, path: str) -> str:
    server = make_server(MemoryStore(load([Path(riverside)])), "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
        connection.request("GET", path)
        text = connection.getresponse().read().decode()
        connection.close()
        return text
    finally:
        server.shutdown()
        server.server_close()


def test_serve_pages_carry_the_caveat_beyond_the_data(riverside: str) -> None:
    page = _serve_get(riverside, "/subsidiarity?system=sys&as_of=2027-01-01")
    assert "after the last date it describes (2026-03-31)" in page
    twin = json.loads(_serve_get(riverside, "/checks.json?as_of=2027-01-01"))
    assert twin["coverage"]["to"] == "2026-03-31" and "2026-03-31" in twin["caveats"][0]
    inside = json.loads(_serve_get(riverside, "/checks.json?as_of=2024-01-01"))
    assert inside["caveats"] == []


def test_a_date_beyond_the_data_gets_a_caveat(capsys: Cap, riverside: str) -> None:
    args = ("who-decides", "scheme", "--at", "brook", "--value", "6m", "--data", riverside)
    inside = run_cli(capsys, *args, *DAY, "--json").json()
    assert inside["coverage"]["to"] == "2026-03-31" and inside["caveats"] == []
    after = run_cli(capsys, *args, "--as-of", "2026-12-02", "--json").json()
    assert after["caveats"] and "2026-03-31" in after["caveats"][0]
    text = run_cli(capsys, *args, "--as-of", "2026-12-02")
    assert "after the last date it describes (2026-03-31)" in text.out
    check = run_cli(capsys, "check", "--data", riverside, "--as-of", "2027-01-01", "--json")
    assert "2026-03-31" in check.json()["caveats"][0]


def test_two_identical_rights_say_holds_the_power_in_law_once(capsys: Cap, riverside: str) -> None:
    answer = run_cli(
        capsys, "who-decides", "capital", "--at", "sys", "--data", riverside, *DAY, "--json"
    ).json()
    assert sorted(h["right"] for h in answer["decides"]) == ["r-icb", "r-icb-2"]
    assert answer["summary"].count("holds the power in law") == 1


def test_sub_delegation_finding_calls_a_right_a_right(capsys: Cap, tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        """
footprints: [{id: sys, name: S, level: system}]
organisations:
  - {id: icb, name: ICB, kind: icb, statutory: true, footprints: [sys]}
  - {id: trust, name: Trust, kind: nhs_trust, footprints: [sys]}
  - {id: pcn, name: PCN, kind: pcn, footprints: [sys]}
decision_types: [{id: d, name: D}]
decision_rights:
  - {id: r1, holder: icb, decision: d, footprint: sys, role: decides, basis: statutory}
  - {id: r2, holder: trust, decision: d, footprint: sys, role: decides, basis: delegated,
     delegation: del-1}
delegations:
  - {id: del-1, delegator: icb, delegate: trust, decisions: [d], instrument: other}
  - {id: del-2, delegator: trust, delegate: pcn, decisions: [d], instrument: other}
""",
        encoding="utf-8",
    )
    found = run_cli(capsys, "check", "--rule", "GOV011", "--data", str(path))
    assert "right r2 (by delegation del-1)" in found.out
    assert "delegation(s) to it (r2" not in found.out


def test_fdm_markdown_can_be_written_to_a_file(capsys: Cap, tmp_path: Path) -> None:
    out = tmp_path / "fdm.md"
    done = run_cli(capsys, "fdm", "--system", "glos", "--format", "md", "-o", str(out), *DAY)
    assert done.code == 0
    assert out.read_text(encoding="utf-8").startswith("# Functions and decisions map")


def test_subsidiarity_and_fdm_flag_illustrative_records(capsys: Cap, riverside: str) -> None:
    report = run_cli(capsys, "subsidiarity", "--system", "sys", "--data", riverside, *DAY)
    assert "brook-cttee†" in report.out and "† rests on a record marked illustrative" in report.out
    data = run_cli(
        capsys, "subsidiarity", "--system", "sys", "--data", riverside, *DAY, "--json"
    ).json()
    flagged = {(r["place"], r["band"]) for r in data["decisions"] if r["illustrative"]}
    assert flagged == {("brook", "up to £1m")} and data["illustrative"] is True
    fdm = run_cli(capsys, "fdm", "--system", "sys", "--data", riverside, *DAY, "--format", "json")
    marked = {e["part"] for e in fdm.json()["entries"] if e["illustrative"]}
    assert marked == {"brook-cttee"}
    table = run_cli(capsys, "fdm", "--system", "sys", "--data", riverside, *DAY)
    assert "Brookdale place committee†" in table.out


def test_a_right_held_by_a_post_ends_with_the_body_the_post_is_in(
    capsys: Cap, tmp_path: Path
) -> None:
    path = tmp_path / "posts.yaml"
    path.write_text(
        """
footprints: [{id: sys, name: S, level: system}]
organisations:
  - {id: ccg, name: The CCG, kind: ccg, footprints: [sys], valid_to: 2022-06-30}
  - {id: icb, name: The ICB, kind: icb, footprints: [sys], valid_from: 2022-07-01}
posts:
  - {id: cfo, name: Chief finance officer, kind: finance_director, post_in: [ccg]}
decision_types: [{id: d, name: D}]
decision_rights:
  - {id: r-cfo, holder: cfo, decision: d, footprint: sys, role: decides, basis: delegated}
  - {id: r-icb, holder: icb, decision: d, footprint: sys, role: decides, basis: statutory}
""",
        encoding="utf-8",
    )
    ask = ("who-decides", "d", "--at", "sys", "--data", str(path), "--json")
    before = run_cli(capsys, *ask, "--as-of", "2022-01-01").json()
    after = run_cli(capsys, *ask, "--as-of", "2024-01-01").json()
    assert [h["id"] for h in before["decides"]] == ["cfo"]
    assert [h["id"] for h in after["decides"]] == ["icb"]  # the CCG's post went with the CCG
