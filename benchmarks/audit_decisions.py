"""The decision audit at national scale: 100,000 logged decisions on the synthetic graph.

The graph is the real NHS reference skeleton plus ``icsgov synth`` at
``--scale`` (default 1: every ICB). The log is generated from the graph
itself, so that it looks like real minutes: most decisions are taken by a
holder of a ``decides`` right for its decision type, at its footprint or a
footprint inside it, for a value in or just outside its band, on a date
between July 2022 and March 2026; a quarter are taken by another body of the
same system (not entitled, or entitled by delegation); some name members
present and a counterparty.

Measured, in one run:

* the audit of the whole log (:func:`icsgov.queries.audit.audit`);
* the baseline: one ``who_decides`` per decision (the question an auditor
  would otherwise ask by hand for each minute), timed on a sample of
  ``--sample`` decisions of the same log and scaled to the whole log.

It prints both and the ratio (audit time / who-decides time for the same
decisions). Run: ``.venv/bin/python benchmarks/audit_decisions.py [--scale 1]
[--decisions 100000] [--sample 2000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from icsgov.graph.memory import MemoryStore  # noqa: E402
from icsgov.ontology.model import (  # noqa: E402
    Body,
    DecisionRight,
    Footprint,
    LoggedDecision,
    Role,
)

FIRST = dt.date(2022, 7, 1)
DAYS = (dt.date(2026, 3, 31) - FIRST).days


def build(scale: float, seed: int) -> MemoryStore:
    from icsgov.loaders.reference import read_reference
    from icsgov.synth import synthesise

    reference = read_reference()
    return MemoryStore(reference.merged(synthesise(scale, seed, reference)))


def make_log(store: MemoryStore, count: int, seed: int) -> list[LoggedDecision]:
    rng = random.Random(seed)
    rights = [r for r in store.entities(DecisionRight) if r.role is Role.DECIDES]
    bodies = store.entities(Body)
    by_footprint: dict[str, list[Body]] = {}
    for body in bodies:
        if body.footprint:
            by_footprint.setdefault(body.footprint, []).append(body)
    children: dict[str, list[str]] = {}
    for f in store.entities(Footprint):
        if f.part_of:
            children.setdefault(f.part_of, []).append(f.id)
    log = []
    for i in range(count):
        right = rng.choice(rights)
        place = right.footprint
        if children.get(place) and rng.random() < 0.5:
            place = rng.choice(children[place])
        taker = right.holder
        if rng.random() < 0.25:
            taker = rng.choice(by_footprint.get(right.footprint) or bodies).id
        low = right.value_min or 0.0
        high = right.value_max if right.value_max is not None else low + 20_000_000
        value = round(rng.uniform(low, high * (1.2 if rng.random() < 0.1 else 1.0)), 2)
        log.append(
            LoggedDecision(
                id=f"log-{i}",
                date=FIRST + dt.timedelta(days=rng.randrange(DAYS)),
                taken_by=taker,
                decision=right.decision,
                place=place,
                value=value if rng.random() < 0.8 else None,
            )
        )
    return log


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    from icsgov.queries.audit import audit
    from icsgov.queries.who_decides import who_decides

    began = time.perf_counter()
    store = build(args.scale, args.seed)
    log = make_log(store, args.decisions, args.seed)
    print(
        f"graph: synth scale {args.scale:g} on the reference skeleton "
        f"({len(store.governance):,} records), built with a log of {len(log):,} decisions "
        f"in {time.perf_counter() - began:.1f} s"
    )
    began, cpu = time.perf_counter(), time.process_time()
    report = audit(store, log)
    audit_seconds = time.perf_counter() - began
    audit_cpu = time.process_time() - cpu
    verdicts = Counter(j.verdict for j in report.decisions)
    rules = Counter(f.rule for f in report.findings)
    print(
        f"audit: {len(log):,} decisions in {audit_seconds:.2f} s, CPU {audit_cpu:.2f} s "
        f"({audit_seconds / len(log) * 1e6:.0f} us each); verdicts {dict(verdicts)}; "
        f"findings {dict(sorted(rules.items()))}"
    )
    sample = random.Random(args.seed).sample(log, min(args.sample, len(log)))
    began, cpu = time.perf_counter(), time.process_time()
    for d in sample:
        who_decides(store, d.decision, d.place or "", d.value, d.date)
    per_question = (time.perf_counter() - began) / len(sample)
    baseline = per_question * len(log)
    baseline_cpu = (time.process_time() - cpu) / len(sample) * len(log)
    print(
        f"baseline: one who-decides per decision, {per_question * 1e6:.0f} us each "
        f"(sample of {len(sample):,}), {baseline:.2f} s for the whole log, CPU {baseline_cpu:.2f} s"
    )
    print(
        f"ratio audit / who-decides per decision: {audit_seconds / baseline:.2f} "
        f"(CPU {audit_cpu / baseline_cpu:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
