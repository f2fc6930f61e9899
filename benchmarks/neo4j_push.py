"""Push throughput: icsgov's batched pusher against a naive one-row-per-transaction loader.

Both write the same data (the bundled example plus the real NHS reference
skeleton) to an empty database on the same server, started here on
127.0.0.1, in the same run: a real Neo4j 5.26 Community
(``--server neo4j``, the default; tests/neo4j_server.py) or ArcadeDB's Bolt
plugin (``--server arcadedb``; tests/bolt_server.py). Neo4j has one
database, emptied before each push:

* batched: :func:`icsgov.graph.neo4j.io.push`, ``UNWIND $rows ... MERGE`` with
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

Run: ``.venv/bin/python benchmarks/neo4j_push.py [--server neo4j|arcadedb] [--repeat 3]
[--naive-rows N]``.
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

from icsgov.graph.neo4j.bolt import DEFAULT_BATCH_SIZE, BoltSettings, open_driver  # noqa: E402
from icsgov.graph.neo4j.io import (  # noqa: E402
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


def _server(kind: str, root: Path, cwd: Path) -> Callable[[str], BoltSettings]:
    """Start the server; return a function giving settings for an empty database ('' stops)."""
    if kind == "arcadedb":
        from tests.bolt_server import ArcadeBolt

        arcade = ArcadeBolt(root, cwd)
        arcade.start()

        def fresh_arcade(name: str) -> BoltSettings:
            if not name:
                arcade.stop()
                return arcade.settings("")
            return arcade.settings(arcade.create_database(name))

        return fresh_arcade
    from tests.neo4j_server import Neo4jServer

    neo4j = Neo4jServer(root)
    neo4j.start()

    def fresh_neo4j(name: str) -> BoltSettings:
        settings = neo4j.settings()
        if not name:
            neo4j.kill()
            return settings
        with open_driver(settings) as driver, driver.session(database=settings.database) as s:
            s.run(  # auto-commit: CALL ... IN TRANSACTIONS needs it
                "MATCH (n) WHERE n:IcsgovEntity OR n:IcsgovDataset "
                "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
            ).consume()
        return settings

    return fresh_neo4j


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
    parser.add_argument("--server", choices=("neo4j", "arcadedb"), default="neo4j")
    args = parser.parse_args(argv)

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
    batched_s: list[float] = []
    naive_s: list[float] = []
    with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as cwd:
        fresh = _server(args.server, Path(root), Path(cwd))
        try:
            for run in range(1, args.repeat + 1):
                settings = fresh(f"batched{run}")
                with open_driver(settings) as driver:
                    batched_s.append(
                        timed(
                            lambda d=driver, n=settings.database: push(
                                gov, d, n, batch_size=args.batch_size
                            )
                        )
                    )
                settings = fresh(f"naive{run}")
                with open_driver(settings) as driver:
                    naive_s.append(
                        timed(lambda d=driver, n=settings.database or "": naive_push(d, n, naive))
                    )
                print(
                    f"run {run}: batched {batched_s[-1]:.2f} s for {total} rows, "
                    f"naive {naive_s[-1]:.2f} s for {len(naive)} rows",
                    file=sys.stderr,
                )
        finally:
            fresh("")  # stops the server
    batched_rate = total / statistics.median(batched_s)
    naive_rate = len(naive) / statistics.median(naive_s)
    where = "Neo4j 5.26 Community" if args.server == "neo4j" else "ArcadeDB Bolt"
    print(f"neo4j push ({where}, {args.repeat} runs, median):")
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
