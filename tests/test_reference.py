"""The real national skeleton: loaded facts match the shipped files, and the CLI answers on it.

Expected values are read from the shipped CSVs with the csv module, not typed
from the data, so a test fails if the loader drops, duplicates or misreads
anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from icsgov.cli import cli, main
from icsgov.errors import Ambiguous, NotFound, QueryError
from icsgov.loaders.reference import STEPS, read_reference
from icsgov.loaders.reference_files import DATASETS, DESCRIBES_FROM, DESCRIBES_TO, reference_dir
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    AccountabilityLine,
    Footprint,
    Level,
    Organisation,
    OrganisationKind,
    ReferenceRelation,
    RelationKind,
    Source,
)
from icsgov.queries.overlaps import overlaps
from icsgov.queries.where import where

REF = reference_dir()
LATEST = "sicbl_icb_nhser_2024.csv"


def rows(name: str) -> list[dict[str, str]]:
    """A shipped file's rows, read independently of the loader."""
    raw = (REF / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


@pytest.fixture(scope="module")
def gov() -> Governance:
    """The 42-ICB vintages (July 2022 to March 2026); the April 2026 one is tested in
    tests/test_reference_2026.py."""
    return read_reference(["2022", "2023", "2024"])


def orgs(gov: Governance, kind: OrganisationKind) -> list[Organisation]:
    return [o for o in gov.of_type(Organisation) if o.kind is kind]


def relations(gov: Governance, kind: RelationKind) -> list[ReferenceRelation]:
    return [r for r in gov.of_type(ReferenceRelation) if r.kind is kind]


# --- counts match the files ---------------------------------------------------------------


def test_icbs_sub_icbs_and_regions_match_the_latest_lookup(gov: Governance) -> None:
    lookup = rows(LATEST)
    icbs = orgs(gov, OrganisationKind.ICB)
    assert {o.codes[0].value for o in icbs} == {r["icb_ods"] for r in lookup}
    assert len(icbs) == len({r["icb_ods"] for r in lookup}) == 42  # the issue's own figure
    systems = [f for f in gov.of_type(Footprint) if f.level is Level.SYSTEM]
    assert len(systems) == len(icbs)
    sub_icbs = {
        f.codes[0].value
        for f in gov.of_type(Footprint)
        if f.level is Level.PLACE and f.id.startswith("fp:ods:")
    }
    assert sub_icbs == {r["sicbl_ods"] for r in lookup}
    assert len(sub_icbs) == 106
    regions = [f for f in gov.of_type(Footprint) if f.level is Level.REGION]
    assert {f.codes[0].value for f in regions} == {r["region_ods"] for r in lookup}
    assert len(regions) == 7
    assert len(orgs(gov, OrganisationKind.NHS_ENGLAND_REGION)) == 7


def test_every_sub_icb_sits_in_its_icb_and_every_icb_in_its_region(gov: Governance) -> None:
    for row in rows(LATEST):
        sub_icb = gov.get(f"fp:ods:{row['sicbl_ods']}")
        assert isinstance(sub_icb, Footprint) and sub_icb.level is Level.PLACE
        assert sub_icb.part_of == f"fp:ods:{row['icb_ods']}"
        system = gov.get(f"fp:ods:{row['icb_ods']}")
        assert isinstance(system, Footprint)
        assert system.part_of == f"fp:ods:{row['region_ods']}"


def test_open_pcn_and_practice_counts_match_the_files(gov: Governance) -> None:
    pcn_rows = rows("pcns.csv")
    open_pcns = {r["ods"] for r in pcn_rows if not r["closed"]}
    loaded = orgs(gov, OrganisationKind.PCN)
    assert len(loaded) == len(pcn_rows)
    assert {o.codes[0].value for o in loaded if o.valid_to is None} == open_pcns
    practice_rows = rows("gp_practices.csv.gz")
    active = {r["ods"] for r in practice_rows if r["status"] == "ACTIVE"}
    practices = orgs(gov, OrganisationKind.GP_PRACTICE)
    assert {o.codes[0].value for o in practices if o.valid_to is None} == active
    assert len(practices) == len(practice_rows)


def test_practices_are_partners_of_their_pcn_with_dated_memberships(gov: Governance) -> None:
    members = rows("pcn_members.csv.gz")
    loaded = {(r.subject, r.object, r.valid_to) for r in relations(gov, RelationKind.PARTNER_TO)}
    practices = {o.id for o in orgs(gov, OrganisationKind.GP_PRACTICE)}
    expected = {
        (
            f"ods:{m['practice_ods']}",
            f"ods:{m['pcn_ods']}",
            dt.date.fromisoformat(f"{m['end'][:4]}-{m['end'][4:6]}-{m['end'][6:]}")
            if m["end"]
            else None,
        )
        for m in members
        if f"ods:{m['practice_ods']}" in practices
    }
    assert loaded == expected
    # the memberships skipped are only those whose practice the newer epraccur no longer has
    assert len(members) - len(loaded) < len(members) * 0.05


def test_trusts_located_in_their_icb_and_have_one_principal_icb(gov: Governance) -> None:
    located = {r.subject: r.object for r in relations(gov, RelationKind.LOCATED_IN)}
    for row in rows("trusts.csv"):
        if row["icb_ods"].startswith("Q"):
            assert located[f"ods:{row['ods']}"] == f"fp:ods:{row['icb_ods']}"
    principal = relations(gov, RelationKind.PRINCIPAL_COMMISSIONER)
    apportionment = rows("icb_financial_apportionment_2024.csv")
    assert {(r.subject, r.object) for r in principal} == {
        (f"ods:{a['trust_ods']}", f"ods:{a['icb_ods']}") for a in apportionment
    }
    assert len({r.subject for r in principal}) == len(principal)


def test_every_constitutional_partner_row_is_loaded(gov: Governance) -> None:
    partners = rows("icb_partners_2024.csv")
    loaded = relations(gov, RelationKind.CONSTITUTIONAL_PARTNER)
    wanted = {(p["partner_type"], p["partner_name"], p["icb_ods"]) for p in partners}
    assert len(loaded) == len(wanted)
    by_alias: dict[str, set[str]] = defaultdict(set)
    for rel in loaded:
        partner = gov.get(rel.subject)
        assert isinstance(partner, Organisation)
        for name in (partner.name, *partner.aliases):
            by_alias[name].add(rel.object)
    for _type, name, icb in wanted:
        assert f"ods:{icb}" in by_alias[name], name
    essex = {p["icb_ods"] for p in partners if p["partner_name"] == "Essex County Council"}
    essex_rels = {r.object for r in loaded if r.subject == "ons:E10000012"}
    assert essex_rels == {f"ods:{c}" for c in essex}
    assert len(essex) == 3


def test_reference_relations_are_not_accountability(gov: Governance) -> None:
    lines = gov.of_type(AccountabilityLine)  # only the shared posts of ICB clusters
    assert lines and all(
        c.source == "src:nhsconfed-icb-clusters-2025" for line in lines for c in line.sources
    )
    assert {r.kind for r in gov.of_type(ReferenceRelation)} <= set(RelationKind)


# --- provenance -----------------------------------------------------------------------------


def test_every_fact_cites_an_ogl_source_with_a_locator(gov: Governance) -> None:
    sources = {s.id: s for s in gov.of_type(Source)}
    cited_only = {d.source_id for d in DATASETS.values() if d.licence is None}
    assert cited_only == {"src:nhsconfed-icb-clusters-2025"}  # facts cited, no text shipped
    assert sources and all(
        (s.licence == "OGL-3.0" or s.id in cited_only) and s.publisher for s in sources.values()
    )
    for entity in gov:
        if isinstance(entity, Source):
            continue
        assert entity.sources, entity.id
        for citation in entity.sources:
            assert citation.source in sources
            assert citation.locator
    files = {name for d in gov.datasets for name in (d.path or "").split(", ")}
    for path in files:
        assert (REF / Path(path).name).exists(), path
    dated = [d for d in gov.datasets if d.describes_from or d.describes_to]
    assert all(d.vintage for d in gov.datasets)
    assert all(d.describes_from == DESCRIBES_FROM for d in dated)
    assert all(d.describes_to == DESCRIBES_TO for d in dated)


def test_shipped_files_are_small_and_attributed() -> None:
    files = [p for p in REF.iterdir() if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 3_000_000
    attribution = (REF / "SOURCES.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in attribution
    for name in ("as published by ONS", "as published by\n  NHS England"):
        assert name in attribution
    for path in files:
        if path.name != "SOURCES.md":
            assert f"`{path.name}`" in attribution, f"{path.name} is not described in SOURCES.md"


# --- vintages: one entity per ODS code, dated ONS codes -----------------------------------------


def _ons_by_vintage(column: str) -> dict[str, dict[str, str]]:
    by_code: dict[str, dict[str, str]] = defaultdict(dict)
    for vintage in ("2022", "2023", "2024"):
        for row in rows(f"sicbl_icb_nhser_{vintage}.csv"):
            by_code[row[f"{column}_ods"]][vintage] = row[f"{column}_ons"]
    return by_code


@pytest.mark.parametrize(("column", "prefix"), [("icb", "ods:"), ("region", "fp:ods:")])
def test_changed_ons_codes_become_dated_identifiers_of_one_entity(
    gov: Governance, column: str, prefix: str
) -> None:
    starts = {"2023": dt.date(2023, 4, 1), "2024": dt.date(2024, 4, 1)}
    changed = 0
    for ods, codes in _ons_by_vintage(column).items():
        entity = gov.get(f"{prefix}{ods}")
        ons = [c for c in entity.codes if c.scheme == "ons"]  # type: ignore[attr-defined]
        assert [c.value for c in ons] == list(dict.fromkeys(codes.values()))
        for previous, vintage in (("2022", "2023"), ("2023", "2024")):
            if codes[previous] != codes[vintage]:
                changed += 1
                old = next(c for c in ons if c.value == codes[previous])
                new = next(c for c in ons if c.value == codes[vintage])
                assert old.valid_to == starts[vintage] - dt.timedelta(days=1)
                assert new.valid_from == starts[vintage]
        assert where(gov, codes["2022"], dt.date(2022, 12, 1)).entity.id.endswith(ods)
    assert changed >= 2  # Sussex and Surrey Heartlands (2023); two regions (2024)


def test_icbs_whose_codes_changed_are_sussex_and_surrey_heartlands(gov: Governance) -> None:
    changed = {ods for ods, c in _ons_by_vintage("icb").items() if len(set(c.values())) > 1}
    names = {gov.get(f"ods:{ods}").label for ods in changed}
    assert names == {
        "NHS Sussex Integrated Care Board",
        "NHS Surrey Heartlands Integrated Care Board",
    }


def test_one_vintage_alone_has_one_undated_ons_code() -> None:
    only = read_reference("2022")
    sussex = only.get("ods:QNX")
    ons = [c for c in sussex.codes if c.scheme == "ons"]  # type: ignore[attr-defined]
    assert len(ons) == 1 and ons[0].valid_from is None and ons[0].valid_to is None
    assert [d.name for d in only.datasets if d.name.startswith("ons-sicbl")] == ["ons-sicbl-2022"]
    with pytest.raises(QueryError, match="shipped vintages are 2022, 2023, 2024, 2026"):
        read_reference("2019")


# --- councils and shares ----------------------------------------------------------------------


def test_district_shares_are_lsoa_shares_and_part_of_the_largest(gov: Governance) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows("lad22_icb_lsoa_counts.csv"):
        counts[row["lad22_ons"]][row["icb_ods"]] += int(row["lsoas"])
    shares: dict[str, dict[str, float]] = defaultdict(dict)
    for rel in relations(gov, RelationKind.OVERLAPS):
        shares[rel.subject][rel.object] = rel.share or 0.0
    for code, by_icb in counts.items():
        total = sum(by_icb.values())
        got = shares[f"fp:ons:{code}"]
        assert got == pytest.approx({f"fp:ods:{i}": n / total for i, n in by_icb.items()})
        footprint = gov.get(f"fp:ons:{code}")
        assert isinstance(footprint, Footprint)
        assert got[footprint.part_of or ""] == max(got.values())


def test_essex_spans_the_icbs_of_its_districts(gov: Governance) -> None:
    districts = {r["ltla_ons"] for r in rows("lad23_utla23.csv") if r["utla_name"] == "Essex"}
    icbs = {r["icb_ods"] for r in rows("lad22_icb_lsoa_counts.csv") if r["lad22_ons"] in districts}
    essex = next(o for o in overlaps(gov, "county") if o.name == "Essex")
    assert {s["code"] for s in essex.shares} == icbs
    assert len(icbs) == 3
    assert sum(s["share"] for s in essex.shares) == pytest.approx(1, abs=1e-3)
    assert not [o for o in overlaps(gov, "district") if o.name in {"Colchester", "Basildon"}]


def test_districts_abolished_in_2023_answer_only_before_then(gov: Governance) -> None:
    successors = rows("lad_successors_2023.csv")
    old = successors[0]
    with pytest.raises(NotFound, match="--as-of 2023-03-31"):
        where(gov, old["lad22_name"])
    before = where(gov, old["lad22_name"], dt.date(2023, 3, 1))
    assert before.chain[0]["code"] == old["lad22_ons"]
    after = where(gov, old["lad23_name"])
    assert after.chain[0]["code"] == old["lad23_ons"]
    with pytest.raises(NotFound):
        where(gov, old["lad23_name"], dt.date(2023, 3, 1))


# --- where and the command line --------------------------------------------------------------


def _luton_expected() -> tuple[str, str]:
    luton = [r for r in rows("lad22_icb_lsoa_counts.csv") if r["lad22_name"] == "Luton"]
    assert len(luton) == 1
    icb = luton[0]["icb_ods"]
    region = next(r["region_name"] for r in rows(LATEST) if r["icb_ods"] == icb)
    return icb, region


def test_cli_where_luton_json_chain() -> None:
    result = CliRunner().invoke(cli, ["where", "Luton", "--json", "--as-of", "2026-03-31"])
    assert result.exit_code == 0, result.output
    chain = json.loads(result.output)["chain"]
    icb, region = _luton_expected()
    assert [s["level"] for s in chain] == ["place", "system", "region", "national"]
    assert chain[0]["name"] == "Luton"
    assert chain[1]["code"] == icb
    assert (
        chain[1]["organisation"]
        == "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board"
    )
    assert chain[2]["name"] == region == "East of England"
    assert chain[3]["name"] == "England"
    assert all(set(s) >= {"level", "name", "code"} for s in chain)


def test_cli_overlaps_county_lists_essex_across_three_icbs() -> None:
    result = CliRunner().invoke(
        cli, ["overlaps", "--level", "county", "--json", "--as-of", "2026-03-31"]
    )
    assert result.exit_code == 0, result.output
    essex = [o for o in json.loads(result.output)["overlaps"] if o["name"] == "Essex"]
    assert len(essex) == 1 and len(essex[0]["shares"]) == 3
    table = CliRunner().invoke(cli, ["overlaps", "--level", "county", "--as-of", "2026-03-31"])
    assert "Essex" in table.output and "QH8" in table.output


def test_cli_where_split_district_shows_shares() -> None:
    result = CliRunner().invoke(cli, ["where", "Buckinghamshire", "--as-of", "2026-03-31"])
    assert result.exit_code == 0, result.output
    assert "Split across 2 ICBs" in result.output


def test_misspelt_name_gets_suggestions(
    gov: Governance, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(NotFound, match="Did you mean: 'Luton'") as caught:
        where(gov, "Lutn")
    assert "Luton" in caught.value.suggestions
    with pytest.raises(SystemExit) as exited:
        main(["where", "Lutn"])
    assert exited.value.code == 2
    assert "Did you mean" in capsys.readouterr().err


def test_duplicate_practice_names_are_ambiguous(gov: Governance) -> None:
    names = Counter(r["name"] for r in rows("gp_practices.csv.gz") if r["status"] == "ACTIVE")
    name, count = names.most_common(1)[0]
    assert count > 1
    with pytest.raises(Ambiguous) as caught:
        where(gov, name)
    assert len(caught.value.candidates) >= count


def test_practice_chain_runs_through_its_pcn(gov: Governance) -> None:
    active = {r["ods"] for r in rows("gp_practices.csv.gz") if r["status"] == "ACTIVE"}
    member = next(
        m for m in rows("pcn_members.csv.gz") if not m["end"] and m["practice_ods"] in active
    )
    chain = where(gov, member["practice_ods"]).chain
    assert chain[0]["level"] == "gp_practice"
    assert chain[1] == {**chain[1], "level": "neighbourhood", "code": member["pcn_ods"]}
    assert [s["level"] for s in chain[2:]] == ["place", "system", "region", "national"]


def test_progress_is_reported_once_per_step() -> None:
    seen: list[str] = []
    read_reference(progress=seen.append)
    assert seen == list(STEPS)
