"""Governance checks: a linter for governance, with stable rule ids and suppressions.

Each rule family lives in its own module (decisions, delegation, bodies,
accountability, conflicts, engine_room) and registers its rules in
:data:`RULES`. :func:`run_checks` runs them and applies the data's
``suppressions`` (rule + target + reason): a suppressed finding is still
listed, marked suppressed with its reason, never silently dropped.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> store = MemoryStore(load(["tests/golden/accountability.yaml"]))
>>> report = run_checks(store, rules=["GOV050"])
>>> [(f.rule, f.target) for f in report.findings]
[('GOV050', 'acc-pmo')]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from icsgov._suggest import close_matches
from icsgov.errors import QueryError
from icsgov.graph.store import GraphStore
from icsgov.ontology.governance import Location
from icsgov.ontology.model import DecisionType, Suppression
from icsgov.progress import tick
from icsgov.queries.checks import (  # noqa: F401  (importing registers the rules)
    accountability,
    bodies,
    conflicts,
    decisions,
    delegation,
    engine_room,
    identity,
    lifetimes,
    national,
)
from icsgov.queries.checks._registry import RULES, CheckContext, Finding, Rule, Severity
from icsgov.queries.walk import invented_record

__all__ = ["RULES", "CheckReport", "Finding", "Rule", "Severity", "run_checks"]


@dataclass(frozen=True)
class CheckReport:
    """The answer of ``icsgov check``: findings (suppressed ones included) and the rules run."""

    as_of: dt.date | None
    rules: list[Rule]
    findings: list[Finding]

    @property
    def active(self) -> list[Finding]:
        """Findings not suppressed."""
        return [f for f in self.findings if not f.suppressed]

    @property
    def has_errors(self) -> bool:
        """True when an unsuppressed finding has severity ``error`` (exit status 1)."""
        return any(f.severity is Severity.ERROR for f in self.active)

    def counts(self) -> dict[str, int]:
        """Unsuppressed findings by severity, plus the number suppressed."""
        counts = Counter(f.severity.value for f in self.active)
        return {
            **{s.value: counts.get(s.value, 0) for s in Severity},
            "suppressed": len(self.findings) - len(self.active),
        }

    @property
    def illustrative(self) -> bool:
        """True when some finding is about a record marked illustrative."""
        return any(f.illustrative for f in self.findings)

    def summary(self) -> str:
        """The counts line the command and the page print: new findings by severity, then the rest.

        A baselined finding (accepted in ``--baseline``) is counted apart, not
        by severity: it does not fail the run.
        """
        from icsgov.words import counted

        new = Counter(f.severity.value for f in self.active if not f.baselined)
        line = (
            f"{counted(new['error'], 'error')}, {counted(new['warning'], 'warning')}, "
            f"{new['info']} info, {len(self.findings) - len(self.active)} suppressed"
        )
        if baselined := sum(1 for f in self.findings if f.baselined):
            line += f", {baselined} baselined (accepted, not failing)"
        return f"{line}; {counted(len(self.rules), 'rule')} run."

    def footnote(self) -> str | None:
        """The † footnote for text and HTML, when some finding is about an illustrative record."""
        from icsgov.words import ILLUSTRATIVE_NOTE

        return ILLUSTRATIVE_NOTE if self.illustrative else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (each finding with ``illustrative``)."""
        return {
            "as_of": self.as_of,
            "illustrative": self.illustrative,
            "counts": self.counts(),
            "rules": [r.to_dict() for r in self.rules],
            "findings": [f.to_dict() for f in self.findings],
        }


def _choose(rules: Iterable[str] | None) -> list[Rule]:
    if not rules:
        return [RULES[k] for k in sorted(RULES)]
    chosen = []
    for rule_id in rules:
        key = rule_id.strip().upper()
        if key not in RULES:
            hint = close_matches(key, RULES)
            raise QueryError(
                f"unknown rule '{rule_id}'"
                + (f"; did you mean {', '.join(hint)}?" if hint else "")
                + f" Rules: {', '.join(sorted(RULES))}"
            )
        chosen.append(RULES[key])
    return chosen


def run_checks(
    store: GraphStore,
    *,
    rules: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    max_masters: int = 3,
    fragile_share: float = 0.5,
    locations: Mapping[str, Location] | None = None,
) -> CheckReport:
    """Run the chosen rules (default: all) on the date and apply the data's suppressions.

    Each finding carries the locations of its records (target first, then
    related ids) from ``locations``, by default the store's own (kept by
    the loaders; empty for a store that did not load files).
    """
    chosen = _choose(rules)
    where = store.governance.locations if locations is None else locations
    # a decision type is shared vocabulary: a finding about one (a gap) is fixed in the
    # records related to it (the places), so those are named first
    shared = {d.id for d in store.entities(DecisionType)}
    ctx = CheckContext(store, as_of, max_masters, fragile_share)
    suppressions = [s for s in store.entities(Suppression) if s.valid_at(as_of)]
    findings: list[Finding] = []
    seen: dict[str, bool] = {}
    for number, rule in enumerate(chosen):
        tick(f"Checking ({rule.id})", number, len(chosen))
        for finding in rule.run(ctx):
            match = next(
                (s for s in suppressions if s.rule == rule.id and s.target == finding.target),
                None,
            )
            ids = dict.fromkeys(
                [*finding.related, finding.target]
                if finding.target in shared
                else [finding.target, *finding.related]
            )
            found = [(i, where[i]) for i in ids if i in where]
            invented = any(invented_record(store, i, seen) for i in ids)
            finding = replace(finding, locations=tuple(found), illustrative=invented)
            if match is not None:
                finding = replace(
                    finding,
                    suppressed=True,
                    suppression=match.id,
                    suppression_reason=match.reason,
                )
            findings.append(finding)
    return CheckReport(as_of, chosen, findings)
