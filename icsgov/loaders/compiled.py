"""The compiled graph file: a whole description in SQLite, read a record at a time.

Loading national data from YAML takes a minute; a question reads a few dozen
records. :func:`write_compiled` writes a whole :class:`Governance` once into
a SQLite file: every record as one row of JSON (what the model dumps, never
a pickle: reading a row runs no code), where each record was written, and
the indexes the memory store builds in memory (records by kind, names by
case-folded text, rights by decision and footprint, delegations and lines by
actor). :class:`CompiledFile` opens it read-only and memory-mapped and turns
a row into a model only when it is read; its :class:`CompiledGovernance` is
a ``Governance`` whose records are read when asked for.

The cache (:mod:`icsgov.cache`) decides when a file may be trusted and
:class:`icsgov.graph.compiled.CompiledStore` answers questions from one;
this module only writes and reads the file.

>>> import pathlib, tempfile
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> gov = parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
... ''')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.sqlite"
>>> write_compiled(gov, path)
>>> file = CompiledFile(path)
>>> file.governance.get("glos").label, file.find_ids("ENGLAND")
('Gloucestershire', ['eng'])
>>> file.close()
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin
from urllib.parse import quote

from pydantic import BaseModel

from icsgov._heap import paused_collector, settle
from icsgov.ontology.governance import Dataset, Governance, Location
from icsgov.ontology.model import (
    ENTITY_CLASSES,
    AccountabilityLine,
    DecisionRight,
    Delegation,
    Entity,
)
from icsgov.ontology.names import names_of
from icsgov.progress import tick

__all__ = [
    "COMPILED_FORMAT",
    "CompiledFile",
    "CompiledFormatError",
    "CompiledGovernance",
    "write_compiled",
]

E = TypeVar("E", bound=Entity)

COMPILED_FORMAT = "icsgov-compiled-2"
"""Written into every file's ``meta``; a file with another value is not read."""

_CLASSES: dict[str, type[Entity]] = {cls.__name__: cls for cls in ENTITY_CLASSES}
_SEP = "\n"  # ids hold no line breaks (the model refuses control characters)
_MMAP = 1 << 30

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE file (fid INTEGER PRIMARY KEY, path TEXT NOT NULL, sheet TEXT);
CREATE TABLE entity (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,
    fid INTEGER, line INTEGER, col INTEGER);
CREATE TABLE name (text TEXT NOT NULL, ord INTEGER NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (text, ord)) WITHOUT ROWID;
CREATE TABLE link (rel TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL,
    PRIMARY KEY (rel, key, id)) WITHOUT ROWID;
"""
_INDEXES = (
    "CREATE UNIQUE INDEX entity_id ON entity (id)",
    "CREATE INDEX entity_kind ON entity (kind, id)",
    "CREATE INDEX entity_kind_seq ON entity (kind, seq)",
)


class CompiledFormatError(Exception):
    """The file is not a compiled graph this version of icsgov can read (rebuild it)."""


def write_compiled(gov: Governance, path: Path) -> None:
    """Write ``gov`` to a new SQLite file at ``path`` (which must not exist yet).

    Rows are inserted in the memory store's own order (records sorted by id,
    names in the order the memory store indexes them), so the compiled store
    answers in exactly the same order.
    """
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        db.execute("BEGIN")
        files: dict[tuple[str, str | None], int] = {}
        rows = []
        total = len(gov)
        for seq, entity in enumerate(gov):
            if not seq % 1000:
                tick("Compiling the graph", seq, total)
            where = gov.locations.get(entity.id)
            fid = line = col = None
            if where is not None:
                fid = files.setdefault((where.file, where.sheet), len(files))
                line, col = where.line, where.column
            body = entity.model_dump_json(exclude_defaults=True)
            rows.append((seq, entity.id, type(entity).__name__, body, fid, line, col))
        db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.executemany(
            "INSERT INTO file VALUES (?, ?, ?)", [(i, f, s) for (f, s), i in files.items()]
        )
        db.executemany(
            "INSERT INTO name VALUES (?, ?, ?)",
            ((text, order, entity_id) for order, (text, entity_id) in enumerate(_name_rows(gov))),
        )
        db.executemany("INSERT OR IGNORE INTO link VALUES (?, ?, ?)", _link_rows(gov))
        meta = {
            "format": COMPILED_FORMAT,
            "count": str(len(gov)),
            "datasets": json.dumps(
                [dataclasses.asdict(d) for d in gov.datasets], default=str, sort_keys=True
            ),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        for statement in _INDEXES:
            db.execute(statement)
        db.execute("COMMIT")
        db.execute("ANALYZE")
    finally:
        db.close()


def _name_rows(gov: Governance) -> Iterator[tuple[str, str]]:
    for entity in sorted(gov, key=lambda e: e.id):
        for text in names_of(entity):
            yield text.casefold(), entity.id


def _link_rows(gov: Governance) -> Iterator[tuple[str, str, str]]:
    for entity in gov:
        if isinstance(entity, DecisionRight):
            yield "right", entity.decision + _SEP + entity.footprint, entity.id
        elif isinstance(entity, Delegation):
            yield "up", entity.delegate, entity.id
            yield "down", entity.delegator, entity.id
        elif isinstance(entity, AccountabilityLine):
            yield "from", entity.actor, entity.id
            yield "to", entity.answers_to, entity.id


def _dataset(row: dict[str, str | None]) -> Dataset:
    def day(text: str | None) -> dt.date | None:
        return None if text is None else dt.date.fromisoformat(text)

    return Dataset(
        name=str(row["name"]),
        vintage=row.get("vintage"),
        path=row.get("path"),
        describes_from=day(row.get("describes_from")),
        describes_to=day(row.get("describes_to")),
    )


M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]
_CONVERTERS: dict[type[BaseModel], dict[str, Convert]] = {}


def _construct(cls: type[M], data: dict[str, Any]) -> M:
    """The model ``cls`` from a row's JSON, without running its validators.

    The row was dumped from a validated model and is opened only under the
    cache's HMAC, so validating again would only cost time (building each
    class's validator is most of a cold question's work); JSON's strings
    become dates, enums and nested models again, as pydantic would make them.
    Equal to ``cls.model_validate_json`` of the same row (tests/test_cache.py).
    """
    converters = _CONVERTERS.get(cls)
    if converters is None:
        converters = _CONVERTERS[cls] = {
            name: convert
            for name, field in cls.model_fields.items()
            if (convert := _converter(field.annotation)) is not None
        }
    values = {
        key: (convert(value) if (convert := converters.get(key)) is not None else value)
        for key, value in data.items()
    }
    return cls.model_construct(_fields_set=set(data), **values)


def _converter(annotation: Any) -> Convert | None:
    """How a JSON value becomes the field's Python value (``None``: it already is)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _converter(get_args(annotation)[0])
    if origin in (Union, UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else None
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin is list:
        item = _converter(get_args(annotation)[0])
        return None if item is None else (lambda value: [item(v) for v in value])
    if annotation is dt.date:
        return dt.date.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        model = annotation
        return lambda value: _construct(model, value)
    return None


class CompiledFile:
    """A compiled graph file opened read-only; each record is built once, when first read.

    Safe to share between threads (``serve``): reads go through one lock.
    """

    how = "opened"
    """How the cache found this file (``fast``, ``hashed``, ``built``; see :mod:`icsgov.cache`)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        uri = "file:" + quote(str(self.path.resolve())) + "?mode=ro&immutable=1"
        try:
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise CompiledFormatError(f"cannot open {path}: {exc}") from None
        self._lock = threading.Lock()
        self._models: dict[str, Entity] = {}
        self._links: dict[tuple[str, str], tuple[str, ...]] = {}
        self._kinds: dict[type[Entity], list[Entity]] = {}
        self._all_ids: list[str] | None = None
        self._all: list[Entity] | None = None
        try:
            self._db.execute("PRAGMA trusted_schema = OFF")
            self._db.execute("PRAGMA query_only = ON")
            self._db.execute(f"PRAGMA mmap_size = {_MMAP}")
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            self._db.close()
            raise CompiledFormatError(f"{path} is not a compiled graph: {exc}") from None
        if meta.get("format") != COMPILED_FORMAT:
            self._db.close()
            raise CompiledFormatError(
                f"{path} is in format {meta.get('format')!r}, not {COMPILED_FORMAT!r}"
            )
        self.count = int(meta["count"])
        self.governance = CompiledGovernance(
            self, [_dataset(d) for d in json.loads(meta["datasets"])]
        )

    def close(self) -> None:
        """Close the file (nothing more can be read from it)."""
        self._db.close()

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _model(self, entity_id: str, kind: str, body: str, bulk: bool = False) -> Entity:
        """The record, built once: validated from JSON in bulk reads (faster per record once
        the class's validator exists), constructed directly for the few a question reads
        (no validator to build)."""
        found = self._models.get(entity_id)
        if found is None:
            cls = _CLASSES[kind]
            found = cls.model_validate_json(body) if bulk else _construct(cls, json.loads(body))
            self._models[entity_id] = found
        return found

    def lookup(self, entity_id: str) -> Entity | None:
        """The record with this id, or ``None``."""
        found = self._models.get(entity_id)
        if found is not None:
            return found
        rows = self._rows("SELECT kind, body FROM entity WHERE id = ?", (entity_id,))
        if not rows:
            return None
        kind, body = rows[0]
        return self._model(entity_id, str(kind), str(body))

    def ids(self) -> list[str]:
        """Every id, in the order the records were loaded."""
        if self._all_ids is None:
            self._all_ids = [str(r[0]) for r in self._rows("SELECT id FROM entity ORDER BY seq")]
        return self._all_ids

    def of_kind(self, kind: type[E]) -> list[E]:
        """Every record of a class, sorted by id (the file's own list: copy it to change it)."""
        found = self._kinds.get(kind)
        if found is None:
            rows = self._rows(
                "SELECT id, body FROM entity INDEXED BY entity_kind WHERE kind = ? ORDER BY id",
                (kind.__name__,),
            )
            with paused_collector():
                found = [self._model(str(i), kind.__name__, str(b), True) for i, b in rows]
            self._kinds[kind] = found
        return found  # type: ignore[return-value]

    def find_ids(self, text: str) -> list[str]:
        """Ids whose id, code, name or alias equals ``text`` (case-insensitive), once each."""
        rows = self._rows(
            "SELECT id FROM name WHERE text = ? ORDER BY ord", (text.strip().casefold(),)
        )
        return list(dict.fromkeys(str(r[0]) for r in rows))

    def names(self) -> list[str]:
        """Every name, alias, code and id known, case-folded, in the memory store's order."""
        rows = self._rows("SELECT text FROM name GROUP BY text ORDER BY MIN(ord)")
        return [str(r[0]) for r in rows]

    def linked(self, rel: str, key: str) -> tuple[str, ...]:
        """Ids indexed under ``key`` for ``rel``.

        ``right``: rights by decision and footprint (joined by a line break);
        ``up``/``down``: delegations to/by an actor; ``from``/``to``: lines.
        """
        found = self._links.get((rel, key))
        if found is None:
            rows = self._rows("SELECT id FROM link WHERE rel = ? AND key = ?", (rel, key))
            found = self._links[(rel, key)] = tuple(str(r[0]) for r in rows)
        return found

    def every(self, kind: type[Entity] | None = None) -> list[Entity]:
        """Every record (of one class), in load order, each built once."""
        if kind is None and self._all is not None:
            return list(self._all)
        if kind is None:
            rows = self._rows("SELECT id, kind, body FROM entity ORDER BY seq")
        else:
            rows = self._rows(
                # by the index: left to itself SQLite walks every row in seq order
                "SELECT id, kind, body FROM entity INDEXED BY entity_kind_seq "
                "WHERE kind = ? ORDER BY seq",
                (kind.__name__,),
            )
        with paused_collector():
            found = [self._model(str(i), str(k), str(b), True) for i, k, b in rows]
        settle(len(found))
        if kind is None:
            self._all = found
            return list(found)
        return found

    def counts(self) -> dict[str, int]:
        """Records per class name (the Python class's)."""
        rows = self._rows("SELECT kind, COUNT(*) FROM entity GROUP BY kind")
        return {str(k): int(str(n)) for k, n in rows}

    def location(self, entity_id: str) -> Location | None:
        """Where the record was written, if it came from a file."""
        rows = self._rows(
            "SELECT f.path, f.sheet, e.line, e.col FROM entity e JOIN file f ON f.fid = e.fid "
            "WHERE e.id = ?",
            (entity_id,),
        )
        if not rows:
            return None
        path, sheet, line, col = rows[0]
        return Location(
            str(path), int(str(line)), int(str(col)), None if sheet is None else str(sheet)
        )

    def locations(self) -> list[tuple[str, Location]]:
        """Every record's location, in load order."""
        rows = self._rows(
            "SELECT e.id, f.path, f.sheet, e.line, e.col FROM entity e "
            "JOIN file f ON f.fid = e.fid ORDER BY e.seq"
        )
        return [
            (str(i), Location(str(p), int(str(ln)), int(str(c)), None if s is None else str(s)))
            for i, p, s, ln, c in rows
        ]


class _Entities(Mapping[str, Entity]):
    """The records of a compiled graph by id, each read from the file when first asked."""

    def __init__(self, store: CompiledFile) -> None:
        self._store = store

    def __getitem__(self, entity_id: str) -> Entity:
        found = self._store.lookup(entity_id)
        if found is None:
            raise KeyError(entity_id)
        return found

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and self._store.lookup(entity_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._store.ids())

    def __len__(self) -> int:
        return self._store.count

    def values(self) -> list[Entity]:  # type: ignore[override]
        """Every record in load order (built in one pass)."""
        return self._store.every()


class _Locations(Mapping[str, Location]):
    """Where each record was written, read from the file when asked."""

    def __init__(self, store: CompiledFile) -> None:
        self._store = store
        self._all: dict[str, Location] | None = None

    def _whole(self) -> dict[str, Location]:
        if self._all is None:
            self._all = dict(self._store.locations())
        return self._all

    def __getitem__(self, entity_id: str) -> Location:
        if self._all is not None:
            return self._all[entity_id]
        found = self._store.location(entity_id)
        if found is None:
            raise KeyError(entity_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())


class CompiledGovernance(Governance):
    """The :class:`Governance` of a compiled graph: records are read when asked for.

    ``entities`` and ``locations`` are read-only mappings over the file;
    walking all of them builds every model (as loading would), one id at a
    time only what is asked. :meth:`materialised` gives a plain ``Governance``.
    """

    def __init__(self, store: CompiledFile, datasets: list[Dataset]) -> None:
        # a Governance whose mappings read the file; not the dataclass's dicts
        self.entities = _Entities(store)  # type: ignore[assignment]
        self.datasets = datasets
        self.locations = _Locations(store)  # type: ignore[assignment]
        self._store = store

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._store.every())

    def of_type(self, kind: type[E]) -> list[E]:
        """Every entity of one class, in load order."""
        return self._store.every(kind)  # type: ignore[return-value]

    def counts(self) -> dict[str, int]:
        """Number of entities per class, keyed by the class's human name, every class listed."""
        found = self._store.counts()
        return {cls.kind_name: found.get(cls.__name__, 0) for cls in ENTITY_CLASSES}

    def materialised(self) -> Governance:
        """A plain, whole :class:`Governance` with the same records, datasets and locations."""
        entities = {e.id: e for e in self._store.every()}
        return Governance(entities, list(self.datasets), dict(self._store.locations()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Governance):
            return NotImplemented
        return (dict(self.entities), self.datasets) == (dict(other.entities), other.datasets)

    __hash__ = None  # type: ignore[assignment]
