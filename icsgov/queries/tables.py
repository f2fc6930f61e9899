"""Answers as titled tables of text: the one step the command line and the web UI share.

``icsgov who-decides`` prints these tables as aligned text
(:func:`text_table`) and ``icsgov serve`` shows the very
same :class:`Table` objects as HTML (every cell escaped), so the two cannot
drift apart: which columns, in which order, and how a band, a basis or a
finding is written are decided here once.

>>> from icsgov.queries.subsidiarity import PlaceSummary, SubsidiarityReport
>>> report = SubsidiarityReport("s", None, 0.8, 1.0, False, [], [], [],
...                             [PlaceSummary("p", "Place P", ["d"])])
>>> [t.title for t in subsidiarity_tables(report)]
['Decisions', 'Places']
>>> subsidiarity_tables(report)[1].rows
(('Place P', '1', '0', '0'),)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icsgov.queries.checks import CheckReport
    from icsgov.queries.matrix import Matrix
    from icsgov.queries.subsidiarity import SubsidiarityReport
    from icsgov.queries.who_decides import Answer, SourceUse

__all__ = [
    "Table",
    "check_tables",
    "matrix_table",
    "sources_table",
    "subsidiarity_tables",
    "text_table",
    "who_decides_tables",
]


@dataclass(frozen=True)
class Table:
    """A titled table: column headers and rows, every cell already text.

    >>> Table.of("Roles", ["role", "holder"], [["decides", None]]).rows
    (('decides', ''),)
    """

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Table:
        """Build a table, writing each cell as text (``None`` as an empty cell)."""
        return cls(
            title,
            tuple(headers),
            tuple(tuple("" if c is None else str(c) for c in row) for row in rows),
        )


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as an aligned plain-text table (no heavy dependency, fast to import).

    >>> print(text_table(["a", "bb"], [[1, "x"], [22, "yyy"]]))
    a   bb
    --  ---
    1   x
    22  yyy
    """
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def who_decides_tables(answer: Answer) -> list[Table]:
    """Roles, delegation chain and accountability of a who-decides answer (empty ones left out).

    The sources are a table of their own (:func:`sources_table`), as people
    read the warnings before them.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders import load
    >>> from icsgov.queries.who_decides import who_decides
    >>> store = MemoryStore(load())
    >>> answer = who_decides(store, "approve a capital scheme", "Forest of Dean", value=2.5e6)
    >>> [t.title for t in who_decides_tables(answer)][0]
    'Roles'
    """
    from icsgov.ontology.money import format_band
    from icsgov.queries.who_decides_text import ILLUSTRATIVE_MARK as MARK

    roles = [
        *answer.decides,
        *answer.agrees,
        *answer.ratifies,
        *answer.recommends,
        *answer.consulted,
        *answer.informed,
    ]
    tables = [
        Table.of(
            "Roles",
            ["role", "holder", "basis", "footprint", "value", "conditions"],
            (
                [
                    h.role,
                    h.name + (MARK if h.illustrative else ""),
                    h.basis.replace("_", "-"),
                    f"{h.footprint} ({h.level})",
                    format_band(h.value_min, h.value_max),
                    h.conditions or "",
                ]
                for h in roles
            ),
        ),
        Table.of(
            "Delegation chain",
            ["holder", "delegated by", "delegation", "instrument", "check"],
            (
                [
                    chain.holder,
                    step.delegator_name,
                    step.delegation + (MARK if step.illustrative else ""),
                    step.instrument_ref or step.instrument,
                    "; ".join(step.problems) or "ok",
                ]
                for chain in answer.delegation_chain
                for step in chain.steps
            ),
        ),
        Table.of(
            "Accountability",
            ["decision-maker", "answers to", "kind", "formal"],
            (
                [
                    line.actor + (MARK if line.illustrative else ""),
                    line.answers_to_name,
                    line.kind,
                    "yes" if line.formal else "no",
                ]
                for line in answer.accountability
            ),
        ),
        Table.of(
            "Band gap: the bands that exist",
            ["holder", "footprint", "value", "right"],
            (
                [
                    h.name + (MARK if h.illustrative else ""),
                    f"{h.footprint} ({h.level})",
                    format_band(h.value_min, h.value_max),
                    h.right,
                ]
                for h in answer.bands
            ),
        ),
    ]
    return [t for t in tables if t.rows]


def sources_table(sources: Sequence[SourceUse]) -> Table:
    """The documents an answer rests on: title, where in it, and which facts it supports."""
    return Table.of(
        "Sources",
        ["source", "where", "facts"],
        ([s.title, s.locator or "", ", ".join(s.used_by)] for s in sources),
    )


def subsidiarity_tables(report: SubsidiarityReport) -> list[Table]:
    """Where each decision is taken in each place, then what each place decides itself."""
    return [
        Table.of(
            "Decisions",
            ["decision", "value", "place", "taken at", "preferred", "by", "finding"],
            (
                [
                    r.decision_name,
                    r.band,
                    r.place,
                    ("nobody (band gap)" if r.gap else "nobody") if r.level is None else r.level,
                    r.preferred_level or "",
                    ", ".join(r.holders) + ("†" if r.illustrative else ""),
                    (r.finding or "").replace("_", " "),
                ]
                for r in report.decisions
            ),
        ),
        Table.of(
            "Places",
            ["place", "decides itself", "reserved above", "undecided"],
            (
                [p.name, len(p.decides_itself), len(p.reserved_above), len(p.undecided)]
                for p in report.places
            ),
        ),
    ]


def check_tables(report: CheckReport) -> list[Table]:
    """Every finding of the governance checks; a suppressed one says why it is suppressed."""
    return [
        Table.of(
            "Findings",
            ["rule", "severity", "target", "finding", "where"],
            (
                [
                    f.rule,
                    f.severity.value,
                    f.target,
                    f.message + (f" [suppressed: {f.suppression_reason}]" if f.suppressed else ""),
                    f.location.shown() if f.location else "",
                ]
                for f in report.findings
            ),
        )
    ]


def matrix_table(matrix: Matrix) -> Table:
    """The decision matrix grid (the one ``icsgov matrix`` writes in every format)."""
    headers, rows = matrix.grid()
    return Table.of(f"{matrix.system_name} (by {matrix.by})", headers, rows)
