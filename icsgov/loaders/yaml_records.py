"""Write entities back out as governance-as-code YAML (the format ``read_yaml`` reads).

Used by the spreadsheet imports: a scheme of delegation or a decision matrix
goes in, reviewable YAML records come out, to be merged into a system's files.

>>> from icsgov.ontology.model import Footprint, Level
>>> print(dump_records([Footprint(id="glos", name="Gloucestershire", level=Level.SYSTEM)]))
footprints:
- id: glos
  name: Gloucestershire
  level: system
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from icsgov.ontology.model import ENTITY_CLASSES, Entity

__all__ = ["dump_records"]


def dump_records(entities: Iterable[Entity], comment: str = "") -> str:
    """YAML text with one section per class, in load order; defaults left out."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        sections.setdefault(entity.section, []).append(
            entity.model_dump(mode="json", exclude_defaults=True)
        )
    ordered = {c.section: sections[c.section] for c in ENTITY_CLASSES if c.section in sections}
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
