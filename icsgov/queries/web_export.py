"""Write an accountability web in the formats people already use.

GraphML and GEXF (Gephi, yEd) through networkx's own writers, so the files
are valid XML that networkx reads back; DOT (Graphviz) and Mermaid as text;
Cytoscape JSON (``elements`` with ``nodes`` and ``edges``). Every name is
escaped for its format: quotes and backslashes in DOT, entity codes in
Mermaid, XML escaping by the XML writers.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> from icsgov.queries.web import accountability_web
>>> store = MemoryStore(parse_yaml('''
... organisations:
...   - {id: a, name: 'Trust "A"', kind: nhs_trust}
...   - {id: b, name: B, kind: icb}
... accountability:
...   - {id: l1, actor: a, answers_to: b, kind: contractual}
... '''))
>>> print(to_dot(accountability_web(store, "a")))  # doctest: +NORMALIZE_WHITESPACE
digraph accountability {
  rankdir=BT;
  "a" [label="Trust \\"A\\""];
  "b" [label="B"];
  "a" -> "b" [label="contractual"];
}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from icsgov.errors import QueryError
from icsgov.queries.web import AccountabilityWeb

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "FORMATS",
    "export_web",
    "to_cytoscape",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_mermaid",
    "to_networkx",
]


def to_networkx(web: AccountabilityWeb) -> nx.MultiDiGraph:
    """The web as a networkx MultiDiGraph with plain (string, int, bool) attributes."""
    import networkx as nx

    graph = nx.MultiDiGraph(name=f"accountability web of {web.actor}")
    for node in web.nodes:
        graph.add_node(
            node.id,
            label=node.label,
            cls=node.cls,
            kind=node.kind or "",
            distance=node.distance,
            elected=node.elected,
        )
    for edge in web.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            key=edge.id,
            id=edge.id,
            kind=edge.kind,
            derived=edge.derived,
            formal=edge.formal,
            basis=edge.basis or "",
            valid_from=edge.valid_from.isoformat() if edge.valid_from else "",
            valid_to=edge.valid_to.isoformat() if edge.valid_to else "",
            sources="; ".join(
                s["source"] + (f" ({s['locator']})" if s["locator"] else "")
                for s in edge.sources
                if s["source"]
            ),
        )
    return graph


def to_graphml(web: AccountabilityWeb) -> str:
    """GraphML text (networkx's writer: XML-escaped, typed attributes)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(to_networkx(web))) + "\n"


def to_gexf(web: AccountabilityWeb) -> str:
    """GEXF 1.2 text for Gephi (networkx's writer)."""
    import networkx as nx

    return "\n".join(nx.generate_gexf(to_networkx(web))) + "\n"


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def to_dot(web: AccountabilityWeb) -> str:
    """Graphviz DOT text; derived lines are dashed, informal ones dotted."""
    lines = ["digraph accountability {", "  rankdir=BT;"]
    for node in web.nodes:
        shape = ", shape=doubleoctagon" if node.elected else ""
        lines.append(f"  {_dot_quote(node.id)} [label={_dot_quote(node.label)}{shape}];")
    for edge in web.edges:
        style = ", style=dashed" if edge.derived else (", style=dotted" if not edge.formal else "")
        lines.append(
            f"  {_dot_quote(edge.source)} -> {_dot_quote(edge.target)} "
            f"[label={_dot_quote(edge.kind)}{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_CODES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;"}


def _mermaid_text(text: str) -> str:
    escaped = "".join(_MERMAID_CODES.get(ch, ch) for ch in text.replace("\n", " "))
    return f'"{escaped}"'


def to_mermaid(web: AccountabilityWeb) -> str:
    """Mermaid flowchart text; nodes get safe ids (n0, n1...) and escaped labels."""
    ids = {node.id: f"n{i}" for i, node in enumerate(web.nodes)}
    lines = ["flowchart BT"]
    for node in web.nodes:
        lines.append(f"  {ids[node.id]}[{_mermaid_text(node.label)}]")
    for edge in web.edges:
        arrow = "-.->" if edge.derived or not edge.formal else "-->"
        lines.append(f"  {ids[edge.source]} {arrow}|{_mermaid_text(edge.kind)}| {ids[edge.target]}")
    return "\n".join(lines) + "\n"


def to_cytoscape(web: AccountabilityWeb) -> dict[str, Any]:
    """Cytoscape.js JSON: ``{"data": ..., "elements": {"nodes": [...], "edges": [...]}}``."""
    data = web.to_dict()
    return {
        "data": {"name": f"accountability web of {web.actor}", "metrics": data["metrics"]},
        "elements": {
            "nodes": [{"data": node} for node in data["nodes"]],
            "edges": [{"data": edge} for edge in data["edges"]],
        },
    }


def _cytoscape_text(web: AccountabilityWeb) -> str:
    return json.dumps(to_cytoscape(web), indent=2, ensure_ascii=False, default=str) + "\n"


FORMATS: dict[str, Callable[[AccountabilityWeb], str]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "dot": to_dot,
    "mermaid": to_mermaid,
    "cytoscape": _cytoscape_text,
}
"""Export formats by the name ``icsgov web --format`` takes."""


def export_web(web: AccountabilityWeb, fmt: str) -> str:
    """The web as text in ``fmt`` (one of :data:`FORMATS`)."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise QueryError(
            f"unknown format '{fmt}'; choose from {', '.join(sorted(FORMATS))}"
        ) from None
    return writer(web)
