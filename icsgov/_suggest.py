"""Close-match suggestions for misspelt ids, keys and names ("did you mean ...?")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["close_matches", "did_you_mean"]


def close_matches(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The up-to-``n`` choices closest to ``word``, case-insensitively, best first.

    >>> close_matches("capitol", ["capital", "revenue", "Capital scheme"])
    ['capital']
    """
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    found = difflib.get_close_matches(word.casefold(), list(by_folded), n=n, cutoff=cutoff)
    return [by_folded[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint sentence for an unknown word, or ``""`` when nothing is close.

    >>> did_you_mean("nmae", ["name", "kind"])
    "did you mean 'name'?"
    """
    matches = close_matches(word, choices)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
