"""Where readers find the data, the corrections, the feed and how to report an error (issue 15),
in real builds of the small fixture: every page's footer links the four and states the licence of
the annotations (overrides/partials/copyright.html); the About page (docs/about.md with
overrides/about.html) says where to report an error, as mkdocs.yml's `extra: archive_contact:`
or, without it, the repository says, or that no contact is configured; the navigation's About
tab holds the data and corrections pages, which a 390-px phone reaches through Material's drawer;
datapackage.json is the same bytes in two builds. Without a browser, the drawer test is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import browser_support
import sitebuild
from archive_support import REPO_URL, SMALL
from site_check import html_pages, soup

FOOTER_LINKS = {"Data downloads": "data/index.html", "Corrections": "corrections/index.html",
                "Atom feed": "feed.xml", "About and reporting an error": "about/index.html"}
CONTACT = "errors@example.org"
SITE_URL = "https://archive.example.org/idlib/"


@pytest.fixture(scope="module")
def configured_project(tmp_path_factory) -> Path:
    """The small fixture with a contact, another licence and the site's address."""
    project = sitebuild.make_project(SMALL, tmp_path_factory.mktemp("configured"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  archive_licence:\n")
    end = text.index("\n\n", start)
    config.write_text(text[:start] + "  archive_licence:\n    name: CC0-1.0\n    title: CC0 1.0 <Universal>\n"
                      f"  archive_contact: {CONTACT}\n" + text[end + 1:], encoding="utf-8")
    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_SITE_URL": SITE_URL})
    assert run.returncode == 0, run.stdout + run.stderr
    return project


def test_every_page_links_data_corrections_feed_and_about_and_states_the_licence(small_site):
    pages = html_pages(small_site)
    assert len(pages) > 20
    for page in pages:
        footer = soup(page).select_one("footer.md-footer")
        assert footer is not None, page
        links = {a.get_text(strip=True): a["href"] for a in footer.select("nav.archive-footer-links a")}
        assert set(links) == set(FOOTER_LINKS), page
        for text, target in FOOTER_LINKS.items():
            href = links[text]  # relative, but on 404.html, which is served at any depth: from the root
            resolved = (small_site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()
            resolved = resolved / "index.html" if href.endswith("/") else resolved
            assert resolved == (small_site / target).resolve() and resolved.is_file(), (page, text, links[text])
        licence = footer.select_one(".archive-licence")
        assert licence is not None, page
        text = " ".join(licence.get_text().split())
        assert text == ("Annotations licensed under Creative Commons Attribution 4.0 International (CC-BY-4.0). "
                        "The article texts remain © their publishers and are not covered by it."), page
        assert licence.select_one('a[rel~="license"]')["href"] == "https://creativecommons.org/licenses/by/4.0/"


def test_the_about_tab_holds_the_data_and_corrections_pages(small_site):
    tabs = [a.get_text(strip=True) for a in soup(small_site / "index.html").select(".md-tabs__link")]
    assert tabs[-1] == "About" and len(tabs) == 11
    drawer = soup(small_site / "claims" / "index.html").select_one("nav.md-nav--primary")
    titles = [" ".join(a.get_text().split()) for a in drawer.select("a.md-nav__link")]
    assert {"About", "Data downloads", "Corrections"} <= set(titles)


def test_without_a_contact_or_repository_the_about_page_says_no_contact_is_configured(small_site):
    about = soup(small_site / "about" / "index.html")
    assert " ".join(about.select_one(".archive-contact").get_text().split()) == \
        "No contact for error reports is configured for this copy of the site."
    assert about.select_one("#licence") is not None and about.select_one("#report-an-error") is not None
    assert "mailto:" not in str(about)


def test_with_a_repository_the_about_page_points_to_it(small_project_with_repo_url):
    about = soup(small_project_with_repo_url / "site" / "about" / "index.html")
    contact = about.select_one(".archive-contact")
    assert "Report it in the archive's repository" in contact.get_text()
    assert [a["href"] for a in contact.select("a")] == [REPO_URL]


def test_a_configured_contact_and_licence_reach_the_about_page_the_footer_and_the_package(configured_project):
    site = configured_project / "site"
    about = soup(site / "about" / "index.html")
    [link] = about.select(".archive-contact a")
    assert link["href"] == f"mailto:{CONTACT}" and link.get_text() == CONTACT
    assert "CC0 1.0 <Universal>" in about.select_one("#licence").find_next("p").get_text()  # escaped, read back
    assert "CC0 1.0 &lt;Universal&gt;" in (site / "claims" / "index.html").read_text(encoding="utf-8")
    footer = soup(site / "claims" / "index.html").select_one(".archive-licence")
    assert "CC0 1.0 <Universal> (CC0-1.0)" in footer.get_text() and footer.select_one("a") is None
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["homepage"] == SITE_URL
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert "CC0 1.0 <Universal> (CC0-1.0)" in soup(site / "data" / "index.html").select_one("#licence").get_text()


def test_the_published_package_has_its_fields_and_is_the_same_bytes_in_two_builds(small_site,
                                                                                  small_project_with_repo_url):
    first = (small_site / "data" / "datapackage.json").read_bytes()
    second = (small_project_with_repo_url / "site" / "data" / "datapackage.json").read_bytes()
    assert first == second
    package = json.loads(first)
    assert {"licenses", "version", "created", "sources"} <= set(package) and "homepage" not in package
    assert package["created"] == "2026-11-23T00:00:00Z"


@pytest.mark.parametrize(("extra", "message"), [
    ("  archive_contact: not an address\n", "extra.archive_contact 'not an address' is not a web address"),
    ("  archive_licence: CC-BY\n", "extra.archive_licence must be a mapping with name, title and path"),
])
def test_a_malformed_setting_fails_the_build_saying_what_is_wrong(tmp_path, extra, message):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  archive_licence:\n")
    config.write_text(text[:start] + extra + text[text.index("\n\n", start) + 1:], encoding="utf-8")

    run = sitebuild.mkdocs_build(project)

    assert run.returncode != 0
    assert message in run.stdout + run.stderr
    assert not (project / "site").exists()


@pytest.mark.browser
def test_a_390_px_phone_reaches_data_and_corrections_through_the_drawer(browser, small_site_url, external_requests):
    context = browser.new_context(viewport=browser_support.PHONE)
    browser_support.block_external_requests(context, external_requests)
    try:
        page = context.new_page()
        for target, path in (("Data downloads", "/data/"), ("Corrections", "/corrections/")):
            page.goto(f"{small_site_url}/claims/")
            assert not page.locator(".md-tabs").is_visible(), "a phone has no tab bar"
            page.locator('label.md-header__button[for="__drawer"]').click()
            drawer = page.locator("nav.md-nav--primary")
            drawer.get_by_text("About", exact=True).first.click()  # opens the section
            link = drawer.get_by_role("link", name=target, exact=True)
            link.wait_for(state="visible", timeout=5_000)
            link.click()
            page.wait_for_url(f"{small_site_url}{path}")
        footer = page.locator("nav.archive-footer-links")
        footer.scroll_into_view_if_needed()
        assert footer.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= browser_support.PHONE["width"]
    finally:
        context.close()
