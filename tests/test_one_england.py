"""One England: the bundled example and the national skeleton loaded together hold each thing once.

Proved from the user's side: ``--data`` given several times, a project
file, and ``check`` (rule GOV060) clean of things held twice, where a naive
merge of the same two sources is not.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from icsgov.cli import cli
from icsgov.errors import InputError
from icsgov.graph.memory import MemoryStore
from icsgov.loaders import bundled_example, load
from icsgov.loaders.one_england import combine, identity_keys
from icsgov.loaders.reference import read_reference
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import DecisionRight, Organisation
from icsgov.queries.checks import run_checks


@pytest.fixture(scope="module")
def both() -> Governance:
    return load(["icsgov:skeleton", "icsgov:example"])  # the join alone, no national rules


def test_nothing_is_held_twice_and_governance_attaches_to_the_skeleton(both: Governance) -> None:
    held = Counter(k for e in both for k in identity_keys(e))
    assert [k for k, n in held.items() if n > 1] == []
    example = load()
    skeleton = {k for e in read_reference() for k in identity_keys(e)}
    joined = {e.id for e in example if set(identity_keys(e)) & skeleton}
    assert len(joined) > 20 and not joined & set(both.entities)  # each one joined the skeleton
    kept = {e.id for e in example if identity_keys(e)} - joined  # CCGs, NHS England: not in it
    assert kept <= set(both.entities)
    icb = both.get("ods:QR1")
    assert isinstance(icb, Organisation) and "fp:ods:QR1" in icb.footprints
    held_by_icb = [r for r in both.of_type(DecisionRight) if r.holder == "ods:QR1"]
    assert held_by_icb  # the example's Gloucestershire ICB rights now sit on the skeleton's ICB
    assert {r.footprint for r in both.of_type(DecisionRight)} <= set(both.entities)
    assert len(both) == len(read_reference()) + len(example) - len(joined)


def test_check_finds_duplicates_in_a_naive_merge_and_none_when_combined(both: Governance) -> None:
    naive = load().merged(read_reference())
    found = run_checks(MemoryStore(naive), rules=["GOV060"]).findings
    assert len(found) > 50  # England, the regions, ICBs and councils twice
    assert run_checks(MemoryStore(both), rules=["GOV060"]).findings == []


def test_repeatable_data_and_a_project_file_give_the_same_england(tmp_path: Path) -> None:
    project = tmp_path / "my-system"
    project.mkdir()
    (project / "icsgov-project.toml").write_text(
        f'sources = ["icsgov:reference", "{bundled_example()}"]\n', encoding="utf-8"
    )
    runner = CliRunner()
    by_flags = runner.invoke(
        cli, ["check", "--data", "icsgov:reference", "--data", "icsgov:example", "--rule", "GOV060"]
    )
    by_project = runner.invoke(cli, ["check", "--data", str(project), "--rule", "GOV060"])
    for result in (by_flags, by_project):
        assert result.exit_code == 0, result.output
        assert "0 errors" in result.output
    assert len(load([project])) == len(load(["icsgov:reference", "icsgov:example"]))


def test_bad_project_file_and_unknown_token_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "icsgov-project.toml").write_text("sources = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs 'sources'"):
        load([tmp_path])
    tokens = "use icsgov:reference, icsgov:example, icsgov:skeleton or icsgov:national"
    with pytest.raises(InputError, match=tokens):
        load(["icsgov:nowhere"])


def test_combine_keeps_the_first_source_ids() -> None:
    reference = read_reference("2024")
    assert combine([reference]) is reference
