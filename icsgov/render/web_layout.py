"""Where each body, post and line of an accountability web goes: a layered drawing.

The picture reads top to bottom from national to neighbourhood: one band per
level, and inside a band one row per step of "answers to" (the body answered
to sits above the one answering). Lines that skip rows bend through points in
each row they pass, so that the order within every row can be chosen to cut
crossings (barycentre sweeps, keeping the best order seen, then swaps of
neighbours: Sugiyama's method). National and regional bodies are drawn as
a group, and lines to the same body share their bend points: they join into
one trunk as soon as they can and run on as a bundle, rather than fanning
out across the page. Many bodies that answer only to one parent (the leaves
of a big web) are stacked in columns under it, joined by a spine, rather
than spread along one very wide row.

Everything here is plain arithmetic on ids and levels, so the same data
always gives the same picture. :func:`count_crossings` measures a drawing:
the number of times two lines cross (lines meeting at a shared point or
running along a shared bundle do not count).

>>> placed = layered_layout({"a": "national", "b": "place", "c": "place"}, [("b", "a"), ("c", "a")])
>>> placed.positions["a"][1] < placed.positions["b"][1] == placed.positions["c"][1]
True
>>> count_crossings([[(0, 0), (10, 10)], [(0, 10), (10, 0)]])
1
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from icsgov.ontology.model import LEVEL_RANK, Level

__all__ = ["Placed", "count_crossings", "layered_layout", "polylines"]

Point = tuple[float, float]

X_STEP = 170.0
"""Horizontal room for one body or post (its label is up to about 150 px wide)."""
DUMMY_STEP = 24.0
ROW_STEP = 92.0
LEVEL_GAP = 96.0
STACK_STEP = 40.0
STACK_MIN = 4
STACK_ROWS = 16
STAGGER_FROM = 5
STAGGER_STEP = 46.0
GROUPED = {"national": "National bodies", "region": "Regional bodies"}


@dataclass
class Placed:
    """Positions of nodes, bend points of each line (by index), group boxes, label sides."""

    positions: dict[str, Point]
    routes: list[list[Point]]
    groups: list[dict[str, object]] = field(default_factory=list)
    label_side: dict[str, str] = field(default_factory=dict)


@dataclass
class _Item:
    """One thing in a row: a node, a bend point of a long line, a port, or a stack of leaves."""

    key: str
    layer: int
    width: float
    up: list[str] = field(default_factory=list)
    down: list[str] = field(default_factory=list)
    x: float = 0.0


def _rank(level: str | None) -> int:
    return -1 if level is None else LEVEL_RANK[Level(level)]


def layered_layout(
    levels: dict[str, str | None],
    edges: Sequence[tuple[str, str]],
    *,
    sweeps: int = 10,
) -> Placed:
    """Lay out nodes (id -> level) and lines (source answers to target), national at the top.

    Returns positions, and for each line (in the order given) the points it
    bends through between its two ends.
    """
    import networkx as nx

    nodes = sorted(levels)
    ranks = {n: _rank(levels[n]) for n in nodes}
    band_ranks = sorted({ranks[n] for n in nodes}, reverse=True)

    # Rows inside each band: the one answered to sits above, strongly connected ones share a row.
    sub: dict[str, int] = {}
    for band in band_ranks:
        members = [n for n in nodes if ranks[n] == band]
        graph = nx.DiGraph()
        graph.add_nodes_from(members)
        graph.add_edges_from(
            (s, t) for s, t in edges if s != t and ranks.get(s) == band and ranks.get(t) == band
        )
        dag = nx.condensation(graph)
        order = list(nx.topological_sort(dag))
        height: dict[int, int] = {}
        for comp in order:
            height[comp] = max((height[p] + 1 for p in dag.predecessors(comp)), default=0)
        for comp in reversed(order):
            above = [height[t] for t in dag.successors(comp)]
            if above:
                height[comp] = max(height[comp], min(above) - 1)
        for comp in order:
            for n in dag.nodes[comp]["members"]:
                sub[n] = height[comp]

    # Global row index, top to bottom.
    layer_of: dict[str, int] = {}
    row_gap: list[float] = []  # gap above each row
    index = 0
    for b_index, band in enumerate(band_ranks):
        members = [n for n in nodes if ranks[n] == band]
        top = max(sub[n] for n in members)
        band_layers = []
        for level_row in range(top, -1, -1):
            band_layers.append(index)
            row_gap.append(LEVEL_GAP if level_row == top and b_index else ROW_STEP)
            index += 1
        if not b_index:
            row_gap[0] = 0.0
        for n in members:
            layer_of[n] = band_layers[top - sub[n]]
    layer_count = index

    # Leaves stacked under their parent: one line, to a node in the row just above.
    degree: dict[str, int] = defaultdict(int)
    for s, t in edges:
        if s != t:
            degree[s] += 1
            degree[t] += 1
    leaf_parent: dict[str, str] = {}
    for s, t in edges:
        for leaf, parent in ((s, t), (t, s)):
            if degree[leaf] == 1 and layer_of[parent] == layer_of[leaf] - 1:
                leaf_parent[leaf] = parent
    stacks: dict[str, list[str]] = defaultdict(list)
    for leaf, parent in sorted(leaf_parent.items()):
        stacks[parent].append(leaf)
    stacks = {p: leaves for p, leaves in stacks.items() if len(leaves) >= STACK_MIN}
    in_stack = {leaf: parent for parent, leaves in stacks.items() for leaf in leaves}

    items: dict[str, _Item] = {}
    for n in nodes:
        if n not in in_stack:
            items[n] = _Item(n, layer_of[n], X_STEP)
    stack_shape: dict[str, tuple[int, int]] = {}
    for parent, leaves in stacks.items():
        columns = math.ceil(len(leaves) / STACK_ROWS)
        stack_shape[parent] = (columns, math.ceil(len(leaves) / columns))
        key = f"stack:{parent}"
        items[key] = _Item(key, layer_of[parent] + 1, columns * X_STEP, up=[parent])
        items[parent].down.append(key)

    def link(lower: str, upper: str) -> None:
        items[lower].up.append(upper)
        items[upper].down.append(lower)

    # Chains of bend points for lines that skip rows. Lines to the same body share their bend
    # points, so they join into one trunk as soon as they can rather than fanning out.
    chains: list[list[str]] = []
    for s, t in edges:
        if s == t or s in in_stack or t in in_stack:
            chains.append([])
            continue
        ls, lt = layer_of[s], layer_of[t]
        if ls == lt:
            chains.append([])
            continue
        lower, upper = (s, t) if ls > lt else (t, s)
        low_layer, up_layer = max(ls, lt), min(ls, lt)
        via = [(layer, f"bend:{upper}:{layer}") for layer in range(low_layer - 1, up_layer, -1)]
        previous = lower
        chain = []
        for layer, key in via:
            if key not in items:
                items[key] = _Item(key, layer, DUMMY_STEP)
            if key not in items[previous].up:
                link(previous, key)
            chain.append(key)
            previous = key
        if upper not in items[previous].up:
            link(previous, upper)
        chains.append(chain if ls > lt else list(reversed(chain)))

    rows_of: list[list[_Item]] = [[] for _ in range(layer_count)]
    for item in sorted(items.values(), key=lambda it: it.key):
        rows_of[item.layer].append(item)
    _order(rows_of, items, sweeps)
    # A wide row is staggered: its bodies alternate between two or three sub-rows, so
    # neighbours can sit closer and still keep their labels apart.
    stagger: dict[str, float] = {}
    depth_of_row: list[float] = []
    for row in rows_of:
        real = [it for it in row if it.width == X_STEP]
        stacked = any(k.startswith("stack:") for it in real for k in it.down)
        ways = 1 if stacked else min(4, math.ceil(len(real) / STAGGER_FROM))
        for i, item in enumerate(real):
            if ways > 1:
                item.width = X_STEP / ways
                stagger[item.key] = (i % ways) * STAGGER_STEP
        depth_of_row.append((ways - 1) * STAGGER_STEP)
    _place_x(rows_of, items)

    # y of each row: stacks and staggered rows make their row taller.
    ys: list[float] = []
    y = 0.0
    extra = 0.0
    for layer in range(layer_count):
        y += row_gap[layer] + extra
        ys.append(y)
        extra = depth_of_row[layer]
        for item in rows_of[layer]:
            if item.key.startswith("stack:"):
                extra = max(extra, stack_shape[item.key[6:]][1] * STACK_STEP - ROW_STEP * 0.4)

    positions: dict[str, Point] = {}
    label_side: dict[str, str] = {}
    for item in items.values():
        if not item.key.startswith(("stack:", "bend:")):
            positions[item.key] = (item.x, ys[item.layer] + stagger.get(item.key, 0.0))
    spine_routes: dict[str, list[Point]] = {}
    for parent, leaves in stacks.items():
        block = items[f"stack:{parent}"]
        per_column = stack_shape[parent][1]
        left = block.x - block.width / 2
        block_top = ys[block.layer] - 14
        bus = block_top - 18
        for i, leaf in enumerate(leaves):
            column, place = divmod(i, per_column)
            spine = left + column * X_STEP + 10
            point = (spine + 16, block_top + place * STACK_STEP + 14)
            positions[leaf] = point
            label_side[leaf] = "right"
            spine_routes[leaf] = [(spine, point[1]), (spine, bus), (block.x, bus)]

    routes: list[list[Point]] = []
    for i, (s, t) in enumerate(edges):
        if s == t:
            routes.append([])
        elif s in in_stack and in_stack[s] == t:
            routes.append(spine_routes[s])
        elif t in in_stack and in_stack[t] == s:
            routes.append(list(reversed(spine_routes[t])))
        elif chains[i]:
            routes.append([(items[k].x, ys[items[k].layer]) for k in chains[i]])
        elif positions[s][1] == positions[t][1]:
            (sx, sy), (tx, _) = positions[s], positions[t]
            bow = 26 + 0.18 * abs(tx - sx)
            routes.append([((sx + tx) / 2, sy - bow if s < t else sy + bow)])
        else:
            routes.append([])

    groups: list[dict[str, object]] = []
    for band in band_ranks:
        name = _level_name(band)
        if name not in GROUPED:
            continue
        xs = [positions[n][0] for n in nodes if ranks[n] == band]
        ys_band = [positions[n][1] for n in nodes if ranks[n] == band]
        groups.append(
            {
                "level": name,
                "label": GROUPED[name],
                "x0": round(min(xs) - X_STEP / 2, 1),
                "y0": round(min(ys_band) - 40, 1),
                "x1": round(max(xs) + X_STEP / 2, 1),
                "y1": round(max(ys_band) + 36, 1),
            }
        )
    return Placed(positions, routes, groups, label_side)


def _level_name(rank: int) -> str | None:
    for level, value in LEVEL_RANK.items():
        if value == rank:
            return level.value
    return None


def _order(rows: list[list[_Item]], items: dict[str, _Item], sweeps: int) -> None:
    """Order each row by the mean place of its neighbours, sweeping down and up; keep the best."""
    where: dict[str, float] = {}

    def number(row: list[_Item]) -> None:
        for i, item in enumerate(row):
            where[item.key] = float(i)

    for row in rows:
        number(row)
    best = [list(row) for row in rows]
    best_count = _row_crossings(rows, where)
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        span = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for layer in span:
            row = rows[layer]
            mean: dict[str, float] = {}
            for item in row:
                near = item.up if downward else item.down
                mean[item.key] = (
                    sum(where[k] for k in near) / len(near) if near else where[item.key]
                )
            row.sort(key=lambda it: (mean[it.key], where[it.key]))
            number(row)
        count = _row_crossings(rows, where)
        if count < best_count:
            best, best_count = [list(row) for row in rows], count
    for layer, row in enumerate(best):
        rows[layer][:] = row
        number(rows[layer])
    _transpose(rows, where)


def _transpose(rows: list[list[_Item]], where: dict[str, float], passes: int = 6) -> None:
    """Swap neighbours in a row while that removes crossings with the rows above and below."""

    def crossing(left: _Item, right: _Item) -> int:
        return sum(1 for a in left.up for b in right.up if where[a] > where[b]) + sum(
            1 for a in left.down for b in right.down if where[a] > where[b]
        )

    for _ in range(passes):
        improved = False
        for row in rows:
            for i in range(len(row) - 1):
                left, right = row[i], row[i + 1]
                if crossing(right, left) < crossing(left, right):
                    row[i], row[i + 1] = right, left
                    where[left.key], where[right.key] = float(i + 1), float(i)
                    improved = True
        if not improved:
            return


def _row_crossings(rows: list[list[_Item]], where: dict[str, float]) -> int:
    """Crossings between each row and the rows its items link up to (inversions, by counting)."""
    total = 0
    for row in rows:
        pairs = sorted((where[up], where[item.key]) for item in row for up in item.up)
        below = [p[1] for p in pairs]
        total += _inversions(below)
    return total


def _inversions(values: list[float]) -> int:
    """Pairs i < j with values[i] > values[j], by merge sort."""
    if len(values) < 2:
        return 0
    middle = len(values) // 2
    left, right = values[:middle], values[middle:]
    count = _inversions(left) + _inversions(right)
    left.sort()
    right.sort()
    j = 0
    for value in left:
        while j < len(right) and right[j] < value:
            j += 1
        count += j
    return count


def _place_x(rows: list[list[_Item]], items: dict[str, _Item]) -> None:
    """x for each item: packed in order, then pulled towards its neighbours, rows kept apart."""
    for row in rows:
        x = 0.0
        for i, item in enumerate(row):
            if i:
                x += (row[i - 1].width + item.width) / 2
            item.x = x
        shift = x / 2
        for item in row:
            item.x -= shift
    for sweep in range(8):
        downward = sweep % 2 == 0
        span = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for layer in span:
            row = rows[layer]
            wanted = []
            for item in row:
                near = item.up if downward else item.down
                if not near:
                    near = item.down if downward else item.up
                wanted.append(sum(items[k].x for k in near) / len(near) if near else item.x)
            for item, x in zip(row, _spread(wanted, [it.width for it in row]), strict=True):
                item.x = x


def _spread(wanted: list[float], widths: list[float]) -> list[float]:
    """Positions as close as possible to ``wanted`` (least squares), in order and not overlapping.

    Pool-adjacent-violators on the positions less the room the items before need.

    >>> _spread([0.0, 0.0, 0.0], [10.0, 10.0, 10.0])
    [-10.0, 0.0, 10.0]
    """
    offsets = []
    total = 0.0
    for i, width in enumerate(widths):
        if i:
            total += (widths[i - 1] + width) / 2
        offsets.append(total)
    blocks: list[list[float]] = []  # [sum, count]
    for value, offset in zip(wanted, offsets, strict=True):
        blocks.append([value - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            last = blocks.pop()
            blocks[-1][0] += last[0]
            blocks[-1][1] += last[1]
    out: list[float] = []
    for total_value, count in blocks:
        out.extend([total_value / count] * int(count))
    return [round(v + o, 1) for v, o in zip(out, offsets, strict=True)]


def polylines(
    positions: dict[str, Point], edges: Sequence[tuple[str, str]], routes: Sequence[list[Point]]
) -> list[list[Point]]:
    """Each line as drawn: from its source, through its bend points, to its target."""
    return [
        [positions[s], *route, positions[t]] for (s, t), route in zip(edges, routes, strict=True)
    ]


def count_crossings(lines: Sequence[Sequence[Point]]) -> int:
    """How many points there are where two of ``lines`` (polylines) cross, as the eye sees them.

    Lines that only touch (a shared end, a shared bend point, a shared stretch
    of a bundle) do not cross; two bundles crossing count once, however many
    lines each carries.

    >>> count_crossings([[(0, 0), (10, 0)], [(5, -5), (5, 5)], [(0, 0), (0, 9)]])
    1
    """
    segments: list[tuple[float, float, float, float, int]] = []
    for index, line in enumerate(lines):
        for (ax, ay), (bx, by) in itertools.pairwise(line):
            if (ax, ay) != (bx, by):
                segments.append((ax, ay, bx, by, index))
    segments.sort(key=lambda s: min(s[0], s[2]))
    found: set[Point] = set()
    for i, (ax, ay, bx, by, li) in enumerate(segments):
        right = max(ax, bx)
        low, high = min(ay, by), max(ay, by)
        for cx, cy, dx, dy, lj in segments[i + 1 :]:
            if min(cx, dx) > right:
                break
            if lj == li or max(cy, dy) < low or min(cy, dy) > high:
                continue
            point = _proper_intersection(ax, ay, bx, by, cx, cy, dx, dy)
            if point is not None:
                found.add((round(point[0], 1), round(point[1], 1)))
    return len(found)


def _proper_intersection(
    ax: float, ay: float, bx: float, by: float, cx: float, cy: float, dx: float, dy: float
) -> Point | None:
    """Where segments AB and CD cross at a point inside both (not at an end of either)."""
    rx, ry, sx, sy = bx - ax, by - ay, dx - cx, dy - cy
    denominator = rx * sy - ry * sx
    if abs(denominator) < 1e-9:
        return None
    t = ((cx - ax) * sy - (cy - ay) * sx) / denominator
    u = ((cx - ax) * ry - (cy - ay) * rx) / denominator
    eps = 1e-6
    if eps < t < 1 - eps and eps < u < 1 - eps:
        return (ax + t * rx, ay + t * ry)
    return None
