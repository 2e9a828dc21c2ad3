"""Maps (build_scripts/render/mapsvg.py, templates/map.html) and their basemap
(build_scripts/basemap/): places land where they are, the view fits them inside the region,
labels keep apart, far places are reported, hostile names stay text, output is deterministic
and survives a Markdown page; the vendored basemap is the one its provenance describes."""

from __future__ import annotations

import hashlib
import json
import math
import random
import re

import markdown
import pytest
from bs4 import BeautifulSoup

from archive_support import REPO
from build_scripts.render import mapsvg
from build_scripts.render.mapsvg import BBox, MapPoint

BASEMAP = REPO / "build_scripts" / "basemap"

# Places the archive's texts name, with GeoNames-style coordinates (only for these tests).
ALEPPO = MapPoint("aleppo", "Aleppo", 36.20124, 37.16117, "places/aleppo/")
IDLIB = MapPoint("idlib", "Idlib", 35.93062, 36.63393, "places/idlib/")
ARIHA = MapPoint("ariha", "Ariha", 35.81374, 36.60964, "places/ariha/", emphasis=True)
MANBIJ = MapPoint("manbij", "Manbij", 36.5281, 37.9549, "places/manbij/")
PALMYRA = MapPoint("palmyra", "Palmyra", 34.5559, 38.2684, "places/palmyra/")
LATAKIA = MapPoint("latakia", "Latakia", 35.5317, 35.7901, "places/latakia/")
HMEIMIM = MapPoint("hmeimim", "Hmeimim airbase", 35.4108, 35.9487, "places/hmeimim/", precision="point")
TANF = MapPoint("al-tanf", "al-Tanf", 33.5, 38.62, "places/al-tanf/", precision="approximate")
M4 = MapPoint("m4", "M4 highway", 35.75, 36.4, "places/m4/", precision="area")
ANKARA = MapPoint("ankara", "Ankara", 39.9199, 32.8543, "places/ankara/")
GAZIANTEP = MapPoint("gaziantep", "Gaziantep", 37.0594, 37.3825, None)
BEIRUT = MapPoint("beirut", "Beirut", 33.8889, 35.4944, None)
SEEDS = [IDLIB, ARIHA, ALEPPO, MANBIJ, PALMYRA, TANF, LATAKIA, HMEIMIM, M4]


def svg_of(points, **kw) -> BeautifulSoup:
    return BeautifulSoup(str(mapsvg.map_svg(points, "places/ariha/", "Places", **kw)), "html.parser")


_TOKEN = re.compile(r"[MlLVHz]|-?(?:\d+\.?\d*|\.\d+)")


def rings(d: str) -> list[list[tuple[float, float]]]:
    """The rings of a land path as mapsvg writes them: M x y, then relative lines, then z."""
    out, tokens, i = [], _TOKEN.findall(d), 0
    while i < len(tokens):
        assert tokens[i] == "M", d[:80]
        x, y = float(tokens[i + 1]), float(tokens[i + 2])
        ring = [(x, y)]
        assert tokens[i + 3] == "l"
        i += 4
        while tokens[i] != "z":
            x, y = x + float(tokens[i]), y + float(tokens[i + 1])
            ring.append((x, y))
            i += 2
        i += 1
        out.append(ring)
    return out


def inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    hit = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            hit = not hit
    return hit


def marker_xy(svg: BeautifulSoup, name: str) -> tuple[float, float]:
    shape = svg.select_one(f'.map-point[aria-label="{name}"] .map-mark')
    if shape.name == "circle":
        return float(shape["cx"]), float(shape["cy"])
    numbers = [float(n) for n in _TOKEN.findall(shape["d"]) if n not in "MlLVHz"]
    return numbers[0], numbers[1] + mapsvg.DOT * 1.25  # a diamond's path starts at its top


# --- where places land ----------------------------------------------------------------------


def test_a_known_city_lands_inside_syrias_outline_and_its_neighbours_in_theirs():
    view = mapsvg.fit_view([ALEPPO, GAZIANTEP, BEIRUT])
    svg = svg_of([ALEPPO, GAZIANTEP, BEIRUT])
    lands = [rings(p["d"]) for p in svg.select("path.map-land")]
    names = [land.name for land in mapsvg._base(view).lands]  # the paths, in the order drawn
    assert len(lands) == len(names)

    cos = math.cos(math.radians((view.south + view.north) / 2))
    k = mapsvg.WIDTH / ((view.east - view.west) * cos)

    def country(point):
        x, y = (point.lon - view.west) * cos * k, (view.north - point.lat) * k
        return [names[i] for i, land in enumerate(lands) if any(inside(x, y, ring) for ring in land)]

    assert country(ALEPPO) == ["Syria"]
    assert country(GAZIANTEP) == ["Turkey"]
    assert country(BEIRUT) == ["Lebanon"]


def test_markers_are_where_the_documented_projection_puts_them():
    points = [ALEPPO, IDLIB, PALMYRA, LATAKIA]
    view = mapsvg.fit_view(points)
    svg = svg_of([MapPoint(p.id, p.label, p.lat, p.lon, p.url) for p in points])
    cos = math.cos(math.radians((view.south + view.north) / 2))
    k = mapsvg.WIDTH / ((view.east - view.west) * cos)
    for point in points:
        x, y = marker_xy(svg, point.label)
        assert x == pytest.approx((point.lon - view.west) * cos * k, abs=0.06)
        assert y == pytest.approx((view.north - point.lat) * k, abs=0.06)


def test_east_is_right_and_north_is_up():
    row = [MapPoint(f"e{k}", f"E{k}", 35.0, 36.0 + k * 0.4) for k in range(6)]
    column = [MapPoint(f"n{k}", f"N{k}", 33.5 + k * 0.4, 37.0) for k in range(6)]
    svg = svg_of(row + column)

    xs = [marker_xy(svg, p.label) for p in row]
    ys = [marker_xy(svg, p.label) for p in column]
    assert [x for x, _ in xs] == sorted(x for x, _ in xs) and len({x for x, _ in xs}) == 6
    assert len({y for _, y in xs}) == 1
    assert [y for _, y in ys] == sorted((y for _, y in ys), reverse=True) and len({y for _, y in ys}) == 6


def test_the_scale_bar_measures_kilometres_at_the_maps_middle_latitude():
    view = mapsvg.fit_view(SEEDS)
    svg = svg_of(SEEDS)
    d = svg.select_one("path.map-scale")["d"]
    x0, x1 = float(re.match(r"M([\d.]+)", d).group(1)), float(re.search(r"H([\d.]+)", d).group(1))
    km = float(svg.select_one(".map-scale-label.map-wide").get_text().removesuffix(" km"))
    units_per_km = mapsvg.WIDTH / view.width_km

    assert (x1 - x0) == pytest.approx(km * units_per_km, abs=0.1)
    assert mapsvg.WIDTH / 10 <= x1 - x0 <= mapsvg.WIDTH / 5 + 0.1  # 1, 2, 2.5 or 5 × a power of ten


# --- the view ---------------------------------------------------------------------------------


def test_one_place_gets_a_view_of_the_minimum_size_around_it_on_the_grid():
    view = mapsvg.fit_view([ARIHA])
    snap = mapsvg.SNAP_DEGREES
    grid_km = snap * mapsvg.KM_PER_DEGREE

    # At least the minimum size, grown by at most one grid step on each side.
    assert mapsvg.MIN_WIDTH_KM - 0.001 <= view.width_km <= mapsvg.MIN_WIDTH_KM + 2 * grid_km
    assert mapsvg.MIN_HEIGHT_KM - 0.001 <= view.height_km <= mapsvg.MIN_HEIGHT_KM + 2 * grid_km
    # Near the middle: at most one grid step off, and its edges on the grid.
    assert abs((view.west + view.east) / 2 - ARIHA.lon) <= snap
    assert abs((view.south + view.north) / 2 - ARIHA.lat) <= snap
    for edge in (view.west, view.east, view.south, view.north):
        assert edge / snap == pytest.approx(round(edge / snap))


def test_nearby_places_share_one_view_and_its_basemap():
    near = MapPoint("near", "Near", ARIHA.lat + 0.01, ARIHA.lon + 0.01)

    assert mapsvg.fit_view([ARIHA]) == mapsvg.fit_view([near])


def test_a_view_always_fits_its_points_inside_the_region_within_its_limits():
    region = mapsvg.region()
    rng = random.Random(14)
    for _ in range(200):
        points = [MapPoint(f"p{k}", "P", rng.uniform(region.south, region.north), rng.uniform(region.west, region.east))
                  for k in range(rng.randint(1, 5))]
        view = mapsvg.fit_view(points)

        assert region.west <= view.west < view.east <= region.east
        assert region.south <= view.south < view.north <= region.north
        assert all(view.contains(p.lat, p.lon) for p in points)
        assert view.width_km >= min(mapsvg.MIN_WIDTH_KM, region.width_km) - 0.01
        assert view.height_km >= min(mapsvg.MIN_HEIGHT_KM, region.height_km) - 0.01


def test_a_given_box_is_cut_to_the_region_and_places_outside_it_are_off_the_map():
    svg = svg_of([ALEPPO, PALMYRA], bbox=BBox(36.0, 35.5, 38.0, 37.0))
    listed = str(mapsvg.map_list([ALEPPO, PALMYRA], "places/ariha/", bbox=BBox(36.0, 35.5, 38.0, 37.0)))

    assert svg.select_one('a.map-point[aria-label="Aleppo"] .map-mark')
    assert svg.select_one('a.map-off[aria-label="Palmyra, outside this map"]')
    assert "Palmyra</a>: <span class=\"map-coords\">34.556° N, 38.268° E</span>" in listed
    assert listed.count("outside the map") == 1
    assert mapsvg._view_of([], BBox(20.0, 20.0, 60.0, 60.0)) == mapsvg.region()


def test_no_place_with_coordinates_in_the_region_draws_no_map():
    nowhere = MapPoint("v", "A village", None, None, "places/v/")

    assert mapsvg.map_svg([nowhere, ANKARA], "x/", "T") == ""
    assert mapsvg.map_figure([nowhere], "x/", "T") == ""
    assert "no coordinates recorded" in mapsvg.map_list([nowhere], "x/")


# --- far places and the list ------------------------------------------------------------------------


def test_a_far_place_gets_an_arrow_towards_it_and_is_listed_as_outside_the_map():
    points = [ARIHA, ALEPPO, ANKARA]
    svg = svg_of(points)
    listed = BeautifulSoup(str(mapsvg.map_list(points, "places/ariha/")), "html.parser")

    arrow = svg.select_one("a.map-off")
    assert arrow["href"] == "../ankara/" and arrow["aria-label"] == "Ankara, outside this map"
    assert not svg.select('a.map-point:not(.map-off)[href="../ankara/"]')
    tip = [float(n) for n in _TOKEN.findall(arrow.path["d"])[1:3]]
    assert tip[0] < mapsvg.WIDTH / 2 and tip[1] < 20  # north-west of Idlib: the top edge, left of the middle
    assert "Outside the map, an arrow at its edge points towards Ankara." in svg.desc.get_text()
    item = listed.find("a", string="Ankara").parent
    assert "39.920° N, 32.854° E" in item.get_text() and "outside the map" in item.get_text()
    assert [li.a.get_text() for li in listed.select("li")] == ["Ariha", "Aleppo", "Ankara"]
    assert sum("outside the map" in li.get_text() for li in listed.select("li")) == 1


def test_the_list_writes_coordinates_to_their_precision():
    listed = str(mapsvg.map_list([HMEIMIM, ALEPPO, M4, TANF], "places/ariha/"))

    assert "35.4108° N, 35.9487° E</span>, an exact point" in listed
    assert "36.201° N, 37.161° E</span>, the centre of a town or village" in listed
    assert "35.75° N, 36.40° E</span>, the centre of a larger area" in listed
    assert "33.50° N, 38.62° E</span>, an approximate location (possibly 10 km or more off)" in listed


def test_precision_is_drawn_differently_and_explained_in_the_key():
    figure = BeautifulSoup(str(mapsvg.map_figure(SEEDS + [MapPoint("t", "Trumba", 35.79, 36.68, marker="event")],
                                                 "places/ariha/", "Places")), "html.parser")

    def shape(name):
        return figure.select_one(f'svg.map-svg [aria-label="{name}"]')

    assert shape("Aleppo").select_one("circle.map-mark") and not shape("Aleppo").select(".map-area, .map-approx")
    assert shape("M4 highway").select_one("circle.map-area")
    assert shape("al-Tanf").select_one("circle.map-approx")
    assert shape("Trumba").name == "g" and shape("Trumba").select_one("path.map-mark")  # an event: a diamond
    assert "map-emphasis" in shape("Ariha")["class"]
    key = [span.get_text() for span in figure.select(".map-key > span")]
    assert key[:4] == [mapsvg.KEY["dot"], mapsvg.KEY["diamond"], mapsvg.KEY["area"], mapsvg.KEY["approximate"]]
    assert "Natural Earth" in key[-1]


def test_context_points_are_drawn_quietly_and_neither_described_nor_listed():
    svg = svg_of([ARIHA], context=[IDLIB, ALEPPO, PALMYRA])

    assert "map-context" in svg.select_one('a[aria-label="Idlib"]')["class"]
    assert not svg.select('[aria-label="Palmyra"]')  # outside the view: left out, no arrow
    assert "Idlib" not in svg.desc.get_text()


# --- labels -------------------------------------------------------------------------------------


def label_boxes(svg: BeautifulSoup, size_class: str) -> list[tuple[float, float, float, float]]:
    """The estimated box of each label of one set (the browser test measures the real ones)."""
    sizes = {"map-wide": mapsvg.FONT, "map-narrow": mapsvg.FONT_NARROW}
    out = []
    for text in svg.select(f"text.map-label.{size_class}"):
        size = sizes[size_class] * (0.9 if "map-context-label" in text["class"] else 1)
        w = mapsvg._text_width(text.get_text(), size)
        x, y = float(text["x"]), float(text["y"])
        anchor = text.get("text-anchor", "start")
        left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
        out.append((left, y - size * 0.72, left + w, y + size * 0.22))
    return out


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size_class", ["map-wide", "map-narrow"])
def test_labels_do_not_overlap_each_other_or_markers_and_stay_on_the_map(size_class):
    rng = random.Random(7)
    crowd = [MapPoint(f"p{k}", f"Place number {k}", rng.uniform(35.3, 36.6), rng.uniform(36.0, 37.6), f"places/p{k}/")
             for k in range(40)]
    svg = svg_of(SEEDS + crowd)
    width, height = map(float, svg.svg["viewbox"].split()[2:])
    boxes = label_boxes(svg, size_class)
    scale = 1 if size_class == "map-wide" else mapsvg.NARROW_SCALE
    dots = [(x - mapsvg.DOT * scale, y - mapsvg.DOT * scale, x + mapsvg.DOT * scale, y + mapsvg.DOT * scale)
            for x, y in (marker_xy(svg, p.label) for p in crowd)]

    assert len(boxes) >= 10
    assert len(boxes) < len(SEEDS + crowd)  # some are dropped: the crowd does not fit
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= width and a[1] >= 0 and a[3] <= height
        assert not any(overlap(a, b) for b in boxes[i + 1:])
        assert not any(overlap(a, dot) for dot in dots)
    # A dropped label leaves its marker (and its link) on the map.
    assert len(svg.select("a.map-point")) == len(SEEDS + crowd)


def test_a_label_estimate_is_wider_for_wider_text():
    assert mapsvg._text_width("Hmeimim", 12) > mapsvg._text_width("Idlib", 12)
    assert mapsvg._text_width("WWW", 12) > mapsvg._text_width("iii", 12)


# --- inert, deterministic, compact ------------------------------------------------------------


HOSTILE = '<script>alert(1)</script> "quoted" & \'single\' </svg><a href="javascript:x">'


def test_hostile_names_titles_and_details_stay_text():
    point = MapPoint("h", HOSTILE, 35.8, 36.6, "places/h/", detail=HOSTILE)
    figure = str(mapsvg.map_figure([point, ANKARA], "places/h/", HOSTILE))
    listed = str(mapsvg.map_list([point], "places/h/"))
    page = BeautifulSoup(figure + listed, "html.parser")

    assert not page.find_all("script")
    assert [a["href"] for a in page.find_all("a")] == ["./", "../ankara/", "./", "../ankara/", "./"]
    assert page.svg.title.get_text() == HOSTILE
    assert page.select_one("a.map-point")["aria-label"] == f"{HOSTILE}, {HOSTILE}"
    assert page.select_one("text.map-label").get_text() == HOSTILE
    assert page.select_one("ul.map-list a").get_text() == HOSTILE
    assert len(page.find_all("svg", class_="map-svg")) == 1


def test_no_style_attribute_no_script_no_event_handler():
    page = BeautifulSoup(str(mapsvg.map_figure(SEEDS + [ANKARA], "places/ariha/", "Places")), "html.parser")

    for element in page.find_all(True):
        assert "style" not in element.attrs, element.name
        assert not [a for a in element.attrs if a.lower().startswith("on")], element.name
    assert not page.find_all(["script", "style", "foreignobject", "image"])


def test_the_same_points_give_the_same_bytes_with_positions_to_a_tenth():
    first = mapsvg.map_figure(SEEDS + [ANKARA], "places/ariha/", "Places")
    mapsvg._base.cache_clear()

    assert mapsvg.map_figure(list(SEEDS) + [ANKARA], "places/ariha/", "Places") == first
    page = BeautifulSoup(str(first), "html.parser")
    numbers = [value for element in page.svg.find_all(True) for name, value in element.attrs.items()
               if name in ("x", "y", "cx", "cy", "r", "width", "height")]
    assert len(numbers) > 50 and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)
    paths = " ".join(path["d"] for path in page.svg.find_all("path"))
    assert all(re.fullmatch(r"-?(\d+|\d*\.\d)", n) for n in _TOKEN.findall(paths) if n not in "MlLVHz")


def test_svg_accessibility_names_and_roles():
    svg = svg_of([ARIHA, ALEPPO, MapPoint("v", "Unlinked", 36.0, 37.0)], map_id="ariha-map")
    root = svg.svg

    assert root["role"] == "group" and root["aria-labelledby"] == "ariha-map-title ariha-map-desc"
    assert root.title["id"] == "ariha-map-title" and root.desc["id"] == "ariha-map-desc"
    assert "A map of 3 places: Ariha, Aleppo, Unlinked." in root.desc.get_text()
    links = root.select("a.map-point")
    assert {a["aria-label"] for a in links} == {"Ariha", "Aleppo"}
    assert all(a.title.get_text() for a in links)
    # A place without a page is an image with its name, not a link.
    unlinked = root.select_one("g.map-point")
    assert unlinked["role"] == "img" and unlinked["aria-label"] == "Unlinked"
    # Labels repeat the names for the eye: hidden from screen readers and out of the tab order.
    labels = root.select_one("g.map-labels")
    assert labels["aria-hidden"] == "true" and all(a["tabindex"] == "-1" for a in labels.find_all("a"))
    assert svg_of([MapPoint("v", "Unlinked", 36.0, 37.0)]).svg["role"] == "img"


def test_a_map_survives_a_markdown_page():
    figure = str(mapsvg.map_figure(SEEDS + [ANKARA], "places/ariha/", "Places"))
    listed = str(mapsvg.map_list(SEEDS + [ANKARA], "places/ariha/"))
    config = REPO / "mkdocs.yml"
    extensions = re.findall(r"^  - ([\w.]+)", config.read_text(encoding="utf-8").split("markdown_extensions:")[1]
                            .split("\n\n")[0], re.MULTILINE)
    assert "md_in_html" in extensions
    html = markdown.markdown(f"# Ariha\n\nText.\n\n{figure}\n\n{listed}\n\nMore text.\n", extensions=extensions)
    page, alone = BeautifulSoup(html, "html.parser"), BeautifulSoup(figure + listed, "html.parser")

    assert str(page.svg) == str(alone.svg)
    assert str(page.select_one("ul.map-list")) == str(alone.select_one("ul.map-list"))
    assert "\n\n" not in figure and "\n\n" not in listed


def test_a_map_of_one_place_is_small():
    assert len(mapsvg.map_figure([ARIHA], "places/ariha/", "Ariha")) < 12_000
    assert len(mapsvg.map_figure(SEEDS + [ANKARA], "places/ariha/", "Places")) < 40_000


def test_css_text_sizes_match_the_sizes_labels_are_placed_for():
    css = (REPO / "docs" / "stylesheets" / "archive.css").read_text(encoding="utf-8")

    def size(selector: str) -> float:
        match = re.search(re.escape(selector) + r" \{[^}]*font-size: ([\d.]+)px", css)
        assert match, selector
        return float(match.group(1))

    assert size(".map-label") == mapsvg.FONT and size(".map-label.map-narrow") == mapsvg.FONT_NARROW
    assert size(".map-country") == mapsvg.COUNTRY_FONT
    assert size(".map-country.map-narrow") == mapsvg.COUNTRY_FONT_NARROW
    assert size(".map-scale-label") == mapsvg.FONT and size(".map-scale-label.map-narrow") == mapsvg.FONT_NARROW
    assert size(".map-source") == pytest.approx(mapsvg.FONT * mapsvg.SOURCE_FONT, abs=0.05)
    assert size(".map-source.map-narrow") == pytest.approx(mapsvg.FONT_NARROW * mapsvg.SOURCE_FONT, abs=0.05)
    assert f"transform: scale({mapsvg.NARROW_SCALE:g})" in css


def test_a_point_must_use_the_vocabularies_and_a_real_position():
    with pytest.raises(ValueError, match="precision"):
        MapPoint("x", "X", 35.0, 36.0, precision="exact")
    with pytest.raises(ValueError, match="marker"):
        MapPoint("x", "X", 35.0, 36.0, marker="battle")
    with pytest.raises(ValueError, match="both"):
        MapPoint("x", "X", 35.0, None)
    with pytest.raises(ValueError, match="WGS84"):
        MapPoint("x", "X", 95.0, 36.0)


# --- the vendored basemap -----------------------------------------------------------------------


def test_the_basemap_is_the_file_its_provenance_describes():
    data = (BASEMAP / "region.json").read_bytes()
    provenance = (BASEMAP / "PROVENANCE.md").read_text(encoding="utf-8")
    script = (REPO / "scripts" / "make-basemap.py").read_text(encoding="utf-8")

    assert len(data) < 200_000
    assert f"`region.json`, {len(data):,} bytes, SHA-256 `{hashlib.sha256(data).hexdigest()}`" in provenance
    integrity = re.search(r'INTEGRITY = "(sha512-[^"]+)"', script).group(1)
    assert integrity in provenance and "world-atlas@2.0.2" in provenance and "public domain" in provenance
    assert "scripts/make-basemap.py /tmp/world-atlas-2.0.2.tgz" in provenance


def test_the_basemap_covers_the_region_with_syria_and_its_neighbours():
    data = json.loads((BASEMAP / "region.json").read_text(encoding="ascii"))
    names = {c["name"] for c in data["countries"]}
    region = BBox(*data["region"])

    assert {"Syria", "Turkey", "Iraq", "Lebanon", "Jordan", "Israel", "Palestine", "Cyprus"} <= names
    for country in data["countries"]:
        for polygon in country["polygons"]:
            for ring in polygon:
                assert all(region.contains(lat, lon) for lon, lat in ring)
    for point in SEEDS:
        assert region.contains(point.lat, point.lon), point.id
    assert not region.contains(ANKARA.lat, ANKARA.lon)


def test_places_at_the_same_spot_are_both_labelled():
    event = MapPoint("e", "Attack on the patrol", ARIHA.lat, ARIHA.lon, "events/e/", marker="event")
    svg = svg_of([ARIHA, event, IDLIB])

    assert {t.get_text() for t in svg.select("text.map-label.map-wide")} == {"Ariha", "Attack on the patrol", "Idlib"}


def test_an_event_located_to_an_area_keeps_its_diamond_at_the_centre():
    event = MapPoint("e", "Shelling along the M4", 35.75, 36.4, "events/e/", precision="area", marker="event")
    marker = svg_of([event]).select_one('a[aria-label="Shelling along the M4"]')

    assert marker.select_one("circle.map-area") and marker.select_one("path.map-mark.map-centre")
