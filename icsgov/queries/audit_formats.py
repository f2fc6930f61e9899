"""The decision audit as tables (command line and ``serve``) and as CSV or XLSX files.

The command line prints :func:`audit_tables` as text and ``icsgov serve``
shows the same tables as HTML, so which columns a finding has is decided here
once. :func:`write_audit` writes the findings (and, in XLSX, a second sheet of
every decision's verdict) with every cell passed through
:func:`icsgov.queries.matrix_formats.guard_cell`, so a name that starts with
``=`` is data in the spreadsheet, never a formula.

>>> from icsgov.queries.audit import AuditReport
>>> [t.title for t in audit_tables(AuditReport(90, [], []))]
['Findings', 'Decisions']
"""

from __future__ import annotations

import csv
import io

from icsgov.errors import IcsgovError
from icsgov.queries.audit import AuditFinding, AuditReport, Judgement
from icsgov.queries.matrix_formats import guard_cell
from icsgov.queries.money import format_money
from icsgov.queries.tables import Table

__all__ = ["DECISION_COLUMNS", "FINDING_COLUMNS", "FORMATS", "audit_tables", "write_audit"]

FORMATS = ("table", "json", "csv", "xlsx")
"""Output formats of ``icsgov audit``."""

FINDING_COLUMNS = (
    "rule",
    "severity",
    "date",
    "decision",
    "taken by",
    "finding",
    "right",
    "delegation",
    "reference",
    "sources",
    "illustrative",
)
DECISION_COLUMNS = (
    "date",
    "decision",
    "taken by",
    "type",
    "place",
    "value",
    "verdict",
    "right",
    "delegation",
    "level",
    "rules",
)


def _finding_row(f: AuditFinding) -> list[str]:
    sources = "; ".join(
        f"{s['source']} ({s['locator']})" if s.get("locator") else f"{s['source']}"
        for s in f.sources
    )
    return [
        f.rule,
        f.severity,
        f.date.isoformat(),
        f.decision,
        f.taken_by_name,
        f.message,
        f.right or "",
        f.delegation or "",
        f.reference or "",
        sources,
        "yes" if f.illustrative else "",
    ]


def _decision_row(j: Judgement) -> list[str]:
    return [
        j.date.isoformat(),
        j.decision,
        j.taken_by,
        j.decision_type,
        j.place or "",
        format_money(j.value) if j.value is not None else "",
        j.verdict,
        j.right or "",
        j.delegation or "",
        j.level or "",
        ", ".join(j.rules),
    ]


def audit_tables(report: AuditReport) -> list[Table]:
    """The findings, then every decision's verdict."""
    return [
        Table.of("Findings", FINDING_COLUMNS, [_finding_row(f) for f in report.findings]),
        Table.of("Decisions", DECISION_COLUMNS, [_decision_row(j) for j in report.decisions]),
    ]


def write_audit(report: AuditReport, fmt: str) -> str | bytes:
    """The findings as CSV text, or findings and decisions as two XLSX sheets (bytes)."""
    findings = [list(FINDING_COLUMNS), *(_finding_row(f) for f in report.findings)]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(
            [[guard_cell(c) for c in row] for row in findings]
        )
        return buffer.getvalue()
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheets = [
            (book.active, "Findings", findings),
            (
                book.create_sheet(),
                "Decisions",
                [list(DECISION_COLUMNS), *(_decision_row(j) for j in report.decisions)],
            ),
        ]
        for sheet, title, rows in sheets:
            sheet.title = title
            for row in rows:
                sheet.append([guard_cell(c) for c in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise IcsgovError(f"unknown format '{fmt}'; use csv or xlsx")
