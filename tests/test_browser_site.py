"""The built small-fixture site in a real Chromium, served over HTTP: search finds actors by
their aliases, claim badges and "Show in the article" links work, no page logs an error or
contacts another host, and reader comments start folded away."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

import browser_support
from build_scripts import vocabulary

pytestmark = pytest.mark.browser

ARTICLE = "/articles/ministry-reports-attack/"
PAGES = ["/", "/articles/", "/actors/", "/claims/", "/disputes/", "/methodology/", ARTICLE,
         "/articles/monitor-says-no-attack/", "/claims/ministry-up-to-40-killed/", "/claims/reader-says-lies/",
         "/disputes/thursday-attack/", "/actors/example-observatory/", "/actors/sam-reader/"]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def base_with_repo_url(small_project_with_repo_url):
    with browser_support.serve_directory(small_project_with_repo_url / "site") as url:
        yield url


def search(page, base: str, query: str):
    page.goto(f"{base}/")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    return page.locator(".md-search-result__item")


def test_search_finds_an_actor_by_its_name(page, small_site_url):
    results = search(page, small_site_url, "Observatory")

    results.filter(has_text="Example Observatory").first.wait_for(timeout=TIMEOUT_MS)


def test_search_finds_an_actor_by_an_alias(page, small_site_url):
    # 'Marsad' is an alias of Example Observatory (tests/fixtures/small) and appears on no
    # page except where the actor's aliases are listed.
    results = search(page, small_site_url, "Marsad")

    results.filter(has_text="Example Observatory").first.wait_for(timeout=TIMEOUT_MS)


def first_result(page, base: str, query: str, expected: str):
    """Type `query` and wait until the first result is the page at `expected` (results are
    replaced as the query grows, so the final list is awaited, not the first one shown)."""
    results = search(page, base, query)
    link = results.first.locator("a.md-search-result__link").first
    try:
        link.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function("""([query, expected]) => {
            const input = document.querySelector('.md-search__input');
            const first = document.querySelector('.md-search-result__item a.md-search-result__link');
            return input.value === query && first && new URL(first.href).pathname.endsWith(expected); }""",
                               arg=[query, expected], timeout=TIMEOUT_MS)
    except Exception:  # timed out: the assertion below says what was shown instead
        pass
    shown = [urlsplit(a.get_attribute("href")).path for a in results.locator("a.md-search-result__link").all()[:5]]
    assert shown and shown[0].endswith(expected), f"{query!r}: first results {shown}"


def test_an_alias_ranks_its_actor_first(page, small_site_url):
    first_result(page, small_site_url, "Marsad", "/actors/example-observatory/")


@pytest.mark.parametrize(("query", "actor"), [
    # Each acronym is an alias in annotations/actors/ and is used by an article text.
    ("HTS", "hayat-tahrir-al-sham"),
    ("SAA", "syrian-arab-army"),
    ("PKK", "kurdistan-workers-party"),
    ("SDF", "syrian-democratic-forces"),
    ("TIP", "turkistan-islamic-party"),
    ("FSA", "free-syrian-army"),
    ("Assad", "bashar-al-assad"),
    # Acronyms no text prints, each an outside name with its basis.
    ("SOHR", "syrian-observatory-for-human-rights"),
    ("NLF", "national-liberation-front"),
    ("MoD", "russian-ministry-of-defence"),
])
def test_an_acronym_ranks_its_actor_first_in_the_real_archive(page, real_base, query, actor):
    first_result(page, real_base, query, f"/actors/{actor}/")


@pytest.mark.parametrize(("query", "place"), [
    # A place's one-word aliases, the texts' spellings (annotations/places/): "Manbig" is how one
    # text misspells Manbij; "Kuweires" names the airfield.
    ("Manbig", "manbij"),
    ("Kuweires", "kuweires-airfield"),
])
def test_a_place_alias_ranks_its_place_first_in_the_real_archive(page, real_base, query, place):
    first_result(page, real_base, query, f"/places/{place}/")


@pytest.mark.parametrize(("query", "page_title"), [
    # "Deterring Aggression," is printed in straight quotes; "received combat experience" too.
    ("Deterring", "Aleppo"),
    ("received", "Aleppo"),
])
def test_search_finds_a_word_that_follows_a_quote(page, real_base, query, page_title):
    results = search(page, real_base, query)

    results.filter(has_text=page_title).first.wait_for(timeout=TIMEOUT_MS)
    assert "No matching documents" not in page.locator(".md-search-result").inner_text()


def test_claim_badge_opens_the_claim_and_show_in_the_article_returns_to_its_anchor(page, small_site_url):
    page.goto(f"{small_site_url}{ARTICLE}")

    page.locator(".article-text a.claim-ref").first.click()
    page.wait_for_url(f"{small_site_url}/claims/ministry-up-to-40-killed/", timeout=TIMEOUT_MS)
    assert "up to 40 soldiers were killed" in page.locator("article h1").inner_text()

    page.get_by_role("link", name="Show in the article").click()
    page.wait_for_url(f"{small_site_url}{ARTICLE}#claim-ministry-up-to-40-killed", timeout=TIMEOUT_MS)
    assert page.evaluate("location.hash") == "#claim-ministry-up-to-40-killed"
    assert page.locator("#claim-ministry-up-to-40-killed").count() == 1
    assert page.locator("#claim-ministry-up-to-40-killed + mark.claim").inner_text() == \
        "up to 40 soldiers were killed in an attack on Thursday"


def test_reader_comment_is_collapsed_by_default(page, small_site_url):
    page.goto(f"{small_site_url}{ARTICLE}")

    comment = page.locator("details.segment-reader-comment")
    assert comment.count() == 1
    assert comment.evaluate("element => element.open") is False
    assert comment.locator("summary").inner_text() == "Reader comment by Sam Reader \u2014 not part of the article"
    assert comment.locator("summary").is_visible()
    assert not comment.get_by_text("This is all lies.").is_visible()

    comment.locator("summary").click()

    assert comment.evaluate("element => element.open") is True
    assert comment.get_by_text("This is all lies.").is_visible()


def test_pages_log_no_console_error(page, small_site_url, console_errors):
    for path in PAGES:
        page.goto(f"{small_site_url}{path}")
        page.wait_for_load_state("load")

    assert console_errors == []


def test_pages_contact_no_other_host(page, small_site_url, external_requests, console_errors):
    for path in PAGES:
        page.goto(f"{small_site_url}{path}")
        page.wait_for_load_state("networkidle")
    search(page, small_site_url, "attack").first.wait_for(timeout=TIMEOUT_MS)

    assert external_requests == []
    assert console_errors == []


def test_pages_with_a_repository_link_contact_no_other_host(page, base_with_repo_url, external_requests):
    for path in ["/", ARTICLE, "/claims/rebels-deny-attack/"]:
        page.goto(f"{base_with_repo_url}{path}")
        page.wait_for_load_state("networkidle")

    assert page.locator(".md-source").count() >= 1
    assert re.match(r"https://example\.invalid/repo/edit/main/", page.locator('a[rel="edit"]').get_attribute("href"))
    assert external_requests == []


# --- dispute pages: the sides as columns -------------------------------------------------------

DISPUTE = "/disputes/thursday-attack/"
LAPTOP = {"width": 1440, "height": 900}


def side_boxes(page) -> list[dict]:
    sides = page.locator(".dispute-side")
    return [sides.nth(i).bounding_box() for i in range(sides.count())]


def test_dispute_sides_sit_side_by_side_on_a_laptop(page, small_site_url):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{small_site_url}{DISPUTE}")

    first, second = side_boxes(page)

    assert abs(first["y"] - second["y"]) < 1, "the columns start at the same height"
    assert second["x"] >= first["x"] + first["width"], "the second side is to the right of the first"
    assert abs(first["width"] - second["width"]) < 1
    assert not page.locator("nav.side-list").is_visible(), "the list of sides is for phones only"


def test_dispute_sides_stack_on_a_390_px_phone(page, small_site_url):
    page.set_viewport_size(browser_support.PHONE)
    page.goto(f"{small_site_url}{DISPUTE}")

    first, second = side_boxes(page)

    assert second["y"] >= first["y"] + first["height"], "the second side comes below the first"
    assert abs(first["x"] - second["x"]) < 1 and abs(first["width"] - second["width"]) < 1
    assert first["width"] > 300, "each side takes the width of the phone"
    assert page.evaluate("document.documentElement.scrollWidth") <= browser_support.PHONE["width"]
    # Above the stacked columns, every side's position, each a link to its column.
    sides = page.locator("nav.side-list a")
    assert sides.count() == 2 and sides.first.is_visible()
    sides.nth(1).click()
    assert page.evaluate("location.hash") == "#side-2"


def test_dispute_claim_shows_its_definitions_on_hover(page, small_site_url):
    page.goto(f"{small_site_url}{DISPUTE}")
    card = page.locator("#claim-rebels-deny-attack")

    assert card.locator("mark").inner_text() == "\u201cno such attack took place on Thursday.\u201d"
    assert card.locator("a.role").get_attribute("title") == \
        "States that the claimed event or fact did not happen or is untrue."
    assert card.locator(".status-badge").get_attribute("title") == vocabulary.CLAIM_STATUSES["contested"]
    assert vocabulary.CLAIM_STATUSES["contested"].startswith("At least one source in the archive contradicts the claim")


@pytest.fixture(scope="module")
def real_base(real_project):
    with browser_support.serve_directory(real_project / "site") as url:
        yield url


def test_every_real_dispute_shows_each_side_and_its_first_claim_on_a_laptop_screen(page, real_project, real_base):
    """The disagreement at a glance: without scrolling, on a 1366×768 laptop screen, the question,
    its status, every side's position and who holds it, and the first quote of every side."""
    page.set_viewport_size({"width": 1366, "height": 768})
    disputes = sorted(p.name for p in (real_project / "site" / "disputes").iterdir() if p.is_dir())
    assert disputes
    for dispute in disputes:
        page.goto(f"{real_base}/disputes/{dispute}/")
        sides = page.locator(".dispute-side")
        for i in range(sides.count()):
            side = sides.nth(i)
            for part in (side.locator(".side-position"), side.locator(".side-holders"),
                         side.locator(".claim-card mark").first):
                box = part.bounding_box()
                assert box is not None and box["y"] + box["height"] <= 768, f"{dispute}: side {i + 1} needs scrolling"
        assert page.locator(".dispute-status").bounding_box()["y"] < 768


def test_the_home_page_shows_the_open_disputes_on_the_first_laptop_screen(page, real_project, real_base):
    """The research entry: on a 1366×768 laptop screen, without scrolling, the heading of the open
    disputes and the first of them, its question, status and every side's position and count."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{real_base}/")

    heading = page.locator("h2#open-disputes").bounding_box()
    first = page.locator(".home-disputes > li").first
    assert heading is not None and heading["y"] + heading["height"] <= 768
    for part in (first.locator("a").first, first.locator(".status-badge"), first.locator(".home-side").last):
        box = part.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768, "the first open dispute needs scrolling"
    assert page.locator(".home-disputes > li").count() >= 1
