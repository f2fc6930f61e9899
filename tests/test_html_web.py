"""The offline HTML web: escaped data, a policy that forbids the network, every dated line."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.queries.web import WebQuery, accountability_web
from icsgov.render.html_web import SCRIPT_HASH, layout, script_json, web_html
from tests.cli_helpers import run_cli

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>&\u2028"


def hostile_store() -> MemoryStore:
    return MemoryStore(
        parse_yaml(
            f"""
organisations:
  - {{id: icb, name: {json.dumps(HOSTILE)}, kind: icb}}
  - {{id: council, name: Council, kind: unitary_authority}}
accountability:
  - {{id: l1, actor: icb, answers_to: council, kind: mutual, valid_to: 2020-12-31}}
"""
        )
    )


def page_data(page: str) -> dict[str, object]:
    found = re.search(
        r'<script type="application/json" id="icsgov-data">(.*?)</script>', page, re.S
    )
    assert found
    return dict(json.loads(found.group(1)))


def test_no_name_can_close_the_script_and_the_data_reads_back() -> None:
    page = web_html(hostile_store(), WebQuery("icb"))
    assert "<img" not in page and "alert(2)</script>" not in page and "\u2028" not in page
    assert page.count("<script") == 2  # the data and the one script
    labels = {n["id"]: n["label"] for n in page_data(page)["nodes"]}  # type: ignore[attr-defined]
    assert labels["icb"] == HOSTILE


def test_script_json_round_trips_every_escaped_character() -> None:
    text = script_json({"x": HOSTILE})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"x": HOSTILE}


def test_policy_forbids_the_network_and_allows_only_the_page_script() -> None:
    page = web_html(hostile_store(), WebQuery("icb"))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy
    assert "default-src &#x27;none&#x27;" in policy.group(1)
    assert SCRIPT_HASH in policy.group(1)
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_every_dated_line_is_in_the_page_and_the_control_starts_at_as_of(
    example_store: MemoryStore,
) -> None:
    actor, as_of = "glos-pmo-programme-manager", dt.date(2024, 6, 1)
    data = page_data(web_html(example_store, WebQuery(actor, as_of=as_of)))
    every = accountability_web(example_store, actor, as_of=None)
    assert data["as_of"] == as_of.isoformat()
    assert {e["id"] for e in data["edges"]} == {e.id for e in every.edges}  # type: ignore[attr-defined]
    on_the_day = accountability_web(example_store, actor, as_of=as_of)
    assert {e.id for e in on_the_day.edges} <= {e["id"] for e in data["edges"]}  # type: ignore[attr-defined]
    first = data["edges"][0]  # type: ignore[index]
    assert {"valid_from", "valid_to", "sources", "attrs", "kind"} <= set(first)


def test_layout_puts_national_above_place_and_scales_linearly() -> None:
    levels: dict[str, str | None] = {f"p{i}": "place" for i in range(3000)}
    levels.update({f"n{i}": "national" for i in range(20)})
    edges = [(f"p{i}", f"n{i % 20}") for i in range(3000)]
    pos = layout(levels, edges)
    assert max(pos[f"n{i}"][1] for i in range(20)) < min(pos[f"p{i}"][1] for i in range(3000))
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot


def test_cli_writes_the_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "web.html"
    done = run_cli(
        capsys,
        "web",
        "glos-pmo-programme-manager",
        "--format",
        "html",
        "-o",
        str(out),
        "--as-of",
        "2024-06-01",
    )
    assert done.code == 0, done.err
    assert page_data(out.read_text())["actor"] == "glos-pmo-programme-manager"


def test_both_ways_names_other_systems_and_within_system_stays_home(
    example_store: MemoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    day = dt.date(2024, 6, 1)
    wide = accountability_web(example_store, "glos-hospitals", direction="both", as_of=day)
    home = accountability_web(
        example_store, "glos-hospitals", direction="both", as_of=day, within_system=True
    )
    assert wide.metrics.home_systems == home.metrics.home_systems == ["glos"]
    # through CQC and NHS England, walking both ways reaches trusts and councils elsewhere
    assert {"luton-council", "nuh", "wy-icb"} <= set(wide.metrics.other_systems)
    assert not home.metrics.other_systems
    kept = {n.id for n in home.nodes}
    assert kept == {n.id for n in wide.nodes} - set(wide.metrics.other_systems)
    assert {"cqc", "nhse", "glos-icb"} <= kept  # national bodies and the home ICB stay
    assert all(e.source in kept and e.target in kept for e in home.edges)

    done = run_cli(capsys, "web", "glos-hospitals", "--direction", "both", "--as-of", "2024-06-01")
    assert f"{len(wide.metrics.other_systems)} of {len(wide.nodes)}" in done.out
    assert "--within-system" in done.out
    done = run_cli(
        capsys, "web", "glos-hospitals", "--direction", "both", "--within-system", "--json"
    )
    assert done.code == 0 and json.loads(done.out)["metrics"]["other_systems"] == []
