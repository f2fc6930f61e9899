"""A naive decision audit, written from docs/audit.md with plain loops over the records.

It imports nothing from :mod:`icsgov.queries`: no walk, no store, no who-decides.
It reads a loaded ``Governance`` directly and returns, for each logged decision,
the sorted list of rule ids the documented rules give, so that
``tests/test_audit_oracle.py`` can compare it with ``icsgov.queries.audit``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Body,
    DecisionRight,
    DecisionType,
    DeclaredInterest,
    Delegation,
    Entity,
    Footprint,
    LoggedDecision,
    Organisation,
    Post,
)

LEVELS = ["neighbourhood", "place", "system", "region", "national"]


class NaiveAudit:
    def __init__(self, gov: Governance, days: int = 90) -> None:
        self.gov = gov
        self.days = days
        self.rights = [e for e in gov if isinstance(e, DecisionRight)]
        self.delegations = [e for e in gov if isinstance(e, Delegation)]
        self.interests = [e for e in gov if isinstance(e, DeclaredInterest)]

    # --- plain facts ------------------------------------------------------------

    def get(self, entity_id: str | None) -> Entity | None:
        return self.gov.entities.get(entity_id) if entity_id else None

    @staticmethod
    def alive(entity: Entity | None, day: dt.date) -> bool:
        if entity is None:
            return True  # a name that is not in the data does not limit anything
        if entity.valid_from is not None and day < entity.valid_from:
            return False
        return not (entity.valid_to is not None and day > entity.valid_to)

    def in_force(self, record: Entity, day: dt.date, depth: int = 0) -> bool:
        """The record and everything it names exist that day; a named post or delegation is
        itself a relation, so it must be in force too (docs/who-decides.md)."""
        if not self.alive(record, day):
            return False
        if isinstance(record, DecisionRight):
            named = [record.holder, record.decision, record.footprint, record.delegation]
        elif isinstance(record, Delegation):
            named = [record.delegator, record.delegate, *record.decisions, record.footprint]
        elif isinstance(record, Post):
            named = [*record.post_in, record.holder, record.represents]
        else:
            named = []
        for name in named:
            entity = self.get(name)
            if not self.alive(entity, day):
                return False
            relation = isinstance(entity, Post | Delegation) and depth < 4
            if relation and entity is not None and not self.in_force(entity, day, depth + 1):
                return False
        return True

    def chain(self, place: str) -> list[str]:
        found = [place]
        current = self.get(place)
        while isinstance(current, Footprint) and current.part_of:
            found.append(current.part_of)
            current = self.get(current.part_of)
        return found

    def lineage(self, decision: str) -> list[str]:
        found = [decision]
        current = self.get(decision)
        while isinstance(current, DecisionType) and current.broader:
            found.append(current.broader)
            current = self.get(current.broader)
        return found

    @staticmethod
    def covers(right: DecisionRight, value: float | None) -> bool:
        if value is None:
            return True
        if right.value_min is not None and value < right.value_min:
            return False
        return right.value_max is None or value <= right.value_max

    def home(self, actor_id: str) -> str | None:
        actor = self.get(actor_id)
        if isinstance(actor, Body):
            if actor.footprint:
                return actor.footprint
            for org in actor.of:
                if (h := self.home(org)) is not None:
                    return h
        if isinstance(actor, Organisation) and actor.footprints:
            return actor.footprints[0]
        if isinstance(actor, Post):
            for where in actor.post_in:
                if (h := self.home(where)) is not None:
                    return h
        return None

    def level(self, footprint_id: str) -> int:
        footprint = self.get(footprint_id)
        assert isinstance(footprint, Footprint)
        return LEVELS.index(footprint.level.value)

    # --- the walk, as docs/who-decides.md words it ---------------------------------

    def walk(
        self, decision: str, chain: list[str], value: float | None, day: dt.date
    ) -> tuple[str, int | None, list[DecisionRight], list[DecisionRight]]:
        """("found", index, decides there, all rights of that type) / ("gap"|"none", ...)."""
        for kind in self.lineage(decision):
            rights = [
                r
                for r in self.rights
                if r.decision == kind and r.footprint in chain and self.in_force(r, day)
            ]
            decides = [r for r in rights if r.role.value == "decides"]
            if not decides:
                continue
            for index, footprint in enumerate(chain):
                here = [r for r in decides if r.footprint == footprint and self.covers(r, value)]
                if here:
                    return "found", index, here, rights
            return "gap", None, [], rights
        return "none", None, [], []

    # --- one logged decision --------------------------------------------------------

    def rules(self, record: LoggedDecision, log: Sequence[LoggedDecision]) -> list[str]:
        if record.status.value != "taken":
            return []
        found: list[str] = []
        day, taker, value = record.date, record.taken_by, record.value
        existed = self.alive(self.get(taker), day) and self.get(taker) is not None
        place = record.place or self.home(taker)
        if not existed:
            found.append("AUD003")
        if place is None:
            found.append("AUD006")
            return sorted(found + self.conflicts(record))
        chain = self.chain(place)
        outcome, index, holders, rights = self.walk(record.decision, chain, value, day)
        entitled = False
        if outcome == "found":
            mine = [r for r in holders if r.holder == taker]
            if mine:
                entitled = True
                if mine[0].basis.value == "de_facto":
                    found += self.ratification(record, log, index, rights, chain)
            else:
                path = self.delegated(record, {r.holder for r in holders}, chain)
                if path is not None:
                    entitled = True
                    if value is not None and any(
                        d.value_max is not None and value > d.value_max for d in path
                    ):
                        found.append("AUD002")
        if not entitled and existed:
            found.append(self.why_not(record, chain, outcome, index, holders))
        return sorted(found + self.conflicts(record))

    def delegated(
        self, record: LoggedDecision, holders: set[str], chain: list[str]
    ) -> list[Delegation] | None:
        kinds = set(self.lineage(record.decision))

        def applies(d: Delegation) -> bool:
            return (
                bool(kinds & set(d.decisions))
                and (d.footprint is None or d.footprint in chain)
                and self.in_force(d, record.date)
            )

        def down_to(actor: str, below: list[Delegation], seen: set[str]) -> list[Delegation] | None:
            for d in self.delegations:
                if d.delegate != actor or not applies(d) or (below and not d.may_subdelegate):
                    continue
                if d.delegator in holders:
                    return [d, *below]
                if d.delegator not in seen:
                    deeper = down_to(d.delegator, [d, *below], seen | {d.delegator})
                    if deeper is not None:
                        return deeper
            return None

        return down_to(record.taken_by, [], {record.taken_by})

    def why_not(
        self,
        record: LoggedDecision,
        chain: list[str],
        outcome: str,
        index: int | None,
        holders: list[DecisionRight],
    ) -> str:
        day, taker, value = record.date, record.taken_by, record.value
        kinds = self.lineage(record.decision)
        own_all = [
            r
            for r in self.rights
            if r.holder == taker
            and r.decision in kinds
            and r.footprint in chain
            and r.role.value == "decides"
        ]
        own = [r for r in own_all if self.in_force(r, day)]
        if index is not None and any(
            self.covers(r, value) and chain.index(r.footprint) > index for r in own
        ):
            return "AUD004"
        if any(not self.covers(r, value) for r in own):
            return "AUD002"
        if len(own) < len(own_all):
            return "AUD003"
        for d in self.delegations:
            if (
                d.delegate == taker
                and set(d.decisions) & set(kinds)
                and (d.footprint is None or d.footprint in chain)
                and not self.in_force(d, day)
            ):
                return "AUD003"
        if outcome != "found":
            return "AUD006"
        home = self.home(taker)
        if home is not None and index is not None and self.level(home) < self.level(chain[index]):
            return "AUD005"
        return "AUD001"

    def ratification(
        self,
        record: LoggedDecision,
        log: Sequence[LoggedDecision],
        index: int | None,
        rights: list[DecisionRight],
        chain: list[str],
    ) -> list[str]:
        assert index is not None
        covering = [r for r in rights if self.covers(r, record.value)]
        here = [r for r in covering if chain.index(r.footprint) <= index]
        formal = [
            r.holder for r in here if r.role.value == "decides" and r.basis.value != "de_facto"
        ]
        ratifiers = [r.holder for r in here if r.role.value == "ratifies"]
        if not ratifiers:
            ratifiers = self.nearest_above(covering, chain, index, "ratifies", formal_only=False)
        formally = (
            formal
            or ratifiers
            or self.nearest_above(covering, chain, index, "decides", formal_only=True)
        )
        later = sorted(
            (r for r in log if r.status.value == "ratified" and r.ratifies == record.id),
            key=lambda r: r.date,
        )
        valid = [r for r in later if r.taken_by in formally]
        if not later or not valid:
            return ["AUD007"]
        return ["AUD007"] if (valid[0].date - record.date).days > self.days else []

    @staticmethod
    def nearest_above(
        rights: list[DecisionRight], chain: list[str], index: int, role: str, formal_only: bool
    ) -> list[str]:
        for footprint in chain[index + 1 :]:
            there = [
                r.holder
                for r in rights
                if r.footprint == footprint
                and r.role.value == role
                and not (formal_only and r.basis.value == "de_facto")
            ]
            if there:
                return there
        return []

    def conflicts(self, record: LoggedDecision) -> list[str]:
        if record.counterparty is None:
            return []
        parties = {record.counterparty}
        counterparty = self.get(record.counterparty)
        if isinstance(counterparty, Body):
            parties |= set(counterparty.of)
        found = []
        for member in record.present:
            who = {member}
            post = self.get(member)
            if isinstance(post, Post) and post.holder:
                who.add(post.holder)
            for interest in self.interests:
                if (
                    interest.member in who
                    and interest.interest_in in parties
                    and self.alive(interest, record.date)
                ):
                    found.append("AUD008")
        return found
