"""Financial limits as schemes of delegation write them, read into a value band.

>>> read_limit("up to £5m"), read_limit("> £10m"), read_limit("£5,000,000")
((None, 5000000.0), (10000000.0, None), (None, 5000000.0))
>>> read_limit("Unlimited"), read_limit("N/A"), read_limit("nil")
((None, None), (None, None), (None, 0.0))
>>> read_limit("£250k - £1m"), read_limit("£2 million and above")
((250000.0, 1000000.0), (2000000.0, None))
"""

from __future__ import annotations

import re

from icsgov.ontology.money import parse_money

__all__ = ["read_limit"]

_NO_LIMIT = {
    "",
    "-",
    "–",
    "n/a",
    "na",
    "not applicable",
    "none",
    "any",
    "any value",
    "no limit",
    "unlimited",
    "no financial limit",
    "full",
}
_NIL = {"nil", "£0", "0", "£nil", "zero", "no delegated limit"}
_UPPER = (
    "up to and including ",
    "up to ",
    "not exceeding ",
    "not more than ",
    "less than ",
    "maximum ",
    "max ",
    "below ",
    "under ",
    "<= ",
    "≤ ",
    "< ",
)
_LOWER = (
    "in excess of ",
    "greater than ",
    "more than ",
    "exceeding ",
    "above ",
    "over ",
    "from ",
    ">= ",
    "≥ ",
    "> ",
)
_LOWER_AFTER = (" and above", " and over", " or more", " plus", "+")
_WORDS = ((" billion", "bn"), (" million", "m"), (" thousand", "k"), ("mn", "m"))


def read_limit(text: str) -> tuple[float | None, float | None]:
    """The band (low, high) a limit states; ``ValueError`` saying what is accepted.

    A bare amount is an upper limit; "Unlimited", "N/A" and an empty cell mean
    no financial limit; "nil" means nothing may be committed (an upper limit of £0).
    """
    words = " ".join(text.replace("—", "-").replace("–", "-").split()).casefold()
    words = re.sub(r"^([<>≤≥]=?)(?=\S)", r"\1 ", words)
    if words in _NO_LIMIT:
        return None, None
    if words in _NIL:
        return None, 0.0
    try:
        for prefix in _UPPER:
            if words.startswith(prefix):
                return None, _amount(words[len(prefix) :])
        for prefix in _LOWER:
            if words.startswith(prefix):
                return _amount(words[len(prefix) :]), None
        for suffix in _LOWER_AFTER:
            if words.endswith(suffix):
                return _amount(words[: -len(suffix)]), None
        between = re.fullmatch(r"(?:between )?(.+?)(?: to | and | - |-)(.+)", words)
        if between:
            low, high = _amount(between[1]), _amount(between[2])
            if low > high:
                raise ValueError(f"'{text}' gives a range from high to low")
            return low, high
        return None, _amount(words)
    except ValueError as exc:
        if "high to low" in str(exc):
            raise
        raise ValueError(
            f"'{text}' is not a financial limit; write e.g. 'up to £5m', '> £10m', "
            "'£5,000,000', '£1m to £5m', 'Unlimited', 'N/A' or 'nil'"
        ) from None


def _amount(text: str) -> float:
    cleaned = text.strip()
    for word, unit in _WORDS:
        cleaned = cleaned.replace(word, unit)
    return parse_money(cleaned.replace(" ", ""))
