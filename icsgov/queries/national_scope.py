"""What an answer rests on: the national baseline only, or a local scheme too; and codes.

"Who decides" answers anywhere in England from the national baseline
(:mod:`icsgov.national`), but a place whose own scheme is not loaded gets
only what the law and national delegations say. :func:`baseline_scope` says
so plainly ("national baseline only; no local scheme loaded for NHS Central
East Integrated Care Board"), and :func:`entity_codes` gives the ODS and ONS
codes every holder, delegator and place carries in answers, so they can be
joined to other NHS data.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> store = MemoryStore(load(["icsgov:reference"]))
>>> import datetime as dt
>>> chain = store.footprint_chain("fp:ods:QWO")
>>> baseline_scope(store, chain, dt.date(2025, 1, 1)).note
'National baseline only; no local scheme loaded for NHS West Yorkshire Integrated Care Board.'
>>> entity_codes(store, "ods:QNX", dt.date(2024, 1, 1))
{'ods': 'QNX', 'ons': 'E54000064'}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from icsgov.errors import NotFound
from icsgov.graph.memo import remembered
from icsgov.graph.store import GraphStore
from icsgov.national.rules import PREFIX, rule_of
from icsgov.ontology.model import (
    Body,
    DecisionRight,
    Footprint,
    Identifier,
    Level,
    Organisation,
    OrganisationKind,
)

__all__ = ["Scope", "baseline_scope", "entity_codes", "rule_of", "rule_text", "unheld_rules"]


@dataclass(frozen=True)
class Scope:
    """Whether the data holds any local scheme for the place's system on the date."""

    baseline_only: bool
    system_organisation: str | None
    note: str | None


def baseline_scope(store: GraphStore, chain: Sequence[Footprint], as_of: dt.date | None) -> Scope:
    """Baseline only when national rules are loaded and no local scheme is, for this system.

    A local scheme is any decision right not made from a national rule, at a
    footprint of the place's chain below national, or held by the system's
    organisation (the ICB, or CCG, serving the system footprint on the date)
    or one of its boards and committees. That organisation is named.
    """
    index = _index(store)
    if not index.national_loaded:
        return Scope(False, None, None)
    below = [f for f in chain if f.level is not Level.NATIONAL]
    system = index.system_organisation(below, as_of)
    ours = index.own_bodies(system.id) if system else set()
    local = any(
        r.valid_at(as_of)
        for key in [*(f.id for f in below), *ours]
        for r in index.local_rights.get(key, ())
    )
    if local:
        return Scope(False, system.id if system else None, None)
    name = system.name if system else (below[0].name if below else "this place")
    return Scope(
        True,
        system.id if system else None,
        f"National baseline only; no local scheme loaded for {name}.",
    )


def _index(store: GraphStore) -> _LocalIndex:
    return remembered(store, "national_scope", lambda: _LocalIndex.of(store))


@dataclass(frozen=True)
class _LocalIndex:
    """One reading of the store for :func:`baseline_scope`, kept per store.

    Every question asks whether its system has a local scheme; reading every
    right, body and organisation for each (200,000 rights with the baseline
    over England) made that the cost of the whole answer.
    """

    national_loaded: bool
    local_rights: dict[str, list[DecisionRight]]  # by footprint and by holder
    bodies_of: dict[str, set[str]]  # organisation -> its boards and committees
    systems: dict[str, list[tuple[int, Organisation]]]  # footprint -> (store order, ICB or CCG)

    @classmethod
    def of(cls, store: GraphStore) -> _LocalIndex:
        national_loaded = False
        local: dict[str, list[DecisionRight]] = {}
        for right in store.entities(DecisionRight):
            if right.id.startswith(PREFIX):
                national_loaded = True
                continue
            local.setdefault(right.footprint, []).append(right)
            if right.holder != right.footprint:
                local.setdefault(right.holder, []).append(right)
        bodies: dict[str, set[str]] = {}
        for body in store.entities(Body):
            for organisation in body.of:
                bodies.setdefault(organisation, set()).add(body.id)
        systems: dict[str, list[tuple[int, Organisation]]] = {}
        for position, org in enumerate(store.entities(Organisation)):
            if org.kind in (OrganisationKind.ICB, OrganisationKind.CCG):
                for footprint in org.footprints:
                    systems.setdefault(footprint, []).append((position, org))
        return cls(national_loaded, local, bodies, systems)

    def own_bodies(self, organisation: str) -> set[str]:
        """The organisation and its boards and committees: a scheme of theirs is the system's."""
        return {organisation} | self.bodies_of.get(organisation, set())

    def system_organisation(
        self, chain: Sequence[Footprint], as_of: dt.date | None
    ) -> Organisation | None:
        """The first ICB or CCG (in the store's order) serving a system footprint of the chain."""
        ids = {f.id for f in chain if f.level is Level.SYSTEM and f.valid_at(as_of)}
        serving = [p for f in ids for p in self.systems.get(f, ()) if p[1].valid_at(as_of)]
        return min(serving, key=lambda p: p[0])[1] if serving else None


def entity_codes(store: GraphStore, entity_id: str, as_of: dt.date | None) -> dict[str, str]:
    """``{"ods": ..., "ons": ...}`` in use on ``as_of``; a board's are its organisation's."""
    try:
        entity = store.get(entity_id)
    except NotFound:
        return {}
    if isinstance(entity, Body):
        for org_id in entity.of:
            found = entity_codes(store, org_id, as_of)
            if found:
                return found
        return {}
    codes: list[Identifier] = list(getattr(entity, "codes", []))
    out: dict[str, str] = {}
    for code in codes:
        if code.scheme in ("ods", "ons") and code.scheme not in out and _valid(code, as_of):
            out[code.scheme] = code.value
    return out


def _valid(code: Identifier, as_of: dt.date | None) -> bool:
    if as_of is None:
        return code.valid_to is None
    return (code.valid_from is None or code.valid_from <= as_of) and (
        code.valid_to is None or as_of <= code.valid_to
    )


def rule_text(record_id: str) -> str | None:
    """ "by national rule R, <statement>" for a record made from a shipped rule, else ``None``."""
    if rule_of(record_id) is None:
        return None
    from icsgov.national import rule_text as text

    return text(record_id)


def unheld_rules(store: GraphStore, decisions: Sequence[str], as_of: dt.date | None) -> list[str]:
    """For an unanswered question: the national rules in force that day that no holder here has.

    The reference data holds no CCGs, so before July 2022 a CCG function has
    a national rule ("every CCG arranges hospital and community health
    services") but no holder unless a local scheme loads the CCG. The answer
    says so instead of guessing one.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders import load
    >>> store = MemoryStore(load(["icsgov:reference"]))
    >>> unheld_rules(store, ["commission-hospital-community"], dt.date(2020, 1, 1))[0][:60]
    'by national rule R-CCG-HOSPITAL, every CCG arranges hospital'
    """
    if not _index(store).national_loaded:
        return []
    from icsgov.national import read_rules

    notes = []
    for rule in read_rules().rules:
        if rule.decision not in decisions or rule.every is None:
            continue
        if (rule.valid_from and as_of and as_of < rule.valid_from) or (
            rule.valid_to and as_of and as_of > rule.valid_to
        ):
            continue
        notes.append(
            f"by national rule {rule.id}, {rule.statement} "
            f"({_dates(rule.valid_from, rule.valid_to)}); no {rule.every.replace('_', ' ')} "
            "in the data loaded covers this place on that date: load a local scheme that names it"
        )
    return notes


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{start} to {end}"
    return f"from {start}" if start else f"until {end}"
