"""Opening a Bolt connection (Neo4j, ArcadeDB, Memgraph...) without leaking the password.

The password comes from ``NEO4J_PASSWORD`` or an interactive prompt, never
from the command line (where ``ps`` and shell history would show it) and
never in a log line or an error message: :func:`open_driver` turns driver
failures into :class:`~icsgov.errors.StoreError` whose text has the password
blanked out, in case a server ever echoes it back.

The ``neo4j`` driver is imported inside the functions, so importing this
module (and so starting the CLI) stays cheap.

>>> settings = BoltSettings(uri="bolt://127.0.0.1:7687", user="neo4j", password="hunter2")
>>> "hunter2" in repr(settings)
False
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from icsgov.errors import IcsgovError, StoreError

DEFAULT_BATCH_SIZE = 5000
"""Entities per push transaction. On ArcadeDB over Bolt, pushing the example plus
the national skeleton ran at 2,737 rows/s in batches of 500, 5,635 in 2,000 and
10,341 in 5,000 (one run each, same server): per-statement cost dominates."""

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "BoltSettings",
    "bolt_errors",
    "explain",
    "is_arcadedb",
    "open_driver",
    "redact",
    "resolve_database",
    "settings_from_env",
]

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"


@dataclass(frozen=True)
class BoltSettings:
    """Where to connect and as whom; the password is kept out of ``repr``.

    ``database`` ``None`` means the server's default database.
    """

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = field(default="", repr=False)
    database: str | None = None


def settings_from_env(
    uri: str | None = None,
    user: str | None = None,
    database: str | None = None,
    prompt: Callable[[str], str] | None = None,
) -> BoltSettings:
    """Settings from the arguments, else ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_DATABASE``.

    The password is read from ``NEO4J_PASSWORD``; when that is unset and a
    ``prompt`` is given (the CLI passes a hidden-input prompt), it is asked
    for. Without either, a :class:`StoreError` says how to provide it.

    >>> s = settings_from_env("bolt://db:7687", "ann", "gov", prompt=lambda _: "pw")
    >>> (s.uri, s.user, s.database, s.password == "pw" or "NEO4J_PASSWORD" in os.environ)
    ('bolt://db:7687', 'ann', 'gov', True)
    """
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        if prompt is None:
            raise StoreError(
                "No password for the Bolt server: set NEO4J_PASSWORD in the environment "
                "(icsgov never takes a password on the command line)."
            )
        password = prompt("Password for the Bolt server")
    return BoltSettings(
        uri=uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
        user=user or os.environ.get("NEO4J_USER") or DEFAULT_USER,
        password=password,
        database=database or os.environ.get("NEO4J_DATABASE") or None,
    )


def redact(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` replaced by ``***``.

    >>> redact("auth failed for pw=s3cret", "s3cret")
    'auth failed for pw=***'
    """
    return text.replace(secret, "***") if secret else text


_FIXES: tuple[tuple[str, str], ...] = (
    (
        "Neo.ClientError.Security.AuthenticationRateLimit",
        "too many failed log-ins for {who}: the server locks the user out for a "
        "while (dbms.security.auth_lock_time, 5 s by default). Check NEO4J_USER and "
        "NEO4J_PASSWORD, wait, and try again",
    ),
    (
        "Neo.ClientError.Security.CredentialsExpired",
        "the password of {who} has expired: change it first (in cypher-shell or "
        "Neo4j Browser: ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new'), then set "
        "NEO4J_PASSWORD to the new one",
    ),
    (
        "Neo.ClientError.Security.Unauthorized",
        "the server refused {who}: check NEO4J_USER and NEO4J_PASSWORD",
    ),
    (
        "Neo.ClientError.Security.Forbidden",
        "{who} may not do this on {where}: ask an administrator for "
        "a role that may write there (GRANT WRITE / GRANT NAME MANAGEMENT and INDEX "
        "MANAGEMENT for the constraints and indexes), or use another user",
    ),
    (
        "Neo.ClientError.Database.DatabaseNotFound",
        "there is no database {where} on {uri}: check --database or NEO4J_DATABASE "
        "(SHOW DATABASES lists them), or leave it unset for the server's default",
    ),
    (
        "Neo.TransientError.",
        "the database was briefly unable to finish (busy, a lock, a leader change) and the "
        "driver's retries ran out: run the same command again",
    ),
)


def explain(
    code: str | None, *, user: str | None = None, database: str | None = None, uri: str = ""
) -> str | None:
    """What a Neo4j status code means for the user and how to fix it; ``None`` if unknown.

    >>> explain("Neo.ClientError.Database.DatabaseNotFound", database="gov", uri="bolt://db")[:40]
    "there is no database 'gov' on bolt://db:"
    >>> explain("Neo.ClientError.Security.Forbidden", user="ann")[:26]
    "user 'ann' may not do this"
    >>> explain("Neo.ClientError.Statement.SyntaxError") is None
    True
    """
    for prefix, fix in _FIXES:
        if code and code.startswith(prefix):
            return fix.format(
                who=f"user '{user}'" if user else "this user",
                where=f"'{database}'" if database else "the default database",
                uri=uri or "the server",
            )
    return None


def is_arcadedb(driver: Driver) -> bool:
    """Whether the server is ArcadeDB: the one switch for the few places its Cypher differs.

    Neo4j (5.x, 2025.x, Aura) says ``Neo4j/<version>`` in its Bolt agent
    string; ArcadeDB 26's Bolt plugin says ``Neo4j/5.26.0 compatible (ArcadeDB ...)``.
    """
    agent = driver.get_server_info().agent or ""
    return "arcadedb" in agent.lower()


def resolve_database(driver: Driver, database: str | None) -> str | None:
    """``database``, or the name of the user's home database when it is ``None``.

    Naming the database in every session spares the driver a round trip to
    ask the server which database is meant, and keeps one push in one
    database even if the home database changes part-way.
    """
    if database:
        return database
    with driver.session() as session:
        return session.run("RETURN 1").consume().database or None


@contextmanager
def bolt_errors(
    refused: str,
    lost: str,
    *,
    unexplained: str | None = None,
    refused_as: type[IcsgovError] = StoreError,
    explained: bool = True,
    user: str | None = None,
    database: str | None = None,
    uri: str = "",
    password: str = "",
) -> Iterator[None]:
    """Driver errors inside the block as icsgov errors: the one place Neo4j failures are worded.

    A refusal by the server (``Neo4jError``) becomes ``refused_as`` with the
    message ``refused``, where ``{code}`` is the status code and ``{fix}`` what
    :func:`explain` says to do (or, if it has nothing or ``explained`` is
    false, the server's own message, worded by ``unexplained`` when given).
    A lost or missing connection (any other driver error, ``OSError``) becomes
    a ``StoreError`` with ``lost``, where ``{detail}`` is the error's type and
    text on one line. ``password`` is blanked out of every message.

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> with bolt_errors("refused ({code}): {fix}", "lost ({detail})", password="pw"):
    ...     raise ServiceUnavailable("no route to pw")
    Traceback (most recent call last):
    icsgov.errors.StoreError: lost (ServiceUnavailable: no route to ***)
    """
    from neo4j import exceptions as nx

    try:
        yield
    except nx.Neo4jError as exc:
        fix = explain(exc.code, user=user, database=database, uri=uri) if explained else None
        template = refused if fix is not None or unexplained is None else unexplained
        text = fix if fix is not None else redact(str(exc.message), password)
        message = template.replace("{code}", str(exc.code)).replace("{fix}", text)
        raise refused_as(message) from None
    except (nx.DriverError, OSError) as exc:
        detail = f"{type(exc).__name__}: {' '.join(redact(str(exc), password).split())}"
        raise StoreError(lost.replace("{detail}", detail)) from None


@contextmanager
def open_driver(settings: BoltSettings, **config: Any) -> Iterator[Driver]:
    """A connected, verified driver, closed on exit; failures become ``StoreError``.

    ``config`` goes to ``neo4j.GraphDatabase.driver`` (e.g.
    ``max_transaction_retry_time`` or ``connection_timeout``).
    """
    import neo4j
    from neo4j import exceptions as nx

    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password), **config
        )
    except (ValueError, nx.ConfigurationError) as exc:
        raise StoreError(
            f"Cannot use the Bolt address '{settings.uri}': {redact(str(exc), settings.password)}. "
            "Write it as bolt://HOST:PORT or neo4j://HOST:PORT."
        ) from None
    try:
        with bolt_errors(  # AuthError, and the rate limit (a plain ClientError), are refusals
            f"The Bolt server at {settings.uri}: {{fix}}.",
            f"No Bolt server answers at {settings.uri} ({{detail}}); start it or pass --uri.",
            unexplained=f"The Bolt server at {settings.uri}: the server refused the connection "
            "({code}: {fix}).",
            user=settings.user,
            database=settings.database,
            uri=settings.uri,
            password=settings.password,
        ):
            driver.verify_connectivity()
        yield driver
    finally:
        driver.close()
