"""Who decides, in SPARQL: the embedded Oxigraph store against rdflib's in-memory graph.

Both stores hold the same RDF (the bundled example plus the real NHS
reference skeleton, exported by :func:`icsgov.graph.rdf.io.to_rdf`) and both
run the same shipped SPARQL texts (``icsgov/graph/rdf/sparql/*.rq``) through
the same :class:`icsgov.graph.rdf.store.RdfStore`; only the engine differs:

* oxigraph: :meth:`RdfStore.embedded` (pyoxigraph, in memory);
* rdflib: :meth:`RdfStore.over_rdflib` (rdflib's ``Graph`` and its SPARQL engine),
  the baseline a Python RDF user reaches for first.

Each timed run asks every question in ``QUESTIONS`` through
:func:`icsgov.queries.who_decides.who_decides` (resolution, footprint chain,
decision lineage, rights, delegation chains, accountability lines). The
answers of both stores are checked to be identical before timing. The script
prints the median of ``--repeat`` runs of each and the ratio of the medians.

Run: ``.venv/bin/python benchmarks/rdf_who_decides.py [--repeat 5] [--no-reference]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from icsgov.graph.rdf.io import to_rdf  # noqa: E402
from icsgov.graph.rdf.store import RdfStore  # noqa: E402
from icsgov.loaders import load  # noqa: E402
from icsgov.ontology.governance import Governance  # noqa: E402
from icsgov.queries.who_decides import who_decides  # noqa: E402

QUESTIONS: list[tuple[str, str, dt.date]] = [
    ("approve-capital-scheme", "glos", dt.date(2024, 4, 1)),
    ("stroke-pathway-redesign", "glos", dt.date(2019, 1, 1)),
    ("commission-primary-medical", "glos", dt.date(2024, 4, 1)),
    ("commission-pod", "glos", dt.date(2024, 4, 1)),
]
"""(decision, where, as of): who-decides questions over the bundled example."""


def _data(with_reference: bool) -> Governance:
    gov = load()
    if with_reference:
        from icsgov.loaders.reference import read_reference

        gov = read_reference("2024").merged(gov)
    return gov


def _ask(store: RdfStore) -> list[object]:
    return [who_decides(store, d, at, as_of=day).to_dict() for d, at, day in QUESTIONS]


def _median_seconds(store: RdfStore, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        _ask(store)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument(
        "--no-reference", action="store_true", help="only the bundled example (faster)"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    gov = _data(not args.no_reference)
    graph = to_rdf(gov)
    print(
        f"data: {len(gov)} entities, {len(graph)} triples "
        f"(loaded and exported in {time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    start = time.perf_counter()
    oxigraph = RdfStore.embedded()
    oxigraph.load(gov)
    print(f"oxigraph: loaded in {time.perf_counter() - start:.1f} s", flush=True)
    rdflib = RdfStore.over_rdflib(graph)

    if _ask(oxigraph) != _ask(rdflib):
        print("the two stores gave different answers", file=sys.stderr)
        return 1
    print(f"answers identical on {len(QUESTIONS)} questions", flush=True)

    ox = _median_seconds(oxigraph, args.repeat)
    rd = _median_seconds(rdflib, args.repeat)
    per = len(QUESTIONS)
    print(f"{'store':<10} {'median run':>12} {'per question':>14}")
    print(f"{'oxigraph':<10} {ox * 1000:>10.1f} ms {ox / per * 1000:>11.2f} ms")
    print(f"{'rdflib':<10} {rd * 1000:>10.1f} ms {rd / per * 1000:>11.2f} ms")
    print(f"ratio: rdflib / oxigraph = {rd / ox:.1f}x (medians of {args.repeat} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
