"""Write a generated data set as governance YAML, split so that every file loads.

Layout of the output folder::

    README.md                 what this is (illustrative, scale, seed)
    reference/part-NNN.yaml   the real national skeleton the data refers to
    national/part-NNN.yaml    decision types, NHS England, national lines
    icb/<ODS code>/part-NNN.yaml   one ICB's bodies, posts, rights, ...

Each file holds at most :data:`RECORDS_PER_FILE` records (a few MiB, far
below the loader's 16 MiB limit) and names its dataset, so ``icsgov info``
says where every record came from. Records are written in a fixed order with
a fixed dumper, so the same entities always give byte-identical files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from icsgov.loaders.governance_yaml import MAX_FILE_BYTES
from icsgov.ontology.model import ENTITY_CLASSES, Entity

__all__ = ["RECORDS_PER_FILE", "dump_part", "write_bucket"]

RECORDS_PER_FILE = 10_000

try:
    _Dumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Dumper = yaml.SafeDumper

_ORDER = {cls: i for i, cls in enumerate(ENTITY_CLASSES)}


def dump_part(entities: Sequence[Entity], dataset: dict[str, str]) -> str:
    """YAML text for some entities (sections in load order), headed by a ``dataset``.

    >>> from icsgov.ontology.model import Footprint, Level
    >>> print(dump_part([Footprint(id="e", name="England", level=Level.NATIONAL)],
    ...                 {"name": "demo"}), end="")
    dataset:
      name: demo
    footprints:
    - id: e
      name: England
      level: national
    """
    sections: dict[str, list[dict[str, Any]]] = {}
    for entity in sorted(entities, key=lambda e: _ORDER[type(e)]):
        sections.setdefault(entity.section, []).append(
            entity.model_dump(mode="json", exclude_defaults=True)
        )
    document: dict[str, Any] = {"dataset": dataset, **sections}
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_bucket(
    folder: Path, entities: Sequence[Entity], dataset: dict[str, str], comment: str
) -> list[Path]:
    """Write entities into ``folder/part-NNN.yaml`` files; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n, start in enumerate(range(0, len(entities), RECORDS_PER_FILE)):
        text = comment + dump_part(entities[start : start + RECORDS_PER_FILE], dataset)
        data = text.encode("utf-8")
        if len(data) > MAX_FILE_BYTES:  # pragma: no cover - records are a few hundred bytes
            raise ValueError(f"part {n} of {folder} would exceed the loader's file limit")
        path = folder / f"part-{n:03d}.yaml"
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written.append(path)
    return written
