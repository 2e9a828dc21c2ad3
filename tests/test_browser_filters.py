"""The claims index's filters in a real Chromium (issue 15; docs/javascripts/sort-tables.js): a
status shows only its rows and the count says how many; two filters combine; the reset shows every
row; the address keeps the choice and opening that address restores it; the column sort still
works on the filtered rows; the Content-Security-Policy refuses nothing (no console error); on a
390-px phone the form fits without a sideways scroll. Without scripts every row shows and the form
stays hidden."""

from __future__ import annotations

import pytest

import browser_support

pytestmark = pytest.mark.browser

CLAIMS = "/claims/"


def shown(page) -> list[dict[str, str]]:
    """The visible rows of the claims table, each as its facets."""
    return page.eval_on_selector_all(
        "table[data-filterable] tbody tr",
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).map(r => ({...r.dataset,"
        " quote: r.cells[0].textContent.trim()}))")


def count_text(page) -> str:
    return page.locator(".table-filter-count").text_content().strip()


def choose(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).select_option(value)


def test_a_status_shows_only_its_rows_and_the_count_says_so(page, small_site_url, console_errors):
    page.goto(f"{small_site_url}{CLAIMS}")
    form = page.get_by_role("form", name="Filter the claims")
    assert form.is_visible()
    assert count_text(page) == "4 of 4 claims shown."

    choose(page, "Status", "contested")
    rows = shown(page)
    assert len(rows) == 3 and {r["status"] for r in rows} == {"contested"}
    assert count_text(page) == "3 of 4 claims shown."
    assert page.locator(".table-filter-count").get_attribute("aria-live") == "polite"
    assert console_errors == []


def test_two_filters_combine_and_the_reset_shows_every_row(page, small_site_url, console_errors):
    page.goto(f"{small_site_url}{CLAIMS}")
    choose(page, "Status", "contested")
    choose(page, "Role", "denies")
    rows = shown(page)
    assert len(rows) == 2 and all(r["status"] == "contested" and r["role"] == "denies" for r in rows)
    assert count_text(page) == "2 of 4 claims shown."

    # The claimant filter matches a kind of claimant or a named actor's type.
    choose(page, "Claimant", "monitor")
    assert [r["quote"] for r in shown(page)] == ["there was no attack on government forces on Thursday"]
    choose(page, "Claimant", "actor")
    assert len(shown(page)) == 2

    page.get_by_role("button", name="Show all claims").click()
    assert len(shown(page)) == 4
    assert count_text(page) == "4 of 4 claims shown."
    assert page.get_by_label("Status", exact=True).input_value() == ""
    assert "?" not in page.url
    assert console_errors == []


def test_the_address_keeps_the_filter_and_opening_it_restores_it(page, small_site_url, console_errors):
    page.goto(f"{small_site_url}{CLAIMS}")
    choose(page, "Where on the page", "reader-comment")
    assert page.url.endswith("/claims/?where=reader-comment")
    choose(page, "Article", "ministry-reports-attack")
    shared = page.url
    assert "where=reader-comment" in shared and "article=ministry-reports-attack" in shared

    page.goto(shared)
    assert page.get_by_label("Where on the page", exact=True).input_value() == "reader-comment"
    assert page.get_by_label("Article", exact=True).input_value() == "ministry-reports-attack"
    assert [r["quote"] for r in shown(page)] == ["This is all lies."]
    assert count_text(page) == "1 of 4 claims shown."

    # A value the page does not offer is ignored, not a filter that hides every row.
    page.goto(f"{small_site_url}{CLAIMS}?status=no-such-status&role=denies")
    assert page.get_by_label("Status", exact=True).input_value() == ""
    assert len(shown(page)) == 2
    assert console_errors == []


def test_sorting_still_works_on_the_filtered_rows(page, small_site_url, console_errors):
    page.goto(f"{small_site_url}{CLAIMS}?status=contested")
    page.get_by_role("button", name="Claimant").click()
    ascending = [r["quote"] for r in shown(page)]
    page.get_by_role("button", name="Claimant").click()
    descending = [r["quote"] for r in shown(page)]

    assert len(ascending) == 3 and descending == ascending[::-1]
    assert all(r["status"] == "contested" for r in shown(page))
    # The hidden row stays hidden wherever the sort puts it, and comes back on reset.
    assert page.locator("table[data-filterable] tbody tr[hidden]").count() == 1
    page.get_by_role("button", name="Show all claims").click()
    assert len(shown(page)) == 4
    assert console_errors == []


def test_on_a_390_px_phone_the_form_fits_and_filters_the_cards(page, small_site_url, console_errors):
    page.set_viewport_size(browser_support.PHONE)
    page.goto(f"{small_site_url}{CLAIMS}?status=contested")

    assert page.evaluate("document.documentElement.scrollWidth") <= browser_support.PHONE["width"]
    box = page.get_by_role("form", name="Filter the claims").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= browser_support.PHONE["width"]
    for select in page.locator(".table-filter select").all():
        b = select.bounding_box()
        assert b["x"] + b["width"] <= browser_support.PHONE["width"] and b["height"] >= 24
    # Cards of other statuses are hidden, not merely emptied.
    assert len(shown(page)) == 3
    assert page.locator("table[data-cards] tbody tr:visible").count() == 3
    assert console_errors == []


def test_without_scripts_the_form_stays_hidden_and_every_row_shows(browser, small_site_url):
    context = browser.new_context(viewport=browser_support.DESKTOP, java_script_enabled=False)
    browser_support.block_external_requests(context, [])
    try:
        page = context.new_page()
        page.goto(f"{small_site_url}{CLAIMS}?status=contested")
        assert not page.locator("form.table-filter").is_visible()
        assert page.locator("table[data-filterable] tbody tr:visible").count() == 4
    finally:
        context.close()


@pytest.fixture(scope="module")
def real_base(real_project):
    with browser_support.serve_directory(real_project / "site") as url:
        yield url


def test_on_the_real_archive_each_status_shows_as_many_rows_as_its_option_says(page, real_base, console_errors):
    page.goto(f"{real_base}{CLAIMS}")
    total = page.locator("table[data-filterable] tbody tr").count()
    options = page.eval_on_selector_all(
        "#filter-status option", "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")
    assert len(options) >= 2
    for value, text in options:
        choose(page, "Status", value)
        rows = shown(page)
        assert {r["status"] for r in rows} == {value}
        assert text.endswith(f"({len(rows)})")
        assert count_text(page) == f"{len(rows)} of {total} claims shown."
    assert console_errors == []
