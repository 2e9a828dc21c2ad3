"""The combined hostile site in a real Chromium, with a canary: zero scripts run, zero requests leave.

The combined hostile archive (every inert case of tests/fixtures/hostile-cases/: each vector
below in every free-text field kind) is built once with `mkdocs build --strict` and served on
127.0.0.1. A canary installed before any page script records every call to alert, confirm,
prompt and print, every dialog, uncaught error, Content-Security-Policy violation and pop-up,
every request to a host other than 127.0.0.1 (vectors aim at `sentinel.invalid`), and every local
request for a file the site does not have. Every page is visited; Material's search is typed
into with words that occur only in payloads and its results are opened; pages are opened with
hostile `?q=` (search) and `?h=` (highlight) parameters. Zero events are allowed, with the
published Content-Security-Policy and without it (content must be inert on its own).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

import browser_support
import hostile_support as hs

pytestmark = pytest.mark.browser

# Every XSS vector of the suite (tests/hostile_support.py): placed in all free-text field kinds of
# the combined site, typed into search, and (a subset) passed as ?q= and ?h= parameters.
VECTORS: list[str] = hs.VECTORS
PARAM_VECTORS: list[str] = hs.PARAM_VECTORS
CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    return hs.built_combined_sites(tmp_path_factory.mktemp("combined"))


@pytest.fixture(scope="module")
def base(sites):
    with browser_support.serve_directory(sites[0]) as url:
        yield url


@pytest.fixture(scope="module")
def base_without_policy(sites, tmp_path_factory):
    """The same site with the Content-Security-Policy removed from every page."""
    copy = tmp_path_factory.mktemp("no-csp") / "site"
    shutil.copytree(sites[0], copy)
    for path in copy.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        path.write_text(CSP_META.sub("", html, count=1), encoding="utf-8")
    with browser_support.serve_directory(copy) as url:
        yield url


PARALLEL_PAGES = 3


@pytest.fixture
def watched(browser):
    """A canary-watched browser context and its pages: PARALLEL_PAGES of them to visit many
    URLs at once; for typing into search, close all but the first (other open pages slow it)."""
    context = browser.new_context(viewport=browser_support.DESKTOP)
    canary = hs.Canary()
    canary.attach(context)
    pages = [context.new_page() for _ in range(PARALLEL_PAGES)]
    for page in pages:
        canary.watch(page)
    try:
        yield canary, pages
    finally:
        context.close()


def _only_first(pages: list) -> list:
    for page in pages[1:]:
        page.close()
    return pages[:1]


def _report(canary: hs.Canary) -> str:
    executed = canary.executed_vectors()
    lines = [f"{len(canary.events)} events in {canary.visits} page visits and {canary.searches} searches; "
             f"{len(executed)} of {len(VECTORS)} vectors executed"]
    lines += [str(e) for e in canary.events[:40]]
    lines += [f"vector executed: {v!r}" for v in sorted(executed)[:20]]
    return "\n".join(lines)


def test_the_suite_tries_at_least_80_vectors():
    assert len(VECTORS) >= 80 and len(set(VECTORS)) == len(VECTORS)
    print(f"\nXSS vectors: {len(VECTORS)} in {len(hs.FIELDS)} field kinds "
          f"({len(VECTORS) * len(hs.FIELDS)} placements); {len(PARAM_VECTORS)} as ?q= and ?h= parameters; "
          f"{len(hs.SEARCH_WORDS)} search words and {len(hs.SEARCH_QUERIES)} whole payloads typed into search")


def test_the_canary_sees_a_script_that_runs(watched, base):
    """The canary itself works: an alert, a request to the sentinel host and a page error are seen."""
    canary, (page, *_) = watched
    canary.visit(page, f"{base}/")
    page.evaluate("() => { alert('canary-self-test'); }")
    page.evaluate("() => fetch('http://sentinel.invalid/self-test').catch(() => null)")
    page.evaluate("() => { setTimeout(() => { throw new Error('canary-self-test'); }, 0); }")
    page.wait_for_timeout(300)
    kinds = {e.kind for e in canary.events}
    assert {"alert", "pageerror"} <= kinds, _report(canary)
    assert "request" in kinds or "csp" in kinds, _report(canary)


def test_no_vector_runs_on_any_page_of_the_hostile_site(watched, base, sites):
    canary, pages = watched
    urls = [f"{base}/{url}" for url in sorted(hs.site_pages(sites[0]))]
    assert len(urls) > 40
    canary.visit_many(pages, urls)
    assert not canary.events, _report(canary)
    assert not canary.console_errors, "\n".join(canary.console_errors[:20])
    print(f"\n{len(urls)} pages visited; {len(canary.events)} canary events")


def _search_everything(canary: hs.Canary, page, base: str, words: list[str]) -> dict[str, int]:
    counts = {}
    canary.visit(page, f"{base}/")
    for word in words:
        counts[word] = canary.search(page, word)
    for query in hs.SEARCH_QUERIES:
        canary.search(page, query, expect_results=False)
    for word in words[:3]:
        canary.visit(page, f"{base}/")
        canary.search(page, word)
        page.locator(".md-search-result__item a").first.click()  # opens the page with ?h=word
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
        canary.visits += 1
    return counts


def test_no_vector_runs_through_the_search_box_and_its_results(watched, base):
    canary, pages = watched
    [page] = _only_first(pages)
    counts = _search_everything(canary, page, base, hs.SEARCH_WORDS)
    assert not canary.events, _report(canary)
    assert all(counts.values()), f"payload words not found by search: {counts}"


def _parameter_urls(base: str, groups: int, vectors: list[str] = PARAM_VECTORS) -> list[str]:
    urls = [f"{base}/articles/xss-1/?q={quote(v, safe='')}&h={quote(v, safe='')}" for v in vectors]
    urls += [f"{base}/?q={quote(v, safe='')}" for v in PARAM_VECTORS[:2]]
    # Highlighting words that occur inside the payload text itself, on every carrier article.
    urls += [f"{base}/articles/xss-{g}/?h={quote('onerror script img alert svg')}" for g in range(1, groups + 1)]
    urls.append(f"{base}/articles/xss-1/#{quote('<img src=x onerror=alert(94)>', safe='')}")
    return urls


def test_no_vector_runs_through_search_and_highlight_parameters(watched, base):
    canary, pages = watched
    canary.visit_many(pages, _parameter_urls(base, len(hs.vector_groups())), settle_ms=80)
    # The parameters are really read: ?h= marks the payload text, ?q= opens search with the query.
    page = pages[0]
    canary.visit(page, f"{base}/articles/xss-1/?h=onerror", settle_ms=300)
    assert page.locator("mark[data-md-highlight]").count() > 0
    query = PARAM_VECTORS[0]
    canary.visit(page, f"{base}/articles/xss-1/?q={quote(query, safe='')}", settle_ms=300)
    assert page.locator(".md-search__input").input_value() == query
    assert not canary.events, _report(canary)


def test_without_the_content_security_policy_no_vector_runs_either(watched, base_without_policy, sites):
    """The policy is a second line; escaping is the first. Without the policy, the carrier pages,
    the search box and the parameters must still run nothing and load nothing."""
    canary, pages = watched
    # The pages themselves were proven inert with the policy (and by the twin comparison of
    # test_hostile.py); what runs after load (search, highlighting, cite.js, sorting) is
    # exercised here on the carrier articles.
    carriers = [f"{base_without_policy}/articles/xss-{g}/" for g in range(1, len(hs.vector_groups()) + 1)]
    groups = len(hs.vector_groups())
    canary.visit_many(pages, carriers + _parameter_urls(base_without_policy, groups, PARAM_VECTORS[:12]), settle_ms=60)
    _search_everything(canary, _only_first(pages)[0], base_without_policy, hs.SEARCH_WORDS[:4])
    assert not canary.events, _report(canary)
    print(f"\nwithout the policy: {canary.visits} visits, {canary.searches} searches, {len(canary.events)} events")
