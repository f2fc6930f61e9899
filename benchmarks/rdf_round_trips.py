"""Who decides on embedded Oxigraph against the memory store: time and SPARQL round trips.

Both stores hold the same data (the bundled example plus the real NHS
reference skeleton) and answer the same questions (``rdf_who_decides.QUESTIONS``)
through :func:`icsgov.queries.who_decides.who_decides`; the answers are checked
identical first. Measured in CPU time (Oxigraph runs in the process), medians
of ``--repeat`` runs:

* **repeated**: every question asked again on the same ``RdfStore`` (what
  ``serve`` or a script holding the store sees: entities and the name index
  already read);
* **fresh**: every question on a new ``RdfStore`` over the same loaded
  Oxigraph (what one ``icsgov --store rdf who-decides`` process sees: nothing
  read yet);
* **round trips**: SPARQL queries sent per question, in each case (the fresh
  store on the first question only: a location asked with a date reads the
  whole graph back once, see RESULTS.md).

The baseline is the memory store on the same questions (target: embedded
Oxigraph ≤ 20× the memory store).
Run: ``.venv/bin/python benchmarks/rdf_round_trips.py [--repeat 5] [--no-reference]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdf_who_decides import QUESTIONS, _data

from icsgov.graph.memory import MemoryStore
from icsgov.graph.rdf.store import RdfStore
from icsgov.graph.store import GraphStore
from icsgov.queries.who_decides import who_decides


def _ask(store: Callable[[], GraphStore]) -> list[object]:
    return [who_decides(store(), d, at, as_of=day).to_dict() for d, at, day in QUESTIONS]


def _cpu(store: Callable[[], GraphStore], repeat: int) -> float:
    """Median CPU seconds of one question (a run asks every question once)."""
    runs = []
    for _ in range(repeat):
        began = time.process_time()
        _ask(store)
        runs.append(time.process_time() - began)
    return statistics.median(runs) / len(QUESTIONS)


def _round_trips(oxigraph: RdfStore, ask: Callable[[], object]) -> tuple[int, float]:
    """(SPARQL queries sent, CPU seconds) while ``ask`` runs."""
    engine = oxigraph._engine
    select = engine.select
    sent = 0

    def counted(query: str) -> object:
        nonlocal sent
        sent += 1
        return select(query)

    engine.select = counted  # type: ignore[method-assign]
    began = time.process_time()
    try:
        ask()
    finally:
        engine.select = select  # type: ignore[method-assign]
    return sent, time.process_time() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument(
        "--no-reference", action="store_true", help="only the bundled example (faster)"
    )
    args = parser.parse_args()
    gov = _data(not args.no_reference)
    oxigraph = RdfStore.embedded().load(gov)
    memory = MemoryStore(gov)

    def fresh() -> GraphStore:
        return RdfStore(oxigraph._engine, "embedded Oxigraph (fresh)")

    if _ask(lambda: oxigraph) != _ask(lambda: memory):
        print("embedded Oxigraph and the memory store gave different answers", file=sys.stderr)
        return 1
    base = _cpu(lambda: memory, args.repeat * 20)
    repeated = _cpu(lambda: oxigraph, args.repeat)
    trips, _ = _round_trips(oxigraph, lambda: _ask(lambda: oxigraph))
    decision, at, day = QUESTIONS[0]
    first_trips, first = _round_trips(
        oxigraph, lambda: who_decides(fresh(), decision, at, as_of=day)
    )
    print(f"### Embedded Oxigraph who-decides against the memory store ({len(gov):,} entities)")
    print()
    print(
        f"{len(QUESTIONS)} questions, answers identical on both stores; CPU per question, "
        f"medians of {args.repeat} runs (memory: {args.repeat * 20}); the fresh store is "
        "one question, once."
    )
    print()
    print("| store | CPU a question | SPARQL round trips a question | ratio to memory |")
    print("|---|---|---|---|")
    print(f"| memory (baseline) | {base * 1e3:.3f} ms | | |")
    print(
        f"| embedded Oxigraph, repeated questions | {repeated * 1e3:.2f} ms | "
        f"{trips / len(QUESTIONS):.1f} | {repeated / base:.0f}× (target ≤ 20×) |"
    )
    print(
        f"| embedded Oxigraph, a fresh store (one process, one question) | {first * 1e3:.0f} ms "
        f"| {first_trips} | {first / base:.0f}× |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
