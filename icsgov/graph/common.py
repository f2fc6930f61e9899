"""What every store answers the same way, written once for memory, RDF and Neo4j.

The server stores fetch candidates with their own query language and then
finish the answer here, so the rule that makes their answers equal to the
memory store's lives in one place:

* :func:`find_forms` and :func:`named`: the lower-cased forms a server query
  looks for, and the candidates that really match once Python folds the case
  (Cypher's ``toLower`` and SPARQL's ``LCASE`` do not fold ``ß`` or ``ſ`` as
  ``casefold`` does); the names are :func:`~icsgov.ontology.names.names_of`'s;
* :func:`per_footprint`: a right listed once for each time its footprint is
  asked for, by id (the memory store walks the footprints one by one).

>>> from icsgov.ontology.model import Footprint, Level
>>> street = Footprint(id="s", name="Straße", level=Level.PLACE, aliases=["ſtrasse"])
>>> find_forms(" STRASSE "), [f.id for f in named([street], "STRASSE")]
(['strasse'], ['s'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from icsgov.ontology.model import DecisionRight, Entity
from icsgov.ontology.names import names_of

__all__ = ["find_forms", "named", "per_footprint"]

E = TypeVar("E", bound=Entity)


def find_forms(text: str) -> list[str]:
    """The forms of ``text`` a server query compares lower-cased names with."""
    stripped = text.strip()
    return sorted({stripped.lower(), stripped.casefold()})


def named(candidates: Iterable[E], text: str) -> list[E]:
    """The candidates one of whose names equals ``text`` once both are case-folded, by id."""
    key = text.strip().casefold()
    found = [e for e in candidates if key in {n.casefold() for n in names_of(e)}]
    return sorted(found, key=lambda e: e.id)


def per_footprint(
    rights: Iterable[DecisionRight], footprint_ids: Sequence[str]
) -> list[DecisionRight]:
    """Each right once per time its footprint is in ``footprint_ids``, sorted by id."""
    asked = list(footprint_ids)
    found = [right for right in rights for _ in range(asked.count(right.footprint))]
    return sorted(found, key=lambda r: r.id)
