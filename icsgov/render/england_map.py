"""A map of England's 36 integrated care boards (April 2026 boundaries), as SVG or one offline page.

The boundaries are ONS's "Integrated Care Boards (April 2026) Boundaries EN
BSC", simplified at build time by ``tools/make_icb_map.py`` into
``icsgov/render/assets/england_icb_2026.json`` (about 35 KB, attributed).
Each ICB also lists the 2024 ICBs it took over, so a place found in older
data (``icsgov where Luton`` answers with Bedfordshire, Luton and Milton
Keynes, QHG) is drawn in the ICB that holds it now (NHS Central East). Every
date is drawn on 2026 boundaries, and the map says so.

The SVG has no script: a region's colour, a title to hover, and a link per
ICB (to its entry below the map, or to its page in ``icsgov serve``).

>>> svg = map_svg(highlight=icbs_for(["QHG"]))
>>> svg.count("<path"), "NHS Central East Integrated Care Board" in svg
(36, True)
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "BOUNDARY_NOTE",
    "REGION_COLOURS",
    "icb_map",
    "icbs_for",
    "map_html",
    "map_svg",
    "where_html",
]

REGION_COLOURS = {
    "London": "#e69f00",
    "South East": "#56b4e9",
    "South West": "#009e73",
    "Midlands": "#e8d83a",
    "East of England": "#0072b2",
    "North West": "#d55e00",
    "North East and Yorkshire": "#cc79a7",
}
"""One colour per NHS England region (Okabe-Ito, distinguishable with colour-blindness)."""

BOUNDARY_NOTE = (
    "Drawn on the April 2026 ICB boundaries (36 ICBs) whatever the date asked about: "
    "older boundaries are not yet available to icsgov, so a place found in older data "
    "is shown in the 2026 ICB that now holds it."
)

_STYLE = """
svg.england{max-width:100%;height:auto;background:#f7fafb}
svg.england a:hover path,svg.england a:focus path{stroke:#1d1d1b;stroke-width:2.5}
.legend span{display:inline-block;width:14px;height:14px;margin:0 4px 0 12px;
vertical-align:middle;border:1px solid #aeb7bd}
.icbs :target{background:#ffeb99}
.mapwrap{display:flex;gap:24px;align-items:flex-start}.mapwrap aside{max-width:480px}
"""


@cache
def icb_map() -> dict[str, Any]:
    """The shipped map: title, attribution, frame size and one feature per ICB."""
    text = (resources.files("icsgov.render") / "assets" / "england_icb_2026.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(text)
    return data


def icbs_for(codes: Iterable[str]) -> list[str]:
    """The 2026 ICBs (ONS codes) that hold any of ``codes``: a 2026 ONS or ODS code, or a 2024 ICB.

    >>> icbs_for(["QR1"]), icbs_for(["E54000065"]), icbs_for(["QJG"])
    (['E54000043'], ['E54000065'], ['E54000066', 'E54000068'])
    """
    wanted = {c.strip().upper() for c in codes if c}
    return [
        f["code"]
        for f in icb_map()["features"]
        if wanted & {f["code"], f["ods"], *f["predecessors"]}
    ]


def map_svg(
    *,
    highlight: Collection[str] = (),
    colours: Mapping[str, str] | None = None,
    link: Callable[[dict[str, Any]], str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> str:
    """The SVG map: ICBs coloured by region (or ``colours``: ONS code -> colour), linked.

    ``highlight`` (ONS codes) draws those ICBs strongly and the rest faded;
    ``link`` gives each ICB's href (default: its entry below the map; "" for no link);
    ``titles`` adds text to an ICB's hover title.
    """
    data = icb_map()
    picked = set(highlight)
    parts = [
        f'<svg class="england" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="-6 -6 {data["width"] + 12} {data["height"] + 12}" '
        f'width="{data["width"] * 0.62:.0f}" height="{data["height"] * 0.62:.0f}" '
        f'aria-label="{html.escape(data["title"], quote=True)}">'
    ]
    for feature in data["features"]:
        code = feature["code"]
        fill = (colours or {}).get(code) or REGION_COLOURS.get(feature["region"], "#d8dde0")
        opacity = 1.0 if code in picked else (0.3 if picked else 0.8)
        href = link(feature) if link else f"#icb-{code}"
        title = f"{feature['name']} ({feature['ods']}, {code}); {feature['region']}"
        if titles and code in titles:
            title += f"; {titles[code]}"
        stroke = (
            ' class="picked" stroke="#1d1d1b" stroke-width="3.5"'
            if code in picked
            else ' stroke="#fff" stroke-width="1.2"'
        )
        shape = (
            f"<title>{html.escape(title)}</title>"
            f'<path d="{feature["path"]}" fill="{html.escape(fill, quote=True)}" '
            f'fill-opacity="{opacity}"{stroke} stroke-linejoin="round"/>'
        )
        if href:
            parts.append(f'<a href="{html.escape(href, quote=True)}" data-icb="{code}">{shape}</a>')
        else:
            parts.append(f'<g data-icb="{code}">{shape}</g>')
    parts.append("</svg>")
    return "".join(parts)


def legend_html(colours: Mapping[str, str] | None = None) -> str:
    """The key to the colours: regions, or the ``colours`` legend (label -> colour)."""
    pairs = colours or REGION_COLOURS
    items = "".join(
        f'<span style="background:{html.escape(colour, quote=True)}"></span>{html.escape(label)}'
        for label, colour in pairs.items()
    )
    return f'<p class="legend">{items}</p>'


def icb_table(highlight: Collection[str] = ()) -> str:
    """Every ICB with its codes, region and the 2024 ICBs it took over; each row an anchor.

    The table is :func:`icsgov.queries.tables.icbs_table`, written by the one HTML
    table writer (every cell escaped); each row's id is the map's link target.
    """
    from icsgov.queries.tables import html_table, icbs_table

    features = icb_map()["features"]
    table = html_table(
        icbs_table(features, highlight), row_ids=[f"icb-{f['code']}" for f in features]
    )
    return f'<div class="icbs">{table}</div>'


def attribution_html() -> str:
    """Where the boundaries come from, and the note that every date is drawn on 2026's."""
    data = icb_map()
    return (
        f'<p class="muted">{html.escape(BOUNDARY_NOTE)}</p>'
        f'<p class="muted"><small>{html.escape(data["source"])}, simplified '
        f"({html.escape(data['simplified'])}). {html.escape(data['attribution'])}</small></p>"
    )


def map_html(
    title: str,
    *,
    intro: str = "",
    highlight: Collection[str] = (),
    colours: Mapping[str, str] | None = None,
    legend: Mapping[str, str] | None = None,
) -> str:
    """One offline page: the map, its key, the note on boundaries and the table of ICBs.

    ``intro`` is HTML placed above the map (already escaped). The page has no
    script and a policy that forbids every request.
    """
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}{_STYLE}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>{legend_html(legend)}"
        f'<div class="mapwrap"><div>{map_svg(highlight=highlight, colours=colours)}</div>'
        f"<aside>{intro}</aside></div>{attribution_html()}"
        f"<h2>The 36 ICBs</h2>{icb_table(highlight)}</main></body></html>\n"
    )


PAGE_STYLE = """
body{font:15px/1.45 system-ui,Arial,sans-serif;margin:0;color:#1d1d1b}
main{padding:8px 20px 40px;max-width:1200px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #aeb7bd;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#e8edee}.muted{color:#425563}
"""


def map_style() -> str:
    """The map's own style rules, for pages that embed :func:`map_svg`."""
    return _STYLE


def where_html(answer: Mapping[str, Any]) -> str:
    """``icsgov where PLACE --format html``: the place's chain, and its ICB highlighted on the map.

    ``answer`` is :meth:`icsgov.queries.where.WhereResult.to_dict`. The ICB of
    the answer (or each ICB a split council area falls in) is found among the
    2026 ICBs by its code; one since merged is shown in the ICB that took it
    over, and the page says so. Council boundaries are not drawn.
    """
    found = answer["query_resolved_to"]
    steps = [s for s in answer["chain"] if s.get("level") == "system"]
    codes = [s.get("code", "") for s in steps] + [s.get("code", "") for s in answer["shares"]]
    highlight = icbs_for(codes)
    names = {f["code"]: f for f in icb_map()["features"]}
    now = ", ".join(f"{names[c]['name']} ({names[c]['ods']})" for c in highlight)
    then = ", ".join(f"{s.get('organisation') or s['name']} ({s.get('code', '')})" for s in steps)
    place = html.escape(found["name"])
    if not highlight:
        sentence = f"{place}: no ICB of April 2026 matches its chain, so nothing is highlighted."
    elif steps and all(s.get("code") in {names[c]["ods"] for c in highlight} for s in steps):
        sentence = f"{place} is in {html.escape(now)}, highlighted on the map."
    else:
        sentence = (
            f"{place} was in {html.escape(then)} as of {html.escape(str(answer['as_of']))}; "
            f"that ICB's area is now in {html.escape(now)} (April 2026), highlighted on the map."
        )
    from icsgov.queries.tables import chain_table, html_table
    from icsgov.words import ILLUSTRATIVE_NOTE

    caveats = "".join(
        f'<p class="muted">Note: {html.escape(str(c))}</p>' for c in answer.get("caveats") or []
    )
    intro = caveats + (
        f'<p id="where-answer"><strong>{sentence}</strong> Council and place boundaries are '
        "not drawn: the highlighted shape is the whole ICB.</p>"
        + html_table(chain_table(answer["chain"]))
        + (
            f'<p class="muted">{html.escape(ILLUSTRATIVE_NOTE)}</p>'
            if answer.get("illustrative")
            else ""
        )
    )
    return map_html(f"Where is {found['name']}?", intro=intro, highlight=highlight)
