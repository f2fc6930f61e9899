"""The answer of ``who_decides`` as a paragraph a governance lead can paste into a paper.

>>> from icsgov.queries.who_decides import who_decides
>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders.governance_yaml import parse_yaml
>>> store = MemoryStore(parse_yaml('''
... footprints: [{id: glos, name: Gloucestershire, level: system}]
... organisations: [{id: icb, name: NHS Gloucestershire ICB, kind: icb}]
... decision_types: [{id: capital, name: Approve a capital scheme}]
... decision_rights:
...   - {id: r1, holder: icb, decision: capital, footprint: glos, role: decides, basis: statutory}
... '''))
>>> summary = who_decides(store, "capital", at="glos").summary
>>> summary.split(" at ")[0]
"In Gloucestershire, 'Approve a capital scheme' is decided by NHS Gloucestershire ICB (statutory)"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from icsgov.queries.money import format_money

if TYPE_CHECKING:
    from icsgov.queries.who_decides import Answer, Holder

__all__ = ["summarise_answer"]


def summarise_answer(answer: Answer, place_name: str) -> str:
    """One paragraph: who decides, in practice and formally, by what authority, with caveats."""
    asked = f"'{answer.decision_name}'"
    if answer.value is not None:
        asked += f" for {format_money(answer.value)}"
    when = f" on {answer.as_of.isoformat()}" if answer.as_of else ""
    head = f"In {place_name}{when}, {asked}"
    if not answer.found:
        return (
            f"{head}: no one is recorded as deciding it (nor any broader decision). "
            "This is a gap in the governance data."
        )
    parts: list[str] = []
    if answer.fallback:
        parts.append(
            f"No decision right covers '{answer.decision_name}' itself here, so the answer is "
            f"for its "
            f"broader type '{answer.answered_for_name}'."
        )
    where = f"{answer.footprint_name} ({answer.level} level)"
    if answer.ambiguous:
        parts.insert(
            0,
            f"{head} is AMBIGUOUS: {_names(answer.decides)} each hold a decides right at "
            f"{where}; none is picked.",
        )
    elif answer.de_facto:
        formal = _names(answer.de_jure) if answer.de_jure else "no one (no formal holder recorded)"
        parts.insert(
            0,
            f"{head} is decided in practice by {_names(answer.de_facto)} at {where}; "
            f"formally ratified by {formal}.",
        )
    else:
        parts.insert(0, f"{head} is decided by {_names(answer.decides, basis=True)} at {where}.")
    for chain in answer.delegation_chain:
        everyone = [*answer.decides, *answer.de_jure, *answer.ratifies]
        holder = next((h.name for h in everyone if h.id == chain.holder), chain.holder)
        if chain.broken:
            parts.append(f"{holder}'s authority does not trace to a holder in law: {chain.reason}.")
        elif chain.steps:
            route = " ← ".join(s.delegator_name for s in chain.steps)
            parts.append(f"{holder} acts by delegation from {route}, which holds it in law.")
        else:
            parts.append(f"{holder} holds the power in law.")
    others = [
        ("agreement (veto) is needed from", answer.agrees),
        ("recommended by", answer.recommends),
        ("consulted:", answer.consulted),
        ("informed:", answer.informed),
    ]
    if not answer.de_facto:
        others.insert(1, ("ratified by", answer.ratifies))
    extra = [f"{label} {_names(holders)}" for label, holders in others if holders]
    if extra:
        parts.append(_capital("; ".join(extra)) + ".")
    return " ".join(parts)


def _names(holders: list[Holder], basis: bool = False) -> str:
    seen = dict.fromkeys(
        f"{h.name} ({h.basis.replace('_', '-')})" if basis else h.name for h in holders
    )
    names = list(seen)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
