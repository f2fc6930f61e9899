"""One England: several sources combined so each real organisation and area exists once.

The national skeleton (``icsgov:reference``) and a governance description
(the bundled example, or your own system) both name England, the regions,
ICBs and councils. :func:`combine` joins them by code: an Organisation or
Footprint whose ODS or ONS code is already held by an entity of the same
class in an earlier source *is* that entity. Its id is replaced by the
earlier one everywhere it is referred to, and what it adds (aliases, codes,
sources, a description, a longer lifetime) is kept on the one entity. So the
example's governance attaches to the skeleton's organisations, and ids are
the skeleton's stable ODS/ONS ids whatever the vintage.

``--data`` may be given several times; ``icsgov:reference`` stands for the
shipped skeleton and ``icsgov:example`` for the bundled example. A folder
holding an ``icsgov-project.toml`` (or the file itself) lists its sources::

    # icsgov-project.toml
    sources = ["icsgov:reference", "governance"]   # relative to this file

>>> from icsgov.loaders.reference import read_reference
>>> from icsgov.loaders import load
>>> both = combine([read_reference(), load()])
>>> both.get("ods:QR1").label, "glos-icb" in both
('NHS Gloucestershire Integrated Care Board', False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from icsgov.errors import InputError, Problem
from icsgov.ontology.governance import Governance, Location
from icsgov.ontology.model import REFERENCES, Entity, Footprint, Identifier, Organisation

__all__ = [
    "EXAMPLE",
    "NATIONAL",
    "PROJECT_FILE",
    "REFERENCE",
    "SKELETON",
    "TOKENS",
    "combine",
    "expand_sources",
    "identity_keys",
]

REFERENCE = "icsgov:reference"
"""A ``--data`` value standing for the shipped national skeleton."""
EXAMPLE = "icsgov:example"
"""A ``--data`` value standing for the bundled example."""
SKELETON = "icsgov:skeleton"
"""A ``--data`` value standing for the national skeleton without the national baseline."""
NATIONAL = "icsgov:national"
"""A ``--data`` value standing for the national baseline (``icsgov/national/``) alone."""
TOKENS = (REFERENCE, EXAMPLE, SKELETON, NATIONAL)
"""Every ``icsgov:`` token ``--data`` accepts."""
PROJECT_FILE = "icsgov-project.toml"
"""The project file a data folder may hold, listing its sources."""

_JOINED = (Organisation, Footprint)
_ID_FIELDS: dict[type[Any], list[str]] = {}
for (_cls, _field), _targets in REFERENCES.items():
    _ID_FIELDS.setdefault(_cls, []).append(_field)


def identity_keys(entity: Entity) -> list[tuple[str, str, str]]:
    """``(class, scheme, code)`` for each ODS or ONS code: what makes two records one thing.

    >>> from icsgov.ontology.model import Identifier, Level
    >>> identity_keys(Footprint(id="eng", name="England", level=Level.NATIONAL,
    ...     codes=[Identifier(scheme="ons", value="E92000001")]))
    [('footprint', 'ons', 'E92000001')]
    """
    if not isinstance(entity, _JOINED):
        return []
    return [
        (entity.kind_name, c.scheme, c.value.upper())
        for c in entity.codes
        if c.scheme in {"ods", "ons"}
    ]


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return None if a is None or b is None else min(a, b)


def _latest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return None if a is None or b is None else max(a, b)


def _joined(kept: Entity, extra: Entity) -> Entity:
    """``kept`` with what ``extra`` (the same thing from a later source) adds to it."""
    assert isinstance(kept, _JOINED) and isinstance(extra, _JOINED)
    seen = {(c.scheme, c.value) for c in kept.codes}
    codes: list[Identifier] = [
        *kept.codes,
        *(c for c in extra.codes if (c.scheme, c.value) not in seen),
    ]
    names = [n for n in (extra.name, *extra.aliases) if n != kept.name]
    update: dict[str, Any] = {
        "codes": codes,
        "aliases": list(dict.fromkeys([*kept.aliases, *names])),
        "sources": list(dict.fromkeys([*kept.sources, *extra.sources])),
        "description": kept.description or extra.description,
        "valid_from": _earliest(kept.valid_from, extra.valid_from),
        "valid_to": _latest(kept.valid_to, extra.valid_to),
    }
    if isinstance(kept, Footprint) and isinstance(extra, Footprint):
        update["place_definition"] = kept.place_definition or extra.place_definition
        update["part_of"] = kept.part_of or extra.part_of
        update["population"] = kept.population or extra.population
    if isinstance(kept, Organisation) and isinstance(extra, Organisation):
        update["footprints"] = list(dict.fromkeys([*kept.footprints, *extra.footprints]))
        update["members"] = list(dict.fromkeys([*kept.members, *extra.members]))
    return kept.model_copy(update=update)


def _renamed(entity: Entity, ids: dict[str, str]) -> Entity:
    """The entity with every id it refers to replaced as ``ids`` says."""
    update: dict[str, Any] = {}
    for cls, fields in _ID_FIELDS.items():
        if not isinstance(entity, cls):
            continue
        for name in fields:
            value = getattr(entity, name, None)
            if isinstance(value, str) and value in ids:
                update[name] = ids[value]
            elif isinstance(value, list) and any(v in ids for v in value):
                update[name] = list(dict.fromkeys(ids.get(v, v) for v in value))
    target = getattr(entity, "target", None)
    if isinstance(target, str) and target in ids:
        update["target"] = ids[target]
    return entity.model_copy(update=update) if update else entity


def combine(sources: Sequence[Governance]) -> Governance:
    """One description from several, each real organisation and area held once (see above).

    Earlier sources win: their ids are kept, and a later record with the
    same ODS/ONS code (and class) is folded into the earlier one. Two records
    of one source are never joined to each other here.
    """
    if len(sources) == 1:
        return sources[0]
    entities: dict[str, Entity] = {}
    owner: dict[tuple[str, str, str], str] = {}
    datasets = []
    locations: dict[str, Location] = {}
    for gov in sources:
        ids: dict[str, str] = {}
        for entity in gov:
            for key in identity_keys(entity):
                found = owner.get(key)
                if found is not None and found != entity.id:
                    ids[entity.id] = found
                    break
        for entity in gov:
            renamed = _renamed(entity, ids)
            if entity.id in ids:
                kept = entities[ids[entity.id]]
                entities[kept.id] = _joined(kept, renamed)
                continue
            entities[renamed.id] = renamed
            if entity.id in gov.locations:  # where the record was written, for findings
                locations.setdefault(renamed.id, gov.locations[entity.id])
        for entity in gov:
            if entity.id not in ids:
                for key in identity_keys(entity):
                    owner.setdefault(key, entity.id)
        datasets.extend(gov.datasets)
    return Governance(entities, datasets, locations)


def _project(path: Path) -> list[str]:
    """The sources an ``icsgov-project.toml`` lists, as paths relative to it (or tokens)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            [Problem(str(path), 0, 0, f"cannot read the project file: {exc}")]
        ) from None
    listed = data.get("sources")
    if not isinstance(listed, list) or not listed or not all(isinstance(s, str) for s in listed):
        raise InputError(
            [
                Problem(
                    str(path),
                    1,
                    1,
                    "the project file needs 'sources', a list of paths or tokens",
                    hint='sources = ["icsgov:reference", "governance"]',
                )
            ]
        )
    return [s if s.startswith("icsgov:") else str(path.parent / s) for s in listed]


def expand_sources(paths: Iterable[str | Path]) -> list[str]:
    """``--data`` values with project files replaced by the sources they list, in order."""
    out: list[str] = []
    for raw in paths:
        text = str(raw)
        path = Path(text)
        if text.startswith("icsgov:"):
            if text not in TOKENS:
                raise InputError(
                    [
                        Problem(
                            text,
                            0,
                            0,
                            f"unknown source '{text}'",
                            hint="use " + ", ".join(TOKENS[:-1]) + f" or {TOKENS[-1]}",
                        )
                    ]
                )
            out.append(text)
        elif path.name == PROJECT_FILE and path.is_file():
            out.extend(_project(path))
        elif path.is_dir() and (path / PROJECT_FILE).is_file():
            out.extend(_project(path / PROJECT_FILE))
        else:
            out.append(text)
    return out
