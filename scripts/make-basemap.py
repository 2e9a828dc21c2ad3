"""Make build_scripts/basemap/region.json, the basemap the site's maps are drawn on
(build_scripts/render/mapsvg.py), from Natural Earth's country boundaries as the npm package
world-atlas 2.0.2 redistributes them:

    npm pack world-atlas@2.0.2 --pack-destination /tmp
    .venv/bin/python scripts/make-basemap.py /tmp/world-atlas-2.0.2.tgz

The tarball is checked against the integrity npm publishes for it, so the same input always gives
the same bytes; `--check` compares the result with the committed file instead of writing it.
Standard library only. build_scripts/basemap/PROVENANCE.md records the source and the choices.

What it does, in order:
1. decodes the TopoJSON arcs of `countries-10m.json` (Natural Earth 4.1.0, Admin 0 countries,
   1:10m) into longitude/latitude;
2. simplifies each arc on its own (Douglas–Peucker, TOLERANCE_KM, in a plane where a degree of
   longitude is cos(35°) of a degree of latitude), keeping its ends: arcs are shared between
   neighbours, so a border simplified once stays one line for both countries;
3. assembles each country's rings, clips them to REGION (Sutherland–Hodgman) and drops islets
   smaller than MIN_ISLAND_KM2;
4. sorts the arcs into borders (used by two countries) and coasts (used by one), clipped to REGION;
5. finds a label point for each country of at least MIN_LABELLED_KM2 in the region: the point of
   its largest piece farthest from the piece's edge (the "pole of inaccessibility", found by
   refining a grid of cells);
6. writes coordinates rounded to 0.001° (about 100 m), keys sorted, as compact JSON.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import heapq
import io
import itertools
import json
import math
import sys
import tarfile
from pathlib import Path

PACKAGE = "world-atlas"
VERSION = "2.0.2"
MEMBER = "package/countries-10m.json"
# `npm view world-atlas@2.0.2 dist.integrity`
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
NATURAL_EARTH = "4.1.0"

# West, south, east, north, in degrees: Syria and its neighbours, all of Cyprus, Lebanon, Israel
# and the Palestinian territories, Jordan's north, Iraq to Mosul, Turkey to Malatya.
REGION = (32.0, 31.0, 43.5, 38.5)
# The plane in which distances are measured: a degree of longitude is cos(35°) of a degree of
# latitude, 111.195 km (the Earth as a sphere of radius 6,371 km), at the region's middle.
KM_PER_DEGREE = 111.195
COS_MID = math.cos(math.radians(35.0))
# Half a pixel on the closest map the site draws (mapsvg.MIN_WIDTH_KM across 720 units).
TOLERANCE_KM = 0.15
MIN_ISLAND_KM2 = 3.0
# Entities too small to carry a name on these maps (the UN buffer zone and the UK's sovereign base
# areas in Cyprus, about 120 to 350 km²) keep their outline but get no label point.
MIN_LABELLED_KM2 = 1000.0
DECIMALS = 3

OUT = Path(__file__).resolve().parent.parent / "build_scripts" / "basemap" / "region.json"


def read_topology(tarball: Path) -> dict:
    data = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if integrity != INTEGRITY:
        raise SystemExit(f"make-basemap: {tarball} is not {PACKAGE}@{VERSION} as published "
                         f"(integrity {integrity}, expected {INTEGRITY})")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"make-basemap: {MEMBER} not found in {tarball}")
        return json.load(member)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Each arc as (lon, lat) points: TopoJSON quantizes positions and stores differences."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _plane(p: tuple[float, float]) -> tuple[float, float]:
    return p[0] * COS_MID * KM_PER_DEGREE, p[1] * KM_PER_DEGREE


def simplify(points: list[tuple[float, float]], tolerance_km: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative: the points that stay within `tolerance_km` of the line, ends kept."""
    if len(points) < 3:
        return list(points)
    plane = [_plane(p) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = plane[first], plane[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = plane[i]
            if length2 == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
                d = math.hypot(px - ax - t * dx, py - ay - t * dy)
            if d > worst:
                worst, index = d, i
        if worst > tolerance_km:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_of(indexes: list[int], arcs: dict[int, list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A closed ring from arc indexes (a negative index ~i is arc i reversed)."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a closed ring inside the box (edges along the box where cut)."""
    west, south, east, north = box
    edges = [(lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north))]
    points = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, cross in edges:
        if not points:
            break
        out = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def clip_line(line: list[tuple[float, float]], box: tuple[float, ...]) -> list[list[tuple[float, float]]]:
    """The pieces of an open line inside the box (Liang–Barsky on each segment)."""
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for a, b in itertools.pairwise(line):
        segment = clip_segment(a, b, box)
        if segment is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = segment
        if current and current[-1] == start:
            current.append(end)
        else:
            if current:
                pieces.append(current)
            current = [start, end]
        if end != b:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) > 1]


def clip_segment(a, b, box):
    west, south, east, north = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    start = a if t0 == 0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    end = b if t1 == 1 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return start, end


def area_km2(ring: list[tuple[float, float]]) -> float:
    plane = [_plane(p) for p in ring]
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(plane, plane[1:] + plane[:1], strict=True))) / 2


def rounded(points: list[tuple[float, float]], closed: bool) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    if closed and len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


# --- the label point ------------------------------------------------------------------------


def _distance_to_edge(x: float, y: float, ring: list[tuple[float, float]]) -> float:
    """Signed distance from (x, y) to a ring's edge, in the plane: positive inside."""
    inside = False
    best = math.inf
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            inside = not inside
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
        best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best if inside else -best


def label_point(ring: list[tuple[float, float]], precision_km: float = 1.0) -> tuple[float, float]:
    """The point of a ring farthest from its edge (polylabel: cells refined best first)."""
    plane = [_plane(p) for p in ring]
    xs, ys = [p[0] for p in plane], [p[1] for p in plane]
    west, south, east, north = min(xs), min(ys), max(xs), max(ys)
    size = min(east - west, north - south)
    if size == 0:
        return ring[0]
    half = size / 2
    queue: list[tuple[float, float, float, float]] = []

    def push(x: float, y: float, h: float) -> None:
        d = _distance_to_edge(x, y, plane)
        heapq.heappush(queue, (-(d + h * math.sqrt(2)), x, y, h))

    x = west
    while x < east:
        y = south
        while y < north:
            push(x + half, y + half, half)
            y += size
        x += size
    best_x, best_y = (west + east) / 2, (south + north) / 2
    best = _distance_to_edge(best_x, best_y, plane)
    while queue:
        bound, x, y, h = heapq.heappop(queue)
        d = _distance_to_edge(x, y, plane)
        if d > best:
            best, best_x, best_y = d, x, y
        if -bound - best <= precision_km:
            continue
        h /= 2
        for cx, cy in ((x - h, y - h), (x + h, y - h), (x - h, y + h), (x + h, y + h)):
            push(cx, cy, h)
    return best_x / (COS_MID * KM_PER_DEGREE), best_y / KM_PER_DEGREE


# --- the file ---------------------------------------------------------------------------------


def basemap(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    margin = 1.0  # degrees: arcs near the region may still cross it once simplified
    near = (REGION[0] - margin, REGION[1] - margin, REGION[2] + margin, REGION[3] + margin)
    users: dict[int, set[str]] = {}
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                for i in ring:
                    users.setdefault(i if i >= 0 else ~i, set()).add(name)
        countries.append((name, geometry.get("id"), polygons))

    def touches(points: list[tuple[float, float]]) -> bool:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return not (max(xs) < near[0] or min(xs) > near[2] or max(ys) < near[1] or min(ys) > near[3])

    # Every arc of every country with an arc near the region: a ring is assembled whole, then clipped.
    close = {i for i, arc in enumerate(arcs) if touches(arc)}
    wanted = set()
    for _, _, polygons in countries:
        used = {i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring}
        if used & close:
            wanted |= used
    simple = {i: simplify(arcs[i], TOLERANCE_KM) for i in sorted(wanted)}
    out_countries = []
    for name, iso, polygons in countries:
        pieces = []
        for polygon in polygons:
            if not all((i if i >= 0 else ~i) in wanted for ring in polygon for i in ring):
                continue
            rings = []
            for k, indexes in enumerate(polygon):
                ring = clip_ring(ring_of(indexes, simple), REGION)
                if len(ring) < 3 or (k == 0 and area_km2(ring) < MIN_ISLAND_KM2):
                    if k == 0:
                        break
                    continue
                rings.append(ring)
            if rings:
                pieces.append(rings)
        if not pieces:
            continue
        largest = max(pieces, key=lambda rings: area_km2(rings[0]))
        entry = {"name": name, "polygons": [[rounded(ring, closed=True) for ring in rings] for rings in pieces]}
        if sum(area_km2(rings[0]) for rings in pieces) >= MIN_LABELLED_KM2:
            lon, lat = label_point(largest[0])
            entry["label"] = [round(lon, 2), round(lat, 2)]
        if iso:
            entry["iso"] = iso
        out_countries.append(entry)
    out_countries.sort(key=lambda c: c["name"])
    borders, coasts = [], []
    for i in sorted(wanted):
        for piece in clip_line(simple[i], REGION):
            line = rounded(piece, closed=False)
            if len(line) > 1:
                (borders if len(users.get(i, ())) > 1 else coasts).append(line)
    return {
        "about": (f"Natural Earth {NATURAL_EARTH} Admin 0 countries (1:10m, public domain), from {MEMBER} of the npm "
                  f"package {PACKAGE}@{VERSION}; simplified and clipped by scripts/make-basemap.py. "
                  "See build_scripts/basemap/PROVENANCE.md."),
        "region": list(REGION),
        "countries": out_countries,
        "borders": borders,
        "coasts": coasts,
    }


def encode(data: dict) -> bytes:
    return (json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n").encode("ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tarball", type=Path,
                        help=f"{PACKAGE}-{VERSION}.tgz, as `npm pack {PACKAGE}@{VERSION}` writes it")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default: {OUT})")
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args(argv)
    data = encode(basemap(read_topology(args.tarball)))
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == data
        print(f"make-basemap: {args.out} {'is up to date' if same else 'differs from what the script makes'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"make-basemap: wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
