"""The Bolt password never appears in argv, output, logs, exceptions or exported files.

The commands run in this process against each real Bolt server (Neo4j 5 and
ArcadeDB) with ``NEO4J_PASSWORD`` set; ``capfd`` captures file descriptors 1 and 2, so the
driver's and the JVM's own logging is searched too, and Python's logging is
raised to DEBUG for the run. Every file the commands write is searched as well.
A wrong, random password is searched for the same way.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import yaml

from icsgov.cli import cli
from icsgov.graph.neo4j.bolt import BoltSettings
from tests.bolt_server import BoltTarget
from tests.cli_helpers import Outcome, run_cli
from tests.golden_who_decides import CASES, CORE


@pytest.fixture
def debug_logging() -> Iterator[None]:
    root = logging.getLogger()
    stream = os.fdopen(2, "w", buffering=1, closefd=False)  # fd 2: captured by capfd
    handler = logging.StreamHandler(stream)
    before = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield
    root.removeHandler(handler)
    root.setLevel(before)
    stream.close()


def commands(settings: BoltSettings, out: Path) -> list[list[str]]:
    case = CASES[0]
    actor = str(yaml.safe_load(CORE.read_text(encoding="utf-8"))["organisations"][0]["id"])
    uri = settings.uri
    where = ["--uri", uri, "--user", settings.user, "--database", settings.database or ""]
    store = ["--store", uri]
    asked = [str(case["decision"]), "--at", str(case["at"]), "--as-of", str(case["as_of"])]
    return [
        ["neo4j", "push", "--data", str(CORE), *where],
        ["neo4j", "pull", "--json", *where],
        ["neo4j", "query", "MATCH (n:Organisation) RETURN n.id AS id", *where],
        [*store, "who-decides", *asked, "--json"],
        [*store, "web", actor, "--format", "cytoscape", "-o", str(out / "web.json")],
        ["neo4j", "pull", "--uri", uri, "--user", "nobody-" + secrets.token_hex(4)],
    ]


def test_the_password_appears_nowhere(
    bolt_database: BoltSettings,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    debug_logging: None,
) -> None:
    password = bolt_database.password
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    monkeypatch.setenv("NEO4J_DATABASE", bolt_database.database or "")
    monkeypatch.setenv("NEO4J_USER", bolt_database.user)
    out = tmp_path / "out"
    out.mkdir()
    outcomes: list[tuple[list[str], Outcome]] = []
    for argv in commands(bolt_database, out):
        outcomes.append((argv, run_cli(capfd, *argv)))
    codes = [o.code for _, o in outcomes]
    assert codes[:3] == [0, 0, 0], [(a, o.err) for a, o in outcomes]
    assert codes[3] in (0, 1) and codes[4] == 0, [o.err[-800:] for _, o in outcomes[3:5]]
    assert codes[5] == 2 and "Traceback" not in outcomes[5][1].err
    written = sorted(out.iterdir())
    assert "web.json" in [p.name for p in written]
    for argv, outcome in outcomes:
        assert password not in " ".join(argv)
        assert password not in outcome.out + outcome.err, argv
    for path in written:
        assert password not in path.read_text(encoding="utf-8")


def test_a_wrong_random_password_is_not_echoed(
    bolt_target: BoltTarget,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    debug_logging: None,
) -> None:
    wrong = "Wr0ng-'\"-" + secrets.token_urlsafe(16)
    monkeypatch.setenv("NEO4J_PASSWORD", wrong)
    user = bolt_target.probe_user  # on Neo4j, a user whose lock-out harms no other test
    monkeypatch.setenv("NEO4J_USER", user)
    for argv in (
        ["neo4j", "pull", "--uri", bolt_target.uri, "--user", user],
        ["--store", bolt_target.uri, "who-decides", "x", "--at", "y"],
    ):
        outcome = run_cli(capfd, *argv)
        assert outcome.code == 2, outcome.err
        assert "Traceback" not in outcome.err
        assert wrong not in outcome.out + outcome.err
        assert wrong[len("Wr0ng-'\"-") :] not in outcome.out + outcome.err


def _options(command: click.Command, path: str) -> Iterator[tuple[str, str]]:
    for param in command.params:
        for name in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]:
            yield path, name
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _options(sub, f"{path} {name}")


def test_no_command_takes_a_password_or_secret_on_the_command_line() -> None:
    found = list(_options(cli, "icsgov"))
    assert len({p for p, _ in found}) > 20, "the whole command tree is walked"
    bad = [
        (p, o)
        for p, o in found
        if any(word in o.lower() for word in ("pass", "secret", "token", "credential", "auth"))
    ]
    assert bad == []
