"""Answers as titled tables of text: the one step the command line and the web UI share.

``icsgov who-decides`` prints these tables as aligned text
(:func:`text_table`) and ``icsgov serve`` shows the very
same :class:`Table` objects as HTML (every cell escaped), so the two cannot
drift apart: which columns, in which order, and how a band, a basis or a
finding is written are decided here once. The HTML table writer is here too
(:func:`html_table`, :func:`tables_html`), so ``serve``'s pages and the
standalone files (``where --format html``, ``icsgov map``, the matrix as
HTML) escape every cell the same way.

>>> from icsgov.queries.subsidiarity import PlaceSummary, SubsidiarityReport
>>> report = SubsidiarityReport("s", None, 0.8, 1.0, False, [], [], [],
...                             [PlaceSummary("p", "Place P", ["d"])])
>>> [t.title for t in subsidiarity_tables(report)]
['Decisions', 'Places']
>>> subsidiarity_tables(report)[1].rows
(('Place P', '1', '0', '0'),)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from icsgov.graph.rdf.engines import Row, Term
    from icsgov.graph.rdf.shacl import ShaclViolation
    from icsgov.queries.audit import AuditFinding, AuditReport, Judgement
    from icsgov.queries.checks import CheckReport
    from icsgov.queries.checks._registry import Rule
    from icsgov.queries.diff import DiffReport
    from icsgov.queries.fdm import FunctionsAndDecisions
    from icsgov.queries.impact import ImpactReport
    from icsgov.queries.info import Summary
    from icsgov.queries.matrix import Matrix
    from icsgov.queries.overlaps import Overlap
    from icsgov.queries.resourcing import ResourcingReport
    from icsgov.queries.scheme_diff import SchemeChange
    from icsgov.queries.scheme_names import Names
    from icsgov.queries.subsidiarity import SubsidiarityReport
    from icsgov.queries.web import AccountabilityWeb, WebDecision
    from icsgov.queries.where import WhereResult
    from icsgov.queries.who_decides import Answer, SourceUse
    from icsgov.queries.who_decides_diff import DeciderChange

__all__ = [
    "DECISION_COLUMNS",
    "FINDING_COLUMNS",
    "FREE_TEXT",
    "Linker",
    "Part",
    "Table",
    "audit_tables",
    "chain_table",
    "check_tables",
    "cypher_table",
    "decider_changes_table",
    "fdm_table",
    "html_table",
    "icb_table",
    "icbs_table",
    "impact_table",
    "info_tables",
    "markdown_table",
    "matrix_table",
    "overlaps_table",
    "record_changes_table",
    "record_tables",
    "resourcing_tables",
    "rules_table",
    "scheme_changes_table",
    "scheme_names_tables",
    "shacl_table",
    "sources_table",
    "sparql_table",
    "subsidiarity_tables",
    "tables_html",
    "text",
    "text_table",
    "web_decisions_table",
    "web_table",
    "where_tables",
    "who_decides_tables",
]


@dataclass(frozen=True)
class Table:
    """A titled table: column headers and rows, every cell already text.

    >>> Table.of("Roles", ["role", "holder"], [["decides", None]]).rows
    (('decides', ''),)
    """

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Table:
        """Build a table, writing each cell as text (``None`` as an empty cell)."""
        return cls(
            title,
            tuple(headers),
            tuple(tuple("" if c is None else str(c) for c in row) for row in rows),
        )

    def columns(self, *names: str) -> Table:
        """The same table with only the columns ``names``, in that order.

        >>> Table.of("T", ["a", "b"], [[1, 2]]).columns("b").rows
        (('2',),)
        """
        keep = [self.headers.index(n) for n in names]
        return Table(self.title, names, tuple(tuple(row[i] for i in keep) for row in self.rows))


Part = Table | str
"""What a command prints: a table, or a line of text between tables (``""`` a blank line)."""


def text(parts: Iterable[Part]) -> str:
    """Tables as aligned text and lines as they are, one after another (no trailing blank).

    >>> print(text(["Roles:", Table.of("Roles", ["role"], [["decides"]])]))
    Roles:
    role
    -------
    decides
    """
    return "\n".join(
        part if isinstance(part, str) else text_table(part.headers, part.rows) for part in parts
    ).rstrip("\n")


def markdown_table(table: Table) -> str:
    """``table`` as a Markdown table: markup from the data escaped, pipes and newlines inert.

    >>> print(markdown_table(Table.of("T", ["a"], [["<b>|x"]])), end="")
    | a |
    |---|
    | &lt;b&gt;\\|x |
    """

    def cell(value: str) -> str:
        return html.escape(value, quote=False).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in table.headers) + " |"]
    lines.append("|" + "---|" * len(table.headers))
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


class Linker(Protocol):
    """Writes a cell's text as HTML, ids shown as linked names (``serve``'s ``pages.Names``)."""

    def render(self, text: str) -> str:
        """``text`` escaped, with the ids it names as links."""
        ...


FREE_TEXT = frozenset({"conditions", "comments", "description", "notes", "title", "locator"})
"""Column headings whose cells are the data's own words, never rewritten into links."""


def html_table(
    table: Table, names: Linker | None = None, row_ids: Sequence[str] | None = None
) -> str:
    """``table`` as an HTML table; every cell escaped (ids linked, given ``names``).

    Columns of words the data's authors wrote (conditions, comments...) are shown as
    written: a word there that is also an id ("within the capital plan") is not a link.
    ``row_ids`` gives each row an ``id`` (an anchor a link can go to).

    >>> html_table(Table.of("T", ["name"], [["<img src=x onerror=alert(1)>"]]), row_ids=["r1"])
    '<table><thead><tr><th>name</th></tr></thead><tbody><tr id="r1"><td>&lt;img \
src=x onerror=alert(1)&gt;</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    free = [h.lower() in FREE_TEXT for h in table.headers]

    def cell(value: str, column: int) -> str:
        if names and not free[column]:
            return names.render(value)
        return html.escape(value)

    ids = [f' id="{html.escape(i, quote=True)}"' for i in row_ids] if row_ids else None
    body = "".join(
        f"<tr{ids[n] if ids else ''}>"
        + "".join(f"<td>{cell(c, i)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for n, row in enumerate(table.rows)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def tables_html(tables: Iterable[Table], headed: bool = True, names: Linker | None = None) -> str:
    """Each :class:`Table` as HTML (:func:`html_table`), under its title when ``headed``."""
    return "".join(
        (f"<h2>{html.escape(t.title)}</h2>" if headed else "") + html_table(t, names)
        for t in tables
    )


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Render rows as an aligned plain-text table (no heavy dependency, fast to import).

    >>> print(text_table(["a", "bb"], [[1, "x"], [22, "yyy"]]))
    a   bb
    --  ---
    1   x
    22  yyy
    """
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def who_decides_tables(answer: Answer) -> list[Table]:
    """Roles, delegation chain and accountability of a who-decides answer (empty ones left out).

    The sources are a table of their own (:func:`sources_table`), as people
    read the warnings before them.

    >>> from icsgov.graph.memory import MemoryStore
    >>> from icsgov.loaders import load
    >>> from icsgov.queries.who_decides import who_decides
    >>> store = MemoryStore(load())
    >>> answer = who_decides(store, "approve a capital scheme", "Forest of Dean", value=2.5e6)
    >>> [t.title for t in who_decides_tables(answer)][0]
    'Roles'
    """
    from icsgov.ontology.money import format_band
    from icsgov.words import marked

    roles = [
        *answer.decides,
        *answer.agrees,
        *answer.ratifies,
        *answer.recommends,
        *answer.consulted,
        *answer.informed,
    ]
    tables = [
        Table.of(
            "Roles",
            ["role", "holder", "basis", "footprint", "value", "conditions"],
            (
                [
                    h.role,
                    marked(h.name, h.illustrative),
                    h.basis.replace("_", "-"),
                    f"{h.footprint} ({h.level})",
                    format_band(h.value_min, h.value_max),
                    h.conditions or "",
                ]
                for h in roles
            ),
        ),
        Table.of(
            "Delegation chain",
            ["holder", "delegated by", "delegation", "instrument", "check"],
            (
                [
                    chain.holder,
                    step.delegator_name,
                    marked(step.delegation, step.illustrative),
                    step.instrument_ref or step.instrument,
                    "; ".join(step.problems) or "ok",
                ]
                for chain in answer.delegation_chain
                for step in chain.steps
            ),
        ),
        Table.of(
            "Accountability",
            ["decision-maker", "answers to", "kind", "formal"],
            (
                [
                    marked(line.actor, line.illustrative),
                    line.answers_to_name,
                    line.kind,
                    "yes" if line.formal else "no",
                ]
                for line in answer.accountability
            ),
        ),
        Table.of(
            "Band gap: the bands that exist",
            ["holder", "footprint", "value", "right"],
            (
                [
                    marked(h.name, h.illustrative),
                    f"{h.footprint} ({h.level})",
                    format_band(h.value_min, h.value_max),
                    h.right,
                ]
                for h in answer.bands
            ),
        ),
    ]
    return [t for t in tables if t.rows]


def sources_table(sources: Sequence[SourceUse]) -> Table:
    """The documents an answer rests on: title, where in it, and which facts it supports."""
    return Table.of(
        "Sources",
        ["source", "where", "facts"],
        ([s.title, s.locator or "", ", ".join(s.used_by)] for s in sources),
    )


def subsidiarity_tables(report: SubsidiarityReport) -> list[Table]:
    """Where each decision is taken in each place, then what each place decides itself."""
    from icsgov.words import marked

    return [
        Table.of(
            "Decisions",
            ["decision", "value", "place", "taken at", "preferred", "by", "finding"],
            (
                [
                    r.decision_name,
                    r.band,
                    r.place,
                    ("nobody (band gap)" if r.gap else "nobody") if r.level is None else r.level,
                    r.preferred_level or "",
                    marked(", ".join(r.holders), r.illustrative),
                    (r.finding or "").replace("_", " "),
                ]
                for r in report.decisions
            ),
        ),
        Table.of(
            "Places",
            ["place", "decides itself", "reserved above", "undecided"],
            (
                [p.name, len(p.decides_itself), len(p.reserved_above), len(p.undecided)]
                for p in report.places
            ),
        ),
    ]


def check_tables(report: CheckReport) -> list[Table]:
    """Every finding of the governance checks; a suppressed one says why it is suppressed.

    A finding about an illustrative record has its target marked † (see
    :meth:`~icsgov.queries.checks.CheckReport.footnote`).
    """
    from icsgov.words import marked

    return [
        Table.of(
            "Findings",
            ["rule", "severity", "target", "finding", "where"],
            (
                [
                    f.rule,
                    f.severity.value,
                    marked(f.target, f.illustrative),
                    f.message + (f" [suppressed: {f.suppression_reason}]" if f.suppressed else ""),
                    f.location.shown() if f.location else "",
                ]
                for f in report.findings
            ),
        )
    ]


def matrix_table(matrix: Matrix) -> Table:
    """The decision matrix grid (the one ``icsgov matrix`` writes in every format)."""
    headers, rows = matrix.grid()
    return Table.of(f"{matrix.system_name} (by {matrix.by})", headers, rows)


def web_table(web: AccountabilityWeb) -> Table:
    """Every accountability line of a web: who answers to whom, how, and on what footing.

    An actor or a line marked illustrative carries † (the footnote is the command's).
    """
    from icsgov.words import marked

    labels = {n.id: marked(n.label, n.illustrative) for n in web.nodes}
    return Table.of(
        "Lines",
        ["from", "answers to", "kind", "derived", "formal", "line"],
        (
            [
                labels[e.source],
                labels[e.target],
                e.kind,
                "yes" if e.derived else "",
                "yes" if e.formal else "no",
                marked(e.id, e.illustrative),
            ]
            for e in web.edges
        ),
    )


def web_decisions_table(decisions: Iterable[WebDecision]) -> Table:
    """Logged decisions beside an actor of a web: taken by it, or by a delegate under its rights.

    >>> web_decisions_table([]).headers
    ('date', 'decision', 'taken by', 'value', 'verdict', 'reference')
    """
    from icsgov.ontology.money import format_money

    return Table.of(
        "Decisions",
        ["date", "decision", "taken by", "value", "verdict", "reference"],
        (
            [
                d.date.isoformat(),
                d.title or d.decision_type_name,
                d.taken_by_name + (" (delegate)" if d.by_delegate else ""),
                format_money(d.value) if d.value is not None else "",
                d.verdict + (f" ({', '.join(d.rules)})" if d.rules else ""),
                d.reference or d.id,
            ]
            for d in decisions
        ),
    )


def rules_table(rules: Iterable[Rule]) -> Table:
    """The governance checks' rules: id, name, severity and the source each rests on."""
    return Table.of(
        "Rules",
        ["rule", "name", "severity", "source"],
        ([r.id, r.name, r.severity.value, r.source] for r in rules),
    )


def shacl_table(violations: Iterable[ShaclViolation]) -> Table:
    """Each SHACL violation: the focus node, the path and the message."""
    return Table.of(
        "SHACL violations",
        ["focus node", "path", "message"],
        ([v.focus, v.path, v.message] for v in violations),
    )


def impact_table(report: ImpactReport) -> Table:
    """Each decision that changes hands when something is removed: before, after, outcome.

    A decision whose answer, before or after, rests on an illustrative record carries †
    (the footnote is the command's).
    """
    from icsgov.words import marked

    affected = [*report.left_without, *report.moved, *report.chains_broken]
    return Table.of(
        "Decisions that change hands",
        ["decision", "value", "place", "before", "after", "outcome"],
        (
            [
                marked(d.decision, d.illustrative),
                d.band,
                d.place,
                ", ".join(d.before),
                ", ".join(d.after) or "nobody",
                d.outcome,
            ]
            for d in affected
        ),
    )


def record_changes_table(report: DiffReport) -> Table:
    """The records added, removed or changed (with the fields changed), section by section.

    A record marked illustrative carries † (the footnote is the command's).
    """
    from icsgov.words import marked

    rows: list[list[str]] = []
    for section, result in report.sections.items():
        invented = set(result.illustrative)
        rows += [[section, "added", marked(i, i in invented), ""] for i in result.added]
        rows += [[section, "removed", marked(i, i in invented), ""] for i in result.removed]
        rows += [
            [section, "changed", marked(c.id, c.id in invented), ", ".join(c.fields)]
            for c in result.changed
        ]
    return Table.of("Records", ["section", "change", "id", "fields"], rows)


def decider_changes_table(changes: Iterable[DeciderChange]) -> Table:
    """Each decision in each place decided by someone else after a change to the data.

    A holder resting on an illustrative record carries † (the footnote is the caller's).
    """
    from icsgov.words import marked

    return Table.of(
        "Who decides",
        ["decision", "place", "value", "before", "after", "outcome"],
        (
            [
                c.decision,
                c.place,
                c.band,
                ", ".join(marked(h, h in c.illustrative) for h in c.before) or "nobody",
                ", ".join(marked(h, h in c.illustrative) for h in c.after) or "nobody",
                c.outcome,
            ]
            for c in changes
        ),
    )


def resourcing_tables(report: ResourcingReport) -> list[Table]:
    """Every funding flow, then each recipient's shares and whether it is fragile.

    A recipient, a funder or a flow (its amount) marked illustrative carries † (the
    footnote is the command's).
    """
    from icsgov.words import marked

    return [
        Table.of(
            "Funding",
            ["recipient", "funder", "purpose", "amount", "recurrent", "in kind"],
            (
                [
                    marked(r.name, r.illustrative),
                    marked(f.funder_name, f.funder_illustrative),
                    f.purpose or "",
                    marked("" if f.amount is None else f"£{f.amount:,.0f}", f.illustrative),
                    "yes" if f.recurrent else "no",
                    "yes" if f.in_kind else "",
                ]
                for r in report.recipients
                for f in r.flows
            ),
        ),
        Table.of(
            "Recipients",
            ["recipient", "non-recurrent", "in kind", "fragile"],
            (
                [
                    marked(r.name, r.illustrative),
                    f"{r.non_recurrent_share:.0%}",
                    f"{r.in_kind_share:.0%}",
                    "FRAGILE" if r.fragile else ("no funding recorded" if not r.flows else ""),
                ]
                for r in report.recipients
            ),
        ),
    ]


def fdm_table(found: FunctionsAndDecisions) -> Table:
    """The functions and decisions map: which part of the system takes which decision."""
    from icsgov.words import marked

    return Table.of(
        f"Functions and decisions map: {found.system_name}",
        ["part of the system", "level", "decision", "basis", "value", "delegated from"],
        (
            [
                marked(e.part_name, e.illustrative),
                e.level,
                e.decision_name,
                e.basis.replace("_", "-"),
                e.band,
                (e.delegated_from_name or "")
                + (" (from outside the system)" if e.from_outside else "")
                + (f", {e.instrument}" if e.instrument else ""),
            ]
            for e in found.entries
        ),
    )


def info_tables(summary: Summary) -> list[Table]:
    """Records by class, footprints by level, the sources, and the datasets (when any)."""
    tables = [
        Table.of("Records", ["class", "count"], ([k, v] for k, v in summary.counts.items() if v)),
        Table.of("Footprints", ["level", "footprints"], summary.footprints_by_level.items()),
        Table.of(
            "Sources",
            ["source", "title", "publisher", "cited by"],
            ([s.id, s.title, s.publisher, s.cited_by] for s in summary.sources),
        ),
    ]
    if summary.datasets:
        tables.append(
            Table.of(
                "Datasets",
                ["dataset", "vintage", "describes"],
                (
                    [d["name"], d["vintage"], _span(d["describes_from"], d["describes_to"])]
                    for d in summary.datasets
                ),
            )
        )
    return tables


def _span(start: object, end: object) -> str:
    if start is None and end is None:
        return ""
    return f"{start or '...'} to {end or '...'}"


def chain_table(chain: Iterable[Mapping[str, Any]]) -> Table:
    """The footprints a place lies in, most local first (``where``'s chain, as JSON has it).

    A step marked illustrative carries † on its name (the footnote is the caller's).
    """
    from icsgov.words import marked

    return Table.of(
        "Chain",
        ["level", "name", "code", "organisation"],
        (
            [
                s["level"],
                marked(s["name"], bool(s.get("illustrative"))),
                s.get("code", ""),
                s.get("organisation", ""),
            ]
            for s in chain
        ),
    )


def where_tables(result: WhereResult) -> list[Table]:
    """Where something is: its chain (most local first), the changes, and its split by ICB."""
    return [
        chain_table(result.chain),
        Table.of(
            "Changes",
            ["date", "kind", "status", "change", "detail"],
            (
                [
                    c["date"],
                    c["kind"].replace("_", " "),
                    c["status"].replace("_", " ").upper() if c.get("planned") else "in force",
                    c["name"],
                    c["detail"] or "",
                ]
                for c in result.changes
            ),
        ),
        Table.of(
            "Split across ICBs",
            ["ICB", "code", "share"],
            ([s["name"], s["code"], f"{s['share']:.1%}"] for s in result.shares),
        ),
    ]


def overlaps_table(found: Iterable[Overlap]) -> Table:
    """Councils whose area lies in more than one ICB, with the share in each."""
    return Table.of(
        "Councils across ICBs",
        ["council", "code", "kind", "ICBs", "shares"],
        (
            [
                o.name,
                o.code,
                o.kind.replace("_", " "),
                len(o.shares),
                ", ".join(f"{s['code']} {s['share']:.1%}" for s in o.shares),
            ]
            for o in found
        ),
    )


def scheme_names_tables(names: Names) -> list[Table]:
    """The ids a mapping file can use: holders in the system, then decision types."""
    from icsgov.ontology.model import DecisionType

    holders = [[e.id, e.label, e.kind_name] for e in names.actors if e.id in names.in_system]
    types = [[d.id, d.name, d.domain or ""] for d in names.store.entities(DecisionType)]
    return [
        Table.of("Holders", ["id", "name", "kind"], sorted(holders)),
        Table.of("Decision types", ["id", "name", "theme"], sorted(types)),
    ]


def scheme_changes_table(changes: Iterable[SchemeChange]) -> Table:
    """What changed in a scheme of delegation: added, removed, moved, limits changed."""
    return Table.of(
        "Scheme changes",
        ["change", "decision", "was held by", "now held by", "limit was", "limit now"],
        (
            [c.change, c.decision, c.old_holder, c.new_holder, c.old_limit, c.new_limit]
            for c in changes
        ),
    )


def sparql_table(names: Sequence[str], rows: Iterable[Row]) -> Table:
    """SPARQL results, one column per variable; IRIs shortened to the icsgov prefixes."""
    return Table.of(
        "Results", names, ([_short(row[n]) if n in row else "" for n in names] for row in rows)
    )


def cypher_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """Cypher results, one column per returned name; a node shown by its ``id``.

    >>> node = {"labels": ["Body"], "properties": {"id": "glos-board"}}
    >>> cypher_table(["b", "n"], [[node, 3]]).rows
    (('glos-board', '3'),)
    """
    import json

    def cell(value: Any) -> str:
        if isinstance(value, dict) and "labels" in value:  # a node: its id, or its properties
            props = value["properties"]
            return str(props.get("id", json.dumps(props, default=str, ensure_ascii=False)))
        if isinstance(value, str):
            return value
        if value is None:
            return ""
        return json.dumps(value, default=str, ensure_ascii=False)

    return Table.of("Results", columns, ([cell(v) for v in row] for row in rows))


def _short(term: Term) -> str:
    from icsgov.ontology import terms

    if term.kind == "uri":
        for prefix, ns in terms.PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def record_tables(
    attributes: Iterable[Sequence[object]], valid: str, sources: Iterable[Mapping[str, Any]]
) -> list[Table]:
    """One record's fields (and the dates it is valid), then the sources it cites."""
    return [
        Table.of("Record", ["field", "value"], [*attributes, ["valid", valid]]),
        Table.of(
            "Sources",
            ["source", "where", "address"],
            ([s["title"] or "", s["locator"] or "", s["url"] or ""] for s in sources),
        ),
    ]


def icb_table(feature: Mapping[str, Any], entry: Mapping[str, Any]) -> Table:
    """One ICB on the map: its codes, region, predecessors and the data loaded about it."""
    return Table.of(
        str(feature["name"]),
        ["", "ICB"],
        [
            ["ODS code", feature["ods"]],
            ["ONS code", feature["code"]],
            ["Region", feature["region"]],
            ["Took over (2024 ICBs)", ", ".join(feature["predecessors"])],
            ["Loaded data", entry["status"]],
            ["Decision rights recorded", entry["rights"]],
        ],
    )


def icbs_table(features: Iterable[Mapping[str, Any]], highlight: Iterable[str] = ()) -> Table:
    """Every ICB on the map: name (and whether it is highlighted), codes, region, predecessors."""
    picked = set(highlight)
    return Table.of(
        "The 36 ICBs",
        ["ICB", "ODS", "ONS", "Region", "Took over (2024 ICBs, ODS)"],
        (
            [
                f["name"] + (" (highlighted)" if f["code"] in picked else ""),
                f["ods"],
                f["code"],
                f["region"],
                ", ".join(f["predecessors"]),
            ]
            for f in features
        ),
    )


FINDING_COLUMNS = (
    "rule",
    "severity",
    "date",
    "decision",
    "taken by",
    "finding",
    "right",
    "delegation",
    "reference",
    "sources",
    "illustrative",
)
DECISION_COLUMNS = (
    "date",
    "decision",
    "taken by",
    "type",
    "place",
    "value",
    "verdict",
    "right",
    "delegation",
    "level",
    "rules",
)


def _finding_row(f: AuditFinding) -> list[str]:
    sources = "; ".join(
        f"{s['source']} ({s['locator']})" if s.get("locator") else f"{s['source']}"
        for s in f.sources
    )
    return [
        f.rule,
        f.severity,
        f.date.isoformat(),
        f.decision,
        f.taken_by_name,
        f.message,
        f.right or "",
        f.delegation or "",
        f.reference or "",
        sources,
        "yes" if f.illustrative else "",
    ]


def _decision_row(j: Judgement) -> list[str]:
    from icsgov.ontology.money import format_money

    return [
        j.date.isoformat(),
        j.decision,
        j.taken_by,
        j.decision_type,
        j.place or "",
        format_money(j.value) if j.value is not None else "",
        j.verdict,
        j.right or "",
        j.delegation or "",
        j.level or "",
        ", ".join(j.rules),
    ]


def audit_tables(report: AuditReport) -> list[Table]:
    """The findings of a decision audit, then every logged decision's verdict.

    >>> from icsgov.queries.audit import AuditReport
    >>> [t.title for t in audit_tables(AuditReport(90, [], []))]
    ['Findings', 'Decisions']
    """
    return [
        Table.of("Findings", FINDING_COLUMNS, [_finding_row(f) for f in report.findings]),
        Table.of("Decisions", DECISION_COLUMNS, [_decision_row(j) for j in report.decisions]),
    ]
