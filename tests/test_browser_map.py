"""Maps (build_scripts/render/mapsvg.py) in a real Chromium, on a page of a real MkDocs build of the
small fixture with the site's stylesheet: in the light and the dark scheme every marker is
drawn inside the map and stands out from the land, the labels shown do not overlap and are
legible (contrast, size on a phone), the markers are links that lead to their pages, axe-core
finds nothing serious, and nothing is fetched from another host."""

from __future__ import annotations

import re

import pytest

import browser_support
import sitebuild
from archive_support import SMALL
from test_accessibility import AXE_JS, BLOCKING, MISSING_AXE, _summary, run_axe
from build_scripts.render import mapsvg
from build_scripts.render.mapsvg import MapPoint

pytestmark = pytest.mark.browser

PAGE = "map-sample/"
OBSERVATORY = "actors/example-observatory/"
MINISTRY = "actors/example-ministry-of-defense/"
POINTS = [
    MapPoint("ariha", "Ariha", 35.81374, 36.60964, OBSERVATORY, emphasis=True, detail="2 events"),
    MapPoint("idlib", "Idlib", 35.93062, 36.63393, MINISTRY),
    MapPoint("aleppo", "Aleppo", 36.20124, 37.16117, OBSERVATORY),
    MapPoint("manbij", "Manbij", 36.5281, 37.9549, OBSERVATORY),
    MapPoint("palmyra", "Palmyra", 34.5559, 38.2684, MINISTRY),
    MapPoint("al-tanf", "al-Tanf", 33.5, 38.62, MINISTRY, precision="approximate"),
    MapPoint("latakia", "Latakia", 35.5317, 35.7901, MINISTRY),
    MapPoint("hmeimim", "Hmeimim airbase", 35.4108, 35.9487, MINISTRY, precision="point"),
    MapPoint("m4", "M4 highway", 35.75, 36.4, MINISTRY, precision="area"),
    MapPoint("trumba", "Trumba", 35.79, 36.68, None, marker="event"),
    MapPoint("ankara", "Ankara", 39.9199, 32.8543, MINISTRY),
    MapPoint("hostile", '<script>alert("x")</script>', 36.0, 37.9, MINISTRY),
]
ONE = [MapPoint("ariha", "Ariha", 35.81374, 36.60964, OBSERVATORY, emphasis=True)]


@pytest.fixture(scope="module")
def map_site(tmp_path_factory):
    """The small fixture built with one more hand-written page: two maps and their lists."""
    project = sitebuild.make_project(SMALL, tmp_path_factory.mktemp("map-site"))
    body = [mapsvg.map_figure(POINTS, PAGE, "Places in the sample", map_id="all-map"),
            mapsvg.map_list(POINTS, PAGE),
            "## One place",
            mapsvg.map_figure(ONE, PAGE, "Ariha and places near it", context=POINTS[1:3], map_id="one-map"),
            mapsvg.map_list(ONE, PAGE)]
    (project / "docs" / "map-sample.md").write_text("# Map sample\n\n" + "\n\n".join(map(str, body)) + "\n",
                                                    encoding="utf-8")
    run = sitebuild.mkdocs_build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    with browser_support.serve_directory(project / "site") as url:
        yield url


def open_page(browser, base: str, scheme: str, viewport: dict, external: list[str]):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    browser_support.block_external_requests(context, external)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/{PAGE}", wait_until="networkidle")
    return context, page, errors


# What the page shows, measured in the browser: every marker and every text of each map that is
# displayed, with its box on the screen and its computed colours; the land's and sea's colours.
MEASURE = """svg => {
  const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const shown = e => { for (let n = e; n && n !== svg; n = n.parentElement)
                         if (getComputedStyle(n).display === 'none') return false; return true; };
  const fill = e => getComputedStyle(e).fill;
  return {
    box: r(svg), width: svg.getBoundingClientRect().width,
    land: fill(svg.querySelector('.map-land')), sea: fill(svg.querySelector('.map-sea')),
    marks: [...svg.querySelectorAll('.map-point .map-mark, .map-point .map-arrow')].map(e => ({
      box: r(e), fill: fill(e), context: !!e.closest('.map-context'),
      name: e.closest('.map-point').getAttribute('aria-label')})),
    texts: [...svg.querySelectorAll('text')].filter(shown).map(e => ({
      box: r(e), fill: fill(e), cls: e.getAttribute('class'), text: e.textContent,
      size: parseFloat(getComputedStyle(e).fontSize)})),
  };
}"""


def rgba(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: tuple, bottom: tuple) -> tuple[float, float, float]:
    """`top` (r, g, b, alpha) composited on an opaque `bottom`."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3))


def luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def overlaps(a, b, slack: float = 0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def within(inner, outer, slack: float = 0.5) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_markers_and_labels_are_drawn_inside_the_map_apart_and_legible(browser, map_site, scheme, viewport):
    external: list[str] = []
    size = browser_support.DESKTOP if viewport == "desktop" else browser_support.PHONE
    context, page, errors = open_page(browser, map_site, scheme, size, external)
    try:
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        for svg in page.locator("svg.map-svg").all():
            shown = svg.evaluate(MEASURE)
            land = over(rgba(shown["land"]), (255, 255, 255))
            sea = over(rgba(shown["sea"]), (255, 255, 255))
            assert contrast(land, sea) > 1.1, "the sea stands apart from the land"
            for mark in shown["marks"]:
                assert mark["box"][2] - mark["box"][0] >= 4, mark["name"]
                assert within(mark["box"], shown["box"]), mark["name"]
                if not mark["context"]:
                    assert contrast(over(rgba(mark["fill"]), land), land) >= 3, mark["name"]  # WCAG 1.4.11
            texts = shown["texts"]
            assert texts, "some labels are shown"
            for i, text in enumerate(texts):
                assert within(text["box"], shown["box"]), text["text"]
                assert not [t["text"] for t in texts[i + 1:] if overlaps(text["box"], t["box"])], text["text"]
                # Each text has a halo of the land's colour; the text must read on it (WCAG 1.4.3).
                assert contrast(over(rgba(text["fill"]), land), land) >= 4.5, (text["text"], text["fill"])
                rendered = text["size"] * shown["width"] / mapsvg.WIDTH
                assert rendered >= (9.5 if "map-source" in text["cls"] else 10.5), (text["text"], rendered)
            names = {t["text"] for t in texts}
            assert ("map-narrow" in texts[0]["cls"]) == (viewport == "phone")
            if svg.get_attribute("aria-labelledby").startswith("all-map"):
                assert {"Aleppo", "Palmyra", "SYRIA"} <= names
                assert '<script>alert("x")</script>' in names or viewport == "phone"
        assert page.locator("script:not([src])").filter(has_text="alert").count() == 0
        assert not errors and not external
    finally:
        context.close()


def test_a_marker_is_a_link_to_its_page_reached_by_keyboard_or_click(browser, map_site):
    external: list[str] = []
    context, page, errors = open_page(browser, map_site, "light", browser_support.DESKTOP, external)
    try:
        aleppo = page.locator('#all-map-title').locator("xpath=..").locator('a.map-point[aria-label="Aleppo"]')
        assert aleppo.count() == 1
        aleppo.focus()
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Aleppo"
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{OBSERVATORY}")
        assert page.locator("h1").first.inner_text() == "Example Observatory"

        page.goto(f"{map_site}/{PAGE}")
        page.locator('svg.map-svg a.map-off[aria-label="Ankara, outside this map"]').click()
        page.wait_for_url(f"**/{MINISTRY}")

        page.goto(f"{map_site}/{PAGE}")
        page.locator("ul.map-list").first.get_by_role("link", name="Palmyra").click()
        page.wait_for_url(f"**/{MINISTRY}")
        assert not errors and not external
    finally:
        context.close()


def test_screen_readers_get_one_named_link_per_place_and_the_map_by_its_title(browser, map_site):
    context, page, _ = open_page(browser, map_site, "light", browser_support.DESKTOP, [])
    try:
        figure = page.get_by_role("group", name="Places in the sample")
        links = [link.get_attribute("aria-label") for link in figure.get_by_role("link").all()]
        assert "Aleppo" in links and "Ankara, outside this map" in links and "Ariha, 2 events" in links
        assert len(links) == len(set(links))  # the labels' own links are hidden
        assert page.get_by_role("img", name="Trumba").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_no_serious_or_critical_axe_violation_on_a_page_with_maps(browser, map_site, scheme, viewport):
    if not AXE_JS.is_file():  # as tests/test_accessibility.py: skipped, or failed where a browser is required
        if browser_support.browser_required():
            pytest.fail(f"{MISSING_AXE} ({browser_support.REQUIRE_BROWSER_ENV}=1)")
        pytest.skip(MISSING_AXE)
    external: list[str] = []
    size = browser_support.DESKTOP if viewport == "desktop" else browser_support.PHONE
    violations = run_axe(browser, AXE_JS, f"{map_site}/{PAGE}", scheme, external, size)

    assert not [v for v in violations if v["impact"] in BLOCKING], _summary(violations)
    assert external == []
