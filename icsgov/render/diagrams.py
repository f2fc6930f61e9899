"""Diagrams for reports: a delegation chain and a functions and decisions map, as DOT or Mermaid.

The same style as :mod:`icsgov.queries.web_export` (whose escaping functions
these writers share, so a name is escaped one way everywhere): DOT for
Graphviz (and SVG through :func:`icsgov.render.svg.dot_to_svg`), Mermaid
flowcharts for Markdown. Arrows point the way authority flows back: a
delegate points to its delegator, up to the holder in law.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> from icsgov.queries.who_decides import who_decides
>>> import datetime as dt
>>> store = MemoryStore(load(["tests/golden/core.yaml"]))
>>> answer = who_decides(store, "primary-care-commissioning", "glos", as_of=dt.date(2024, 1, 1))
>>> print(chain_to_mermaid(answer).splitlines()[0])
flowchart BT
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from icsgov.errors import QueryError
from icsgov.queries.web_export import _dot_quote, _mermaid_text

if TYPE_CHECKING:
    from icsgov.queries.fdm import FunctionsAndDecisions
    from icsgov.queries.who_decides import Answer

__all__ = [
    "CHAIN_FORMATS",
    "FDM_FORMATS",
    "chain_diagram",
    "chain_to_dot",
    "chain_to_mermaid",
    "fdm_diagram",
    "fdm_to_dot",
    "fdm_to_mermaid",
]

T = TypeVar("T")

_Node = tuple[str, str, str]  # id, label, role: decision | holder | delegator | statutory | broken
_Edge = tuple[str, str, str, bool]  # from, to, label, dashed


def _chain_graph(answer: Answer) -> tuple[list[_Node], list[_Edge]]:
    """Nodes and arrows of the chains behind each decision-maker of ``answer``."""
    where = answer.footprint_name or answer.place_named
    decision = (
        "decision",
        f"{answer.decision_name} at {where}"
        + (f" ({answer.value_band})" if answer.value is not None and answer.value_band else ""),
        "decision",
    )
    nodes: dict[str, _Node] = {"decision": decision}
    edges: list[_Edge] = []
    names = {h.id: h.name for h in answer.decides}
    for holder in answer.decides:
        nodes.setdefault(holder.id, (holder.id, holder.name, "holder"))
        basis = holder.basis.replace("_", "-") + (" † illustrative" if holder.illustrative else "")
        edges.append((holder.id, "decision", f"decides ({basis})", False))
    for chain in answer.delegation_chain:
        for step in chain.steps:
            names[step.delegator] = step.delegator_name
            nodes.setdefault(
                step.delegate, (step.delegate, names.get(step.delegate, step.delegate), "holder")
            )
            nodes.setdefault(step.delegator, (step.delegator, step.delegator_name, "delegator"))
            label = f"delegated by {step.instrument_ref or step.instrument.replace('_', ' ')}"
            if step.illustrative:
                label += " † illustrative"
            if step.problems:
                label += " (" + "; ".join(step.problems) + ")"
            edges.append((step.delegate, step.delegator, label, True))
        if chain.statutory_holder:
            held = chain.statutory_holder
            nodes[held] = (held, names.get(held, nodes.get(held, (held, held, ""))[1]), "statutory")
        elif chain.broken:
            broken = f"broken:{chain.holder}"
            nodes[broken] = (
                broken,
                f"chain broken: {chain.reason or 'no statutory holder'}",
                "broken",
            )
            last = chain.steps[-1].delegator if chain.steps else chain.holder
            edges.append((last, broken, "no legal root", True))
    return list(nodes.values()), edges


_DOT_STYLE = {
    "decision": 'shape=box, style="rounded,filled", fillcolor="#e8edee"',
    "holder": "shape=box",
    "delegator": "shape=box",
    "statutory": "shape=doubleoctagon",
    "broken": 'shape=note, color="#c62828", fontcolor="#c62828"',
}


def _to_dot(name: str, nodes: list[_Node], edges: list[_Edge], rankdir: str = "BT") -> str:
    lines = [f"digraph {name} {{", f"  rankdir={rankdir};", '  node [fontname="Arial"];']
    for node_id, label, role in nodes:
        lines.append(f"  {_dot_quote(node_id)} [label={_dot_quote(label)}, {_DOT_STYLE[role]}];")
    for source, target, label, dashed in edges:
        style = ", style=dashed" if dashed else ""
        lines.append(
            f"  {_dot_quote(source)} -> {_dot_quote(target)} [label={_dot_quote(label)}{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _to_mermaid(nodes: list[_Node], edges: list[_Edge], direction: str = "BT") -> str:
    ids = {node_id: f"n{i}" for i, (node_id, _, _) in enumerate(nodes)}
    lines = [f"flowchart {direction}"]
    for node_id, label, role in nodes:
        shape = (
            ("{{", "}}")
            if role == "statutory"
            else ("([", "])")
            if role == "decision"
            else ("[", "]")
        )
        lines.append(f"  {ids[node_id]}{shape[0]}{_mermaid_text(label)}{shape[1]}")
    for source, target, label, dashed in edges:
        arrow = "-.->" if dashed else "-->"
        lines.append(f"  {ids[source]} {arrow}|{_mermaid_text(label)}| {ids[target]}")
    return "\n".join(lines) + "\n"


def chain_to_dot(answer: Answer) -> str:
    """DOT for who decides and the delegation chain back to the holder in law."""
    return _to_dot("delegation_chain", *_chain_graph(answer))


def chain_to_mermaid(answer: Answer) -> str:
    """Mermaid flowchart of the same chain."""
    return _to_mermaid(*_chain_graph(answer))


def _fdm_graph(fdm: FunctionsAndDecisions) -> tuple[list[_Node], list[_Edge]]:
    """Parts of the system pointing at the decisions they take; outside delegators dashed."""
    nodes: dict[str, _Node] = {}
    edges: list[_Edge] = []
    seen: set[tuple[str, str, str, bool]] = set()
    for entry in fdm.entries:
        nodes.setdefault(
            f"part:{entry.part}",
            (f"part:{entry.part}", f"{entry.part_name} ({entry.level})", "holder"),
        )
        nodes.setdefault(
            f"decision:{entry.decision}",
            (f"decision:{entry.decision}", entry.decision_name, "decision"),
        )
        label = entry.basis.replace("_", "-") + (
            "" if entry.band == "any value" else f", {entry.band}"
        )
        edge = (f"part:{entry.part}", f"decision:{entry.decision}", label, False)
        if edge not in seen:
            seen.add(edge)
            edges.append(edge)
        if entry.delegated_from:
            role = "statutory" if entry.from_outside else "delegator"
            key = f"part:{entry.delegated_from}"
            if key not in nodes or nodes[key][2] != "holder":
                nodes[key] = (key, entry.delegated_from_name or entry.delegated_from, role)
            link = (
                key,
                f"part:{entry.part}",
                "delegates to" + (" (from outside)" if entry.from_outside else ""),
                True,
            )
            if link not in seen:
                seen.add(link)
                edges.append(link)
    return list(nodes.values()), edges


def fdm_to_dot(fdm: FunctionsAndDecisions) -> str:
    """DOT for the functions and decisions map: who takes which decision, on what basis."""
    return _to_dot("functions_and_decisions", *_fdm_graph(fdm), rankdir="LR")


def fdm_to_mermaid(fdm: FunctionsAndDecisions) -> str:
    """Mermaid flowchart of the functions and decisions map."""
    return _to_mermaid(*_fdm_graph(fdm), direction="LR")


CHAIN_FORMATS: dict[str, Callable[[Answer], str]] = {
    "dot": chain_to_dot,
    "mermaid": chain_to_mermaid,
}
"""Text formats for ``icsgov who-decides --format`` (``svg`` is ``dot`` through Graphviz)."""

FDM_FORMATS: dict[str, Callable[[FunctionsAndDecisions], str]] = {
    "dot": fdm_to_dot,
    "mermaid": fdm_to_mermaid,
}
"""Text formats for ``icsgov fdm --format`` (``svg`` is ``dot`` through Graphviz)."""


def chain_diagram(answer: Answer, fmt: str) -> str:
    """The delegation chain of ``answer`` as ``dot``, ``mermaid`` or ``svg`` (through Graphviz)."""
    return _diagram(chain_to_dot(answer) if fmt == "svg" else None, CHAIN_FORMATS, answer, fmt)


def fdm_diagram(fdm: FunctionsAndDecisions, fmt: str) -> str:
    """The functions and decisions map as ``dot``, ``mermaid`` or ``svg`` (through Graphviz)."""
    return _diagram(fdm_to_dot(fdm) if fmt == "svg" else None, FDM_FORMATS, fdm, fmt)


def _diagram(
    dot_text: str | None, writers: dict[str, Callable[[T], str]], thing: T, fmt: str
) -> str:
    if dot_text is not None:
        from icsgov.render.svg import dot_to_svg

        return dot_to_svg(dot_text)
    if fmt not in writers:
        raise QueryError(f"unknown format '{fmt}'; choose from svg, {', '.join(sorted(writers))}")
    return writers[fmt](thing)
