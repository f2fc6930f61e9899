"""England from 1 April 2026: the 36-ICB vintage as dated change, checked against its files.

Expected values come from the shipped files (read here with the csv module)
or, for the questions in ``test_twenty_questions``, from the sources named
beside each one (CHANGES-2025-2026.md and SOURCES-2026.md in shared/), so a
test fails if the loader drops, back-dates or misplaces anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner

from icsgov.cli import cli
from icsgov.errors import NotFound
from icsgov.loaders.reference import read_reference
from icsgov.loaders.reference_files import (
    DATASETS,
    DESCRIBES_TO_2026,
    REORGANISED_2026,
    reference_dir,
)
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import (
    ChangeEvent,
    ChangeKind,
    ChangeStatus,
    Footprint,
    Level,
    Organisation,
    OrganisationKind,
    Post,
    ReferenceRelation,
    RelationKind,
)
from icsgov.queries.overlaps import overlaps
from icsgov.queries.where import where

REF = reference_dir()
BEFORE, AFTER, LATER = dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 9, 1)


def rows(name: str) -> list[dict[str, str]]:
    raw = (REF / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


@pytest.fixture(scope="module")
def gov() -> Governance:
    return read_reference()


def icbs_on(gov: Governance, day: dt.date) -> set[str]:
    return {
        o.codes[0].value
        for o in gov.of_type(Organisation)
        if o.kind is OrganisationKind.ICB and o.valid_at(day)
    }


def system_of(gov: Governance, name: str, day: dt.date) -> str:
    chain = where(gov, name, day).chain
    return next(s["code"] for s in chain if s["level"] == "system")


# --- the vintage as dated change -------------------------------------------------------------


def test_42_icbs_until_31_march_and_36_from_1_april(gov: Governance) -> None:
    old = {r["icb_ods"] for r in rows("sicbl_icb_nhser_2024.csv")}
    new = {r["icb_ods"] for r in rows("sicbl_icb_nhser_2026.csv")}
    assert icbs_on(gov, BEFORE) == old and len(old) == 42
    assert icbs_on(gov, AFTER) == new and len(new) == 36
    assert len(old - new) == 12 and len(new - old) == 6  # HCWS915: 12 abolished, 6 created
    for ods in old - new:
        icb = gov.get(f"ods:{ods}")
        assert icb.valid_to == BEFORE and gov.get(f"fp:ods:{ods}").valid_to == BEFORE
    for ods in new - old:
        assert gov.get(f"ods:{ods}").valid_from == AFTER


def test_106_sub_icb_locations_and_7_regions_each_side(gov: Governance) -> None:
    for day, file in ((BEFORE, "sicbl_icb_nhser_2024.csv"), (AFTER, "sicbl_icb_nhser_2026.csv")):
        lookup = rows(file)
        places = {
            f.codes[0].value
            for f in gov.of_type(Footprint)
            if f.level is Level.PLACE and f.id.startswith("fp:ods:") and f.valid_at(day)
        }
        assert places == {r["sicbl_ods"] for r in lookup} and len(places) == 106
        for row in lookup:
            chain = where(gov, row["sicbl_ods"], day).chain
            assert [s["code"] for s in chain[1:3]] == [row["icb_ods"], row["region_ods"]]
        regions = {f.id for f in gov.of_type(Footprint) if f.level is Level.REGION}
        assert len(regions) == 7


def test_every_succession_row_is_a_change_event_with_its_share(gov: Governance) -> None:
    events = [e for e in gov.of_type(ChangeEvent) if e.id.startswith("chg:2026-04-01:")]
    assert all(e.date == REORGANISED_2026 and e.sources for e in events)
    assert all(e.status is ChangeStatus.IN_FORCE for e in events)
    for row in rows("icb_successions_2026.csv"):
        old, new = f"ods:{row['old_icb_ods']}", f"ods:{row['new_icb_ods']}"
        naming = [e for e in events if old in e.original and new in e.resulting]
        assert naming, (old, new)
        assert any(f"{float(row['share']):.1%}" in (e.description or "") for e in naming)
    splits = {e.original[0] for e in events if e.kind is ChangeKind.SPLIT}
    by_old = defaultdict(set)
    for row in rows("icb_successions_2026.csv"):
        by_old[row["old_icb_ods"]].add(row["new_icb_ods"])
    assert splits == {f"ods:{o}" for o, n in by_old.items() if len(n) > 1} | {"fp:ods:D4U1Y"}
    assert len(splits) == 4  # Frimley, Herts and West Essex, Suffolk and NE Essex; D4U1Y


def test_practices_of_the_august_2026_extract_are_where_it_says_and_not_back_dated(
    gov: Governance,
) -> None:
    region = {r["icb_ods"]: r["region_ods"] for r in rows("sicbl_icb_nhser_2026.csv")}
    extract = rows("gp_practices_2026-08.csv.gz")
    assert len(extract) == 6129
    commissioner = {
        r.subject: r.object
        for r in gov.of_type(ReferenceRelation)
        if r.kind is RelationKind.COMMISSIONED_BY and r.valid_at(LATER)
    }
    cross_border = 0
    for row in extract:
        assert commissioner[f"ods:{row['ods']}"] == f"fp:ods:{row['sicbl_ods']}"
        chain = where(gov, row["ods"], LATER).chain
        codes = {s["level"]: s["code"] for s in chain}
        if codes["system"] != row["icb_ods"]:  # the chain runs through a PCN over the border
            cross_border += 1
            pcn = gov.get(f"fp:ods:{row['pcn_ods']}")
            assert codes["neighbourhood"] == row["pcn_ods"] and isinstance(pcn, Footprint)
            continue
        assert codes["region"] == region[row["icb_ods"]]
    assert cross_border < len(extract) * 0.01
    earlier = {r["ods"] for r in rows("gp_practices.csv.gz")}
    new = [r["ods"] for r in extract if r["ods"] not in earlier]
    for code in new:
        assert gov.get(f"ods:{code}").valid_from == dt.date(2026, 8, 1)
    moved = gov.get("rel:located_in:ods:H81047:2026-08")  # Runnymede: Frimley -> Thames Valley
    assert moved.valid_from == dt.date(2026, 8, 1)  # type: ignore[attr-defined]


# --- places after April 2026 -----------------------------------------------------------------


def test_where_places_every_council_before_and_after_april_2026(gov: Governance) -> None:
    """Every council the files place: on each date its system is its largest share, valid then."""
    councils = [
        o
        for o in gov.of_type(Organisation)
        if o.kind.value.endswith(("council", "authority", "borough")) and o.id.startswith("ons:")
    ]
    placed = 0
    for council in councils:
        for day, icbs in ((BEFORE, icbs_on(gov, BEFORE)), (LATER, icbs_on(gov, LATER))):
            if not council.valid_at(day):
                continue
            result = where(gov, council.codes[0].value, day)
            system = next(s["code"] for s in result.chain if s["level"] == "system")
            assert system in icbs, (council.name, day)
            shares = result.shares
            assert shares[0]["code"] == system
            assert sum(s["share"] for s in shares) == pytest.approx(1, abs=1e-3)
            placed += 1
    assert placed > 2 * 300


def test_2026_council_shares_follow_the_derived_file_and_frimley_evidence(gov: Governance) -> None:
    extract = {r["ods"]: r for r in rows("gp_practices_2026-08.csv.gz")}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows("lad22_icb26_lsoa_counts.csv"):
        counts[row["lad22_name"]][row["icb_ods"]] += int(row["lsoas"])
        if "D4U1Y split" in row["basis"]:
            named = [c for c in row["basis"].split("(")[-1].rstrip(")").split() if c in extract]
            assert named or "assumed" in row["basis"], row
            for code in named:  # each practice cited is recorded in the council's 2026 ICB
                assert extract[code]["icb_ods"] == row["icb_ods"]
    for name in ("Slough", "Hart", "Surrey Heath", "Luton"):
        (icb,) = counts[name]
        assert system_of(gov, name, LATER) == icb


def test_overlaps_after_april_2026(gov: Governance) -> None:
    before = {o.name: o for o in overlaps(gov, "county", BEFORE)}
    after = {o.name: o for o in overlaps(gov, "county", LATER)}
    assert len(before["Essex"].shares) == 3
    assert "Essex" not in after  # all of Essex is in the new Essex ICB (D7T5G)
    assert system_of(gov, "E10000012", LATER) == "D7T5G"  # Essex County Council
    assert {s["code"] for s in after["Surrey"].shares} >= {"S9B9J"}


# --- twenty questions across 2019-2026 ---------------------------------------------------------


def _gone(gov: Governance, query: str, day: dt.date) -> set[str]:
    result = where(gov, query, day)
    assert result.chain == [] and "did not exist" in (result.note or "")
    return {i for c in result.changes if c["role"] == "predecessor" for i in c["into"]}


def test_twenty_questions(gov: Governance) -> None:
    d = dt.date
    # 1-2. Luton: BLMK until 31 March 2026, Central East after (HCWS915; SOURCES-2026 file 1)
    assert system_of(gov, "Luton", d(2026, 3, 1)) == "QHG"
    assert system_of(gov, "Luton", d(2026, 6, 1)) == "S1Y5D"
    # 3. In 2019 there were no ICBs (established 1 July 2022): no system in Luton's chain
    assert "system" not in {s["level"] for s in where(gov, "Luton", d(2019, 6, 1)).chain}
    # 4. Frimley on 1 June 2026: split, into HIOW, Thames Valley, Surrey and Sussex
    assert _gone(gov, "QNQ", d(2026, 6, 1)) >= {
        "NHS Hampshire and Isle of Wight Integrated Care Board (QRL)",
        "NHS Thames Valley Integrated Care Board (S0E4D)",
        "NHS Surrey and Sussex Integrated Care Board (S9B9J)",
    }
    # 5. Frimley in 2025 was in the South East region
    assert [s["code"] for s in where(gov, "QNQ", d(2025, 6, 1)).chain[:2]] == ["QNQ", "Y59"]
    # 6-7. HIOW kept QRL; ONS E54000042 until 31 March 2026, then E54000067
    hiow = {c["value"]: c for c in where(gov, "QRL", d(2026, 6, 1)).codes}
    assert hiow["E54000042"]["valid_to"] == "2026-03-31"
    assert hiow["E54000067"]["valid_from"] == "2026-04-01"
    assert where(gov, "E54000067", d(2026, 6, 1)).entity.id == "ods:QRL"
    # 8. Sussex's ONS code in December 2022 (before its April 2023 change)
    assert where(gov, "E54000053", d(2022, 12, 1)).entity.id == "ods:QNX"
    # 9-10. Slough and Hart after the Frimley split: Thames Valley; Hampshire and Isle of Wight
    assert system_of(gov, "Slough", d(2026, 6, 1)) == "S0E4D"
    assert system_of(gov, "Hart", d(2026, 6, 1)) == "QRL"
    # 11. Surrey Heath: Frimley in 2025, Surrey and Sussex in 2026
    assert system_of(gov, "Surrey Heath", d(2025, 6, 1)) == "QNQ"
    assert system_of(gov, "Surrey Heath", d(2026, 6, 1)) == "S9B9J"
    # 12. Herts and West Essex split 78.6% / 21.4% (derived succession, SOURCES-2026 §C)
    split = gov.get("chg:2026-04-01:split:ods:QM7")
    assert "78.6%" in (split.description or "") and "21.4%" in (split.description or "")
    # 13. U2G6B did not exist before April 2026 and sits in Thames Valley after
    with pytest.raises(NotFound):
        where(gov, "U2G6B", d(2026, 3, 1))
    assert system_of(gov, "U2G6B", d(2026, 6, 1)) == "S0E4D"
    # 14. Frimley's sub-ICB location D4U1Y was divided three ways
    assert len(_gone(gov, "D4U1Y", d(2026, 6, 1))) == 3
    # 15. Cambridge: Cambridgeshire and Peterborough, then Central East
    assert system_of(gov, "Cambridge", d(2024, 6, 1)) == "QUE"
    assert system_of(gov, "Cambridge", d(2026, 6, 1)) == "S1Y5D"
    # 16. Barnet: North Central London, then West and North London
    assert system_of(gov, "Barnet", d(2025, 6, 1)) == "QMJ"
    assert system_of(gov, "Barnet", d(2026, 6, 1)) == "Z9B2Z"
    # 17. Colchester (Suffolk and North East Essex) went to Essex, not to Norfolk and Suffolk
    assert system_of(gov, "Colchester", d(2025, 6, 1)) == "QJG"
    assert system_of(gov, "Colchester", d(2026, 6, 1)) == "D7T5G"
    # 18. 92A's ONS code was recoded on 1 April 2026, its ODS code kept
    assert where(gov, "E38000264", d(2025, 1, 1)).entity.id == "fp:ods:92A"
    assert where(gov, "E38000267", d(2026, 6, 1)).entity.id == "fp:ods:92A"
    # 19. Runnymede Medical Practice: Frimley in 2025, Thames Valley in the August 2026 extract
    assert system_of(gov, "H81047", d(2025, 6, 1)) == "QNQ"
    assert system_of(gov, "H81047", d(2026, 9, 1)) == "S0E4D"
    # 20. Regions unchanged: East of England is still Y61 / E40000013 after April 2026
    assert where(gov, "Luton", d(2026, 6, 1)).chain[2]["code"] == "Y61"
    # 21. Gloucestershire and BNSSG share a chief executive (a cluster, NHS Confed Oct 2025),
    #     and both ICBs still exist: a cluster is not a merger
    chief = gov.get("post:cluster:QR1-QUY:chief_executive")
    assert isinstance(chief, Post) and chief.post_in == ["ods:QR1", "ods:QUY"]
    assert {"QR1", "QUY"} <= icbs_on(gov, d(2026, 6, 1))
    # 22. NHS England's abolition is announced, not in force: absent unless planned is asked for
    plain = where(gov, "Luton", d(2026, 12, 2))
    assert not [c for c in plain.changes if c["status"] != "in_force"]
    planned = where(gov, "Luton", d(2026, 12, 2), include_planned=True).changes
    assert [(c["status"], c["kind"]) for c in planned if c.get("planned")] == [
        ("announced", "abolition")
    ]
    assert plain.chain == where(gov, "Luton", d(2026, 12, 2), include_planned=True).chain


# --- clusters and planned changes ---------------------------------------------------------------


def test_clusters_are_shared_posts_answering_to_each_icb_never_mergers(gov: Governance) -> None:
    clusters = rows("icb_clusters_2025.csv")
    assert len(clusters) == 8  # the clusters CHANGES-2025-2026.md sources (Midlands, South West)
    for row in clusters:
        icbs = [f"ods:{c}" for c in row["icb_ods"].split()]
        tag = "-".join(row["icb_ods"].split())
        for kind in ("chair", "chief_executive"):
            post = gov.get(f"post:cluster:{tag}:{kind}")
            assert isinstance(post, Post) and post.post_in == icbs and post.holder is None
        event = gov.get(f"chg:cluster:{tag}")
        assert isinstance(event, ChangeEvent) and event.kind is ChangeKind.CLUSTERING
        assert event.original == event.resulting == icbs  # nothing ends, nothing starts
        for icb in icbs:
            assert gov.get(icb).valid_to is None
    assert not [p for p in gov.of_type(Post) if p.valid_from and p.valid_from < dt.date(2025, 1, 1)]


def test_web_on_a_clustered_chief_executive_shows_the_boards_it_answers_to() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "web",
            "post:cluster:QOX-QSL-QVV:chief_executive",
            "--depth",
            "1",
            "--data",
            "icsgov:reference",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    text = json.dumps(data)
    for name in ("Bath and North East Somerset", "Somerset Integrated Care Board", "Dorset"):
        assert name in text


def test_diff_compares_today_with_the_planned_state() -> None:
    args = ["diff", "--from", "2026-12-02", "--to", "2027-06-01", "--json"]
    today = json.loads(CliRunner().invoke(cli, args).output)
    planned = json.loads(CliRunner().invoke(cli, [*args, "--include-planned"]).output)
    assert today["decision_rights"]["removed"] == []
    assert "r-notts-icp-plan" in planned["decision_rights"]["removed"]
    assert {c["status"] for c in planned["planned_changes"]} == {"announced"}
    text = (
        CliRunner()
        .invoke(cli, ["diff", "--from", "2026-12-02", "--to", "2027-06-01", "--include-planned"])
        .output
    )
    assert "ANNOUNCED, not in force" in text


# --- the command line and the datasets --------------------------------------------------------


def test_cli_where_explains_successors_and_code_history() -> None:
    frimley = CliRunner().invoke(cli, ["where", "QNQ", "--as-of", "2026-06-01"])
    assert frimley.exit_code == 0, frimley.output
    assert "ended on 2026-03-31" in frimley.output and "S0E4D" in frimley.output
    assert "split" in frimley.output
    hiow = CliRunner().invoke(cli, ["where", "QRL", "--as-of", "2026-06-01"])
    assert "E54000042 (... to 2026-03-31), E54000067 (2026-04-01 to ...)" in hiow.output
    luton = CliRunner().invoke(cli, ["where", "Luton", "--json", "--as-of", "2026-12-02"])
    data = json.loads(luton.output)
    assert data["chain"][1]["code"] == "S1Y5D"
    assert data["coverage"]["from"] == "2022-07-01"  # the vintages continue one another
    assert data["coverage"]["to"] == DESCRIBES_TO_2026.isoformat() and data["caveats"] == []
    later = CliRunner().invoke(cli, ["where", "Luton", "--as-of", "2027-01-01"])
    assert "Note:" in later.output and "2026-12-02" in later.output


def test_the_2026_datasets_say_what_they_describe(gov: Governance) -> None:
    described = {d.name: d for d in gov.datasets}
    for key in ("ons-sicbl-2026", "ods-icb-successions-2026", "derived-lad-icb26"):
        assert described[key].describes_from == REORGANISED_2026
        assert described[key].describes_to == DESCRIBES_TO_2026
    assert described["nhse-gp-prac-map-2026-08"].vintage == "2026-08"
    assert described["ons-sicbl-2024"].describes_to == BEFORE
    assert set(DATASETS) == set(described)
