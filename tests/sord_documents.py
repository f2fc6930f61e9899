"""Schemes of delegation shaped like published ones, built here for the tests.

Every word is invented for the invented "Wyvern" system (tests/data/sord/
wyvern.yaml); the layouts follow the published shapes described in
shared/research/DOMAIN-NOTES.md section 3 (a Reference · Theme · Decision ·
Lead officer · Reserved to the Board (Y/N) · Delegated to committee ·
Delegated to individual · comments · constitution reference row, financial
limits in a financial scheme). No real document's text is copied.

Each builder writes one file and returns the grid a reader sees (merged
cells filled), so a round-trip test can compare cell by cell.
"""

from __future__ import annotations

from pathlib import Path

Grid = list[list[str]]

TITLE_HEADER = [
    "Ref",
    "Theme",
    "Decision / Responsibility",
    "Lead ICB Officer",
    "Reserved to the Board (Y/N)",
    "Delegated to committee",
    "Delegated to individual / officer",
    "Financial limit (£)",
    "Further information / comments",
    "Constitution / SFI reference",
]
TITLE_ROWS: Grid = [
    [
        "1.1",
        "Governance",
        "Approve the constitution",
        "Company Secretary",
        "Y",
        "",
        "",
        "",
        "Then apply to NHS England",
        "Constitution 1.6.2",
    ],
    [
        "1.2",
        "Governance",
        "Adopt the standing orders",
        "Company Secretary",
        "Y",
        "",
        "",
        "",
        "",
        "Constitution 4.1",
    ],
    [
        "1.3",
        "Governance",
        "Approve the annual report and accounts",
        "Chief Finance Officer",
        "N",
        "Audit and Risk Committee",
        "",
        "",
        "On behalf of the Board",
        "SO 3.2",
    ],
    [
        "2.1",
        "Finance",
        "Approve the annual budget",
        "Chief Finance Officer",
        "Y",
        "",
        "",
        "",
        "",
        "SFI 2.1",
    ],
    [
        "2.2",
        "Finance",
        "Approve a capital scheme",
        "Chief Finance Officer",
        "Y",
        "",
        "",
        "> £10m",
        "",
        "SFI 6.3",
    ],
    [
        "2.3",
        "Finance",
        "Approve a capital scheme",
        "Chief Finance Officer",
        "N",
        "Resources Committee",
        "",
        "£1m to £10m",
        "",
        "SFI 6.3",
    ],
    [
        "2.4",
        "Finance",
        "Approve a capital scheme",
        "",
        "N",
        "",
        "Chief Executive",
        "up to £1m",
        "Report to the next Resources Committee",
        "SFI 6.3",
    ],
    [
        "2.5",
        "Finance",
        "Write off losses and special payments",
        "Chief Finance Officer",
        "N",
        "",
        "Chief Finance Officer",
        "£50,000",
        "",
        "SFI 9.1",
    ],
    [
        "3.1",
        "Quality",
        "Approve the quality strategy",
        "Chief Nursing Officer",
        "N",
        "Quality Committee",
        "",
        "N/A",
        "",
        "Constitution 5.2",
    ],
    [
        "3.2",
        "Quality",
        "Declare a serious incident closed",
        "",
        "N",
        "",
        "Chief Nursing Officer",
        "N/A",
        "-- see the incident framework",
        "",
    ],
]


def title_cover_xlsx(path: Path) -> Grid:
    """A workbook with a cover sheet, then the scheme under three title rows and a blank row."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["NHS Wyvern Integrated Care Board"])
    cover.append(["Scheme of Reservation and Delegation, version 2.0"])
    cover.append(["Owner: Company Secretary. Review date: March 2026."])
    sheet = book.create_sheet("SoRD")
    grid: Grid = [
        ["NHS Wyvern Integrated Care Board"],
        ["Scheme of Reservation and Delegation (SoRD)"],
        ["Approved by the Board on 1 April 2025; version 2.0"],
        [],
        TITLE_HEADER,
        *TITLE_ROWS,
    ]
    for row in grid:
        sheet.append(row)
    book.save(path)
    return grid


SECTION_HEADER = [
    "Reference",
    "Decision",
    "Reserved to Board",
    "Delegated to Committee",
    "Delegated to Individual",
    "Limit",
    "Comments",
]


def sections_merged_xlsx(path: Path) -> Grid:
    """Section rows merged across the table carry the theme; a holder merged down two rows."""
    from openpyxl import Workbook

    rows: Grid = [
        ["Scheme of reservation and delegation: NHS Wyvern ICB"],
        SECTION_HEADER,
        ["Section A: Governance"] + [""] * 6,
        ["A1", "Approve the constitution", "Yes", "", "", "", ""],
        [
            "A2",
            "Approve the annual report and accounts",
            "",
            "Audit and Risk Committee",
            "",
            "",
            "",
        ],
        [
            "A3",
            "Approve the risk management policy",
            "",
            "Audit and Risk Committee",
            "",
            "",
            "Annual review",
        ],
        ["Section B: Commissioning"] + [""] * 6,
        [
            "B1",
            "Award a community services contract",
            "",
            "Resources Committee",
            "",
            "over £5m",
            "",
        ],
        ["B2", "Award a community services contract", "", "", "Chief Executive", "up to £5m", ""],
        ["B3", "Agree the North Wyvern place plan", "", "North Wyvern place committee", "", "", ""],
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = "Scheme"
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A3:G3")
    sheet.merge_cells("A7:G7")
    sheet.merge_cells("D5:D6")  # one committee holds both rows, as published
    rows[5][3] = rows[4][3]
    for r in (2, 6):
        rows[r] = [rows[r][0]] * 7
    book.save(path)
    return rows


DOCX_HEADER = [
    "No.",
    "Area",
    "Decision",
    "Reserved to Board (Y/N)",
    "Delegated to Committee",
    "Delegated to Individual",
    "Notes",
]
DOCX_TABLES: list[Grid] = [
    [
        ["1", "Strategy", "Approve the joint forward plan", "Y", "", "", "With partners"],
        [
            "2",
            "Strategy",
            "Agree the North Wyvern place plan",
            "N",
            "North Wyvern place committee",
            "",
            "",
        ],
    ],
    [
        ["3", "People", "Approve the executive pay framework", "N", "Resources Committee", "", ""],
        [
            "4",
            "People",
            "Appoint interim executives",
            "N",
            "",
            "Chief Executive",
            "Up to six months",
        ],
    ],
    [
        [
            "5",
            "Partnerships",
            "Enter a section 75 agreement",
            "Y",
            "",
            "",
            "Schedule to the agreement lists the services",
        ],
    ],
]


def several_tables_docx(path: Path) -> Grid:
    """A Word scheme: a heading paragraph, then one table per section, each with the header."""
    import docx

    document = docx.Document()
    document.add_heading("NHS Wyvern ICB: Scheme of Reservation and Delegation", level=1)
    for number, rows in enumerate(DOCX_TABLES, start=1):
        document.add_heading(f"Part {number}", level=2)
        table = document.add_table(rows=1 + len(rows), cols=len(DOCX_HEADER))
        for c, text in enumerate(DOCX_HEADER):
            table.cell(0, c).text = text
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if number == 2:  # the area written once, merged down both rows, as published
            merged = table.cell(1, 1).merge(table.cell(2, 1))
            merged.text = "People"
    document.save(str(path))
    return [DOCX_HEADER, *[row for rows in DOCX_TABLES for row in rows]]


FINANCE_HEADER = [
    "Ref",
    "Category",
    "Matter",
    "Delegated to individual",
    "Delegated to committee",
    "Reserved to board",
    "Financial threshold",
    "SFI reference",
]


def financial_rows(year: int) -> Grid:
    """The financial scheme of one year: 2026 moves, raises, lowers, adds and drops rows."""
    rows: Grid = [
        [
            "F1",
            "Revenue",
            "Approve a revenue business case",
            "Chief Finance Officer",
            "",
            "",
            "up to £500k",
            "SFI 4.1",
        ],
        [
            "F2",
            "Revenue",
            "Approve a revenue business case",
            "",
            "Resources Committee",
            "",
            "£500,001 to £5m",
            "SFI 4.1",
        ],
        ["F3", "Revenue", "Approve a revenue business case", "", "", "Y", "> £5m", "SFI 4.1"],
        [
            "F4",
            "Capital",
            "Approve a capital scheme",
            "",
            "Resources Committee",
            "",
            "£5,000,000",
            "SFI 6.3",
        ],
        [
            "F5",
            "Capital",
            "Approve a capital scheme",
            "",
            "",
            "Y",
            "£5 million and above",
            "SFI 6.3",
        ],
        [
            "F6",
            "Losses",
            "Write off losses and special payments",
            "Chief Finance Officer",
            "",
            "",
            "nil",
            "SFI 9.1",
        ],
        [
            "F7",
            "Banking",
            "Open a bank account",
            "Chief Finance Officer",
            "",
            "",
            "Unlimited",
            "SFI 11.2",
        ],
        [
            "F8",
            "Contracts",
            "Sign a contract variation",
            "Chief Executive",
            "",
            "",
            "N/A",
            "SFI 8.4",
        ],
    ]
    if year == 2026:
        rows[0][6] = "up to £750k"  # limit raised
        rows[1][6] = "£750,001 to £5m"
        rows[5][6] = "£10,000"  # write-off limit raised from nil
        rows[7][3] = "Chief Finance Officer"  # moved from the chief executive
        del rows[6]  # banking no longer delegated here
        rows.append(
            [
                "F9",
                "Contracts",
                "Extend a contract by up to a year",
                "Chief Finance Officer",
                "",
                "",
                "up to £1m",
                "SFI 8.5",
            ]
        )
    return rows


def financial_xlsx(path: Path, year: int = 2025) -> Grid:
    """A financial scheme of delegation with limits in words and figures."""
    from openpyxl import Workbook

    grid: Grid = [
        [f"Financial scheme of delegation {year}/{(year + 1) % 100}"],
        FINANCE_HEADER,
        *financial_rows(year),
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = f"FSoD {year}"
    for row in grid:
        sheet.append(row)
    book.save(path)
    return grid
