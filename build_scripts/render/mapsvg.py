"""Maps of places, drawn at build time as inline SVG on a vendored basemap: no tiles, no script,
nothing from another host.

The basemap is build_scripts/basemap/region.json, Natural Earth's country boundaries for Syria
and its neighbours, simplified once by scripts/make-basemap.py (PROVENANCE.md beside it says
how). A map shows a *view*, a box of longitude and latitude inside that region: by default the
box around the points, padded, never smaller than MIN_WIDTH_KM by MIN_HEIGHT_KM, and never
outside the region. A point outside the view (a far capital, say) is not drawn on the map: an
arrow at the map's edge points towards it, and the list of places says "outside the map".

Projection: equirectangular, scaled for the view's middle latitude φ0 (the "plate carrée" with
cos φ0 applied to longitudes), north up:

    x = (lon − west) · cos φ0 · k,    y = (north − lat) · k,    k = WIDTH / ((east − west) · cos φ0)

so that a kilometre is the same length east–west (at φ0) as north–south; over a view a few
hundred kilometres tall the east–west scale errs by at most a few per cent at its top and
bottom edges, which the scale bar (measured at φ0) does not show. Coordinates are written to a
tenth of a unit, so the same points always give the same bytes.

Everything a map says is also said in words: each marker is a link with the place's name (the
labels drawn beside the markers are for the eye, and are dropped where they would overlap), the
SVG's description names the places, and `map_list` gives each place with its coordinates and
their precision. Colours and lines come from CSS classes (docs/stylesheets/archive.css, light and
dark); the markup has no style attribute and no script.

Public API: `MapPoint`, `BBox`, `PRECISIONS`, `MARKERS`, `region`, `fit_view`, `map_svg`,
`map_figure`, `map_list`, `remembering`.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import functools
import heapq
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from build_scripts.render.common import href, isolate, name_html, plural
from build_scripts.render.templating import ENV, macros

__all__ = ["MARKERS", "PRECISIONS", "BBox", "MapPoint", "fit_view", "map_figure", "map_list", "map_svg", "region",
           "remembering"]

BASEMAP = Path(__file__).resolve().parent.parent / "basemap" / "region.json"

WIDTH = 720  # the SVG's width in its own units; its height follows from the view
KM_PER_DEGREE = 111.195  # a degree of latitude, the Earth as a sphere of radius 6,371 km
MIN_WIDTH_KM = 200.0  # the smallest view: a town with the towns and the border around it
MIN_HEIGHT_KM = 140.0
PADDING = 0.12  # of the points' extent, on each side, and at least PADDING_KM
PADDING_KM = 30.0
SNAP_DEGREES = 0.25  # a view's edges lie on this grid of degrees (`_snapped`)
ASPECT = (0.6, 1.0)  # the view's height over its width, widened or heightened to stay within

# The precision of a location (annotations/places/*.yml, `location.precision`), as the map's
# legend and list say it. A `point` or `settlement` is drawn as a dot, an `area` as a disc, an
# `approximate` location as a dashed ring.
PRECISIONS = {
    "point": "an exact point (within about 100 m)",
    "settlement": "the centre of a town or village (within a few km)",
    "area": "the centre of a larger area (a region, a road)",
    "approximate": "an approximate location (possibly 10 km or more off)",
}
DECIMALS = {"point": 4, "settlement": 3, "area": 2, "approximate": 2}  # as the list writes them
# The key under a map: what each symbol stands for.
KEY = {
    "dot": "a place, located to within a few km or better",
    "diamond": "an event, located to within a few km or better",
    "area": "the centre of a larger area (a region, a road)",
    "approximate": "an approximate location (possibly 10 km or more off)",
    "context": "another place in the archive",
    "pointer": "the direction of a place outside the map",
}
# What a marker stands for: a place (a dot) or an event (a diamond).
MARKERS = ("place", "event")

# Sizes in the SVG's units. Labels are set twice: for a map shown about its own width, and larger
# for a map shown at half of it or less (a phone), where CSS swaps the two sets and enlarges the
# markers by NARROW_SCALE.
FONT, FONT_NARROW = 12.5, 24.0
COUNTRY_FONT, COUNTRY_FONT_NARROW = 11.0, 22.0
NARROW_SCALE = 2.0
DOT, DOT_EMPHASIS, RING, CENTRE = 4.5, 6.5, 11.0, 2.2
EDGE = 4.0  # labels keep this far from the map's edge
BOLD_WIDTH = 1.12  # the subject's label is bold (.map-label.map-emphasis): this much wider than estimated
SIMPLIFY = 0.35  # units: the basemap's lines are simplified to this on each map
LABEL_SIMPLIFY = 3.0  # units: the outline a country's name must fit in, simplified to this
SOURCE = "Boundaries: Natural Earth"
SOURCE_FONT = 0.85  # of the labels' size


@dataclass(frozen=True)
class BBox:
    """A box of longitude and latitude, in degrees."""
    west: float
    south: float
    east: float
    north: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def mid_lat(self) -> float:
        return (self.south + self.north) / 2

    @property
    def width_km(self) -> float:
        return (self.east - self.west) * math.cos(math.radians(self.mid_lat)) * KM_PER_DEGREE

    @property
    def height_km(self) -> float:
        return (self.north - self.south) * KM_PER_DEGREE


@dataclass(frozen=True)
class MapPoint:
    """One thing to put on a map and in its list.

    `url` is the site address of its page (`places/ariha/`, as a record's `url`), linked relative
    to the page the map is on; None draws it without a link. `lat`/`lon` None (no citable
    location) leaves it off the map, and the list says so. `detail` is a few words of the
    archive's own (e.g. "2 events") added to its tooltip and its list entry. `emphasis` marks the
    page's subject: drawn larger, labelled first."""
    id: str
    label: str
    lat: float | None
    lon: float | None
    url: str | None = None
    precision: str = "settlement"  # a key of PRECISIONS
    marker: str = "place"  # one of MARKERS
    emphasis: bool = False
    detail: str = ""

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"MapPoint {self.id!r}: precision {self.precision!r} is not one of {sorted(PRECISIONS)}")
        if self.marker not in MARKERS:
            raise ValueError(f"MapPoint {self.id!r}: marker {self.marker!r} is not one of {list(MARKERS)}")
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"MapPoint {self.id!r}: give both lat and lon, or neither")
        if self.lat is not None and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"MapPoint {self.id!r}: ({self.lat}, {self.lon}) is not a WGS84 position")

    @property
    def located(self) -> bool:
        return self.lat is not None


# --- the basemap --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Country:
    name: str
    label: tuple[float, float] | None  # (lon, lat)
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]  # polygons → rings → (lon, lat)


@dataclass(frozen=True)
class _Basemap:
    region: BBox
    countries: tuple[_Country, ...]
    borders: tuple[tuple[tuple[float, float], ...], ...]
    coasts: tuple[tuple[tuple[float, float], ...], ...]


@functools.cache
def _basemap() -> _Basemap:
    data = json.loads(BASEMAP.read_text(encoding="ascii"))

    def line(points) -> tuple[tuple[float, float], ...]:
        return tuple((x, y) for x, y in points)

    countries = tuple(_Country(c["name"], tuple(c["label"]) if "label" in c else None,
                               tuple(tuple(line(ring) for ring in polygon) for polygon in c["polygons"]))
                      for c in data["countries"])
    return _Basemap(BBox(*data["region"]), countries, tuple(map(line, data["borders"])),
                    tuple(map(line, data["coasts"])))


def region() -> BBox:
    """The area the basemap covers: no map shows anything outside it."""
    return _basemap().region


# --- the view -----------------------------------------------------------------------------------


def fit_view(points: Iterable[MapPoint]) -> BBox | None:
    """The view of a map of `points`: the box around those inside the region, padded, at least
    MIN_WIDTH_KM × MIN_HEIGHT_KM, its height between ASPECT of its width, moved (or cut) to stay
    inside the region. None when no point can be drawn."""
    area = region()
    inside = [p for p in points if p.located and area.contains(p.lat, p.lon)]
    if not inside:
        return None
    south, north = min(p.lat for p in inside), max(p.lat for p in inside)
    west, east = min(p.lon for p in inside), max(p.lon for p in inside)
    cos = math.cos(math.radians((south + north) / 2))
    # Work in kilometres around the centre, then back to degrees.
    width = (east - west) * cos * KM_PER_DEGREE
    height = (north - south) * KM_PER_DEGREE
    width += 2 * max(width * PADDING, PADDING_KM)
    height += 2 * max(height * PADDING, PADDING_KM)
    width, height = max(width, MIN_WIDTH_KM), max(height, MIN_HEIGHT_KM)
    height = max(height, width * ASPECT[0])
    width = max(width, height / ASPECT[1])
    # Latitudes first: moved into the region, they give the middle latitude that turns the width
    # back into degrees of longitude.
    lat0, half_lat = (south + north) / 2, height / 2 / KM_PER_DEGREE
    lats = _inside(BBox(area.west, lat0 - half_lat, area.east, lat0 + half_lat), area)
    lon0, half_lon = (west + east) / 2, width / 2 / (math.cos(math.radians(lats.mid_lat)) * KM_PER_DEGREE)
    return _snapped(_inside(BBox(lon0 - half_lon, lats.south, lon0 + half_lon, lats.north), area), area)


def _snapped(view: BBox, area: BBox) -> BBox:
    """`view` grown outwards to the SNAP_DEGREES grid (the region's edges are on it): maps of
    nearby places then share one view, and the basemap drawn for it (`_base`, cached), instead
    of each drawing its own. A large archive has thousands of place and event maps."""
    def down(value: float) -> float:
        return math.floor(round(value / SNAP_DEGREES, 9)) * SNAP_DEGREES

    def up(value: float) -> float:
        return math.ceil(round(value / SNAP_DEGREES, 9)) * SNAP_DEGREES

    return _inside(BBox(down(view.west), down(view.south), up(view.east), up(view.north)), area)


def _inside(view: BBox, area: BBox) -> BBox:
    """`view` moved into `area`, and cut to it where it is larger."""
    def shift(low: float, high: float, lo: float, hi: float) -> tuple[float, float]:
        if high - low >= hi - lo:
            return lo, hi
        if low < lo:
            return lo, lo + (high - low)
        if high > hi:
            return hi - (high - low), hi
        return low, high

    west, east = shift(view.west, view.east, area.west, area.east)
    south, north = shift(view.south, view.north, area.south, area.north)
    return BBox(west, south, east, north)


@dataclass(frozen=True)
class _Projection:
    view: BBox
    k: float  # units per degree of latitude
    cos: float
    height: float

    @classmethod
    def of(cls, view: BBox) -> _Projection:
        cos = math.cos(math.radians(view.mid_lat))
        k = WIDTH / ((view.east - view.west) * cos)
        return cls(view, k, cos, (view.north - view.south) * k)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.view.west) * self.cos * self.k, (self.view.north - lat) * self.k

    @property
    def km_per_unit(self) -> float:
        return KM_PER_DEGREE / self.k


# --- geometry in the SVG's units -------------------------------------------------------------------

_Pt = tuple[float, float]


def _clip_ring(points: list[_Pt], box: tuple[float, float, float, float]) -> list[_Pt]:
    """Sutherland–Hodgman: the part of a closed ring inside box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    for axis, limit, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if not points:
            break
        out: list[_Pt] = []
        previous = points[-1]
        for point in points:
            now_in = point[axis] >= limit if keep_above else point[axis] <= limit
            was_in = previous[axis] >= limit if keep_above else previous[axis] <= limit
            if now_in != was_in:
                t = (limit - previous[axis]) / (point[axis] - previous[axis])
                cross = (previous[0] + t * (point[0] - previous[0]), previous[1] + t * (point[1] - previous[1]))
                out.append((limit, cross[1]) if axis == 0 else (cross[0], limit))
            if now_in:
                out.append(point)
            previous = point
        points = out
    return points


def _clip_line(points: list[_Pt], box: tuple[float, float, float, float]) -> list[list[_Pt]]:
    """The pieces of an open line inside box (Liang–Barsky on each segment)."""
    x0, y0, x1, y1 = box
    pieces: list[list[_Pt]] = []
    current: list[_Pt] = []
    for a, b in itertools.pairwise(points):
        dx, dy = b[0] - a[0], b[1] - a[1]
        t0, t1 = 0.0, 1.0
        for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
            if p == 0:
                if q < 0:
                    t0, t1 = 1.0, 0.0
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
        if t0 > t1:
            if current:
                pieces.append(current)
                current = []
            continue
        start = (a[0] + t0 * dx, a[1] + t0 * dy)
        end = (a[0] + t1 * dx, a[1] + t1 * dy)
        if not current:
            current = [start]
        current.append(end)
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) > 1]


def _simplify(points: list[_Pt], tolerance: float) -> list[_Pt]:
    """Douglas–Peucker, iterative, ends kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy or 1e-12
        worst, index = tolerance, -1
        hypot = math.hypot
        for i in range(first + 1, last):
            px, py = points[i]
            t = ((px - ax) * dx + (py - ay) * dy) / length2  # clamped to [0, 1], without min and max calls
            if t > 1.0:
                t = 1.0
            elif t < 0.0:
                t = 0.0
            d = hypot(px - ax - t * dx, py - ay - t * dy)
            if d > worst:
                worst, index = d, i
        if index >= 0:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _tenths(points: Iterable[_Pt]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x * 10), round(y * 10))
        if not out or out[-1] != point:
            out.append(point)
    return out


def _num(tenths: int) -> str:
    """A tenth of a unit as the shortest SVG number: 12, 12.5, .5, -.5."""
    if tenths % 10 == 0:
        return str(tenths // 10)
    text = f"{abs(tenths) / 10:.1f}".removeprefix("0")
    return f"-{text}" if tenths < 0 else text


def _path(points: list[tuple[int, int]], closed: bool) -> str:
    """Path data for points in tenths: an absolute move, then relative lines (exact: the rounding
    is done before the differences are taken)."""
    (x, y), rest = points[0], points[1:]
    parts = [f"M{_num(x)} {_num(y)}l"]
    steps = []
    for px, py in rest:
        steps.append(f"{_num(px - x)} {_num(py - y)}")
        x, y = px, py
    return parts[0] + " ".join(steps) + ("z" if closed else "")


def _ring_area(points: Sequence[_Pt]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]], strict=True))) / 2


def _inside_ring(x: float, y: float, ring: Sequence[_Pt]) -> bool:
    inside = False
    for (ax, ay), (bx, by) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            inside = not inside
    return inside


def _edge_distance(x: float, y: float, ring: Sequence[_Pt]) -> float:
    """Distance from (x, y) to the ring's edge: positive inside, negative outside."""
    best = math.inf
    hypot = math.hypot
    for (ax, ay), (bx, by) in zip(ring, [*ring[1:], ring[0]], strict=True):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy or 1e-12
        t = ((x - ax) * dx + (y - ay) * dy) / length2  # clamped to [0, 1], without min and max calls
        if t > 1.0:
            t = 1.0
        elif t < 0.0:
            t = 0.0
        d = hypot(x - ax - t * dx, y - ay - t * dy)
        if d < best:
            best = d
    return best if _inside_ring(x, y, ring) else -best


def _pole(ring: Sequence[_Pt], precision: float = 20.0) -> tuple[float, float, float]:
    """The point of a ring farthest from its edge (polylabel: cells refined best first), with
    that distance."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    size = min(x1 - x0, y1 - y0)
    best = ((x0 + x1) / 2, (y0 + y1) / 2)
    best_d = _edge_distance(*best, ring)
    if size <= 0:
        return (*best, best_d)
    queue: list[tuple[float, float, float, float]] = []

    def push(x: float, y: float, h: float) -> None:
        d = _edge_distance(x, y, ring)
        heapq.heappush(queue, (-(d + h * math.sqrt(2)), x, y, h))

    h = size / 2
    x = x0
    while x < x1:
        y = y0
        while y < y1:
            push(x + h, y + h, h)
            y += size
        x += size
    while queue:
        bound, x, y, h = heapq.heappop(queue)
        d = _edge_distance(x, y, ring)
        if d > best_d:
            best, best_d = (x, y), d
        if -bound - best_d <= precision:
            continue
        h /= 2
        for cx, cy in ((x - h, y - h), (x + h, y - h), (x - h, y + h), (x + h, y + h)):
            push(cx, cy, h)
    return (*best, best_d)


# --- drawing the basemap ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Land:
    """A country as one map draws it, and where its name may go: the outline of its largest
    visible piece (coarsely simplified), that piece's area, and up to two points for its name,
    each with its distance from the piece's edge (the stored label point, if it is on this map,
    and the point of the visible piece farthest from its edge)."""
    name: str
    path: str
    ring: tuple[_Pt, ...]
    area: float
    spots: tuple[tuple[float, float, float], ...]


@dataclass(frozen=True)
class _Base:
    lands: tuple[_Land, ...]
    borders: str
    coasts: str


def _overlaps(ring: Sequence[tuple[float, float]], view: BBox, margin: float) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return not (max(xs) < view.west - margin or min(xs) > view.east + margin
                or max(ys) < view.south - margin or min(ys) > view.north + margin)


@functools.lru_cache(maxsize=4096)
def _base(view: BBox) -> _Base:
    """The basemap drawn for one view: each country's land, the borders and the coasts."""
    proj = _Projection.of(view)
    box = (-2.0, -2.0, WIDTH + 2.0, proj.height + 2.0)  # a little past the edge: no seam shows
    margin = 0.05
    base = _basemap()
    lands = []
    for country in base.countries:
        paths, rings = [], []
        for polygon in country.polygons:
            if not _overlaps(polygon[0], view, margin):
                continue
            for k, ring in enumerate(polygon):
                clipped = _clip_ring([proj.xy(*p) for p in ring], box)
                points = _tenths(_simplify([*clipped, clipped[0]], SIMPLIFY)[:-1]) if len(clipped) > 2 else []
                if len(points) < 3:
                    continue
                paths.append(_path(points, closed=True))
                if k == 0:
                    rings.append(clipped)
        if not paths:
            continue
        spots: list[tuple[float, float, float]] = []
        ring: tuple[_Pt, ...] = ()
        area = 0.0
        if country.label:
            largest = max(rings, key=_ring_area)
            area = _ring_area(largest)
            ring = tuple(_simplify([*largest, largest[0]], LABEL_SIMPLIFY)[:-1])
            if len(ring) > 2:
                stored = proj.xy(*country.label)
                if _inside_ring(*stored, ring):
                    spots.append((*stored, _edge_distance(*stored, ring)))
                spots.append(_pole(ring))
        lands.append(_Land(country.name, "".join(paths), ring, area, tuple(spots)))

    def lines(source) -> str:
        out = []
        for line in source:
            if not _overlaps(line, view, margin):
                continue
            for piece in _clip_line([proj.xy(*p) for p in line], box):
                points = _tenths(_simplify(piece, SIMPLIFY))
                if len(points) > 1:
                    out.append(_path(points, closed=False))
        return "".join(out)

    return _Base(tuple(lands), lines(base.borders), lines(base.coasts))


# --- labels ---------------------------------------------------------------------------------------

_Box = tuple[float, float, float, float]  # x0, y0, x1, y1

_NARROW_CHARS = frozenset("il.,:;'!|()[]-–—ftjrI1 ")
_WIDE_CHARS = frozenset("mwMW@%")


def _text_width(text: str, size: float, spacing: float = 0.0) -> float:
    """An estimate of a label's width (the browser test checks the real one): a system sans-serif
    advances about 0.55 em a letter, less for narrow ones, more for capitals and wide ones."""
    ems = 0.0
    for ch in text:
        if ch in _NARROW_CHARS:
            ems += 0.3
        elif ch in _WIDE_CHARS:
            ems += 0.85
        elif ch.isupper():
            ems += 0.68
        else:
            ems += 0.56
    return (ems + spacing * len(text)) * size


def _hits(box: _Box, boxes: Iterable[_Box]) -> bool:
    x0, y0, x1, y1 = box
    for bx0, by0, bx1, by1 in boxes:  # noqa: SIM110 - a loop: called for every candidate of every label, any() costs more
        if x0 < bx1 and bx0 < x1 and y0 < by1 and by0 < y1:
            return True
    return False


def _within(box: _Box, width: float, height: float) -> bool:
    return box[0] >= EDGE and box[1] >= EDGE and box[2] <= width - EDGE and box[3] <= height - EDGE


@dataclass(frozen=True)
class _Label:
    x: str
    y: str
    anchor: str
    text: str


def _candidates(x: float, y: float, r: float, w: float, size: float) -> list[tuple[_Box, float, float, str]]:
    """Where a label may go around a marker of radius r at (x, y), in order of preference: right,
    left, above, below, the four corners, then above and below starting or ending over the
    marker. Each: the label's box, its x and baseline, and its anchor."""
    gap = r + size * 0.3
    ascent, descent = size * 0.72, size * 0.22
    mid = y + (ascent - descent) / 2  # the baseline that centres the text on y
    above, below = y - gap - descent, y + gap + ascent
    diagonal = gap * 0.75
    spots = [
        (x + gap, mid, "start"), (x - gap, mid, "end"), (x, above, "middle"), (x, below, "middle"),
        (x + diagonal, y - diagonal - descent, "start"), (x + diagonal, y + diagonal + ascent, "start"),
        (x - diagonal, y - diagonal - descent, "end"), (x - diagonal, y + diagonal + ascent, "end"),
        (x - r, above, "start"), (x + r, above, "end"), (x - r, below, "start"), (x + r, below, "end"),
    ]
    out = []
    for lx, baseline, anchor in spots:
        left = lx if anchor == "start" else lx - w if anchor == "end" else lx - w / 2
        out.append(((left - 1, baseline - ascent, left + w + 1, baseline + descent), lx, baseline, anchor))
    return out


# --- the map ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Marker:
    point: MapPoint
    link: str | None
    x: str
    y: str
    radius: float
    shape: str  # "dot", "diamond", "disc", "ring"
    tip: str
    name: str  # the accessible name
    context: bool
    d: str  # an event's diamond: the marker, or the centre of its disc or ring


@dataclass(frozen=True)
class _Pointer:
    """An arrow at the map's edge towards a point outside the view; (x, y) the middle of its base."""
    point: MapPoint
    link: str | None
    d: str
    x: str
    y: str
    tip: str
    name: str


def _coords(point: MapPoint) -> str:
    places = DECIMALS[point.precision]
    lat = f"{abs(point.lat):.{places}f}° {'N' if point.lat >= 0 else 'S'}"
    lon = f"{abs(point.lon):.{places}f}° {'E' if point.lon >= 0 else 'W'}"
    return f"{lat}, {lon}"


def _where(point: MapPoint, view: BBox | None) -> str:
    """'shown', 'outside' (has coordinates, off this map) or 'unknown' (no coordinates)."""
    if not point.located:
        return "unknown"
    return "shown" if view is not None and view.contains(point.lat, point.lon) else "outside"


def _view_of(points: Sequence[MapPoint], bbox: BBox | None) -> BBox | None:
    if bbox is None:
        return fit_view(points)
    return _inside(bbox, region())


def _near(box: _Box, x: float, y: float, reach: float) -> bool:
    """Whether the point (x, y) is within `reach` of the box."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return dx * dx + dy * dy < reach * reach


def _placed(items: list[tuple[int, str]], marks: list[tuple[float, float, float]], taken: list[_Box],
            width: float, height: float, size: float) -> list[_Label | None]:
    """Greedy placement, in the order given, of the label of each (mark index, text[, bold]): at the
    first candidate spot that stays on the map, clear of everything in `taken` (the scale bar,
    the labels placed before it), which it then joins, and clear of every other mark by half a
    line, so that no label reads as another mark's; None where no spot is (the list under the
    map still names it)."""
    out: list[_Label | None] = []
    # The marks by x: a candidate box is compared only with those that may be within reach of
    # it, found by bisection (a map has dozens of marks, each label a dozen candidates).
    by_x = sorted(marks)
    xs = [mx for mx, _, _ in by_x]
    window = max((mr for _, _, mr in marks), default=0.0) + size / 2 + 1.0  # past any mark's reach
    for own, text, *bold in items:
        x, y, r = marks[own]
        w = _text_width(text, size) * (BOLD_WIDTH if bold and bold[0] else 1.0)
        label = None
        for box, lx, baseline, anchor in _candidates(x, y, r, w, size):
            if not _within(box, width, height) or _hits(box, taken):
                continue
            top, bottom = box[1] - window, box[3] + window
            clear = True
            for mx, my, mr in by_x[bisect.bisect_left(xs, box[0] - window):bisect.bisect_right(xs, box[2] + window)]:
                # Marks at the same spot (a place and an event there, say), or closer than a dot's
                # radius (an airfield beside a governorate's centre), share the space around it.
                if top < my < bottom and _near(box, mx, my, mr + size / 2) and math.hypot(mx - x, my - y) > DOT:
                    clear = False
                    break
            if clear:
                taken.append(box)
                label = _Label(f"{lx:.1f}", f"{baseline:.1f}", anchor, text)
                break
        out.append(label)
    return out


def _country_labels(base: _Base, taken: list[_Box], width: float, height: float, size: float) -> list[_Label]:
    """A quiet name for each country with room for it inside its visible land, clear of the
    markers and their labels; the largest countries first."""
    out = []
    ascent = size * 0.72
    for land in sorted(base.lands, key=lambda c: (-c.area, c.name)):
        text = land.name.upper()
        w = _text_width(text, size, spacing=0.12)
        spots = [(x, y) for x, y, depth in land.spots if depth > ascent]
        for sx, sy in list(spots):
            spots += [(sx, sy - 2 * size), (sx, sy + 2 * size), (sx - w / 2, sy), (sx + w / 2, sy)]
        for sx, sy in spots:
            box = (sx - w / 2 - 2, sy - ascent / 2 - 2, sx + w / 2 + 2, sy + ascent / 2 + 2)
            corners = ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))
            if (_within(box, width, height) and not _hits(box, taken)
                    and all(_inside_ring(cx, cy, land.ring) for cx, cy in corners)):
                taken.append(box)
                out.append(_Label(f"{sx:.1f}", f"{sy + ascent / 2:.1f}", "middle", text))
                break
    return out


def _scale_bar(proj: _Projection) -> tuple[str, float, float, float]:
    """A bar about a fifth of the map's width, a round number of kilometres, in the bottom left
    corner: its path, its left end, its baseline, its length in kilometres."""
    target = WIDTH / 5 * proj.km_per_unit
    magnitude = 10 ** math.floor(math.log10(target))
    km = max(step * magnitude for step in (1, 2, 2.5, 5) if step * magnitude <= target)
    length = km / proj.km_per_unit
    x0, y0 = 12.0, proj.height - 12.0
    return f"M{x0:.1f} {y0 - 5:.1f}V{y0:.1f}H{x0 + length:.1f}V{y0 - 5:.1f}", x0, y0, km


@dataclass(frozen=True)
class _Furniture:
    """The scale bar's label and the source note, at one size, and the boxes they (and the bar) take."""
    scale_x: str
    scale_y: str
    scale_label: str
    source_x: str
    source_y: str
    boxes: tuple[_Box, ...]


def _furniture(proj: _Projection, size: float) -> _Furniture:
    _, x0, y0, km = _scale_bar(proj)
    length = km / proj.km_per_unit
    label = f"{km:g} km"
    baseline = y0 - 5 - size * 0.35
    bar = (x0 - 4, baseline - size * 0.8, x0 + max(length, _text_width(label, size)) + 6, proj.height)
    source_size = size * SOURCE_FONT
    source = (WIDTH - _text_width(SOURCE, source_size) - 12, proj.height - source_size - 10, WIDTH, proj.height)
    return _Furniture(f"{x0:.1f}", f"{baseline:.1f}", label, f"{WIDTH - 8}", f"{proj.height - 8:.1f}",
                      (bar, source))


def _pointer(proj: _Projection, point: MapPoint) -> tuple[str, float, float]:
    """An arrowhead just inside the map's edge, on the line from the map's centre towards a point
    off the map: its path, and where its tip is."""
    cx, cy = WIDTH / 2, proj.height / 2
    px, py = proj.xy(point.lon, point.lat)
    dx, dy = px - cx, py - cy
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    inset = 10.0
    t = min((WIDTH / 2 - inset) / abs(ux) if ux else math.inf, (proj.height / 2 - inset) / abs(uy) if uy else math.inf)
    tx, ty = cx + ux * t, cy + uy * t
    back, half = 11.0, 6.0
    bx, by = tx - ux * back, ty - uy * back
    d = (f"M{tx:.1f} {ty:.1f}L{bx - uy * half:.1f} {by + ux * half:.1f}"
         f"L{bx + uy * half:.1f} {by - ux * half:.1f}z")
    return d, bx, by


def _description(shown: list[MapPoint], outside: list[MapPoint], unknown: list[MapPoint]) -> str:
    def names(points: list[MapPoint]) -> str:
        listed = [isolate(p.label) for p in points[:12]]
        more = len(points) - len(listed)
        return ", ".join(listed) + (f" and {more} more" if more > 0 else "")

    parts = [f"A map of {plural(len(shown), 'place')}: {names(shown)}." if shown else "A map with no place on it."]
    if outside:
        parts.append(f"Outside the map, an arrow at its edge points towards {names(outside)}.")
    if unknown:
        parts.append(f"No coordinates are recorded for {names(unknown)}.")
    parts.append("North is up. Boundaries: Natural Earth. The list below gives each place with its coordinates.")
    return " ".join(parts)


def map_svg(points: Sequence[MapPoint], from_url: str, title: str, bbox: BBox | None = None,
            context: Sequence[MapPoint] = (), map_id: str = "map") -> Markup:
    """The map of `points` as an inline SVG element, for a page at `from_url` (site address, as a
    record's `url`); empty Markup when no point has coordinates in the region.

    `title` names the map (the SVG's <title>); its <desc> is written from the points. `bbox`
    fixes the view (cut to the region); by default it is `fit_view(points)`. `context` points
    (other places nearby, say) are drawn quietly where they fall inside the view, labelled only
    where there is room, and are neither described nor listed. `map_id` prefixes the ids in
    the SVG: give each map on a page its own."""
    view = _view_of(points, bbox)
    if view is None:
        return Markup("")
    proj = _Projection.of(view)
    width, height = WIDTH, proj.height
    base = _base(view)
    shown = [p for p in points if _where(p, view) == "shown"]
    outside = [p for p in points if _where(p, view) == "outside"]
    unknown = [p for p in points if _where(p, view) == "unknown"]
    quiet = [p for p in context if p.located and view.contains(p.lat, p.lon)]

    def marker(point: MapPoint, is_context: bool) -> _Marker:
        x, y = proj.xy(point.lon, point.lat)
        if point.precision in ("area", "approximate"):
            shape, radius = ("disc" if point.precision == "area" else "ring"), RING
        else:
            shape = "diamond" if point.marker == "event" else "dot"
            radius = DOT_EMPHASIS if point.emphasis else DOT
        if is_context:
            radius = min(radius, DOT - 1)
        tip = " — ".join(part for part in (point.label, point.detail, PRECISIONS[point.precision]) if part)
        name = point.label + (f", {point.detail}" if point.detail else "")
        # A diamond as large to the eye as a dot; an event located to an area has one at its centre.
        h = (radius if shape == "diamond" else CENTRE) * 1.25
        d = (f"M{x:.1f} {y - h:.1f}l{h:.1f} {h:.1f}l{-h:.1f} {h:.1f}l{-h:.1f} {-h:.1f}z"
             if point.marker == "event" else "")
        return _Marker(point, href(from_url, point.url) if point.url else None, f"{x:.1f}", f"{y:.1f}", radius,
                       shape, isolate(tip), isolate(name), is_context, d)

    # The page's subject first, then the points in the order given, then the context.
    markers = [marker(p, False) for p in sorted(shown, key=lambda p: not p.emphasis)]
    context_markers = [marker(p, True) for p in quiet]
    pointers = []
    for point in outside:
        d, tx, ty = _pointer(proj, point)
        pointers.append(_Pointer(point, href(from_url, point.url) if point.url else None, d, f"{tx:.1f}",
                                 f"{ty:.1f}", isolate(f"{point.label} — outside this map"),
                                 isolate(f"{point.label}, outside this map")))
    def layout(size: float, scale: float, country_size: float) -> tuple[list, list, list, list[_Label], _Furniture]:
        """Labels for the markers, the arrows, the context and the countries, and the scale bar's
        label and the source note, at one size."""
        furniture = _furniture(proj, size)
        taken = list(furniture.boxes)
        marks = ([(float(mk.x), float(mk.y), mk.radius * scale) for mk in markers]
                 + [(float(p.x), float(p.y), 8 * scale) for p in pointers]
                 + [(float(mk.x), float(mk.y), mk.radius * scale) for mk in context_markers])
        first_off, first_context = len(markers), len(markers) + len(pointers)
        labels = _placed([(k, isolate(mk.point.label), mk.point.emphasis) for k, mk in enumerate(markers)], marks,
                         taken, width, height, size)
        off = _placed([(first_off + k, isolate(p.point.label)) for k, p in enumerate(pointers)], marks, taken, width,
                      height, size)
        quiet_labels = _placed([(first_context + k, isolate(mk.point.label)) for k, mk in enumerate(context_markers)],
                               marks, taken, width, height, size * 0.9)
        # The countries' names keep clear of the marks too.
        taken += [(x - r - 1, y - r - 1, x + r + 1, y + r + 1) for x, y, r in marks]
        return labels, off, quiet_labels, _country_labels(base, taken, width, height, country_size), furniture

    wide = layout(FONT, 1.0, COUNTRY_FONT)
    narrow = layout(FONT_NARROW, NARROW_SCALE, COUNTRY_FONT_NARROW)
    linked = any(x.link for x in markers + context_markers + pointers)
    return macros("map.html").map_svg(
        map_id=map_id, width=width, height=f"{height:.0f}", role="group" if linked else "img", title=title,
        desc=_description(shown, outside, unknown), base=base,
        markers=context_markers + markers[::-1],  # the subject drawn last, on top
        pointers=pointers,
        labels=[(x, "map-label", w, n) for x, w, n in zip(markers, wide[0], narrow[0], strict=True)]
        + [(x, "map-label map-off-label", w, n) for x, w, n in zip(pointers, wide[1], narrow[1], strict=True)]
        + [(x, "map-label map-context-label", w, n)
           for x, w, n in zip(context_markers, wide[2], narrow[2], strict=True)],
        countries=(wide[3], narrow[3]), bar=_scale_bar(proj)[0], source=SOURCE, furniture=(wide[4], narrow[4]))


def map_list(points: Sequence[MapPoint], from_url: str, bbox: BBox | None = None) -> Markup:
    """The map's points in words, for under the map: each name (linked to its page), its
    coordinates written to its precision, the precision itself, and "outside the map" or "no
    coordinates recorded" where it is not drawn. `bbox` as given to `map_svg`."""
    view = _view_of(points, bbox)
    rows = []
    for point in points:
        where = _where(point, view)
        rows.append((point, name_html(point.label), href(from_url, point.url) if point.url else None,
                     _coords(point) if point.located else "", PRECISIONS[point.precision], where))
    return macros("map.html").map_list(rows)


_drawn: contextvars.ContextVar[dict | None] = contextvars.ContextVar("drawn", default=None)


@contextlib.contextmanager
def remembering(drawn: dict):
    """Within it, `map_figure` keeps each figure it draws in `drawn`, keyed by all it is drawn
    from (its arguments: the points, the view, the page's address, the title), and draws a figure
    already there no more: the fast preview (build_scripts/preview.py) keeps one `drawn` between
    refreshes, so that a place page re-rendered because a claim changed does not lay out its map's
    labels again (most of a place page's time)."""
    token = _drawn.set(drawn)
    try:
        yield drawn
    finally:
        _drawn.reset(token)


def map_figure(points: Sequence[MapPoint], from_url: str, title: str, bbox: BBox | None = None,
               context: Sequence[MapPoint] = (), map_id: str = "map") -> Markup:
    """The map (`map_svg`) in a <figure> with a caption: a key to the symbols it uses and the
    source of its boundaries. Empty Markup when there is no map to draw. Put `map_list` of the same
    points under it."""
    drawn = _drawn.get()
    if drawn is None:
        return _figure(points, from_url, title, bbox, context, map_id)
    key = (tuple(points), from_url, title, bbox, tuple(context), map_id)
    figure = drawn.get(key)
    if figure is None:
        figure = drawn[key] = _figure(points, from_url, title, bbox, context, map_id)
    return figure


def _figure(points: Sequence[MapPoint], from_url: str, title: str, bbox: BBox | None,
            context: Sequence[MapPoint], map_id: str) -> Markup:
    svg = map_svg(points, from_url, title, bbox, context, map_id)
    if not svg:
        return svg
    view = _view_of(points, bbox)
    drawn = [p for p in points if _where(p, view) == "shown"]
    exact = [p for p in drawn if p.precision in ("point", "settlement")]
    used = {"dot": any(p.marker == "place" for p in exact), "diamond": any(p.marker == "event" for p in exact),
            "area": any(p.precision == "area" for p in drawn),
            "approximate": any(p.precision == "approximate" for p in drawn),
            "context": any(p.located and view.contains(p.lat, p.lon) for p in context),
            "pointer": any(_where(p, view) == "outside" for p in points)}
    return macros("map.html").map_figure(svg, [(symbol, KEY[symbol]) for symbol in KEY if used[symbol]])


ENV.globals.update(MAP_CENTRE=CENTRE)
