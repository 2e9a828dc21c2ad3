"""The tints of an article's claim highlights in a real Chromium (issue 15: most of an article's
text was one yellow): by default, and without scripts, each highlight is tinted by its claim's
status; the reader can tint them by role or not at all (article.html's highlight_switch,
docs/javascripts/timeline.js), the legend follows the choice, and the choice is kept across a
reload and for the next article, under the pages' Content-Security-Policy."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/articles/ministry-reports-attack/"
OTHER_ARTICLE = "/articles/monitor-says-no-attack/"
# In the small fixture's article: claim 1 is contested and asserts, claim 2 contested and
# denies, claim 3 (a reader's comment) unverified and asserts.
ASSERTS_CONTESTED = "mark.claim[data-claims='ministry-up-to-40-killed']"
DENIES_CONTESTED = "mark.claim[data-claims='rebels-deny-attack']"
ASSERTS_UNVERIFIED = "mark.claim[data-claims='reader-says-lies']"
TRANSPARENT = "rgba(0, 0, 0, 0)"


def background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")


def underline(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).borderBottomStyle")


def visible_legend(page) -> list[str]:
    return page.eval_on_selector_all(".highlight-legend",
                                     "ps => ps.filter(p => p.offsetParent).map(p => p.dataset.for)")


def open_article(page, url: str) -> None:
    page.goto(url)
    # The unverified claim is in a reader comment, folded away until it is opened.
    page.locator("details.segment-reader-comment summary").click()


def choose(page, label: str) -> None:
    page.get_by_role("radio", name=label).check()


def test_by_default_a_contested_and_an_unverified_claim_are_tinted_apart(page, small_site_url, console_errors):
    open_article(page, f"{small_site_url}{ARTICLE}")

    assert page.get_by_role("group", name="Highlight claims by").is_visible()
    assert page.get_by_role("radio", name="status").is_checked()
    contested, unverified = background(page, ASSERTS_CONTESTED), background(page, ASSERTS_UNVERIFIED)
    assert contested != unverified
    assert TRANSPARENT not in (contested, unverified)
    # Not by colour alone: the statuses are underlined differently, and the legend names them.
    assert underline(page, ASSERTS_CONTESTED) == "dashed" and underline(page, ASSERTS_UNVERIFIED) == "dotted"
    assert visible_legend(page) == ["status"]
    legend = page.locator(".highlight-legend[data-for='status']")
    assert legend.locator(".hl-swatch").all_inner_texts() == ["unverified", "contested"]
    swatch = ".highlight-legend[data-for='status'] .hl-swatch[data-status='contested']"
    assert background(page, swatch) == contested
    assert console_errors == []


def test_tinting_by_role_and_then_by_nothing(page, small_site_url, console_errors):
    open_article(page, f"{small_site_url}{ARTICLE}")
    # The same status, two roles: one tint by status, two by role.
    assert background(page, ASSERTS_CONTESTED) == background(page, DENIES_CONTESTED)
    by_status = background(page, ASSERTS_CONTESTED)

    choose(page, "role")
    assert background(page, ASSERTS_CONTESTED) != background(page, DENIES_CONTESTED)
    assert background(page, ASSERTS_CONTESTED) == background(page, ASSERTS_UNVERIFIED)
    assert background(page, ASSERTS_CONTESTED) != by_status
    assert visible_legend(page) == ["role"]
    assert page.locator(".highlight-legend[data-for='role'] .hl-swatch").all_inner_texts() == ["asserts", "denies"]
    assert "highlight=role" in page.url

    choose(page, "none (plain text)")
    for selector in (ASSERTS_CONTESTED, DENIES_CONTESTED, ASSERTS_UNVERIFIED):
        assert background(page, selector) == TRANSPARENT, selector
        # The claim stays findable: underlined, and numbered.
        assert underline(page, selector) != "none", selector
    assert page.locator(".article-text a.claim-ref").count() == 3
    assert visible_legend(page) == ["none"]
    assert console_errors == []


def test_the_choice_is_kept_across_a_reload_and_for_the_next_article(page, small_site_url, console_errors):
    open_article(page, f"{small_site_url}{ARTICLE}")
    by_status = background(page, ASSERTS_CONTESTED)
    choose(page, "role")
    by_role = background(page, ASSERTS_CONTESTED)

    page.reload()
    assert page.get_by_role("radio", name="role").is_checked()
    assert background(page, ASSERTS_CONTESTED) == by_role

    # Another article, reached without ?highlight=: the kept choice (localStorage) applies.
    page.goto(f"{small_site_url}{OTHER_ARTICLE}")
    assert page.get_by_role("radio", name="role").is_checked()
    assert page.eval_on_selector(".article-text", "el => el.dataset.highlight") == "role"

    # Back to status: the address loses its parameter, and a reload keeps status.
    page.goto(f"{small_site_url}{ARTICLE}")
    choose(page, "status")
    assert "highlight=" not in page.url
    page.reload()
    assert page.get_by_role("radio", name="status").is_checked()
    assert background(page, ASSERTS_CONTESTED) == by_status
    assert console_errors == []


def test_an_address_choice_wins_and_an_unknown_one_falls_back_to_status(page, small_site_url, console_errors):
    page.goto(f"{small_site_url}{ARTICLE}?highlight=none")
    assert background(page, ASSERTS_CONTESTED) == TRANSPARENT
    page.goto(f"{small_site_url}{ARTICLE}?highlight=%22%3E%3Cb%3E")
    assert page.get_by_role("radio", name="status").is_checked()
    assert page.eval_on_selector(".article-text", "el => el.dataset.highlight") == "status"
    assert console_errors == []


def test_without_scripts_the_highlights_are_tinted_by_status_and_the_choice_is_not_shown(browser, small_site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_article(page, f"{small_site_url}{ARTICLE}")
        assert background(page, ASSERTS_CONTESTED) != background(page, ASSERTS_UNVERIFIED)
        assert not page.locator(".highlight-choice").is_visible()
        assert visible_legend(page) == ["status"]
    finally:
        context.close()


def test_on_paper_the_chosen_tint_and_its_legend_are_printed_without_the_choice(page, small_site_url):
    page.goto(f"{small_site_url}{ARTICLE}?highlight=role")
    page.emulate_media(media="print")
    assert not page.locator(".highlight-choice").is_visible()
    assert visible_legend(page) == ["role"]
    assert background(page, ASSERTS_CONTESTED) != background(page, DENIES_CONTESTED)
