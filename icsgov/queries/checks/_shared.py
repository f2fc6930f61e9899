"""What several rules read, read once a run: rights by decision type, the walk's resolver.

Before these, rules asked the store for every decision type's rights at every
footprint of England, once per delegation or per pair of rights; at national
scale that took minutes. Each index here is built in one pass over the
store's records and kept in the :class:`CheckContext` for the rest of the run,
giving exactly what the per-question calls gave (the same rights, in id order).

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> ctx = CheckContext(MemoryStore(load(["tests/golden/core.yaml"])))
>>> [r.id for r in rights_by_decision(ctx)["approve-gp-merger"]]
['r-pc-gp-merger']
"""

from __future__ import annotations

from collections import defaultdict

from icsgov.ontology.model import DecisionRight, Footprint
from icsgov.queries.checks._registry import CheckContext
from icsgov.queries.walk import Resolver, in_force

__all__ = ["resolver", "rights_by_decision"]


def resolver(ctx: CheckContext) -> Resolver:
    """The walk's resolver for the run's store and date (one per run, shared by rules)."""
    return ctx.shared("resolver", lambda c: Resolver(c.store, c.as_of))


def rights_by_decision(ctx: CheckContext) -> dict[str, list[DecisionRight]]:
    """Rights in force on the run's date, by decision type, each list in id order.

    For each type, what :func:`~icsgov.queries.walk.rights_in_force` gives
    for every footprint of the data.
    """
    return ctx.shared("rights in force", _by_decision)


def _by_decision(ctx: CheckContext) -> dict[str, list[DecisionRight]]:
    store = ctx.store
    footprints = {f.id for f in store.entities(Footprint)}
    found: defaultdict[str, list[DecisionRight]] = defaultdict(list)
    for right in store.entities(DecisionRight):  # in id order
        if right.footprint not in footprints:
            continue
        if not (right.valid_at(ctx.as_of) and in_force(store, right, ctx.as_of)):
            continue
        found[right.decision].append(right)
    return dict(found)
