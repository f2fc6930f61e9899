"""Run every benchmark script in this folder, one after another (``make bench``).

Each script measures icsgov against a baseline in the same run and prints the
ratio; this runner calls them, reports which failed, and writes everything
they printed to ``benchmarks/RESULTS.md`` under a header naming the machine
and date, followed by ``benchmarks/TARGETS.md`` (the targets and what was
met, written by hand). Add a script to ``SCRIPTS`` to include it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS: list[tuple[str, list[str]]] = [
    ("bench_memory.py", ["--scales", "0.25", "1"]),  # scale 4: LARGE (make bench-large)
    ("neo4j_push.py", ["--repeat", "1"]),  # the naive loader takes minutes per run
    ("rdf_who_decides.py", ["--repeat", "3"]),
    ("audit_decisions.py", ["--scale", "1", "--decisions", "100000"]),
    ("neo4j_who_decides.py", ["--repeat", "20"]),
    ("bench_analyses.py", ["--scales", "0.25", "1", "--questions", "1000"]),
    ("rdf_round_trips.py", ["--repeat", "3"]),
]
"""(script, arguments): the benchmarks ``make bench`` runs."""

LARGE: list[tuple[str, list[str]]] = [
    (
        "bench_memory.py",
        [
            "--scales",
            "4",
            "--rdflib-questions",
            "0",
            "--repeat",
            "5",
            "--questions",
            "1000",
            "--no-rebuild",
        ],
    ),
]
"""What ``make bench-large`` runs (``run.py --large``), written to RESULTS-large.md."""


def run_script(script: str, args: list[str]) -> tuple[int, list[str]]:
    """Run one script, echoing and keeping what it prints on stdout."""
    kept: list[str] = []
    with subprocess.Popen(
        [sys.executable, str(HERE / script), *args],
        cwd=HERE.parent,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            kept.append(line.rstrip("\n"))
    return child.returncode, kept


def write_results(sections: list[tuple[str, int, list[str]]], name: str = "RESULTS.md") -> Path:
    """RESULTS.md (or ``name``): machine and date, each script's output, then TARGETS.md."""
    sys.path.insert(0, str(HERE))
    from _common import machine

    parts = ["# Benchmark results", "", "Written by `make bench` (benchmarks/run.py).", ""]
    parts += [machine(), ""]
    for title, code, lines in sections:
        parts += [f"## {title}" + ("" if code == 0 else f" (FAILED, exit {code})"), ""]
        fenced = not any(line.startswith(("|", "#")) for line in lines)
        parts += ["```", *lines, "```"] if fenced else lines
        parts.append("")
    targets = HERE / "TARGETS.md"
    if targets.exists() and name == "RESULTS.md":
        parts.append(targets.read_text(encoding="utf-8"))
    out = HERE / name
    out.write_text("\n".join(parts).rstrip() + "\n", encoding="utf-8")
    return out


def main() -> int:
    large = "--large" in sys.argv[1:]
    failed = []
    sections: list[tuple[str, int, list[str]]] = []
    for script, args in LARGE if large else SCRIPTS:
        title = f"{script} {' '.join(args)}".rstrip()
        print(f"== {title}", flush=True)
        code, lines = run_script(script, args)
        sections.append((title, code, lines))
        if code != 0:
            failed.append(script)
    name = "RESULTS-large.md" if large else "RESULTS.md"
    print(f"wrote {write_results(sections, name)}", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
