"""Who decides what, where: the answer to the question icsgov exists for.

The rules (written out for governance leads in ``docs/who-decides.md``):

* the place resolves to its chain of footprints, most local first, up to national;
* the decision resolves to a decision type; when no ``decides`` right for it
  covers the place, value and date, the answer falls back along ``broader``;
* walking the chain upwards, the first footprint with a ``decides`` right valid
  on ``as_of`` and covering the value is where the decision is taken (a right
  applies to every footprint inside its own; a more local right overrides);
* every role at that footprint is reported, and the roles held at more local
  footprints on the way up (a place committee that recommends to the board);
* two ``decides`` holders of the same formality whose bands overlap make the
  answer ``ambiguous`` (both listed, neither picked);
* a de-facto decision is shown beside the formal one: who ratifies it (at that
  footprint or the nearest above) or who holds the formal ``decides`` right;
* each decision-maker's delegation chain is followed back to a statutory
  holder, flagging a broken chain and any limit a delegation exceeds.

Written against the :class:`~icsgov.graph.store.GraphStore` protocol only: a
handful of dictionary look-ups on the memory store.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints:
...   - {id: eng, name: England, level: national}
...   - {id: glos, name: Gloucestershire, level: system, part_of: eng}
...   - {id: forest, name: Forest of Dean, level: place, part_of: glos}
... organisations:
...   - {id: icb, name: NHS Gloucestershire ICB, kind: icb, statutory: true, footprints: [glos]}
... decision_types:
...   - {id: capital, name: Approve a capital scheme}
... decision_rights:
...   - {id: r1, holder: icb, decision: capital, footprint: glos, role: decides, basis: statutory}
... '''))
>>> answer = who_decides(store, "capital", at="Forest of Dean")
>>> [h.id for h in answer.decides], answer.level
(['icb'], 'system')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from icsgov.errors import NotFound
from icsgov.graph.store import GraphStore
from icsgov.ontology.model import (
    AccountabilityLine,
    Basis,
    DecisionRight,
    DecisionType,
    Delegation,
    Entity,
    Footprint,
    Role,
    Source,
)
from icsgov.ontology.money import format_band, format_money
from icsgov.queries.coverage import store_coverage
from icsgov.queries.national_scope import (
    baseline_scope,
    entity_codes,
    rule_of,
    rule_text,
    unheld_rules,
)
from icsgov.queries.resolve import Location, resolve_decision, resolve_location
from icsgov.queries.walk import Walk, in_force, rights_in_force, walk
from icsgov.queries.who_decides_answer import (
    Answer,
    ChainStep,
    DelegationChain,
    Holder,
    Line,
    SourceUse,
)

__all__ = [
    "Answer",
    "ChainStep",
    "DelegationChain",
    "Holder",
    "Line",
    "SourceUse",
    "who_decides",
]

_ROLES = (Role.DECIDES, Role.AGREES, Role.RATIFIES, Role.RECOMMENDS, Role.CONSULTED, Role.INFORMED)


def who_decides(
    store: GraphStore,
    decision: str,
    at: str,
    value: float | None = None,
    as_of: dt.date | None = None,
) -> Answer:
    """Who decides ``decision`` at ``at`` for ``value`` pounds on ``as_of`` (``None``: any date).

    ``decision`` and ``at`` may be ids, names, aliases or codes; unknown or
    ambiguous names raise ``NotFound``/``Ambiguous`` with suggestions.
    """
    asked = resolve_decision(store, decision)
    location = resolve_location(store, at, as_of)
    return _Asker(store, asked, location, value, as_of).answer()


class _Asker:
    """One question being answered; collects the sources of every fact it uses."""

    def __init__(
        self,
        store: GraphStore,
        asked: DecisionType,
        location: Location,
        value: float | None,
        as_of: dt.date | None,
    ) -> None:
        self.store = store
        self.asked = asked
        self.location = location
        self.value = value
        self.as_of = as_of
        self.chain_ids = [f.id for f in location.chain]
        self.lineage = store.decision_lineage(asked.id)
        self.lineage_ids = [d.id for d in self.lineage]
        self.warnings: list[str] = []
        self._cited: dict[tuple[str, str | None], list[str]] = {}
        self._uncovered: dict[str, list[DecisionRight]] = {}

    # --- the walk -------------------------------------------------------------

    def answer(self) -> Answer:
        found = walk(self.store, self.asked, self.location.chain, self.value, self.as_of)
        self._warn_absent_places()
        if found.found and found.decision is not None and found.index is not None:
            return self._found(found.decision, found.index, found.rights)
        if found.gap:
            return self._gap(found)
        return self._not_found()

    def _warn_absent_places(self) -> None:
        for footprint in self.location.chain:
            if not footprint.valid_at(self.as_of):
                self.warnings.append(
                    f"{footprint.name} did not exist on {self.as_of} "
                    f"({_lifetime_text(footprint)}); it is not named as deciding anything"
                )

    def _found(
        self, decision: DecisionType, index: int, by_footprint: dict[str, list[DecisionRight]]
    ) -> Answer:
        footprint = self.location.chain[index]
        here = by_footprint[footprint.id]
        below = [r for f in self.location.chain[:index] for r in by_footprint.get(f.id, [])]
        above = [r for f in self.location.chain[index + 1 :] for r in by_footprint.get(f.id, [])]
        for d in self.lineage[: self.lineage.index(decision) + 1]:
            self._cite(d)
        roles: dict[Role, list[DecisionRight]] = {role: [] for role in _ROLES}
        for right in [*here, *below]:
            roles[right.role].append(right)
        decides = roles[Role.DECIDES]
        formal = [r for r in decides if r.basis is not Basis.DE_FACTO]
        de_facto = [r for r in decides if r.basis is Basis.DE_FACTO]
        ambiguous = _clash(formal) or _clash(de_facto)
        de_jure = formal
        if de_facto and not roles[Role.RATIFIES]:
            nearest = _nearest(above, Role.RATIFIES)
            roles[Role.RATIFIES] = nearest
        if de_facto and not formal:
            de_jure = roles[Role.RATIFIES] or _nearest(above, Role.DECIDES, formal_only=True)
            if not de_jure:
                self.warnings.append(
                    "decided in practice only: no formal decision-maker or ratifier is recorded"
                )
        if ambiguous:
            self.warnings.append(
                "ambiguous: more than one holder decides this at "
                f"{footprint.name} for the same value band; the governance check reports it"
            )
        self._warn_partial_band(decides)
        # a de-facto holder has no authority to trace: trace the formal holders instead
        chains = [self._delegation_chain(r) for r in [*formal, *(de_jure if de_facto else [])]]
        lines = [line for r in decides for line in self._lines(r.holder)]
        used = [r for rs in roles.values() for r in rs] + list(de_jure)
        for right in used:
            self._cite(right)
        holders = {role: [self._holder(r) for r in rs] for role, rs in roles.items()}
        answer = self._build(
            decision,
            footprint,
            holders,
            ambiguous=ambiguous,
            de_facto=[self._holder(r) for r in de_facto],
            de_jure=[self._holder(r) for r in de_jure],
            chains=chains,
            lines=lines,
            conditions=list(dict.fromkeys(r.conditions for r in used if r.conditions)),
            band=_band_text(decides),
        )
        return answer

    def _gap(self, found: Walk) -> Answer:
        """Rights exist for the decision on the chain, but no band covers the value: a gap."""
        decision = found.decision or self.asked
        for d in self.lineage[: self.lineage.index(decision) + 1]:
            self._cite(d)
        for right in [*found.bands, *found.hint]:
            self._cite(right)
        where = "; ".join(
            f"{format_band(r.value_min, r.value_max)} by {self._name(r.holder)} "
            f"at {self._name(r.footprint)}"
            for r in found.bands
        )
        asked = format_money(self.value) if self.value is not None else "this value"
        self.warnings.append(
            f"gap: no band of '{decision.name}' covers {asked} here; the bands that exist are: "
            f"{where}"
        )
        if found.hint and found.hint_decision is not None:
            self.warnings.append(
                f"hint only, not the answer: the broader type '{found.hint_decision.name}' is "
                f"decided by {', '.join(dict.fromkeys(self._name(r.holder) for r in found.hint))}"
            )
        empty: dict[Role, list[Holder]] = {role: [] for role in _ROLES}
        return self._build(
            decision,
            None,
            empty,
            ambiguous=False,
            de_facto=[],
            de_jure=[],
            chains=[],
            lines=[],
            conditions=[],
            band=None,
            gap=True,
            bands=[self._holder(r) for r in found.bands],
            hint=[self._holder(r) for r in found.hint],
            hint_for=found.hint_decision.id if found.hint_decision else None,
        )

    def _not_found(self) -> Answer:
        for d in self.lineage:
            self._cite(d)
        self.warnings.append("no decides right covers this decision, place, value and date")
        self.warnings += unheld_rules(self.store, self.lineage_ids, self.as_of)
        empty: dict[Role, list[Holder]] = {role: [] for role in _ROLES}
        return self._build(
            self.asked,
            None,
            empty,
            ambiguous=False,
            de_facto=[],
            de_jure=[],
            chains=[],
            lines=[],
            conditions=[],
            band=None,
        )

    def _build(
        self,
        decision: DecisionType,
        footprint: Footprint | None,
        holders: dict[Role, list[Holder]],
        *,
        ambiguous: bool,
        de_facto: list[Holder],
        de_jure: list[Holder],
        chains: list[DelegationChain],
        lines: list[Line],
        conditions: list[str],
        band: str | None,
        **extra: Any,
    ) -> Answer:
        bands: list[Holder] = extra.get("bands", [])
        illustrative = self._illustrative([*holders.values(), de_jure, bands], chains, lines)
        cover = store_coverage(self.store)
        caveat = cover.caveat(self.as_of)
        scope = baseline_scope(self.store, self.location.chain, self.as_of)
        return Answer(
            decision=self.asked.id,
            decision_name=self.asked.name,
            answered_for=decision.id,
            answered_for_name=decision.name,
            fallback=decision.id != self.asked.id,
            place=self.location.footprint.id,
            place_named=self.location.named.id,
            chain=self.chain_ids,
            as_of=self.as_of,
            value=self.value,
            found=footprint is not None,
            footprint=footprint.id if footprint else None,
            footprint_name=footprint.name if footprint else None,
            level=footprint.level.value if footprint else None,
            decides=holders[Role.DECIDES],
            agrees=holders[Role.AGREES],
            ratifies=holders[Role.RATIFIES],
            recommends=holders[Role.RECOMMENDS],
            consulted=holders[Role.CONSULTED],
            informed=holders[Role.INFORMED],
            ambiguous=ambiguous,
            de_facto=de_facto,
            de_jure=de_jure,
            delegation_chain=chains,
            accountability=lines,
            conditions=conditions,
            value_band=band,
            warnings=list(dict.fromkeys(self.warnings)),
            sources=self._sources(),
            place_name=self.location.footprint.name,
            illustrative=bool(illustrative),
            illustrative_records=illustrative,
            coverage=cover.to_dict(),
            caveats=[c for c in (scope.note, caveat) if c],
            place_codes=self._codes(self.location.named.id),
            baseline_only=scope.baseline_only,
            system_organisation=scope.system_organisation,
            **extra,
        )

    def _illustrative(
        self,
        holder_lists: Iterable[list[Holder]],
        chains: list[DelegationChain],
        lines: list[Line],
    ) -> list[str]:
        """Ids of the illustrative records the answer rests on (rights, holders, steps, lines)."""
        ids: list[str] = []
        for holders in holder_lists:
            ids += [i for h in holders if h.illustrative for i in self._invented(h.right, h.id)]
        for chain in chains:
            for step in chain.steps:
                if step.illustrative:
                    ids += self._invented(step.delegation, step.delegator_right or "")
        ids += [line.id for line in lines if line.illustrative]
        return list(dict.fromkeys(ids))

    def _invented(self, *entity_ids: str) -> list[str]:
        found = (self._entity(i) for i in entity_ids if i)
        return [e.id for e in found if e is not None and e.illustrative]

    # --- delegation chain -----------------------------------------------------

    def _delegation_chain(self, right: DecisionRight) -> DelegationChain:
        """Follow delegations up to a statutory right covering the value (or say where it breaks).

        A delegator that holds no ``decides`` right covering the value may still
        act on a delegation it received (a board passing on part of what the ICB
        delegated to it); the chain then follows that delegation, never citing a
        right whose band does not cover the value.
        """
        steps: list[ChainStep] = []
        seen: set[str] = set()
        current: DecisionRight | None = right
        holder = right.holder
        came_by: Delegation | None = None
        while True:
            if current is not None and current.basis is Basis.STATUTORY:
                return DelegationChain(right.holder, steps, current.holder, broken=False)
            delegation = (
                self._delegation_for(current)
                if current is not None
                else self._delegation_to(holder)
            )
            if delegation is None:
                return self._broken(right, steps, self._why_no_delegation(current, came_by))
            if delegation.id in seen:
                return self._broken(right, steps, f"delegation cycle through '{delegation.id}'")
            seen.add(delegation.id)
            self._cite(delegation)
            source_right = self._delegator_right(delegation)
            problems = self._limit_problems(current, delegation, source_right)
            if steps and not delegation.may_subdelegate:
                problems.append(
                    f"{self._name(delegation.delegate)} sub-delegated a power that delegation "
                    f"'{delegation.id}' does not allow it to sub-delegate"
                )
            self.warnings += problems
            steps.append(
                ChainStep(
                    delegation=delegation.id,
                    delegator=delegation.delegator,
                    delegator_name=self._name(delegation.delegator),
                    delegate=delegation.delegate,
                    instrument=delegation.instrument.value,
                    instrument_ref=delegation.instrument_ref,
                    value_max=delegation.value_max,
                    delegator_right=source_right.id if source_right else None,
                    delegator_basis=source_right.basis.value if source_right else None,
                    problems=problems,
                    illustrative=delegation.illustrative
                    or bool(source_right and source_right.illustrative),
                    delegator_codes=self._codes(delegation.delegator),
                    rule=rule_of(delegation.id),
                )
            )
            if source_right is not None:
                self._cite(source_right)
            current, holder, came_by = source_right, delegation.delegator, delegation

    def _why_no_delegation(self, current: DecisionRight | None, came_by: Delegation | None) -> str:
        if current is not None:
            return (
                f"{self._name(current.holder)} holds this on a "
                f"{current.basis.value.replace('_', '-')} basis and no delegation to it "
                "for this decision is recorded"
            )
        assert came_by is not None
        by = self._name(came_by.delegator)
        held = self._uncovered.get(came_by.id)
        if held:
            bands = ", ".join(dict.fromkeys(format_band(r.value_min, r.value_max) for r in held))
            return (
                f"{by} delegated this but its own authority covers only {bands}, "
                f"not {format_money(self.value or 0)}"
            )
        return f"{by} delegated this but holds no decides right for it"

    def _delegation_to(self, holder: str) -> Delegation | None:
        """A delegation to ``holder`` for this decision (or a broader one) covering the value."""
        for delegation in self.store.delegations(holder, "up", self.as_of):
            if not set(delegation.decisions) & set(self.lineage_ids):
                continue
            if not in_force(self.store, delegation, self.as_of):
                continue
            limit = delegation.value_max
            if self.value is not None and limit is not None and self.value > limit:
                continue
            return delegation
        return None

    def _broken(self, right: DecisionRight, steps: list[ChainStep], reason: str) -> DelegationChain:
        self.warnings.append(f"delegation chain of {self._name(right.holder)} breaks: {reason}")
        return DelegationChain(right.holder, steps, None, broken=True, reason=reason)

    def _delegation_for(self, right: DecisionRight) -> Delegation | None:
        if right.delegation:
            found = self.store.get(right.delegation)
            return found if isinstance(found, Delegation) else None
        candidates = [
            d
            for d in self.store.delegations(right.holder, "up", self.as_of)
            if set(d.decisions) & set(self.lineage_ids) and in_force(self.store, d, self.as_of)
        ]
        return candidates[0] if candidates else None

    def _delegator_right(self, delegation: Delegation) -> DecisionRight | None:
        footprints = list(self.chain_ids)
        if delegation.footprint and delegation.footprint not in footprints:
            footprints += [f.id for f in self.store.footprint_chain(delegation.footprint)]
        for decision_id in self.lineage_ids:
            held = [
                r
                for r in rights_in_force(self.store, decision_id, footprints, self.as_of)
                if r.holder == delegation.delegator and r.role is Role.DECIDES
            ]
            covering = [r for r in held if r.covers(self.value)]
            if covering:
                return sorted(covering, key=lambda r: (r.basis is not Basis.STATUTORY, r.id))[0]
            if held:
                self._uncovered[delegation.id] = held
                return None
        return None

    def _limit_problems(
        self, right: DecisionRight | None, delegation: Delegation, source: DecisionRight | None
    ) -> list[str]:
        problems: list[str] = []
        who, by = self._name(delegation.delegate), self._name(delegation.delegator)
        if not delegation.valid_at(self.as_of):
            problems.append(f"delegation '{delegation.id}' is not in force on {self.as_of}")
        if not set(delegation.decisions) & set(self.lineage_ids):
            problems.append(f"delegation '{delegation.id}' does not cover this decision")
        limit = delegation.value_max
        if (
            right is not None
            and limit is not None
            and (right.value_max is None or right.value_max > limit)
        ):
            problems.append(
                f"{who}'s right ({format_band(right.value_min, right.value_max)}) exceeds "
                f"the {format_money(limit)} limit of the delegation from {by}"
            )
        held = [source] if source is not None else self._uncovered.get(delegation.id, [])
        capped = [r.value_max for r in held if r.value_max is not None]
        own = max(capped) if capped and len(capped) == len(held) else None
        if own is not None:
            if limit is None or limit > own:
                problems.append(
                    f"delegation '{delegation.id}' to {who} "
                    f"({'no limit' if limit is None else 'up to ' + format_money(limit)}) "
                    f"exceeds {by}'s own limit of {format_money(own)}"
                )
            if self.value is not None and self.value > own:
                problems.append(
                    f"the value asked ({format_money(self.value)}) is above {by}'s own limit "
                    f"of {format_money(own)}"
                )
        return problems

    # --- the rest of the answer ------------------------------------------------

    def _lines(self, actor_id: str) -> list[Line]:
        found = []
        for line in self.store.lines(actor_id, "up", self.as_of):
            if not in_force(self.store, line, self.as_of):
                continue
            self._cite(line)
            found.append(
                replace(_line(line, self._name(line.answers_to)), illustrative=line.illustrative)
            )
        return found

    def _warn_partial_band(self, decides: Sequence[DecisionRight]) -> None:
        if self.value is None:
            for right in decides:
                if right.value_min is not None or right.value_max is not None:
                    band = format_band(right.value_min, right.value_max)
                    self.warnings.append(
                        f"{self._name(right.holder)} decides only {band}; "
                        "give a value for decisions outside that band"
                    )

    def _holder(self, right: DecisionRight) -> Holder:
        footprint = self.store.get(right.footprint)
        level = footprint.level.value if isinstance(footprint, Footprint) else ""
        holder = self._entity(right.holder)
        return Holder(
            id=right.holder,
            name=holder.label if holder else right.holder,
            kind=holder.kind_name if holder else "",
            role=right.role.value,
            basis=right.basis.value,
            footprint=right.footprint,
            level=level,
            right=right.id,
            value_min=right.value_min,
            value_max=right.value_max,
            conditions=right.conditions,
            delegation=right.delegation,
            illustrative=right.illustrative or bool(holder and holder.illustrative),
            codes=self._codes(right.holder),
            rule=rule_of(right.id),
            rule_text=rule_text(right.id),
        )

    def _codes(self, entity_id: str) -> dict[str, str]:
        """The ODS and ONS codes in use on the date (a board's are its organisation's)."""
        return entity_codes(self.store, entity_id, self.as_of)

    def _entity(self, entity_id: str) -> Entity | None:
        try:
            return self.store.get(entity_id)
        except NotFound:
            return None

    def _name(self, entity_id: str) -> str:
        entity = self._entity(entity_id)
        return entity.label if entity else entity_id

    def _cite(self, entity: Entity) -> None:
        for citation in entity.sources:
            used = self._cited.setdefault((citation.source, citation.locator), [])
            if entity.id not in used:
                used.append(entity.id)

    def _sources(self) -> list[SourceUse]:
        uses = []
        for (source_id, locator), used in self._cited.items():
            source = self._entity(source_id)
            title = source.title if isinstance(source, Source) else source_id
            uses.append(SourceUse(source_id, title, locator, used))
        return uses


def _clash(rights: Sequence[DecisionRight]) -> bool:
    """True when two different holders' bands overlap (the same decision, place and date)."""
    for i, a in enumerate(rights):
        for b in rights[i + 1 :]:
            if a.holder != b.holder and a.overlaps(b):
                return True
    return False


def _nearest(
    rights: Iterable[DecisionRight], role: Role, formal_only: bool = False
) -> list[DecisionRight]:
    """Rights of ``role`` at the nearest footprint that has any (``rights`` ordered upwards)."""
    chosen: list[DecisionRight] = []
    for right in rights:
        if right.role is not role or (formal_only and right.basis is Basis.DE_FACTO):
            continue
        if chosen and right.footprint != chosen[0].footprint:
            break
        chosen.append(right)
    return chosen


def _band_text(decides: Sequence[DecisionRight]) -> str | None:
    bands = dict.fromkeys(format_band(r.value_min, r.value_max) for r in decides)
    return "; ".join(bands) if bands else None


def _lifetime_text(entity: Entity) -> str:
    if entity.valid_from and entity.valid_to:
        return f"it existed from {entity.valid_from} to {entity.valid_to}"
    if entity.valid_from:
        return f"it exists from {entity.valid_from}"
    return f"it existed until {entity.valid_to}"


def _line(line: AccountabilityLine, answers_to_name: str) -> Line:
    return Line(
        id=line.id,
        actor=line.actor,
        answers_to=line.answers_to,
        answers_to_name=answers_to_name,
        kind=line.kind.value,
        formal=line.formal,
        basis=line.basis,
    )
