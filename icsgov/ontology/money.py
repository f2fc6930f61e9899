"""Money as governance leads write it: ``2500000``, ``2.5m``, ``£2.5m``, ``250k``, ``£1,000,000``.

Schemes of delegation and decision matrices state financial limits in pounds,
written every which way; this module reads them all and writes them one way.

>>> parse_money("£2.5m")
2500000.0
>>> format_money(250000)
'£250k'
"""

from __future__ import annotations

import math
import re

__all__ = ["MAX_MONEY", "format_band", "format_money", "parse_band", "parse_money"]

MAX_MONEY = 1e12
"""The largest amount icsgov accepts (£1 trillion): anything above is a typing slip, not a limit."""

_MONEY = re.compile(r"^£?\s*(\d+(?:\.\d+)?)\s*(k|m|bn|b)?$", re.IGNORECASE)
_SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}


def parse_money(text: str) -> float:
    """Pounds from ``text``; ``ValueError`` saying what is accepted when it is not money.

    >>> parse_money("250k"), parse_money("2,500,000"), parse_money("£1bn")
    (250000.0, 2500000.0, 1000000000.0)
    """
    cleaned = text.strip().replace(",", "").replace("_", "")
    match = _MONEY.match(cleaned)
    if not match:
        raise ValueError(
            f"'{text}' is not an amount of money; write it as 2500000, 2.5m, £2.5m or 250k"
        )
    number, unit = match.groups()
    value = round(float(number) * _SCALE[(unit or "").lower()], 2)
    if not math.isfinite(value) or value > MAX_MONEY:
        raise ValueError(
            f"'{text[:40]}' is more than £1 trillion ({MAX_MONEY:.0e}); check the number of digits"
        )
    return value


def format_money(value: float) -> str:
    """Pounds in the shortest exact form: ``£2.5m``, ``£250k``, ``£1,234``.

    >>> format_money(2_500_000), format_money(1_000_001), format_money(999.5)
    ('£2.5m', '£1,000,001', '£999.50')
    """
    for unit, scale in (("bn", 1e9), ("m", 1e6), ("k", 1e3)):
        text = f"{value / scale:.2f}".rstrip("0").rstrip(".")
        if value >= scale and parse_money(text + unit) == value:
            return f"£{text}{unit}"
    if value == int(value):
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def format_band(value_min: float | None, value_max: float | None) -> str:
    """A value band in words: ``any value``, ``up to £1m``, ``from £1m``, ``£1m to £5m``.

    >>> format_band(None, 1e6), format_band(1e6, None), format_band(None, None)
    ('up to £1m', 'from £1m', 'any value')
    """
    if value_min is None and value_max is None:
        return "any value"
    if value_min is None:
        return f"up to {format_money(value_max or 0)}"
    if value_max is None:
        return f"from {format_money(value_min)}"
    return f"{format_money(value_min)} to {format_money(value_max)}"


def parse_band(text: str) -> tuple[float | None, float | None]:
    """The band ``format_band`` writes, read back; a bare amount is an upper limit.

    >>> parse_band("up to £1m"), parse_band("£1m to £5m"), parse_band(""), parse_band("500k")
    ((None, 1000000.0), (1000000.0, 5000000.0), (None, None), (None, 500000.0))
    """
    words = " ".join(text.split()).casefold()
    if words in ("", "any value", "any", "no limit", "unlimited"):
        return None, None
    for prefix in ("up to ", "<= ", "max "):
        if words.startswith(prefix):
            return None, parse_money(words[len(prefix) :])
    for prefix in ("from ", "over ", "above ", ">= "):
        if words.startswith(prefix):
            return parse_money(words[len(prefix) :]), None
    if " to " in words:
        low, high = words.split(" to ", 1)
        return parse_money(low), parse_money(high)
    return None, parse_money(words)
