"""The memory store, the compiled graph and the CLI on synthetic national data, beside baselines.

For each ``--scales`` value: generate the data set (``icsgov synth``), then
measure in the same run on the same machine, each figure beside its baseline:

* load from YAML (the normal loader, cache bypassed) in a fresh process, CPU
  and wall time and peak memory (``ru_maxrss``), against parsing the same
  files with ``yaml.CSafeLoader`` alone in a fresh process (target ≤ 2×);
* building the cache entry (the compiled graph) once, and opening it in a
  fresh process and answering one question: time and peak memory;
* who-decides on the memory store over ``--questions`` random questions
  (decision, place or neighbourhood, value): p50 and p99 in CPU time
  (``time.thread_time``), the resolution core (``walk``) and the whole answer,
  against a plain-dict walk of the same chain (dicts of tuples, no models;
  its answers checked equal to ``walk``'s); p99/p50 in CPU time;
* the same questions on the compiled store opened lazily (warm);
* the rdflib SPARQL baseline of issue 8 on one ICB's slice (``--rdflib-questions``);
* subsidiarity over all systems, the matrix of one system, the web at depth 3;
* the CLI: ``icsgov --help`` and a cold ``icsgov who-decides`` on the compiled
  national graph, each against a bare ``python -c pass`` (median of
  ``--repeat``, wall and CPU time of the child), and the same question
  rebuilding everything from YAML.

Prints a Markdown section per scale; ``run.py`` collects them into RESULTS.md.
Run: ``.venv/bin/python benchmarks/bench_memory.py --scales 0.25 1`` (``make
bench``) or ``--scales 4 --rdflib-questions 0`` (``make bench-large``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import ICSGOV, PYTHON, ROOT, median, percentile, timed

AS_OF = dt.date(2024, 6, 1)

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, folder, cache = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
out = {}
began, began_cpu = time.perf_counter(), cpu()
if mode == "parse":
    import yaml
    from icsgov.loaders.governance_yaml import yaml_files
    files, _ = yaml_files([folder])
    for f in files:
        yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    out["files"] = len(files)
elif mode == "yaml":
    from icsgov.loaders.governance_yaml import read_yaml
    gov = read_yaml([folder])
    out["entities"] = len(gov)
    out["load"], out["load_cpu"] = time.perf_counter() - began, cpu() - began_cpu
    from icsgov.graph.memory import MemoryStore
    MemoryStore(gov)
else:  # compile (fill the cache) or open (a cold question on it)
    from icsgov.graph.compiled import cached_store
    from icsgov.loaders.governance_yaml import read_yaml
    store = cached_store([folder], read_yaml, directory=cache)
    out["how"] = store.how
    if mode == "open":
        from icsgov.queries.who_decides import who_decides
        who_decides(store, sys.argv[4], sys.argv[5], as_of=None)
out["wall"], out["cpu"] = time.perf_counter() - began, cpu() - began_cpu
# VmHWM: this program's own peak (ru_maxrss may count the parent's pages before exec)
status = Path("/proc/self/status")
lines = status.read_text().splitlines() if status.exists() else []
hwm = [line for line in lines if line.startswith("VmHWM")]
out["peak_mib"] = (int(hwm[0].split()[1]) / 1024 if hwm
                   else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def child(mode: str, folder: Path, cache: Path, *extra: str) -> dict[str, object]:
    done = subprocess.run(
        [PYTHON, "-c", _CHILD, mode, str(folder), str(cache), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def run_timed(args: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median wall and median CPU seconds (user + system, of the child) of running ``args``.

    As installed: Python's bytecode cache is written by a first, untimed run and
    used (``PYTHONDONTWRITEBYTECODE`` would recompile icsgov's sources every run).
    """
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environ.update(env)
    subprocess.run(args, env=environ, capture_output=True)
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        done = subprocess.run(args, env=environ, capture_output=True)
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return median(walls), median(cpus)


def questions(
    store: object, n: int, seed: int, systems: set[str] | None = None
) -> list[tuple[str, str, float | None]]:
    """Random (decision, footprint, value) over leaf decisions and places/neighbourhoods."""
    from icsgov.ontology.model import DecisionType, Footprint, Level

    rng = random.Random(seed)
    leaves = [d.id for d in store.entities(DecisionType) if d.preferred_level]  # type: ignore[attr-defined]
    fps = [
        f
        for f in store.entities(Footprint)  # type: ignore[attr-defined]
        if f.level in (Level.PLACE, Level.NEIGHBOURHOOD, Level.SYSTEM) and f.valid_to is None
    ]
    if systems is not None:
        chains = {f.id: [c.id for c in store.footprint_chain(f.id)] for f in fps}  # type: ignore[attr-defined]
        fps = [f for f in fps if set(chains[f.id]) & systems]
    out = []
    for _ in range(n):
        value = rng.choice([None, 1e4, 3e5, 2e6, 1e7])
        out.append((rng.choice(leaves), rng.choice(fps).id, value))
    return out


def ask_all(
    store: object, qs: list[tuple[str, str, float | None]], whole: bool = True
) -> tuple[list[float], list[float]]:
    """Wall and CPU (this thread's) seconds per question: whole answers, or the walk alone."""
    from icsgov.queries.walk import walk
    from icsgov.queries.who_decides import who_decides

    walls, cpus = [], []
    for decision, at, value in qs:
        began, began_cpu = time.perf_counter(), time.thread_time()
        if whole:
            who_decides(store, decision, at, value=value, as_of=AS_OF)  # type: ignore[arg-type]
        else:
            walk(store, decision, at, value, AS_OF)  # type: ignore[arg-type]
        cpus.append(time.thread_time() - began_cpu)
        walls.append(time.perf_counter() - began)
    return walls, cpus


class PlainWalk:
    """The anchor: the same walk over plain dicts of tuples, no models, no protocol.

    Built once (untimed) from the store: each footprint's parent, each
    decision type's broader type, and each right as a tuple of its decision,
    footprint, holder, whether it decides, value band and in-force span.
    """

    def __init__(self, store: object) -> None:
        from icsgov.ontology.model import DecisionRight, DecisionType, Footprint, Role
        from icsgov.queries.walk import in_force_span

        self.parent = {f.id: f.part_of for f in store.entities(Footprint)}  # type: ignore[attr-defined]
        self.broader = {d.id: d.broader for d in store.entities(DecisionType)}  # type: ignore[attr-defined]
        self.rights: dict[tuple[str, str], list[tuple[object, ...]]] = {}
        for r in store.entities(DecisionRight):  # type: ignore[attr-defined]
            start, end = in_force_span(store, r)  # type: ignore[arg-type]
            row = (r.holder, r.role is Role.DECIDES, r.value_min, r.value_max, start, end)
            self.rights.setdefault((r.decision, r.footprint), []).append(row)

    def __call__(
        self, decision: str, place: str, value: float | None, day: dt.date
    ) -> tuple[str | None, tuple[str, ...]]:
        chain: list[str] = []
        at: str | None = place
        while at is not None:
            chain.append(at)
            at = self.parent[at]
        current: str | None = decision
        while current is not None:
            live = {
                f: [
                    r
                    for r in self.rights.get((current, f), ())
                    if (r[4] is None or day >= r[4]) and (r[5] is None or day <= r[5])
                ]
                for f in chain
            }
            if any(r[1] for rows in live.values() for r in rows):
                for f in chain:
                    holders = sorted(
                        {
                            str(r[0])
                            for r in live[f]
                            if r[1]
                            and (
                                value is None
                                or (
                                    (r[2] is None or value >= r[2])  # type: ignore[operator]
                                    and (r[3] is None or value <= r[3])  # type: ignore[operator]
                                )
                            )
                        }
                    )
                    if holders:
                        return f, tuple(holders)
                return None, ()  # a gap: rights exist, no band covers the value
            current = self.broader[current]
        return None, ()


def anchor_times(
    plain: PlainWalk, qs: list[tuple[str, str, float | None]]
) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for decision, at, value in qs:
        began, began_cpu = time.perf_counter(), time.thread_time()
        plain(decision, at, value, AS_OF)
        cpus.append(time.thread_time() - began_cpu)
        walls.append(time.perf_counter() - began)
    return walls, cpus


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def bench_scale(scale: float, args: argparse.Namespace, work: Path) -> list[str]:
    from icsgov.graph.memory import MemoryStore
    from icsgov.queries.walk import walk
    from icsgov.synth import synthesise, write_synth

    lines = [f"### Scale {scale:g}", ""]
    folder = (args.data or work) / f"scale-{scale:g}-seed-{args.seed}"
    cache = work / f"cache-{scale:g}"
    began = time.perf_counter()
    if not (folder / "README.md").exists():
        result = write_synth(scale, args.seed, folder)
        print(
            f"scale {scale:g}: synth wrote {sum(result.counts.values()):,} records "
            f"in {time.perf_counter() - began:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    parse = child("parse", folder, cache)
    yaml_run = child("yaml", folder, cache)
    compiled = child("compile", folder, cache)
    assert compiled["how"] == "built", compiled
    entry = max(cache.rglob("*.sqlite"), key=lambda p: p.stat().st_mtime)
    print(
        f"scale {scale:g}: parse {parse['cpu']:.1f} s CPU, yaml {yaml_run['load_cpu']:.1f} s "
        f"CPU, compile {compiled['wall']:.1f} s",
        file=sys.stderr,
        flush=True,
    )

    from icsgov.cache import cached_read
    from icsgov.graph.compiled import cached_store
    from icsgov.loaders.governance_yaml import read_yaml

    lazy = cached_store([folder], read_yaml, directory=cache)
    decision0, at0, _ = questions(lazy, 1, args.seed)[0]
    opened = [  # before this process grows: a child starts as a copy of it
        child("open", folder, cache, decision0, at0) for _ in range(max(1, args.repeat // 2))
    ]
    assert all(o["how"] == "fast" for o in opened), opened
    gov = cached_read([folder], read_yaml, directory=cache)
    store = MemoryStore(gov)  # frozen out of the collector's way (icsgov._heap)
    rights = gov.counts()["decision right"]
    qs = questions(store, args.questions, args.seed)
    assert qs[0][:2] == (decision0, at0)

    ask_all(store, qs[:50])  # warm up
    walls, cpus = ask_all(store, qs)
    _walk_walls, walk_cpus = ask_all(store, qs, whole=False)
    plain = PlainWalk(store)
    same = all(walk(store, d, a, v, AS_OF).outcome() == plain(d, a, v, AS_OF) for d, a, v in qs)
    anchor_walls, anchor_cpus = anchor_times(plain, qs)
    p50, p99 = percentile(cpus, 0.5), percentile(cpus, 0.99)
    # the same questions again: the lesser of two CPU times per question strips what the
    # machine (not the question) added; a tail the question causes is there both times
    _, again = ask_all(store, qs)
    least = [min(a, b) for a, b in zip(cpus, again, strict=True)]
    l50, l99 = percentile(least, 0.5), percentile(least, 0.99)
    _, same_cpus = ask_all(store, [qs[0]] * len(qs))
    s50, s99 = percentile(same_cpus, 0.5), percentile(same_cpus, 0.99)
    w50, w99 = percentile(walk_cpus, 0.5), percentile(walk_cpus, 0.99)
    a50 = percentile(anchor_cpus, 0.5)

    ask_all(lazy, qs[:50])
    _lazy_walls, lazy_cpus = ask_all(lazy, qs)

    from icsgov.ontology.model import Footprint, Level
    from icsgov.queries.matrix import decision_matrix
    from icsgov.queries.subsidiarity import subsidiarity_report
    from icsgov.queries.web import accountability_web

    systems = [
        f.id for f in store.entities(Footprint) if f.level is Level.SYSTEM and f.valid_to is None
    ]
    from icsgov.errors import QueryError

    answered = []
    for system in systems:  # an ICB formed after AS_OF has no places yet
        try:
            subsidiarity_report(store, system, as_of=AS_OF, decisions=[decision0])
            answered.append(system)
        except QueryError:
            pass
    subs = timed(lambda: [subsidiarity_report(store, s, as_of=AS_OF) for s in answered])
    matrix = median(
        [timed(lambda: decision_matrix(store, "fp:ods:QR1", as_of=AS_OF)) for _ in range(3)]
    )
    holder = (
        "syn:QR1:post:place-92G-director"
        if "syn:QR1:post:place-92G-director" in gov
        else "syn:QR1:committee:resources"
    )
    web = median(
        [timed(lambda: accountability_web(store, holder, depth=3, as_of=AS_OF)) for _ in range(5)]
    )

    rdflib_rows: list[str] = []
    if args.rdflib_questions:
        from icsgov.graph.rdf.io import to_rdf
        from icsgov.graph.rdf.store import RdfStore
        from icsgov.loaders.reference import read_reference
        from icsgov.ontology.governance import Governance
        from icsgov.queries.who_decides import who_decides
        from icsgov.synth.closure import referenced_closure

        reference = read_reference()
        one_icb = synthesise(scale, args.seed, reference, ["QR1"])
        slice_gov = Governance.from_entities([*referenced_closure(one_icb, reference), *one_icb])
        slice_store = MemoryStore(slice_gov)
        rdflib_store = RdfStore.over_rdflib(to_rdf(slice_gov))
        slice_qs = questions(slice_store, args.rdflib_questions, args.seed + 1, {"fp:ods:QR1"})
        identical = all(
            who_decides(slice_store, d, a, value=v, as_of=AS_OF).to_dict()
            == who_decides(rdflib_store, d, a, value=v, as_of=AS_OF).to_dict()
            for d, a, v in slice_qs[:5]
        )
        rdflib_walls, _ = ask_all(rdflib_store, slice_qs)
        slice_walls, _ = ask_all(slice_store, slice_qs)
        rd50, s50 = percentile(rdflib_walls, 0.5), percentile(slice_walls, 0.5)
        rdflib_rows = [
            f"| who-decides on one ICB's slice, memory p50 (wall) | {ms(s50)} | rdflib SPARQL "
            f"p50 {rd50 * 1000:.1f} ms | {rd50 / s50:,.0f}× faster (answers identical: "
            f"{identical}) |"
        ]

    env = {"ICSGOV_CACHE_DIR": str(cache)}
    python_wall, python_cpu = run_timed([PYTHON, "-c", "pass"], {}, args.repeat)
    help_wall, help_cpu = run_timed([ICSGOV, "--help"], {}, args.repeat)
    cli = [ICSGOV, "who-decides", decision0, "--at", at0, "--as-of", str(AS_OF)]
    cli += ["--data", str(folder)]
    cold_wall, cold_cpu = run_timed(cli, env, args.repeat)
    rebuild_wall = (
        run_timed(cli, {**env, "ICSGOV_NO_CACHE": "1"}, 1)[0] if args.rebuild else float("nan")
    )

    load_cpu = float(yaml_run["load_cpu"])  # type: ignore[arg-type]
    parse_cpu = float(parse["cpu"])  # type: ignore[arg-type]
    lines += [
        f"{yaml_run['entities']:,} entities, {rights:,} decision rights; compiled graph "
        f"{entry.stat().st_size / 1048576:.0f} MiB.",
        "",
        "| measure | icsgov | baseline (same run) | ratio |",
        "|---|---|---|---|",
        f"| load from YAML, CPU (fresh process) | {load_cpu:.1f} s | `yaml.CSafeLoader` "
        f"alone {parse_cpu:.1f} s | {load_cpu / parse_cpu:.2f}× |",
        f"| load from YAML, wall | {float(yaml_run['load']):.1f} s "  # type: ignore[arg-type]
        f"| CSafeLoader {float(parse['wall']):.1f} s | |",  # type: ignore[arg-type]
        f"| build the compiled graph (load + write, once) | {float(compiled['wall']):.1f} s "  # type: ignore[arg-type]
        "| | |",
        f"| peak memory, YAML load + index | {float(yaml_run['peak_mib']):,.0f} MiB | | |",  # type: ignore[arg-type]
        f"| peak memory, open the compiled graph + one who-decides | "
        f"{max(float(o['peak_mib']) for o in opened):,.0f} MiB | | |",  # type: ignore[arg-type]
        f"| open the compiled graph + one who-decides (in a fresh process, after imports) | "
        f"{median([float(o['wall']) for o in opened]):.2f} s | | |",  # type: ignore[arg-type]
        f"| who-decides, memory, p50 CPU ({len(qs)} questions) | {ms(p50)} | plain-dict walk "
        f"{ms(a50)} | {p50 / a50:.0f}× |",
        f"| walk alone (the resolution who-decides rests on), p50 CPU | {ms(w50)} | plain-dict "
        f"walk {ms(a50)} (same outcomes: {same}) | {w50 / a50:.1f}× |",
        f"| who-decides, memory, p99 CPU | {ms(p99)} | its p50 {ms(p50)} | {p99 / p50:.1f}× |",
        f"| walk alone, p99 CPU | {ms(w99)} | its p50 {ms(w50)} | {w99 / w50:.1f}× |",
        f"| who-decides p99 CPU, lesser of two passes per question | {ms(l99)} | its p50 "
        f"{ms(l50)} | {l99 / l50:.1f}× |",
        f"| one question asked {len(qs)} times, p99 CPU | {ms(s99)} | its p50 {ms(s50)} | "
        f"{s99 / s50:.1f}× (the machine's own spread) |",
        f"| who-decides, memory, p50 / p99 wall | {ms(percentile(walls, 0.5))} / "
        f"{ms(percentile(walls, 0.99))} | plain-dict p50 {ms(percentile(anchor_walls, 0.5))} "
        "| |",
        f"| who-decides, compiled graph (lazy, warm), p50 CPU | "
        f"{ms(percentile(lazy_cpus, 0.5))} | memory {ms(p50)} | "
        f"{percentile(lazy_cpus, 0.5) / p50:.1f}× |",
        *rdflib_rows,
        f"| subsidiarity, all {len(answered)} systems with places on {AS_OF} | {subs:.2f} s | | |",
        f"| matrix, one system (QR1, median of 3) | {matrix * 1000:.0f} ms | | |",
        f"| web at depth 3 (median of 5) | {web * 1000:.2f} ms | | |",
        f"| `icsgov --help` (median of {args.repeat}) | {help_wall:.3f} s wall, {help_cpu:.3f} s "
        f"CPU | `python -c pass` {python_wall:.3f} s wall, {python_cpu:.3f} s CPU | "
        f"{help_wall / python_wall:.1f}× wall, {help_cpu / python_cpu:.1f}× CPU |",
        f"| cold `icsgov who-decides`, compiled national graph (median of {args.repeat}) | "
        f"{cold_wall:.3f} s wall, {cold_cpu:.3f} s CPU | `python -c pass` {python_wall:.3f} s "
        f"wall, {python_cpu:.3f} s CPU | **{cold_wall / python_wall:.1f}× wall, "
        f"{cold_cpu / python_cpu:.1f}× CPU** |",
        f"| … the same command rebuilding from YAML (`ICSGOV_NO_CACHE=1`) | "
        f"{rebuild_wall:.1f} s wall | compiled {cold_wall:.3f} s | "
        f"{rebuild_wall / cold_wall:.0f}× slower |",
        "",
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.25, 1.0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--rdflib-questions", type=int, default=10)
    parser.add_argument("--work", type=Path, default=None, help="folder for caches")
    parser.add_argument(
        "--no-rebuild",
        dest="rebuild",
        action="store_false",
        help="skip timing the CLI rebuilding from YAML (minutes at scale 4)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="keep the synth data here and reuse it"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for scale in args.scales:
            for line in bench_scale(scale, args, Path(tmp)):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
