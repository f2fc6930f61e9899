"""What queries have worked out about one store's data, kept until the data changes.

A question asked many times (who decides, in each place, on each date) reads
the same records every time: their spans of dates, which rights are local.
Queries keep such results per store here, under a key of their own, and a
store whose data is replaced (:meth:`RdfStore.load`, ``forget``) drops them
with :func:`forget`, so no answer is read from data that is gone.

>>> class Store:
...     pass
>>> store = Store()
>>> remembered(store, "answer", lambda: 42)
42
>>> remembered(store, "answer", lambda: 0)  # the first result is kept
42
>>> forget(store)
>>> remembered(store, "answer", lambda: 0)
0
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["forget", "remembered"]

T = TypeVar("T")

_KEPT: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def remembered(store: object, key: str, make: Callable[[], T]) -> T:
    """The result kept for ``store`` under ``key``, made by ``make()`` the first time.

    A store that cannot be weakly referenced keeps nothing: ``make()`` runs
    every time, which is slower but never wrong.
    """
    try:
        found = _KEPT.get(store)  # get before setting: a callback weakref per call is slow
        if found is None:
            found = _KEPT[store] = {}
    except TypeError:
        return make()
    if key not in found:
        found[key] = make()
    result: T = found[key]
    return result


def forget(store: object) -> None:
    """Drop everything kept for ``store`` (its data was replaced)."""
    with contextlib.suppress(TypeError):  # a store never weakly referenced kept nothing
        _KEPT.pop(store, None)
