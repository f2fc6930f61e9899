"""The rule registry: every governance check, its stable id, severity and rationale.

A rule is a function from a :class:`CheckContext` to findings, registered
with :func:`rule`. Ids are stable (``GOV001``...): data owners suppress
findings by id, and CI scripts filter on them, so an id is never reused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, cast

from icsgov.graph.store import GraphStore
from icsgov.ontology.governance import Location

__all__ = ["RULES", "CheckContext", "Finding", "Rule", "Severity", "rule"]

T = TypeVar("T")


class Severity(StrEnum):
    """How bad a finding is; ``error`` findings make ``icsgov check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CheckContext:
    """What a rule is asked about: the store, the date, and tunable thresholds.

    ``memo`` holds what rules share within one run (indexes built once from
    the store, the walk's :class:`~icsgov.queries.walk.Resolver`): see
    :meth:`shared`.
    """

    store: GraphStore
    as_of: dt.date | None = None
    max_masters: int = 3
    fragile_share: float = 0.5
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def shared(self, key: str, build: Callable[[CheckContext], T]) -> T:
        """``build(self)``, built once per context and reused by every rule that asks.

        Rules index what they join on once a run (rights by decision type,
        delegations' grants, people's posts), so no rule loops over every
        record for every pair.

        >>> ctx = CheckContext(store=None)  # type: ignore[arg-type]
        >>> ctx.shared("n", lambda c: [1]) is ctx.shared("n", lambda c: [2])
        True
        """
        if key not in self.memo:
            self.memo[key] = build(self)
        return cast(T, self.memo[key])


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: about ``target`` (the id a suppression names)."""

    rule: str
    severity: Severity
    target: str
    message: str
    related: list[str] = field(default_factory=list)
    suppressed: bool = False
    suppression: str | None = None
    suppression_reason: str | None = None
    locations: tuple[tuple[str, Location], ...] = ()
    """(record id, where it was written) for the records at fault: target first, then related."""
    baselined: bool = False
    """True when the finding is in the baseline given to ``check --baseline``."""
    illustrative: bool = False
    """True when the target or a related record is marked illustrative (invented)."""

    @property
    def location(self) -> Location | None:
        """The first place to look (the target's record, else a related one's), if known."""
        return self.locations[0][1] if self.locations else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "target": self.target,
            "message": self.message,
            "related": self.related,
            "suppressed": self.suppressed,
            "suppression": self.suppression,
            "suppression_reason": self.suppression_reason,
            "location": self.location.to_dict() if self.location else None,
            "locations": [{"record": rid, **loc.to_dict()} for rid, loc in self.locations],
            "baselined": self.baselined,
            "illustrative": self.illustrative,
        }


Check = Callable[[CheckContext], Iterator[tuple[str, str, list[str]]]]
"""A rule's body yields (target, message, related ids)."""


@dataclass(frozen=True)
class Rule:
    """A governance rule: id, name, severity, why (with the seed it rests on), how to fix."""

    id: str
    name: str
    severity: Severity
    rationale: str
    source: str
    fix: str
    check: Check

    def run(self, ctx: CheckContext) -> list[Finding]:
        """The rule's findings, none suppressed yet."""
        return [
            Finding(self.id, self.severity, target, message, related)
            for target, message, related in self.check(ctx)
        ]

    def to_dict(self) -> dict[str, str]:
        """The rule's description, for ``icsgov check --list`` and the docs."""
        return {
            "id": self.id,
            "name": self.name,
            "severity": self.severity.value,
            "rationale": self.rationale,
            "source": self.source,
            "fix": self.fix,
        }


RULES: dict[str, Rule] = {}
"""Every rule by id, in id order once the rule modules are imported."""


def rule(
    rule_id: str, name: str, severity: Severity, *, rationale: str, source: str, fix: str
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``rule_id``."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        RULES[rule_id] = Rule(rule_id, name, severity, rationale, source, fix, check)
        return check

    return register
