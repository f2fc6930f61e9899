"""The analysis commands through the real entry point: output, JSON, exit codes, errors."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from tests.cli_helpers import run_cli

GOLDEN = str(Path(__file__).parent / "golden" / "accountability.yaml")
AT = ("--data", GOLDEN, "--as-of", "2024-01-01")
Cap = pytest.CaptureFixture[str]


def test_web_table_json_and_export(capsys: Cap, tmp_path: Path) -> None:
    table = run_cli(capsys, "web", "Place A committee", *AT)
    assert table.code == 0
    assert (
        "derived:acc-del-1" in table.out
        and "Distance to an elected body or the public: 1" in table.out
    )
    data = run_cli(capsys, "web", "acc-place-a-committee", "--no-derived", "--json", *AT).json()
    assert {e["id"] for e in data["edges"]} == {"acc-line-5", "acc-line-6", "acc-line-9"}
    assert data["edges"][0]["valid_from"] is None and "sources" in data["edges"][0]
    out = tmp_path / "web.graphml"
    written = run_cli(
        capsys, "web", "acc-place-a-committee", "--format", "graphml", "-o", str(out), *AT
    )
    assert written.code == 0 and "Wrote graphml" in written.err
    assert nx.read_graphml(out).number_of_nodes() == 5
    mermaid = run_cli(capsys, "web", "acc-place-a-committee", "--format", "mermaid", *AT)
    assert mermaid.out.startswith("flowchart BT")


def test_web_bad_input_exits_2(capsys: Cap) -> None:
    unknown = run_cli(capsys, "web", "Place A comittee", *AT)
    assert unknown.code == 2 and "Did you mean" in unknown.err
    kind = run_cli(capsys, "web", "acc-icb", "--kinds", "statutory,cosy", *AT)
    assert kind.code == 2 and "unknown kind of line: cosy" in kind.err


def test_subsidiarity_exits_1_on_findings(capsys: Cap) -> None:
    result = run_cli(capsys, "subsidiarity", "--system", "Golden System", *AT)
    assert result.code == 1
    # per band: capital up to £1m is taken at place A, above £1m at system (escalated)
    assert "Place share: 36% (target 80%, below target)" in result.out
    data = run_cli(capsys, "subsidiarity", "--system", "acc-sys", "--json", *AT).json()
    assert data["has_findings"] and len(data["escalated"]) == 4
    capital_a = [
        (r["band"], r["level"])
        for r in data["decisions"]
        if r["decision"] == "acc-approve-capital" and r["place"] == "acc-place-a"
    ]
    assert capital_a == [
        ("up to £100k", "place"),
        ("£100,000.01 to £1m", "place"),
        ("from £1,000,000.01", "system"),
    ]


def test_check_exit_codes_and_suppression(capsys: Cap, tmp_path: Path) -> None:
    golden = run_cli(capsys, "check", *AT)
    assert golden.code == 0  # warnings only
    assert "[suppressed: Continuing healthcare stays at system" in golden.out
    one = run_cli(capsys, "check", "--rule", "GOV050", "--json", *AT).json()
    assert [f["target"] for f in one["findings"]] == ["acc-pmo"]
    gap = tmp_path / "gap.yaml"
    gap.write_text(
        """
footprints:
  - {id: s, name: S, level: system}
  - {id: p, name: P, level: place, part_of: s}
  - {id: p2, name: P2, level: place, part_of: s}
organisations: [{id: a, name: A, kind: icb, statutory: true}]
decision_types: [{id: d, name: D}, {id: e, name: E}]
decision_rights:
  - {id: r1, holder: a, decision: d, footprint: p, role: decides, basis: statutory}
""",
        encoding="utf-8",
    )
    failing = run_cli(capsys, "check", "--data", str(gap))
    assert failing.code == 1 and "GOV001" in failing.out
    listed = run_cli(capsys, "check", "--list")
    assert listed.code == 0 and "GOV050" in listed.out
    bad = run_cli(capsys, "check", "--rule", "GOV999", *AT)
    assert bad.code == 2 and "unknown rule 'GOV999'" in bad.err


def test_impact_diff_resourcing(capsys: Cap) -> None:
    removed = run_cli(capsys, "impact", "--remove", "acc-place-b-committee", *AT)
    assert removed.code == 0 and "Delegations lost: acc-del-3" in removed.out
    changes = run_cli(
        capsys, "diff", "--from", "2022-12-01", "--to", "2024-01-01", "--data", GOLDEN
    )
    assert "acc-r-lead-capital" in changes.out and "added" in changes.out
    same = run_cli(capsys, "diff", "--old", GOLDEN, "--new", GOLDEN, "--json").json()
    assert same["decision_rights"] == {
        "added": [],
        "removed": [],
        "changed": [],
        "illustrative": [],
    }
    usage = run_cli(capsys, "diff", "--from", "2022-12-01", "--data", GOLDEN)
    assert usage.code == 2 and "--from DATE --to DATE" in usage.err
    money = run_cli(capsys, "resourcing", "--system", "acc-sys", "--json", *AT).json()
    pmo = next(r for r in money["recipients"] if r["recipient"] == "acc-pmo")
    assert (pmo["non_recurrent_share"], pmo["in_kind_share"], pmo["fragile"]) == (0.7, 0.1, True)
    text = run_cli(capsys, "resourcing", "--system", "acc-sys", *AT)
    assert "FRAGILE" in text.out


def test_resourcing_weights_by_share_when_amounts_are_missing() -> None:
    from icsgov.graph.memory import MemoryStore
    from icsgov.loaders.governance_yaml import parse_yaml
    from icsgov.queries.resourcing import resourcing_report

    store = MemoryStore(
        parse_yaml(
            """
footprints: [{id: s, name: S, level: system}]
organisations: [{id: n, name: N, kind: nhs_england}, {id: i, name: I, kind: icb}]
bodies: [{id: pmo, name: PMO, kind: pmo, footprint: s}]
funding:
  - {id: f1, funder: n, recipient: pmo, share: 0.4, recurrent: false}
  - {id: f2, funder: i, recipient: pmo, share: 0.6, in_kind: true}
  - {id: f3, funder: i, recipient: pmo}
"""
        )
    )
    [pmo] = resourcing_report(store, "s").recipients
    assert (pmo.weighted_by, pmo.unweighted) == ("share", ["f3"])
    assert (pmo.non_recurrent_share, pmo.in_kind_share, pmo.fragile) == (0.4, 0.6, False)
