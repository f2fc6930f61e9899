"""The dates the loaded data describes, and the caveat for a question outside them.

Every answer carries these dates (``coverage`` in JSON), and an answer about
a date the data does not describe says so in plain words, naming the last
date the data describes. The default date of every command is today (see
:func:`default_as_of`); the caveat, not a silently moved date, is how a
question beyond the data is answered.

How a data source declares the dates it covers
----------------------------------------------
Each loaded source is a :class:`~icsgov.ontology.governance.Dataset` on
``Governance.datasets``. A source declares its period with
``describes_from`` / ``describes_to`` (both inclusive, either may be open):

* a governance YAML file, with a ``dataset:`` mapping at its top
  (``dataset: {name: ..., vintage: ..., describes_from: 2022-07-01,
  describes_to: 2026-03-31}``);
* a reference-data loader, on the ``Dataset`` it adds
  (``icsgov.loaders.reference_files`` sets it from each file's vintage).
  A new vintage (say April 2026) only has to give its ``Dataset`` the right
  ``describes_to``: :func:`coverage` picks it up, nothing else changes.

The data as a whole describes the dates *every* declaring source describes:
from the latest ``describes_from`` to the earliest ``describes_to``, once
each source's period is stretched along the vintages that continue it (a
source ending the day before another begins, as the 42-ICB reference files
end on 2026-03-31 and the April 2026 vintage begins on 2026-04-01). When no
source declares an end, the last date is derived from the sources the facts
rest on: the latest publication ``date`` of a ``Source`` (a description cannot
know of changes after its newest source), marked ``derived``. With neither,
the dates are unknown (``None``) and no caveat is given.

>>> from icsgov.ontology.governance import Dataset, Governance
>>> gov = Governance.from_entities([], [Dataset("ref", "2024-04", None,
...     dt.date(2022, 7, 1), dt.date(2026, 3, 31))])
>>> cover = coverage(gov)
>>> cover.last, cover.covers(dt.date(2026, 4, 1))
(datetime.date(2026, 3, 31), False)
>>> print(cover.caveat(dt.date(2026, 12, 2)))  # doctest: +NORMALIZE_WHITESPACE
The data describes 2022-07-01 to 2026-03-31 (ref); 2026-12-02 is after the last date
it describes (2026-03-31), so the answer may be out of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from icsgov.graph.memo import remembered
from icsgov.ontology.governance import Governance
from icsgov.ontology.model import Source

__all__ = [
    "Coverage",
    "cached_coverage",
    "coverage",
    "default_as_of",
    "store_coverage",
    "with_coverage",
]


@dataclass(frozen=True)
class Coverage:
    """The first and last dates the data describes (``None``: open) and where they come from."""

    first: dt.date | None
    last: dt.date | None
    declared_by: tuple[str, ...] = ()
    derived: bool = False

    def covers(self, day: dt.date | None) -> bool:
        """True when ``day`` lies inside the dates described (``None``: any date, so yes)."""
        if day is None:
            return True
        if self.first is not None and day < self.first:
            return False
        return not (self.last is not None and day > self.last)

    def describes(self) -> str:
        """The period in words: "2022-07-01 to 2026-03-31 (ons-2024)"."""
        span = f"{self.first or '...'} to {self.last or '...'}"
        if self.derived:
            return f"up to {self.last} (the date of its newest source)"
        if not self.declared_by:
            return span
        named = self.declared_by
        said = ", ".join(named) if len(named) <= 2 else f"{len(named)} datasets"
        return f"{span} ({said})"

    def caveat(self, day: dt.date | None) -> str | None:
        """A plain sentence when ``day`` is outside the dates described, else ``None``."""
        if self.covers(day) or day is None:
            return None
        if self.last is not None and day > self.last:
            return (
                f"The data describes {self.describes()}; {day} is after the last date it "
                f"describes ({self.last}), so the answer may be out of date."
            )
        return (
            f"The data describes {self.describes()}; {day} is before the first date it "
            f"describes ({self.first}), so the answer may be incomplete."
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ``{"from", "to", "declared_by", "derived"}``."""
        return {
            "from": self.first,
            "to": self.last,
            "declared_by": list(self.declared_by),
            "derived": self.derived,
        }


def _continued(
    periods: list[tuple[dt.date | None, dt.date | None]],
) -> list[tuple[dt.date | None, dt.date | None]]:
    """Periods stretched along the vintages that continue them.

    A source whose period ends the day before another's begins is continued
    by it (the 42-ICB reference files end on 2026-03-31, the April 2026
    vintage starts on 2026-04-01): together they describe the whole span, so
    each period is stretched to the first start and last end of its chain.

    >>> d = dt.date
    >>> _continued([(d(2022, 7, 1), d(2026, 3, 31)), (d(2026, 4, 1), d(2026, 12, 2))])
    ... # doctest: +NORMALIZE_WHITESPACE
    [(datetime.date(2022, 7, 1), datetime.date(2026, 12, 2)),
     (datetime.date(2022, 7, 1), datetime.date(2026, 12, 2))]
    """
    day = dt.timedelta(days=1)
    starts = {s for s, _ in periods if s is not None}
    ends = {e for _, e in periods if e is not None}
    later = {e: [t for s, t in periods if s == e + day] for e in ends}
    earlier = {s: [f for f, e in periods if e is not None and e + day == s] for s in starts}

    def last(end: dt.date | None, seen: frozenset[dt.date] = frozenset()) -> dt.date | None:
        if end is None or not later.get(end) or end in seen:
            return end
        found = [last(t, seen | {end}) for t in later[end]]
        return None if None in found else max(f for f in found if f is not None)

    def first(start: dt.date | None, seen: frozenset[dt.date] = frozenset()) -> dt.date | None:
        if start is None or not earlier.get(start) or start in seen:
            return start
        found = [first(f, seen | {start}) for f in earlier[start]]
        return None if None in found else min(f for f in found if f is not None)

    return [(first(s), last(e)) for s, e in periods]


def coverage(gov: Governance) -> Coverage:
    """The dates ``gov`` describes: declared by its datasets, else derived from its records.

    Sources that continue one another (see :func:`_continued`) count as one
    span; different sources count where they all describe.
    """
    periods = _continued(
        [
            (d.describes_from, d.describes_to)
            for d in gov.datasets
            if d.describes_from or d.describes_to
        ]
    )
    starts = [s for s, _ in periods if s]
    ends = [e for _, e in periods if e]
    names = tuple(d.name for d in gov.datasets if d.describes_from or d.describes_to)
    if ends:
        return Coverage(max(starts) if starts else None, min(ends), names)
    stated = [s.date for s in gov.of_type(Source) if s.date is not None]
    latest = max(stated) if stated else None
    return Coverage(max(starts) if starts else None, latest, names, derived=latest is not None)


_CACHE: dict[int, tuple[Governance, Coverage]] = {}


def cached_coverage(gov: Governance) -> Coverage:
    """:func:`coverage`, remembered for the last description asked about."""
    hit = _CACHE.get(id(gov))
    if hit is None or hit[0] is not gov:
        _CACHE.clear()
        hit = (gov, coverage(gov))
        _CACHE[id(gov)] = hit
    return hit[1]


def default_as_of() -> dt.date:
    """The date every command answers for when none is given: today.

    One rule everywhere; a date beyond the data gets :meth:`Coverage.caveat`.
    """
    return dt.date.today()


def store_coverage(store: Any) -> Coverage:
    """:func:`coverage` of a store's description, worked out once per store.

    A view over a store (``impact``'s ``Without``) names its store as ``base``
    and shares its coverage. Kept with the store's other remembered answers
    (:mod:`icsgov.graph.memo`), so a store given new data works it out again.
    """
    store = getattr(store, "base", store)
    return remembered(store, "coverage", lambda: coverage(_described(store)))


def _described(store: Any) -> Governance:
    """What coverage rests on: a store that can read its datasets and sources alone does
    (the RDF store: two small queries), else its whole description."""
    reader = getattr(store, "coverage_description", None)
    return reader() if callable(reader) else store.governance  # type: ignore[no-any-return]


def with_coverage(
    payload: dict[str, Any], store: Any, day: dt.date | None, *more: dt.date | None
) -> dict[str, Any]:
    """``payload`` with ``coverage`` and ``caveats`` (see :meth:`Coverage.caveat`) added.

    ``store`` is a store or a :class:`~icsgov.ontology.governance.Governance`;
    an answer about several dates (``diff --from --to``) gives them all, and
    gets a caveat for each one outside the data.
    """
    cover = cached_coverage(store) if isinstance(store, Governance) else store_coverage(store)
    caveats = [c for d in dict.fromkeys([day, *more]) if (c := cover.caveat(d))]
    return {**payload, "coverage": cover.to_dict(), "caveats": caveats}
