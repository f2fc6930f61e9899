"""The decision audit as CSV or XLSX files: the cells of its tables, as one sheet.

The command line and ``icsgov serve`` show the audit as the tables of
:func:`icsgov.queries.tables.audit_tables`; :func:`write_audit` writes the same
cells, every decision's verdict with its findings (one row per finding), as CSV
or XLSX, every cell passed through :func:`icsgov.cells.safe_cell`, so a name
that starts with ``=`` is data in the spreadsheet, never a formula.

>>> from icsgov.queries.audit import AuditReport
>>> export_rows(AuditReport(90, [], [])) == [list(EXPORT_COLUMNS)]
True
"""

from __future__ import annotations

from icsgov.cells import csv_text, xlsx_bytes
from icsgov.errors import IcsgovError
from icsgov.queries.audit import AuditReport
from icsgov.queries.tables import DECISION_COLUMNS, audit_tables

__all__ = ["EXPORT_COLUMNS", "FORMATS", "export_rows", "write_audit"]

FORMATS = ("table", "json", "csv", "xlsx")
"""Output formats of ``icsgov audit``."""

EXPORT_COLUMNS = (
    *DECISION_COLUMNS[:-1],
    "rule",
    "severity",
    "finding",
    "reference",
    "sources",
    "illustrative",
)
"""One row per finding, and one per decision without findings: the audit as one sheet."""


def export_rows(report: AuditReport) -> list[list[str]]:
    """The rows :func:`write_audit` writes, header first."""
    findings, decisions = audit_tables(report)
    by_decision: dict[str, list[tuple[str, ...]]] = {}
    for f, cells in zip(report.findings, findings.rows, strict=True):
        by_decision.setdefault(f.decision, []).append(cells)
    rows = [list(EXPORT_COLUMNS)]
    for j, cells in zip(report.decisions, decisions.rows, strict=True):
        verdict = list(cells[:-1])
        found = by_decision.get(j.decision, [])
        for row in found:  # rule, severity, finding; then reference, sources, illustrative
            rows.append([*verdict, row[0], row[1], row[5], row[8], row[9], row[10]])
        if not found:
            rows.append([*verdict, "", "", "", "", "", "yes" if j.illustrative else ""])
    return rows


def write_audit(report: AuditReport, fmt: str) -> str | bytes:
    """Every decision's verdict with its findings, as CSV text or an XLSX sheet (bytes)."""
    if fmt == "csv":
        return csv_text(export_rows(report))
    if fmt == "xlsx":
        return xlsx_bytes(export_rows(report), "Decision audit")
    raise IcsgovError(f"unknown format '{fmt}'; use csv or xlsx")
