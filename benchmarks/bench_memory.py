"""The memory store and the CLI on synthetic national data, each figure beside its baseline.

For each ``--scales`` value: generate the data set (``icsgov synth``), then
measure in the same run on the same machine:

* load from YAML (the normal loader, cache bypassed), in a fresh process, with
  its peak memory (``ru_maxrss``);
* load from the on-disk cache in a fresh process (median of ``--repeat``),
  and the ratio YAML / cache;
* who-decides on the memory store: p50 and p99 over ``--questions`` random
  questions (decision, place or neighbourhood, value, date);
* the baseline for who-decides: the same questions as SPARQL on rdflib's
  in-memory graph (``RdfStore.over_rdflib``), on one ICB's slice of the data
  (rdflib cannot hold all of England in reasonable time; a smaller graph only
  flatters rdflib, so the ratio is conservative);
* subsidiarity over all systems, the matrix of one system, the web at depth 3;
* CLI wall time: ``icsgov --help`` (beside ``python -c pass``), and a cold
  ``icsgov who-decides`` on the national graph from the cache (beside the same
  command rebuilding the graph from YAML).

Prints a Markdown section per scale; ``run.py`` collects them into RESULTS.md.
Run: ``.venv/bin/python benchmarks/bench_memory.py --scales 0.25 1``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import ICSGOV, PYTHON, ROOT, median, percentile, timed, wall

AS_OF = dt.date(2024, 6, 1)

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, folder, cache = sys.argv[1], sys.argv[2], sys.argv[3]
began = time.perf_counter()
if mode == "yaml":
    from icsgov.loaders.governance_yaml import read_yaml
    gov = read_yaml([Path(folder)])
else:
    from icsgov.cache import cached_read
    from icsgov.loaders.governance_yaml import read_yaml
    gov = cached_read([Path(folder)], read_yaml, directory=Path(cache))
loaded = time.perf_counter() - began
began = time.perf_counter()
from icsgov.graph.memory import MemoryStore
store = MemoryStore(gov)
indexed = time.perf_counter() - began
print(json.dumps({"load": loaded, "index": indexed, "entities": len(gov),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(mode: str, folder: Path, cache: Path) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, "-c", _CHILD, mode, str(folder), str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout)  # type: ignore[no-any-return]


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


def ask_all(store: object, qs: list[tuple[str, str, float | None]]) -> list[float]:
    from icsgov.queries.who_decides import who_decides

    times = []
    for decision, at, value in qs:
        began = time.perf_counter()
        who_decides(store, decision, at, value=value, as_of=AS_OF)  # type: ignore[arg-type]
        times.append(time.perf_counter() - began)
    return times


def bench_scale(scale: float, args: argparse.Namespace, work: Path) -> list[str]:
    from icsgov.graph.memory import MemoryStore
    from icsgov.loaders.governance_yaml import read_yaml
    from icsgov.synth import synthesise, write_synth

    lines = [f"### Scale {scale:g}", ""]
    folder = work / f"scale-{scale:g}"
    cache = work / f"cache-{scale:g}"
    began = time.perf_counter()
    result = write_synth(scale, args.seed, folder)
    print(
        f"scale {scale:g}: synth wrote {sum(result.counts.values()):,} records "
        f"in {time.perf_counter() - began:.0f} s",
        file=sys.stderr,
        flush=True,
    )

    yaml_run = child("yaml", folder, cache)
    child("cache", folder, cache)  # fill the cache
    cache_runs = [child("cache", folder, cache) for _ in range(args.repeat)]
    cache_load = median([r["load"] for r in cache_runs])
    cache_peak = median([r["peak_mib"] for r in cache_runs])
    print(
        f"scale {scale:g}: yaml {yaml_run['load']:.1f} s, cache {cache_load:.2f} s",
        file=sys.stderr,
        flush=True,
    )

    gov = read_yaml([folder]) if False else None
    from icsgov.cache import cached_read

    gov = cached_read([folder], read_yaml, directory=cache)
    store = MemoryStore(gov)
    rights = gov.counts()["decision right"]
    qs = questions(store, args.questions, args.seed)
    ask_all(store, qs[:50])  # warm up
    mem_times = ask_all(store, qs)
    p50, p99 = percentile(mem_times, 0.5), percentile(mem_times, 0.99)

    # subsidiarity over all systems, matrix of one, web at depth 3
    from icsgov.ontology.model import Footprint, Level
    from icsgov.queries.matrix import decision_matrix
    from icsgov.queries.subsidiarity import subsidiarity_report
    from icsgov.queries.web import accountability_web

    systems = [
        f.id for f in store.entities(Footprint) if f.level is Level.SYSTEM and f.valid_to is None
    ]
    subs = timed(lambda: [subsidiarity_report(store, s, as_of=AS_OF) for s in systems])
    matrix = median(
        [timed(lambda: decision_matrix(store, "fp:ods:QR1", as_of=AS_OF)) for _ in range(3)]
    )
    web = median(
        [
            timed(
                lambda: accountability_web(
                    store,
                    "syn:QR1:post:place-92G-director"
                    if "syn:QR1:post:place-92G-director" in gov
                    else "syn:QR1:committee:resources",
                    depth=3,
                    as_of=AS_OF,
                )
            )
            for _ in range(5)
        ]
    )

    # baseline: the same kind of questions as SPARQL on rdflib, over one ICB's slice
    from icsgov.graph.rdf.io import to_rdf
    from icsgov.graph.rdf.store import RdfStore
    from icsgov.loaders.reference import read_reference
    from icsgov.ontology.governance import Governance
    from icsgov.synth.closure import referenced_closure

    reference = read_reference()
    one_icb = synthesise(scale, args.seed, reference, ["QR1"])
    slice_gov = Governance.from_entities([*referenced_closure(one_icb, reference), *one_icb])
    slice_store = MemoryStore(slice_gov)
    rdflib_store = RdfStore.over_rdflib(to_rdf(slice_gov))
    slice_qs = questions(slice_store, args.rdflib_questions, args.seed + 1, {"fp:ods:QR1"})
    from icsgov.queries.who_decides import who_decides

    same = all(
        who_decides(slice_store, d, a, value=v, as_of=AS_OF).to_dict()
        == who_decides(rdflib_store, d, a, value=v, as_of=AS_OF).to_dict()
        for d, a, v in slice_qs[:5]
    )
    rdflib_times = ask_all(rdflib_store, slice_qs)
    slice_mem = ask_all(slice_store, slice_qs)
    rd50 = percentile(rdflib_times, 0.5)

    # CLI wall times
    env = {"ICSGOV_CACHE_DIR": str(cache)}
    decision, at, _value = qs[0]
    help_t = median(wall([ICSGOV, "--help"], repeat=args.repeat))
    python_t = median(wall([PYTHON, "-c", "pass"], repeat=args.repeat))
    cli = [
        ICSGOV,
        "who-decides",
        decision,
        "--at",
        at,
        "--as-of",
        str(AS_OF),
        "--data",
        str(folder),
    ]
    wall(cli, env, repeat=1)  # the cache holds these exact bytes
    cold = median(wall(cli, env, repeat=args.repeat))
    rebuild = median(wall(cli, {**env, "ICSGOV_NO_CACHE": "1"}, repeat=1))

    lines += [
        f"{yaml_run['entities']:,} entities, {rights:,} decision rights.",
        "",
        "| measure | icsgov | baseline (same run) | ratio |",
        "|---|---|---|---|",
        f"| load from YAML (fresh process) | {yaml_run['load']:.1f} s | | |",
        f"| load from cache (fresh process, median of {args.repeat}) | {cache_load:.2f} s "
        f"| YAML {yaml_run['load']:.1f} s | {yaml_run['load'] / cache_load:.0f}× faster |",
        f"| index into MemoryStore | {median([r['index'] for r in cache_runs]):.2f} s | | |",
        f"| peak memory, YAML load + index | {yaml_run['peak_mib']:.0f} MiB | | |",
        f"| peak memory, cache load + index | {cache_peak:.0f} MiB | | |",
        f"| who-decides, memory, p50 ({len(qs)} questions) | {p50 * 1000:.3f} ms "
        f"| rdflib SPARQL p50 {rd50 * 1000:.1f} ms (one ICB) | {rd50 / p50:.0f}× faster |",
        f"| who-decides, memory, p99 | {p99 * 1000:.3f} ms | rdflib p99 "
        f"{percentile(rdflib_times, 0.99) * 1000:.1f} ms | |",
        f"| who-decides, memory on the same one-ICB slice, p50 | "
        f"{percentile(slice_mem, 0.5) * 1000:.3f} ms | rdflib {rd50 * 1000:.1f} ms | "
        f"{rd50 / percentile(slice_mem, 0.5):.0f}× faster (answers identical: {same}) |",
        f"| subsidiarity, all {len(systems)} systems | {subs:.2f} s | | |",
        f"| matrix, one system (QR1, median of 3) | {matrix * 1000:.0f} ms | | |",
        f"| web at depth 3 (median of 5) | {web * 1000:.2f} ms | | |",
        f"| `icsgov --help` wall (median of {args.repeat}) | {help_t:.2f} s "
        f"| `python -c pass` {python_t:.2f} s | {help_t / python_t:.1f}× python's start |",
        f"| cold `icsgov who-decides`, cached national graph (median of {args.repeat}) "
        f"| {cold:.2f} s | rebuilt from YAML {rebuild:.1f} s | {rebuild / cold:.0f}× faster |",
        "",
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.25, 1.0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--rdflib-questions", type=int, default=10)
    parser.add_argument("--work", type=Path, default=None, help="folder for data and caches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for scale in args.scales:
            for line in bench_scale(scale, args, Path(tmp)):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
