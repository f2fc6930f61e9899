"""Regenerate ``icsgov/reference/`` from the official copies in ``shared/data/reference/``.

Why: the package ships only the columns and rows it uses, so the trimming has
to be reproducible and reviewable. Run from the repository root::

    python tools/make_reference_data.py [SOURCE_DIR]

SOURCE_DIR defaults to ``../shared/data/reference`` (next to the checkout).
Nothing is invented here: every value is copied from a source file, except
two small derived tables, each described in ``icsgov/reference/SOURCES.md``:
the LSOA counts per district and ICB (a count of file 4's rows) and the
successors of the 17 districts abolished on 1 April 2023 (named in the
Cumbria, North Yorkshire and Somerset Structural Changes Orders 2022).

The April 2026 vintage (``2026/`` in SOURCE_DIR, see its SOURCES-2026.md)
adds the 36-ICB lookup, the ICB and sub-ICB successions with the population
shares the collected files give, the August 2026 GP practice mapping, and
one more derived table: each council's LSOAs by 2026 ICB
(``lad22_icb26_lsoa_counts.csv``), whose method is set out at
:data:`FRIMLEY_SPLIT` and in ``icsgov/reference/SOURCES.md``.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "icsgov" / "reference"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "reference"

LOOKUPS = {
    "2022": ("LOC22_ICB22_NHSER22_EN_LU.csv", "LOC22", "ICB22", "NHSER22"),
    "2023": (
        "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_"
        "(April_2023)_Lookup_in_England.csv",
        "SICBL23",
        "ICB23",
        "NHSER23",
    ),
    "2024": (
        "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_"
        "(2024)_Lookup_in_EN.csv",
        "SICBL24",
        "ICB24",
        "NHSER24",
    ),
}
LOOKUPS_2026 = {"2026": ("2026/SICBL26_ICB26_NHSER26_EN_LU.csv", "SICBL26", "ICB26", "NHSER26")}
ICB_SUCCESSIONS_FILE = "2026/derived_icb_succession_2026-04-01.csv"
ICB_SUCCESSIONS_ODS = "2026/icb_successions_2026_rcpch_transcribed.csv"
SICBL_SUCCESSIONS_FILE = "2026/derived_sicbl_succession_2026-04-01.csv"
PRACTICES_2026_FILE = "2026/gp-reg-pat-prac-map_2026-08.csv"
FRIMLEY_SICBL = "D4U1Y"

# The one sub-ICB location split on 1 April 2026 (Frimley, D4U1Y) is divided
# between three successors; no LSOA-level 2026 lookup was available, so each
# council's Frimley LSOAs go whole to the successor that took the Frimley GP
# practices in that council. Evidence: the postcode districts of the practices
# D4U1Y commissioned in February 2026 (epraccur), looked up in the August 2026
# practice mapping; every practice in each listed district must have moved to
# the named successor or this script stops. The district-to-council link is
# the postcode towns (Fleet GU51/52 is in Hart ...), cross-checked for five
# councils by the LSOA of a practice in frimley_practice_icb26.csv. Guildford's
# 13 Frimley LSOAs (Ash) have no practice of their own in the files: assumed to
# go with Frimley's other Surrey areas (Surrey Heath, Farnham). GU10 spans Hart
# and Waverley and is not used.
FRIMLEY_SPLIT: dict[str, tuple[str, tuple[str, ...], str]] = {
    "Bracknell Forest": ("U2G6B", ("RG12", "RG42"), "practice LSOAs and postcodes"),
    "Slough": ("U2G6B", ("SL1", "SL2", "SL3"), "practice LSOAs and postcodes"),
    "Windsor and Maidenhead": ("U2G6B", ("SL4", "SL5", "SL6"), "practice postcodes"),
    "Runnymede": ("U2G6B", ("TW20",), "practice postcode (Egham)"),
    "Surrey Heath": ("92A", ("GU15", "GU16", "GU18", "GU19"), "practice LSOAs and postcodes"),
    "Waverley": ("92A", ("GU9",), "practice LSOA and postcodes (Farnham)"),
    "Guildford": ("92A", (), "assumed: no practice of its own; with Frimley's other Surrey areas"),
    "Hart": ("D9Y0V", ("GU17", "GU51", "GU52"), "practice postcodes (Fleet, Yateley)"),
    "Rushmoor": ("D9Y0V", ("GU11", "GU14"), "practice postcodes (Aldershot, Farnborough)"),
}

# ICB clusters of 2025-26 (shared chair and chief executive, ICBs legally separate),
# transcribed from shared/research/CHANGES-2025-2026.md section 1 (sources: NHS Confed
# "ICB clusters and mergers", 6 Oct 2025; Healthcare Leader, 14 Jul 2025; BNSSG, Jun 2025).
# Only clusters that file lists; East of England and London ones are not sourced there.
CLUSTERS_2025 = [
    ("Birmingham and Solihull with Black Country", "QHL QUA"),
    ("Herefordshire and Worcestershire with Coventry and Warwickshire", "QGH QWU"),
    ("Shropshire, Telford and Wrekin with Staffordshire and Stoke-on-Trent", "QOC QNC"),
    ("Derby and Derbyshire, Nottingham and Nottinghamshire and Lincolnshire", "QJ2 QT1 QJM"),
    ("Leicester, Leicestershire and Rutland with Northamptonshire", "QK1 QPM"),
    ("Gloucestershire with Bristol, North Somerset and South Gloucestershire", "QR1 QUY"),
    ("Bath and North East Somerset, Swindon and Wiltshire, Somerset and Dorset", "QOX QSL QVV"),
    ("Cornwall and the Isles of Scilly with Devon", "QT6 QJK"),
]

# Announced changes of the national transition (CHANGES-2025-2026.md section 2): the Health
# Bill is before Parliament, so none is law. Only what that file marks H; the April 2027
# cluster mergers are UNVERIFIED there and left out.
PLANNED = [
    (
        "chg:planned:nhs-england-abolished",
        "NHS England abolished; its functions pass to the Secretary of State (DHSC), and its "
        "seven regions keep their footprints as DHSC regions",
        "abolition",
        "announced",
        "2027-03-31",
        "ods:Y56 ods:Y58 ods:Y59 ods:Y60 ods:Y61 ods:Y62 ods:Y63",
        "Announced 13 March 2025; merger into DHSC targeted for March 2027, subject to "
        "Parliament (the day is not given: the month's last day is used). The Health Bill "
        "was introduced on 14 May 2026; Royal Assent and commencement are not confirmed.",
    ),
]

LSOA_FILE = "LSOA11_LOC22_ICB22_LAD22_EN_LU.csv"
LAD_UTLA_FILE = (
    "Local_Authority_District_to_County_and_Unitary_Authority_(April_2023)_Lookup_in_EW.csv"
)
PARTNERS_FILE = "icb_partner_relationships_dec2024_tidy.csv"
APPORTION_FILE = "icb-partners-master-december-2024_ICB_Financial_Apportionment.csv"

# Districts abolished on 1 April 2023 and the unitary council that replaced them:
# The Cumbria (Structural Changes) Order 2022 (SI 2022/331), The North Yorkshire
# (Structural Changes) Order 2022 (SI 2022/328), The Somerset (Structural
# Changes) Order 2022 (SI 2022/329). Names only; codes are read from the data.
SUCCESSORS_2023 = {
    "Allerdale": "Cumberland",
    "Carlisle": "Cumberland",
    "Copeland": "Cumberland",
    "Barrow-in-Furness": "Westmorland and Furness",
    "Eden": "Westmorland and Furness",
    "South Lakeland": "Westmorland and Furness",
    "Craven": "North Yorkshire",
    "Hambleton": "North Yorkshire",
    "Harrogate": "North Yorkshire",
    "Richmondshire": "North Yorkshire",
    "Ryedale": "North Yorkshire",
    "Scarborough": "North Yorkshire",
    "Selby": "North Yorkshire",
    "Mendip": "Somerset",
    "Sedgemoor": "Somerset",
    "South Somerset": "Somerset",
    "Somerset West and Taunton": "Somerset",
}

GP_PRACTICE_ROLE = "RO76"
EARLIEST_CLOSE_KEPT = "20220701"  # practices closed before the ICBs existed are not needed


def read_dicts(path: Path) -> list[dict[str, str]]:
    """Rows of a headed CSV (BOM tolerated)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_rows(path: Path) -> list[list[str]]:
    """Rows of a header-less ODS CSV."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write(name: str, header: Sequence[str], rows: Iterable[Sequence[str | int]]) -> int:
    """Write a CSV (gzip when the name ends .gz) with LF endings; return the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    data = buffer.getvalue().encode("utf-8")
    path = OUT / name
    if name.endswith(".gz"):
        # mtime=0 keeps the bytes identical from run to run
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        path.write_bytes(data)
    print(f"  {name}: {count} rows, {path.stat().st_size:,} bytes")
    return count


def write_lookup(vintage: str, rows: list[dict[str, str]], loc: str, icb: str, region: str) -> None:
    """One sub-ICB -> ICB -> region lookup, with the header every vintage shares."""
    write(
        f"sicbl_icb_nhser_{vintage}.csv",
        [
            "sicbl_ons",
            "sicbl_ods",
            "sicbl_name",
            "icb_ons",
            "icb_ods",
            "icb_name",
            "region_ons",
            "region_ods",
            "region_name",
        ],
        (
            [
                r[f"{loc}CD"],
                r[f"{loc}CDH"],
                r[f"{loc}NM"],
                r[f"{icb}CD"],
                r[f"{icb}CDH"],
                r[f"{icb}NM"],
                r[f"{region}CD"],
                r[f"{region}CDH"],
                r[f"{region}NM"],
            ]
            for r in sorted(rows, key=lambda r: r[f"{loc}CDH"])
        ),
    )


def make_lookups(src: Path) -> None:
    """The three 42-ICB sub-ICB -> ICB -> region lookups."""
    for vintage, (file, loc, icb, region) in LOOKUPS.items():
        write_lookup(vintage, read_dicts(src / file), loc, icb, region)


def make_2026(src: Path) -> None:
    """The April 2026 vintage: lookup, successions, August 2026 practices, councils by ICB."""
    for vintage, (file, loc, icb, region) in LOOKUPS_2026.items():
        write_lookup(vintage, read_dicts(src / file), loc, icb, region)
    derived = read_dicts(src / ICB_SUCCESSIONS_FILE)
    ods_pairs = {
        (r["predecessor_ods"], r["successor_ods"]) for r in read_dicts(src / ICB_SUCCESSIONS_ODS)
    }
    if {(r["old_icb_ods"], r["new_icb_ods"]) for r in derived} != ods_pairs:
        raise SystemExit("the derived ICB successions no longer match the ODS-verified table")
    write(
        "icb_successions_2026.csv",
        ["old_icb_ods", "new_icb_ods", "kind", "sicbls_moved", "population", "share"],
        (
            [
                r["old_icb_ods"],
                r["new_icb_ods"],
                r["rcpch_ods_succession_type"],
                r["old_sicbls_moved"],
                r["pop_mid2022_moved"],
                r["share_of_old_icb_pop"],
            ]
            for r in derived
        ),
    )
    sicbls = read_dicts(src / SICBL_SUCCESSIONS_FILE)
    write(
        "sicbl_successions_2026.csv",
        ["old_sicbl_ods", "old_sicbl_ons", "new_sicbl_ods", "new_sicbl_ons", "population", "share"],
        (
            [
                r["old_sicbl_ods"],
                r["old_sicbl_ons"],
                r["new_sicbl_ods"],
                r["new_sicbl_ons"],
                r["pop_mid2022"],
                f"{float(r['share_of_old_sicbl']):.4f}",
            ]
            for r in sicbls
            if (r["old_sicbl_ods"], r["old_sicbl_ons"]) != (r["new_sicbl_ods"], r["new_sicbl_ons"])
        ),
    )
    practices = read_dicts(src / PRACTICES_2026_FILE)
    write(
        "gp_practices_2026-08.csv.gz",
        ["ods", "name", "postcode", "pcn_ods", "pcn_name", "sicbl_ods", "icb_ods"],
        sorted(
            [
                r["PRACTICE_CODE"],
                r["PRACTICE_NAME"],
                r["PRACTICE_POSTCODE"],
                r["PCN_CODE"],
                r["PCN_NAME"],
                r["SUB_ICB_LOCATION_CODE"],
                r["ICB_CODE"],
            ]
            for r in practices
        ),
    )
    make_councils_2026(src, practices)
    write(
        "icb_clusters_2025.csv",
        ["cluster", "icb_ods"],
        ([name, icbs] for name, icbs in CLUSTERS_2025),
    )
    write(
        "planned_changes.csv",
        ["id", "name", "kind", "status", "date", "original", "description"],
        PLANNED,
    )


def _frimley_evidence(src: Path, practices: list[dict[str, str]]) -> dict[str, list[str]]:
    """Per council in FRIMLEY_SPLIT, the former D4U1Y practices that show its successor."""
    feb = {r[0]: r[14] for r in read_rows(src / "epraccur.csv")}
    evidence: dict[str, list[str]] = {}
    for council, (successor, districts, _basis) in FRIMLEY_SPLIT.items():
        found = []
        for r in practices:
            if feb.get(r["PRACTICE_CODE"]) != FRIMLEY_SICBL:
                continue
            if r["PRACTICE_POSTCODE"].split()[0] not in districts:
                continue
            if r["SUB_ICB_LOCATION_CODE"] != successor:
                raise SystemExit(f"{r['PRACTICE_CODE']} in {council} did not move to {successor}")
            found.append(r["PRACTICE_CODE"])
        if districts and not found:
            raise SystemExit(f"no former Frimley practice found for {council}")
        evidence[council] = sorted(found)
    return evidence


def make_councils_2026(src: Path, practices: list[dict[str, str]]) -> None:
    """Each council's July 2022 LSOAs counted by their April 2026 ICB (derived).

    An LSOA's 2026 ICB is its 2022 sub-ICB location's ICB in the April 2026
    lookup (sub-ICB locations kept their ODS codes), except in Frimley's
    D4U1Y, which was split: there the council's successor from FRIMLEY_SPLIT.
    """
    lookup = read_dicts(src / LOOKUPS_2026["2026"][0])
    icb26 = {r["SICBL26CDH"]: r["ICB26CDH"] for r in lookup}
    evidence = _frimley_evidence(src, practices)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for r in read_dicts(src / LSOA_FILE):
        sicbl = r["LOC22CDH"]
        if sicbl == FRIMLEY_SICBL:
            if r["LAD22NM"] not in FRIMLEY_SPLIT:
                raise SystemExit(f"{r['LAD22NM']} has Frimley LSOAs but no successor in the table")
            successor, _districts, basis = FRIMLEY_SPLIT[r["LAD22NM"]]
            shown = " ".join(evidence[r["LAD22NM"]])
            how = f"D4U1Y split to {successor}: {basis}" + (f" ({shown})" if shown else "")
            counts[(r["LAD22CD"], r["LAD22NM"], icb26[successor], how)] += 1
        elif sicbl in icb26:
            counts[(r["LAD22CD"], r["LAD22NM"], icb26[sicbl], "sub-ICB location kept")] += 1
        else:
            raise SystemExit(f"sub-ICB location {sicbl} is neither in the 2026 lookup nor split")
    write(
        "lad22_icb26_lsoa_counts.csv",
        ["lad22_ons", "lad22_name", "icb_ods", "lsoas", "basis"],
        ([cd, nm, icb, n, how] for (cd, nm, icb, how), n in sorted(counts.items())),
    )


def make_local_authorities(src: Path) -> None:
    """LSOA counts per (district, ICB), district -> county, and 2023 successors."""
    counts: Counter[tuple[str, str, str]] = Counter()
    names: dict[str, str] = {}
    for r in read_dicts(src / LSOA_FILE):
        counts[(r["LAD22CD"], r["LAD22NM"], r["ICB22CDH"])] += 1
        names[r["LAD22CD"]] = r["LAD22NM"]
    write(
        "lad22_icb_lsoa_counts.csv",
        ["lad22_ons", "lad22_name", "icb_ods", "lsoas"],
        ([cd, nm, icb, n] for (cd, nm, icb), n in sorted(counts.items())),
    )
    england = [r for r in read_dicts(src / LAD_UTLA_FILE) if r["LTLA23CD"].startswith("E")]
    write(
        "lad23_utla23.csv",
        ["ltla_ons", "ltla_name", "utla_ons", "utla_name"],
        (
            [r["LTLA23CD"], r["LTLA23NM"], r["UTLA23CD"], r["UTLA23NM"]]
            for r in sorted(england, key=lambda r: r["LTLA23CD"])
        ),
    )
    lad23 = {r["LTLA23NM"]: r["LTLA23CD"] for r in england}
    by_name = {nm: cd for cd, nm in names.items()}
    rows = []
    for old, new in sorted(SUCCESSORS_2023.items()):
        if old not in by_name or new not in lad23 or by_name[old] in {*lad23.values()}:
            raise SystemExit(f"successor table out of step with the data: {old} -> {new}")
        rows.append([by_name[old], old, lad23[new], new])
    write("lad_successors_2023.csv", ["lad22_ons", "lad22_name", "lad23_ons", "lad23_name"], rows)


def make_ods(src: Path) -> None:
    """Trusts (etr + ect), GP practices (epraccur RO76, English), PCNs and memberships."""
    trusts = [[*r[:4], r[9], r[10], r[11], "etr"] for r in read_rows(src / "etr.csv")]
    known = {r[0] for r in trusts}
    trusts += [
        [*r[:4], r[9], r[10], r[11], "ect"] for r in read_rows(src / "ect.csv") if r[0] not in known
    ]
    write(
        "trusts.csv",
        ["ods", "name", "region_ods", "icb_ods", "postcode", "opened", "closed", "file"],
        sorted(trusts),
    )
    practices = []
    for r in read_rows(src / "epraccur.csv"):
        roles = r[25].split("|")
        if GP_PRACTICE_ROLE not in roles or not r[3].startswith("Q"):
            continue
        if r[12] == "ACTIVE" or (r[12] == "INACTIVE" and r[11] >= EARLIEST_CLOSE_KEPT):
            practices.append([r[0], r[1], r[2], r[3], r[14], r[9], r[10], r[11], r[12]])
    write(
        "gp_practices.csv.gz",
        [
            "ods",
            "name",
            "region_ods",
            "icb_ods",
            "sicbl_ods",
            "postcode",
            "opened",
            "closed",
            "status",
        ],
        sorted(practices),
    )
    pcns = read_dicts(src / "ePCN_PCNDetails.csv")
    write(
        "pcns.csv",
        ["ods", "name", "sicbl_ods", "opened", "closed"],
        sorted(
            [
                r["PCN Code"],
                r["PCN Name"],
                r["Current Sub ICB Loc Code"],
                r["Open Date"],
                r["Close Date"],
            ]
            for r in pcns
        ),
    )
    members = read_dicts(src / "ePCN_PCN_Core_Partner_Details.csv")
    write(
        "pcn_members.csv.gz",
        ["practice_ods", "pcn_ods", "start", "end"],
        sorted(
            [
                r["Partner Organisation Code"],
                r["PCN Code"],
                r["Practice to PCN Relationship Start Date"],
                r["Practice to PCN Relationship End Date"],
            ]
            for r in members
        ),
    )


def make_partners(src: Path) -> None:
    """Constitutional partners (trusts, councils) and the principal ICB of each trust."""
    rows = read_dicts(src / PARTNERS_FILE)
    write(
        "icb_partners_2024.csv",
        ["icb_ods", "partner_type", "partner_name", "partner_ods"],
        (
            [r["icb_ods_code"], r["partner_type"], r["partner_name"], r["partner_ods_code"]]
            for r in rows
            if r["partner_type"] in {"NHS_TRUST", "LOCAL_AUTHORITY"}
        ),
    )
    write(
        "icb_financial_apportionment_2024.csv",
        ["icb_ods", "trust_ods", "trust_name"],
        (
            [r["ODS ICB Code"], r["ODS Trust Code"], r["NHS Trusts"]]
            for r in read_dicts(src / APPORTION_FILE)
        ),
    )


def main(argv: list[str]) -> None:
    """Regenerate every shipped file."""
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    if not (src / "SOURCES.md").exists():
        raise SystemExit(f"{src} does not look like the reference data folder (no SOURCES.md)")
    OUT.mkdir(exist_ok=True)
    print(f"Writing {OUT.relative_to(ROOT)} from {src}")
    make_lookups(src)
    make_local_authorities(src)
    make_ods(src)
    make_partners(src)
    make_2026(src)
    total = sum(p.stat().st_size for p in OUT.iterdir() if p.is_file())
    print(f"Total shipped: {total:,} bytes")


if __name__ == "__main__":
    main(sys.argv)
