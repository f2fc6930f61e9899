"""What a governance description holds: counts, levels, dates covered, sources, datasets.

>>> from icsgov.loaders import load
>>> summary = summarise(load())
>>> summary.counts["organisation"] > 0
True
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from icsgov.ontology.governance import Governance
from icsgov.ontology.model import Footprint, Level, Source
from icsgov.queries.coverage import coverage

__all__ = ["SourceUse", "Summary", "summarise"]


@dataclass(frozen=True)
class SourceUse:
    """A source and how many facts cite it."""

    id: str
    title: str
    publisher: str | None
    date: dt.date | None
    cited_by: int


@dataclass(frozen=True)
class Summary:
    """The answer of ``icsgov info``."""

    counts: dict[str, int]
    footprints_by_level: dict[str, int]
    earliest: dt.date | None
    latest: dt.date | None
    change_dates: list[dt.date]
    illustrative: int
    sources: list[SourceUse]
    datasets: list[dict[str, Any]] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def summarise(gov: Governance) -> Summary:
    """Count what ``gov`` holds and say which dates and sources it covers."""
    levels = Counter(f.level for f in gov.of_type(Footprint))
    cited = Counter(c.source for e in gov for c in e.sources)
    starts = [e.valid_from for e in gov if e.valid_from]
    ends = [e.valid_to for e in gov if e.valid_to]
    dated = sorted({*starts, *ends})
    return Summary(
        counts=gov.counts(),
        footprints_by_level={level.value: levels.get(level, 0) for level in Level},
        # the first and last dates any record states (a start or an end), always in order
        earliest=dated[0] if dated else None,
        latest=dated[-1] if dated else None,
        change_dates=dated,
        illustrative=sum(1 for e in gov if e.illustrative),
        sources=[
            SourceUse(s.id, s.title, s.publisher, s.date, cited.get(s.id, 0))
            for s in gov.of_type(Source)
        ],
        datasets=[asdict(d) for d in gov.datasets],
        coverage=coverage(gov).to_dict(),
    )
