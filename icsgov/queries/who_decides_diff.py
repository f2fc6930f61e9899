"""What changes in who decides what between two versions of the governance data.

A reviewer of a change to governance YAML wants the consequence, not the
edited lines: which decisions, in which places and for which amounts, are
now taken by somebody else, or by nobody. :func:`decider_changes` walks
every leaf decision type in every place of each system described by either
version (the same walk as ``who-decides`` and ``check``), cuts the pounds at
every band edge of both versions, and lists each range whose deciders differ.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> old = MemoryStore(load(["tests/data/ci/governance"]))
>>> [c.outcome for c in decider_changes(old, old)]
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from icsgov.graph.store import GraphStore
from icsgov.ontology.model import DecisionType
from icsgov.ontology.money import format_band
from icsgov.queries.checks._registry import CheckContext
from icsgov.queries.checks.decisions import described_places
from icsgov.queries.subsidiarity import decider_of, leaf_decision_types
from icsgov.queries.walk import PENNY, Walk, band_segments, rests_on_invented

__all__ = ["DeciderChange", "decider_changes", "markdown_comment"]

Deciders = tuple[tuple[str, ...], str | None]
"""Who decides (holders, sorted) and at which footprint; ``((), None)`` for nobody."""

Segment = tuple[float, float | None, Deciders, frozenset[str]]
"""A value range, who decides in it, and those of them resting on an illustrative record."""


@dataclass(frozen=True)
class DeciderChange:
    """One decision, in one place, for one range of value, decided differently after."""

    decision: str
    decision_name: str
    place: str
    band: str
    before: list[str]
    before_at: str | None
    after: list[str]
    after_at: str | None
    illustrative: list[str] = field(default_factory=list)
    """Holders, before or after, whose right or who themselves are marked illustrative."""

    @property
    def outcome(self) -> str:
        """``now decided``, ``no longer decided`` (a new gap) or ``moved``."""
        if not self.before:
            return "now decided"
        if not self.after:
            return "no longer decided"
        return "moved"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {**asdict(self), "outcome": self.outcome}


def _deciders(found: Walk) -> Deciders:
    decider = decider_of(found)
    return ((), None) if decider is None else (tuple(decider.holders), decider.footprint)


def _invented(store: GraphStore, found: Walk, seen: dict[str, bool]) -> frozenset[str]:
    decider = decider_of(found)
    rights = [] if decider is None else decider.rights
    return frozenset(r.holder for r in rights if rests_on_invented(store, r, seen))


def _segments(
    store: GraphStore,
    decision: DecisionType | None,
    place: str,
    known: set[str],
    as_of: dt.date | None,
    seen: dict[str, bool],
) -> list[Segment]:
    if decision is None or place not in known:  # not in this version: nobody decides there
        return [(0.0, None, ((), None), frozenset())]
    return [
        (low, high, _deciders(found), _invented(store, found, seen))
        for low, high, found in band_segments(store, decision, place, as_of)
    ]


def _at(segments: list[Segment], value: float) -> tuple[Deciders, frozenset[str]]:
    for low, high, deciders, invented in segments:
        if low <= value and (high is None or value <= high):
            return deciders, invented
    return ((), None), frozenset()


def _places(store: GraphStore, as_of: dt.date | None) -> set[str]:
    return {p.id for p in described_places(CheckContext(store, as_of))}


def decider_changes(
    old: GraphStore, new: GraphStore, as_of: dt.date | None = None
) -> list[DeciderChange]:
    """Every (decision, place, value range) whose deciders differ between ``old`` and ``new``."""
    old_types = {d.id: d for d in leaf_decision_types(old)}
    new_types = {d.id: d for d in leaf_decision_types(new)}
    old_places, new_places = _places(old, as_of), _places(new, as_of)
    places = sorted(old_places | new_places)
    changes: list[DeciderChange] = []
    seen_old: dict[str, bool] = {}
    seen_new: dict[str, bool] = {}
    for decision_id in sorted({*old_types, *new_types}):
        named = new_types.get(decision_id) or old_types[decision_id]
        for place in places:
            before = _segments(old, old_types.get(decision_id), place, old_places, as_of, seen_old)
            after = _segments(new, new_types.get(decision_id), place, new_places, as_of, seen_new)
            cuts = sorted({s[0] for s in before} | {s[0] for s in after})
            ranges: list[tuple[float, float | None, Deciders, Deciders, frozenset[str]]] = []
            for i, low in enumerate(cuts):
                high = round(cuts[i + 1] - PENNY, 2) if i + 1 < len(cuts) else None
                (was, invented_was), (now, invented_now) = _at(before, low), _at(after, low)
                invented = invented_was | invented_now
                if ranges and ranges[-1][2:4] == (was, now):
                    ranges[-1] = (ranges[-1][0], high, was, now, ranges[-1][4] | invented)
                else:
                    ranges.append((low, high, was, now, invented))
            for low, high, was, now, invented in ranges:
                if was == now:
                    continue
                changes.append(
                    DeciderChange(
                        decision_id,
                        named.name,
                        place,
                        format_band(low or None, high),
                        list(was[0]),
                        was[1],
                        list(now[0]),
                        now[1],
                        sorted(invented),
                    )
                )
    return changes


def _who(holders: list[str], at: str | None, invented: list[str]) -> str:
    from icsgov.words import marked

    names = ", ".join(marked(h, h in invented) for h in holders)
    return f"{names} (at {at})" if holders else "nobody"


def markdown_comment(changes: list[DeciderChange], old: str, new: str) -> str:
    """A Markdown comment for a pull request: the changes as a table, new gaps first.

    >>> print(markdown_comment([], "main", "HEAD"))
    ### Who decides what: main → HEAD
    <BLANKLINE>
    No decision changes hands.
    """
    head = f"### Who decides what: {old} → {new}\n\n"
    if not changes:
        return head + "No decision changes hands."
    order = {"no longer decided": 0, "moved": 1, "now decided": 2}
    rows = sorted(changes, key=lambda c: (order[c.outcome], c.decision, c.place))
    gaps = sum(1 for c in changes if c.outcome == "no longer decided")
    lines = [
        head.rstrip("\n"),
        "",
        f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
        + (f", **{gaps} leaving a decision with nobody to take it**" if gaps else "")
        + ".",
        "",
        "| decision | place | value | before | after | outcome |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in rows:
        cells = [
            c.decision_name,
            c.place,
            c.band,
            _who(c.before, c.before_at, c.illustrative),
            _who(c.after, c.after_at, c.illustrative),
            f"**{c.outcome}**" if c.outcome == "no longer decided" else c.outcome,
        ]
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    if any(c.illustrative for c in changes):
        from icsgov.words import ILLUSTRATIVE_NOTE

        lines += ["", ILLUSTRATIVE_NOTE]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Table-safe Markdown: pipes escaped, no line breaks, no HTML."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
    )
