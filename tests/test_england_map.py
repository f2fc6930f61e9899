"""The map of England's ICBs: shipped boundaries, colours, ``map`` and ``where --format html``."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.render.england_map import icb_map, icbs_for, map_svg
from icsgov.render.map_coverage import STATUS_COLOURS, icb_coverage
from tests.cli_helpers import run_cli


def picked(page: str) -> list[str]:
    """The ICBs drawn strongly: the data-icb of each element holding a 'picked' shape."""
    return re.findall(r'data-icb="(E54\d+)"><title>[^<]*</title><path [^>]*class="picked"', page)


def test_the_shipped_map_is_small_attributed_and_has_the_36_icbs_of_april_2026() -> None:
    asset = resources.files("icsgov.render") / "assets" / "england_icb_2026.json"
    assert len(asset.read_bytes()) < 60_000
    data = icb_map()
    codes = [f["code"] for f in data["features"]]
    assert len(codes) == len(set(codes)) == 36
    assert len({f["region"] for f in data["features"]}) == 7
    assert "Crown copyright" in data["attribution"] and "Open Government" in data["attribution"]
    for feature in data["features"]:
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", feature["path"]), feature["code"]
    names = {f["ods"]: f["name"] for f in data["features"]}
    assert names["S1Y5D"] == "NHS Central East Integrated Care Board"


def test_an_icb_since_merged_is_found_in_its_2026_successor() -> None:
    assert icbs_for(["QHG"]) == icbs_for(["S1Y5D"]) == icbs_for(["e54000065"]) == ["E54000065"]
    assert icbs_for(["QR1"]) == ["E54000043"]  # unchanged on 1 April 2026
    assert icbs_for(["QJG"]) == ["E54000066", "E54000068"]  # split between Essex and Norfolk
    assert icbs_for(["nothing"]) == []


def test_svg_escapes_and_highlights() -> None:
    svg = map_svg(highlight=["E54000043"], titles={"E54000043": "<b>x</b>"})
    assert svg.count("<path") == 36 and "<b>" not in svg and "&lt;b&gt;" in svg
    assert picked(svg) == ["E54000043"]


def test_coverage_says_which_icbs_the_example_describes(example_store: MemoryStore) -> None:
    cover = icb_coverage(example_store)
    described = {code for code, entry in cover.items() if entry["systems"]}
    # Gloucestershire, Dorset, Lincolnshire, West Yorkshire, Nottingham and Nottinghamshire,
    # and BLMK (in Central East since April 2026)
    assert described == {
        "E54000043",
        "E54000041",
        "E54000013",
        "E54000054",
        "E54000060",
        "E54000065",
    }
    assert cover["E54000065"]["systems"] == ["Bedfordshire, Luton and Milton Keynes"]
    assert all(cover[c]["status"] == "local scheme" for c in described)
    assert cover["E54000008"] == {
        "status": "not in the data",
        "systems": [],
        "system_ids": [],
        "rights": 0,
    }


def test_where_luton_as_html_highlights_central_east(capsys: pytest.CaptureFixture[str]) -> None:
    done = run_cli(capsys, "where", "Luton", "--format", "html")
    assert done.code == 0, done.err
    assert picked(done.out) == ["E54000065"]
    answer = re.search(r'<p id="where-answer">(.*?)</p>', done.out)
    assert answer and "Luton" in answer.group(1)
    assert "NHS Central East Integrated Care Board" in answer.group(1)
    assert "April 2026 ICB boundaries" in done.out
    assert not re.search(r"(src|href)=\"(https?:)?//", done.out)  # nothing to fetch


def test_map_command_colours_by_data_and_refuses_an_unknown_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    done = run_cli(capsys, "map", "--colour", "data", "--highlight", "QR1", "--format", "svg")
    assert done.code == 0, done.err
    glos = re.search(
        r'data-icb="E54000043"><title>[^<]*</title><path [^>]*fill="([^"]+)"', done.out
    )
    assert glos and glos.group(1) == STATUS_COLOURS["local scheme"]
    assert picked(done.out) == ["E54000043"]
    assert "<a " not in done.out  # the SVG alone links nowhere
    bad = run_cli(capsys, "map", "--highlight", "XX9")
    assert bad.code == 2 and "XX9" in bad.err


def test_where_on_an_earlier_date_says_it_is_drawn_on_2026_boundaries(
    capsys: pytest.CaptureFixture[str],
) -> None:
    done = run_cli(capsys, "where", "Luton", "--as-of", "2025-01-01", "--format", "html")
    assert done.code == 0, done.err
    assert picked(done.out) == ["E54000065"]
    answer = re.search(r'<p id="where-answer">(.*?)</p>', done.out)
    assert answer and "(QHG)" in answer.group(1) and "(S1Y5D) (April 2026)" in answer.group(1)
