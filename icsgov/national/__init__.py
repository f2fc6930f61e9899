"""The national baseline: who decides what anywhere in England, by law and national delegation.

Two shipped files: ``baseline.yaml`` (governance YAML: the national bodies,
the decision types every system has, and the Acts and national documents
cited) and ``rules.yaml`` (national rules, :mod:`icsgov.national.rules`).
:func:`with_baseline` makes the rules concrete over whatever organisations
are loaded: over the reference skeleton, every ICB, upper-tier council and
region in England; over a local scheme, its own CCGs and boards too.

The baseline loads with the skeleton (``--data icsgov:reference``);
``icsgov:skeleton`` is the skeleton without it and ``icsgov:national`` the
baseline without the skeleton (:func:`icsgov.loaders.load`).

>>> gov = with_baseline(read_baseline())
>>> sorted(r for r in gov.entities if r.startswith("nat:R-DHSC-MANDATE"))
['nat:R-DHSC-MANDATE:dhsc']
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from icsgov.national.rules import PREFIX, RuleSet, expand, parse_rules, rule_of
from icsgov.ontology.governance import Governance

__all__ = [
    "PREFIX",
    "baseline_path",
    "read_baseline",
    "read_rules",
    "rule_of",
    "rule_text",
    "with_baseline",
]


def baseline_path() -> Path:
    """The shipped ``baseline.yaml``."""
    return Path(str(resources.files("icsgov.national") / "baseline.yaml"))


def _rules_path() -> Path:
    return Path(str(resources.files("icsgov.national") / "rules.yaml"))


def read_baseline() -> Governance:
    """The shipped national bodies, decision types and sources (rules not yet expanded)."""
    from icsgov.loaders.governance_yaml import read_yaml

    return read_yaml([baseline_path()])


@cache
def read_rules() -> RuleSet:
    """The shipped national rules."""
    path = _rules_path()
    return parse_rules(path.read_text(encoding="utf-8"), str(path))


def with_baseline(gov: Governance) -> Governance:
    """``gov`` with every shipped national rule expanded over its organisations."""
    return expand(gov, read_rules())


def rule_text(record_id: str) -> str | None:
    """ "By national rule R, <statement>" for a record made from a rule (``None`` otherwise).

    >>> rule_text("nat:R-ICB-PMS:ods:QHG").split(", ", 1)[0]
    'by national rule R-ICB-PMS'
    """
    rule_id = rule_of(record_id)
    if rule_id is None:
        return None
    rule = read_rules().get(rule_id)
    if rule is None:
        return None
    return f"by national rule {rule.id}, {rule.statement}"
