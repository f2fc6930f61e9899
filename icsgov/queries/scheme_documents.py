"""Schemes of delegation given to ``--data`` directly, read with their mapping files.

A published SoRD (``.xlsx``, ``.csv``, ``.docx``, ``.pdf``) can sit beside the
YAML it refers to: ``--data glos/ --data sord-2025.xlsx``. It is read exactly
as ``icsgov sod import`` reads it, with the mapping file that import wrote
beside it (``sord-2025.mapping.yaml``: the system, the effective dates and
every name mapped). Documents are read earliest first; a version imported
with ``--supersedes`` ends the version it supersedes the day before its own
effective date, as the YAML route does. Its rights are added on top of the YAML, which is read
first because the names resolve against it; without YAML the bundled
example is the base. Every problem names the document and its sheet, row
and column; nothing is loaded unless everything reads.

It sits on the queries floor, above the other loaders, because the names are
matched by the ``sod import`` code (:mod:`icsgov.queries.scheme_import`)
against a store over the data read so far. :func:`load` is ``icsgov.load``:
:func:`icsgov.loaders.load` with the documents added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from icsgov.errors import InputError, Problem
from icsgov.loaders import LoadPlan
from icsgov.ontology.governance import Dataset, Governance

__all__ = ["add_documents", "load"]


def load(paths: Iterable[str | Path] | None = None) -> Governance:
    """The data ``--data`` names: :func:`icsgov.loaders.load`, with scheme documents added.

    A scheme of delegation among ``paths`` is read with its mapping file on top
    of the rest (:func:`add_documents`); without documents this is exactly
    :func:`icsgov.loaders.load`, from the cache when it can.

    >>> gov = load()
    >>> len(gov) > 0
    True
    """
    plan = LoadPlan(paths)
    base = plan.base()
    return add_documents(base, plan.documents) if plan.documents else base


def add_documents(base: Governance, documents: Sequence[Path]) -> Governance:
    """``base`` with the records of each scheme document added; ``InputError`` on any problem."""
    from icsgov.graph.memory import MemoryStore  # the documents' readers load only when asked
    from icsgov.queries.scheme_import import import_scheme, load_mapping

    problems: list[Problem] = []
    added: dict[str, tuple[str, object]] = {}
    result = base
    ends = _ends(documents)
    for document in _in_order(documents):
        mapping_path = document.with_suffix(".mapping.yaml")
        if not mapping_path.is_file():
            problems.append(
                Problem(
                    str(document),
                    0,
                    0,
                    "a scheme of delegation needs its mapping file to be used as data",
                    hint=f"run 'icsgov sod import {document} --system SYSTEM' first; it writes "
                    f"{mapping_path.name}",
                )
            )
            continue
        try:
            mapping = load_mapping(mapping_path)
            layout = mapping.scheme
            system = str(layout.get("system") or "")
            if not system:
                raise InputError(
                    [
                        Problem(
                            str(mapping_path),
                            0,
                            0,
                            "the mapping file does not name its system",
                            hint="run 'icsgov sod import' again to rewrite it",
                        )
                    ]
                )
            effective = _date(layout.get("effective"))
            found = import_scheme(
                document,
                MemoryStore(result),
                system,
                effective,
                mapping=mapping,
                effective=effective,
                until=_date(layout.get("until")) or ends.get(str(layout.get("source") or "")),
                source_id=str(layout.get("source") or "") or None,
            )
        except InputError as exc:
            problems += exc.problems
            continue
        if found.problems or found.pending:
            problems += found.problems + found.pending
            continue
        for record in found.records:
            if record.id in base or record.id in added:
                where = added[record.id][0] if record.id in added else "the YAML data"
                problems.append(
                    Problem(
                        str(document),
                        0,
                        0,
                        f"'{record.id}' is already defined in {where}",
                        hint="give the document another --source-id, or leave one copy out",
                    )
                )
            added[record.id] = (str(document), record)
        result = result.merged(
            Governance(
                {r.id: r for r in found.records},
                [Dataset(name=document.stem, path=str(document))],
                found.locations,
            )
        )
    if problems:
        raise InputError(problems)
    return result


def _layouts(documents: Sequence[Path]) -> dict[Path, dict[str, object]]:
    from icsgov.queries.scheme_import import load_mapping

    found: dict[Path, dict[str, object]] = {}
    for document in documents:
        mapping_path = document.with_suffix(".mapping.yaml")
        if mapping_path.is_file():
            try:
                found[document] = load_mapping(mapping_path).scheme
            except InputError:
                continue  # reported when the document itself is read
    return found


def _in_order(documents: Sequence[Path]) -> list[Path]:
    """Earlier versions first, so a later one can use the decision types they introduced."""
    layouts = _layouts(documents)
    return sorted(documents, key=lambda d: str(layouts.get(d, {}).get("effective") or ""))


def _ends(documents: Sequence[Path]) -> dict[str, dt.date]:
    """Source id -> last day, for each version another document given here supersedes."""
    ends: dict[str, dt.date] = {}
    for layout in _layouts(documents).values():
        earlier, start = layout.get("supersedes"), _date(layout.get("effective"))
        if earlier and start:
            ends[str(earlier)] = start - dt.timedelta(days=1)
    return ends


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    return dt.date.fromisoformat(str(value))
