"""The fast check rules against naive ones: the same findings, in the same order.

The rules in :mod:`icsgov.queries.checks` index what they join on once a run
(rights by decision type, grants by actor and decision, rights by delegation,
people by side) so that the national graph is checked in seconds. Their
findings must be exactly those of ``tests/oracle/naive_checks.py``, the same
rules read straight from docs/checks.md as loops over every record, on
generated worlds with delegations, boards, posts, people and funding flows,
on several dates. Each world is also checked through one ``run_checks`` call
for all these rules, so rules sharing the run's indexes cannot disturb one
another.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icsgov.graph.memory import MemoryStore
from icsgov.ontology.governance import Governance
from icsgov.queries.checks import run_checks
from tests.oracle.check_worlds import ASK_DATES, check_worlds
from tests.oracle.naive_checks import RULES, NaiveChecks


def _fast(gov: Governance, as_of: dt.date | None) -> list[tuple[str, str, str, list[str]]]:
    report = run_checks(MemoryStore(gov), rules=list(RULES), as_of=as_of)
    return [(f.rule, f.target, f.message, f.related) for f in report.findings]


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(gov=check_worlds(), as_of=st.sampled_from(ASK_DATES))
def test_fast_rules_find_what_the_naive_rules_find(gov: Governance, as_of: Any) -> None:
    naive = NaiveChecks(gov, as_of)
    expected = [found for rule in RULES for found in naive.findings(rule)]
    assert _fast(gov, as_of) == expected


def test_the_worlds_reach_every_rule() -> None:
    """Over a fixed sample of worlds, every compared rule finds something (the test has teeth)."""
    seen: set[str] = set()

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(gov=check_worlds(), as_of=st.sampled_from(ASK_DATES))
    def collect(gov: Governance, as_of: Any) -> None:
        naive = NaiveChecks(gov, as_of)
        seen.update(rule for rule in RULES if naive.findings(rule))

    collect()
    assert seen == set(RULES)
