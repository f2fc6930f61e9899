"""The decision audit as tables (command line and ``serve``) and as CSV or XLSX files.

The command line prints :func:`audit_tables` as text and ``icsgov serve``
shows the same tables as HTML, so which columns a finding has is decided here
once. :func:`write_audit` writes every decision's verdict with its findings
(one row per finding) as CSV or XLSX, every cell passed through
:func:`icsgov.cells.safe_cell`, so a name that starts with
``=`` is data in the spreadsheet, never a formula.

>>> from icsgov.queries.audit import AuditReport
>>> [t.title for t in audit_tables(AuditReport(90, [], []))]
['Findings', 'Decisions']
"""

from __future__ import annotations

from icsgov.cells import csv_text, xlsx_bytes
from icsgov.errors import IcsgovError
from icsgov.ontology.money import format_money
from icsgov.queries.audit import AuditFinding, AuditReport, Judgement
from icsgov.queries.tables import Table

__all__ = [
    "DECISION_COLUMNS",
    "EXPORT_COLUMNS",
    "FINDING_COLUMNS",
    "FORMATS",
    "audit_tables",
    "export_rows",
    "write_audit",
]

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
    by_decision: dict[str, list[AuditFinding]] = {}
    for f in report.findings:
        by_decision.setdefault(f.decision, []).append(f)
    rows = [list(EXPORT_COLUMNS)]
    for j in report.decisions:
        verdict = _decision_row(j)[:-1]
        findings = by_decision.get(j.decision, [])
        for f in findings:
            row = _finding_row(f)
            rows.append([*verdict, f.rule, f.severity, f.message, row[8], row[9], row[10]])
        if not findings:
            rows.append([*verdict, "", "", "", "", "", "yes" if j.illustrative else ""])
    return rows


def write_audit(report: AuditReport, fmt: str) -> str | bytes:
    """Every decision's verdict with its findings, as CSV text or an XLSX sheet (bytes)."""
    if fmt == "csv":
        return csv_text(export_rows(report))
    if fmt == "xlsx":
        return xlsx_bytes(export_rows(report), "Decision audit")
    raise IcsgovError(f"unknown format '{fmt}'; use csv or xlsx")
