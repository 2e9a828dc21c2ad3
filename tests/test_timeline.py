"""The timeline page (build_scripts/render/timeline.py, docs/javascripts/timeline.js): every dated
article, claim and event drawn as wide as its date is precise (an event's window whole), undated
ones listed with the reason (a yearless event among them), escaped text, accessible markup, and
filters by actor, reader comments and events that work in a real browser."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from bs4 import BeautifulSoup

import browser_support
from archive_support import REPO, SMALL, copy_archive, linked_archive, replace
from build_scripts.render import render_site, timeline
from site_check import soup


# The real archive's dated rows: 3 articles, 42 claims and 13 events.
DATED_ROWS = 58


@pytest.fixture(scope="module")
def real():
    archive = linked_archive(REPO)
    return archive, BeautifulSoup(timeline.render(archive), "html.parser")


def pct(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


@pytest.mark.parametrize("value, start, end", [
    ("2020", dt.date(2020, 1, 1), dt.date(2021, 1, 1)),
    ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 3, 1)),
    ("2020-12", dt.date(2020, 12, 1), dt.date(2021, 1, 1)),
    ("2020-12-31", dt.date(2020, 12, 31), dt.date(2021, 1, 1)),
])
def test_a_date_covers_the_interval_its_precision_allows(value, start, end):
    assert timeline.interval(value) == (start, end)


def test_the_axis_leaves_out_empty_years_and_marks_each_break():
    axis = timeline.Axis([2020, 2015, 2018, 2020, 2019])

    assert axis.segments == [("year", 2015, 2015), ("gap", 2016, 2017), ("year", 2018, 2018),
                             ("year", 2019, 2019), ("year", 2020, 2020)]
    widths = [w for kind, _, _, _, w in axis.bounds() if kind == "year"]
    assert len({round(w, 9) for w in widths}) == 1  # every year equally wide
    assert sum(w for *_, w in axis.bounds()) == pytest.approx(100)
    assert axis.x(dt.date(2015, 1, 1)) == 0
    assert axis.x(dt.date(2021, 1, 1)) == pytest.approx(100)
    days = [axis.x(dt.date(2018, 1, 1) + dt.timedelta(days=i)) for i in range(0, 1000, 7)]
    assert days == sorted(days)
    with pytest.raises(ValueError):
        axis.x(dt.date(2016, 6, 1))


def test_every_dated_item_has_a_row_and_every_undated_one_is_listed(real):
    archive, page = real
    dated_claims = [c for c in archive.claims.values() if c.data.event_date and c.data.event_date.date]
    dated_articles = [x for x in archive.articles.values() if x.meta.published and x.meta.published.date]
    dated_events = [e for e in archive.events.values() if e.data.when.start]

    rows = page.select("li.tl-row")
    undated = page.select("tr.tl-undated")

    assert len(rows) == len(dated_claims) + len(dated_articles) + len(dated_events) == DATED_ROWS
    assert len(undated) == len(archive.claims) + len(archive.articles) + len(archive.events) - len(rows) == 83
    assert len(page.select("li.tl-row-article")) == 3
    assert len(page.select("li.tl-row-event")) == len(dated_events) == 13


def test_rows_are_in_date_order(real):
    _, page = real
    starts = [timeline.interval(row.time["datetime"].split("/")[0])[0] for row in page.select("li.tl-row")]

    assert starts == sorted(starts)


def test_each_mark_is_as_wide_as_its_date_is_precise(real):
    _, page = real
    year_width = None
    axis = page.select_one("svg.tl-axis-svg")
    for row in page.select("li.tl-row"):
        value = row.time["datetime"]
        track = row.select_one("svg.tl-track")
        years = [pct(r["width"]) for r in track.select("rect.tl-year")]
        year_width = years[0]
        assert len(set(years)) == 1
        mark = track.select_one(".tl-mark")
        if "/" in value:  # an event's window: from its first date to the end of its last
            first, last = value.split("/")
            assert row.select_one(".tl-precision").get_text() == "window"
            start, end = timeline.interval(first)[0], timeline.interval(last)[1]
            year_days = (dt.date(start.year + 1, 1, 1) - dt.date(start.year, 1, 1)).days
            assert pct(mark["width"]) == pytest.approx(year_width * (end - start).days / year_days, abs=0.01), value
            continue
        precision = {4: "year", 7: "month", 10: "day"}[len(value)]
        assert row.select_one(".tl-precision").get_text() == precision
        if precision == "day":
            assert mark.name == "path" and mark.parent.name == "svg" and mark.parent["x"].endswith("%")
        else:
            start, end = timeline.interval(value)
            year_days = (dt.date(start.year + 1, 1, 1) - dt.date(start.year, 1, 1)).days
            expected = year_width * (end - start).days / year_days
            assert pct(mark["width"]) == pytest.approx(expected, abs=0.002), value
    assert axis is not None and year_width


def test_the_page_is_accessible_without_the_pictures(real):
    _, page = real
    axis = page.select_one("svg.tl-axis-svg")

    assert axis["role"] == "img" and axis.title.get_text() == "Time axis"
    assert "Years shown: 2014, 2015, 2017, 2019, 2020, 2024." in axis.desc.get_text()
    assert "Left out, as nothing in them is dated: 2016, 2018, 2021–2023." in axis.desc.get_text()
    assert page.select_one("figure.timeline")["aria-label"]
    for row in page.select("li.tl-row"):
        assert row.select_one("svg.tl-track")["aria-hidden"] == "true"
        assert row.time.get_text() and row.select_one(".tl-what a")["href"].startswith("../")
        assert re.search(r"\((\w+ precision|a window)\)\. Basis: ", row.select_one("svg.tl-track title").get_text())


def test_undated_items_say_why(real):
    _, page = real
    reasons = {tr.select_one("a")["href"]: tr.select("td")[1].get_text() for tr in page.select("tr.tl-undated")}

    assert reasons["../claims/southfront-main-strikes-locations/"] == "'On July 14th and 15th'; the text gives no year."
    assert all(reasons.values())


def test_events_are_drawn_over_their_window_and_a_yearless_one_is_listed_apart_never_dated(real):
    archive, page = real
    window = page.select_one(
        'li.tl-row-event:has(a[href="../events/reported-attack-on-government-forces-idlib-2020-01-22-23/"])')
    assert window.time["datetime"] == "2020-01-22/2020-01-23"
    assert window.time.get_text() == "22–23 January 2020"
    assert window.select_one(".tl-mark").name == "rect"  # a bar two days wide, not a day's diamond
    assert "(a window). Basis: " in window.select_one("svg.tl-track title").get_text()
    # Across a new year: both years are on the axis.
    across = page.select_one(
        'li.tl-row-event:has(a[href="../events/russian-syrian-air-strikes-idlib-2019-12-2020-01/"])')
    assert across.time["datetime"] == "2019-12/2020-01-23"

    yearless = "../events/m4-joint-patrol-svbied-attack-near-ariha-07-14/"
    assert not page.select(f'li.tl-row a[href="{yearless}"]')
    row = page.select_one(f'tr.tl-undated-event:has(a[href="{yearless}"])')
    assert row.select("td")[1].get_text().startswith("14 July, year not stated, not before 14 July 2020. 'on July 14'")
    parties = {p.id for p in archive.events["m4-joint-patrol-svbied-attack-near-ariha-07-14"].parties}
    assert set(row["data-actors"].split()) == parties
    assert page.select_one("label.tl-events").get_text(" ", strip=True) == "Hide events (18)"


def test_the_filter_lists_the_actors_of_the_items_and_rows_carry_them(real):
    archive, page = real
    options = {o["value"]: o.get_text() for o in page.select("#tl-actor option")}

    assert options[""] == "every actor"
    assert re.fullmatch(r"Hayat Tahrir al-Sham \(\d+\)", options["hayat-tahrir-al-sham"])
    assert page.select_one(".tl-filter").has_attr("hidden")  # shown by the script only
    claim = archive.claims["ru-mod-up-to-40-soldiers-killed"]
    row = next(r for r in page.select("li.tl-row") if r.select_one(f'a[href="../{claim.url}"]'))
    assert claim.claimant.id in row["data-actors"].split()
    assert set(options) - {""} == {a for r in page.select("[data-actors]") for a in r["data-actors"].split()}


def test_contributor_text_on_the_timeline_is_escaped(tmp_path):
    root = copy_archive(tmp_path)
    hostile = "<script>alert(1)</script>&"
    replace(root, "annotations/actors/rebel-front.yml", "name: Rebel Front", "name: " + json.dumps("Rebel " + hostile))
    replace(root, "annotations/claims/ministry-reports-attack.yml",
            "basis: \"'on Thursday', article dated 2020-01-23\"", "basis: " + json.dumps("on Thursday " + hostile))

    html = render_site(linked_archive(root))["timeline.md"]

    assert "<script>" not in html
    assert "Rebel &lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html
    assert "on Thursday &lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html


def test_an_archive_without_dates_says_so_and_lists_everything():
    archive = linked_archive(SMALL)
    for claim in archive.claims.values():
        object.__setattr__(claim.data, "event_date", None)
    for art in archive.articles.values():
        object.__setattr__(art.meta, "published", None)
    for event in archive.events.values():
        object.__setattr__(event.data.when, "start", None)

    page = BeautifulSoup(timeline.render(archive), "html.parser")

    assert "Nothing in the archive is dated yet." in page.get_text()
    assert len(page.select("tr.tl-undated")) == len(archive.claims) + len(archive.articles) + len(archive.events)


def test_the_timeline_is_in_the_navigation_and_linked_from_actor_pages(small_site):
    nav = [a.get_text(strip=True) for a in soup(small_site / "index.html").select(".md-tabs__link")]
    assert "Timeline" in nav and "Network" in nav
    link = soup(small_site / "actors" / "example-ministry-of-defense" / "index.html").select_one(
        'a[href="../../timeline/?actor=example-ministry-of-defense"]')
    assert link is not None


# --- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(real_project):
    with browser_support.serve_directory(real_project / "site") as url:
        yield url


def visible(page, selector: str) -> int:
    return page.evaluate(f"() => [...document.querySelectorAll('{selector}')]"
                         ".filter(e => e.offsetParent !== null).length")


@pytest.mark.browser
def test_filtering_by_actor_shows_only_its_rows_and_is_kept_in_the_address(page, base):
    page.goto(f"{base}/timeline/")
    assert page.is_visible(".tl-filter")
    assert visible(page, "li.tl-row") == DATED_ROWS

    page.select_option("#tl-actor", "russian-ministry-of-defence")

    shown = page.evaluate("() => [...document.querySelectorAll('li.tl-row')].filter(e => !e.hidden)"
                          ".map(e => e.dataset.actors.split(' '))")
    assert shown and all("russian-ministry-of-defence" in actors for actors in shown)
    assert visible(page, "li.tl-row") == len(shown)
    assert page.inner_text(".tl-count").startswith(f"Showing {len(shown)} of {DATED_ROWS} dated")
    assert page.url.endswith("/timeline/?actor=russian-ministry-of-defence")

    page.select_option("#tl-actor", "")
    assert visible(page, "li.tl-row") == DATED_ROWS and page.url.endswith("/timeline/")


@pytest.mark.browser
def test_a_link_with_an_actor_opens_the_timeline_filtered(page, base):
    page.goto(f"{base}/timeline/?actor=newsweek")

    assert page.input_value("#tl-actor") == "newsweek"
    assert 0 < visible(page, "li.tl-row") < DATED_ROWS


@pytest.mark.browser
def test_without_scripts_every_row_shows_and_the_filter_stays_hidden(browser, base):
    context = browser.new_context(java_script_enabled=False, viewport=browser_support.DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{base}/timeline/")
        assert not page.is_visible(".tl-filter")
        assert visible(page, "li.tl-row") == DATED_ROWS
    finally:
        context.close()


def test_rows_say_where_their_quote_stands_and_the_filter_counts_reader_comments(real):
    archive, page = real
    comments = [c for c in archive.claims.values() if c.location == "reader-comment"]

    marked = page.select('[data-where="reader-comment"]')
    assert comments and len(marked) == len(comments)
    for row in marked:
        assert row.select_one(".where-badge").get_text() == "reader comment"
    assert not [r for r in page.select('[data-where="body"]') if r.select_one(".where-badge")]
    assert page.select_one("label.tl-comments").get_text(" ", strip=True) == \
        f"Hide reader comments ({len(comments)})"


@pytest.mark.browser
def test_reader_comments_can_be_hidden_and_the_choice_is_kept_in_the_address(page, base):
    page.goto(f"{base}/timeline/")
    total = visible(page, "li.tl-row")
    from_comments = page.evaluate("() => document.querySelectorAll('li.tl-row[data-where=\"reader-comment\"]').length")

    page.check("#tl-hide-comments")

    assert visible(page, "li.tl-row") == total - from_comments
    assert visible(page, 'tr.tl-undated[data-where="reader-comment"]') == 0
    assert page.url.endswith("/timeline/?comments=hide")
    page.goto(f"{base}/timeline/?comments=hide")
    assert page.is_checked("#tl-hide-comments") and visible(page, "li.tl-row") == total - from_comments
    page.uncheck("#tl-hide-comments")
    assert visible(page, "li.tl-row") == total and page.url.endswith("/timeline/")


@pytest.mark.browser
def test_events_can_be_hidden_dated_and_undated_and_the_choice_is_kept_in_the_address(page, base):
    page.goto(f"{base}/timeline/")
    dated, undated = visible(page, "li.tl-row"), visible(page, "tr.tl-undated")

    page.check("#tl-hide-events")

    assert visible(page, "li.tl-row") == dated - 13 and visible(page, "li.tl-row-event") == 0
    assert visible(page, "tr.tl-undated") == undated - 5 and visible(page, "tr.tl-undated-event") == 0
    assert page.inner_text(".tl-count") == f"Showing {dated - 13} of {dated} dated and {undated - 5} of {undated} " \
                                           "undated items."
    assert page.url.endswith("/timeline/?events=hide")
    page.goto(f"{base}/timeline/?events=hide&actor=turkish-armed-forces")
    assert page.is_checked("#tl-hide-events") and visible(page, "li.tl-row-event") == 0
    page.uncheck("#tl-hide-events")
    assert visible(page, "li.tl-row-event") > 0  # the actor's events: it is a party to them
    assert page.url.endswith("/timeline/?actor=turkish-armed-forces")
