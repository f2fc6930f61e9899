"""The bundled example and the format reference: they load, and they say what users rely on.

Facts are read from the loaded data wherever the test can, so the example can
grow without these tests being edited; what is fixed here is what the
example promises (the named systems, every level, every role, basis and kind
of accountability, the 2022 transition).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path

import pytest

import icsgov.ontology.model as model
from icsgov.loaders.governance_yaml import parse_yaml, read_yaml
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    AccountabilityKind,
    AccountabilityLine,
    Basis,
    ChangeEvent,
    DecisionRight,
    Delegation,
    Footprint,
    Level,
    Organisation,
    OrganisationKind,
    Role,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "icsgov" / "examples"
FORMAT_DOC = ROOT / "docs" / "format.md"

CCG_LAST_DAY = dt.date(2022, 6, 30)
ICB_FIRST_DAY = dt.date(2022, 7, 1)
POD_FIRST_DAY = dt.date(2023, 4, 1)


@pytest.fixture(scope="module")
def gov() -> Governance:
    return read_yaml(EXAMPLES)


# --- (a) the bundled example --------------------------------------------------


@pytest.mark.parametrize(
    "system_name",
    [
        "Gloucestershire",
        "West Yorkshire and Harrogate",
        "Dorset",
        "Lincolnshire",
        "Bedfordshire, Luton and Milton Keynes",
        "Nottingham and Nottinghamshire",
    ],
)
def test_each_named_system_is_a_system_footprint_with_an_icb(
    gov: Governance, system_name: str
) -> None:
    systems = {f.name: f for f in gov.of_type(Footprint) if f.level is Level.SYSTEM}
    assert system_name in systems
    icbs = [
        o
        for o in gov.of_type(Organisation)
        if o.kind is OrganisationKind.ICB and systems[system_name].id in o.footprints
    ]
    assert len(icbs) == 1, f"{system_name} should have exactly one ICB"


def test_luton_is_a_place_of_blmk(gov: Governance) -> None:
    places = {f.name: f for f in gov.of_type(Footprint) if f.level is Level.PLACE}
    luton = places["Luton"]
    parent = gov.get(luton.part_of or "")
    assert isinstance(parent, Footprint) and parent.name.startswith("Bedfordshire, Luton")


def test_every_level_of_footprint_is_present(gov: Governance) -> None:
    assert {f.level for f in gov.of_type(Footprint)} == set(Level)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_used(gov: Governance, role: Role) -> None:
    assert any(r.role is role for r in gov.of_type(DecisionRight))


@pytest.mark.parametrize("basis", list(Basis))
def test_every_basis_is_used(gov: Governance, basis: Basis) -> None:
    assert any(r.basis is basis for r in gov.of_type(DecisionRight))


@pytest.mark.parametrize("kind", list(AccountabilityKind))
def test_every_kind_of_accountability_is_used(gov: Governance, kind: AccountabilityKind) -> None:
    assert any(a.kind is kind for a in gov.of_type(AccountabilityLine))


def test_every_record_cites_a_source_that_exists(gov: Governance) -> None:
    sources = {s.id for s in gov.of_type(Source)}
    uncited = [e.id for e in gov if not isinstance(e, Source) and not e.sources]
    assert uncited == []
    dangling = [(e.id, c.source) for e in gov for c in e.sources if c.source not in sources]
    assert dangling == []


def test_every_seed_document_is_a_source_and_is_cited(gov: Governance) -> None:
    cited = {c.source for e in gov for c in e.sources}
    titles = [s.title for s in gov.of_type(Source) if s.id in cited]
    # The five seed documents, by a distinctive word of each title.
    for word in (
        "Accelerating transformation",
        "engine room",
        "Emerging themes",
        "future of integrated care",
        "Leading for integrated care",
    ):
        assert any(word.lower() in t.lower() for t in titles), word


def test_illustrative_facts_are_marked_and_documented_ones_dominate(gov: Governance) -> None:
    flagged = [e for e in gov if e.illustrative]
    assert flagged, "the example marks its invented details"
    assert len(flagged) < len(gov) / 2


def test_real_organisations_carry_ods_codes(gov: Governance) -> None:
    statutory = [
        o
        for o in gov.of_type(Organisation)
        if o.statutory
        and o.kind
        in {
            OrganisationKind.ICB,
            OrganisationKind.CCG,
            OrganisationKind.NHS_TRUST,
            OrganisationKind.FOUNDATION_TRUST,
        }
        and not o.illustrative
    ]
    assert statutory
    missing = [o.id for o in statutory if not any(c.scheme == "ods" for c in o.codes)]
    assert missing == []


def test_ccgs_end_and_icbs_begin_on_the_transition_dates(gov: Governance) -> None:
    orgs = gov.of_type(Organisation)
    icbs = [o for o in orgs if o.kind is OrganisationKind.ICB]
    assert icbs and all(o.valid_from == ICB_FIRST_DAY for o in icbs)
    ccgs = [o for o in orgs if o.kind is OrganisationKind.CCG]
    assert ccgs and all(o.valid_to is not None and o.valid_to <= CCG_LAST_DAY for o in ccgs)
    # Every ICB results from a change event dated 1 July 2022 whose originals were CCGs.
    for icb in icbs:
        events = [c for c in gov.of_type(ChangeEvent) if icb.id in c.resulting]
        assert len(events) == 1, icb.id
        assert events[0].date == ICB_FIRST_DAY
        originals = [gov.get(i) for i in events[0].original]
        assert originals and all(
            isinstance(o, Organisation)
            and o.kind is OrganisationKind.CCG
            and o.valid_to == CCG_LAST_DAY
            for o in originals
        )


def test_ccg_rights_and_lines_end_before_icb_ones_start(gov: Governance) -> None:
    kinds = {o.id: o.kind for o in gov.of_type(Organisation)}
    owner = {b.id: b.of for b in gov.of_type(model.Body)}

    def org_kinds(actor: str) -> set[OrganisationKind]:
        ids = owner.get(actor, [actor])
        return {kinds[i] for i in ids if i in kinds}

    for right in gov.of_type(DecisionRight):
        if org_kinds(right.holder) == {OrganisationKind.CCG}:
            assert right.valid_to is not None and right.valid_to <= CCG_LAST_DAY, right.id
        if org_kinds(right.holder) == {OrganisationKind.ICB}:
            assert right.valid_from is not None and right.valid_from >= ICB_FIRST_DAY, right.id
    for line in gov.of_type(AccountabilityLine):
        if org_kinds(line.actor) == {OrganisationKind.CCG}:
            assert line.valid_to is not None and line.valid_to <= CCG_LAST_DAY, line.id


def test_nhs_england_delegates_primary_care_to_every_icb_and_keeps_accountability(
    gov: Governance,
) -> None:
    icbs = {o.id for o in gov.of_type(Organisation) if o.kind is OrganisationKind.ICB}
    delegations = [d for d in gov.of_type(Delegation) if d.delegator == "nhse"]
    medical = {
        d.delegate
        for d in delegations
        if "commission-primary-medical" in d.decisions and d.valid_from == ICB_FIRST_DAY
    }
    pod = {
        d.delegate
        for d in delegations
        if "commission-pod" in d.decisions and d.valid_from == POD_FIRST_DAY
    }
    assert medical == icbs
    assert pod == icbs
    # NHS England keeps its own statutory right and each ICB answers back along a delegated line.
    nhse_rights = {(r.decision, r.basis) for r in gov.of_type(DecisionRight) if r.holder == "nhse"}
    assert ("commission-primary-medical", Basis.STATUTORY) in nhse_rights
    delegated_lines = {
        a.actor
        for a in gov.of_type(AccountabilityLine)
        if a.answers_to == "nhse" and a.kind is AccountabilityKind.DELEGATED
    }
    assert icbs <= delegated_lines


def test_a_de_facto_decider_has_a_statutory_ratifier(gov: Governance) -> None:
    rights = gov.of_type(DecisionRight)
    de_facto = [r for r in rights if r.basis is Basis.DE_FACTO and r.role is Role.DECIDES]
    assert de_facto
    for r in de_facto:
        assert any(
            o.decision == r.decision
            and o.role is Role.RATIFIES
            and o.basis is Basis.STATUTORY
            and o.valid_to == r.valid_to
            for o in rights
        )


def test_a_council_must_agree_to_a_section_75_pool(gov: Governance) -> None:
    agrees = [
        r
        for r in gov.of_type(DecisionRight)
        if r.role is Role.AGREES and r.decision == "approve-s75-pooled-budget"
    ]
    assert agrees
    holder = gov.get(agrees[0].holder)
    assert isinstance(holder, Organisation) and holder.kind.is_local_authority


def test_delegated_rights_name_a_delegation_to_their_holder(gov: Governance) -> None:
    for right in gov.of_type(DecisionRight):
        if right.delegation is not None:
            delegation = gov.get(right.delegation)
            assert isinstance(delegation, Delegation)
            assert delegation.delegate == right.holder, right.id
            assert right.decision in delegation.decisions, right.id


def test_wyh_programmes_report_quarterly_to_the_oversight_group(gov: Governance) -> None:
    programmes = [p for p in gov.of_type(model.Programme) if p.footprint == "wyh"]
    assert len(programmes) >= 15  # "about 17" in the seed
    boards = {p.board for p in programmes}
    assert len(boards) == len(programmes)  # each has its own board
    assert {p.reports_to for p in programmes} == {"wyh-soag"}
    assert {p.cadence for p in programmes} == {"quarterly"}


def test_wyh_funding_mix_adds_up_and_is_40_percent_non_recurrent(gov: Governance) -> None:
    flows = [
        f
        for f in gov.of_type(model.FundingFlow)
        if f.recipient == "wyh-core-team" and f.share is not None
    ]
    assert sum(f.share or 0 for f in flows) == pytest.approx(1.0)
    non_recurrent = sum(f.share or 0 for f in flows if not f.recurrent)
    assert non_recurrent == pytest.approx(0.40)
    assert sum(f.share or 0 for f in flows if f.in_kind) == pytest.approx(0.35)


def test_every_file_declares_its_dataset(gov: Governance) -> None:
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert len(gov.datasets) == len(files)
    for path in files:
        assert re.search(r"^dataset:\s*$", path.read_text(encoding="utf-8"), re.MULTILINE), path


# --- (b) the worked example in the format reference ---------------------------


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def test_format_reference_worked_example_loads() -> None:
    blocks = [
        b
        for b in _yaml_blocks(FORMAT_DOC.read_text(encoding="utf-8"))
        if re.search(r"^\w+:\s*$", b, re.MULTILINE) and "dataset:" in b
    ]
    assert blocks, "docs/format.md should hold a complete worked example"
    for block in blocks:
        gov = parse_yaml(block, file="docs/format.md")
        levels = {f.level for f in gov.of_type(Footprint)}
        assert levels == set(Level)
        assert gov.of_type(DecisionRight)
        assert gov.of_type(ChangeEvent)


# --- (c) the format reference lists every enum value --------------------------


def _model_enums() -> list[type[StrEnum]]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum
    ]


def test_every_enum_value_in_the_model_is_documented() -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    enums = _model_enums()
    assert len(enums) >= 12
    missing = [f"{e.__name__}.{v.value}" for e in enums for v in e if f"`{v.value}`" not in text]
    assert missing == []


def test_every_section_and_field_is_documented() -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    missing = []
    for cls in model.ENTITY_CLASSES:
        if f"`{cls.section}`" not in text:
            missing.append(cls.section)
        missing.extend(
            f"{cls.section}.{name}" for name in cls.model_fields if f"`{name}`" not in text
        )
    assert missing == []
