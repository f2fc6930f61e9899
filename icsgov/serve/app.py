"""A read-only local web UI: who decides, the decision matrix, the web, subsidiarity, checks.

Standard library only (``http.server``'s ``ThreadingHTTPServer``): GET and
HEAD, nothing else (405). Every page has a JSON twin (``/web`` and
``/web.json``) built by the same library call as the command line, so the
UI, the JSON and the CLI cannot disagree. Nothing is read from disk after
start-up: routes are a fixed table, and a path that tries to climb out
(``..``, encoded or not) is refused with 400. Bad parameters are 400 with a
message, unknown names 404 with suggestions, and never a traceback.

>>> from icsgov.graph.memory import MemoryStore
>>> from icsgov.loaders import load
>>> app = App(MemoryStore(load()))
>>> app.respond("GET", "/web.json?actor=nobody-at-all").status
404
>>> app.respond("POST", "/web").status
405
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from icsgov.errors import IcsgovError
from icsgov.graph.store import GraphStore
from icsgov.serve import pages

__all__ = ["App", "BadRequest", "Response", "make_server"]

_PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class BadRequest(IcsgovError):
    """A query parameter is missing or malformed (400)."""


@dataclass
class Response:
    """Status, content type and body of one answer."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


_Choice = TypeVar("_Choice", bound=str)


@dataclass(frozen=True)
class _Query:
    params: dict[str, list[str]]

    def get(self, name: str, default: str = "") -> str:
        values = self.params.get(name)
        return values[-1].strip() if values else default

    def all(self, name: str) -> list[str]:
        return [
            v.strip() for value in self.params.get(name, []) for v in value.split(",") if v.strip()
        ]

    def required(self, name: str, what: str) -> str:
        value = self.get(name)
        if not value:
            raise BadRequest(f"missing parameter '{name}': give {what}, e.g. ?{name}=...")
        return value

    def date(self, name: str = "as_of") -> dt.date | None:
        value = self.get(name, "today")
        if value in ("today", ""):
            return dt.date.today()
        if value == "any":
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise BadRequest(f"'{value}' is not a date: write {name} as YYYY-MM-DD") from None

    def number(self, name: str, default: float, low: float, high: float) -> float:
        value = self.get(name)
        if not value:
            return default
        try:
            number = float(value)
        except ValueError:
            raise BadRequest(f"{name} must be a number, not '{value}'") from None
        if not low <= number <= high:
            raise BadRequest(f"{name} must be between {low:g} and {high:g}, not {value}")
        return number

    def choice(self, name: str, choices: tuple[_Choice, ...]) -> _Choice:
        from icsgov.queries.resolve import choose

        return choose(self.get(name, choices[0]) or choices[0], choices, name)


class App:
    """The routes over one loaded store; :meth:`respond` turns a request line into a response."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.routes: dict[str, Callable[[_Query, bool], Response]] = {
            "/who-decides": self._who_decides,
            "/matrix": self._matrix,
            "/web": self._web,
            "/subsidiarity": self._subsidiarity,
            "/checks": self._checks,
            "/audit": self._audit,
            "/map": self._map,
            "/record": self._record,
        }
        self._names: pages.Names | None = None

    def respond(self, method: str, target: str) -> Response:
        """Answer ``method target`` (e.g. ``GET /web.json?actor=x``); never raises."""
        if method not in ("GET", "HEAD"):
            return self._error(
                405, "Method not allowed", "this UI is read-only: GET or HEAD only", False
            )
        split = urlsplit(target)
        path, as_json = split.path, False
        if _climbs(path):
            return self._error(400, "Bad path", "paths may not contain '..' or backslashes", False)
        if path.endswith(".json"):
            path, as_json = path[: -len(".json")], True
        try:
            if path in ("/", "/index", ""):
                return self._index(as_json)
            route = self.routes.get(path.rstrip("/") or "/")
            if route is None:
                return self._error(
                    404, "Not found", f"no page '{split.path}'", as_json, [p for _, p in pages.NAV]
                )
            return route(_Query(parse_qs(split.query, keep_blank_values=True)), as_json)
        except IcsgovError as exc:
            return self._error(exc.http_status, exc.http_title, str(exc), as_json, exc.alternatives)
        except Exception:  # a bug: say so, log it, never show the traceback to the browser
            traceback.print_exc(file=sys.stderr)
            return self._error(
                500, "Internal error", "something went wrong; see the server log", as_json
            )

    # --- pages -------------------------------------------------------------------------------

    def _index(self, as_json: bool) -> Response:
        if as_json:
            return _json(
                200,
                {"pages": [{"name": t, "path": p, "json": f"{p}.json"} for t, p in pages.NAV[1:]]},
            )
        items = "".join(
            f'<li><a href="{p}">{t}</a> (<a href="{p}.json">JSON</a>)</li>'
            for t, p in pages.NAV[1:]
        )
        body = (
            "<p>Read-only views of the governance data loaded when the server started. "
            "Each page has a JSON twin with the same answer.</p>"
            f"<ul>{items}</ul>"
        )
        return _html(pages.document("Governance and decision rights", body))

    def _who_decides(self, q: _Query, as_json: bool) -> Response:
        from icsgov.ontology.money import parse_money
        from icsgov.queries.who_decides import who_decides

        decision, at, value_text, date_text = (
            q.get("decision"),
            q.get("at"),
            q.get("value"),
            q.get("as_of"),
        )
        fields: list[pages.Field] = [
            ("decision", "Decision", decision, "text"),
            ("at", "At", at, "text"),
            ("value", "Value (£)", value_text, "text"),
            ("as_of", "As of", date_text, "date"),
        ]
        head = pages.form("/who-decides", fields, self._lists("decision", "at"))
        if not (decision and at) and not as_json:
            return _html(pages.document("Who decides?", head))
        decision = q.required("decision", "a decision type (id, name or alias)")
        at = q.required("at", "a place, system, organisation or code")
        value = None
        if value_text:
            try:
                value = parse_money(value_text)
            except ValueError as exc:
                raise BadRequest(str(exc)) from None
        answer = who_decides(self.store, decision, at, value=value, as_of=q.date())
        if as_json:
            return _json(200, answer.to_dict())
        params = {"decision": decision, "at": at, "value": value_text, "as_of": date_text}
        body = (
            head
            + pages.who_decides_html(answer, self.names())
            + pages.json_link("/who-decides", params)
        )
        return _html(pages.document("Who decides?", body))

    def _matrix(self, q: _Query, as_json: bool) -> Response:
        from icsgov.queries.matrix import BY, decision_matrix

        system, by = q.get("system"), q.choice("by", BY)
        fields: list[pages.Field] = [
            ("system", "System", system, "text"),
            ("by", "By", by, "select:level,body"),
            ("as_of", "As of", q.get("as_of"), "date"),
        ]
        head = pages.form("/matrix", fields, self._lists("system"))
        if not system and not as_json:
            return _html(pages.document("Decision matrix", head))
        system = q.required("system", "a system (name, id, code or ICB)")
        built = decision_matrix(self.store, system, by=by, as_of=q.date())
        if as_json:
            return _json(200, built.to_dict())
        params = {"system": system, "by": by, "as_of": q.get("as_of")}
        body = head + pages.matrix_html(built, self.names()) + pages.json_link("/matrix", params)
        return _html(pages.document("Decision matrix", body))

    def _web(self, q: _Query, as_json: bool) -> Response:
        from icsgov.queries.web import DIRECTIONS, WebQuery

        actor = q.get("actor")
        direction = q.choice("direction", DIRECTIONS)
        depth_text = q.get("depth")
        depth = int(q.number("depth", 0, 0, 1000)) if depth_text else None
        kinds, derived = tuple(q.all("kinds")), q.choice("derived", ("yes", "no")) == "yes"
        within = q.choice("within_system", ("no", "yes")) == "yes"
        if not actor and not as_json:
            fields: list[pages.Field] = [
                ("actor", "Post, body or organisation", actor, "text"),
                ("direction", "Direction", direction, "select:up,down,both"),
                ("within_system", "Stay within its system", "no", "select:no,yes"),
                ("depth", "Depth", depth_text, "number"),
                ("as_of", "As of", q.get("as_of"), "date"),
            ]
            head = pages.form("/web", fields, self._lists("actor"))
            return _html(pages.document("Accountability web", head))
        query = WebQuery(
            q.required("actor", "a post, body or organisation (id, name or code)"),
            direction=direction,
            depth=depth,
            kinds=kinds,
            derived=derived,
            within_system=within,
            as_of=q.date(),
            decisions=self._logged_decisions(q),
        )
        if as_json:
            return _json(200, self._dated(query.answer(self.store).to_dict(), q))
        from icsgov.render.html_web import content_security_policy, web_html

        page = web_html(self.store, query, nav=pages.NAV, form_action="'self'")
        return _html(page, csp=content_security_policy("'self'") + "; frame-ancestors 'none'")

    def _logged_decisions(self, q: _Query) -> int:
        """``?decisions=N`` (default 5) beside each body of the web, if a decision log is loaded."""
        from icsgov.ontology.model import LoggedDecision

        if not self.store.entities(LoggedDecision):
            return 0
        return int(q.number("decisions", 5, 0, 100))

    def _subsidiarity(self, q: _Query, as_json: bool) -> Response:
        from icsgov.queries.subsidiarity import subsidiarity_report

        system = q.get("system")
        target = q.number("target", 0.8, 0.0, 1.0)
        fields: list[pages.Field] = [
            ("system", "System", system, "text"),
            ("target", "Target share at place", q.get("target") or "0.8", "text"),
            ("as_of", "As of", q.get("as_of"), "date"),
        ]
        head = pages.form("/subsidiarity", fields, self._lists("system"))
        if not system and not as_json:
            return _html(pages.document("Subsidiarity", head))
        system = q.required("system", "a system (name, id, code or ICB)")
        report = subsidiarity_report(self.store, system, target=target, as_of=q.date())
        if as_json:
            return _json(200, self._dated(report.to_dict(), q))
        params = {"system": system, "target": q.get("target"), "as_of": q.get("as_of")}
        body = (
            head
            + self._caveat(q)
            + pages.subsidiarity_html(report, self.names())
            + pages.json_link("/subsidiarity", params)
        )
        return _html(pages.document(f"Subsidiarity: {system}", body))

    def _checks(self, q: _Query, as_json: bool) -> Response:
        from icsgov.queries.checks import RULES, run_checks

        rules = q.all("rule")
        report = run_checks(
            self.store,
            rules=rules,
            as_of=q.date(),
            max_masters=int(q.number("max_masters", 3, 1, 1000)),
        )
        if as_json:
            return _json(200, self._dated(report.to_dict(), q))
        fields: list[pages.Field] = [
            ("rule", "Rules (comma-separated, blank for all)", ",".join(rules), "text"),
            ("as_of", "As of", q.get("as_of"), "date"),
        ]
        params = {"rule": ",".join(rules), "as_of": q.get("as_of")}
        body = (
            pages.form("/checks", fields, {"rule": sorted(RULES)})
            + self._caveat(q)
            + pages.checks_html(report, self.names())
            + pages.json_link("/checks", params)
        )
        return _html(pages.document("Governance checks", body))

    def _audit(self, q: _Query, as_json: bool) -> Response:
        """The decision log of the loaded data, audited (``icsgov audit``)."""
        from icsgov.queries.audit import audit
        from icsgov.queries.tables import audit_tables, tables_html
        from icsgov.words import counted

        days = int(q.number("ratify_within", 90, 0, 3650))
        report = audit(self.store, ratify_within=days)
        if as_json:
            return _json(200, report.to_dict())
        fields: list[pages.Field] = [
            ("ratify_within", "Days to ratify a de-facto decision", str(days), "text"),
        ]
        verdicts = [j.verdict for j in report.decisions]
        summary = (
            f"<p><strong>{counted(len(verdicts), 'logged decision')}: {verdicts.count('ok')} ok, "
            f"{verdicts.count('findings')} with findings; "
            f"{counted(len(report.findings), 'finding')}.</strong></p>"
        )
        body = (
            pages.form("/audit", fields, {})
            + summary
            + tables_html(audit_tables(report), names=self.names())
            + "".join(  # a decision dated outside the data: as the command line says
                f'<p class="warning">Note: {html.escape(c)}</p>'
                for c in sorted({j.caveat for j in report.decisions if j.caveat})
            )
            + pages.json_link("/audit", {"ratify_within": str(days)})
        )
        return _html(pages.document("Decision audit", body))

    def _map(self, q: _Query, as_json: bool) -> Response:
        from icsgov.render.england_map import icb_map
        from icsgov.render.map_coverage import STATUS_COLOURS, icb_coverage

        colour = q.choice("colour", ("region", "data"))
        chosen = q.get("icb").upper()
        features = {f["code"]: f for f in icb_map()["features"]}
        if chosen and chosen not in features:
            from icsgov.render.england_map import icbs_for

            matches = icbs_for([chosen])
            if len(matches) != 1:
                raise BadRequest(
                    f"no ICB of April 2026 has the code '{chosen}': give its ONS code "
                    "(e.g. E54000043) or ODS code (e.g. QR1)"
                )
            chosen = matches[0]
        cover = icb_coverage(self.store, q.date())
        if as_json:
            return _json(
                200,
                self._dated(
                    {
                        "boundaries": icb_map()["title"],
                        "as_of": q.date(),
                        "note": pages.MAP_NOTE,
                        "icbs": [
                            {k: v for k, v in f.items() if k != "path"} | cover[code]
                            for code, f in features.items()
                        ],
                    },
                    q,
                ),
            )
        fields: list[pages.Field] = [
            ("colour", "Colour by", colour, "select:region,data"),
            ("as_of", "As of", q.get("as_of"), "date"),
        ]
        body = (
            pages.form("/map", fields)
            + self._caveat(q)
            + pages.map_html(
                colour=colour,
                cover=cover,
                chosen=features.get(chosen),
                status_colours=STATUS_COLOURS,
                as_of=q.get("as_of"),
            )
        )
        params = {"colour": colour, "icb": chosen, "as_of": q.get("as_of")}
        body += pages.json_link("/map", params)
        return _html(pages.document("England's integrated care boards", body))

    # --- helpers -----------------------------------------------------------------------------

    def names(self) -> pages.Names:
        """Every id of the loaded data with its name, worked out once."""
        if self._names is None:
            from icsgov.ontology.model import ACTORS, ENTITY_CLASSES

            known: dict[str, tuple[str, bool]] = {}
            for cls in ENTITY_CLASSES:
                for entity in self.store.entities(cls):
                    known[entity.id] = (entity.label, cls in ACTORS)
            self._names = pages.Names(known)
        return self._names

    def _record(self, q: _Query, as_json: bool) -> Response:
        from icsgov.queries.tables import record_tables, tables_html
        from icsgov.render.html_web import cited_sources, entity_attributes

        entity = self.store.get(q.required("id", "the id of a record, e.g. ?id=glos-icb"))
        if as_json:
            return _json(200, {"class": entity.kind_name} | entity.model_dump(mode="json"))
        names = self.names()
        valid = f"from {entity.valid_from or 'the start'} to {entity.valid_to or 'now'}"
        fields, sources = record_tables(
            entity_attributes(entity), valid, cited_sources(self.store, entity.sources)
        )
        body = (
            (
                f"<p>{names.link(entity.id, 'Its accountability web')}</p>"
                if names.known.get(entity.id, ("", False))[1]
                else ""
            )
            + tables_html([fields], headed=False, names=names)
            + (
                tables_html([sources])
                if sources.rows
                else '<h2>Sources</h2><p class="muted">No source recorded.</p>'
            )
            + pages.json_link("/record", {"id": entity.id})
        )
        return _html(pages.document(f"{entity.kind_name.capitalize()}: {entity.label}", body))

    def _dated(self, payload: dict[str, Any], q: _Query) -> dict[str, Any]:
        """The JSON twin with the dates the data covers and any caveat (as the CLI's)."""
        from icsgov.queries.coverage import with_coverage

        return with_coverage(payload, self.store, q.date())

    def _caveat(self, q: _Query) -> str:
        """The caveat for a date outside the data, as a paragraph (empty when none)."""
        caveats = self._dated({}, q)["caveats"]
        return "".join(f'<p class="warning">{html.escape(c)}</p>' for c in caveats)

    def _lists(self, *names: str) -> dict[str, list[str]]:
        """Names to suggest in each input (capped, so a national graph stays light)."""
        from icsgov.ontology.model import Body, DecisionType, Footprint, Organisation, Post

        kinds: dict[str, tuple[type[Any], ...]] = {
            "decision": (DecisionType,),
            "at": (Footprint,),
            "system": (Footprint,),
            "actor": (Post, Body, Organisation),
        }
        lists: dict[str, list[str]] = {}
        for name in names:
            found = sorted({e.label for kind in kinds[name] for e in self.store.entities(kind)})
            lists[name] = found[:2000]
        return lists

    def _error(
        self,
        status: int,
        title: str,
        text: str,
        as_json: bool,
        suggestions: list[str] | None = None,
    ) -> Response:
        headers = {"Allow": "GET, HEAD"} if status == 405 else {}
        if as_json:
            response = _json(
                status, {"error": text, "status": status, "suggestions": suggestions or []}
            )
        else:
            body = pages.message_html(title, text, suggestions or [])
            response = _html(pages.document(title, body), status=status)
        response.headers.update(headers)
        return response


def _climbs(path: str) -> bool:
    """True when the path, decoded up to three times, has a '..' segment, a backslash or NUL."""
    text = path
    for _ in range(3):
        decoded = unquote(text)
        if (
            any(s == ".." for s in decoded.replace("\\", "/").split("/"))
            or "\\" in decoded
            or "\x00" in decoded
        ):
            return True
        if decoded == text:
            break
        text = decoded
    return False


def _html(text: str, status: int = 200, csp: str = _PAGE_CSP) -> Response:
    return Response(
        status, "text/html; charset=utf-8", text.encode("utf-8"), {"Content-Security-Policy": csp}
    )


def _json(status: int, payload: Any) -> Response:
    text = json.dumps(payload, indent=2, ensure_ascii=False, default=_default) + "\n"
    return Response(
        status,
        "application/json; charset=utf-8",
        text.encode("utf-8"),
        {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"},
    )


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class _Handler(BaseHTTPRequestHandler):
    app: App
    server_version = "icsgov"
    sys_version = ""

    allowed_hosts: frozenset[str] = frozenset()

    def _send(self, send_body: bool) -> None:
        if _host_name(self.headers.get("Host", "")) not in self.allowed_hosts:
            # DNS rebinding: a page on another site resolving its own name to 127.0.0.1
            response = _json(421, {"error": "this server answers only to 127.0.0.1 and localhost"})
        else:
            response = self.app.respond(self.command, self.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def do_GET(self) -> None:
        self._send(True)

    def do_HEAD(self) -> None:
        self._send(False)

    def _refuse(self) -> None:
        self._send(True)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


IDLE_TIMEOUT = 30.0
"""Seconds a connection may sit without sending a whole request before it is closed."""


def _host_name(header: str) -> str:
    """The host part of a ``Host`` header, lower case: ``localhost:8765`` -> ``localhost``."""
    text = header.strip().lower()
    if text.startswith("["):
        return text[: text.find("]") + 1] if "]" in text else text
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def make_server(
    store: GraphStore,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    quiet: bool = False,
    idle_timeout: float = IDLE_TIMEOUT,
) -> ThreadingHTTPServer:
    """A server for ``store`` on ``host:port`` (port 0: any free port); then serve_forever().

    Requests must name 127.0.0.1, localhost, [::1] or ``host`` in their ``Host``
    header (anything else gets 421), and a connection that sends no whole request
    within ``idle_timeout`` seconds is closed.
    """
    allowed = {"127.0.0.1", "localhost", "[::1]", _host_name(host)}
    if ":" in host and not host.startswith("["):
        allowed.add(f"[{host.lower()}]")
    members: dict[str, Any] = {
        "app": App(store),
        "allowed_hosts": frozenset(allowed),
        "timeout": idle_timeout,
    }
    if quiet:
        members["log_message"] = lambda self, format, *args: None
    handler = type("Handler", (_Handler,), members)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
