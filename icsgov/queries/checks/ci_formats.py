"""The check report in the formats CI systems read: SARIF 2.1.0, GitHub annotations, JUnit XML.

Each format carries every finding with where its record was written
(:class:`~icsgov.ontology.governance.Location`), so code review shows it on
the line at fault:

- **SARIF** (``sarif``): for code-scanning tools. Rules carry their id,
  name, the rationale with the seed source it rests on, and the fix;
  results carry physical locations (file, line, column), the record id as a
  logical location, a stable fingerprint, and suppressions (a data
  ``suppression`` is ``inSource``, a baselined finding ``external``).
- **GitHub** (``github``): workflow commands (``::error file=...``), one
  line per finding that is neither suppressed nor baselined.
- **JUnit** (``junit``): one test case per rule that found nothing and one
  per finding; a finding that fails the build is a ``failure``, one that
  does not (suppressed, baselined, below ``--fail-on``) is ``skipped``.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> from icsgov.queries.checks import run_checks
>>> report = run_checks(MemoryStore(load(["tests/golden/accountability.yaml"])), rules=["GOV050"])
>>> print(github_annotations(report, "error"))  # doctest: +ELLIPSIS
::warning file=tests/golden/accountability.yaml,line=64,col=5,title=GOV050 engine-room-...::...
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from icsgov.errors import Problem
from icsgov.ontology.governance import Location
from icsgov.queries.checks import CheckReport, Finding, Severity
from icsgov.queries.checks.baseline import fingerprint
from icsgov.words import ILLUSTRATIVE_MARK

__all__ = [
    "FAIL_ON",
    "fails",
    "github_annotations",
    "junit_xml",
    "problem_annotations",
    "sarif_log",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
FAIL_ON = ("error", "warning")
"""What ``--fail-on`` accepts: the least severe finding that fails the build."""

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def fails(finding: Finding, fail_on: str) -> bool:
    """True when ``finding`` fails a build: not suppressed or baselined, and severe enough."""
    if finding.suppressed or finding.baselined:
        return False
    return _RANK[finding.severity] >= _RANK[Severity(fail_on)]


def _relative(file: str) -> Path:
    """A location's file relative to the working folder (CI runs at the repository root)."""
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path
    return Path(os.path.normpath(path))


def _uri(file: str) -> tuple[str, bool]:
    """A location's file as a URI: relative to the working folder when it can be (True)."""
    path = _relative(file)
    if path.is_absolute():
        return path.as_uri(), False
    return quote(PurePath(path).as_posix()), True


def _physical(location: Location) -> dict[str, Any]:
    uri, relative = _uri(location.file)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    found: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
    if location.line > 0:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column > 0:
            region["startColumn"] = location.column
        found["physicalLocation"]["region"] = region
    if location.sheet is not None:
        found["properties"] = {"sheet": location.sheet}
    return found


def sarif_log(report: CheckReport, version: str, caveats: Sequence[str] = ()) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (one run of the ``icsgov`` tool).

    ``caveats`` (the date checked is outside the data's coverage) go in the
    run's property bag.
    """
    index = {rule.id: i for i, rule in enumerate(report.rules)}
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.name.replace("-", " ")},
            "fullDescription": {"text": rule.rationale},
            "help": {
                "text": f"{rule.fix}\nWhy: {rule.rationale}\nSource: {rule.source}",
                "markdown": f"{rule.fix}\n\n**Why:** {rule.rationale}\n\n**Source:** {rule.source}",
            },
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"source": rule.source, "tags": ["governance"]},
        }
        for rule in report.rules
    ]
    results = []
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    **_physical(loc),
                    "logicalLocations": [{"name": record, "kind": "object"}],
                }
                for record, loc in finding.locations
            ]
            or [{"logicalLocations": [{"name": finding.target, "kind": "object"}]}],
            "partialFingerprints": {"icsgovFinding/v1": fingerprint(finding)},
        }
        suppressions = []
        if finding.suppressed:
            suppressions.append(
                {
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": finding.suppression_reason or "",
                    "properties": {"suppression": finding.suppression},
                }
            )
        if finding.baselined:
            suppressions.append(
                {"kind": "external", "status": "accepted", "justification": "in the baseline"}
            )
        if suppressions:
            result["suppressions"] = suppressions
        if finding.illustrative:
            result["properties"] = {"illustrative": True}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "icsgov",
                        "version": version,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {
                    "%SRCROOT%": {"description": {"text": "The folder icsgov was run in."}}
                },
                "results": results,
                **({"properties": {"caveats": list(caveats)}} if caveats else {}),
            }
        ],
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: CheckReport, fail_on: str, caveats: Sequence[str] = ()) -> str:
    """GitHub Actions workflow commands, one per finding neither suppressed nor baselined.

    A finding that fails the build under ``fail_on`` is an ``error``
    annotation; others keep their own level (``warning``, ``notice``). Each
    caveat (the date checked is outside the data's coverage) is a ``notice``.
    """
    title = _escape_property("icsgov: dates the data covers")
    lines = [f"::notice title={title}::{_escape_data(c)}" for c in caveats]
    for finding in report.findings:
        if finding.suppressed or finding.baselined:
            continue
        level = "error" if fails(finding, fail_on) else _GITHUB_LEVEL[finding.severity]
        props = []
        if finding.location is not None:
            path = PurePath(_relative(finding.location.file)).as_posix()
            props.append(f"file={_escape_property(path)}")
            if finding.location.line:
                props.append(f"line={finding.location.line}")
                props.append(f"col={finding.location.column}")
        props.append("title=" + _escape_property(f"{finding.rule} {_rule_name(report, finding)}"))
        lines.append(f"::{level} {','.join(props)}::{_escape_data(_said(finding))}")
    return "\n".join(lines)


def _said(finding: Finding) -> str:
    """The finding's message, saying so when it is about an illustrative record.

    >>> _said(Finding("GOV021", Severity.INFO, "b", "B meets in private", illustrative=True))
    'B meets in private († about a record marked illustrative, not a documented fact)'
    """
    if not finding.illustrative:
        return finding.message
    return f"{finding.message} ({ILLUSTRATIVE_MARK} {_ABOUT_INVENTED})"


_ABOUT_INVENTED = "about a record marked illustrative, not a documented fact"


def problem_annotations(problems: Sequence[Problem]) -> str:
    """Bad input as GitHub ``error`` annotations, each on the line it names.

    >>> print(problem_annotations([Problem("g/a.yaml", 3, 5, "unknown key 'nmae'", "x[0]")]))
    ::error file=g/a.yaml,line=3,col=5,title=icsgov%3A invalid data::x[0]: unknown key 'nmae'
    """
    lines = []
    for problem in problems:
        props = [f"file={_escape_property(PurePath(_relative(problem.file)).as_posix())}"]
        if problem.line:
            props += [f"line={problem.line}", f"col={problem.column}"]
        props.append("title=" + _escape_property("icsgov: invalid data"))
        text = (f"{problem.path}: " if problem.path else "") + problem.message
        if problem.hint:
            text += f"; {problem.hint}"
        lines.append(f"::error {','.join(props)}::{_escape_data(text)}")
    return "\n".join(lines)


def _rule_name(report: CheckReport, finding: Finding) -> str:
    return next((r.name for r in report.rules if r.id == finding.rule), "")


def junit_xml(report: CheckReport, fail_on: str, caveats: Sequence[str] = ()) -> str:
    """A JUnit XML report: a passing case per quiet rule, a case per finding.

    Each caveat (the date checked is outside the data's coverage) is a suite property.
    """
    suite = ET.Element("testsuite", name="icsgov check")
    failures = skipped = 0
    for rule in report.rules:
        found = [f for f in report.findings if f.rule == rule.id]
        if not found:
            ET.SubElement(suite, "testcase", classname=f"icsgov.{rule.id}", name=rule.name)
            continue
        for finding in found:
            where = f"{finding.location.shown()}: " if finding.location else ""
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"icsgov.{rule.id}",
                name=f"{rule.name}: {finding.target}",
            )
            if finding.location is not None:
                case.set("file", PurePath(_relative(finding.location.file)).as_posix())
                case.set("line", str(finding.location.line))
            text = f"{where}{finding.rule} {finding.severity.value}: {_said(finding)}"
            if fails(finding, fail_on):
                failures += 1
                node = ET.SubElement(
                    case, "failure", message=_said(finding), type=finding.severity.value
                )
                node.text = text
            else:
                skipped += 1
                why = (
                    f"suppressed: {finding.suppression_reason}"
                    if finding.suppressed
                    else "in the baseline"
                    if finding.baselined
                    else f"{finding.severity.value} (the build fails on {fail_on})"
                )
                ET.SubElement(case, "skipped", message=why)
                ET.SubElement(case, "system-out").text = text
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    suite.set("errors", "0")
    if caveats:
        properties = ET.Element("properties")
        for caveat in caveats:
            ET.SubElement(properties, "property", name="caveat", value=caveat)
        suite.insert(0, properties)
    root = ET.Element("testsuites", name="icsgov")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
