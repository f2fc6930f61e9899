"""Push to and pull from each real Bolt server: Neo4j 5 and ArcadeDB, both started by the suite.

Everything runs against live servers (``tests/neo4j_server.py``, ``tests/bolt_server.py``):
the round trip is exact, a second push changes nothing, ``replace`` removes
only icsgov's stale nodes, hostile strings stay data, and a push cut off by a
server stop converges when run again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from icsgov.errors import StoreError
from icsgov.graph.neo4j.bolt import BoltSettings, open_driver
from icsgov.graph.neo4j.io import LABELS, RELATIONSHIP_TYPES, pull, push
from icsgov.loaders import load
from icsgov.ontology import model as m
from icsgov.ontology.governance import Dataset, Governance
from tests import bolt_server
from tests.bolt_server import FOREIGN_LABEL, ArcadeBolt
from tests.cli_helpers import run_cli

# The Bolt server fixtures (harmless once conftest.py lists tests.bolt_server in pytest_plugins).
arcadedb_server = bolt_server.arcadedb_server
bolt_target = bolt_server.bolt_target
bolt_database = bolt_server.bolt_database

HOSTILE = [
    'O\'Neil said "hello"',
    "back`tick` and `}`",
    "{braces} $param {{x}}",
    "'}) MATCH (n) DETACH DELETE n //",
    'x"}) WITH 1 AS a MATCH (n) SET n.pwned = true RETURN a //',
    "two\nlines\r\nand a tab\t",
    "ünïcødé – 保健 🏥 \\ backslash",
]
EVIL_ID = "org'}) MATCH (n) DETACH DELETE n //`"


def _cite(i: int) -> list[m.Citation]:
    return [
        m.Citation(source="src-1", locator=f"section {i}; {HOSTILE[i % len(HOSTILE)]}"),
        m.Citation(source="src-2"),  # no locator
        m.Citation(source="src-2", locator=""),  # an empty locator is not no locator
    ]


def rich_governance() -> Governance:
    """Every class, nearly every field filled, hostile strings in names, ids and locators."""
    day = dt.date
    entities: list[m.Entity] = [
        m.Source(
            id="src-1",
            title=HOSTILE[0],
            publisher="NHS England",
            date=day(2022, 7, 1),
            url="https://example.org/a?b=c&d='e'",
            licence="OGL-3.0",
            sources=[],
        ),
        m.Source(id="src-2", title=HOSTILE[5], description=HOSTILE[6]),
        m.Footprint(
            id="eng",
            name="England",
            level=m.Level.NATIONAL,
            population=57_000_000,
            codes=[m.Identifier(scheme="ons", value="E92000001")],
            sources=_cite(0),
        ),
        m.Footprint(
            id="sys",
            name=HOSTILE[1],
            level=m.Level.SYSTEM,
            part_of="eng",
            codes=[
                m.Identifier(scheme="ons", value="E54000037", valid_to=day(2023, 3, 31)),
                m.Identifier(scheme="ons", value="E54000064", valid_from=day(2023, 4, 1)),
            ],
            aliases=[HOSTILE[2], "Sys"],
            valid_from=day(2022, 7, 1),
        ),
        m.Footprint(
            id="place",
            name="A place",
            level=m.Level.PLACE,
            part_of="sys",
            place_definition=m.PlaceDefinition.LOCAL_AUTHORITY,
            illustrative=True,
        ),
        m.Organisation(
            id=EVIL_ID,
            name=HOSTILE[3],
            kind=m.OrganisationKind.ICB,
            statutory=True,
            footprints=["sys"],
            codes=[m.Identifier(scheme="ods", value="QJK")],
            aliases=[HOSTILE[4]],
            sources=_cite(1),
            valid_from=day(2022, 7, 1),
        ),
        m.Organisation(
            id="council",
            name="County Council",
            kind=m.OrganisationKind.COUNTY_COUNCIL,
            statutory=True,
            footprints=["place"],
        ),
        m.Organisation(
            id="ics",
            name="The ICS",
            kind=m.OrganisationKind.ICS,
            members=[EVIL_ID, "council"],
            description=HOSTILE[5],
        ),
        m.Body(
            id="board",
            name="ICB board",
            kind=m.BodyKind.BOARD,
            of=[EVIL_ID],
            footprint="sys",
            members=[EVIL_ID, "chair", "place-cttee"],
            meets_in_public=False,
            terms_of_reference="https://example.org/tor",
            aliases=["Board"],
        ),
        m.Body(
            id="place-cttee",
            name=HOSTILE[6],
            kind=m.BodyKind.PLACE_COMMITTEE,
            of=[EVIL_ID, "council"],
            footprint="place",
            meets_in_public=True,
        ),
        m.Person(id="ann", name=HOSTILE[0], valid_to=day(2025, 3, 31)),
        m.Post(
            id="chair",
            name="Chair",
            kind=m.PostKind.INDEPENDENT_CHAIR,
            post_in=["board", EVIL_ID],
            holder="ann",
            represents="council",
        ),
        m.DecisionType(id="finance", name="Finance", domain="finance"),
        m.DecisionType(
            id="capital",
            name="Approve capital",
            broader="finance",
            preferred_level=m.Level.PLACE,
            reserved=True,
            aliases=[HOSTILE[1]],
        ),
        m.Delegation(
            id="del-1",
            delegator=EVIL_ID,
            delegate="place-cttee",
            decisions=["capital", "finance"],
            footprint="place",
            value_max=1_500_000.5,
            limits=HOSTILE[3],
            instrument=m.InstrumentKind.SCHEME_OF_DELEGATION,
            instrument_ref="SoRD 4.2",
            may_subdelegate=True,
            sources=_cite(2),
        ),
        m.DecisionRight(
            id="right-1",
            holder="place-cttee",
            decision="capital",
            footprint="place",
            role=m.Role.DECIDES,
            basis=m.Basis.DELEGATED,
            value_min=0.0,
            value_max=1_000_000.0,
            conditions=HOSTILE[5],
            delegation="del-1",
            valid_from=day(2023, 4, 1),
            valid_to=day(2026, 3, 31),
        ),
        m.DecisionRight(
            id="right-2",
            holder="board",
            decision="capital",
            footprint="sys",
            role=m.Role.RATIFIES,
            basis=m.Basis.STATUTORY,
        ),
        m.AccountabilityLine(
            id="line-1",
            actor="place-cttee",
            answers_to="board",
            kind=m.AccountabilityKind.DELEGATED,
            basis=HOSTILE[2],
            valid_from=day(2023, 4, 1),
        ),
        m.AccountabilityLine(
            id="line-2",
            actor="chair",
            answers_to="council",
            kind=m.AccountabilityKind.INFORMAL,
            formal=False,
        ),
        m.Agreement(
            id="s75",
            name="Pooled budget",
            kind=m.AgreementKind.S75_POOLED_BUDGET,
            parties=[EVIL_ID, "council"],
            value=2_000_000.0,
            footprint="place",
        ),
        m.Programme(
            id="prog",
            name="Urgent care",
            footprint="sys",
            board="board",
            lead="chair",
            reports_to="board",
            cadence="monthly",
        ),
        m.FundingFlow(
            id="fund-1",
            funder=EVIL_ID,
            recipient="prog",
            purpose=HOSTILE[4],
            amount=250_000.0,
            share=0.25,
            recurrent=False,
            in_kind=True,
        ),
        m.ChangeEvent(
            id="ccg-to-icb",
            name="CCG to ICB",
            kind=m.ChangeKind.ESTABLISHMENT,
            date=day(2022, 7, 1),
            original=["council"],
            resulting=[EVIL_ID, "sys"],
        ),
        m.ReferenceRelation(
            id="rel-1", subject=EVIL_ID, object="sys", kind=m.RelationKind.LOCATED_IN, share=0.5
        ),
        m.Suppression(id="sup-1", rule="G12", target="board", reason=HOSTILE[3]),
        m.DeclaredInterest(id="int-1", member="chair", interest_in="council", nature=HOSTILE[2]),
        m.LoggedDecision(
            id="log-1",
            date=day(2023, 5, 10),
            taken_by="board",
            decision="capital",
            title=HOSTILE[4],
            place="sys",
            value=1_000_000.0,
            counterparty=EVIL_ID,
            reference="RC/23/041",
            paper=HOSTILE[5],
            url="https://example.org/m?a=1&b=2",
            present=["chair", "ann"],
        ),
        m.LoggedDecision(
            id="log-2",
            date=day(2023, 6, 1),
            taken_by="board",
            decision="capital",
            status=m.DecisionStatus.RATIFIED,
            ratifies="log-1",
        ),
    ]
    datasets = [
        Dataset("hand-written", vintage=HOSTILE[1], path="examples/x.yaml"),
        Dataset(
            "ods", vintage="2024-10", describes_from=day(2022, 7, 1), describes_to=day(2026, 3, 31)
        ),
    ]
    return Governance.from_entities(entities, datasets)


@contextmanager
def connect(settings: BoltSettings, **config: Any) -> Iterator[Any]:
    with open_driver(settings, **config) as driver:
        yield driver


def snapshot(settings: BoltSettings) -> list[str]:
    """Every node and relationship in the database, as sorted text (no internal ids)."""

    def text(value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {text(v)}" for k, v in sorted(value.items())) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(text(v) for v in value) + "]"
        return f"{type(value).__name__}:{value!r}"

    with connect(settings) as driver, driver.session(database=settings.database) as session:
        nodes = [
            f"node {sorted(r['labels'])} {text(r['props'])}"
            for r in session.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
        ]
        rels = [
            f"rel {r['a']!r} -{r['type']} {text(r['props'])}-> {r['b']!r}"
            for r in session.run(
                "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, "
                "properties(r) AS props, b.id AS b"
            )
        ]
    return sorted(nodes + rels)


def run(settings: BoltSettings, cypher: str, **params: Any) -> list[dict[str, Any]]:
    with connect(settings) as driver, driver.session(database=settings.database) as session:
        return [record.data() for record in session.run(cypher, **params)]


def push_to(settings: BoltSettings, gov: Governance, **kwargs: Any) -> Any:
    with connect(settings) as driver:
        return push(gov, driver, settings.database, **kwargs)


def pull_from(settings: BoltSettings) -> Governance:
    with connect(settings) as driver:
        return pull(driver, settings.database)


def add_foreign(settings: BoltSettings, attach_to: str) -> None:
    """A node icsgov did not write, with a relationship to one of icsgov's nodes."""
    run(
        settings,
        f"MATCH (e:IcsgovEntity {{id: $id}}) "
        f"CREATE (f:{FOREIGN_LABEL} {{id: $id, note: 'analyst notes'}})-[:ANNOTATES]->(e)",
        id=attach_to,
    )


def foreign_part(snap: list[str]) -> list[str]:
    return [line for line in snap if FOREIGN_LABEL in line or "ANNOTATES" in line]


# --- the tests ------------------------------------------------------------------


def test_the_rich_description_covers_every_class() -> None:
    counts = rich_governance().counts()
    assert all(counts.values()), counts
    assert set(LABELS) == {cls.__name__ for cls in m.ENTITY_CLASSES}


def test_push_then_pull_gives_back_exactly_what_was_pushed(bolt_database: BoltSettings) -> None:
    gov = rich_governance()
    report = push_to(bolt_database, gov, batch_size=4)
    pulled = pull_from(bolt_database)
    assert pulled.entities == gov.entities
    assert pulled.datasets == gov.datasets
    assert report.nodes == len(gov)
    counts = run(bolt_database, "MATCH (:IcsgovEntity)-[r]->(:IcsgovEntity) RETURN count(r) AS c")
    assert counts[0]["c"] == report.relationships > len(gov)


def test_the_bundled_example_round_trips(bolt_database: BoltSettings) -> None:
    gov = load()
    push_to(bolt_database, gov)
    pulled = pull_from(bolt_database)
    assert pulled.entities == gov.entities
    assert pulled.datasets == gov.datasets


def test_hostile_strings_stay_data_and_nothing_else_changes(bolt_database: BoltSettings) -> None:
    gov = rich_governance()
    run(bolt_database, f"CREATE (:{FOREIGN_LABEL} {{id: 'bystander', note: $n}})", n=HOSTILE[3])
    before = snapshot(bolt_database)
    push_to(bolt_database, gov)
    after = snapshot(bolt_database)
    assert foreign_part(after) == foreign_part(before) != []
    assert run(bolt_database, "MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS c") == [
        {"c": 0}
    ]
    evil = run(bolt_database, "MATCH (n:Organisation {id: $id}) RETURN n.name AS name", id=EVIL_ID)
    assert evil == [{"name": HOSTILE[3]}]
    assert pull_from(bolt_database).entities == gov.entities


def test_pushing_twice_leaves_the_same_database(bolt_database: BoltSettings) -> None:
    gov = rich_governance()
    push_to(bolt_database, gov, batch_size=3)
    first = snapshot(bolt_database)
    push_to(bolt_database, gov, batch_size=7)
    assert snapshot(bolt_database) == first
    assert len([line for line in first if line.startswith("node")]) == len(gov) + len(gov.datasets)


def test_relationships_connect_facts_to_what_they_name(bolt_database: BoltSettings) -> None:
    gov = rich_governance()
    push_to(bolt_database, gov)
    right = gov.of_type(m.DecisionRight)[0]
    rows = run(
        bolt_database,
        "MATCH (r:DecisionRight {id: $id})-[:HELD_BY]->(h:Body), (r)-[:CONCERNS]->(d:DecisionType) "
        "RETURN h.id AS holder, d.id AS decision",
        id=right.id,
    )
    assert rows == [{"holder": right.holder, "decision": right.decision}]
    line = gov.of_type(m.AccountabilityLine)[0]
    direct = run(
        bolt_database,
        "MATCH (a {id: $a})-[x:ANSWERS_TO]->(b {id: $b}) "
        "RETURN x.kind AS kind, x.valid_from AS since, x.owner AS owner",
        a=line.actor,
        b=line.answers_to,
    )
    assert [(d["kind"], d["since"].to_native(), d["owner"]) for d in direct] == [
        (line.kind.value, line.valid_from, line.id)
    ]
    cited = run(
        bolt_database,
        "MATCH (o {id: $id})-[c:CITES]->(s:Source) RETURN s.id AS s, c.locator AS loc "
        "ORDER BY c.ordinal",
        id=EVIL_ID,
    )
    org = gov.get(EVIL_ID)
    assert [(c["s"], c["loc"]) for c in cited] == [(s.source, s.locator) for s in org.sources]
    types = {r["t"] for r in run(bolt_database, "MATCH ()-[r]->() RETURN DISTINCT type(r) AS t")}
    assert types <= RELATIONSHIP_TYPES


def test_replace_removes_only_icsgov_entities_the_source_no_longer_has(
    bolt_database: BoltSettings,
) -> None:
    full = rich_governance()
    push_to(bolt_database, full)
    add_foreign(bolt_database, attach_to="board")
    dropped = {"line-1", "fund-1", "sup-1"}
    smaller = Governance.from_entities([e for e in full if e.id not in dropped], full.datasets[:1])

    push_to(bolt_database, smaller)  # without --replace nothing goes
    assert set(pull_from(bolt_database).entities) == set(full.entities)

    before = snapshot(bolt_database)
    report = push_to(bolt_database, smaller, replace=True)
    assert report.removed == len(dropped)
    pulled = pull_from(bolt_database)
    assert pulled.entities == smaller.entities
    assert pulled.datasets == smaller.datasets
    after = snapshot(bolt_database)
    assert foreign_part(after) == foreign_part(before) != []
    line = full.get("line-1")
    assert isinstance(line, m.AccountabilityLine)
    stale = run(
        bolt_database,
        "MATCH ()-[x:ANSWERS_TO]->() WHERE x.owner = $id RETURN count(x) AS c",
        id=line.id,
    )
    assert stale == [{"c": 0}]


def test_an_id_that_changes_class_is_rewritten(bolt_database: BoltSettings) -> None:
    gov = rich_governance()
    push_to(bolt_database, gov)
    changed = Governance.from_entities(
        [m.Person(id="sup-1", name="Now a person") if e.id == "sup-1" else e for e in gov],
        gov.datasets,
    )
    push_to(bolt_database, changed)
    assert pull_from(bolt_database).entities == changed.entities


def test_a_dangling_reference_is_refused_before_anything_is_written(
    bolt_database: BoltSettings,
) -> None:
    gov = Governance.from_entities(
        [m.Footprint(id="sys", name="S", level=m.Level.SYSTEM, part_of="nowhere")]
    )
    with pytest.raises(StoreError, match=r"sys -> nowhere.*icsgov validate"):
        push_to(bolt_database, gov)
    assert run(bolt_database, "MATCH (n:IcsgovEntity) RETURN count(n) AS c") == [{"c": 0}]


# --- a push cut off by the server stopping ------------------------------------


def _previous_version(gov: Governance) -> Governance:
    """What the database held before: some names differ, one entity is gone, one is extra."""
    entities: list[m.Entity] = [
        e.model_copy(update={"name": "old " + e.name}) if isinstance(e, m.Body) else e
        for e in gov
        if e.id != "fund-1"
    ]
    entities.append(m.Person(id="left-in-2023", name="Former member"))
    return Governance.from_entities(entities, gov.datasets[1:])


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.97])  # among nodes, edges, removals
def test_a_push_cut_off_by_a_server_stop_converges_when_run_again(
    tmp_path: Path, fraction: float
) -> None:
    gov = rich_governance()
    old = _previous_version(gov)
    server = ArcadeBolt(tmp_path / "root", tmp_path)
    try:
        server.start()
        cut = server.settings(server.create_database("cut"))
        whole = server.settings(server.create_database("whole"))
        for settings in (cut, whole):
            push_to(settings, old, batch_size=2)
        push_to(whole, gov, batch_size=2, replace=True)
        expected = snapshot(whole)

        stopped_at: list[tuple[int, int]] = []

        def stop_part_way(done: int, total: int) -> None:
            if not stopped_at and done >= max(1, round(total * fraction)):
                stopped_at.append((done, total))
                server.stop()

        with (
            connect(cut, max_transaction_retry_time=0.5, connection_timeout=2) as driver,
            pytest.raises(StoreError, match=r"(stopped|cut off).*push again to finish"),
        ):
            push(gov, driver, cut.database, batch_size=2, replace=True, progress=stop_part_way)
        assert stopped_at and stopped_at[0][0] < stopped_at[0][1], "the stop must fall inside"

        server.start()
        partial = snapshot(cut)
        assert partial != expected
        push_to(cut, gov, batch_size=2, replace=True)
        assert snapshot(cut) == expected
        assert pull_from(cut).entities == gov.entities
    finally:
        server.stop()


# --- the command line ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _neo4j_command_registered() -> Iterator[None]:
    """The real ``neo4j`` group on the real ``icsgov`` CLI, until cli.py lists its module."""
    from icsgov.cli import cli
    from icsgov.commands.neo4j import neo4j

    added = "neo4j" not in cli.commands
    if added:
        cli.add_command(neo4j)
    yield
    if added:
        del cli.commands["neo4j"]


SMALL_YAML = """\
sources:
  - id: act
    title: Health and Care Act 2022
footprints:
  - id: sys
    name: A system
    level: system
    sources: [{source: act, locator: "s19"}]
organisations:
  - id: icb
    name: An ICB
    kind: icb
    statutory: true
    footprints: [sys]
"""


def test_cli_push_and_pull_never_show_the_password(
    bolt_database: BoltSettings,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "gov.yaml").write_text(SMALL_YAML)
    monkeypatch.setenv("NEO4J_PASSWORD", bolt_database.password)
    where = ["--uri", bolt_database.uri, "--user", bolt_database.user]
    if bolt_database.database:
        where += ["--database", bolt_database.database]
    argv = ["neo4j", "push", "--data", str(tmp_path / "gov.yaml"), *where]
    pushed = run_cli(capfd, *argv)
    assert pushed.code == 0, pushed.err
    assert "Pushed 3 entities" in pushed.out
    pulled = run_cli(capfd, "neo4j", "pull", "--json", *where)
    assert pulled.code == 0, pulled.err
    assert pulled.json()["counts"]["organisation"] == 1
    assert pulled.json()["entities"] == 3
    for outcome in (pushed, pulled):
        assert bolt_database.password not in outcome.out + outcome.err
    assert bolt_database.password not in " ".join(argv)


def test_cli_refuses_a_wrong_password_without_echoing_it(
    bolt_database: BoltSettings, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "Wr0ng-'pass'-" + bolt_database.password[::-1]
    monkeypatch.setenv("NEO4J_PASSWORD", wrong)
    outcome = run_cli(
        capfd, "neo4j", "pull", "--uri", bolt_database.uri, "--user", bolt_database.user
    )
    assert outcome.code == 2
    assert "refused user" in outcome.err and "NEO4J_PASSWORD" in outcome.err
    assert wrong not in outcome.out + outcome.err
    assert "Traceback" not in outcome.err


def test_cli_has_no_password_option_and_asks_for_the_variable(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    option = run_cli(capfd, "neo4j", "push", "--password", "x")
    assert option.code == 2 and "No such option" in option.err
    missing = run_cli(capfd, "neo4j", "pull", "--uri", "bolt://127.0.0.1:1")
    assert missing.code == 2
    assert "set NEO4J_PASSWORD" in missing.err


def test_cli_reports_an_unreachable_server_plainly(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.bolt_server import free_port

    monkeypatch.setenv("NEO4J_PASSWORD", "irrelevant-secret")
    outcome = run_cli(capfd, "neo4j", "pull", "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert outcome.code == 2
    assert "No Bolt server answers" in outcome.err
    assert "irrelevant-secret" not in outcome.out + outcome.err


def test_the_docs_name_every_label_and_relationship_type() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "neo4j.md").read_text()
    named = set(re.findall(r"`:?([A-Z][A-Za-z_]+)`", doc))
    assert set(LABELS) <= named, sorted(set(LABELS) - named)
    assert named >= RELATIONSHIP_TYPES, sorted(RELATIONSHIP_TYPES - named)
