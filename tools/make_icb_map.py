"""Build the small England ICB map shipped in ``icsgov/render/assets/england_icb_2026.json``.

Why: the ONS boundary file is 710 KB with 19,154 points; a map drawn a few
hundred pixels high needs a few per cent of them. This script projects the
April 2026 ICB boundaries to a flat plane, simplifies each ring
(Douglas-Peucker, tolerance about 900 m, under two units of the frame), rounds to whole units of a
1,000-unit-wide frame and writes SVG path data, with each ICB's codes, name,
region and the 2024 ICBs it took over (so older data can be placed on it).
Run from the repository root::

    python tools/make_icb_map.py [SOURCE_DIR]

SOURCE_DIR defaults to ``../shared/data/reference/2026``. It reads:

- ``ons_icb_april_2026_bsc.geojson``: ONS, Integrated Care Boards (April
  2026) Boundaries EN BSC (OGL v3.0; contains OS data © Crown copyright and
  database right 2026);
- ``derived_icb26_list.csv``: the 36 ICBs with ODS code and NHS England region
  (ONS SICBL26-ICB26-NHSER26 lookup, OGL v3.0);
- ``derived_icb_succession_2026-04-01.csv``: which 2024 ICB (ODS code) went
  to which 2026 ICB.

Neighbouring ICBs are simplified separately, so their shared borders can
differ by up to the tolerance (well under a pixel at the size drawn).
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "icsgov" / "render" / "assets" / "england_icb_2026.json"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "reference" / "2026"
WIDTH = 1000.0
TOLERANCE_DEGREES = 0.008
LAT0 = 52.5  # the projection's standard parallel: middle England


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular with x shrunk by cos(52.5°): true shape for a country this size."""
    return lon * math.cos(math.radians(LAT0)), -lat


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively (rings have thousands of points)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def main(source: Path) -> None:
    geo = json.loads((source / "ons_icb_april_2026_bsc.geojson").read_text(encoding="utf-8"))
    with (source / "derived_icb26_list.csv").open(encoding="utf-8-sig") as f:
        icbs = {row["ICB26CD"]: row for row in csv.DictReader(f)}
    successors: dict[str, list[str]] = {}
    with (source / "derived_icb_succession_2026-04-01.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            successors.setdefault(row["new_icb_ons"], []).append(row["old_icb_ods"])
    projected = []
    for feature in geo["features"]:
        code = feature["properties"]["ICB26CD"]
        shapes = []
        for ring in rings(feature["geometry"]):
            points = [project(lon, lat) for lon, lat in ring]
            tolerance = TOLERANCE_DEGREES * math.cos(math.radians(LAT0))
            simple = simplify(points, tolerance)
            if len(simple) >= 4:
                shapes.append(simple)
        projected.append((code, feature["properties"]["ICB26NM"], shapes))
    xs = [x for _, _, shapes in projected for ring in shapes for x, _ in ring]
    ys = [y for _, _, shapes in projected for ring in shapes for _, y in ring]
    scale = WIDTH / (max(xs) - min(xs))
    height = math.ceil((max(ys) - min(ys)) * scale)
    features = []
    points_kept = 0
    for code, name, shapes in sorted(projected):
        paths = []
        for ring in shapes:
            flat = []
            for x, y in ring:
                point = (round((x - min(xs)) * scale), round((y - min(ys)) * scale))
                if not flat or flat[-1] != point:
                    flat.append(point)
            if len(flat) < 4:
                continue
            points_kept += len(flat) - 1
            steps = " ".join(
                f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(flat[:-1])
            )
            paths.append(f"M{flat[0][0]} {flat[0][1]}l{steps}z")
        row = icbs[code]
        features.append(
            {
                "code": code,
                "ods": row["ICB26CDH"],
                "name": name,
                "region": row["NHSER26NM"],
                "region_code": row["NHSER26CDH"],
                "status": row["status_2026_04_01"],
                "predecessors": sorted({row["ICB26CDH"], *successors.get(code, [])}),
                "path": "".join(paths),
            }
        )
    out = {
        "title": "Integrated Care Boards in England, April 2026 boundaries",
        "attribution": (
            "Source: Office for National Statistics licensed under the Open Government "
            "Licence v.3.0. Contains OS data © Crown copyright and database right 2026. "
            "Contains information from NHS England / NHS Organisation Data Service, "
            "licensed under OGL v3.0."
        ),
        "source": "ONS, Integrated Care Boards (April 2026) Boundaries EN BSC",
        "simplified": f"Douglas-Peucker, {TOLERANCE_DEGREES} degrees; {points_kept} points",
        "width": int(WIDTH),
        "height": height,
        "features": features,
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"Wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(features)} ICBs, {points_kept} points)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
