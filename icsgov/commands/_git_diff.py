"""``icsgov diff --git OLD..NEW``: what a change to the governance data does to who decides what.

Reads the ``--data`` paths as they were at each revision
(:mod:`icsgov.loaders.git_revision`), compares who decides each decision in
each place (:mod:`icsgov.queries.who_decides_diff`) and the records added,
removed or changed (:func:`icsgov.queries.diff.diff_stores`), and prints
them as text, JSON, or a Markdown comment for a reviewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from icsgov.commands._options import caveats, dated, remember_data, show

if TYPE_CHECKING:
    from icsgov.graph.memory import MemoryStore
    from icsgov.queries.tables import Part

__all__ = ["report_git_diff"]


def _store_at(revision: str, data: Sequence[Path]) -> MemoryStore:
    from icsgov.graph.memory import MemoryStore
    from icsgov.loaders.git_revision import revision_files
    from icsgov.ontology.governance import Governance
    from icsgov.queries.scheme_documents import load

    with revision_files(revision, data) as files:
        # a path absent at that revision is no data, never the bundled example
        return MemoryStore(load(files) if files else Governance())


def report_git_diff(revisions: str, data: Sequence[Path], as_of: dt.date | None, fmt: str) -> None:
    """Print what changes between the two revisions of ``revisions`` (``OLD..NEW``)."""
    from icsgov.loaders.git_revision import parse_range
    from icsgov.queries.diff import diff_stores
    from icsgov.queries.who_decides_diff import decider_changes, markdown_comment

    old_rev, new_rev = parse_range(revisions)
    old, new = _store_at(old_rev, data), _store_at(new_rev, data)
    remember_data(new)  # the dates covered are those of the data as changed
    changes = decider_changes(old, new, as_of)
    records = diff_stores(old, new, old_rev, new_rev)
    notes = caveats(as_of)
    if fmt == "markdown":
        click.echo(markdown_comment(changes, old_rev, new_rev))
        for note in notes:
            click.echo(f"\n{note}")
        return
    from icsgov.queries.tables import decider_changes_table, record_changes_table
    from icsgov.words import ILLUSTRATIVE_NOTE

    deciders, changed = decider_changes_table(changes), record_changes_table(records)
    invented = records.illustrative or any(c.illustrative for c in changes)
    after: list[Part] = ["", changed] if changed.rows else []
    show(
        dated(
            {
                "old": old_rev,
                "new": new_rev,
                "as_of": as_of,
                "decisions": [c.to_dict() for c in changes],
                "records": records.to_dict(),
                "illustrative": invented,
            },
            as_of,
        ),
        [
            deciders
            if deciders.rows
            else f"No decision changes hands between {old_rev} and {new_rev}.",
            *after,
            *(["", ILLUSTRATIVE_NOTE] if invented else []),
            *notes,
        ],
        fmt == "json",
    )
