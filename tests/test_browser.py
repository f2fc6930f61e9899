"""The accountability web and the local UI in a real headless Chromium: nothing leaves the machine.

Debian's chromium driven by Playwright (no browser download: executable_path).
Every request the page makes is recorded and must go to the file or the local
server. ``make test`` installs chromium (``make test-deps``), so a machine
without it fails these tests with a message saying so, rather than skipping them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright

from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.queries.web import WebQuery, accountability_web
from icsgov.render.html_web import web_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "images" / "accountability-web.png"
ACTOR, AS_OF = "glos-pmo-programme-manager", dt.date(2024, 6, 1)
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module", autouse=True)
def _chromium_installed() -> None:
    assert Path(CHROMIUM).exists(), f"no {CHROMIUM}: run 'make test-deps' (Debian chromium)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with every request, console error and dialog recorded."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 860})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def only_local(self, allowed: str) -> None:
        strays = [u for u in self.requests if not u.startswith(allowed)]
        assert not strays, f"requests left the machine: {strays}"
        assert not self.errors, self.errors

    def shown(self) -> tuple[int, int]:
        status = self.page.locator("#status")
        return int(status.get_attribute("data-nodes")), int(status.get_attribute("data-edges"))


def open_file(browser: Any, path: Path) -> Watched:
    watched = Watched(browser)
    watched.page.goto(path.as_uri())
    watched.page.wait_for_selector("body[data-ready='1']", timeout=15000)
    return watched


def test_exported_web_filters_moves_in_time_and_shows_details(
    browser: Any, example_store: MemoryStore, tmp_path: Path
) -> None:
    path = tmp_path / "web.html"
    path.write_text(web_html(example_store, WebQuery(ACTOR, as_of=AS_OF)), encoding="utf-8")
    w = open_file(browser, path)
    on_the_day = accountability_web(example_store, ACTOR, as_of=AS_OF)
    assert w.shown() == (len(on_the_day.nodes), len(on_the_day.edges))

    # filter by kind: the page walks again as 'icsgov web --kinds' would
    kinds = sorted({e.kind for e in on_the_day.edges})
    w.page.uncheck(f"input[data-kind='{kinds[0]}']")
    without = accountability_web(example_store, ACTOR, as_of=AS_OF, kinds=kinds[1:])
    assert w.shown() == (len(without.nodes), len(without.edges))
    w.page.check(f"input[data-kind='{kinds[0]}']")

    # move the date: the web as it stood on another day
    earlier = dt.date(2021, 6, 1)
    w.page.fill("#asof", earlier.isoformat())
    then = accountability_web(example_store, ACTOR, as_of=earlier)
    assert w.shown() == (len(then.nodes), len(then.edges))
    assert w.shown() != (len(on_the_day.nodes), len(on_the_day.edges))
    w.page.fill("#asof", AS_OF.isoformat())

    # click a node and read its details, then a line and its sources
    target = on_the_day.metrics.answers_to[0]
    point = w.page.evaluate(f"window.icsgovWeb.nodePoint({target!r})")
    w.page.mouse.click(point["x"], point["y"])
    details = w.page.locator("#details")
    assert details.get_attribute("data-selected") == f"node:{target}"
    name = example_store.get(target).label
    assert details.locator("h2").inner_text() == name
    assert target in details.inner_text()
    edge = next(e for e in on_the_day.edges if e.sources)
    point = w.page.evaluate(f"window.icsgovWeb.edgePoint({edge.id!r})")
    w.page.mouse.click(point["x"], point["y"])
    assert details.get_attribute("data-selected") == f"edge:{edge.id}"
    source = example_store.get(edge.sources[0]["source"] or "")
    assert getattr(source, "title", "") in details.inner_text()

    # search finds and selects
    w.page.fill("#search", name[:12])
    w.page.press("#search", "Enter")
    assert details.get_attribute("data-selected", timeout=2000).startswith("node:")

    w.page.fill("#search", "")
    w.page.locator("#fit").click()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    w.page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
    w.only_local(path.as_uri())


def test_a_hostile_name_renders_as_text(browser: Any, tmp_path: Path) -> None:
    store = MemoryStore(
        parse_yaml(
            f"""
organisations:
  - {{id: evil, name: "{HOSTILE}", kind: icb}}
  - {{id: council, name: Council, kind: unitary_authority}}
accountability:
  - {{id: l1, actor: evil, answers_to: council, kind: mutual}}
"""
        )
    )
    path = tmp_path / "hostile.html"
    path.write_text(web_html(store, WebQuery("evil")), encoding="utf-8")
    w = open_file(browser, path)
    point = w.page.evaluate("window.icsgovWeb.nodePoint('evil')")
    w.page.mouse.click(point["x"], point["y"])
    assert w.page.locator("#details h2").inner_text() == HOSTILE
    assert w.page.locator("#title").inner_text().endswith(HOSTILE)
    assert w.page.locator("img").count() == 0
    w.page.fill("#search", "img")
    assert w.page.locator("#results button").first.inner_text() == HOSTILE
    assert not w.dialogs
    w.only_local(path.as_uri())


def test_a_bodys_decisions_show_beside_its_authority_as_text(browser: Any, tmp_path: Path) -> None:
    import yaml

    from icsgov.loaders import load
    from tests.test_audit import DATA, HOSTILE_TITLE, web_log

    log = tmp_path / "log.yaml"
    log.write_text(yaml.safe_dump({"decision_log": web_log()}, sort_keys=False), "utf-8")
    store = MemoryStore(load([DATA, log]))
    path = tmp_path / "decisions.html"
    path.write_text(web_html(store, WebQuery("capex", decisions=5)), encoding="utf-8")
    w = open_file(browser, path)

    def details_of(actor: str) -> Any:
        point = w.page.evaluate(f"window.icsgovWeb.nodePoint({actor!r})")
        w.page.mouse.click(point["x"], point["y"])
        details = w.page.locator("#details")
        assert details.get_attribute("data-selected") == f"node:{actor}"
        return details

    # any date: the board's own two decisions and the one its delegate took, latest first
    details = details_of("board")
    assert "Decisions taken by it or under its rights (3)" in details.inner_text()
    items = details.locator("ul.decisions li strong").all_inner_texts()
    assert items == [
        "2023-09-05 Approve a capital scheme",
        f"2023-03-01 {HOSTILE_TITLE}",
        "2023-02-05 Approve a capital scheme",
    ]
    assert "by Capital panel (delegate), £3m; ok" in details.inner_text()
    assert w.page.locator("#details img, #details script").count() == 0
    # the date control: only what had been decided by then
    w.page.fill("#asof", "2023-02-10")
    details = details_of("board")
    assert "Decisions taken by it or under its rights (1)" in details.inner_text()
    assert "ICB/23/9" in details.inner_text()
    assert not w.dialogs
    w.only_local(path.as_uri())


def synthetic(n: int) -> MemoryStore:
    """A web of n organisations: n-1 trusts answering to one of 20 ICBs or to NHS England."""
    lines = ["organisations:", "  - {id: nhse, name: NHS England, kind: nhs_england}"]
    lines += [f"  - {{id: o{i}, name: Org {i}, kind: nhs_trust}}" for i in range(1, n)]
    lines.append("accountability:")
    lines += [
        f"  - {{id: l{i}, actor: o{i}, answers_to: {'nhse' if i <= 20 else f'o{i % 20 + 1}'}, "
        f"kind: {'statutory' if i % 2 else 'contractual'}}}"
        for i in range(1, n)
    ]
    return MemoryStore(parse_yaml("\n".join(lines)))


def test_large_webs_draw_every_node(browser: Any, tmp_path: Path) -> None:
    """Webs of 500 and 5,000 nodes are drawn whole (how fast is for benchmarks, not tests)."""
    for n in (500, 5000):
        path = tmp_path / f"web{n}.html"
        path.write_text(
            web_html(synthetic(n), WebQuery("nhse", direction="down")), encoding="utf-8"
        )
        w = open_file(browser, path)
        assert w.shown()[0] == n
        w.only_local(path.as_uri())


# Crossings with the layout before issue #21 (rows by level and distance, lines straight or
# bowed), counted the same way on the same webs: docs/visualise.md records both figures.
CROSSINGS_BEFORE = {"glos-hospitals": 69, "synthetic-300": 15585}
BUNDLED_WEBS = {
    # The 34-node web of Gloucestershire Hospitals (both directions, as of 1 June 2024).
    "glos-hospitals": (None, "glos-hospitals", "both", AS_OF),
    # A 300-node synthetic web: 20 trusts under NHS England, 279 under those.
    "synthetic-300": (300, "nhse", "down", None),
}
LABEL_BOXES = """() => {
  const boxes = [...document.querySelectorAll('#labels .label')]
    .filter(e => getComputedStyle(e).display !== 'none')
    .map(e => e.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
    }
  const centres = window.icsgovWeb.shown().nodes.map(id => window.icsgovWeb.nodePoint(id));
  const covered = centres.filter(p => boxes.some(
    b => p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom)).length;
  return {shown: boxes.length, overlaps: overlaps, covered: covered};
}"""


@pytest.mark.parametrize("name", sorted(BUNDLED_WEBS))
def test_bundled_webs_have_no_overlapping_labels_and_fewer_crossings(
    browser: Any, example_store: MemoryStore, tmp_path: Path, name: str
) -> None:
    from icsgov.render.web_layout import count_crossings

    size, actor, direction, as_of = BUNDLED_WEBS[name]
    store = example_store if size is None else synthetic(size)
    path = tmp_path / f"{name}.html"
    path.write_text(
        web_html(store, WebQuery(actor, direction=direction, as_of=as_of)), encoding="utf-8"
    )
    w = open_file(browser, path)
    shown_nodes, _ = w.shown()
    assert shown_nodes == len(
        accountability_web(store, actor, direction=direction, as_of=as_of).nodes
    )

    # At the default zoom: labels are real boxes in the page, and none overlaps another.
    labels = w.page.evaluate(LABEL_BOXES)
    assert labels["overlaps"] == 0 and labels["covered"] == 0, labels  # nor hides a shape
    if size is None:  # a small web: most labels readable without zooming
        assert labels["shown"] >= 0.8 * shown_nodes, labels
    else:
        assert labels["shown"] >= 30, labels

    # Long names are wrapped to two lines; the full name is on hover.
    longest = max(
        (n for n in accountability_web(store, actor, direction=direction, as_of=as_of).nodes),
        key=lambda n: len(n.label),
    )
    w.page.evaluate(f"window.icsgovWeb.centre({longest.id!r})")
    label = w.page.locator(f"#labels .label[data-id={json.dumps(longest.id)}]")
    assert label.locator("br").count() <= 1 and len(label.inner_text().splitlines()) <= 2
    point = w.page.evaluate(f"window.icsgovWeb.nodePoint({longest.id!r})")
    w.page.mouse.move(point["x"], point["y"])
    assert w.page.locator("#web").get_attribute("title") == longest.label

    # Every label can be read: centred on its node at a readable zoom, it is shown.
    ids = w.page.evaluate("window.icsgovWeb.shown().nodes")
    for node_id in ids if size is None else ids[:: max(1, len(ids) // 25)]:
        w.page.evaluate(f"window.icsgovWeb.centre({node_id!r})")
        label = w.page.locator(f"#labels .label[data-id={json.dumps(node_id)}]")
        assert label.is_visible(), node_id
        assert w.page.evaluate(LABEL_BOXES)["overlaps"] == 0, node_id

    if name == "glos-hospitals":  # "stay within Gloucestershire" walks as --within-system does
        w.page.check("#within")
        home = accountability_web(
            store, actor, direction=direction, as_of=as_of, within_system=True
        )
        assert w.shown() == (len(home.nodes), len(home.edges))
        assert w.page.evaluate(LABEL_BOXES)["overlaps"] == 0
        w.page.uncheck("#within")

    # The lines as drawn cross far less often than before.
    lines = w.page.evaluate("window.icsgovWeb.lines()")
    crossings = count_crossings([[tuple(p) for p in line] for line in lines])
    assert crossings <= CROSSINGS_BEFORE[name] * 0.6, crossings
    if name == "glos-hospitals":
        w.page.locator("#fit").click()
        w.page.screenshot(path=str(SCREENSHOT.with_name("accountability-web-glos-hospitals.png")))
    w.only_local(path.as_uri())


MAP_SHAPES = """() => [...document.querySelectorAll('svg.england [data-icb]')].map(g => {
  const box = g.getBoundingClientRect();
  return {code: g.getAttribute('data-icb'), area: box.width * box.height,
          picked: !!g.querySelector('path.picked')};
})"""


def test_the_map_and_where_luton_render_offline(
    browser: Any, example_store: MemoryStore, tmp_path: Path
) -> None:
    from icsgov.loaders.reference import read_reference
    from icsgov.queries.where import where
    from icsgov.render.england_map import map_html, where_html

    path = tmp_path / "england.html"
    path.write_text(map_html("England"), encoding="utf-8")
    w = Watched(browser)
    w.page.goto(path.as_uri())
    shapes = w.page.evaluate(MAP_SHAPES)
    assert len({s["code"] for s in shapes}) == 36
    assert all(s["area"] > 4 for s in shapes), [s for s in shapes if s["area"] <= 4]
    # a click on an ICB goes to its entry in the table below the map
    w.page.locator("svg.england [data-icb='E54000043']").click()
    assert w.page.evaluate("location.hash") == "#icb-E54000043"
    assert "QR1" in w.page.locator("#icb-E54000043").inner_text()
    w.only_local(path.as_uri())

    luton = tmp_path / "luton.html"
    luton.write_text(where_html(where(read_reference(), "Luton").to_dict()), encoding="utf-8")
    w = Watched(browser)
    w.page.goto(luton.as_uri())
    shapes = w.page.evaluate(MAP_SHAPES)
    assert [s["code"] for s in shapes if s["picked"]] == ["E54000065"]
    assert "NHS Central East" in w.page.locator("#where-answer").inner_text()
    w.page.screenshot(path=str(SCREENSHOT.with_name("where-luton.png")), full_page=False)
    w.only_local(luton.as_uri())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The real 'icsgov serve' on a free port, as a separate process."""
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "icsgov"), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        deadline, url = time.monotonic() + 30, None
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            url = found.group(0) if found else None
        assert url, "icsgov serve did not start"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def test_served_pages_work_offline(browser: Any, server: str, example_store: MemoryStore) -> None:
    w = Watched(browser)
    w.page.goto(f"{server}web?actor={ACTOR}&as_of={AS_OF}")
    w.page.wait_for_selector("body[data-ready='1']", timeout=15000)
    on_the_day = accountability_web(example_store, ACTOR, as_of=AS_OF)
    assert w.shown() == (len(on_the_day.nodes), len(on_the_day.edges))
    w.page.get_by_role("link", name="Who decides").click()
    w.page.fill("#f-decision", "commission-primary-medical")
    w.page.fill("#f-at", "Gloucestershire")
    w.page.get_by_role("button", name="Show").click()
    assert "NHS England" in w.page.locator("main").inner_text()
    # the chain is drawn, and a body in it opens its own web
    w.page.locator("ol.chain a", has_text="NHS England").click()
    w.page.wait_for_selector("body[data-ready='1']", timeout=15000)
    assert w.page.locator("#title").inner_text() == "Accountability web of NHS England"
    pages = ("matrix?system=Gloucestershire", "subsidiarity?system=Gloucestershire", "checks")
    for page in (*pages, "record?id=r-glos-icb-primary-medical"):
        response = w.page.goto(server + page)
        assert response.status == 200, page
        assert w.page.locator("table").count() >= 1

    # the map: all 36 ICBs; a click opens the ICB's details, which link to its matrix
    w.page.get_by_role("link", name="Map").click()
    w.page.select_option("#f-colour", "data")
    w.page.get_by_role("button", name="Show").click()
    assert len(w.page.evaluate(MAP_SHAPES)) == 36
    w.page.locator("svg.england [data-icb='E54000043']").click()
    w.page.wait_for_url("**/map?*icb=E54000043*")
    details = w.page.locator("#icb-details")
    assert "QR1" in details.inner_text() and "local scheme" in details.inner_text()
    w.page.screenshot(path=str(SCREENSHOT.with_name("england-map.png")))
    details.get_by_role("link", name="decision matrix").click()
    assert "Gloucestershire" in w.page.locator("main").inner_text()
    assert w.page.locator("table").count() >= 1
    w.only_local(server)


def test_the_web_page_says_when_the_date_shown_is_beyond_the_data(
    browser: Any, tmp_path: Path
) -> None:
    """The caveat follows the date control: the server's words for the date asked, hidden for
    a date inside the data, back (naming the dates covered) for another date outside."""
    from icsgov.loaders import load
    from tests.test_exact_answers import RIVERSIDE

    data = tmp_path / "riverside.yaml"
    data.write_text(RIVERSIDE, encoding="utf-8")
    store = MemoryStore(load([data]))
    path = tmp_path / "web.html"
    query = WebQuery("brook-cttee", as_of=dt.date(2027, 1, 1))
    path.write_text(web_html(store, query), encoding="utf-8")
    w = open_file(browser, path)
    caveat = w.page.locator("#caveat")
    assert caveat.is_visible()
    assert "after the last date it describes (2026-03-31)" in caveat.inner_text()
    w.page.fill("#asof", "2024-01-01")
    assert caveat.get_attribute("data-outside") == "0" and not caveat.is_visible()
    w.page.fill("#asof", "2021-05-05")
    assert caveat.is_visible()
    assert "2021-05-05 is outside the dates the data describes (2022-07-01 to 2026-03-31)" in (
        caveat.inner_text()
    )
    w.only_local(path.as_uri())
