"""Server-rendered HTML for the local web UI: every name goes through ``html.escape``.

Plain HTML and one inline style sheet: no script, nothing fetched. Each page
is a GET form (so every answer has a URL to share) above the answer, with a
link to its JSON twin. Tables are written by
:func:`icsgov.queries.tables.tables_html` (every cell escaped, ids linked
through :class:`Names`).

>>> "&lt;img" in message_html("Not found", "<img src=x onerror=alert(1)>")
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from icsgov.queries.tables import tables_html

if TYPE_CHECKING:
    from icsgov.queries.checks import CheckReport
    from icsgov.queries.matrix import Matrix
    from icsgov.queries.subsidiarity import SubsidiarityReport
    from icsgov.queries.who_decides import Answer

__all__ = [
    "NAV",
    "Field",
    "Names",
    "chain_html",
    "checks_html",
    "document",
    "form",
    "map_html",
    "matrix_html",
    "message_html",
    "subsidiarity_html",
    "who_decides_html",
]

NAV: list[tuple[str, str]] = [
    ("icsgov", "/"),
    ("Who decides", "/who-decides"),
    ("Decision matrix", "/matrix"),
    ("Accountability web", "/web"),
    ("Subsidiarity", "/subsidiarity"),
    ("Checks", "/checks"),
    ("Decision audit", "/audit"),
    ("Map", "/map"),
]
"""The pages of the UI, in menu order: (text, path)."""

_STYLE = """
body{font:15px/1.45 system-ui,Arial,sans-serif;margin:0;color:#1d1d1b}
nav{background:#005eb8;padding:6px 16px}nav a{color:#fff;margin-right:18px}
main{padding:8px 20px 40px;max-width:1200px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #aeb7bd;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#e8edee}
form{background:#f0f4f5;padding:8px 12px;margin:8px 0}label{margin-right:14px}
.error{border-left:6px solid #d5281b;padding:6px 12px;background:#fde8e6}
.warning{color:#8a1538}.muted{color:#425563}
.chains{display:flex;gap:28px;flex-wrap:wrap}.chain{list-style:none;padding:0;margin:6px 0}
.chain .box{border:2px solid #005eb8;border-radius:4px;padding:6px 12px;background:#f0f4f5;
max-width:360px}.chain .law{border-style:double;border-width:5px}
.chain .arrow{color:#425563;padding:4px 0 4px 22px;position:relative;font-size:13px}
.chain .arrow::before{content:"\\2193";position:absolute;left:6px;font-size:16px}
"""

Field = tuple[str, str, str, str]  # name, label, value, input type (or "select:a,b,c")


def document(title: str, body: str) -> str:
    """A whole page: the menu, a heading and ``body`` (already escaped HTML)."""
    links = "".join(f'<a href="{html.escape(h)}">{html.escape(t)}</a>' for t, h in NAV)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · icsgov</title><style>{_STYLE}</style></head>"
        f"<body><nav>{links}</nav><main><h1>{html.escape(title)}</h1>{body}</main></body></html>\n"
    )


class Names:
    """Ids to names with links: an actor opens its web, any other record its own page.

    Answers and findings speak in ids (``glos-icb``, ``r-glos-icb-primary-medical``); a page
    shows the name instead, linked, with the id on hover. Words that are also values of
    the model (levels, roles, kinds) are left as they are.

    >>> names = Names({"glos-icb": ("NHS Gloucestershire ICB", True), "r-1": ("r-1", False)})
    >>> names.render("glos-icb decides <b>")
    '<a href="/web?actor=glos-icb" title="glos-icb" data-id="glos-icb">NHS Gloucestershire \
ICB</a> decides &lt;b&gt;'
    """

    _TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*[A-Za-z0-9]|[A-Za-z0-9]")

    def __init__(self, known: dict[str, tuple[str, bool]]) -> None:
        self.known = known
        labels: dict[str, list[str]] = {}
        for entity_id, (label, _actor) in known.items():
            labels.setdefault(label, []).append(entity_id)
        self.by_label = {label: ids[0] for label, ids in labels.items() if len(ids) == 1}

    def href(self, entity_id: str) -> str:
        """Where a link to ``entity_id`` goes."""
        actor = self.known.get(entity_id, ("", False))[1]
        key = "actor" if actor else "id"
        return f"/{'web' if actor else 'record'}?{urlencode({key: entity_id})}"

    def link(self, entity_id: str, text: str | None = None) -> str:
        """A link to the record (or web) of ``entity_id``, showing its name.

        When the name stands in for the id (no ``text`` given), ``data-id`` keeps the
        id, so the page still holds exactly the answer's table.
        """
        label = text if text is not None else self.known.get(entity_id, (entity_id, False))[0]
        stands_for = "" if text is not None else f' data-id="{html.escape(entity_id, quote=True)}"'
        return (
            f'<a href="{html.escape(self.href(entity_id), quote=True)}" '
            f'title="{html.escape(entity_id, quote=True)}"{stands_for}>{html.escape(label)}</a>'
        )

    def render(self, text: str) -> str:
        """``text`` escaped, with every id of the loaded data shown as its linked name.

        A text that is exactly the name of one record links to it too.
        """
        if text in self.by_label and text not in self.known:
            return self.link(self.by_label[text], text)
        out, last = [], 0
        for match in self._TOKEN.finditer(text):
            token = match.group(0)
            if token in self.known and token not in _MODEL_WORDS:
                out.append(html.escape(text[last : match.start()]))
                out.append(self.link(token))
                last = match.end()
        out.append(html.escape(text[last:]))
        return "".join(out)


def _model_words() -> frozenset[str]:
    from enum import Enum

    from icsgov.ontology import model

    words: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, Enum):
            words.update(str(member.value) for member in value)
    return frozenset(words)


_MODEL_WORDS = _model_words()


def form(
    action: str, fields: Sequence[Field], datalists: dict[str, list[str]] | None = None
) -> str:
    """A GET form for ``action`` with the current values filled in."""
    parts = [f'<form method="get" action="{html.escape(action)}">']
    for name, label, value, kind in fields:
        ident = f"f-{name}"
        parts.append(f'<label for="{ident}">{html.escape(label)}</label> ')
        if kind.startswith("select:"):
            options = "".join(
                f"<option{' selected' if o == value else ''}>{html.escape(o)}</option>"
                for o in kind[7:].split(",")
            )
            parts.append(f'<select id="{ident}" name="{name}">{options}</select> ')
        else:
            listed = f' list="l-{name}"' if datalists and name in datalists else ""
            parts.append(
                f'<input id="{ident}" name="{name}" type="{kind}" '
                f'value="{html.escape(value, quote=True)}"{listed}> '
            )
    parts.append('<button type="submit">Show</button></form>')
    for name, names in (datalists or {}).items():
        options = "".join(f'<option value="{html.escape(n, quote=True)}">' for n in names)
        parts.append(f'<datalist id="l-{name}">{options}</datalist>')
    return "".join(parts)


def json_link(path: str, params: dict[str, str]) -> str:
    """A link to the JSON twin of this page with the same question."""
    query = urlencode({k: v for k, v in params.items() if v})
    href = f"{path}.json" + (f"?{query}" if query else "")
    link = f'<a href="{html.escape(href)}">{html.escape(href)}</a>'
    return f'<p class="muted">The same answer as JSON: {link}</p>'


def message_html(kind: str, text: str, suggestions: Sequence[str] = ()) -> str:
    """An error box with the message and any suggestions."""
    extra = ""
    if suggestions:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in suggestions)
        extra = f"<p>Did you mean:</p><ul>{items}</ul>"
    head = f"<strong>{html.escape(kind)}</strong>: {html.escape(text)}"
    return f'<div class="error" role="alert">{head}{extra}</div>'


def who_decides_html(answer: Answer, names: Names | None = None) -> str:
    """The who-decides answer: summary, the chain drawn, roles, lines, warnings, sources."""
    from icsgov.queries.tables import sources_table, who_decides_tables

    out = [f"<p><strong>{html.escape(answer.summary)}</strong></p>"]
    out.append(chain_html(answer.to_dict(), names or Names({})))
    out.append(tables_html(who_decides_tables(answer), names=names))
    if answer.warnings:
        items = "".join(f'<li class="warning">{html.escape(w)}</li>' for w in answer.warnings)
        out.append(f"<h2>Warnings</h2><ul>{items}</ul>")
    if answer.sources:
        out.append(tables_html([sources_table(answer.sources)]))
    return "".join(out)


def matrix_html(matrix: Matrix, names: Names | None = None) -> str:
    """The decision matrix as a table (the same grid as ``icsgov matrix``), then its notes."""
    from icsgov.queries.tables import matrix_table

    grid = matrix_table(matrix)
    return (
        f"<h2>{html.escape(grid.title)}</h2>"
        "<p>D decides, A agrees, T ratifies, R recommends, C consulted, I informed; "
        "* de facto.</p>"
        + tables_html([grid], headed=False, names=names)
        + "".join(f'<p class="muted">{html.escape(note)}</p>' for note in matrix.notes())
    )


def subsidiarity_html(report: SubsidiarityReport, names: Names | None = None) -> str:
    """Where each decision is taken in each place, and each place's summary."""
    from icsgov.queries.tables import subsidiarity_tables

    decisions, places = subsidiarity_tables(report)
    share = "n/a" if report.place_share is None else f"{report.place_share:.0%}"
    verdict = "below target" if report.below_target else "meets target"
    return (
        f"<p><strong>Place share: {html.escape(share)} (target {report.target:.0%}, {verdict}); "
        f"escalated: {len(report.escalated)}; too local: {len(report.too_local)}.</strong></p>"
        + tables_html([decisions], headed=False, names=names)
        + (f"<p>{html.escape(note)}</p>" if (note := report.footnote()) else "")
        + tables_html([places], names=names)
    )


def checks_html(report: CheckReport, names: Names | None = None) -> str:
    """Every finding of the governance checks, with the counts."""
    from icsgov.queries.tables import check_tables

    return (
        f"<p><strong>{html.escape(report.summary())}</strong></p>"
        + tables_html(check_tables(report), headed=False, names=names)
        + (f'<p class="muted">{html.escape(note)}</p>' if (note := report.footnote()) else "")
    )


MAP_NOTE = (
    "Drawn on the April 2026 ICB boundaries whatever the date: older boundaries are not yet "
    "available, so data about earlier dates is shown in the 2026 ICB that now holds the area."
)


def map_html(
    *,
    colour: str,
    cover: dict[str, dict[str, Any]],
    chosen: dict[str, Any] | None,
    status_colours: dict[str, str],
    as_of: str,
) -> str:
    """The map of ICBs (each a link to its own details), the key, and the chosen ICB's details."""
    from icsgov.render import england_map

    def link(feature: dict[str, Any]) -> str:
        query = {"colour": colour, "icb": feature["code"], "as_of": as_of}
        return "/map?" + urlencode({k: v for k, v in query.items() if v})

    colours = legend = None
    if colour == "data":
        colours = {code: status_colours[str(entry["status"])] for code, entry in cover.items()}
        legend = status_colours
    titles = {code: str(entry["status"]) for code, entry in cover.items()}
    picked = [str(chosen["code"])] if chosen else []
    svg = england_map.map_svg(highlight=picked, colours=colours, link=link, titles=titles)
    hint = "Click an ICB for its codes, region and the governance data about it."
    details = _icb_details(chosen, cover) if chosen else f'<p class="muted">{hint}</p>'

    return (
        f"<style>{england_map.map_style()}</style>"
        + england_map.legend_html(legend)
        + f'<div class="mapwrap"><div>{svg}</div><aside id="icb-details">{details}</aside></div>'
        + england_map.attribution_html()
    )


def _icb_details(feature: dict[str, Any], cover: dict[str, dict[str, Any]]) -> str:
    from icsgov.queries.tables import icb_table

    entry = cover[str(feature["code"])]
    out = [tables_html([icb_table(feature, entry)])]
    for name in (str(s) for s in entry["systems"]):
        q = urlencode({"system": name})
        out.append(
            f"<p>{html.escape(name)}: "
            f'<a href="/matrix?{html.escape(q)}">decision matrix</a> · '
            f'<a href="/subsidiarity?{html.escape(q)}">subsidiarity</a> · '
            f'<a href="/who-decides?{html.escape(urlencode({"at": name}))}">who decides</a></p>'
        )
    return "".join(out)


def chain_html(answer: dict[str, Any], names: Names) -> str:
    """The delegation chain drawn: from the holder in law down each delegation to who decides."""
    chains = answer.get("delegation_chain") or []
    if not chains:
        return ""
    out = ['<h2>Delegation chain, drawn</h2><div class="chains">']
    for chain in chains:
        steps = list(reversed(chain.get("steps") or []))
        boxes = []
        top = chain.get("statutory_holder") or (steps[0]["delegator"] if steps else None)
        if top:
            boxes.append(
                f'<li class="box law">{names.link(top)}<br><small>holds it in law</small></li>'
            )
        for step in steps:
            instrument = str(step.get("instrument") or "").replace("_", " ")
            problems = "; ".join(str(p) for p in step.get("problems") or [])
            flag = f'<br><span class="warning">{html.escape(problems)}</span>' if problems else ""
            boxes.append(
                f'<li class="arrow">delegates by {html.escape(instrument)} '
                f"({names.render(str(step.get('delegation', '')))}){flag}</li>"
                f'<li class="box">{names.link(str(step["delegate"]))}</li>'
            )
        if not steps:
            boxes.append(f'<li class="box">{names.link(str(chain.get("holder", "")))}</li>')
        broken = '<li class="warning">the chain breaks here</li>' if chain.get("broken") else ""
        out.append(f'<ol class="chain">{"".join(boxes)}{broken}</ol>')
    out.append("</div>")
    return "".join(out)
