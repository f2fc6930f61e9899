"""The accountability web as one self-contained HTML file that opens anywhere, offline.

The page carries everything it needs: the script and style are package data
of icsgov (``icsgov/render/assets/``), written for this page with no third
-party library, and the web itself is JSON inside ``<script
type="application/json">``. A Content-Security-Policy meta tag forbids every
network request (``default-src 'none'``; the one script is allowed by its
SHA-256 hash), so "nothing leaves the machine" is a property of the page, not
a promise. Why a small canvas renderer and not a library:
``docs/decisions/0004-offline-web-rendering.md``.

The web is walked for every date (``as_of=None``) and each node and line
carries its ``valid_from``/``valid_to``; the page's date control then shows
the web as it stood on the chosen day by walking again, in the browser, from
the actor over the lines valid that day (the same breadth-first walk as
:func:`icsgov.queries.web.accountability_web`). Positions are worked out
here, once, by a layered layout (national at the top, neighbourhood at the
bottom), so the browser only draws.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... organisations:
...   - {id: icb, name: "<img src=x onerror=alert(1)>", kind: icb}
...   - {id: council, name: Council, kind: unitary_authority}
... accountability:
...   - {id: l1, actor: icb, answers_to: council, kind: mutual}
... '''))
>>> page = web_html(store, WebQuery("icb"))
>>> "<img" in page, "\\\\u003cimg src=x" in page
(False, True)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from importlib import resources
from typing import Any

from icsgov.errors import NotFound
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    LEVEL_RANK,
    Body,
    Citation,
    Entity,
    Footprint,
    Level,
    Organisation,
    Post,
    Source,
)
from icsgov.queries.web import AccountabilityWeb, WebQuery
from icsgov.render.web_layout import layered_layout

__all__ = [
    "SCRIPT_HASH",
    "cited_sources",
    "content_security_policy",
    "entity_attributes",
    "layout",
    "page_html",
    "script_json",
    "web_data",
    "web_html",
]

_ASSETS = resources.files("icsgov.render") / "assets"
_SCRIPT = (_ASSETS / "web.js").read_text(encoding="utf-8")
_STYLE = (_ASSETS / "web.css").read_text(encoding="utf-8")
_TEMPLATE = (_ASSETS / "web.html").read_text(encoding="utf-8")

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
"""The CSP source that allows the page's one inline script and nothing else."""


def content_security_policy(form_action: str = "'none'") -> str:
    """The page's policy: no network at all; only its own script, inline style and data: images.

    >>> "default-src 'none'" in content_security_policy()
    True
    """
    return (
        "default-src 'none'; "
        f"script-src '{SCRIPT_HASH}'; "
        "style-src 'unsafe-inline'; "
        "img-src data:; "
        "connect-src 'none'; "
        "base-uri 'none'; "
        f"form-action {form_action}"
    )


def script_json(payload: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no name can close it or break it.

    ``<``, ``>``, ``&`` and the line separators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, which JSON.parse reads back unchanged.

    >>> script_json({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(payload, ensure_ascii=False, default=_json_default)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def web_html(
    store: GraphStore,
    query: WebQuery,
    *,
    nav: Iterable[tuple[str, str]] = (),
    form_action: str = "'none'",
) -> str:
    """The interactive page for the web ``query`` asks about; the date control starts at its date.

    The web is walked for every date, so the page can show any day. ``nav`` adds
    links (text, href) at the top, for the local web UI. The page carries the
    dates the data covers (``coverage``) and, under its heading, the caveat when
    the date asked is outside them.
    """
    from icsgov.queries.coverage import with_coverage

    web = replace(query, as_of=None).answer(store)
    data = with_coverage(web_data(store, web, query.as_of), store, query.as_of)
    return page_html(data, nav=nav, form_action=form_action)


def page_html(
    data: dict[str, Any], *, nav: Iterable[tuple[str, str]] = (), form_action: str = "'none'"
) -> str:
    """Fill the page template with ``data`` (as made by :func:`web_data`, with any ``caveats``)."""
    import html

    links = "".join(
        f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>' for text, href in nav
    )
    values = {
        "{{CSP}}": html.escape(content_security_policy(form_action), quote=True),
        "{{TITLE}}": html.escape(f"Accountability web of {_one_line(data['actor_label'])}"),
        "{{NAV}}": f'<nav class="nav">{links}</nav>' if links else "",
        # the caveat for the date asked; the script redoes it when the date control moves
        "{{CAVEAT}}": '<p id="caveat" class="caveat" role="note"'
        + "".join(f">Note: {html.escape(c)}" for c in (data.get("caveats") or [])[:1])
        + ("" if data.get("caveats") else " hidden>")
        + "</p>",
        "{{STYLE}}": _STYLE,
        "{{DATA}}": script_json(data),
        "{{SCRIPT}}": _SCRIPT,
    }
    # One pass over the template: nothing inside a value is ever expanded again.
    return re.sub(r"\{\{[A-Z]+\}\}", lambda m: values[m.group(0)], _TEMPLATE)


def web_data(
    store: GraphStore, web: AccountabilityWeb, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Nodes and lines with levels, dates, attributes, sources and a position each."""
    entities = {node.id: store.get(node.id) for node in web.nodes}
    levels = {node_id: _level(store, entity) for node_id, entity in entities.items()}
    placed = layered_layout(levels, [(e.source, e.target) for e in web.edges])
    elsewhere = set(web.metrics.other_systems)
    positions = placed.positions
    nodes = []
    for node in web.nodes:
        entity = entities[node.id]
        x, y = positions[node.id]
        nodes.append(
            {
                "id": node.id,
                "label": node.label,
                "cls": node.cls,
                "kind": node.kind,
                "level": levels[node.id],
                "elected": node.elected,
                "illustrative": entity.illustrative,
                "valid_from": entity.valid_from,
                "valid_to": entity.valid_to,
                "x": round(x, 1),
                "y": round(y, 1),
                "side": placed.label_side.get(node.id, "below"),
                "elsewhere": node.id in elsewhere,
                "attrs": entity_attributes(entity),
                "sources": cited_sources(store, entity.sources),
                "decisions": _decisions(web, node.id),
            }
        )
    edges = []
    for edge, route in zip(web.edges, placed.routes, strict=True):
        attrs = [["id", edge.id], ["kind", edge.kind], ["formal", "yes" if edge.formal else "no"]]
        if edge.derived:
            attrs.append(["derived", "yes (a delegate answers to its delegator)"])
        if edge.basis:
            attrs.append(["basis", edge.basis])
        edges.append(
            {
                "id": edge.id,
                "source": edge.source,
                "target": edge.target,
                "kind": edge.kind,
                "derived": edge.derived,
                "formal": edge.formal,
                "valid_from": edge.valid_from,
                "valid_to": edge.valid_to,
                "route": [[round(x, 1), round(y, 1)] for x, y in route],
                "attrs": attrs,
                "sources": cited_sources(
                    store,
                    [
                        Citation(source=s["source"] or "", locator=s["locator"])
                        for s in edge.sources
                        if s["source"]
                    ],
                ),
            }
        )
    return {
        "actor": web.actor,
        "actor_label": entities[web.actor].label,
        "direction": web.direction,
        "home_systems": [store.get(s).label for s in web.metrics.home_systems],
        "depth": web.depth,
        "as_of": as_of,
        "levels": [level.value for level in Level],
        "nodes": nodes,
        "edges": edges,
        "groups": placed.groups,
    }


def _decisions(web: AccountabilityWeb, actor: str) -> list[dict[str, Any]] | None:
    """The logged decisions beside an actor's authority, as the details panel lists them
    (``None``: the page was not asked for decisions)."""
    if web.decisions is None:
        return None
    from icsgov.queries.tables import web_decisions_table

    taken = web.decisions.get(actor, [])
    table = web_decisions_table(taken)
    return [
        {"illustrative": d.illustrative, **dict(zip(table.headers, row, strict=True))}
        for d, row in zip(taken, table.rows, strict=True)
    ]


def layout(
    levels: dict[str, str | None], edges: Iterable[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """Positions for a layered picture: one band per level, national at the top.

    The full drawing (bend points of lines, groups) is
    :func:`icsgov.render.web_layout.layered_layout`.

    >>> pos = layout({"a": "national", "b": "place", "c": "place"}, [("b", "a")])
    >>> pos["a"][1] < pos["b"][1], pos["b"][1] == pos["c"][1]
    (True, True)
    """
    return layered_layout(levels, list(edges)).positions


def _level(store: GraphStore, entity: Entity, seen: frozenset[str] = frozenset()) -> str | None:
    """The level an actor works at: its footprint's, or its organisation's (the broadest)."""
    if isinstance(entity, Footprint):
        return entity.level.value
    if entity.id in seen:
        return None
    if isinstance(entity, Organisation):
        refs = entity.footprints
    elif isinstance(entity, Body):
        refs = [entity.footprint] if entity.footprint else entity.of
    elif isinstance(entity, Post):
        refs = entity.post_in
    else:
        return None
    found: list[str] = []
    for ref in refs:
        try:
            level = _level(store, store.get(ref), seen | {entity.id})
        except NotFound:
            continue
        if level is not None:
            found.append(level)
    return max(found, key=lambda lv: LEVEL_RANK[Level(lv)]) if found else None


def entity_attributes(entity: Entity) -> list[list[str]]:
    """The entity's fields as (name, text) pairs, for the details panel."""
    pairs = [["class", entity.kind_name], ["id", entity.id]]
    dumped = entity.model_dump(mode="json", exclude={"id", "sources"})
    for key, value in dumped.items():
        if value in (None, [], {}, "") or (key == "illustrative" and value is False):
            continue
        pairs.append([key.replace("_", " "), _text(value)])
    return pairs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        if "scheme" in value and "value" in value:
            return f"{value['scheme']}: {value['value']}"
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if v is not None)
    return str(value)


def cited_sources(store: GraphStore, citations: Iterable[Citation]) -> list[dict[str, str | None]]:
    found = []
    for citation in citations:
        title, url = citation.source, None
        try:
            source = store.get(citation.source)
        except NotFound:
            source = None
        if isinstance(source, Source):
            title, url = source.title, source.url
        found.append(
            {"source": citation.source, "title": title, "locator": citation.locator, "url": url}
        )
    return found


def _one_line(text: str) -> str:
    return " ".join(text.replace("\u2028", " ").replace("\u2029", " ").split())


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
