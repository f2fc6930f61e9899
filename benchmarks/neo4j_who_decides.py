"""Who decides through the Neo4j store (a real Neo4j 5.26) as a ratio to the memory store.

The bundled example is pushed to a Neo4j 5.26 Community server started here
on 127.0.0.1 (tests/neo4j_server.py) and asked the questions of
``rdf_who_decides.QUESTIONS`` through :class:`icsgov.graph.neo4j.store.Neo4jStore`,
the store ``--store bolt://...`` opens; the memory store answers the same
questions over the same description. Answers are checked to be identical
first (and a warm-up run lets Neo4j plan its queries). Each question is
timed on its own; the script prints the p50 per question of each store over
``--repeat`` rounds and their ratio.

Run: ``.venv/bin/python benchmarks/neo4j_who_decides.py [--repeat 20]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.rdf_who_decides import QUESTIONS  # noqa: E402
from icsgov.graph.memory import MemoryStore  # noqa: E402
from icsgov.graph.neo4j.bolt import open_driver  # noqa: E402
from icsgov.graph.neo4j.io import push  # noqa: E402
from icsgov.graph.neo4j.store import Neo4jStore  # noqa: E402
from icsgov.graph.store import GraphStore  # noqa: E402
from icsgov.loaders import load  # noqa: E402
from icsgov.queries.who_decides import who_decides  # noqa: E402


def _answers(store: GraphStore) -> list[object]:
    return [who_decides(store, d, at, as_of=day).to_dict() for d, at, day in QUESTIONS]


def _p50(store: GraphStore, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for decision, at, day in QUESTIONS:
            began = time.perf_counter()
            who_decides(store, decision, at, as_of=day)
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=20, help="rounds of all questions")
    args = parser.parse_args()

    from tests.neo4j_server import Neo4jServer

    gov = load()
    memory = MemoryStore(gov)
    with tempfile.TemporaryDirectory() as home:
        server = Neo4jServer(Path(home))
        server.start()
        try:
            settings = server.settings()
            with open_driver(settings) as driver:
                push(gov, driver, settings.database)
                neo4j = Neo4jStore.from_driver(driver, settings.database)
                if _answers(neo4j) != _answers(memory):
                    print("the two stores gave different answers", file=sys.stderr)
                    return 1
                mem = _p50(memory, args.repeat)
                neo = _p50(neo4j, args.repeat)
        finally:
            server.kill()
    n = args.repeat * len(QUESTIONS)
    print(f"who-decides p50 per question ({n} questions each, bundled example):")
    print(f"  memory  {mem * 1000:>9.2f} ms")
    print(f"  neo4j   {neo * 1000:>9.2f} ms  (Neo4j 5.26 Community over Bolt on 127.0.0.1)")
    print(f"  ratio   {neo / mem:>9.1f}x  neo4j / memory")
    return 0


if __name__ == "__main__":
    sys.exit(main())
