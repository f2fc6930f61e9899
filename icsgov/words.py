"""Small English helpers so messages read right: "1 warning", "34 warnings", "an organisation".

>>> counted(34, "warning"), counted(1, "error"), a("organisation"), a("body")
('34 warnings', '1 error', 'an organisation', 'a body')
"""

from __future__ import annotations

__all__ = ["a", "counted"]


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and the noun, plural unless exactly one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def a(noun: str) -> str:
    """The noun with "a" or "an" (by its first letter: good enough for icsgov's kind names)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
