"""The built small-fixture site in a real Chromium, served over HTTP: search finds actors by
their aliases, claim badges and "Show in the article" links work, no page logs an error or
contacts another host, and reader comments start folded away."""

from __future__ import annotations

import re

import pytest

import browser_support

pytestmark = pytest.mark.browser

ARTICLE = "/articles/ministry-reports-attack/"
PAGES = ["/", "/articles/", "/actors/", "/claims/", "/disputes/", "/methodology/", ARTICLE,
         "/articles/monitor-says-no-attack/", "/claims/ministry-up-to-40-killed/", "/claims/reader-says-lies/",
         "/disputes/thursday-attack/", "/actors/example-observatory/", "/actors/sam-reader/"]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def base(small_site):
    with browser_support.serve_directory(small_site) as url:
        yield url


@pytest.fixture(scope="module")
def base_with_repo_url(small_project_with_repo_url):
    with browser_support.serve_directory(small_project_with_repo_url / "site") as url:
        yield url


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of `page`, recorded from the first navigation."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


def search(page, base: str, query: str):
    page.goto(f"{base}/")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    return page.locator(".md-search-result__item")


def test_search_finds_an_actor_by_its_name(page, base):
    results = search(page, base, "Observatory")

    results.filter(has_text="Example Observatory").first.wait_for(timeout=TIMEOUT_MS)


def test_search_finds_an_actor_by_an_alias(page, base):
    # 'Marsad' is an alias of Example Observatory (tests/fixtures/small) and appears on no
    # page except where the actor's aliases are listed.
    results = search(page, base, "Marsad")

    results.filter(has_text="Example Observatory").first.wait_for(timeout=TIMEOUT_MS)


def test_claim_badge_opens_the_claim_and_show_in_the_article_returns_to_its_anchor(page, base):
    page.goto(f"{base}{ARTICLE}")

    page.locator(".article-text a.claim-ref").first.click()
    page.wait_for_url(f"{base}/claims/ministry-up-to-40-killed/", timeout=TIMEOUT_MS)
    assert "up to 40 soldiers were killed" in page.locator("article h1").inner_text()

    page.get_by_role("link", name="Show in the article").click()
    page.wait_for_url(f"{base}{ARTICLE}#claim-ministry-up-to-40-killed", timeout=TIMEOUT_MS)
    assert page.evaluate("location.hash") == "#claim-ministry-up-to-40-killed"
    assert page.locator("#claim-ministry-up-to-40-killed").count() == 1
    assert page.locator("#claim-ministry-up-to-40-killed + mark.claim").inner_text() == \
        "up to 40 soldiers were killed in an attack on Thursday"


def test_reader_comment_is_collapsed_by_default(page, base):
    page.goto(f"{base}{ARTICLE}")

    comment = page.locator("details.segment-reader-comment")
    assert comment.count() == 1
    assert comment.evaluate("element => element.open") is False
    assert comment.locator("summary").inner_text() == "Reader comment by Sam Reader \u2014 not part of the article"
    assert comment.locator("summary").is_visible()
    assert not comment.get_by_text("This is all lies.").is_visible()

    comment.locator("summary").click()

    assert comment.evaluate("element => element.open") is True
    assert comment.get_by_text("This is all lies.").is_visible()


def test_pages_log_no_console_error(page, base, console_errors):
    for path in PAGES:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")

    assert console_errors == []


def test_pages_contact_no_other_host(page, base, external_requests, console_errors):
    for path in PAGES:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
    search(page, base, "attack").first.wait_for(timeout=TIMEOUT_MS)

    assert external_requests == []
    assert console_errors == []


def test_pages_with_a_repository_link_contact_no_other_host(page, base_with_repo_url, external_requests):
    for path in ["/", ARTICLE, "/claims/rebels-deny-attack/"]:
        page.goto(f"{base_with_repo_url}{path}")
        page.wait_for_load_state("networkidle")

    assert page.locator(".md-source").count() >= 1
    assert re.match(r"https://example\.invalid/repo/edit/main/", page.locator('a[rel="edit"]').get_attribute("href"))
    assert external_requests == []
