"""ICB clusters (2025) and the announced national transition, from sourced research.

A cluster is *one post held in several ICBs at once*: the shared chair and
the shared chief executive are each a Post whose ``post_in`` names every ICB
of the cluster, and the chief executive answers to each ICB (a statutory
line per ICB). The ICBs stay separate legal bodies; the cluster is recorded
as a ``clustering`` ChangeEvent that neither ends nor starts an ICB, never
as a merger. Who holds the posts is not in the sources, so no person is named.

The announced changes (``planned_changes.csv``) are ChangeEvents with status
``announced``: they move nothing, and answers show them only when asked
(``--include-planned``), labelled as announced.

>>> from icsgov.loaders.reference_collect import Collector
>>> from icsgov.loaders.reference_nhs import build_spine
>>> col = Collector()
>>> build_spine(col, ["2024", "2026"])
>>> build_clusters(col)
>>> col.entities["post:cluster:QR1-QUY:chief_executive"].post_in
['ods:QR1', 'ods:QUY']
"""

from __future__ import annotations

import datetime as dt

from icsgov.loaders.reference_collect import Collector
from icsgov.loaders.reference_files import cite, iter_rows
from icsgov.ontology.model import (
    AccountabilityKind,
    AccountabilityLine,
    ChangeEvent,
    ChangeKind,
    ChangeStatus,
    Post,
    PostKind,
)

__all__ = ["CLUSTERS_KNOWN_FROM", "build_clusters", "build_planned"]

CLUSTERS_KNOWN_FROM = dt.date(2025, 10, 6)
"""The clusters are dated from the source confirming them (NHS Confed, updated 6 Oct 2025);
the day each shared post began is not in the sources."""

_NOT_DATED = (
    "In place by 6 October 2025 (NHS Confed, 'ICB clusters and mergers'); the day the shared "
    "post began is not in the sources, nor who holds it."
)


def build_clusters(col: Collector) -> None:
    """Shared chair and chief executive posts, lines to each ICB, and a clustering event."""
    key, file = "nhsconfed-icb-clusters-2025", "icb_clusters_2025.csv"
    for row_no, row in iter_rows(file):
        icbs = [f"ods:{c}" for c in row["icb_ods"].split()]
        tag = "-".join(row["icb_ods"].split())
        citation = cite(key, file, row_no)
        for kind, title in (
            (PostKind.CHAIR, "Chair"),
            (PostKind.CHIEF_EXECUTIVE, "Chief executive"),
        ):
            col.add(
                Post(
                    id=f"post:cluster:{tag}:{kind.value}",
                    name=f"{title}, {row['cluster']} ICB cluster",
                    kind=kind,
                    post_in=icbs,
                    valid_from=CLUSTERS_KNOWN_FROM,
                    sources=[citation],
                    description=f"One post held in {len(icbs)} ICBs at once. {_NOT_DATED}",
                )
            )
        chief = f"post:cluster:{tag}:chief_executive"
        for icb in icbs:
            col.add(
                AccountabilityLine(
                    id=f"line:cluster:{tag}:{icb}",
                    actor=chief,
                    answers_to=icb,
                    kind=AccountabilityKind.STATUTORY,
                    basis="Chief executive of each ICB of the cluster (Health and Care Act 2022, "
                    "Schedule 1B: every ICB has a chief executive on its board)",
                    valid_from=CLUSTERS_KNOWN_FROM,
                    sources=[citation],
                )
            )
        col.add(
            ChangeEvent(
                id=f"chg:cluster:{tag}",
                name=f"{row['cluster']}: ICBs clustered (shared chair and chief executive; "
                "still separate ICBs)",
                kind=ChangeKind.CLUSTERING,
                date=CLUSTERS_KNOWN_FROM,
                original=icbs,
                resulting=icbs,
                sources=[citation],
                description=_NOT_DATED,
            )
        )


def build_planned(col: Collector) -> None:
    """The announced changes of the national transition (status ``announced``)."""
    key, file = "dhsc-health-bill-2026", "planned_changes.csv"
    for row_no, row in iter_rows(file):
        original = [i for i in row["original"].split() if i in col]
        col.add(
            ChangeEvent(
                id=row["id"],
                name=row["name"],
                kind=ChangeKind(row["kind"]),
                status=ChangeStatus(row["status"]),
                date=dt.date.fromisoformat(row["date"]),
                original=original,
                sources=[cite(key, file, row_no)],
                description=row["description"],
            )
        )
