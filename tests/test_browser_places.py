"""Places and the map (issue 14) in a real Chromium, on the real archive's built site: on a place
page and on the map page, in light and dark, on a desktop and a phone, every marker is drawn
inside its map and stands out from the land, the labels shown keep apart and are legible, the
markers and the lists under the maps lead to the places' pages, and the tables say in words
what the map draws; in an article, a place's name is a quiet link, told apart from an actor's."""

from __future__ import annotations

import pytest

import browser_support
from test_browser_map import MEASURE, contrast, over, overlaps, rgba, within

pytestmark = pytest.mark.browser

PLACE = "/places/idlib-governorate/"
MAP = "/map/"


def ink(box: list[float]) -> tuple[float, ...]:
    """The part of a label's box that its letters cover: a text's box in the browser is its line
    box, from the font's ascent to its descent (for the system sans-serif, Noto Sans, 1.07 em
    above the baseline and 0.29 em below), whereas Latin letters reach the cap height (0.72 em)
    and the descenders (0.24 em), as render/mapsvg.py places them. Two labels whose line boxes
    meet only in that leading do not touch on the screen."""
    height = box[3] - box[1]
    return (box[0], box[1] + height * (1.07 - 0.72) / 1.36, box[2], box[3] - height * (0.29 - 0.24) / 1.36)


@pytest.fixture(scope="module")
def base(real_project):
    with browser_support.serve_directory(real_project / "site") as url:
        yield url


def open_page(browser, url: str, scheme: str = "light", viewport: dict = browser_support.DESKTOP):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    external: list[str] = []
    browser_support.block_external_requests(context, external)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return context, page, errors, external


@pytest.mark.parametrize("path", [PLACE, MAP, "/places/ariha/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_map_is_drawn_legibly_with_its_markers_inside(browser, base, path, scheme, viewport):
    size = browser_support.DESKTOP if viewport == "desktop" else browser_support.PHONE
    context, page, errors, external = open_page(browser, f"{base}{path}", scheme, size)
    try:
        svgs = page.locator("svg.map-svg").all()
        assert len(svgs) == 1
        shown = svgs[0].evaluate(MEASURE)
        assert shown["width"] >= (300 if viewport == "phone" else 600)
        land = over(rgba(shown["land"]), (255, 255, 255))
        drawn = [m for m in shown["marks"] if not m["context"]]
        assert len(drawn) >= (2 if path == "/places/ariha/" else 3)
        for mark in shown["marks"]:
            assert mark["box"][2] - mark["box"][0] >= 4, mark["name"]
            assert within(mark["box"], shown["box"]), mark["name"]
        for mark in drawn:
            assert contrast(over(rgba(mark["fill"]), land), land) >= 3, mark["name"]  # WCAG 1.4.11
        texts = shown["texts"]
        for i, text in enumerate(texts):
            assert within(text["box"], shown["box"]), text["text"]
            assert not [t["text"] for t in texts[i + 1:] if overlaps(ink(text["box"]), ink(t["box"]))], text["text"]
            assert contrast(over(rgba(text["fill"]), land), land) >= 4.5, (text["text"], text["fill"])
        names = {t["text"] for t in texts}
        if path == PLACE:
            assert {"Idlib Governorate", "Idlib city", "Ariha"} <= names
        elif path == MAP:  # on a phone, labels are larger: fewer fit around Aleppo
            assert {"Palmyra", "Kuweires airfield"} | ({"Aleppo"} if viewport == "desktop" else set()) <= names
        assert not errors and not external
    finally:
        context.close()


def test_map_markers_and_the_lists_lead_to_the_places_pages(browser, base):
    context, page, errors, external = open_page(browser, f"{base}{MAP}")
    try:
        figure = page.get_by_role("group", name="Map of the archive")
        names = [link.get_attribute("aria-label") for link in figure.get_by_role("link").all()]
        assert len(names) == len(set(names)) and len(names) == 16  # 15 located places, Turkey off the map
        assert "Turkey, outside this map" in names
        assert any(name.startswith("Ariha, 2 events: ") for name in names)
        marker = figure.locator('a.map-point[aria-label^="Ariha, "]')
        marker.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/places/ariha/")
        assert page.locator("h1").first.inner_text() == "Ariha"

        page.goto(f"{base}{MAP}")
        page.locator("table").nth(1).get_by_role("link", name="Kuweires airfield", exact=True).click()
        page.wait_for_url("**/places/kuweires-airfield/")
        page.goto(f"{base}{MAP}")
        page.locator("ul.not-drawn").get_by_role("link", name="Trumba").click()
        page.wait_for_url("**/places/trumba/")
        assert page.locator("svg.map-svg").count() == 0
        assert "not known: not drawn on any map" in page.locator(".meta-card").inner_text()
        assert not errors and not external
    finally:
        context.close()


def test_a_place_page_draws_the_place_and_lists_the_map_in_words(browser, base):
    context, page, errors, external = open_page(browser, f"{base}/places/ariha/")
    try:
        figure = page.get_by_role("group", name="Map of Ariha")
        subject = figure.get_by_role("img", name="Ariha, this place")
        assert subject.count() == 1 and subject.bounding_box()["width"] >= 8  # drawn larger, not a link
        items = page.locator("ul.map-list li").all_inner_texts()
        assert items[0].startswith("Ariha (this place): 35.814° N, 36.610° E")
        page.locator("ul.map-list").get_by_role("link", name="Sarmada").click()
        page.wait_for_url("**/places/sarmada/")
        badge = page.locator(".meta-card .outside-badge")
        assert badge.count() == 0  # Sarmada has no coordinates, so nothing from outside the texts
        page.go_back()
        page.wait_for_url("**/places/ariha/")
        assert page.locator(".meta-card .outside-badge").inner_text().lower() == "from outside the texts"
        assert not errors and not external
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_place_name_in_the_text_is_a_quiet_dotted_link_unlike_an_actors(browser, base, scheme):
    article = "/articles/turkey-ups-pressure-russia-strikes-idlib/"
    context, page, errors, external = open_page(browser, f"{base}{article}", scheme)
    try:
        place = page.locator(".article-text a.place-mention", has_text="Manbig")
        actor = page.locator(".article-text a.actor-mention").first
        style = """e => { const s = getComputedStyle(e); const p = getComputedStyle(e.closest('p'));
            return {line: s.textDecorationLine, style: s.textDecorationStyle, color: s.color, text: p.color,
                    background: getComputedStyle(document.body).backgroundColor}; }"""
        place_style, actor_style = place.evaluate(style), actor.evaluate(style)
        assert place_style["line"] == "underline" and place_style["style"] == "dotted"
        assert actor_style["style"] == "solid"
        assert place_style["color"] == place_style["text"]  # as quiet as the text around it
        assert contrast(rgba(place_style["color"]), rgba(place_style["background"])) >= 4.5
        place.click()
        page.wait_for_url("**/places/manbij/")
        assert page.locator("h1").first.inner_text() == "Manbij"
        assert not errors and not external
    finally:
        context.close()


def test_the_tab_bar_fits_a_laptop_and_the_places_tab_opens_the_map(browser, base):
    context, page, errors, external = open_page(browser, f"{base}/", viewport={"width": 1366, "height": 768})
    try:
        tabs = page.locator(".md-tabs__list")
        assert tabs.evaluate("e => e.scrollWidth <= e.clientWidth")
        last = page.locator(".md-tabs__item").last.bounding_box()
        assert last["x"] + last["width"] <= 1366
        page.locator(".md-tabs__link", has_text="Places").click()
        page.wait_for_url("**/map/")
        assert page.locator("h1").first.inner_text() == "Map of the archive"
        assert not errors and not external
    finally:
        context.close()
