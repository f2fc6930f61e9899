"""Names and ids with quotes, markup and query syntax are data everywhere, stored and shown exactly.

One Governance carries every hostile string as a body name (and, without its control
characters, in the body's id), as the name of a decision type and in a citation locator.
It must round-trip exactly through the memory store, embedded Oxigraph, the Oxigraph
server, ArcadeDB over Bolt, YAML and every RDF format; appear exactly in the matrix and
web exports; and render as text only in every HTML page and in serve.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import networkx as nx
import pytest
import yaml

from icsgov.errors import InputError
from icsgov.graph.memory import MemoryStore
from icsgov.graph.rdf.io import FORMATS as RDF_FORMATS
from icsgov.graph.rdf.io import parse_rdf, serialize_rdf
from icsgov.graph.rdf.store import RdfStore
from icsgov.loaders.governance_yaml import parse_yaml
from icsgov.ontology import model as m
from icsgov.ontology.governance import Governance
from icsgov.queries.matrix import decision_matrix
from icsgov.queries.matrix_formats import render
from icsgov.queries.web import WebQuery, accountability_web
from icsgov.queries.web_export import FORMATS as WEB_FORMATS
from icsgov.queries.web_export import export_web
from icsgov.render.html_web import web_html
from icsgov.serve.app import App
from tests import bolt_server
from tests.oxigraph_server import OxigraphServer
from tests.test_neo4j_io import pull_from, push_to, run

arcadedb_server = bolt_server.arcadedb_server
bolt_target = bolt_server.bolt_target
bolt_database = bolt_server.bolt_database

HOSTILE = [
    'O\'Neil "quoted"',
    "back\\slash \\n \\u0041",
    "back`tick` and `}` and {braces} $param",
    "'}) MATCH (n) DETACH DELETE n //",
    '"} ; DROP GRAPH <x> ; INSERT DATA {',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "two\nlines\r\nand\ta tab",
    "ünïcødé – 保健 🏥 ‮rtl",
    "]]> --> <!-- &amp; &lt;",
]
MARKUP = ("<script", "<img", "<!--")


def body_id(text: str) -> str:
    # ids refuse control, invisible and bidirectional-override characters; names keep them
    return "b-" + "".join(
        "_" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text
    )


def hostile_governance() -> Governance:
    entities: list[m.Entity] = [
        m.Source(id="src", title=HOSTILE[4]),
        m.Footprint(id="eng", name="England", level=m.Level.NATIONAL),
        m.Footprint(id="sys", name="The system", level=m.Level.SYSTEM, part_of="eng"),
        m.Footprint(id="plc", name=HOSTILE[5], level=m.Level.PLACE, part_of="sys"),
        m.Organisation(id="icb", name="The ICB", kind=m.OrganisationKind.ICB, footprints=["sys"]),
        m.DecisionType(id="dec", name=HOSTILE[3]),
    ]
    for i, text in enumerate(HOSTILE):
        bid = body_id(text)
        cite = [m.Citation(source="src", locator=text)]
        entities += [
            m.Body(id=bid, name=text, kind=m.BodyKind.COMMITTEE, of=["icb"], sources=cite),
            m.DecisionRight(
                id=f"r{i}",
                holder=bid,
                decision="dec",
                footprint="plc",
                role=m.Role.DECIDES if i == 0 else m.Role.CONSULTED,
                basis=m.Basis.AGREED,
            ),
            m.AccountabilityLine(
                id=f"l{i}", actor=bid, answers_to="icb", kind=m.AccountabilityKind.MANAGERIAL
            ),
        ]
    return Governance.from_entities(entities)


GOV = hostile_governance()
BODIES = [body_id(t) for t in HOSTILE]


def test_the_data_is_hostile() -> None:
    names = {e.label for e in GOV}
    assert set(HOSTILE) <= names
    assert any("\n" in n for n in names) and any("<script>" in i for i in GOV.entities)


# --- stores -------------------------------------------------------------------------------


def test_memory_store_round_trip() -> None:
    store = MemoryStore(GOV)
    assert store.governance.entities == GOV.entities
    for text in HOSTILE:
        assert store.get(body_id(text)).label == text
    assert set(store.graph.nodes) == set(GOV.entities)


def test_embedded_oxigraph_round_trip() -> None:
    store = RdfStore.embedded().load(GOV)
    assert store.governance.entities == GOV.entities
    answer = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(answer.rows[0][0].value) <= 1


def test_oxigraph_server_round_trip(oxigraph_server: OxigraphServer) -> None:
    graph = "urn:icsgov:test:injection"
    store = RdfStore.remote(oxigraph_server.query_url, oxigraph_server.update_url, graph=graph)
    store.load(GOV)
    again = RdfStore.remote(oxigraph_server.query_url, graph=graph)
    assert again.governance.entities == GOV.entities
    everything = RdfStore.remote(oxigraph_server.query_url)
    answer = everything.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
        f'"{graph}#"))}}'
    )
    assert answer.rows[0][0].value == "0", "no staging left"


def test_bolt_round_trip_and_nothing_else(bolt_database: Any) -> None:
    push_to(bolt_database, GOV, batch_size=4)
    assert pull_from(bolt_database).entities == GOV.entities
    nodes = run(bolt_database, "MATCH (n) RETURN count(n) AS c")[0]["c"]
    entities = run(bolt_database, "MATCH (n:IcsgovEntity) RETURN count(n) AS c")[0]["c"]
    assert entities == len(GOV)
    assert nodes == entities + len(GOV.datasets), "no node other than what was pushed"
    assert run(bolt_database, "MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS c") == [
        {"c": 0}
    ]


def _yaml_text(gov: Governance) -> str:
    sections: dict[str, list[dict[str, Any]]] = {}
    for entity in gov:
        record = entity.model_dump(mode="json", exclude_defaults=True)
        sections.setdefault(type(entity).section, []).append(record)
    return yaml.safe_dump(sections, allow_unicode=True, sort_keys=False)


def test_yaml_round_trip() -> None:
    # YAML input refuses control characters in names (line breaks, tabs: issue #14), with
    # their place; everything else in the hostile strings goes through exactly
    with pytest.raises(InputError, match="control character"):
        parse_yaml(_yaml_text(GOV), "hostile.yaml")
    printable = Governance.from_entities(
        e.model_copy(update={"name": re.sub(r"[\x00-\x1f]", " ", e.name)})
        if isinstance(getattr(e, "name", None), str)
        else e
        for e in GOV
    )
    assert any(n.label != p.label for n, p in zip(GOV, printable, strict=True))
    assert parse_yaml(_yaml_text(printable), "hostile.yaml").entities == printable.entities


@pytest.mark.parametrize("fmt", sorted(set(RDF_FORMATS)))
def test_rdf_export_round_trip(fmt: str) -> None:
    assert parse_rdf(serialize_rdf(GOV, fmt), fmt).entities == GOV.entities


# --- exports --------------------------------------------------------------------------------


class TextOnly(HTMLParser):
    """Collects element names, attribute values and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.handlers: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [v or "" for _, v in attrs]
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def assert_inert(page: str, shown: list[str]) -> None:
    """No element or handler comes from data; each hostile name is shown as text."""
    parsed = TextOnly()
    parsed.feed(page)
    assert "img" not in parsed.tags
    for script in parsed.scripts:  # data inside a script is JSON with '<' escaped
        assert "<script" not in script.lower() and "</script" not in script.lower()
        assert "<img" not in script.lower()
    assert not parsed.handlers, "no event-handler attribute may appear"
    raw_data = page.replace("\r\n", "\n")
    for marker in MARKUP:
        for text in HOSTILE:
            if marker in text:
                assert text not in raw_data, f"{text!r} appears unescaped"
    text = " ".join(" ".join(parsed.text + parsed.attrs).split())
    data: set[str] = set()
    for script in parsed.scripts:
        try:
            data |= strings_in(json.loads(script))
        except ValueError:
            continue  # the page's own code
    for name in shown:
        assert " ".join(name.split()) in text or name in data, name


def strings_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(strings_in(k) | strings_in(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(strings_in(v) for v in value))
    return set()


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "xlsx", "json"])
def test_matrix_exports_show_names_exactly(fmt: str) -> None:
    matrix = decision_matrix(MemoryStore(GOV), "sys", by="body")
    out = render(matrix, fmt)
    if fmt == "csv":
        assert isinstance(out, str)
        cells = {c for row in csv.reader(io.StringIO(out)) for c in row}
        for text in HOSTILE:
            assert any(text in c for c in cells), text
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        assert isinstance(out, bytes)
        sheet = load_workbook(io.BytesIO(out)).worksheets[0]
        cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
        for text in HOSTILE:  # openpyxl keeps CR LF with lxml installed, else reads LF
            assert any(t in c for c in cells for t in (text, text.replace("\r\n", "\n"))), text
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    elif fmt == "html":
        assert isinstance(out, str)
        assert_inert(out, [])
    elif fmt == "json":
        assert isinstance(out, str)
        strings = strings_in(json.loads(out))
        for text in HOSTILE:
            assert any(text in s for s in strings), text
    else:  # Markdown table: one line per row, markup escaped so a viewer shows it as text
        assert isinstance(out, str)
        flat = " ".join(out.split())
        for text in HOSTILE:
            shown = html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")
            assert shown in flat, text
        assert "<script" not in out and "<img" not in out


def _web() -> Any:
    return accountability_web(MemoryStore(GOV), "icb", direction="down")


@pytest.mark.parametrize("fmt", sorted(WEB_FORMATS))
def test_web_exports_keep_names(fmt: str) -> None:
    text = export_web(_web(), fmt)
    if fmt in ("graphml", "gexf"):
        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        graph = reader(io.BytesIO(text.encode()))
        labels = {str(d.get("label")) for _, d in graph.nodes(data=True)}
        for name in HOSTILE:
            assert any(name.replace("\r", "") in lab.replace("\r", "") for lab in labels), name
    elif fmt == "cytoscape":
        labels = {str(e["data"].get("label")) for e in json.loads(text)["elements"]["nodes"]}
        assert set(HOSTILE) <= labels
    elif fmt == "dot":
        from icsgov.render.svg import dot_to_svg

        svg = dot_to_svg(text)
        root = ET.fromstring(svg.encode())
        shown = " ".join("".join(root.itertext()).split())
        for name in HOSTILE:
            assert " ".join(name.split())[:12] in shown, name
    else:
        for marker in MARKUP:
            assert not any(marker in t and t in text for t in HOSTILE)


def test_html_web_page_is_inert() -> None:
    page = web_html(MemoryStore(GOV), WebQuery("icb", direction="down"))
    assert_inert(page, HOSTILE)


@pytest.mark.parametrize(
    "target",
    [
        "/web?" + urlencode({"actor": "icb", "direction": "down"}),
        "/matrix?" + urlencode({"system": "sys", "by": "body"}),
        "/who-decides?" + urlencode({"decision": "dec", "at": "plc"}),
        "/who-decides?" + urlencode({"decision": HOSTILE[5], "at": HOSTILE[6]}),
        "/checks",
        "/web?" + urlencode({"actor": body_id(HOSTILE[5])}),
    ],
)
def test_serve_pages_are_inert(target: str) -> None:
    response = App(MemoryStore(GOV)).respond("GET", target)
    assert response.status in (200, 400, 404), response.status
    assert_inert(response.body.decode("utf-8"), [])
