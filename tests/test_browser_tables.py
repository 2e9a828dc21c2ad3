"""The archive's tables and claim badges in a real Chromium (issue 15): a date column sorts by the
interval each date denotes and keeps unknown dates last whichever way it is sorted
(docs/javascripts/sort-tables.js with the keys of render/common.py's date_sort_key); on a 390-px
phone the claims tables are stacks of cards that need no sideways scroll and show every row's
status, and stay tables for a screen reader; the claim numbers in an article's text are tap
targets of at least 24 x 24 px (WCAG 2.5.8) that do not heighten the lines they stand in."""

from __future__ import annotations

import pytest

import browser_support
from archive_support import REPO
from build_scripts.render.common import date_html, date_sort_key, sort_key, table
from build_scripts.schema import DateValue

pytestmark = pytest.mark.browser

SORT_SCRIPT = REPO / "docs" / "javascripts" / "sort-tables.js"
DATES = ["2020-03-04", None, "2020", "2019-12-31", "2020-01-01", "2020-01", None, "2021"]


def column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table[data-sortable] tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def sort_by(page, heading: str) -> None:
    page.get_by_role("button", name=heading).click()


def test_a_date_column_sorts_by_interval_and_keeps_unknown_dates_last_both_ways(page):
    rows = []
    for n, value in enumerate(DATES):
        date = DateValue(date=value, basis="test") if value else None
        rows.append([f"row {n}", sort_key(date_sort_key(value), date_html(date, with_basis=False))])
    page.set_content(f"<!doctype html><html><body>{table(['Row', 'Date'], rows)}</body></html>")
    page.add_script_tag(path=str(SORT_SCRIPT))

    sort_by(page, "Date")
    ascending = column(page, 0)
    sort_by(page, "Date")
    descending = column(page, 0)

    # 31 Dec 2019; 1 Jan 2020, then January 2020, then 2020 (all begin that day); 4 Mar 2020;
    # 2021; then the two unknown dates, in the order they had.
    assert ascending == ["row 3", "row 4", "row 5", "row 2", "row 0", "row 7", "row 1", "row 6"]
    assert descending == ["row 7", "row 0", "row 2", "row 5", "row 4", "row 3", "row 1", "row 6"]
    assert page.locator("th").nth(1).get_attribute("aria-sort") == "descending"


def test_the_articles_index_sorts_an_unknown_publication_date_last_both_ways(page, small_site_url):
    page.goto(f"{small_site_url}/articles/")
    assert len(column(page, 2)) == 2

    sort_by(page, "Published")
    assert column(page, 2)[-1] == "not identified"
    assert column(page, 2)[0].startswith("23 January 2020")
    sort_by(page, "Published")
    assert column(page, 2)[-1] == "not identified"


ARTICLE = "/articles/ministry-reports-attack/"
# Every page with a claims table: the index, an article's claims, an actor's claims made.
CLAIM_TABLES = ["/claims/", ARTICLE, "/actors/example-ministry-of-defense/"]
PHONE_WIDTH = browser_support.PHONE["width"]


@pytest.mark.parametrize("path", CLAIM_TABLES)
def test_a_claims_table_on_a_390_px_phone_needs_no_sideways_scroll_and_shows_each_status(page, small_site_url, path):
    page.set_viewport_size(browser_support.PHONE)
    page.goto(f"{small_site_url}{path}")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    rows = page.locator("table[data-cards] tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        status = rows.nth(i).locator('td[data-label="Status"] .status-badge')
        assert status.is_visible(), f"row {i + 1}"
        box = status.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, f"row {i + 1}: {box}"
    # Each cell is shown under its column's name, as a card: the label stands left of the value.
    first = rows.first.locator("td").first
    assert page.evaluate("cell => getComputedStyle(cell, '::before').content", first.element_handle()) != "none"
    cards = [rows.nth(i).bounding_box() for i in range(rows.count())]
    assert all(b["width"] > 300 for b in cards), "each card takes the width of the phone"


def test_the_claims_cards_are_still_a_table_for_a_screen_reader(page, small_site_url):
    page.set_viewport_size(browser_support.PHONE)
    page.goto(f"{small_site_url}/claims/")
    client = page.context.new_cdp_session(page)
    nodes = client.send("Accessibility.getFullAXTree")["nodes"]
    roles = [n.get("role", {}).get("value") for n in nodes if not n.get("ignored")]

    assert roles.count("table") == 1
    assert roles.count("columnheader") == 5
    assert roles.count("row") == 1 + page.locator("table[data-cards] tbody tr").count()
    assert roles.count("cell") == 5 * page.locator("table[data-cards] tbody tr").count()


def test_the_claims_cards_sort_on_a_phone(page, small_site_url):
    page.set_viewport_size(browser_support.PHONE)
    page.goto(f"{small_site_url}/claims/")

    sort_by(page, "Status")
    statuses = column(page, 3)
    assert statuses == sorted(statuses)
    assert page.get_by_role("button", name="Status").bounding_box()["height"] >= 24


@pytest.mark.parametrize("viewport", [browser_support.PHONE, browser_support.DESKTOP], ids=["phone", "desktop"])
def test_claim_numbers_in_the_text_are_24_px_tap_targets_that_keep_the_lines_even(page, small_site_url, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{small_site_url}{ARTICLE}")

    # The reader comment's badge is folded away with the comment until it is opened.
    page.locator("details.segment-reader-comment summary").click()
    badges = page.locator(".article-text a.claim-ref")
    assert badges.count() >= 3
    for i in range(badges.count()):
        box = badges.nth(i).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, f"badge {i + 1}: {box}"
    # Every paragraph holding a badge is a whole number of lines: no badge makes its line taller.
    heights = page.evaluate("""() => [...document.querySelectorAll('.article-text p')]
        .filter(p => p.querySelector('a.claim-ref'))
        .map(p => [p.getBoundingClientRect().height, parseFloat(getComputedStyle(p).lineHeight)])""")
    assert heights
    for height, line in heights:
        assert abs(height / line - round(height / line)) < 0.02, (height, line)
