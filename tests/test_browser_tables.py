"""The archive's tables in a real Chromium (issue 15): a date column sorts by the interval each
date denotes and keeps unknown dates last whichever way it is sorted (docs/javascripts/sort-tables.js
with the keys of render/common.py's date_sort_key)."""

from __future__ import annotations

import pytest

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
