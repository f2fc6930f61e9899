"""The garbage collector around bulk work: paused while building, frozen after.

Building hundreds of thousands of small objects (YAML values, models, index
lists) makes CPython's collector run again and again over a heap that only
grows: measured, it more than doubles the time of a national YAML load and
triples that of indexing. Nothing built in bulk here is cyclic garbage, so
:func:`paused_collector` turns the collector off for the duration.

Once a store is built its objects live as long as the process; a full
collection would still walk all of them, which is what made the slowest
who-decides answers (p99) tens of times the median. :func:`settle` moves
everything alive into the collector's permanent generation
(:func:`gc.freeze`), so later collections look only at new objects.

>>> with paused_collector():
...     rows = [[i] for i in range(1000)]
>>> settle()
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["SETTLE_ABOVE", "paused_collector", "settle"]


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """No automatic garbage collection inside the block (restored after, even on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


SETTLE_ABOVE = 10_000
"""Records above which a bulk build is worth freezing: below it a collection is cheap anyway."""


def settle(records: int | None = None) -> None:
    """Leave every object alive now out of future collections (:func:`gc.freeze`).

    Given the number of ``records`` just built, only when there are more
    than :data:`SETTLE_ABOVE` of them.
    """
    if records is None or records > SETTLE_ABOVE:
        gc.freeze()
