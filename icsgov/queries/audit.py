"""The decision audit: was each logged decision taken by someone entitled to take it, that day?

Board-paper systems record the decisions taken; schemes of delegation record
who may take them. The audit puts the two together. Each ``taken`` record of
the decision log (:class:`~icsgov.ontology.model.LoggedDecision`) is checked
against the authority in force **on its own date**, through the same walk as
``who-decides`` (:func:`icsgov.queries.walk.walk`), so the audit and the
answer to "who decides?" can never disagree. The rules (written out for
governance leads in ``docs/audit.md``):

======  ========  ==============================================================
rule    severity  finding
======  ========  ==============================================================
AUD001  error     taken by a body or post that holds no authority for it
AUD002  error     above (or below) the taker's value band, or over the limit of
                  the delegation it acted under
AUD003  error     the taker did not exist on that date, or its right or
                  delegation was not in force that day
AUD004  warning   escalated: taken by a holder whose right sits above the level
                  where the rights put the decision
AUD005  error     taken below the level where the rights put the decision
AUD006  error     nobody held the authority on that date (no right, or a gap
                  between value bands)
AUD007  error     a de-facto decision not formally ratified within the stated
                  number of days, or ratified by a body with no ratifying right
AUD008  error     a member with a declared interest in the decision's
                  counterparty was present
======  ========  ==============================================================

A taker is entitled when it holds a ``decides`` right the walk returns
(at the footprint where the decision is taken, for the value, on the date), or
when it is the delegate of such a holder under delegations in force that day
for the decision type and the place (sub-delegation only where the delegation
above allows it), within each delegation's limit. ``ratified`` records are
checked as ratifications of the record they name; ``noted`` records need no
authority and are listed, not judged.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints: [{id: sys, name: Riverside, level: system}]
... organisations: [{id: icb, name: Riverside ICB, kind: icb, footprints: [sys]}]
... bodies:
...   - {id: board, name: ICB board, kind: board, of: [icb], footprint: sys}
...   - {id: fin, name: Finance committee, kind: committee, of: [icb], footprint: sys}
... decision_types: [{id: capital, name: Approve a capital scheme}]
... decision_rights:
...   - {id: r1, holder: board, decision: capital, footprint: sys, role: decides,
...      basis: statutory}
... delegations:
...   - {id: d1, delegator: board, delegate: fin, decisions: [capital], value_max: 1000000,
...      instrument: scheme_of_delegation}
... decision_log:
...   - {id: m1, date: 2024-05-01, taken_by: fin, decision: capital, value: 1000000}
...   - {id: m2, date: 2024-06-01, taken_by: fin, decision: capital, value: 1200000}
... '''))
>>> report = audit(store)
>>> [(j.decision, j.verdict) for j in report.decisions]
[('m1', 'ok'), ('m2', 'findings')]
>>> [(f.rule, f.decision, f.delegation) for f in report.findings]
[('AUD002', 'm2', 'd1')]
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from icsgov.errors import IcsgovError, NotFound
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    LEVEL_RANK,
    Basis,
    Body,
    DecisionRight,
    DecisionStatus,
    DeclaredInterest,
    Delegation,
    Entity,
    Footprint,
    LoggedDecision,
    Organisation,
    Post,
    Role,
)
from icsgov.ontology.money import format_band, format_money
from icsgov.progress import tick
from icsgov.queries.coverage import store_coverage
from icsgov.queries.resolve import chain_on
from icsgov.queries.walk import Walk, in_force, in_force_span, walk

__all__ = [
    "DEFAULT_RATIFY_WITHIN",
    "RULES",
    "AuditFinding",
    "AuditReport",
    "Judgement",
    "audit",
    "decisions_of",
    "decisions_under",
]

DEFAULT_RATIFY_WITHIN = 90
"""Days within which a de-facto decision must be formally ratified, unless stated otherwise."""

RULES: dict[str, tuple[str, str]] = {
    "AUD001": ("error", "taken by a body or post that holds no authority for it"),
    "AUD002": ("error", "outside the taker's value band or over its delegation's limit"),
    "AUD003": ("error", "taker, right or delegation not in force on the date"),
    "AUD004": ("warning", "escalated: taken above the level the rights put it"),
    "AUD005": ("error", "taken below the level the rights put it"),
    "AUD006": ("error", "nobody held the authority on that date (no right, or a band gap)"),
    "AUD007": ("error", "de-facto decision not formally ratified in time, or by the wrong body"),
    "AUD008": ("error", "a member with a declared interest in the counterparty was present"),
}
"""Rule id -> (severity, what it finds)."""

_MAX_DELEGATION_STEPS = 6


@dataclass(frozen=True)
class AuditFinding:
    """One problem with one logged decision, with the authority it was judged against."""

    rule: str
    severity: str
    decision: str
    date: dt.date
    taken_by: str
    taken_by_name: str
    decision_type: str
    message: str
    right: str | None = None
    delegation: str | None = None
    reference: str | None = None
    sources: list[dict[str, str | None]] = field(default_factory=list)
    illustrative: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class Judgement:
    """The audit's verdict on one logged record: ``ok``, ``findings``, ``ratification``, ``noted``.

    ``right`` and ``delegation`` are the authority the decision rests on (or,
    for a finding, the authority it was judged against); ``level`` is where the
    rights put the decision that day.
    """

    decision: str
    date: dt.date
    taken_by: str
    decision_type: str
    status: str
    place: str | None
    value: float | None
    verdict: str
    right: str | None = None
    delegation: str | None = None
    level: str | None = None
    rules: list[str] = field(default_factory=list)
    caveat: str | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class AuditReport:
    """Every logged record's verdict and every finding, in log order."""

    ratify_within: int
    decisions: list[Judgement]
    findings: list[AuditFinding]

    @property
    def has_findings(self) -> bool:
        """True when anything was found (``icsgov audit`` then exits 1)."""
        return bool(self.findings)

    def counts(self) -> dict[str, int]:
        """Findings by rule id, every rule listed."""
        found = Counter(f.rule for f in self.findings)
        return {rule: found.get(rule, 0) for rule in RULES}

    def for_decision(self, decision_id: str) -> list[AuditFinding]:
        """The findings about one logged record."""
        return [f for f in self.findings if f.decision == decision_id]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (dates stay ``date``)."""
        return {
            "ratify_within_days": self.ratify_within,
            "counts": self.counts(),
            "rules": [
                {"id": rule, "severity": severity, "finds": finds}
                for rule, (severity, finds) in RULES.items()
            ],
            "decisions": [asdict(j) for j in self.decisions],
            "findings": [f.to_dict() for f in self.findings],
        }


def audit(
    store: GraphStore,
    log: Sequence[LoggedDecision] | None = None,
    ratify_within: int = DEFAULT_RATIFY_WITHIN,
) -> AuditReport:
    """Audit ``log`` (default: the store's own ``decision_log``) against the store's authority.

    ``ratify_within`` is the number of days within which a decision taken
    on a de-facto basis must be formally ratified (rule AUD007).
    """
    if ratify_within < 0:
        raise IcsgovError(f"ratify_within must be 0 or more days, not {ratify_within}")
    records = sorted(
        store.entities(LoggedDecision) if log is None else log, key=lambda r: (r.date, r.id)
    )
    return _Auditor(store, records, ratify_within).run()


def decisions_under(
    store: GraphStore,
    rights: Sequence[str],
    decision: str | None = None,
    limit: int = 10,
    until: dt.date | None = None,
) -> list[Judgement]:
    """The logged decisions up to ``until``, most recent first, resting on one of ``rights``.

    The other direction of the audit: beside a who-decides answer, the decisions
    actually taken under the right it reports (``who-decides --decisions``).
    ``decision`` narrows the log to one decision type (or its narrower types)
    before auditing.
    """
    wanted = set(rights)
    log = [  # ratifications stay in: a de-facto decision is judged with its ratification
        d
        for d in store.entities(LoggedDecision)
        if decision is None or decision in (t.id for t in store.decision_lineage(d.decision))
    ]
    taken = [j for j in _taken(store, log, until) if j.right in wanted]
    return taken[:limit]


def decisions_of(
    store: GraphStore, actors: Collection[str], limit: int = 10, until: dt.date | None = None
) -> dict[str, list[Judgement]]:
    """For each actor, the logged decisions up to ``until`` taken under its authority.

    Those are the decisions it took itself (whatever the audit found) and
    those taken by others resting on a right it holds (a delegate acting
    under its right), most recent first, at most ``limit`` each; actors with
    none are left out. The other direction of the audit, beside a body in
    ``icsgov web --decisions N``.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders.governance_yaml import parse_yaml
    >>> store = MemoryStore(parse_yaml('''
    ... footprints: [{id: sys, name: Riverside, level: system}]
    ... organisations: [{id: icb, name: Riverside ICB, kind: icb, footprints: [sys]}]
    ... bodies:
    ...   - {id: board, name: ICB board, kind: board, of: [icb], footprint: sys}
    ...   - {id: fin, name: Finance committee, kind: committee, of: [icb], footprint: sys}
    ... decision_types: [{id: capital, name: Approve a capital scheme}]
    ... decision_rights:
    ...   - {id: r1, holder: board, decision: capital, footprint: sys, role: decides,
    ...      basis: statutory}
    ... delegations:
    ...   - {id: d1, delegator: board, delegate: fin, decisions: [capital], value_max: 1000000,
    ...      instrument: scheme_of_delegation}
    ... decision_log:
    ...   - {id: m1, date: 2024-05-01, taken_by: fin, decision: capital, value: 900000}
    ...   - {id: m2, date: 2024-06-01, taken_by: board, decision: capital, value: 7000000}
    ... '''))
    >>> {actor: [j.decision for j in taken] for actor, taken in decisions_of(
    ...     store, ["board", "fin"]).items()}
    {'board': ['m2', 'm1'], 'fin': ['m1']}
    """
    wanted = set(actors)
    found: dict[str, list[Judgement]] = {}
    holders: dict[str, str | None] = {}
    for judgement in _taken(store, store.entities(LoggedDecision), until):
        under = {judgement.taken_by}
        if judgement.right is not None:
            if judgement.right not in holders:
                right = store.get(judgement.right)
                holders[judgement.right] = (
                    right.holder if isinstance(right, DecisionRight) else None
                )
            under.add(holders[judgement.right] or judgement.taken_by)
        for actor in under & wanted:
            kept = found.setdefault(actor, [])
            if len(kept) < limit:
                kept.append(judgement)
    return found


def _taken(
    store: GraphStore, log: Sequence[LoggedDecision], until: dt.date | None
) -> list[Judgement]:
    """The audit of ``log``: its ``taken`` decisions up to ``until``, most recent first."""
    taken = [
        j
        for j in audit(store, log).decisions
        if j.status == "taken" and (until is None or j.date <= until)
    ]
    return sorted(taken, key=lambda j: (j.date, j.decision), reverse=True)


class _Auditor:
    def __init__(self, store: GraphStore, records: list[LoggedDecision], days: int) -> None:
        self.store = store
        self.records = records
        self.days = days
        self.ratifications: dict[str, list[LoggedDecision]] = {}
        for record in records:
            if record.status is DecisionStatus.RATIFIED and record.ratifies:
                self.ratifications.setdefault(record.ratifies, []).append(record)
        self.interests: dict[str, list[DeclaredInterest]] = {}
        for interest in store.entities(DeclaredInterest):
            self.interests.setdefault(interest.member, []).append(interest)
        self.coverage = store_coverage(store)
        self._entities: dict[str, Entity | None] = {}
        self._groups: dict[tuple[str, tuple[str, ...]], _Group] = {}
        self._chains: dict[tuple[str, dt.date], list[Footprint]] = {}
        self._cells: dict[tuple[str, str], _Cell] = {}
        self._lineage: dict[str, list[str]] = {}
        self.findings: list[AuditFinding] = []

    def run(self) -> AuditReport:
        judgements = []
        for number, record in enumerate(self.records):
            tick("Auditing decisions", number, len(self.records))
            judgements.append(self._judge(record))
        return AuditReport(self.days, judgements, self.findings)

    # --- one record -----------------------------------------------------------

    def _judge(self, record: LoggedDecision) -> Judgement:
        caveat = self.coverage.caveat(record.date)
        if record.status is not DecisionStatus.TAKEN:
            return Judgement(
                decision=record.id,
                date=record.date,
                taken_by=record.taken_by,
                decision_type=record.decision,
                status=record.status.value,
                place=record.place,
                value=record.value,
                verdict="noted" if record.status is DecisionStatus.NOTED else "ratification",
                caveat=caveat,
                illustrative=record.illustrative,
            )
        before = len(self.findings)
        place = record.place or self._home(record.taken_by)
        right, delegation, level = self._authority(record, place)
        self._conflicts(record)
        rules = [f.rule for f in self.findings[before:]]
        return Judgement(
            decision=record.id,
            date=record.date,
            taken_by=record.taken_by,
            decision_type=record.decision,
            status=record.status.value,
            place=place,
            value=record.value,
            verdict="findings" if rules else "ok",
            right=right.id if right else None,
            delegation=delegation.id if delegation else None,
            level=level,
            rules=rules,
            caveat=caveat,
            illustrative=record.illustrative,
        )

    def _authority(
        self, record: LoggedDecision, place: str | None
    ) -> tuple[DecisionRight | None, Delegation | None, str | None]:
        """Find the authority the decision rests on, adding findings where there is none."""
        taker = self._entity(record.taken_by)
        existed = taker is not None and taker.valid_at(record.date)
        if not existed:
            self._find("AUD003", record, f"{self._name(record.taken_by)} {_lifetime(taker)}")
        if place is None:
            self._find(
                "AUD006",
                record,
                f"no place is given and {self._name(record.taken_by)} has no footprint, "
                "so the authority cannot be looked up; give the decision a place",
            )
            return None, None, None
        group = self._group(record.decision, place, record.date)
        chain = group.chain
        found = group.walk(self.store, record.value, record.date)
        level = found.footprint.level.value if found.footprint else None
        if found.found:
            holders = found.decides
            direct = [r for r in holders if r.holder == record.taken_by]
            if direct:
                right = direct[0]
                if right.basis is Basis.DE_FACTO:
                    self._ratified(record, right, place)
                return right, None, level
            path = self._delegated(record, found, chain)
            if path is not None:
                right, steps = path
                self._limits(record, right, steps)
                return right, steps[-1], level
        if not existed:
            return None, None, level
        return self._not_entitled(record, found, group), None, level

    def _delegated(
        self, record: LoggedDecision, found: Walk, chain: list[Footprint]
    ) -> tuple[DecisionRight, list[Delegation]] | None:
        """Delegations in force from a holder the walk returns down to the taker (top first)."""
        holders = {r.holder: r for r in found.decides}
        lineage = set(self._lineage_ids(record.decision))
        chain_ids = {f.id for f in chain}
        frontier: list[tuple[str, list[Delegation]]] = [(record.taken_by, [])]
        seen = {record.taken_by}
        for _ in range(_MAX_DELEGATION_STEPS):
            following: list[tuple[str, list[Delegation]]] = []
            for actor, path in frontier:
                for delegation in self.store.delegations(actor, "up", record.date):
                    if delegation.delegate != actor or not self._applies(
                        delegation, lineage, chain_ids, record.date
                    ):
                        continue
                    if path and not delegation.may_subdelegate:
                        continue  # the delegate above may not pass this power on
                    steps = [delegation, *path]
                    if delegation.delegator in holders:
                        return holders[delegation.delegator], steps
                    if delegation.delegator not in seen:
                        seen.add(delegation.delegator)
                        following.append((delegation.delegator, steps))
            frontier = following
        return None

    def _applies(
        self, delegation: Delegation, lineage: set[str], chain_ids: set[str], day: dt.date
    ) -> bool:
        return (
            bool(set(delegation.decisions) & lineage)
            and (delegation.footprint is None or delegation.footprint in chain_ids)
            and in_force(self.store, delegation, day)
        )

    def _limits(
        self, record: LoggedDecision, right: DecisionRight, steps: list[Delegation]
    ) -> None:
        if record.value is None:
            return
        for delegation in steps:
            limit = delegation.value_max
            if limit is not None and record.value > limit:
                self._find(
                    "AUD002",
                    record,
                    f"{format_money(record.value)} is over the {format_money(limit)} limit of "
                    f"the delegation from {self._name(delegation.delegator)} to "
                    f"{self._name(delegation.delegate)}",
                    right=right,
                    delegation=delegation,
                )
                return

    def _not_entitled(
        self, record: LoggedDecision, found: Walk, group: _Group
    ) -> DecisionRight | None:
        """Say why the taker was not entitled, most specific reason first."""
        taker = record.taken_by
        lineage = self._lineage_ids(record.decision)
        chain_ids = group.chain_ids
        own_all = [r for r in group.rights if r.holder == taker and r.role is Role.DECIDES]
        own = [r for r in own_all if in_force(self.store, r, record.date)]
        who = self._name(taker)
        out_of_band = [r for r in own if not r.covers(record.value)]
        covering = [r for r in own if r.covers(record.value)]
        above = [
            r
            for r in covering
            if found.index is not None and chain_ids.index(r.footprint) > found.index
        ]
        if above:
            right = above[0]
            self._find(
                "AUD004",
                record,
                f"escalated: {who} decides this at {self._name(right.footprint)}, but the "
                f"rights put it at {found.footprint.name if found.footprint else '?'} "
                f"({found.footprint.level.value if found.footprint else '?'}), where "
                f"{self._holders(found)} decides it",
                right=right,
            )
            return right
        if out_of_band:
            right = out_of_band[0]
            self._find(
                "AUD002",
                record,
                f"{format_money(record.value or 0)} is outside {who}'s band "
                f"({format_band(right.value_min, right.value_max)})",
                right=right,
            )
            return right
        lapsed = [r for r in own_all if r not in own]
        if lapsed:
            right = lapsed[0]
            self._find(
                "AUD003",
                record,
                f"{who}'s right to decide this was not in force on {record.date} ({_span(right)})",
                right=right,
            )
            return right
        lapsed_delegation = self._lapsed_delegation(record, lineage, chain_ids)
        if lapsed_delegation is not None:
            self._find(
                "AUD003",
                record,
                f"the delegation from {self._name(lapsed_delegation.delegator)} to {who} was not "
                f"in force on {record.date} ({_span(lapsed_delegation)})",
                delegation=lapsed_delegation,
            )
            return None
        if not found.found:
            self._nobody(record, found)
            return None
        below = self._below(record, found)
        if below is not None:
            self._find(
                "AUD005",
                record,
                f"taken below the level the rights put it: {who} works at "
                f"{below.name} ({below.level.value}); the rights put this decision at "
                f"{found.footprint.name if found.footprint else '?'} "
                f"({found.footprint.level.value if found.footprint else '?'}), where "
                f"{self._holders(found)} decides it",
                right=found.decides[0] if found.decides else None,
            )
            return None
        self._find(
            "AUD001",
            record,
            f"{who} holds no authority to decide this; on {record.date} "
            f"{self._holders(found)} decides it",
            right=found.decides[0] if found.decides else None,
        )
        return None

    def _lapsed_delegation(
        self, record: LoggedDecision, lineage: list[str], chain_ids: list[str]
    ) -> Delegation | None:
        for delegation in self.store.delegations(record.taken_by, "up", None):
            if (
                delegation.delegate == record.taken_by
                and set(delegation.decisions) & set(lineage)
                and (delegation.footprint is None or delegation.footprint in chain_ids)
                and not in_force(self.store, delegation, record.date)
            ):
                return delegation
        return None

    def _nobody(self, record: LoggedDecision, found: Walk) -> None:
        if found.gap:
            bands = "; ".join(
                f"{format_band(r.value_min, r.value_max)} by {self._name(r.holder)}"
                for r in found.bands
            )
            message = (
                f"gap: no band covers {format_money(record.value or 0)} on {record.date}; "
                f"the bands are {bands}"
            )
        else:
            message = f"no decides right for this decision covers the place on {record.date}"
        self._find("AUD006", record, message)

    def _below(self, record: LoggedDecision, found: Walk) -> Footprint | None:
        home = self._home(record.taken_by)
        if home is None or found.footprint is None:
            return None
        footprint = self._entity(home)
        if isinstance(footprint, Footprint) and (
            LEVEL_RANK[footprint.level] < LEVEL_RANK[found.footprint.level]
        ):
            return footprint
        return None

    # --- ratification of de-facto decisions -----------------------------------

    def _ratified(self, record: LoggedDecision, right: DecisionRight, place: str) -> None:
        from icsgov.queries.who_decides import who_decides

        answer = who_decides(self.store, record.decision, place, record.value, record.date)
        formal = {h.id for h in answer.de_jure}
        names = ", ".join(dict.fromkeys(h.name for h in answer.de_jure)) or "nobody recorded"
        who = self._name(record.taken_by)
        later = sorted(self.ratifications.get(record.id, []), key=lambda r: r.date)
        valid = [r for r in later if r.taken_by in formal]
        if not later:
            self._find(
                "AUD007",
                record,
                f"{who} decides this in practice only; no ratification is logged "
                f"(formally: {names}, within {self.days} days)",
                right=right,
            )
            return
        if not valid:
            self._find(
                "AUD007",
                record,
                f"ratified by {self._name(later[0].taken_by)} ({later[0].id}), which holds no "
                f"formal right over this decision; formally: {names}",
                right=right,
            )
            return
        first = valid[0]
        days = (first.date - record.date).days
        if days > self.days:
            self._find(
                "AUD007",
                record,
                f"ratified by {self._name(first.taken_by)} on {first.date} ({first.id}), "
                f"{days} days later; the limit is {self.days} days",
                right=right,
            )

    # --- conflicts of interest ------------------------------------------------

    def _conflicts(self, record: LoggedDecision) -> None:
        if record.counterparty is None or not record.present:
            return
        parties = {record.counterparty}
        counterparty = self._entity(record.counterparty)
        if isinstance(counterparty, Body):
            parties.update(counterparty.of)
        for member in record.present:
            for interest in self._interests_of(member):
                if interest.interest_in in parties and interest.valid_at(record.date):
                    nature = f" ({interest.nature})" if interest.nature else ""
                    self._find(
                        "AUD008",
                        record,
                        f"{self._name(member)} was present with a declared interest{nature} in "
                        f"{self._name(interest.interest_in)}, the counterparty "
                        f"({interest.id})",
                        extra=interest,
                    )

    def _interests_of(self, member: str) -> list[DeclaredInterest]:
        """Interests declared by the member, or by the person holding the post, or its posts."""
        found = list(self.interests.get(member, []))
        entity = self._entity(member)
        if isinstance(entity, Post) and entity.holder:
            found += self.interests.get(entity.holder, [])
        return found

    # --- helpers ---------------------------------------------------------------

    def _find(
        self,
        rule: str,
        record: LoggedDecision,
        message: str,
        *,
        right: DecisionRight | None = None,
        delegation: Delegation | None = None,
        extra: Entity | None = None,
    ) -> None:
        cited: list[dict[str, str | None]] = []
        for entity in (record, right, delegation, extra):
            if entity is None:
                continue
            for citation in entity.sources:
                entry = {"source": citation.source, "locator": citation.locator}
                if entry not in cited:
                    cited.append(entry)
        self.findings.append(
            AuditFinding(
                rule=rule,
                severity=RULES[rule][0],
                decision=record.id,
                date=record.date,
                taken_by=record.taken_by,
                taken_by_name=self._name(record.taken_by),
                decision_type=record.decision,
                message=message,
                right=right.id if right else None,
                delegation=delegation.id if delegation else None,
                reference=record.reference,
                sources=cited,
                illustrative=record.illustrative
                or any(e is not None and e.illustrative for e in (right, delegation)),
            )
        )

    def _entity(self, entity_id: str) -> Entity | None:
        if entity_id not in self._entities:
            try:
                self._entities[entity_id] = self.store.get(entity_id)
            except NotFound:
                self._entities[entity_id] = None
        return self._entities[entity_id]

    def _name(self, entity_id: str) -> str:
        entity = self._entity(entity_id)
        return entity.label if entity is not None else entity_id

    def _holders(self, found: Walk) -> str:
        return ", ".join(dict.fromkeys(self._name(r.holder) for r in found.decides)) or "nobody"

    def _home(self, actor_id: str) -> str | None:
        """The footprint an actor works at: a body's footprint, an organisation's first one."""
        actor = self._entity(actor_id)
        if isinstance(actor, Body):
            if actor.footprint:
                return actor.footprint
            return next((h for o in actor.of if (h := self._home(o))), None)
        if isinstance(actor, Organisation):
            return actor.footprints[0] if actor.footprints else None
        if isinstance(actor, Post):
            return next((h for p in actor.post_in if (h := self._home(p))), None)
        return None

    def _group(self, decision: str, place: str, day: dt.date) -> _Group:
        # the chain who-decides walks that day (a district's county, the parent of the day)
        chain = self._chains.get((place, day))
        if chain is None:
            chain = self._chains[(place, day)] = chain_on(self.store, place, day)
        key = (decision, tuple(f.id for f in chain))
        group = self._groups.get(key)
        if group is None:
            cells = [[self._cell(d, f.id) for f in chain] for d in self._lineage_ids(decision)]
            group = self._groups[key] = _Group(decision, chain, cells)
        return group

    def _cell(self, decision: str, footprint: str) -> _Cell:
        """The rights for one decision type at one footprint, and the days and values
        at which they change."""
        key = (decision, footprint)
        cell = self._cells.get(key)
        if cell is None:
            rights = self.store.rights(decision, [footprint], None)
            changes: set[dt.date] = set()
            edges: set[float] = set()
            for right in rights:
                start, end = in_force_span(self.store, right)
                if start is not None:
                    changes.add(start)
                if end is not None and end < dt.date.max:
                    changes.add(end + dt.timedelta(days=1))
                edges.update(v for v in (right.value_min, right.value_max) if v is not None)
            cell = self._cells[key] = (rights, changes, edges)
        return cell

    def _lineage_ids(self, decision: str) -> list[str]:
        ids = self._lineage.get(decision)
        if ids is None:
            ids = self._lineage[decision] = [d.id for d in self.store.decision_lineage(decision)]
        return ids


_Cell = tuple[list[DecisionRight], set[dt.date], set[float]]
"""One decision type at one footprint: its rights, the days they change, their band edges."""


def _by_id(right: DecisionRight) -> str:
    return right.id


class _Group:
    """The decisions of one type on one chain: where the audit shares work between decisions.

    The walk's answer for a decision type on a chain changes only on a day
    some right for it on the chain (any type of its lineage) comes into or
    goes out of force, and only at a value that crosses some band edge.
    So the days are cut at those changes (epochs) and the values at those
    edges, and the walk (:func:`icsgov.queries.walk.walk`, the one walk) is
    asked once per epoch and value range, its answer shared by every
    decision that falls in them.
    """

    def __init__(self, decision: str, chain: list[Footprint], cells: list[list[_Cell]]) -> None:
        self.decision = decision
        self.chain = chain
        self.chain_ids = [f.id for f in chain]
        # as store.rights(type, chain) returns them: by type, narrowest first, then by id
        self.rights = [
            r for row in cells for r in sorted((r for c in row for r in c[0]), key=_by_id)
        ]
        self.changes = sorted(set().union(*(c[1] for row in cells for c in row)))
        self.edges = sorted(set().union(*(c[2] for row in cells for c in row)))
        self.walks: dict[tuple[int, tuple[int, int] | None], Walk] = {}

    def walk(self, store: GraphStore, value: float | None, day: dt.date) -> Walk:
        """The walk for ``value`` on ``day``: asked once per epoch and value range.

        Two values with as many band edges below them, and as many at or
        below them, fall in and out of exactly the same bands.
        """
        where = (
            None
            if value is None
            else (bisect_left(self.edges, value), bisect_right(self.edges, value))
        )
        key = (bisect_right(self.changes, day), where)
        found = self.walks.get(key)
        if found is None:
            found = self.walks[key] = walk(store, self.decision, self.chain, value, day)
        return found


def _lifetime(entity: Entity | None) -> str:
    if entity is None:
        return "is not in the data"
    return f"did not exist on that date ({_span(entity)})"


def _span(entity: Entity) -> str:
    start = entity.valid_from.isoformat() if entity.valid_from else "always"
    end = entity.valid_to.isoformat() if entity.valid_to else "open-ended"
    return f"from {start} to {end}" if entity.valid_from or entity.valid_to else "undated"
