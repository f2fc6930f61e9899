"""Baselines: the findings a team has accepted, so that only new ones fail a build.

A team adopting ``icsgov check`` on existing governance data records today's
findings once (``icsgov check --baseline icsgov-baseline.json --write-baseline``); later runs
read the file and mark the findings in it *baselined*: still reported, never
failing. A finding is known by its :func:`fingerprint`, a hash of its rule,
target record and related record ids: not of line numbers or wording, so it
survives records being reordered, files being split and unrelated edits,
and changes only when the finding itself changes.

>>> from icsgov.queries.checks import Finding, Severity
>>> a = Finding("GOV001", Severity.ERROR, "capital", "nobody decides", ["p2", "p1"])
>>> b = Finding("GOV001", Severity.ERROR, "capital", "reworded", ["p1", "p2"])
>>> fingerprint(a) == fingerprint(b)
True
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from icsgov.errors import InputError, Problem
from icsgov.outputs import write_output
from icsgov.queries.checks._registry import Finding

__all__ = ["BASELINE_VERSION", "apply_baseline", "fingerprint", "read_baseline", "write_baseline"]

BASELINE_VERSION = 1


def fingerprint(finding: Finding) -> str:
    """A stable id for a finding: rule, target and the set of related ids (16 hex digits)."""
    key = "\0".join([finding.rule, finding.target, *sorted(set(finding.related))])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def baseline_entries(findings: list[Finding]) -> list[dict[str, Any]]:
    """What a baseline file keeps per finding: fingerprint, and rule/target/message to read."""
    entries = {
        fingerprint(f): {
            "fingerprint": fingerprint(f),
            "rule": f.rule,
            "target": f.target,
            "message": f.message,
        }
        for f in findings
        if not f.suppressed
    }
    return [entries[k] for k in sorted(entries, key=lambda k: (entries[k]["rule"], k))]


def write_baseline(path: Path, findings: list[Finding]) -> set[str]:
    """Write the unsuppressed findings as the accepted set; return their fingerprints."""
    entries = baseline_entries(findings)
    payload = {"icsgov_baseline": BASELINE_VERSION, "findings": entries}
    write_output(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return {e["fingerprint"] for e in entries}


def read_baseline(path: Path) -> set[str]:
    """The fingerprints a baseline file accepts; ``InputError`` saying how to fix a bad file."""
    where = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    where,
                    exc.lineno,
                    exc.colno,
                    f"not valid JSON ({exc.msg})",
                    hint="delete the file and run 'icsgov check --baseline FILE' to write it anew",
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(where, 0, 0, f"cannot read the baseline ({exc})")]) from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("icsgov_baseline") != BASELINE_VERSION
        or not isinstance(entries, list)
        or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries)
    ):
        raise InputError(
            [
                Problem(
                    where,
                    1,
                    1,
                    f"not an icsgov baseline (version {BASELINE_VERSION})",
                    hint="write it with 'icsgov check --baseline FILE --write-baseline'",
                )
            ]
        )
    return {e["fingerprint"] for e in entries}


def apply_baseline(findings: list[Finding], accepted: set[str]) -> list[Finding]:
    """The findings with those in ``accepted`` marked baselined."""
    return [replace(f, baselined=fingerprint(f) in accepted) for f in findings]
