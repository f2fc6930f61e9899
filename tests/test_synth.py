"""The synthetic data set: deterministic, loadable by the normal loader, and answering questions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from icsgov.errors import QueryError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders.governance_yaml import MAX_FILE_BYTES, read_yaml
from icsgov.ontology.model import (
    Basis,
    ChangeEvent,
    DecisionRight,
    DecisionType,
    Delegation,
    Level,
    Role,
)
from icsgov.queries.who_decides import who_decides
from icsgov.synth import synthesise, write_synth
from icsgov.synth.writer import RECORDS_PER_FILE
from tests.cli_helpers import run_cli

SYSTEMS = ["QR1", "QHM"]  # Gloucestershire; North East and North Cumbria


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    write_synth(0.1, 7, folder, SYSTEMS)
    return folder


@pytest.fixture(scope="module")
def store(written: Path) -> MemoryStore:
    return MemoryStore(read_yaml(written))


def test_same_scale_and_seed_write_byte_identical_files(written: Path, tmp_path: Path) -> None:
    write_synth(0.1, 7, tmp_path, SYSTEMS)
    assert digests(tmp_path) == digests(written)
    assert len(digests(written)) > 3


def test_another_seed_writes_different_data(written: Path, tmp_path: Path) -> None:
    write_synth(0.1, 8, tmp_path, SYSTEMS)
    assert digests(tmp_path) != digests(written)


def test_scale_multiplies_the_decision_rights() -> None:
    small = synthesise(0.1, 7, systems=["QR1"])
    large = synthesise(0.4, 7, systems=["QR1"])
    n_small = len(small.of_type(DecisionRight))
    n_large = len(large.of_type(DecisionRight))
    assert 3 * n_small < n_large < 5 * n_small


def test_the_folder_loads_alone_and_everything_generated_is_illustrative(
    store: MemoryStore, written: Path
) -> None:
    gov = store.governance
    generated = [e for e in gov if e.id.startswith("syn:") and e.id != "syn:source"]
    assert generated and all(e.illustrative for e in generated)
    assert all(any(c.source == "syn:source" for c in e.sources) for e in generated)
    assert "seed 7" in (gov.get("syn:source").description or "")
    assert {d.name for d in gov.datasets} >= {"synth-QR1", "synth-QHM", "reference-skeleton"}
    assert all(p.stat().st_size < MAX_FILE_BYTES for p in written.rglob("*.yaml"))


def test_rights_span_every_level_role_and_basis(store: MemoryStore) -> None:
    rights = store.entities(DecisionRight)
    levels = {store.get(r.footprint).level for r in rights}  # type: ignore[attr-defined]
    assert {Level.NATIONAL, Level.SYSTEM, Level.PLACE, Level.NEIGHBOURHOOD} <= levels
    assert {r.role for r in rights} == set(Role)
    assert {r.basis for r in rights} >= {Basis.STATUTORY, Basis.DELEGATED, Basis.DE_FACTO}
    assert any(r.value_max is not None for r in rights)
    assert {c.date.isoformat() for c in store.entities(ChangeEvent)} >= {"2022-07-01"}


def test_who_decides_at_a_pcn_traces_delegations_to_the_icb(store: MemoryStore) -> None:
    pcn_right = next(
        r
        for r in store.entities(DecisionRight)
        if r.basis is Basis.DELEGATED
        and r.footprint.startswith("fp:ods:U")
        and r.id.startswith("syn:QR1")
    )
    answer = who_decides(store, pcn_right.decision, pcn_right.footprint, as_of=None)
    assert pcn_right.holder in [h.id for h in answer.decides]
    assert answer.level == "neighbourhood"
    chain = next(c for c in answer.delegation_chain if c.holder == pcn_right.holder)
    assert not chain.broken
    assert chain.statutory_holder == "ods:QR1"  # the ICB holds the power in law
    delegation = store.get(chain.steps[0].delegation)
    assert isinstance(delegation, Delegation) and delegation.delegate == pcn_right.holder


def test_banded_decisions_go_to_the_committee_below_its_limit_and_the_icb_above(
    store: MemoryStore,
) -> None:
    committee = next(
        r
        for r in store.entities(DecisionRight)
        if r.holder == "syn:QR1:committee:resources" and r.role is Role.DECIDES
    )
    assert committee.value_max is not None
    below = who_decides(store, committee.decision, "fp:ods:QR1", value=committee.value_max)
    above = who_decides(store, committee.decision, "fp:ods:QR1", value=committee.value_max + 2)
    assert [h.id for h in below.decides] == [committee.holder]
    assert [h.id for h in above.decides] == ["ods:QR1"]


def test_decision_types_form_a_hierarchy_with_preferred_levels(store: MemoryStore) -> None:
    types = store.entities(DecisionType)
    leaves = [t for t in types if t.preferred_level is not None]
    assert len(leaves) >= 30
    for leaf in leaves:
        assert [d.broader is None for d in store.decision_lineage(leaf.id)] == [False, False, True]


def test_bad_scale_and_unknown_icb_are_clear_errors() -> None:
    with pytest.raises(QueryError, match="scale 0 is out of range"):
        synthesise(0, 1)
    with pytest.raises(QueryError, match=r"no ICB with ODS code QR2; did you mean .*'QR1'"):
        synthesise(0.1, 1, systems=["QR2"])


def test_cli_synth_writes_a_folder_who_decides_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = run_cli(capsys, "synth", "--scale", "0.05", "--seed", "3", "--systems", "qr1",
                  "-o", str(tmp_path), "--json")  # fmt: skip
    assert out.code == 0, out.err
    report = out.json()
    assert report["generated"]["decision right"] > 0
    assert report["files"] == len(list(tmp_path.rglob("*.yaml")))
    decision = "syn:dt:finance:capital:approve-0"
    answer = run_cli(capsys, "who-decides", decision, "--at", "fp:ods:QR1", "--data",
                     str(tmp_path), "--json")  # fmt: skip
    assert answer.code == 0, answer.err
    assert answer.json()["decides"]
    bad = run_cli(capsys, "synth", "--scale", "-1", "-o", str(tmp_path / "x"))
    assert bad.code == 2 and "out of range" in bad.err


def test_files_are_split_at_the_record_limit() -> None:
    assert RECORDS_PER_FILE * 400 < MAX_FILE_BYTES  # a record is well under 400 bytes
