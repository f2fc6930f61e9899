"""Small English helpers so messages read right: "1 warning", "34 warnings", "an organisation".

And the one mark of an invented fact (:data:`ILLUSTRATIVE_MARK`, :func:`marked`), shared by
every answer from who-decides to check findings, and by ``import-matrix`` reading it back.

>>> counted(34, "warning"), counted(1, "error"), a("organisation"), a("body")
('34 warnings', '1 error', 'an organisation', 'a body')
"""

from __future__ import annotations

__all__ = ["ILLUSTRATIVE_MARK", "ILLUSTRATIVE_NOTE", "a", "counted", "marked"]


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and the noun, plural unless exactly one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def a(noun: str) -> str:
    """The noun with "a" or "an" (by its first letter: good enough for icsgov's kind names)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


ILLUSTRATIVE_MARK = "†"
"""Marks a name in an answer that rests on a record marked ``illustrative: true``."""

ILLUSTRATIVE_NOTE = (
    f"{ILLUSTRATIVE_MARK} rests on a record marked illustrative (invented to complete an "
    "example, not a documented fact)."
)
"""The footnote under a table or list whose marked entries rest on illustrative records."""


def marked(text: str, illustrative: bool) -> str:
    """``text`` with :data:`ILLUSTRATIVE_MARK` when it rests on an illustrative record.

    The one way every answer (tables, matrix cells, findings) marks an invented fact.

    >>> marked("Brookdale place committee", True), marked("ICB board", False)
    ('Brookdale place committee†', 'ICB board')
    """
    return text + (ILLUSTRATIVE_MARK if illustrative else "")
