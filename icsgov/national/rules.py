"""National rules: "every <kind> holds <decision> (basis, dates, citation)", made concrete.

A national rule states a right that the law or a national delegation gives
to *every* organisation of a kind: "every ICB commissions primary medical
services by delegation from NHS England from 1 July 2022". Rules live in a
small YAML file (``icsgov/national/rules.yaml``; the format is in
``docs/format.md``, "National rules") and are **expanded at load time** into
ordinary dated :class:`~icsgov.ontology.model.DecisionRight` records, one per
organisation of the kind in the data loaded, so the one walk
(:mod:`icsgov.queries.walk`) answers for them with no second path. Each
expanded right is in force for the rule's dates cut by the holder's own
lifetime, so the April 2026 ICB mergers are followed with no new data: the
twelve abolished ICBs' rights end on 31 March 2026 and the six new ICBs'
start on 1 April 2026.

Expanded records carry their provenance in their id (``nat:<rule>:<holder>``,
see :func:`rule_of`) and cite the rule's sources.

>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> gov = parse_yaml('''
... footprints: [{id: eng, name: England, level: national},
...   {id: sys, name: Riverside, level: system, part_of: eng}]
... organisations:
...   - {id: icb, name: Riverside ICB, kind: icb, footprints: [sys], valid_from: 2022-07-01}
... decision_types: [{id: plan, name: Prepare the joint forward plan}]
... sources: [{id: act, title: National Health Service Act 2006}]
... ''')
>>> rules = parse_rules('''
... rules:
...   - {id: R1, every: icb, decision: plan, role: decides, basis: statutory,
...      statement: every ICB prepares a joint forward plan,
...      sources: [{source: act, locator: s.14Z52}]}
... ''')
>>> [(r.id, r.valid_from) for r in expand(gov, rules) if r.id.startswith("nat:")]
[('nat:R1:icb', datetime.date(2022, 7, 1))]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from icsgov.errors import InputError, Problem
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    Basis,
    Body,
    BodyKind,
    Citation,
    DecisionRight,
    Delegation,
    Entity,
    Footprint,
    InstrumentKind,
    Organisation,
    OrganisationKind,
    Role,
)

__all__ = [
    "HOLDER_KINDS",
    "PREFIX",
    "BodyRule",
    "NationalRule",
    "RuleSet",
    "expand",
    "parse_rules",
    "rule_of",
]

PREFIX = "nat:"
"""Every record made from a national rule has an id starting with this."""

_UPPER_TIER = (
    OrganisationKind.COUNTY_COUNCIL,
    OrganisationKind.UNITARY_AUTHORITY,
    OrganisationKind.METROPOLITAN_BOROUGH,
    OrganisationKind.LONDON_BOROUGH,
)
HOLDER_KINDS: dict[str, tuple[OrganisationKind, ...] | BodyKind] = {
    "icb": (OrganisationKind.ICB,),
    "ccg": (OrganisationKind.CCG,),
    "upper_tier_council": _UPPER_TIER,
    "nhs_england_region": (OrganisationKind.NHS_ENGLAND_REGION,),
    "health_and_wellbeing_board": BodyKind.HEALTH_AND_WELLBEING_BOARD,
    "integrated_care_partnership": BodyKind.INTEGRATED_CARE_PARTNERSHIP,
}
"""What ``every:`` may name: organisation kinds, or the kind of a body."""


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]*$")
    statement: str = Field(min_length=1, max_length=400)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    sources: list[Citation] = Field(min_length=1)
    illustrative: bool = False
    description: str | None = None


class NationalRule(_Rule):
    """One rule: every organisation of a kind (or one named holder) holds a right."""

    every: str | None = None
    holder: str | None = None
    footprint: str | None = None
    within: list[str] = Field(default_factory=list)
    decision: str
    role: Role
    basis: Basis
    delegated_by: str | None = None
    instrument: InstrumentKind | None = None
    instrument_ref: str | None = None
    value_min: float | None = None
    value_max: float | None = None
    conditions: str | None = None


class BodyRule(_Rule):
    """A body the law makes every organisation of a kind set up (a health and wellbeing board)."""

    every: str
    kind: BodyKind
    name: str = Field(pattern=r"\{name\}")
    meets_in_public: bool | None = None


class RuleSet(BaseModel):
    """A rules file: the bodies the law sets up, and the rights every holder of a kind has."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bodies: list[BodyRule] = Field(default_factory=list)
    rules: list[NationalRule] = Field(default_factory=list)

    def get(self, rule_id: str) -> NationalRule | BodyRule | None:
        """The rule with this id, if any."""
        found: list[NationalRule | BodyRule] = [*self.rules, *self.bodies]
        return next((rule for rule in found if rule.id == rule_id), None)


def parse_rules(text: str, path: str = "<rules>") -> RuleSet:
    """Read a rules file; a problem is an ``InputError`` naming the rule and the key at fault."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, 0, 0, f"not valid YAML: {exc}")]) from None
    problems: list[Problem] = []
    try:
        ruleset = RuleSet.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            problems.append(Problem(path, 0, 0, f"{where}: {error['msg']}"))
        raise InputError(problems) from None
    seen: set[str] = set()
    every: list[NationalRule | BodyRule] = [*ruleset.bodies, *ruleset.rules]
    for rule in every:
        if rule.id in seen:
            problems.append(Problem(path, 0, 0, f"rule id '{rule.id}' is used twice"))
        seen.add(rule.id)
        if rule.valid_from and rule.valid_to and rule.valid_to < rule.valid_from:
            problems.append(Problem(path, 0, 0, f"rule '{rule.id}': valid_to before valid_from"))
        if rule.every is not None and rule.every not in HOLDER_KINDS:
            kinds = ", ".join(HOLDER_KINDS)
            problems.append(
                Problem(path, 0, 0, f"rule '{rule.id}': every '{rule.every}' is not one of {kinds}")
            )
    for rule in ruleset.rules:
        if (rule.every is None) == (rule.holder is None):
            problems.append(
                Problem(path, 0, 0, f"rule '{rule.id}' needs exactly one of 'every' or 'holder'")
            )
        if (rule.basis is Basis.DELEGATED) != (rule.delegated_by is not None):
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    f"rule '{rule.id}': 'delegated_by' goes with basis 'delegated', and only there",
                )
            )
    if problems:
        raise InputError(problems)
    return ruleset


def rule_of(record_id: str) -> str | None:
    """The id of the national rule a record was made from (``None`` for a local record).

    >>> rule_of("nat:R-ICB-PMS:ods:QHG"), rule_of("r-blmk-icb-pod")
    ('R-ICB-PMS', None)
    """
    if not record_id.startswith(PREFIX):
        return None
    return record_id[len(PREFIX) :].split(":", 1)[0]


def expand(gov: Governance, ruleset: RuleSet) -> Governance:
    """``gov`` with every rule made concrete for each holder of its kind (see the module doc).

    Bodies first (a health and wellbeing board for each upper-tier council
    that has none loaded), then the rights of every rule, each with the
    delegation it rests on when the rule is a national delegation.
    """
    entities = dict(gov.entities)
    for body_rule in ruleset.bodies:
        for body in _bodies(entities, body_rule):
            entities[body.id] = body
    for rule in ruleset.rules:
        for record in _records(entities, rule):
            entities[record.id] = record
    return Governance(entities, list(gov.datasets), dict(gov.locations))


def _bodies(entities: dict[str, Entity], rule: BodyRule) -> Iterable[Body]:
    kinds = HOLDER_KINDS[rule.every]
    if isinstance(kinds, BodyKind):
        return
    have = {
        org
        for e in entities.values()
        if isinstance(e, Body) and e.kind is rule.kind
        for org in e.of
    }
    for org in _organisations(entities, kinds):
        if org.id in have or not org.footprints:
            continue
        span = _cut((rule.valid_from, rule.valid_to), (org.valid_from, org.valid_to))
        if span is None:
            continue
        yield Body(
            id=f"{PREFIX}{rule.id}:{org.id}",
            name=rule.name.replace("{name}", _area_name(entities, org)),
            kind=rule.kind,
            of=[org.id],
            footprint=org.footprints[0],
            meets_in_public=rule.meets_in_public,
            valid_from=span[0],
            valid_to=span[1],
            sources=list(rule.sources),
            illustrative=rule.illustrative,
            description=f"By national rule {rule.id}: {rule.statement}.",
        )


def _records(entities: dict[str, Entity], rule: NationalRule) -> Iterable[Entity]:
    for holder, footprint in _holders(entities, rule):
        span = _cut((rule.valid_from, rule.valid_to), (holder.valid_from, holder.valid_to))
        place = entities.get(footprint)
        if span is not None and isinstance(place, Footprint):
            span = _cut(span, (place.valid_from, place.valid_to))
        if span is None:
            continue
        base = f"{PREFIX}{rule.id}:{holder.id}"
        delegation_id = None
        if rule.delegated_by is not None:
            delegation_id = f"{base}:delegation"
            yield Delegation(
                id=delegation_id,
                delegator=rule.delegated_by,
                delegate=holder.id,
                decisions=[rule.decision],
                footprint=footprint,
                instrument=rule.instrument or InstrumentKind.DELEGATION_AGREEMENT,
                instrument_ref=rule.instrument_ref,
                valid_from=span[0],
                valid_to=span[1],
                sources=list(rule.sources),
                illustrative=rule.illustrative,
                description=f"By national rule {rule.id}: {rule.statement}.",
            )
        yield DecisionRight(
            id=base,
            holder=holder.id,
            decision=rule.decision,
            footprint=footprint,
            role=rule.role,
            basis=rule.basis,
            value_min=rule.value_min,
            value_max=rule.value_max,
            conditions=rule.conditions,
            delegation=delegation_id,
            valid_from=span[0],
            valid_to=span[1],
            sources=list(rule.sources),
            illustrative=rule.illustrative,
            description=f"By national rule {rule.id}: {rule.statement}.",
        )


def _holders(
    entities: dict[str, Entity], rule: NationalRule
) -> Iterable[tuple[Organisation | Body, str]]:
    if rule.holder is not None:
        holder = entities.get(rule.holder)
        if isinstance(holder, (Organisation, Body)):
            places = [rule.footprint] if rule.footprint else _footprints(holder)
            for footprint in places[:1]:
                yield holder, footprint
        return
    assert rule.every is not None
    kinds = HOLDER_KINDS[rule.every]
    found: Sequence[Organisation | Body]
    if isinstance(kinds, BodyKind):
        found = sorted(
            (e for e in entities.values() if isinstance(e, Body) and e.kind is kinds),
            key=lambda b: b.id,
        )
    else:
        found = _organisations(entities, kinds)
    for holder in found:
        if rule.within and not _within(entities, holder, rule.within):
            continue
        for footprint in _footprints(holder)[:1]:
            yield holder, footprint


def _organisations(
    entities: dict[str, Entity], kinds: tuple[OrganisationKind, ...]
) -> list[Organisation]:
    return sorted(
        (e for e in entities.values() if isinstance(e, Organisation) and e.kind in kinds),
        key=lambda o: o.id,
    )


def _footprints(holder: Organisation | Body) -> list[str]:
    if isinstance(holder, Organisation):
        return list(holder.footprints)
    return [holder.footprint] if holder.footprint else []


def _within(entities: dict[str, Entity], holder: Organisation | Body, codes: list[str]) -> bool:
    """True when the holder's footprint lies inside a footprint with one of these codes."""
    wanted = {c.upper() for c in codes}
    seen: set[str] = set()
    places = _footprints(holder)
    current: str | None = places[0] if places else None
    while current is not None and current not in seen:
        seen.add(current)
        footprint = entities.get(current)
        if not isinstance(footprint, Footprint):
            return False
        if any(code.value.upper() in wanted for code in footprint.codes):
            return True
        current = footprint.part_of
    return False


def _area_name(entities: dict[str, Entity], org: Organisation) -> str:
    """The name of the organisation's area ("West Yorkshire"), else its own name."""
    area = entities.get(org.footprints[0]) if org.footprints else None
    return area.name if isinstance(area, Footprint) else org.name


Span = tuple[dt.date | None, dt.date | None]


def _cut(span: Span, by: Span) -> Span | None:
    """The days in both spans, or ``None`` when they share none."""
    start = max((d for d in (span[0], by[0]) if d is not None), default=None)
    end = min((d for d in (span[1], by[1]) if d is not None), default=None)
    if start is not None and end is not None and end < start:
        return None
    return start, end
