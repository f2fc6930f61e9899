"""SHACL validation of governance data against ``icsgov/ontology/shapes.ttl``.

Catches what the typed model cannot see on its own (a reference to an entity
of the wrong class). pySHACL and rdflib are imported inside the functions,
so importing this module costs nothing until RDF is used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from icsgov.graph.rdf.io import _rdflib, to_rdf
from icsgov.ontology import terms
from icsgov.ontology.governance import Governance

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["ShaclViolation", "shapes_graph", "validate_shacl"]


@dataclass(frozen=True, order=True)
class ShaclViolation:
    """One SHACL result: the focus (an id where it is an entity), the path and the message."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"
    value: str = ""

    def __str__(self) -> str:
        text = (
            f"{self.focus}: {self.path}: {self.message}"
            if self.path
            else f"{self.focus}: {self.message}"
        )
        return text + (f" (value {self.value})" if self.value else "")


def shapes_graph() -> Graph:
    """The SHACL shapes (``icsgov/ontology/shapes.ttl``) as an rdflib graph."""
    rdflib = _rdflib()
    text = (resources.files("icsgov.ontology") / "shapes.ttl").read_text(encoding="utf-8")
    graph = rdflib.Graph()
    graph.parse(data=text, format="turtle")
    shapes: Graph = graph
    return shapes


def _short(node: Any) -> str:
    text = str(node)
    if text.startswith(terms.DATA):
        return terms.entity_id(text)
    for prefix, ns in terms.PREFIXES.items():
        if text.startswith(ns) and prefix != "icsid":
            return f"{prefix}:{text[len(ns) :]}"
    return text


def validate_shacl(data: Governance | Graph) -> list[ShaclViolation]:
    """Check data against the SHACL shapes; an empty list means it conforms.

    Catches what the typed model cannot see on its own, such as a reference
    to an entity of the wrong class.

    >>> from icsgov.ontology.model import Footprint, Level
    >>> eng = Footprint(id="e", name="E", level=Level.NATIONAL)
    >>> validate_shacl(Governance.from_entities([eng]))
    []
    """
    import pyshacl

    rdflib = _rdflib()
    graph = to_rdf(data) if isinstance(data, Governance) else data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, report, _ = pyshacl.validate(
            graph, shacl_graph=shapes_graph(), inference="none", allow_warnings=True
        )
    sh = rdflib.Namespace(terms.PREFIXES["sh"])
    found = set()
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        severity = report.value(result, sh.resultSeverity)
        value = report.value(result, sh.value)
        focus_text = (
            _short(focus) if isinstance(focus, rdflib.URIRef) else _describe_bnode(graph, focus)
        )
        found.add(
            ShaclViolation(
                focus=focus_text,
                path=_short(path) if path is not None else "",
                message=str(message) if message is not None else "does not conform",
                severity=_short(severity).removeprefix("sh:")
                if severity is not None
                else "Violation",
                value=(_short(value) if isinstance(value, rdflib.URIRef) else str(value))
                if value is not None
                else "",
            )
        )
    return sorted(found)


def _describe_bnode(graph: Any, node: Any) -> str:
    """A blank node (citation, identifier) named by the entity that holds it."""
    for subject, predicate in graph.subject_predicates(node):
        return f"{_short(subject)} {_short(predicate)}"
    return "a blank node"
