"""The shipped reference files: where they are, what each came from, how to read them.

Every dataset the reference loader uses is described once here, with the
publisher, the vintage and the period it describes, so each loaded fact can
cite it and ``icsgov info`` can say how old the reference data is.

>>> DATASETS["ons-sicbl-2024"].vintage
'2024-04'
>>> next(iter_rows("sicbl_icb_nhser_2024.csv"))[1]["icb_ods"].startswith("Q")
True
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from icsgov.errors import InputError, Problem
from icsgov.ontology.governance import Dataset
from icsgov.ontology.model import Citation, Source

__all__ = [
    "DATASETS",
    "DESCRIBES_FROM",
    "DESCRIBES_TO",
    "DESCRIBES_TO_2026",
    "LICENCE",
    "REFERENCE_DIR_ENV",
    "REORGANISED_2026",
    "ReferenceDataset",
    "cite",
    "iter_rows",
    "ods_date",
    "reference_dir",
]

LICENCE = "OGL-3.0"
DESCRIBES_FROM = dt.date(2022, 7, 1)
"""ICBs were established on 1 July 2022; the first lookup is 'as at 1st July 2022'."""
DESCRIBES_TO = dt.date(2026, 3, 31)
"""The 42-ICB structure in the 2022-2024 files ends with the ICB mergers of 1 April 2026."""
REORGANISED_2026 = dt.date(2026, 4, 1)
"""The day the 36-ICB structure started (12 ICBs abolished, 6 created, HIOW re-drawn)."""
DESCRIBES_TO_2026 = dt.date(2026, 12, 2)
"""The last day the April 2026 vintage is known to describe: the day its files were collected
and checked against the sources (SOURCES-2026.md, research date 2 December 2026)."""

_ONS = "Office for National Statistics"
_ODS = "NHS England (Organisation Data Service)"
_ONS_URL = "https://geoportal.statistics.gov.uk/"
_ODS_URL = "https://digital.nhs.uk/services/organisation-data-service/export-data-files"


@dataclass(frozen=True)
class ReferenceDataset:
    """One official dataset: its shipped file(s), publisher, vintage and first valid date."""

    key: str
    title: str
    publisher: str
    vintage: str
    files: tuple[str, ...]
    original: str
    url: str | None
    published: dt.date | None = None
    starts: dt.date | None = None
    describes_from: dt.date | None = DESCRIBES_FROM
    describes_to: dt.date | None = DESCRIBES_TO
    licence: str | None = LICENCE

    @property
    def source_id(self) -> str:
        """The id of the :class:`Source` every fact from this dataset cites."""
        return f"src:{self.key}"

    def source(self) -> Source:
        """The Source record (title, publisher, date, url, licence)."""
        return Source(
            id=self.source_id,
            title=self.title,
            publisher=self.publisher,
            date=self.published,
            url=self.url,
            licence=self.licence,
            description=f"Shipped as {', '.join(self.files)}, trimmed from {self.original}."
            if self.licence
            else f"Cited for facts only (no text copied); {self.original}.",
        )

    def dataset(self) -> Dataset:
        """The Dataset entry recorded in ``Governance.datasets``."""
        return Dataset(
            name=self.key,
            vintage=self.vintage,
            path=", ".join(f"icsgov/reference/{f}" for f in self.files),
            describes_from=self.describes_from,
            describes_to=self.describes_to,
        )


def _ds(
    *args: str | None,
    published: dt.date | None = None,
    starts: dt.date | None = None,
    describes: tuple[dt.date | None, dt.date | None] = (DESCRIBES_FROM, DESCRIBES_TO),
    licence: str | None = LICENCE,
) -> tuple[str, ReferenceDataset]:
    key, title, publisher, vintage, files, original, url = args
    assert key and title and publisher and vintage and files and original
    return key, ReferenceDataset(
        key,
        title,
        publisher,
        vintage,
        tuple(files.split()),
        original,
        url,
        published,
        starts,
        *describes,
        licence,
    )


_APRIL_2026 = (REORGANISED_2026, DESCRIBES_TO_2026)


DATASETS: dict[str, ReferenceDataset] = dict(
    [
        _ds(
            "ons-sicbl-2022",
            "Locations to Integrated Care Boards to NHS England (Region) (July 2022) Lookup "
            "in England",
            _ONS,
            "2022-07",
            "sicbl_icb_nhser_2022.csv",
            "LOC22_ICB22_NHSER22_EN_LU.csv",
            _ONS_URL,
            starts=dt.date(2022, 7, 1),
        ),
        _ds(
            "ons-sicbl-2023",
            "Sub ICB Locations to Integrated Care Boards to NHS England (Region) (April 2023) "
            "Lookup in England",
            _ONS,
            "2023-04",
            "sicbl_icb_nhser_2023.csv",
            "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(April_2023)"
            "_Lookup_in_England.csv",
            _ONS_URL,
            starts=dt.date(2023, 4, 1),
        ),
        _ds(
            "ons-sicbl-2024",
            "Sub ICB Locations to Integrated Care Boards to NHS England (Region) (April 2024) "
            "Lookup in EN",
            _ONS,
            "2024-04",
            "sicbl_icb_nhser_2024.csv",
            "Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(2024)"
            "_Lookup_in_EN.csv",
            _ONS_URL,
            starts=dt.date(2024, 4, 1),
        ),
        _ds(
            "ons-lsoa11-lad22",
            "LSOA (2011) to Sub ICB Locations to Integrated Care Boards to LAD (July 2022) "
            "Lookup in England",
            _ONS,
            "2022-07",
            "lad22_icb_lsoa_counts.csv",
            "LSOA11_LOC22_ICB22_LAD22_EN_LU.xlsx (LSOAs counted per district and ICB)",
            _ONS_URL,
            published=dt.date(2022, 4, 26),
            starts=dt.date(2022, 7, 1),
        ),
        _ds(
            "ons-lad23-utla23",
            "Local Authority District to County and Unitary Authority (April 2023) Lookup in EW",
            _ONS,
            "2023-04",
            "lad23_utla23.csv",
            "Local_Authority_District_to_County_and_Unitary_Authority_(April_2023)"
            "_Lookup_in_EW.csv (England rows)",
            _ONS_URL,
            starts=dt.date(2023, 4, 1),
        ),
        _ds(
            "structural-changes-2022",
            "The Cumbria, North Yorkshire and Somerset (Structural Changes) Orders 2022 "
            "(SI 2022/331, 2022/328, 2022/329)",
            "legislation.gov.uk",
            "2022",
            "lad_successors_2023.csv",
            "the three Orders (district names; codes from the ONS lookups)",
            "https://www.legislation.gov.uk/uksi/2022/331/contents/made",
            starts=dt.date(2023, 4, 1),
        ),
        _ds(
            "ods-etr",
            "NHS Trusts (etr)",
            _ODS,
            "2025",
            "trusts.csv",
            "etr.csv",
            _ODS_URL,
        ),
        _ds(
            "ods-ect",
            "Care Trusts (ect)",
            _ODS,
            "2023-11",
            "trusts.csv",
            "ect.csv",
            _ODS_URL,
        ),
        _ds(
            "ods-epraccur",
            "GP practices (epraccur)",
            _ODS,
            "2026-02",
            "gp_practices.csv.gz",
            "epraccur.csv (role RO76, English ICB, active or closed since July 2022)",
            _ODS_URL,
        ),
        _ds(
            "ods-epcn",
            "Primary care networks (ePCN)",
            _ODS,
            "2024-10",
            "pcns.csv pcn_members.csv.gz",
            "ePCN.xlsx (sheets PCNDetails and PCN Core Partner Details)",
            _ODS_URL,
        ),
        _ds(
            "nhse-icb-partners-2024",
            "ICB partners master (December 2024)",
            "NHS England",
            "2024-12",
            "icb_partners_2024.csv icb_financial_apportionment_2024.csv",
            "icb-partners-master-december-2024.xlsx (sheets ICB Partners and ICB Financial "
            "Apportionment)",
            "https://digital.nhs.uk/services/organisation-data-service/"
            "data-search-and-export/csv-downloads/other-nhs-organisations",
            published=dt.date(2024, 12, 23),
        ),
        _ds(
            "ons-sicbl-2026",
            "SICBL to ICB to NHSER (April 2026) Lookup in EN",
            _ONS,
            "2026-04",
            "sicbl_icb_nhser_2026.csv",
            "SICBL26_ICB26_NHSER26_EN_LU.csv (a third-party copy agreeing with the NHS "
            "England August 2026 practice mapping)",
            _ONS_URL,
            starts=REORGANISED_2026,
            describes=_APRIL_2026,
        ),
        _ds(
            "ods-icb-successions-2026",
            "ICB successions of 1 April 2026 (ODS Succs, as transcribed by "
            "rcpch/rcpch-nhs-organisations) with population moved (mid-2022 LSOA populations, "
            "crosswalk by drcjar/tb-prescribing-england)",
            _ODS,
            "2026-04",
            "icb_successions_2026.csv sicbl_successions_2026.csv",
            "derived_icb_succession_2026-04-01.csv and derived_sicbl_succession_2026-04-01.csv "
            "(rows where a code changed); pairs checked against "
            "icb_successions_2026_rcpch_transcribed.csv",
            "https://www.parallelparliament.co.uk/debate/2025-09-09/commons/written-statements/"
            "integrated-care-boards-running-costs-and-boundary-alignment-with-strategic-"
            "authorities",
            published=dt.date(2025, 9, 9),
            starts=REORGANISED_2026,
            describes=_APRIL_2026,
        ),
        _ds(
            "nhse-gp-prac-map-2026-08",
            "Patients Registered at a GP Practice: practice mapping (extract 1 August 2026)",
            "NHS England",
            "2026-08",
            "gp_practices_2026-08.csv.gz",
            "gp-reg-pat-prac-map_2026-08.csv (practice, postcode, PCN, sub-ICB and ICB codes)",
            "https://digital.nhs.uk/data-and-information/publications/statistical/"
            "patients-registered-at-a-gp-practice",
            starts=dt.date(2026, 8, 1),
            describes=_APRIL_2026,
        ),
        _ds(
            "derived-lad-icb26",
            "Councils' LSOAs (2011) by April 2026 ICB, derived from the July 2022 LSOA lookup, "
            "the April 2026 sub-ICB lookup and the August 2026 practice mapping",
            "icsgov (derived from ONS and NHS England data)",
            "2026-04",
            "lad22_icb26_lsoa_counts.csv",
            "LSOA11_LOC22_ICB22_LAD22_EN_LU.csv, SICBL26_ICB26_NHSER26_EN_LU.csv and "
            "gp-reg-pat-prac-map_2026-08.csv (method: tools/make_reference_data.py, FRIMLEY_SPLIT)",
            _ONS_URL,
            starts=REORGANISED_2026,
            describes=_APRIL_2026,
        ),
        _ds(
            "nhsconfed-icb-clusters-2025",
            "ICB clusters and mergers",
            "NHS Confederation",
            "2025-10",
            "icb_clusters_2025.csv",
            "the clusters listed in shared/research/CHANGES-2025-2026.md section 1 (NHS Confed, "
            "28 Aug 2025 updated 6 Oct 2025; Healthcare Leader, 14 Jul 2025; BNSSG, Jun 2025); "
            "shared chair and chief executive, ICBs legally separate (HCWS915, 9 Sep 2025)",
            "https://www.nhsconfed.org/publications/icb-clusters-and-mergers",
            published=dt.date(2025, 10, 6),
            describes=(None, None),
            licence=None,
        ),
        _ds(
            "dhsc-health-bill-2026",
            "Health Bill: impact assessments summary",
            "Department of Health and Social Care",
            "2026-05",
            "planned_changes.csv",
            "the Bill's planned changes as summarised in shared/research/CHANGES-2025-2026.md "
            "section 2 (DHSC impact assessments summary, 14 May 2026; Bill introduced 14 May "
            "2026, Public Bill Committee 23-25 June 2026; Royal Assent not confirmed)",
            None,
            published=dt.date(2026, 5, 14),
            describes=(None, None),
        ),
    ]
)
"""Every dataset the reference loader reads, by key."""


_MAX_PROBLEMS = 20
_REPAIR = "reinstall icsgov, or regenerate with tools/make_reference_data.py"

REFERENCE_DIR_ENV = "ICSGOV_REFERENCE_DIR"
"""Environment variable naming a folder to read the reference files from instead."""


def reference_dir() -> Path:
    """The folder of reference files: ``ICSGOV_REFERENCE_DIR`` if set, else the shipped one.

    The variable lets a newer (or repaired) copy of the same files be tried
    without reinstalling; each file is checked as strictly as the shipped ones.
    """
    configured = os.environ.get(REFERENCE_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(str(resources.files("icsgov") / "reference"))


def iter_rows(name: str, directory: Path | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """``(row_number, row)`` for each data row of a shipped CSV (``.csv.gz`` too).

    Row numbers count data rows from 1, as SOURCES.md does, so a locator
    ``file row N`` points at line N+1 of the file. The whole file is checked
    before the first row is yielded: a row whose column count differs from the
    header's is an ``InputError`` naming the file, the line and both counts,
    so a damaged file loads nothing.
    """
    path = (directory or reference_dir()) / name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    f"cannot read reference file: {exc.strerror or exc}",
                    hint=_REPAIR,
                )
            ]
        ) from None
    try:
        text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem(str(path), 0, 0, f"cannot read reference file: {exc}", hint=_REPAIR)]
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    for number, values in enumerate(reader, start=1):
        if len(values) != len(header) and len(problems) < _MAX_PROBLEMS:
            problems.append(
                Problem(
                    str(path),
                    reader.line_num,
                    0,
                    f"row {number} has {len(values)} columns; the header has {len(header)}",
                    hint=_REPAIR,
                )
            )
        rows.append((number, values))
    if not header or problems:
        problems = problems or [Problem(str(path), 1, 0, "no header row", hint=_REPAIR)]
        raise InputError(problems)
    for number, values in rows:
        yield number, dict(zip(header, values, strict=True))


def ods_date(text: str) -> dt.date | None:
    """An ODS date (YYYYMMDD) or ``None`` for an empty field.

    >>> ods_date("20220701")
    datetime.date(2022, 7, 1)
    """
    text = text.strip()
    if not text:
        return None
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def cite(dataset: str, file: str, row: int, column: str | None = None) -> Citation:
    """A citation of one row (and optionally column) of a shipped file."""
    locator = f"{file} row {row}"
    if column:
        locator += f", {column}"
    return Citation(source=DATASETS[dataset].source_id, locator=locator)
