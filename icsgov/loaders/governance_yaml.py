"""Governance-as-code: read YAML files (one, several, or folders) into a ``Governance``.

The format is documented in ``docs/format.md``. Loading is all or nothing:
every problem in every file is collected (bad values, unknown keys, unknown
or wrongly-typed references, duplicate ids across files, dates out of
order, footprints that do not nest) and raised together as one
:class:`~icsgov.errors.InputError`; no partial ``Governance`` is ever
returned.

>>> gov = parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
... ''')
>>> [f.name for f in gov.of_type(Footprint)]
['England', 'Gloucestershire']
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from icsgov._heap import paused_collector
from icsgov._suggest import did_you_mean
from icsgov.errors import InputError, Problem
from icsgov.loaders._yaml_nodes import Located, dotted_path, read_nodes
from icsgov.ontology.governance import Dataset, Governance, Location
from icsgov.ontology.model import (
    ENTITY_CLASSES,
    LEVEL_RANK,
    REFERENCES,
    Citation,
    DecisionType,
    Entity,
    Footprint,
    LoggedDecision,
)
from icsgov.progress import tick
from icsgov.words import a

__all__ = ["MAX_FILE_BYTES", "SECTIONS", "parse_yaml", "read_yaml", "yaml_files"]

SECTIONS: dict[str, type[Entity]] = {cls.section: cls for cls in ENTITY_CLASSES}
"""Top-level keys of a governance file and the class of the records under each."""

MAX_FILE_BYTES = 16 * 1024 * 1024
_DATASET_KEYS = {"name", "vintage", "describes_from", "describes_to"}


@dataclass
class _Record:
    entity: Entity
    file: str
    doc: Located
    path: tuple[str | int, ...]

    def problem(
        self, field: str | None, message: str, hint: str = "", *, key: bool = False
    ) -> Problem:
        where = (*self.path, field) if field else self.path
        pos = self.doc.where(where, key=key)
        return Problem(self.file, pos.line, pos.column, message, dotted_path(where), hint)


def yaml_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their ``*.yaml``/``*.yml`` files (sorted), keeping files as given.

    Nothing in a folder is skipped in silence: a sub-folder that cannot be
    read, a link that points nowhere or round in a loop, and a ``.yaml`` name
    that is not a regular file are problems, so a folder is never reported
    valid when part of it was never read.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, trouble = _walk(path)
            problems.extend(trouble)
            if not found and not trouble:
                problems.append(Problem(str(path), 0, 0, "the folder has no .yaml or .yml files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            problems.append(_link_problem(path))
        elif path.exists():
            problems.append(Problem(str(path), 0, 0, "not a regular file or folder"))
        else:
            problems.append(
                Problem(str(path), 0, 0, "no such file or folder", hint="check the path")
            )
    return files, problems


def _link_problem(path: Path) -> Problem:
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(str(path), 0, 0, "a symbolic link that loops back on itself")
        target = os.readlink(path)
        return Problem(
            str(path),
            0,
            0,
            f"a symbolic link to {target}, which does not exist",
            hint="fix or remove the link",
        )
    return Problem(str(path), 0, 0, "not a regular file or folder")


def _walk(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every YAML file under ``folder``, following links to folders once, and what went wrong."""
    found: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen:
                problems.append(
                    Problem(
                        str(current),
                        0,
                        0,
                        "a link to a folder already read (a loop)",
                        hint="remove the link",
                    )
                )
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(str(current), 0, 0, f"cannot read this folder: {exc.strerror or exc}")
            )
            continue
        for entry in entries:
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if entry.is_symlink() and not (is_dir or is_file):
                if child.suffix in _SUFFIXES or not child.suffix:
                    problems.append(_link_problem(child))
                continue
            if is_dir:
                stack.append(child)
            elif child.suffix in _SUFFIXES:
                if is_file:
                    found.append(child)
                else:
                    problems.append(Problem(str(child), 0, 0, "not a regular file"))
    return sorted(found), problems


_SUFFIXES = frozenset({".yaml", ".yml"})


def read_yaml(paths: str | Path | Iterable[str | Path]) -> Governance:
    """Load governance YAML from files and folders; raise ``InputError`` listing every problem."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files, problems = yaml_files(paths)
    texts: list[tuple[str, str]] = []
    for file in files:
        text, problem = _read_text(file)
        if problem:
            problems.append(problem)
        else:
            texts.append((str(file), text))
    return _load_twice(texts, problems)


def parse_yaml(text: str, file: str = "<string>") -> Governance:
    """Load governance YAML from a string (``file`` names it in messages)."""
    return _load_twice([(file, text)], [])


def _read_text(file: Path) -> tuple[str, Problem | None]:
    try:
        size = file.stat().st_size
    except OSError as exc:
        return "", Problem(str(file), 0, 0, f"cannot read the file: {exc.strerror or exc}")
    if size > MAX_FILE_BYTES:
        return "", Problem(
            str(file),
            0,
            0,
            f"the file is {size / 1048576:.1f} MiB; the limit is "
            f"{MAX_FILE_BYTES // 1048576} MiB per file",
            hint="split it into several files in one folder",
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        return "", Problem(str(file), 0, 0, f"cannot read the file: {exc.strerror or exc}")
    return decode_text(data, str(file))


def decode_text(data: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a BOM allowed), or a problem placed at the first bad byte.

    A NUL byte is refused where it is: YAML cannot hold one, and a file
    saved as UTF-16 without a byte-order mark is mostly NUL bytes.

    >>> decode_text("a: 1".encode("utf-16-le"), "f.yaml")[1].message
    'a NUL byte: the file looks like UTF-16'
    """
    nul = data.find(b"\0")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        head = data[:128]
        utf16 = head.count(0) >= len(head) // 4  # ASCII text in UTF-16 is half NUL bytes
        return "", Problem(
            file,
            line,
            column,
            "a NUL byte: the file looks like UTF-16" if utf16 else "a NUL byte",
            hint="save the file as UTF-8" if utf16 else "remove it; text files hold no NUL bytes",
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return "", Problem(
            file,
            line,
            column,
            f"byte 0x{data[exc.start]:02x} is not UTF-8"
            + (" (the file starts like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""),
            hint="save the file as UTF-8",
        )


def _load_twice(texts: list[tuple[str, str]], problems: list[Problem]) -> Governance:
    """Load without remembering positions; only if that finds problems, load again with them.

    Valid data, the common case, never pays for the position of every value
    (about a third of the memory of a national load); invalid data is read a
    second time so that every problem can say exactly where it is.
    """
    with paused_collector():  # a national load builds millions of objects, none of them cyclic
        if not problems:
            try:
                return _load(texts, [], positions=False)
            except InputError:
                pass
        return _load(texts, problems, positions=True)


def _load(texts: list[tuple[str, str]], problems: list[Problem], *, positions: bool) -> Governance:
    records: list[_Record] = []
    datasets: list[Dataset] = []
    # ids of records refused for other reasons: references to them are not "unknown"
    broken: dict[str, type[Entity]] = {}
    for number, (file, text) in enumerate(texts):
        tick("Reading YAML files", number, len(texts))
        doc, found = read_nodes(text, file, positions=positions)
        problems.extend(found)
        if doc is None:
            continue
        datasets.append(_dataset(doc, file, problems))
        records.extend(_records(doc, file, problems, broken))
    by_id = _unique(records, problems)
    _name_logged_decisions(records, by_id)
    problems.extend(_reference_problems(records, by_id, broken))
    problems.extend(_hierarchy_problems(records, by_id))
    if problems:
        raise InputError(problems)
    return Governance({r.entity.id: r.entity for r in records}, datasets, _locations(records))


def _locations(records: list[_Record]) -> dict[str, Location]:
    """Where each record starts (kept for valid data too, so findings can name a line)."""
    found: dict[str, Location] = {}
    for record in records:
        pos = record.doc.values.get(record.path)
        if pos is not None:
            found[record.entity.id] = Location(record.file, pos.line, pos.column)
    return found


def _dataset(doc: Located, file: str, problems: list[Problem]) -> Dataset:
    meta = doc.value.get("dataset") if isinstance(doc.value, dict) else None
    if meta is None:
        return Dataset(name=Path(file).stem, path=file)
    if not isinstance(meta, dict):
        pos = doc.where(("dataset",))
        problems.append(
            Problem(
                file,
                pos.line,
                pos.column,
                "expected a mapping",
                "dataset",
                "give name, vintage, describes_from, describes_to",
            )
        )
        return Dataset(name=Path(file).stem, path=file)
    for key in meta:
        if key not in _DATASET_KEYS:
            pos = doc.where(("dataset", key), key=True)
            problems.append(
                Problem(
                    file,
                    pos.line,
                    pos.column,
                    f"unknown key '{key}'",
                    "dataset",
                    did_you_mean(key, _DATASET_KEYS),
                )
            )
    dates: dict[str, dt.date | None] = {}
    for key in ("describes_from", "describes_to"):
        value = meta.get(key)
        if value is not None and not isinstance(value, dt.date):
            pos = doc.where(("dataset", key))
            problems.append(
                Problem(file, pos.line, pos.column, "expected a date YYYY-MM-DD", f"dataset.{key}")
            )
            value = None
        dates[key] = value
    return Dataset(
        name=str(meta.get("name") or Path(file).stem),
        vintage=None if meta.get("vintage") is None else str(meta["vintage"]),
        path=file,
        describes_from=dates["describes_from"],
        describes_to=dates["describes_to"],
    )


def _records(
    doc: Located, file: str, problems: list[Problem], broken: dict[str, type[Entity]]
) -> Iterator[_Record]:
    top = doc.value
    if not isinstance(top, dict):
        pos = doc.where(())
        problems.append(
            Problem(
                file,
                pos.line,
                pos.column,
                "expected a mapping of sections at the top of the file",
                hint="start with a section such as 'footprints:'",
            )
        )
        return
    for section, items in top.items():
        if section == "dataset":
            continue
        cls = SECTIONS.get(section)
        if cls is None:
            pos = doc.where((section,), key=True)
            problems.append(
                Problem(
                    file,
                    pos.line,
                    pos.column,
                    f"unknown section '{section}'",
                    section,
                    did_you_mean(section, [*SECTIONS, "dataset"])
                    or "sections are: " + ", ".join(SECTIONS),
                )
            )
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            pos = doc.where((section,))
            problems.append(
                Problem(
                    file,
                    pos.line,
                    pos.column,
                    "expected a list of records",
                    section,
                    "start each record with '- id: ...'",
                )
            )
            continue
        for index, item in enumerate(items):
            path: tuple[str | int, ...] = (section, index)
            if not isinstance(item, dict):
                pos = doc.where(path)
                problems.append(
                    Problem(
                        file,
                        pos.line,
                        pos.column,
                        f"expected a mapping ({a(cls.kind_name)}), got {_describe(item)}",
                        dotted_path(path),
                    )
                )
                continue
            try:
                entity = cls.model_validate(item)
            except ValidationError as exc:
                if isinstance(item.get("id"), str):
                    broken.setdefault(item["id"], cls)
                problems.extend(_validation_problems(exc, cls, doc, file, path))
                continue
            yield _Record(entity, file, doc, path)


def _validation_problems(
    exc: ValidationError, cls: type[Entity], doc: Located, file: str, base: tuple[str | int, ...]
) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        where = (*base, *loc)
        if kind == "extra_forbidden":
            pos = doc.where(where, key=True)
            owner = _model_at(cls, loc[:-1])
            fields = list(owner.model_fields) if owner else []
            yield Problem(
                file,
                pos.line,
                pos.column,
                f"unknown key '{loc[-1]}'",
                dotted_path(where[:-1]),
                did_you_mean(str(loc[-1]), fields) or "keys are: " + ", ".join(fields),
            )
        elif kind == "missing":
            pos = doc.where(where[:-1])
            yield Problem(
                file,
                pos.line,
                pos.column,
                f"missing required key '{loc[-1]}'",
                dotted_path(where[:-1]),
            )
        elif not loc:  # a whole-record rule, e.g. dates or a value band out of order
            message = str(error["msg"]).removeprefix("Value error, ")
            field = next((f for f in ("valid_to", "ratifies") if f in message), "value_max")
            pos = doc.where((*base, field))
            yield Problem(file, pos.line, pos.column, message, dotted_path((*base, field)))
        elif kind == "value_error":  # the model's own checks say what they got
            pos = doc.where(where)
            message = str(error["msg"]).removeprefix("Value error, ")
            yield Problem(file, pos.line, pos.column, message, dotted_path(where))
        else:
            pos = doc.where(where)
            expected = error.get("ctx", {}).get("expected")
            if kind == "less_than_equal" and error.get("ctx", {}).get("le") != 1:
                kind = "too_much"
            message = (
                f"expected {expected}"
                if expected
                else _EXPECTED.get(kind) or str(error["msg"]).lower()
            )
            hint = ""
            if expected and isinstance(error.get("input"), str):
                choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
                hint = did_you_mean(error["input"], choices)
            yield Problem(
                file,
                pos.line,
                pos.column,
                f"{message}, got {_describe(error.get('input'))}",
                dotted_path(where),
                hint,
            )


_EXPECTED = {
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text (put quotes round numbers used as names or ids)",
    "date_parsing": "expected a date written YYYY-MM-DD",
    "date_type": "expected a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date written YYYY-MM-DD",
    "list_type": "expected a list",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "greater_than_equal": "expected a number that is not negative",
    "less_than_equal": "expected a share between 0 and 1",
    "string_too_short": "expected some text, got an empty value",
    "too_short": "expected at least one entry",
    "string_pattern_mismatch": (
        "expected a value without control, invisible or bidirectional-override characters"
    ),
    "finite_number": "expected a finite number (not .inf or .nan)",
    "too_much": "expected at most £1 trillion",
}


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class at a location inside ``cls`` (for nested records)."""
    model: type[BaseModel] = cls
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        inner = getattr(field.annotation, "__args__", (field.annotation,))
        found = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if found is None:
            return None
        model = found
    return model


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _unique(records: list[_Record], problems: list[Problem]) -> dict[str, _Record]:
    by_id: dict[str, _Record] = {}
    for record in records:
        first = by_id.get(record.entity.id)
        if first is not None:
            pos = first.doc.where((*first.path, "id"))
            problems.append(
                record.problem(
                    "id",
                    f"duplicate id '{record.entity.id}'",
                    f"already used by {_article(first.entity.kind_name)} "
                    f"{first.entity.kind_name} at {first.file}:{pos.line}:{pos.column}; "
                    "ids must be unique across all files",
                )
            )
            continue
        by_id[record.entity.id] = record
    return by_id


def _reference_problems(
    records: list[_Record], by_id: dict[str, _Record], broken: dict[str, type[Entity]]
) -> Iterator[Problem]:
    ids_by_class: dict[type[Entity], list[str]] = {}
    for rid, kind in broken.items():
        ids_by_class.setdefault(kind, []).append(rid)
    for rid, rec in by_id.items():
        ids_by_class.setdefault(type(rec.entity), []).append(rid)
    fields: dict[type, list[tuple[str, tuple[type[Entity], ...]]]] = {}
    for (cls, field), targets in REFERENCES.items():
        fields.setdefault(cls, []).append((field, targets))
    sources = REFERENCES[(Citation, "source")]
    for record in records:
        entity = record.entity
        for field, targets in fields.get(type(entity), ()):
            value = getattr(entity, field)
            values = value if isinstance(value, list) else [value]
            for i, target_id in enumerate(values):
                if target_id is None or _fits(by_id.get(target_id), targets):
                    continue  # the common case: a reference to a record of the right class
                where = f"{field}[{i}]" if isinstance(value, list) else field
                yield from _check_reference(
                    record, where, field, target_id, targets, by_id, ids_by_class, broken
                )
        for i, citation in enumerate(entity.sources):
            if _fits(by_id.get(citation.source), sources):
                continue
            yield from _check_reference(
                record,
                f"sources[{i}].source",
                "sources",
                citation.source,
                sources,
                by_id,
                ids_by_class,
                broken,
                path=("sources", i, "source"),
            )


def _fits(target: _Record | None, targets: tuple[type[Entity], ...]) -> bool:
    return target is not None and isinstance(target.entity, targets)


def _check_reference(
    record: _Record,
    where: str,
    field: str,
    target_id: str,
    targets: tuple[type[Entity], ...],
    by_id: dict[str, _Record],
    ids_by_class: dict[type[Entity], list[str]],
    broken: dict[str, type[Entity]],
    path: tuple[str | int, ...] | None = None,
) -> Iterator[Problem]:
    wanted = " or ".join(t.kind_name for t in targets)
    doc_path = path or tuple(
        int(p) if p.isdigit() else p for p in where.replace("[", ".").replace("]", "").split(".")
    )
    pos = record.doc.where((*record.path, *doc_path))
    location = dotted_path((*record.path, *doc_path))
    target = by_id.get(target_id)
    if target is None and target_id in broken and broken[target_id] in targets:
        return  # the target exists but has problems of its own, reported there
    if target is None:
        candidates = [i for t in targets for i in ids_by_class.get(t, []) if i != record.entity.id]
        yield Problem(
            record.file,
            pos.line,
            pos.column,
            f"unknown {wanted} '{target_id}' in {field}",
            location,
            did_you_mean(target_id, candidates)
            or f"define {_article(targets[0].kind_name)} {targets[0].kind_name} "
            f"with id '{target_id}' or correct the id",
        )
    elif not isinstance(target.entity, targets):
        yield Problem(
            record.file,
            pos.line,
            pos.column,
            f"'{target_id}' is {a(target.entity.kind_name)}, but {field} needs "
            f"{_article(wanted)} {wanted}",
            location,
        )


def _name_logged_decisions(records: list[_Record], by_id: dict[str, _Record]) -> None:
    """A decision log may name its decision types by name or alias: put the id in their place."""
    logged = [
        r
        for r in records
        if isinstance(r.entity, LoggedDecision)
        and not isinstance(getattr(by_id.get(r.entity.decision), "entity", None), DecisionType)
    ]
    if not logged:
        return
    from icsgov.loaders.decision_log import decision_index, name_key

    index = decision_index(r.entity for r in records if isinstance(r.entity, DecisionType))
    for record in logged:
        assert isinstance(record.entity, LoggedDecision)
        found = index.get(name_key(record.entity.decision))
        if found is not None:  # the record object is shared with by_id, so both see the id
            record.entity = record.entity.model_copy(update={"decision": found})


def _hierarchy_problems(records: list[_Record], by_id: dict[str, _Record]) -> Iterator[Problem]:
    """Footprints must nest upwards in level, and neither tree may loop."""
    for record in records:
        entity = record.entity
        if isinstance(entity, Footprint) and entity.part_of in by_id:
            parent = by_id[entity.part_of].entity
            if (
                isinstance(parent, Footprint)
                and LEVEL_RANK[parent.level] <= LEVEL_RANK[entity.level]
            ):
                yield record.problem(
                    "part_of",
                    f"{a(entity.level)} cannot be part of {a(parent.level)} ('{parent.id}')",
                    "part_of must name a footprint at a wider level "
                    "(neighbourhood < place < system < region < national)",
                )
        if isinstance(entity, DecisionType | Footprint):
            field = "broader" if isinstance(entity, DecisionType) else "part_of"
            seen = [entity.id]
            current: str | None = getattr(entity, field)
            while current is not None and current in by_id:
                if current == entity.id:
                    yield record.problem(
                        field,
                        f"{field} loops back to '{entity.id}': " + " -> ".join([*seen, current]),
                        "a hierarchy must not loop; break the cycle",
                    )
                    break
                if current in seen:
                    break  # a loop above this record is reported at its own members
                seen.append(current)
                current = getattr(by_id[current].entity, field, None)
