"""The typed governance model: one pydantic class per ontology class.

This is one of three faces of the same vocabulary; the other two are the OWL
ontology (``icsgov.ttl``) and the SHACL shapes (``shapes.ttl``). The test
``tests/test_ontology.py`` proves that every class and field here has
its ontology term and that every ontology term is used.

Everything that relates two things (a decision right, a delegation, an
accountability line, a membership of a post in a body...) carries
``valid_from``/``valid_to`` (both inclusive; ``None`` is open-ended) and
``sources`` (citations of a :class:`Source` with a locator such as a section
or clause), so every answer can say when it holds and where it comes from.

>>> right = DecisionRight(id="r1", holder="icb-board", decision="approve-capital",
...                       footprint="sys", role=Role.DECIDES, basis=Basis.STATUTORY)
>>> right.valid_at(dt.date(2024, 1, 1))
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

__all__ = [
    "ACTORS",
    "ENTITY_CLASSES",
    "LEVEL_RANK",
    "REFERENCES",
    "AccountabilityKind",
    "AccountabilityLine",
    "Agreement",
    "AgreementKind",
    "Basis",
    "Body",
    "BodyKind",
    "ChangeEvent",
    "ChangeKind",
    "Citation",
    "DecisionRight",
    "DecisionStatus",
    "DecisionType",
    "DeclaredInterest",
    "Delegation",
    "Entity",
    "Footprint",
    "FundingFlow",
    "Identifier",
    "InstrumentKind",
    "Level",
    "LoggedDecision",
    "Organisation",
    "OrganisationKind",
    "Person",
    "PlaceDefinition",
    "Post",
    "PostKind",
    "Programme",
    "ReferenceRelation",
    "RelationKind",
    "Role",
    "Source",
    "Suppression",
]

_UNSEEN = (  # Unicode 14 categories Cc, Cf, Zl and Zp
    "\\x00-\\x1f\\x7f-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890-\\u0891\\u08e2"
    "\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
    "\\U000110bd\\U000110cd\\U00013430-\\U00013438\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a"
    "\\U000e0001\\U000e0020-\\U000e007f"
)
"""Control, invisible and bidirectional-override characters: never in an id (they hide or
reorder what a reader sees, so two ids that look the same could differ)."""

Id = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=f"^[^{_UNSEEN}]+$")]
Text = Annotated[
    str,
    StringConstraints(
        min_length=1,
        max_length=2000,
        pattern="^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]+$",
    ),
]
"""A name or title: any text XML can hold (tab and line breaks are kept; the YAML loader
refuses those in names too, with their place)."""


def _money_in(value: object) -> object:
    """Amounts as the command line takes them (``1m``, ``£250k``); never ``true``."""
    if isinstance(value, bool):
        raise ValueError(
            f"{str(value).lower()} is not an amount of money; write pounds, e.g. 1000000 or 1m"
        )
    if isinstance(value, str):
        from icsgov.ontology.money import parse_money

        return parse_money(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not an amount of money; write a number of pounds")
    if isinstance(value, int) and value > 10**15:
        raise ValueError("more than £1 trillion; check the number of digits")
    return value


def _date_in(value: object) -> object:
    """A date is written YYYY-MM-DD; a number (read as seconds since 1970) never is one."""
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and not _ISO_DATE.match(value)
    ):
        raise ValueError(f"{value!r} is not a date; write dates as YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Money = Annotated[float, BeforeValidator(_money_in), Field(ge=0, le=1e12, allow_inf_nan=False)]
"""Pounds: finite, from 0 to £1 trillion; ``1m`` and ``£250k`` accepted as on the command line."""

Date = Annotated[dt.date, BeforeValidator(_date_in)]
"""A calendar date, YYYY-MM-DD; numbers are refused (pydantic would read 0 as 1970-01-01)."""


class Level(StrEnum):
    """Levels of footprint, most local first: neighbourhood < place < system < region < national."""

    NEIGHBOURHOOD = "neighbourhood"
    PLACE = "place"
    SYSTEM = "system"
    REGION = "region"
    NATIONAL = "national"

    @property
    def rank(self) -> int:
        """0 for neighbourhood up to 4 for national."""
        return LEVEL_RANK[self]


LEVEL_RANK: dict[Level, int] = {level: i for i, level in enumerate(Level)}


class PlaceDefinition(StrEnum):
    """How a place is drawn (The future of integrated care in England, section on place)."""

    LOCAL_AUTHORITY = "local_authority"
    PROVIDER_COLLABORATIVE = "provider_collaborative"
    POPULATION = "population"


class OrganisationKind(StrEnum):
    """Kinds of organisation; partnerships (ics, icp-like alliances) are not legal bodies."""

    ICB = "icb"
    CCG = "ccg"
    NHS_TRUST = "nhs_trust"
    FOUNDATION_TRUST = "foundation_trust"
    COUNTY_COUNCIL = "county_council"
    DISTRICT_COUNCIL = "district_council"
    UNITARY_AUTHORITY = "unitary_authority"
    METROPOLITAN_BOROUGH = "metropolitan_borough"
    LONDON_BOROUGH = "london_borough"
    COMBINED_AUTHORITY = "combined_authority"
    PCN = "pcn"
    GP_PRACTICE = "gp_practice"
    VCS = "vcs"
    HEALTHWATCH = "healthwatch"
    CQC = "cqc"
    NHS_ENGLAND = "nhs_england"
    NHS_ENGLAND_REGION = "nhs_england_region"
    DHSC = "dhsc"
    ICS = "ics"
    PROVIDER_COLLABORATIVE = "provider_collaborative"
    ALLIANCE = "alliance"
    PUBLIC = "public"
    OTHER = "other"

    @property
    def is_local_authority(self) -> bool:
        """True for councils of every tier (and combined authorities)."""
        return self in _LOCAL_AUTHORITIES

    @property
    def is_provider(self) -> bool:
        """True for NHS providers, primary care included."""
        return self in _PROVIDERS

    @property
    def is_partnership(self) -> bool:
        """True for collaborations of organisations that are not legal bodies (W3C ORG)."""
        return self in _PARTNERSHIPS

    @property
    def is_elected(self) -> bool:
        """True where members are elected by the public (councils) or for the public itself."""
        return self in _LOCAL_AUTHORITIES or self is OrganisationKind.PUBLIC


_LOCAL_AUTHORITIES = frozenset(
    {
        OrganisationKind.COUNTY_COUNCIL,
        OrganisationKind.DISTRICT_COUNCIL,
        OrganisationKind.UNITARY_AUTHORITY,
        OrganisationKind.METROPOLITAN_BOROUGH,
        OrganisationKind.LONDON_BOROUGH,
        OrganisationKind.COMBINED_AUTHORITY,
    }
)
_PROVIDERS = frozenset(
    {
        OrganisationKind.NHS_TRUST,
        OrganisationKind.FOUNDATION_TRUST,
        OrganisationKind.PCN,
        OrganisationKind.GP_PRACTICE,
        OrganisationKind.PROVIDER_COLLABORATIVE,
    }
)
_PARTNERSHIPS = frozenset(
    {OrganisationKind.ICS, OrganisationKind.PROVIDER_COLLABORATIVE, OrganisationKind.ALLIANCE}
)


class BodyKind(StrEnum):
    """Kinds of board or committee.

    A ``joint_committee`` is one body taking decisions for several statutory
    bodies (s65Z5); ``committees_in_common`` are one committee per
    organisation meeting together, each deciding only for its parent.
    """

    BOARD = "board"
    GOVERNING_BODY = "governing_body"
    INTEGRATED_CARE_PARTNERSHIP = "integrated_care_partnership"
    HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board"
    JOINT_COMMITTEE = "joint_committee"
    COMMITTEES_IN_COMMON = "committees_in_common"
    COMMITTEE = "committee"
    PLACE_COMMITTEE = "place_committee"
    PLACE_PARTNERSHIP = "place_partnership"
    CLINICAL_REFERENCE_GROUP = "clinical_reference_group"
    PROGRAMME_BOARD = "programme_board"
    OVERSIGHT_GROUP = "oversight_group"
    PMO = "pmo"
    SCRUTINY_COMMITTEE = "scrutiny_committee"
    ADVISORY_GROUP = "advisory_group"


class PostKind(StrEnum):
    """Kinds of post (role) held in a body or organisation."""

    CHAIR = "chair"
    INDEPENDENT_CHAIR = "independent_chair"
    ICS_LEAD = "ics_lead"
    CHIEF_EXECUTIVE = "chief_executive"
    ACCOUNTABLE_OFFICER = "accountable_officer"
    FINANCE_DIRECTOR = "finance_director"
    MEDICAL_DIRECTOR = "medical_director"
    NURSING_DIRECTOR = "nursing_director"
    PROGRAMME_DIRECTOR = "programme_director"
    CLINICAL_LEAD = "clinical_lead"
    NON_EXECUTIVE = "non_executive"
    LAY_MEMBER = "lay_member"
    COUNCILLOR = "councillor"
    PCN_CLINICAL_DIRECTOR = "pcn_clinical_director"
    PARTNER_MEMBER = "partner_member"
    DIRECTOR = "director"
    OFFICER = "officer"
    MEMBER = "member"

    @property
    def is_independent(self) -> bool:
        """Posts that bring lay or non-executive challenge to a board."""
        return self in {PostKind.NON_EXECUTIVE, PostKind.LAY_MEMBER, PostKind.INDEPENDENT_CHAIR}


class Role(StrEnum):
    """A holder's part in a decision (RAPID as well as RACI)."""

    DECIDES = "decides"
    AGREES = "agrees"
    RATIFIES = "ratifies"
    RECOMMENDS = "recommends"
    CONSULTED = "consulted"
    INFORMED = "informed"

    @property
    def code(self) -> str:
        """One-letter code for decision-matrix cells: D, A, T, R, C, I."""
        return _ROLE_CODES[self]


_ROLE_CODES = {
    Role.DECIDES: "D",
    Role.AGREES: "A",
    Role.RATIFIES: "T",
    Role.RECOMMENDS: "R",
    Role.CONSULTED: "C",
    Role.INFORMED: "I",
}


class Basis(StrEnum):
    """On what authority a right is held. ``de_facto`` is practice without formal authority."""

    STATUTORY = "statutory"
    DELEGATED = "delegated"
    AGREED = "agreed"
    CONTRACTUAL = "contractual"
    DE_FACTO = "de_facto"


class AccountabilityKind(StrEnum):
    """The kinds of line in the web of accountability (Leading for integrated care)."""

    STATUTORY = "statutory"
    REGULATORY = "regulatory"
    MANAGERIAL = "managerial"
    DELEGATED = "delegated"
    CONTRACTUAL = "contractual"
    PROFESSIONAL = "professional"
    DEMOCRATIC = "democratic"
    MUTUAL = "mutual"
    INFORMAL = "informal"


class InstrumentKind(StrEnum):
    """The document or power by which a delegation is made."""

    CONSTITUTION = "constitution"
    SCHEME_OF_DELEGATION = "scheme_of_delegation"
    S75_AGREEMENT = "s75_agreement"
    S65Z5_ARRANGEMENT = "s65z5_arrangement"
    TERMS_OF_REFERENCE = "terms_of_reference"
    DELEGATION_AGREEMENT = "delegation_agreement"
    DIRECTION = "direction"
    OTHER = "other"


class AgreementKind(StrEnum):
    """Kinds of agreement between organisations."""

    S75_POOLED_BUDGET = "s75_pooled_budget"
    ALIGNED_BUDGET = "aligned_budget"
    MOU = "mou"
    CONCORDAT = "concordat"
    ALLIANCE = "alliance"
    BLOCK_CONTRACT = "block_contract"
    ALIGNED_INCENTIVE_CONTRACT = "aligned_incentive_contract"
    CONSTITUTION = "constitution"
    DELEGATION_AGREEMENT = "delegation_agreement"
    OTHER = "other"


class ChangeKind(StrEnum):
    """Kinds of reorganisation (W3C ORG ChangeEvent)."""

    ESTABLISHMENT = "establishment"
    ABOLITION = "abolition"
    MERGER = "merger"
    TRANSFER = "transfer"
    CLUSTERING = "clustering"
    RENAME = "rename"
    SPLIT = "split"
    BOUNDARY_CHANGE = "boundary_change"


class ChangeStatus(StrEnum):
    """How far a change has gone: announced, made law, or in force (answers use only in force)."""

    ANNOUNCED = "announced"
    LEGISLATED = "legislated"
    IN_FORCE = "in_force"


class RelationKind(StrEnum):
    """Reference-data relations from ODS/ONS: identity and geography, never accountability."""

    LOCATED_IN = "located_in"
    COMMISSIONED_BY = "commissioned_by"
    PARTNER_TO = "partner_to"
    CONSTITUENT_OF = "constituent_of"
    PRINCIPAL_COMMISSIONER = "principal_commissioner"
    CONSTITUTIONAL_PARTNER = "constitutional_partner"
    OVERLAPS = "overlaps"


class DecisionStatus(StrEnum):
    """What a logged decision record is: the decision itself, its ratification, or a note of it."""

    TAKEN = "taken"
    RATIFIED = "ratified"
    NOTED = "noted"


# --- shared parts -------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


class Citation(_Model):
    """A use of a source: which source, and where in it (section, page, clause)."""

    source: Id
    locator: str | None = None


class Identifier(_Model):
    """A code in a scheme (``ods``, ``ons``...), possibly valid only for a while.

    ONS codes change while ODS codes do not (Sussex and Surrey Heartlands ICBs
    got new ONS codes in April 2023), so codes carry their own dates.
    """

    scheme: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
    value: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    valid_from: Date | None = None
    valid_to: Date | None = None


class Entity(_Model):
    """Everything with an id: a name, optional validity, sources, and an illustrative flag.

    ``illustrative`` marks a detail invented only to complete a structure, so
    that no one mistakes it for a documented fact.
    """

    kind_name: ClassVar[str] = "entity"
    section: ClassVar[str] = ""

    id: Id
    valid_from: Date | None = None
    valid_to: Date | None = None
    sources: list[Citation] = Field(default_factory=list)
    illustrative: bool = False
    description: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Entity:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(
                f"valid_to {self.valid_to} is before valid_from {self.valid_from}; "
                "swap them or correct the date"
            )
        return self

    def valid_at(self, as_of: dt.date | None) -> bool:
        """True when the fact holds on ``as_of`` (both ends inclusive; ``None`` means always)."""
        if as_of is None:
            return True
        if self.valid_from is not None and as_of < self.valid_from:
            return False
        return not (self.valid_to is not None and as_of > self.valid_to)

    @property
    def label(self) -> str:
        """The human name, or the id when the class has no name."""
        return str(getattr(self, "name", None) or self.id)


class Source(Entity):
    """A document facts come from (title, publisher, date, url)."""

    kind_name: ClassVar[str] = "source"
    section: ClassVar[str] = "sources"

    title: Text
    publisher: str | None = None
    date: Date | None = None
    url: str | None = None
    licence: str | None = None


class Footprint(Entity):
    """A geography at a level, in a tree by ``part_of`` (a place is part of a system)."""

    kind_name: ClassVar[str] = "footprint"
    section: ClassVar[str] = "footprints"

    name: Text
    level: Level
    part_of: Id | None = None
    population: Annotated[int, Field(ge=0)] | None = None
    codes: list[Identifier] = Field(default_factory=list)
    place_definition: PlaceDefinition | None = None
    aliases: list[str] = Field(default_factory=list)


class Organisation(Entity):
    """A legal body or a partnership of bodies; identity by ODS code where it has one."""

    kind_name: ClassVar[str] = "organisation"
    section: ClassVar[str] = "organisations"

    name: Text
    kind: OrganisationKind
    statutory: bool = False
    footprints: list[Id] = Field(default_factory=list)
    codes: list[Identifier] = Field(default_factory=list)
    members: list[Id] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class Body(Entity):
    """A board or committee of one organisation (or several, for joint bodies)."""

    kind_name: ClassVar[str] = "body"
    section: ClassVar[str] = "bodies"

    name: Text
    kind: BodyKind
    of: list[Id] = Field(default_factory=list)
    footprint: Id | None = None
    members: list[Id] = Field(default_factory=list)
    meets_in_public: bool | None = None
    terms_of_reference: str | None = None
    aliases: list[str] = Field(default_factory=list)


class Person(Entity):
    """Someone who holds posts (optional: most answers need only the posts)."""

    kind_name: ClassVar[str] = "person"
    section: ClassVar[str] = "people"

    name: Text


class Post(Entity):
    """A role in one or more bodies or organisations (one post in several: clustered ICBs)."""

    kind_name: ClassVar[str] = "post"
    section: ClassVar[str] = "posts"

    name: Text
    kind: PostKind
    post_in: list[Id] = Field(min_length=1)
    holder: Id | None = None
    represents: Id | None = None


class DecisionType(Entity):
    """A kind of decision in a SKOS hierarchy (finance > capital > approve capital scheme)."""

    kind_name: ClassVar[str] = "decision type"
    section: ClassVar[str] = "decision_types"

    name: Text
    domain: str | None = None
    broader: Id | None = None
    preferred_level: Level | None = None
    reserved: bool = False
    aliases: list[str] = Field(default_factory=list)


class DecisionRight(Entity):
    """An n-ary fact: this holder has this role in this decision over this footprint.

    A right applies to every footprint inside its own; a more local right
    overrides it. ``value_min``/``value_max`` bound the value (in pounds) it
    covers, both inclusive.
    """

    kind_name: ClassVar[str] = "decision right"
    section: ClassVar[str] = "decision_rights"

    holder: Id
    decision: Id
    footprint: Id
    role: Role
    basis: Basis
    value_min: Money | None = None
    value_max: Money | None = None
    conditions: str | None = None
    delegation: Id | None = None

    @model_validator(mode="after")
    def _band_in_order(self) -> DecisionRight:
        if (
            self.value_min is not None
            and self.value_max is not None
            and self.value_max < self.value_min
        ):
            raise ValueError(
                f"value_max {self.value_max:g} is below value_min {self.value_min:g}; "
                "swap them or correct the band"
            )
        return self

    def covers(self, value: float | None) -> bool:
        """True when ``value`` lies in the band (no value asked: always)."""
        if value is None:
            return True
        if self.value_min is not None and value < self.value_min:
            return False
        return not (self.value_max is not None and value > self.value_max)

    def shared_band(self, other: DecisionRight) -> tuple[float, float | None] | None:
        """The values both bands hold as ``(low, high)`` (``high`` None: open); None if none.

        >>> a = DecisionRight(id="a", holder="x", decision="d", footprint="f", role="decides",
        ...                   basis="statutory", value_max=5e6)
        >>> b = a.model_copy(update={"id": "b", "value_min": 2e6, "value_max": None})
        >>> a.shared_band(b), a.overlaps(b)
        ((2000000.0, 5000000.0), True)
        >>> a.overlaps(b.model_copy(update={"value_min": 6e6}))
        False
        """
        low = max(self.value_min or 0.0, other.value_min or 0.0)
        highs = [r.value_max for r in (self, other) if r.value_max is not None]
        high = min(highs) if highs else None
        return None if high is not None and high < low else (low, high)

    def overlaps(self, other: DecisionRight) -> bool:
        """True when some value lies in both bands (bounds inclusive, an absent bound open)."""
        return self.shared_band(other) is not None


class Delegation(Entity):
    """A power passed from a delegator to a delegate; the delegator stays accountable (PROV)."""

    kind_name: ClassVar[str] = "delegation"
    section: ClassVar[str] = "delegations"

    delegator: Id
    delegate: Id
    decisions: list[Id] = Field(min_length=1)
    footprint: Id | None = None
    value_max: Money | None = None
    limits: str | None = None
    instrument: InstrumentKind
    instrument_ref: str | None = None
    may_subdelegate: bool = False


class AccountabilityLine(Entity):
    """``actor`` answers to ``answers_to``, by a kind of line, formally or not."""

    kind_name: ClassVar[str] = "accountability line"
    section: ClassVar[str] = "accountability"

    actor: Id
    answers_to: Id
    kind: AccountabilityKind
    basis: str | None = None
    formal: bool = True


class Agreement(Entity):
    """An s75 pooled budget, MoU, concordat, alliance, contract or constitution."""

    kind_name: ClassVar[str] = "agreement"
    section: ClassVar[str] = "agreements"

    name: Text
    kind: AgreementKind
    parties: list[Id] = Field(min_length=1)
    value: Money | None = None
    footprint: Id | None = None


class FundingFlow(Entity):
    """Who pays for what: an amount or a share, recurrent or not, cash or in kind."""

    kind_name: ClassVar[str] = "funding flow"
    section: ClassVar[str] = "funding"

    funder: Id
    recipient: Id
    purpose: str | None = None
    amount: Money | None = None
    share: Annotated[float, Field(ge=0, le=1)] | None = None
    recurrent: bool = True
    in_kind: bool = False


class Programme(Entity):
    """A workstream with its board, lead and reporting line."""

    kind_name: ClassVar[str] = "programme"
    section: ClassVar[str] = "programmes"

    name: Text
    footprint: Id | None = None
    board: Id | None = None
    lead: Id | None = None
    reports_to: Id | None = None
    cadence: str | None = None


class ChangeEvent(Entity):
    """A reorganisation (W3C ORG ChangeEvent): a merger, a CCG becoming an ICB..."""

    kind_name: ClassVar[str] = "change event"
    section: ClassVar[str] = "changes"

    name: Text
    kind: ChangeKind
    date: Date
    original: list[Id] = Field(default_factory=list)
    resulting: list[Id] = Field(default_factory=list)
    status: ChangeStatus = ChangeStatus.IN_FORCE


class ReferenceRelation(Entity):
    """An ODS/ONS relation (geography, commissioning, PCN partnership): not accountability."""

    kind_name: ClassVar[str] = "reference relation"
    section: ClassVar[str] = "relations"

    subject: Id
    object: Id
    kind: RelationKind
    share: Annotated[float, Field(ge=0, le=1)] | None = None


class Suppression(Entity):
    """A governance-check finding the data owner has accepted, with the reason why."""

    kind_name: ClassVar[str] = "suppression"
    section: ClassVar[str] = "suppressions"

    rule: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]+$")]
    target: Id
    reason: Text


class DeclaredInterest(Entity):
    """A member's declared interest in an organisation or body (the register of interests).

    ``valid_from``/``valid_to`` are when the interest was held. The decision
    audit reports a decision taken with a member present who had an interest
    in force in the decision's counterparty that day.
    """

    kind_name: ClassVar[str] = "declared interest"
    section: ClassVar[str] = "interests"

    member: Id
    interest_in: Id
    nature: Text | None = None


class LoggedDecision(Entity):
    """A decision actually taken (a PROV activity): when, by whom, what, where, for how much.

    One row of a decision log, as board-paper systems record it: the date, the
    body or post that took it, the decision type, the place and value, the
    minute reference, paper and link. ``status`` says whether this record is
    the decision itself (``taken``), a later formal ``ratified`` of the record
    named in ``ratifies``, or a ``noted`` report of it. ``present`` lists the
    members present for the item (posts or people); ``counterparty`` is the
    organisation the decision favours or contracts with. ``icsgov audit``
    checks each record against the authority in force on its date.
    """

    kind_name: ClassVar[str] = "logged decision"
    section: ClassVar[str] = "decision_log"

    date: dt.date
    taken_by: Id
    decision: Id
    title: Text | None = None
    place: Id | None = None
    value: Money | None = None
    counterparty: Id | None = None
    reference: Text | None = None
    paper: Text | None = None
    url: str | None = None
    status: DecisionStatus = DecisionStatus.TAKEN
    ratifies: Id | None = None
    present: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ratification_names_its_decision(self) -> LoggedDecision:
        if self.status is DecisionStatus.RATIFIED and self.ratifies is None:
            raise ValueError(
                "a record with status 'ratified' needs 'ratifies': the id of the logged "
                "decision it ratifies"
            )
        return self


ENTITY_CLASSES: tuple[type[Entity], ...] = (
    Source,
    Footprint,
    Organisation,
    Body,
    Person,
    Post,
    DecisionType,
    DecisionRight,
    Delegation,
    AccountabilityLine,
    Agreement,
    FundingFlow,
    Programme,
    ChangeEvent,
    ReferenceRelation,
    Suppression,
    DeclaredInterest,
    LoggedDecision,
)
"""Every class a governance document can hold, in the order sections are loaded."""

ACTORS: tuple[type[Entity], ...] = (Organisation, Body, Post, Person)
"""Classes that can hold rights, delegate, fund, and answer to others."""

REFERENCES: dict[tuple[type[BaseModel], str], tuple[type[Entity], ...]] = {
    (Footprint, "part_of"): (Footprint,),
    (Organisation, "footprints"): (Footprint,),
    (Organisation, "members"): (Organisation,),
    (Body, "of"): (Organisation,),
    (Body, "footprint"): (Footprint,),
    (Body, "members"): (Organisation, Post, Body),
    (Post, "post_in"): (Body, Organisation),
    (Post, "holder"): (Person,),
    (Post, "represents"): (Organisation,),
    (DecisionType, "broader"): (DecisionType,),
    (DecisionRight, "holder"): ACTORS,
    (DecisionRight, "decision"): (DecisionType,),
    (DecisionRight, "footprint"): (Footprint,),
    (DecisionRight, "delegation"): (Delegation,),
    (Delegation, "delegator"): ACTORS,
    (Delegation, "delegate"): ACTORS,
    (Delegation, "decisions"): (DecisionType,),
    (Delegation, "footprint"): (Footprint,),
    (AccountabilityLine, "actor"): ACTORS,
    (AccountabilityLine, "answers_to"): ACTORS,
    (Agreement, "parties"): (Organisation, Body),
    (Agreement, "footprint"): (Footprint,),
    (FundingFlow, "funder"): ACTORS,
    (FundingFlow, "recipient"): (*ACTORS, Programme),
    (Programme, "footprint"): (Footprint,),
    (Programme, "board"): (Body,),
    (Programme, "lead"): (Post,),
    (Programme, "reports_to"): (Body, Organisation, Post),
    (ChangeEvent, "original"): (Organisation, Body, Footprint),
    (ChangeEvent, "resulting"): (Organisation, Body, Footprint),
    (ReferenceRelation, "subject"): (Organisation, Footprint),
    (ReferenceRelation, "object"): (Organisation, Footprint),
    (DeclaredInterest, "member"): (Post, Person),
    (DeclaredInterest, "interest_in"): (Organisation, Body),
    (LoggedDecision, "taken_by"): ACTORS,
    (LoggedDecision, "decision"): (DecisionType,),
    (LoggedDecision, "place"): (Footprint,),
    (LoggedDecision, "counterparty"): (Organisation, Body),
    (LoggedDecision, "ratifies"): (LoggedDecision,),
    (LoggedDecision, "present"): (Post, Person),
    (Citation, "source"): (Source,),
}
"""Which fields hold ids, and of which classes the target must be (the object-property ranges)."""
