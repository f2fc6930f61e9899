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

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from icsgov.ontology.money import format_band, format_money
from icsgov.words import ILLUSTRATIVE_MARK, marked

__all__ = ["summarise_answer"]


class Holder(Protocol):
    """What the summary reads of a holder (:class:`~icsgov.queries.who_decides_answer.Holder`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def basis(self) -> str: ...
    @property
    def footprint(self) -> str: ...
    @property
    def value_min(self) -> float | None: ...
    @property
    def value_max(self) -> float | None: ...
    @property
    def illustrative(self) -> bool: ...
    @property
    def rule_text(self) -> str | None: ...


class _Step(Protocol):
    @property
    def delegator_name(self) -> str: ...


class _Chain(Protocol):
    @property
    def holder(self) -> str: ...
    @property
    def steps(self) -> Sequence[_Step]: ...
    @property
    def broken(self) -> bool: ...
    @property
    def reason(self) -> str | None: ...


class Answer(Protocol):
    """What the summary reads of an answer (:class:`~icsgov.queries.who_decides_answer.Answer`).

    A protocol, not the class: the answer module calls this one when it is
    built, so this module must not import it back.
    """

    @property
    def decision_name(self) -> str: ...
    @property
    def answered_for_name(self) -> str: ...
    @property
    def fallback(self) -> bool: ...
    @property
    def as_of(self) -> dt.date | None: ...
    @property
    def value(self) -> float | None: ...
    @property
    def found(self) -> bool: ...
    @property
    def gap(self) -> bool: ...
    @property
    def footprint_name(self) -> str | None: ...
    @property
    def level(self) -> str | None: ...
    @property
    def ambiguous(self) -> bool: ...
    @property
    def decides(self) -> Sequence[Holder]: ...
    @property
    def agrees(self) -> Sequence[Holder]: ...
    @property
    def ratifies(self) -> Sequence[Holder]: ...
    @property
    def recommends(self) -> Sequence[Holder]: ...
    @property
    def consulted(self) -> Sequence[Holder]: ...
    @property
    def informed(self) -> Sequence[Holder]: ...
    @property
    def de_facto(self) -> Sequence[Holder]: ...
    @property
    def de_jure(self) -> Sequence[Holder]: ...
    @property
    def bands(self) -> Sequence[Holder]: ...
    @property
    def hint(self) -> Sequence[Holder]: ...
    @property
    def hint_for(self) -> str | None: ...
    @property
    def delegation_chain(self) -> Sequence[_Chain]: ...
    @property
    def illustrative(self) -> bool: ...
    @property
    def illustrative_records(self) -> Sequence[str]: ...
    @property
    def caveats(self) -> Sequence[str]: ...


def summarise_answer(answer: Answer, place_name: str) -> str:
    """One paragraph: who decides, in practice and formally, by what authority, with caveats."""
    asked = f"'{answer.decision_name}'"
    if answer.value is not None:
        asked += f" for {format_money(answer.value)}"
    when = f" on {answer.as_of.isoformat()}" if answer.as_of else ""
    head = f"In {place_name}{when}, {asked}"
    if answer.gap:
        return _with_notes(answer, [_gap_text(answer, head)])
    if not answer.found:
        return _with_notes(
            answer,
            [
                f"{head}: no governance recorded there: no one is recorded as deciding it "
                "(nor any broader decision). "
                "This is a gap in the governance data."
            ],
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
    for ruled in answer.decides:
        if ruled.rule_text:  # a right made from a national rule says which, and who it is here
            parts.append(f"{_capital(ruled.rule_text)}; here {ruled.name}.")
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
    return _with_notes(answer, list(dict.fromkeys(parts)))


def _gap_text(answer: Answer, head: str) -> str:
    bands = "; ".join(
        f"{format_band(h.value_min, h.value_max)} by {_mark(h)} at {h.footprint}"
        for h in answer.bands
    )
    text = (
        f"{head}: GAP. Decision rights for '{answer.answered_for_name}' exist here, but no "
        f"band covers this value (bands recorded: {bands})."
    )
    if answer.hint:
        text += (
            f" As a hint only, not the answer: the broader type '{answer.hint_for}' is decided "
            f"by {_names(answer.hint)}."
        )
    return text


def _with_notes(answer: Answer, parts: list[str]) -> str:
    """Add the illustrative footnote and the dates-covered caveat to the summary."""
    if answer.illustrative:
        parts.append(
            f"{ILLUSTRATIVE_MARK} This answer rests on records marked illustrative (invented to "
            f"complete an example, not documented facts): {', '.join(answer.illustrative_records)}."
        )
    parts += answer.caveats
    return " ".join(parts)


def _mark(holder: Holder) -> str:
    return marked(holder.name, holder.illustrative)


def _names(holders: Sequence[Holder], basis: bool = False) -> str:
    seen = dict.fromkeys(
        f"{_mark(h)} ({h.basis.replace('_', '-')})" if basis else _mark(h) for h in holders
    )
    names = list(seen)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
