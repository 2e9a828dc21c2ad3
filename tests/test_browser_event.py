"""Event pages (build_scripts/render/event.py) in a real Chromium, on the real archive's MkDocs
build: the March 2020 ceasefire's three reporting articles stand side by side on a laptop, in
publication order with the undated one last, and stack on a phone without a sideways scroll; the
January 2020 attack's figures table is shown whole; where a quote stands (headline, reader
comment) is shown plainly, never blurred; the page is legible in the dark scheme; the map and
its list lead to the places; the Events tab fits the tab bar of a 1366 px screen; nothing is
fetched from another host."""

from __future__ import annotations

import itertools
import re

import pytest

import browser_support

pytestmark = pytest.mark.browser

CEASEFIRE = "/events/russia-turkey-ceasefire-2020-03/"
PATROL = "/events/m4-joint-patrol-svbied-attack-near-ariha-07-14/"
JANUARY = "/events/reported-attack-on-government-forces-idlib-2020-01-22-23/"


@pytest.fixture(scope="module")
def base(real_project):
    with browser_support.serve_directory(real_project / "site") as url:
        yield url


def open_page(browser, url: str, viewport: dict, scheme: str = "light", external: list[str] | None = None):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    browser_support.block_external_requests(context, external if external is not None else [])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return context, page, errors


def boxes(page, selector: str) -> list[dict]:
    items = page.locator(selector)
    return [items.nth(i).bounding_box() for i in range(items.count())]


def rgb(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", text)[:3])


def luminance(colour) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_ceasefire_s_three_articles_stand_side_by_side_earliest_first(browser, base):
    external: list[str] = []
    context, page, errors = open_page(browser, base + CEASEFIRE, browser_support.DESKTOP, external=external)
    try:
        columns = boxes(page, ".event-report")
        assert len(columns) == 3
        assert len({round(c["y"]) for c in columns}) == 1, "the columns start at the same height"
        assert columns[0]["x"] + columns[0]["width"] <= columns[1]["x"] <= columns[2]["x"] - columns[1]["width"]
        titles = page.locator(".event-report .report-title").all_inner_texts()
        assert titles[0] == "Turkey ups the pressure and forces Russia into swift action"  # dated 2020
        assert titles[2].startswith("Russian armoured personnel carrier hit near Trumba")  # date not known
        assert page.locator(".event-report").nth(0).locator(".report-order").inner_text().lower() == \
            "earliest dated report"
        assert "date not known" in page.locator(".event-report").nth(2).locator(".report-source").inner_text()
        assert "could be earlier" in page.locator(".event-summary").inner_text()
        assert page.locator(".event-report .claim-card").count() == 5
        for card in page.locator(".event-report .claim-card").all():
            assert card.is_visible() and card.locator("mark").inner_text()
            assert card.locator(".status-badge").is_visible()
        # Structured data: a schema.org Event dated to the month, reported by three news articles.
        data = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
        assert data["@type"] == "Event" and data["startDate"] == "2020-03" and "endDate" not in data
        assert len(data["subjectOf"]) == 3
        assert not errors and not external
    finally:
        context.close()


def test_the_figures_table_and_where_each_quote_stands_are_shown_plainly(browser, base):
    context, page, errors = open_page(browser, base + JANUARY, browser_support.DESKTOP)
    try:
        tables = page.locator("h2:has-text('Figures compared') ~ .table-wrap table")
        assert tables.count() == 2
        across = tables.nth(0)
        assert across.is_visible()
        rows = across.locator("tbody tr")
        assert rows.count() == 4
        killed = rows.filter(has_text="state forces").first
        assert killed.locator("td").nth(2).inner_text() == "no lower bound given"
        assert killed.locator("td").nth(3).inner_text() == "at most 40"
        assert killed.locator("td").nth(4).inner_text() == "Syrian soldiers"
        each = tables.nth(1)
        assert each.locator("tbody tr").count() == 4 and each.is_visible()
        assert each.evaluate("t => t.getBoundingClientRect().right") <= browser_support.DESKTOP["width"]
        assert not errors
    finally:
        context.close()
    context, page, errors = open_page(browser, base + PATROL, browser_support.DESKTOP)
    try:
        for kind in ("headline", "reader-comment"):
            badges = page.locator(f".event-report .claim-card .where-{kind}")
            assert badges.count() >= 1
            for badge in badges.all():
                assert badge.is_visible()
                style = badge.evaluate("b => { const s = getComputedStyle(b); const c = b.closest('.claim-card');"
                                       " return [s.filter, s.opacity, getComputedStyle(c).filter,"
                                       " getComputedStyle(c).opacity]; }")
                assert style == ["none", "1", "none", "1"], (kind, style)
        comments = page.locator(".event-report .claim-card:has(.where-reader-comment) .claim-source")
        assert all(text.startswith("A reader's comment, not the outlet's words") for text in comments.all_inner_texts())
        # The map of its places, and the same in words: Ariha located, the M4 without coordinates.
        marker = page.locator(".event-where svg.map-svg a.map-point[href='../../places/ariha/']")
        assert marker.count() == 1 and marker.is_visible()
        items = page.locator(".event-where ul.map-list li").all_inner_texts()
        assert any(i.startswith("Ariha (town): 35.814° N, 36.610° E") for i in items), items
        assert any(i.startswith("M4 highway (road): no coordinates recorded") for i in items), items
        when = page.locator(".event-overview dd").nth(1).inner_text()
        assert when.startswith("14 July, year not stated, not before 14 July 2020")
        assert not errors
    finally:
        context.close()


@pytest.mark.parametrize("path", [CEASEFIRE, PATROL, JANUARY])
def test_on_a_phone_the_articles_stack_and_nothing_scrolls_sideways(browser, base, path):
    context, page, errors = open_page(browser, base + path, browser_support.PHONE)
    try:
        width = browser_support.PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        columns = boxes(page, ".event-report")
        for above, below in itertools.pairwise(columns):
            assert below["y"] >= above["y"] + above["height"]
        for card in boxes(page, ".claim-card") + boxes(page, ".event-where svg.map-svg") + columns:
            assert card["x"] >= 0 and card["x"] + card["width"] <= width + 0.5, card
        for column, report in zip(columns, page.locator(".event-report").all(), strict=True):
            for card in [c.bounding_box() for c in report.locator(".claim-card").all()]:
                assert column["x"] < card["x"] and card["x"] + card["width"] < column["x"] + column["width"], \
                    "each card inside its article's column"
        # Figures as cards: every cell inside the screen, with its column's name.
        for cell in page.locator("table[data-cards] td").all():
            box = cell.bounding_box()
            assert box["x"] + box["width"] <= width + 0.5
        assert not errors
    finally:
        context.close()


def test_the_page_is_legible_in_the_dark_scheme(browser, base):
    context, page, errors = open_page(browser, base + PATROL, browser_support.DESKTOP, scheme="dark")
    try:
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        for selector in (".report-title a", ".report-source", ".claim-card .claimant a",
                         ".claim-card blockquote.quote mark", ".event-overview dd", ".event-summary", ".event-lead"):
            element = page.locator(selector).first
            fg, bg = element.evaluate("""e => {
                const fg = getComputedStyle(e).color;
                let n = e;
                while (n && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(n).backgroundColor)) {
                    n = n.parentElement;
                }
                return [fg, n ? getComputedStyle(n).backgroundColor : 'rgb(0, 0, 0)'];
            }""")
            assert contrast(rgb(fg), rgb(bg)) >= 4.5, (selector, fg, bg)
        card = page.locator(".event-report").first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert luminance(rgb(card)) < 0.1, "the columns are dark too"
        assert not errors
    finally:
        context.close()


def test_the_events_tab_fits_the_tab_bar_of_a_1366_px_screen_with_room_to_spare(browser, base):
    context, page, _ = open_page(browser, base + "/", {"width": 1366, "height": 768})
    try:
        tabs = page.locator(".md-tabs__item")
        names = tabs.all_inner_texts()
        assert "Events" in names and names.index("Events") == names.index("Disputes") + 1
        bar = page.locator(".md-tabs__list").evaluate("l => [l.scrollWidth, l.clientWidth]")
        assert bar[0] <= bar[1], "the tabs fit without scrolling"
        last = tabs.last.bounding_box()
        assert last["x"] + last["width"] <= 1366 - 300, "room left for two more tabs (places, a map)"
        page.locator(".md-tabs__link", has_text="Events").click()
        assert page.url.endswith("/events/") and page.locator("h1").inner_text() == "Events"
        assert page.locator("table[data-sortable] tbody tr").count() == 18
    finally:
        context.close()
