"""Push throughput: icsgov's batched pusher against a naive one-row-per-transaction loader.

Both write the same data (the bundled example plus the real NHS reference
skeleton) to fresh databases on the same ArcadeDB Bolt server, started here
on 127.0.0.1 (tests/bolt_server.py), in the same run:

* batched: :func:`icsgov.graph.neo4j_io.push`, ``UNWIND $rows ... MERGE`` with
  ``--batch-size`` entities per transaction;
* naive: what a first loader usually looks like: for every entity one
  transaction with one ``MERGE (n:IcsgovEntity:<Class> {id}) SET n = $props``,
  then for every relationship one transaction with one ``MATCH`` of both ends
  and a ``MERGE`` of the relationship. Same labels, properties, relationship
  types and uniqueness constraint (so the ``MATCH`` by id is indexed).

Throughput is rows (nodes + relationships) per second; the script prints the
median of ``--repeat`` timed runs of each, and the ratio of the medians.
The naive loader is slow enough that ``--naive-rows N`` may cap it to the
first N rows (classes in model order, then relationships), which is stated
in the output: its per-row cost does not depend on how many rows there are.

Run: ``.venv/bin/python benchmarks/neo4j_push.py [--repeat 3] [--naive-rows N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from icsgov.graph._bolt import DEFAULT_BATCH_SIZE, open_driver  # noqa: E402
from icsgov.graph.neo4j_io import (  # noqa: E402
    CONSTRAINTS,
    ENTITY_LABEL,
    LABELS,
    _edges,
    node_properties,
    push,
)
from icsgov.ontology.governance import Governance  # noqa: E402
from icsgov.ontology.model import ENTITY_CLASSES  # noqa: E402

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

Row = tuple[str, dict[str, Any]]


def benchmark_data() -> Governance:
    """The bundled example and the reference skeleton, as one description."""
    from icsgov.loaders import load
    from icsgov.loaders.reference import read_reference

    example, reference = load(), read_reference()
    return Governance.from_entities(
        [*example, *reference], [*example.datasets, *reference.datasets]
    )


def naive_rows(gov: Governance) -> list[Row]:
    """One (Cypher, parameters) per entity, then one per relationship: the same data as push."""
    rows: list[Row] = []
    for cls in ENTITY_CLASSES:
        label = cls.__name__
        assert LABELS[label] is cls
        for entity in gov.of_type(cls):
            rows.append(
                (
                    f"MERGE (n:{ENTITY_LABEL}:{label} {{id: $id}}) SET n = $props",
                    {"id": entity.id, "props": node_properties(entity)},
                )
            )
    for cls in ENTITY_CLASSES:
        for entity in gov.of_type(cls):
            for edge in _edges(entity):
                rows.append(
                    (
                        f"MATCH (a:{ENTITY_LABEL} {{id: $start}}) "
                        f"MATCH (b:{ENTITY_LABEL} {{id: $end}}) "
                        f"MERGE (a)-[r:{edge.type} {{owner: $owner}}]->(b) SET r = $props",
                        {
                            "start": edge.start,
                            "end": edge.end,
                            "owner": edge.props["owner"],
                            "props": edge.props,
                        },
                    )
                )
    return rows


def naive_push(driver: Driver, database: str, rows: list[Row]) -> None:
    """Write each row in its own transaction."""
    with driver.session(database=database) as session:
        for statement in CONSTRAINTS:
            session.run(statement).consume()
        for text, params in rows:

            def work(tx: ManagedTransaction, text: str = text, params: Any = params) -> None:
                tx.run(text, params).consume()

            session.execute_write(work)


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument(
        "--naive-rows", type=int, default=0, help="cap the naive loader at N rows (0: all)"
    )
    args = parser.parse_args(argv)

    from tests.bolt_server import ArcadeBolt

    gov = benchmark_data()
    all_naive = naive_rows(gov)
    capped = args.naive_rows and args.naive_rows < len(all_naive)
    naive = all_naive[: args.naive_rows] if capped else all_naive
    total = len(all_naive)  # nodes + relationships: what the batched push writes
    print(
        f"data: {len(gov)} entities, {total - len(gov)} relationships "
        f"(bundled example + reference skeleton)",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as cwd:
        server = ArcadeBolt(Path(root), Path(cwd))
        server.start()
        try:
            batched_s: list[float] = []
            naive_s: list[float] = []
            for run in range(1, args.repeat + 1):
                name = server.create_database(f"batched{run}")
                with open_driver(server.settings(name)) as driver:
                    batched_s.append(
                        timed(lambda d=driver, n=name: push(gov, d, n, batch_size=args.batch_size))
                    )
                name = server.create_database(f"naive{run}")
                with open_driver(server.settings(name)) as driver:
                    naive_s.append(timed(lambda d=driver, n=name: naive_push(d, n, naive)))
                print(
                    f"run {run}: batched {batched_s[-1]:.2f} s for {total} rows, "
                    f"naive {naive_s[-1]:.2f} s for {len(naive)} rows",
                    file=sys.stderr,
                )
        finally:
            server.stop()
    batched_rate = total / statistics.median(batched_s)
    naive_rate = len(naive) / statistics.median(naive_s)
    print(f"neo4j push (ArcadeDB Bolt, {args.repeat} runs, median):")
    print(
        f"  batched  {batched_rate:>10,.0f} rows/s  "
        f"({statistics.median(batched_s):.2f} s, batch size {args.batch_size})"
    )
    scope = f"first {len(naive)} of {total} rows" if capped else f"{total} rows"
    print(f"  naive    {naive_rate:>10,.0f} rows/s  ({statistics.median(naive_s):.2f} s, {scope})")
    print(f"  ratio    {batched_rate / naive_rate:>10.1f}x  batched / naive throughput")
    return 0


if __name__ == "__main__":
    sys.exit(main())
