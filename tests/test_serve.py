"""The local web UI over a real socket: read-only, JSON twins equal the library, no traversal."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.queries.checks import run_checks
from icsgov.queries.web import accountability_web
from icsgov.queries.who_decides import who_decides
from icsgov.serve.app import make_server

HOSTILE = "<img src=x onerror=alert(1)>"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> dict[str, object]:
        return dict(json.loads(self.body))


@pytest.fixture(scope="module")
def base(example_store: MemoryStore) -> Iterator[tuple[str, int]]:
    server = make_server(example_store, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield str(server.server_address[0]), int(server.server_address[1])
    server.shutdown()
    server.server_close()


def ask(base: tuple[str, int], path: str, method: str = "GET") -> Reply:
    connection = http.client.HTTPConnection(*base, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read().decode())
    finally:
        connection.close()


def test_binds_to_loopback_by_default(base: tuple[str, int]) -> None:
    assert base[0] == "127.0.0.1"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_write_methods_are_refused(base: tuple[str, int], method: str) -> None:
    reply = ask(base, "/web?actor=glos-icb", method)
    assert reply.status == 405 and reply.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%252e%252e/etc/passwd", "/..%5c..%5cetc"],
)
def test_path_traversal_is_rejected(base: tuple[str, int], path: str) -> None:
    reply = ask(base, path)
    assert reply.status == 400 and "root:" not in reply.body


def test_json_twins_are_the_library_answers(
    base: tuple[str, int], example_store: MemoryStore
) -> None:
    day = dt.date(2024, 6, 1)
    web = ask(base, f"/web.json?actor=glos-pmo-programme-manager&as_of={day}").json()
    expected = accountability_web(example_store, "glos-pmo-programme-manager", as_of=day)
    assert [n["id"] for n in web["nodes"]] == [n.id for n in expected.nodes]  # type: ignore[attr-defined]
    answer = ask(
        base,
        f"/who-decides.json?decision=commission-primary-medical&at=Gloucestershire&as_of={day}",
    ).json()
    lib = who_decides(example_store, "commission-primary-medical", "Gloucestershire", as_of=day)
    assert answer["summary"] == lib.summary
    checks = ask(base, f"/checks.json?as_of={day}").json()
    assert len(checks["findings"]) == len(run_checks(example_store, as_of=day).findings)  # type: ignore[arg-type]
    for page in (
        "/matrix.json?system=Gloucestershire",
        "/subsidiarity.json?system=Gloucestershire",
    ):
        reply = ask(base, page)
        assert reply.status == 200 and reply.headers["Content-Type"].startswith("application/json")


def test_every_page_answers_with_security_headers(base: tuple[str, int]) -> None:
    for page in ("/", "/who-decides", "/matrix", "/web", "/subsidiarity", "/checks", "/map"):
        reply = ask(base, page)
        assert reply.status == 200, page
        assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert "<form" in reply.body or page == "/"
    head = ask(base, "/checks", "HEAD")
    assert head.status == 200 and head.body == ""


def test_bad_parameters_are_400_and_unknown_names_404_with_suggestions(
    base: tuple[str, int],
) -> None:
    bad = ask(base, "/web.json?actor=glos-icb&as_of=yesterday")
    assert bad.status == 400 and "YYYY-MM-DD" in bad.json()["error"]  # type: ignore[operator]
    missing = ask(base, "/web.json")
    assert missing.status == 400 and "actor" in missing.json()["error"]  # type: ignore[operator]
    unknown = ask(base, "/web.json?actor=glos-ibc")
    assert unknown.status == 404 and unknown.json()["suggestions"]
    page = ask(base, "/web?actor=glos-ibc")
    assert page.status == 404 and "Did you mean" in page.body and "Traceback" not in page.body
    assert ask(base, "/nowhere").status == 404


def test_names_are_escaped_in_server_pages() -> None:
    store = MemoryStore(
        parse_yaml(
            f"""
footprints:
  - {{id: sys, name: "{HOSTILE}", level: system}}
organisations:
  - {{id: icb, name: "{HOSTILE}", kind: icb, footprints: [sys]}}
decision_types:
  - {{id: d, name: "{HOSTILE}"}}
decision_rights:
  - {{id: r, holder: icb, decision: d, footprint: sys, role: decides, basis: statutory}}
"""
        )
    )
    server = make_server(store, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        where = (str(server.server_address[0]), int(server.server_address[1]))
        for page in (
            "/who-decides?decision=d&at=sys",
            "/matrix?system=sys",
            "/web?actor=icb",
            "/record?id=icb",
            "/checks",
        ):
            reply = ask(where, page)
            assert reply.status == 200, (page, reply.body[:300])
            assert "<img" not in reply.body, page
    finally:
        server.shutdown()
        server.server_close()


def visible_text(page: str) -> str:
    """The page as read: tags, and their attributes (titles, links), taken out."""
    return re.sub(r"<[^>]*>", " ", page.split("<main>", 1)[1])


def test_answers_show_names_and_link_to_webs_and_records(base: tuple[str, int]) -> None:
    page = ask(base, "/who-decides?decision=commission-primary-medical&at=Gloucestershire").body
    # the delegation chain drawn: the holder in law, the delegation, who decides; each opens its web
    chain = re.search(r'<ol class="chain">(.*?)</ol>', page)
    assert chain, page
    assert re.findall(r'href="/web\?actor=([^"]+)"', chain.group(1)) == ["nhse", "glos-icb"]
    assert "delegation agreement" in chain.group(1)
    roles = page.split("<h2>Roles</h2>", 1)[1].split("</table>", 1)[0]
    assert '<a href="/web?actor=glos-icb"' in roles  # the holder in the answer opens its web

    # subsidiarity: places and deciders by name, not id
    page = ask(base, "/subsidiarity?system=Gloucestershire").body
    text = visible_text(page)
    assert "Forest of Dean" in text and "glos-forest-of-dean" not in text
    assert "glos-icb-resources" not in text and 'title="glos-icb-resources"' in page

    # a finding opens the records it cites
    finding = next(
        f
        for f in ask(base, "/checks.json").json()["findings"]  # type: ignore[attr-defined]
        if f["target"].startswith("r-")
    )
    page = ask(base, "/checks").body
    cited = set(re.findall(r'href="/record\?id=([^"]+)"', page))
    assert {finding["target"], *finding["related"]} <= cited
    record = ask(base, f"/record?id={finding['target']}")
    assert record.status == 200 and "Sources" in record.body
    assert "decision right" in visible_text(record.body).lower()
    twin = ask(base, f"/record.json?id={finding['target']}").json()
    assert twin["id"] == finding["target"] and twin["class"] == "decision right"
    assert ask(base, "/record?id=no-such-record").status == 404


def test_the_web_page_shows_logged_decisions_beside_each_body(base: tuple[str, int]) -> None:
    """The bundled (illustrative) log: the resources committee took RC/23/041 and RC/23/057
    under the board's delegation; the board's own decisions are listed beside the board."""
    web = ask(base, "/web.json?actor=glos-icb-resources&as_of=2024-06-01").json()
    taken = web["decisions"]
    assert isinstance(taken, dict)
    assert [d["reference"] for d in taken["glos-icb-resources"]] == ["RC/23/057", "RC/23/041"]
    assert {d["taken_by"] for d in taken["glos-icb-board"] if not d["by_delegate"]} == {
        "glos-icb-board"
    }
    assert len(taken["glos-icb-board"]) == 5  # five by default
    none = ask(base, "/web.json?actor=glos-icb-resources&decisions=0").json()
    assert "decisions" not in none  # asked for none
    page = ask(base, "/web?actor=glos-icb-resources&as_of=2024-06-01")
    assert page.status == 200 and "RC/23/057" in page.body
