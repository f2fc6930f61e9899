"""What only a real Neo4j 5 shows: indexes, ownership of properties, errors, read transactions.

These run on the session's Neo4j 5.26 Community server (tests/neo4j_server.py).
ArcadeDB runs the shared Bolt tests too, but has no full-text index DDL, no
read-only transactions and labels that are record types, so none of this
applies to it.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import exceptions as nx

from icsgov.errors import StoreError
from icsgov.graph.neo4j.bolt import BoltSettings, open_driver
from icsgov.graph.neo4j.io import (
    INDEXES,
    LEGACY_DIRECT,
    LEGACY_TYPES,
    NAME_INDEXED,
    SEARCH_INDEX,
    VERBS,
    push,
)
from tests.bolt_server import BoltTarget
from tests.cli_helpers import run_cli
from tests.neo4j_server import EXPIRED_USER, PROBE_USER
from tests.test_neo4j_io import (
    EVIL_ID,
    SMALL_YAML,
    pull_from,
    push_to,
    rich_governance,
    run,
    snapshot,
)

DOCS = Path(__file__).parent.parent / "docs" / "neo4j.md"


@pytest.fixture
def neo4j_db(neo4j_target: BoltTarget) -> BoltSettings:
    """The Neo4j database, emptied of icsgov's (and the tests') nodes."""
    return neo4j_target.fresh()


def _where(settings: BoltSettings, uri: str | None = None) -> list[str]:
    return ["--uri", uri or settings.uri, "--user", settings.user, "--database", "neo4j"]


def test_push_warns_what_it_owns_and_leaves_others_labels_and_properties(
    neo4j_db: BoltSettings,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "gov.yaml"
    with_alias = SMALL_YAML.replace(
        "    statutory: true\n", "    statutory: true\n    aliases: [Old]\n"
    )
    data.write_text(with_alias)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_db.password)
    first = run_cli(capfd, "neo4j", "push", "--data", str(data), *_where(neo4j_db))
    assert first.code == 0, first.err
    assert "replaces the properties icsgov writes" in first.err
    assert "left alone" in first.err
    run(neo4j_db, "MATCH (n:Organisation {id: 'icb'}) SET n:Reviewed, n.note = 'checked'")
    # The data changes: a new name, and a field (aliases) is dropped.
    data.write_text(SMALL_YAML.replace("name: An ICB", "name: A renamed ICB"))
    second = run_cli(capfd, "neo4j", "push", "--data", str(data), *_where(neo4j_db))
    assert second.code == 0, second.err
    [node] = run(
        neo4j_db,
        "MATCH (n:Organisation {id: 'icb'}) RETURN labels(n) AS labels, n.name AS name, "
        "n.note AS note, n.aliases AS aliases",
    )
    assert sorted(node["labels"]) == ["IcsgovEntity", "Organisation", "Reviewed"]
    assert (node["name"], node["note"], node["aliases"]) == ("A renamed ICB", "checked", None)


OWNED_TYPES = "MATCH ()-[r]->() WHERE r.owner IS NOT NULL RETURN type(r) AS t, count(r) AS n"


def test_a_push_migrates_the_noun_relationship_types_of_earlier_versions(
    neo4j_db: BoltSettings,
) -> None:
    """A database as an earlier icsgov left it (the field's name in capitals, HAS_RIGHT) is
    made by renaming a fresh push's types back, with a relationship of an old type that
    icsgov does not own (no 'owner') beside them; the next push moves every owned one."""
    gov = rich_governance()
    push_to(neo4j_db, gov)
    fresh = {r["t"]: r["n"] for r in run(neo4j_db, OWNED_TYPES)}
    renamed = 0
    for (cls, name), old in LEGACY_TYPES.items():
        new = VERBS[(cls.__name__, name)]
        [moved] = run(
            neo4j_db,
            f"MATCH (a:IcsgovEntity:{cls.__name__})-[r:{new}]->(b) WHERE r.owner = a.id "
            f"CREATE (a)-[s:{old}]->(b) SET s = properties(r) DELETE r RETURN count(s) AS n",
        )
        renamed += moved["n"]
    for old, new in LEGACY_DIRECT.items():
        [moved] = run(
            neo4j_db,
            f"MATCH (a)-[r:{new}]->(b) CREATE (a)-[s:{old}]->(b) SET s = properties(r) "
            "DELETE r RETURN count(s) AS n",
        )
        renamed += moved["n"]
    run(neo4j_db, "MATCH (a:Organisation), (b:Footprint) WITH a, b LIMIT 1 CREATE (a)-[:OF]->(b)")
    before = {r["t"]: r["n"] for r in run(neo4j_db, OWNED_TYPES)}
    verbs = {VERBS[(cls.__name__, name)] for cls, name in LEGACY_TYPES} | set(
        LEGACY_DIRECT.values()
    )
    assert renamed == sum(n for t, n in fresh.items() if t in verbs) > 40  # every new-named one
    assert "HOLDER" in before and "HAS_RIGHT" in before
    assert not set(before) & (
        set(VERBS.values())
        - {"PART_OF", "TAKEN_BY", "RATIFIES", "REPRESENTS", "REPORTS_TO", "CITES"}
    )

    report = push_to(neo4j_db, gov)
    assert report.migrated == renamed
    after = {r["t"]: r["n"] for r in run(neo4j_db, OWNED_TYPES)}
    assert after == fresh  # only the new types, each as many as a fresh push writes
    [kept] = run(neo4j_db, "MATCH ()-[r:OF]->() RETURN count(r) AS n")
    assert kept["n"] == 1  # not icsgov's: left alone
    assert pull_from(neo4j_db) == gov
    again = push_to(neo4j_db, gov)
    assert again.migrated == 0


def test_this_server_does_not_take_the_cypher_25_prefix(neo4j_db: BoltSettings) -> None:
    """Neo4j 5.26 knows Cypher 5 only (CYPHER 25 arrived in 2025.06), so the shipped texts
    are checked against Cypher 25's removals by reading (docs/neo4j.md). When the test
    server moves to a version that takes the prefix, this fails: run the texts under it."""
    assert run(neo4j_db, "CYPHER 5 RETURN 1 AS one") == [{"one": 1}]
    with pytest.raises(nx.ClientError) as refused:
        run(neo4j_db, "CYPHER 25 RETURN 1 AS one")
    assert "25" in str(refused.value.message)


def test_indexes_serve_name_look_ups_and_the_full_text_search(neo4j_db: BoltSettings) -> None:
    push_to(neo4j_db, rich_governance())
    names = {r["name"] for r in run(neo4j_db, "SHOW INDEXES YIELD name, state RETURN *")}
    assert {f"icsgov_{label.lower()}_name" for label in NAME_INDEXED} <= names
    assert SEARCH_INDEX in names and len(INDEXES) == len(NAME_INDEXED) + 1
    run(neo4j_db, "CALL db.awaitIndexes(60)")
    with open_driver(neo4j_db) as driver:
        summary = driver.execute_query(
            "EXPLAIN MATCH (n:Organisation {name: $name}) RETURN n.id",
            name="County Council",
            database_="neo4j",
        ).summary
    assert "NodeIndexSeek" in str(summary.plan), summary.plan
    found = run(
        neo4j_db,
        f"CALL db.index.fulltext.queryNodes('{SEARCH_INDEX}', $q) YIELD node RETURN node.id AS id",
        q='"ods:QJK"',  # an ODS code, held in a list property (quoted: ':' is Lucene syntax)
    )
    assert EVIL_ID in [r["id"] for r in found]
    by_name = run(
        neo4j_db,
        f"CALL db.index.fulltext.queryNodes('{SEARCH_INDEX}', $q) YIELD node RETURN node.id AS id",
        q="county",
    )
    assert "council" in [r["id"] for r in by_name]


def test_the_server_refuses_a_write_inside_a_read_transaction(neo4j_db: BoltSettings) -> None:
    with open_driver(neo4j_db) as driver, driver.session(database="neo4j") as session:
        with pytest.raises(nx.ClientError) as caught:
            session.execute_read(lambda tx: tx.run("CREATE (:IcsgovTestForeign)").consume())
        assert "AccessMode" in (caught.value.code or ""), caught.value.code
    assert run(neo4j_db, "MATCH (n:IcsgovTestForeign) RETURN count(n) AS c") == [{"c": 0}]


def test_the_neo4j_routing_scheme_works_against_the_single_server(
    neo4j_db: BoltSettings,
) -> None:
    routed = BoltSettings(
        neo4j_db.uri.replace("bolt://", "neo4j://"), neo4j_db.user, neo4j_db.password, None
    )
    gov = rich_governance()
    with open_driver(routed) as driver:
        push(gov, driver, None)  # no database named: the home database is asked for once
    assert pull_from(neo4j_db).entities == gov.entities


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"database": "nosuchdb"}, r"no database 'nosuchdb'.*SHOW DATABASES"),
        ({"user": EXPIRED_USER}, r"password of this user has expired.*ALTER CURRENT"),
    ],
)
def test_server_refusals_name_the_cause_and_the_fix(
    neo4j_db: BoltSettings,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, str],
    expected: str,
) -> None:
    user = change.get("user", neo4j_db.user)
    password = neo4j_db.password if user == neo4j_db.user else _second_password()
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    where = ["--uri", neo4j_db.uri, "--user", user]
    where += ["--database", change.get("database", "neo4j")]
    for argv in (["neo4j", "pull", *where], ["neo4j", "push", *where]):
        outcome = run_cli(capfd, *argv)
        assert outcome.code == 2, outcome.err
        assert re.search(expected, " ".join(outcome.err.split())), outcome.err
        assert "Traceback" not in outcome.err and password not in outcome.out + outcome.err


def _second_password() -> str:
    from tests.neo4j_server import PROBE_PASSWORD

    return PROBE_PASSWORD


def test_repeated_wrong_passwords_hit_the_rate_limit_and_say_so(
    neo4j_target: BoltTarget, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    messages = []
    for _ in range(5):  # the server allows 3 failures, then locks the user for 5 s
        outcome = run_cli(capfd, "neo4j", "pull", "--uri", neo4j_target.uri, "--user", PROBE_USER)
        assert outcome.code == 2 and "Traceback" not in outcome.err
        messages.append(" ".join(outcome.err.split()))
    assert any("refused user 'icsgov_probe'" in m for m in messages), messages
    assert any("too many failed log-ins" in m and "auth_lock_time" in m for m in messages), messages


# --- a push cut off by the network ---------------------------------------------


class CuttableProxy:
    """A TCP relay on 127.0.0.1 between the driver and Neo4j that can drop every connection."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.target))
            with self._lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """The network goes: every relayed connection is dropped and new ones refused."""
        self.open = False
        with self._lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxy(neo4j_target: BoltTarget) -> Iterator[CuttableProxy]:
    assert neo4j_target.neo4j is not None
    relay = CuttableProxy(neo4j_target.neo4j.port)
    yield relay
    relay.close()


def test_a_push_cut_off_by_the_network_converges_when_run_again(
    neo4j_db: BoltSettings, proxy: CuttableProxy
) -> None:
    gov = rich_governance()
    push_to(neo4j_db, gov, batch_size=2)
    expected = snapshot(neo4j_db)
    run(neo4j_db, "MATCH (n) WHERE n:IcsgovEntity OR n:IcsgovDataset DETACH DELETE n")

    cut_at: list[tuple[int, int]] = []

    def cut_part_way(done: int, total: int) -> None:
        if not cut_at and done >= total // 2:
            cut_at.append((done, total))
            proxy.cut()

    via = BoltSettings(f"bolt://127.0.0.1:{proxy.port}", neo4j_db.user, neo4j_db.password, "neo4j")
    config: dict[str, Any] = {"max_transaction_retry_time": 0.5, "connection_timeout": 2}
    with (
        open_driver(via, **config) as driver,
        pytest.raises(StoreError, match=r"cut off.*push again to finish"),
    ):
        push(gov, driver, "neo4j", batch_size=2, progress=cut_part_way)
    assert cut_at and cut_at[0][0] < cut_at[0][1], "the cut must fall inside the push"
    assert snapshot(neo4j_db) != expected
    push_to(neo4j_db, gov, batch_size=2)
    assert snapshot(neo4j_db) == expected


# --- the Cypher in docs/neo4j.md -------------------------------------------------


def _doc_queries() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```cypher\n(.*?)```", text, flags=re.S)
    queries = []
    for block in blocks:
        lines = [line for line in block.splitlines() if not line.lstrip().startswith("//")]
        queries += [q.strip() for q in "\n".join(lines).split(";") if q.strip()]
    return queries


def test_every_cypher_example_in_the_docs_runs_and_finds_something(
    neo4j_target: BoltTarget, example: Any
) -> None:
    from icsgov.ontology import model as m

    settings = neo4j_target.holding(example)
    body = next(b for b in example.of_type(m.Body) if b.name)
    org = example.of_type(m.Organisation)[0]
    cited = next(e for e in example if e.sources).sources[0].source
    decision = next(r.decision for r in example.of_type(m.DecisionRight))
    params = {
        "body_name": body.name,
        "words": org.name.split()[0],
        "prefix": org.name[:4],
        "decision": decision,
        "source": cited,
    }
    queries = _doc_queries()
    assert len(queries) >= 6, queries
    with open_driver(settings) as driver:
        driver.execute_query("CALL db.awaitIndexes(60)", database_="neo4j")
        for query in queries:
            used = {k: v for k, v in params.items() if f"${k}" in query}
            records, _, _ = driver.execute_query(query, used, database_="neo4j", routing_="r")
            assert records, f"no rows from the documented query:\n{query}"
            if "{name: $body_name}" in query:
                plan = driver.execute_query(
                    "EXPLAIN " + query, used, database_="neo4j"
                ).summary.plan
                assert "NodeIndexSeek" in str(plan), plan


# --- the Bloom perspective ---------------------------------------------------------


def test_the_shipped_perspective_is_the_generated_one() -> None:
    from icsgov.graph.neo4j.bloom import PERSPECTIVE_FILE, perspective_json

    assert PERSPECTIVE_FILE.read_text(encoding="utf-8") == perspective_json(), (
        "the model changed: regenerate it with python -c 'from icsgov.graph.neo4j.bloom import "
        "PERSPECTIVE_FILE, perspective_json; PERSPECTIVE_FILE.write_text(perspective_json())'"
    )


def test_every_bloom_search_phrase_runs_and_finds_the_example(
    neo4j_target: BoltTarget, example: Any
) -> None:
    from icsgov.graph.neo4j.bloom import SEARCH_PHRASES
    from icsgov.ontology import model as m

    settings = neo4j_target.holding(example)
    right = next(r for r in example.of_type(m.DecisionRight) if r.delegation)
    decision = example.get(right.decision)
    place = example.get(right.footprint)
    line = example.of_type(m.AccountabilityLine)[0]
    actor = example.get(line.actor)
    params = {
        "decision": decision.name.split()[0],
        "place": place.name.split()[0],
        "actor": actor.name,
        "right": right.id,
    }
    with open_driver(settings) as driver:
        for search in SEARCH_PHRASES:
            used = {k: params[k] for k in search["parameters"]}
            records, _, _ = driver.execute_query(search["cypher"], used, database_="neo4j")
            assert records, (search["phrase"], used)
