"""National analyses on synthetic data: every check rule and subsidiarity, beside their baselines.

For each ``--scales`` value: generate the data set (``icsgov synth``, kept in
``--work`` between runs if given), open it once to fill the cache, then in a fresh
process measure, in CPU seconds (the machine is shared; wall time is noise):

* **open**: opening the graph the way the CLI does
  (``icsgov.queries.select.open_store``: the compiled graph, read lazily) and
  turning every record into a model in a fully indexed memory store, the
  baseline for ``check``; the rules and subsidiarity run on that store, and all
  rules once more on the CLI's own store;
* **check**: each rule alone (its own run, building what it shares), and all
  rules in one ``run_checks`` (indexes shared), as a ratio to *open*;
* **subsidiarity** over every system with places on the date, run twice (the
  first run also reads every record's lifetimes once, which the store keeps):
  CPU per (decision type, place) pair, against who-decides p50 over
  ``--questions`` random questions on the same store (the target is 0.3×), and
  against the same pairs asked as fresh walks (``band_segments`` per pair, no
  sharing);
* **matrix** and **fdm** of every system.

Prints a Markdown section per scale and, with two scales, how much each rule
grew; ``run.py`` collects them into RESULTS.md.
Run: ``.venv/bin/python benchmarks/bench_analyses.py --scales 0.25 1``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ICSGOV, PYTHON, ROOT

_CHILD = r"""
import datetime as dt, json, random, sys, time
from pathlib import Path

folder, questions = sys.argv[1], int(sys.argv[2])
AS_OF = dt.date(2024, 6, 1)
cpu = time.process_time

began = cpu()
from icsgov.queries.select import open_store
from icsgov.graph.memory import MemoryStore
cli = open_store("memory", [folder])
lazy = cpu() - began
store = MemoryStore(cli.governance)  # every record a model, every index built
opened = cpu() - began

from icsgov.ontology.model import DecisionType, Footprint, Level
from icsgov.queries.checks import RULES, run_checks

began = cpu()
run_checks(cli, as_of=AS_OF)
on_cli = cpu() - began

rules = {}
for rule in sorted(RULES):
    began = cpu()
    found = run_checks(store, rules=[rule], as_of=AS_OF).findings
    rules[rule] = [cpu() - began, len(found)]
began = cpu()
every = len(run_checks(store, as_of=AS_OF).findings)
all_rules = cpu() - began

from icsgov.queries.subsidiarity import places_of, subsidiarity_report
systems = [
    f.id for f in store.entities(Footprint)
    if f.level is Level.SYSTEM and f.valid_at(AS_OF) and places_of(store, f.id, AS_OF)
]
began = cpu()
reports = [subsidiarity_report(store, s, as_of=AS_OF) for s in systems]
first = cpu() - began
pairs = sorted({(r.decision, r.place) for rep in reports for r in rep.decisions})

from icsgov.queries.walk import band_segments
began = cpu()
for decision, place in pairs:
    band_segments(store, decision, place, AS_OF)
fresh = cpu() - began
began = cpu()
reports = [subsidiarity_report(store, s, as_of=AS_OF) for s in systems]
subs = cpu() - began

from icsgov.queries.who_decides import who_decides
rng = random.Random(42)
leaves = [d.id for d in store.entities(DecisionType) if d.preferred_level]
fps = [
    f.id for f in store.entities(Footprint)
    if f.level in (Level.PLACE, Level.NEIGHBOURHOOD, Level.SYSTEM) and f.valid_to is None
]
times = []
for _ in range(questions):
    decision, at = rng.choice(leaves), rng.choice(fps)
    value = rng.choice([None, 1e4, 3e5, 2e6, 1e7])
    began = cpu()
    who_decides(store, decision, at, value=value, as_of=AS_OF)
    times.append(cpu() - began)
times.sort()

from icsgov.queries.fdm import functions_and_decisions
from icsgov.queries.matrix import decision_matrix
began = cpu()
for s in systems:
    decision_matrix(store, s, as_of=AS_OF)
matrix = cpu() - began
began = cpu()
for s in systems:
    functions_and_decisions(store, s, as_of=AS_OF)
fdm = cpu() - began

print(json.dumps({
    "entities": len(store.governance), "open": opened, "lazy": lazy, "on_cli": on_cli,
    "rules": rules,
    "all_rules": all_rules, "findings": every, "systems": len(systems),
    "subsidiarity": subs, "first": first, "pairs": len(pairs),
    "rows": sum(len(r.decisions) for r in reports),
    "fresh": fresh, "p50": times[len(times) // 2], "matrix": matrix, "fdm": fdm,
}))
"""


def synth(scale: float, seed: int, work: Path) -> Path:
    """The data set for ``scale`` (generated once into ``work``)."""
    folder = work / f"synth-{scale:g}-seed{seed}"
    if not (folder / "README.md").exists():
        subprocess.run(
            [ICSGOV, "synth", "--scale", str(scale), "--seed", str(seed), "-o", str(folder)],
            check=True,
            capture_output=True,
        )
    return folder


def measure(folder: Path, questions: int) -> dict[str, object]:
    """Fill the cache, then measure everything in one fresh process."""
    subprocess.run([ICSGOV, "info", "--data", str(folder)], check=True, capture_output=True)
    done = subprocess.run(
        [PYTHON, "-c", _CHILD, str(folder), str(questions)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def section(scale: float, m: dict[str, object]) -> list[str]:
    """The Markdown section for one scale."""
    opened = float(m["open"])  # type: ignore[arg-type]
    rules: dict[str, list[float]] = m["rules"]  # type: ignore[assignment]
    every = float(m["all_rules"])  # type: ignore[arg-type]
    pairs = int(m["pairs"])  # type: ignore[call-overload]
    per_pair = float(m["subsidiarity"]) / pairs  # type: ignore[arg-type]
    p50 = float(m["p50"])  # type: ignore[arg-type]
    fresh = float(m["fresh"]) / pairs  # type: ignore[arg-type]
    lines = [
        f"### Scale {scale:g}: {m['entities']:,} entities, {m['systems']} systems with places",
        "",
        "CPU seconds in one process (`open` is the baseline for `check`).",
        "",
        "| what | CPU | baseline | ratio |",
        "|---|---|---|---|",
        f"| open and index the graph: the CLI's store (`open_store`, {float(m['lazy']):.2f} s), "  # type: ignore[arg-type]
        f"then every record as a model in a memory store | {opened:.2f} s | | |",
        f"| `check`, all {len(rules)} rules in one run ({m['findings']:,} findings) "
        f"| {every:.2f} s | open {opened:.2f} s | {every / opened:.2f}× (target ≤ 10×) |",
    ]
    lines.append(
        f"| `check`, all rules, on the CLI's compiled store (reads the records as it goes) "
        f"| {float(m['on_cli']):.2f} s | open {opened:.2f} s | "  # type: ignore[arg-type]
        f"{float(m['on_cli']) / opened:.2f}× |"  # type: ignore[arg-type]
    )
    for rule, (seconds, found) in sorted(rules.items()):
        lines.append(
            f"| {rule} alone ({found:,} findings) | {seconds:.2f} s | open | "
            f"{seconds / opened:.2f}× |"
        )
    lines += [
        f"| subsidiarity, all systems: {pairs:,} (decision, place) pairs, {m['rows']:,} rows "
        f"| {float(m['subsidiarity']):.2f} s ({per_pair * 1e6:.0f} µs a pair) "  # type: ignore[arg-type]
        f"| who-decides p50 {p50 * 1e6:.0f} µs | {per_pair / p50:.2f}× (target ≤ 0.3×) |",
        f"| … its first run, lifetimes not yet read | {float(m['first']):.2f} s "  # type: ignore[arg-type]
        f"({float(m['first']) / pairs * 1e6:.0f} µs a pair) | | "  # type: ignore[arg-type]
        f"{float(m['first']) / pairs / p50:.2f}× |",  # type: ignore[arg-type]
        f"| … the same pairs as fresh walks (`band_segments` each) | {fresh * 1e6:.0f} µs a pair "
        f"| | shared/fresh {per_pair / fresh:.2f}× |",
        f"| matrix of every system | {float(m['matrix']):.2f} s | | |",  # type: ignore[arg-type]
        f"| fdm of every system | {float(m['fdm']):.2f} s | | |",  # type: ignore[arg-type]
        "",
    ]
    return lines


def growth(scales: list[float], found: dict[float, dict[str, object]]) -> list[str]:
    """How much each rule's CPU grew from the first scale to the last."""
    low, high = scales[0], scales[-1]
    a: dict[str, list[float]] = found[low]["rules"]  # type: ignore[assignment]
    b: dict[str, list[float]] = found[high]["rules"]  # type: ignore[assignment]
    size = int(found[high]["entities"]) / int(found[low]["entities"])  # type: ignore[call-overload]
    lines = [
        f"### Growth from scale {low:g} to {high:g} ({size:.1f}× the entities; target: no rule "
        "more than 5×)",
        "",
        "| rule | growth |",
        "|---|---|",
    ]
    for rule in sorted(a):
        lines.append(f"| {rule} | {b[rule][0] / max(a[rule][0], 1e-3):.1f}× |")
    every = float(found[high]["all_rules"]) / float(found[low]["all_rules"])  # type: ignore[arg-type]
    lines += [f"| all rules | {every:.1f}× |", ""]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.25, 1.0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument(
        "--work", type=Path, default=None, help="keep the generated data here between runs"
    )
    args = parser.parse_args()
    found: dict[float, dict[str, object]] = {}
    lines = ["## National analyses: check rules and subsidiarity (issue 19, item 2)", ""]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for scale in args.scales:
            found[scale] = measure(synth(scale, args.seed, work), args.questions)
            lines += section(scale, found[scale])
    if len(args.scales) > 1:
        lines += growth(args.scales, found)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
