"""Every golden "who decides" case, asked of every store through the library."""

from __future__ import annotations

from typing import Any

import pytest

from icsgov.loaders import load
from icsgov.ontology.governance import Governance
from icsgov.ontology.money import parse_money
from icsgov.queries.who_decides import who_decides
from tests.conformance.conftest import StoreFactory
from tests.golden_who_decides import CASES, CORE, as_of, case_id, check


@pytest.fixture(scope="module")
def core() -> Governance:
    return load([CORE])


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_case(make_store: StoreFactory, core: Governance, case: dict[str, Any]) -> None:
    store = make_store(core)
    value = parse_money(str(case["value"])) if "value" in case else None
    answer = who_decides(store, case["decision"], case["at"], value=value, as_of=as_of(case))
    check(answer.to_dict(), case)


def test_answer_names_both_de_facto_and_formal_holder(
    make_store: StoreFactory, core: Governance
) -> None:
    import datetime as dt

    answer = who_decides(
        make_store(core), "redesign-stroke-pathway", "glos", as_of=dt.date(2019, 1, 1)
    )
    assert "decided in practice by Stroke clinical reference group" in answer.summary
    assert "formally ratified by CCG governing body" in answer.summary
