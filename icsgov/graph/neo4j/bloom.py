"""A Neo4j Bloom perspective for the graph ``icsgov neo4j push`` writes.

Bloom (Neo4j's point-and-click explorer) reads a *perspective*: which labels
are categories and how they are captioned and coloured, how relationships
are styled, and *search phrases* that turn a sentence typed into Bloom's
search bar into Cypher. :func:`perspective` builds one from the model's
allow-lists (so every label and relationship type in it is one icsgov
writes); ``icsgov/graph/neo4j/bloom_perspective.json`` is that perspective,
shipped for Bloom's *Import perspective*; a test checks the two agree and
runs every search phrase on a real Neo4j.

Search phrases (``$x`` is what the user types):

* ``who decides $decision at $place``: the rights whose decision type and
  footprint names contain the words, with their holders;
* ``web of $actor``: the accountability lines (``ANSWERS_TO``) within three
  steps of an actor whose name contains the words;
* ``delegation chain of $right``: a decision right's holder and the
  delegations (``DELEGATES_TO``) that reach it, up to five steps.

>>> p = perspective()
>>> sorted(c["name"] for c in p["categories"])[:3]
['AccountabilityLine', 'Agreement', 'Body']
>>> [s["phrase"] for s in p["searchPhrases"]][0]
'who decides $decision at $place'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from icsgov.graph.neo4j.io import ENTITY_LABEL, LABELS, RELATIONSHIP_TYPES
from icsgov.ontology.model import AccountabilityKind

__all__ = ["PERSPECTIVE_FILE", "SEARCH_PHRASES", "perspective", "perspective_json"]

PERSPECTIVE_FILE = Path(__file__).with_name("bloom_perspective.json")
"""The shipped perspective (what :func:`perspective_json` writes)."""

LINE_COLOURS = {
    AccountabilityKind.STATUTORY: "#1f5fa8",
    AccountabilityKind.REGULATORY: "#c62828",
    AccountabilityKind.MANAGERIAL: "#2e7d32",
    AccountabilityKind.DELEGATED: "#7b1fa2",
    AccountabilityKind.CONTRACTUAL: "#ef6c00",
    AccountabilityKind.PROFESSIONAL: "#6d4c41",
    AccountabilityKind.DEMOCRATIC: "#d81b60",
    AccountabilityKind.MUTUAL: "#00838f",
    AccountabilityKind.INFORMAL: "#757575",
}
"""Colours by kind of accountability line: the same as the offline web page's."""

_CLASS_COLOURS = {
    "Footprint": "#8fb8de",
    "Organisation": "#1f5fa8",
    "Body": "#2e7d32",
    "Post": "#ef6c00",
    "Person": "#f4b183",
    "DecisionType": "#7b1fa2",
    "DecisionRight": "#c62828",
    "Delegation": "#d81b60",
    "AccountabilityLine": "#00838f",
    "Source": "#9e9e9e",
}
_CAPTION = {"Source": "title", "DecisionRight": "id", "Delegation": "id"}

SEARCH_PHRASES: tuple[dict[str, Any], ...] = (
    {
        "phrase": "who decides $decision at $place",
        "cypher": (
            "MATCH (r:DecisionRight)-[:CONCERNS]->(d:DecisionType), "
            "(r)-[:APPLIES_IN]->(f:Footprint), (r)-[:HELD_BY]->(h) "
            "WHERE toLower(d.name) CONTAINS toLower($decision) "
            "AND toLower(f.name) CONTAINS toLower($place) "
            "RETURN r, d, f, h"
        ),
        "parameters": {"decision": "DecisionType.name", "place": "Footprint.name"},
    },
    {
        "phrase": "web of $actor",
        "cypher": (
            "MATCH (a) WHERE (a:Organisation OR a:Body OR a:Post) "
            "AND toLower(a.name) CONTAINS toLower($actor) "
            "MATCH p = (a)-[:ANSWERS_TO*1..3]-() RETURN p"
        ),
        "parameters": {"actor": "Body.name"},
    },
    {
        "phrase": "delegation chain of $right",
        "cypher": (
            "MATCH (r:DecisionRight {id: $right})-[:HELD_BY]->(h) "
            "OPTIONAL MATCH p = (h)<-[:DELEGATES_TO*1..5]-() RETURN r, h, p"
        ),
        "parameters": {"right": "DecisionRight.id"},
    },
)
"""Bloom search phrases; each ``cypher`` is also runnable as it is (tested on Neo4j)."""


def perspective() -> dict[str, Any]:
    """The perspective as a dict: categories per class, relationship styles, search phrases."""
    categories = [
        {
            "name": label,
            "labels": [label, ENTITY_LABEL],
            "caption": _CAPTION.get(label, "name"),
            "color": _CLASS_COLOURS.get(label, "#b0bec5"),
            "textProperties": ["id", _CAPTION.get(label, "name")],
        }
        for label in sorted(LABELS)
    ]
    relationships: list[dict[str, Any]] = []
    for rel in sorted(RELATIONSHIP_TYPES):
        style: dict[str, Any] = {"name": rel, "color": "#9e9e9e", "size": 1}
        if rel == "ANSWERS_TO":
            style["styleRules"] = [
                {"property": "kind", "equals": kind.value, "color": colour}
                for kind, colour in LINE_COLOURS.items()
            ]
        relationships.append(style)
    return {
        "name": "icsgov: who decides, and who answers to whom",
        "categories": categories,
        "relationshipTypes": relationships,
        "searchPhrases": [dict(s) for s in SEARCH_PHRASES],
    }


def perspective_json() -> str:
    """:func:`perspective` as the text of the shipped file (sorted, indented, final newline)."""
    return json.dumps(perspective(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
