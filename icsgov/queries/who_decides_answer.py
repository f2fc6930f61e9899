"""The answer of :func:`~icsgov.queries.who_decides.who_decides`: plain frozen data.

Kept apart from the rules that build it, so renderers (tables, pages, the
summary paragraph) read the answer without importing the rules. An
:class:`Answer` is built once, with its summary paragraph written from the
finished answer (:func:`~icsgov.queries.who_decides_text.summarise_answer`)
and the name of the place asked about (``place_name``, used only for that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import InitVar, asdict, dataclass, field
from typing import Any

from icsgov.queries.who_decides_text import summarise_answer

__all__ = ["Answer", "ChainStep", "DelegationChain", "Holder", "Line", "SourceUse"]


@dataclass(frozen=True)
class Holder:
    """One holder's part in the decision, from one decision right."""

    id: str
    name: str
    kind: str
    role: str
    basis: str
    footprint: str
    level: str
    right: str
    value_min: float | None = None
    value_max: float | None = None
    conditions: str | None = None
    delegation: str | None = None
    illustrative: bool = False
    codes: dict[str, str] = field(default_factory=dict)
    rule: str | None = None
    rule_text: str | None = None


@dataclass(frozen=True)
class ChainStep:
    """One delegation on the way back to the statutory holder."""

    delegation: str
    delegator: str
    delegator_name: str
    delegate: str
    instrument: str
    instrument_ref: str | None
    value_max: float | None
    delegator_right: str | None
    delegator_basis: str | None
    problems: list[str] = field(default_factory=list)
    illustrative: bool = False
    delegator_codes: dict[str, str] = field(default_factory=dict)
    rule: str | None = None


@dataclass(frozen=True)
class DelegationChain:
    """How a decision-maker's power traces back to a holder in law (or where it breaks)."""

    holder: str
    steps: list[ChainStep]
    statutory_holder: str | None
    broken: bool
    reason: str | None = None


@dataclass(frozen=True)
class Line:
    """A decision-maker's own accountability line."""

    id: str
    actor: str
    answers_to: str
    answers_to_name: str
    kind: str
    formal: bool
    basis: str | None
    illustrative: bool = False


@dataclass(frozen=True)
class SourceUse:
    """A citation used by the answer, with the facts that rely on it."""

    source: str
    title: str
    locator: str | None
    used_by: list[str]


@dataclass(frozen=True)
class Answer:
    """The answer to "who decides DECISION at PLACE (for VALUE, on AS_OF)?"."""

    decision: str
    decision_name: str
    answered_for: str
    answered_for_name: str
    fallback: bool
    place: str
    place_named: str
    chain: list[str]
    as_of: dt.date | None
    value: float | None
    found: bool
    footprint: str | None
    footprint_name: str | None
    level: str | None
    decides: list[Holder]
    agrees: list[Holder]
    ratifies: list[Holder]
    recommends: list[Holder]
    consulted: list[Holder]
    informed: list[Holder]
    ambiguous: bool
    de_facto: list[Holder]
    de_jure: list[Holder]
    delegation_chain: list[DelegationChain]
    accountability: list[Line]
    conditions: list[str]
    value_band: str | None
    warnings: list[str]
    sources: list[SourceUse]
    place_name: InitVar[str]
    summary: str = field(init=False)
    gap: bool = False
    bands: list[Holder] = field(default_factory=list)
    hint: list[Holder] = field(default_factory=list)
    hint_for: str | None = None
    illustrative: bool = False
    illustrative_records: list[str] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)
    caveats: list[str] = field(default_factory=list)
    place_codes: dict[str, str] = field(default_factory=dict)
    baseline_only: bool = False
    system_organisation: str | None = None

    def __post_init__(self, place_name: str) -> None:
        # the summary is the answer's own words: written once, from the finished answer
        object.__setattr__(self, "summary", summarise_answer(self, place_name))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (dates stay ``date``; ``emit_json`` writes them as ISO)."""
        return asdict(self)
