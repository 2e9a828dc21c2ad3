"""An actor's one-word aliases (acronyms such as HTS) as search terms: in the page's `tags`,
which Material's search weighs above any title, and as Pagefind `alias` filter values, which
the Pagefind box looks up. The rankings themselves are tested in a browser
(tests/test_browser_site.py, tests/test_pagefind.py)."""

from __future__ import annotations

import re

import pytest
import yaml

from archive_support import REPO, SMALL, TESTS
from build_scripts import pipeline
from build_scripts.render import render_site
from build_scripts.render.actor import search_terms


def actor_pages(root):
    result = pipeline.check(root)
    assert result.archive is not None, result.report.format()
    return result.archive, render_site(result.archive)


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


@pytest.fixture(scope="module")
def real():
    return actor_pages(REPO)


def test_only_one_word_aliases_are_search_terms(real):
    archive, pages = real
    hts = archive.actors["hayat-tahrir-al-sham"]
    assert search_terms(hts) == ["HaT", "HTS"]  # not "Tahrir al-Sham" nor "Hayat Tahrir Al Sham"
    page = pages["actors/hayat-tahrir-al-sham.md"]
    assert front_matter(page)["tags"] == ["HaT", "HTS"]
    assert re.findall(r'<span data-pagefind-filter="alias">([^<]*)</span>', page) == ["HaT", "HTS"]
    army = front_matter(pages["actors/syrian-arab-army.md"])
    assert army["tags"] == ["SAA"]  # "Syrian regime troops" would rank the army first for "troops"


def test_every_search_term_is_an_alias_the_contributors_wrote(real):
    archive, pages = real
    seen = 0
    for actor in archive.actors.values():
        page = pages.get(f"{actor.url.strip('/')}.md")
        if page is None:
            continue
        tags = front_matter(page).get("tags", [])
        assert set(tags) <= set(actor.data.aliases), actor.id
        assert all(term.isalnum() for term in tags), actor.id
        seen += bool(tags)
    assert seen >= 10


def test_a_page_without_one_word_aliases_has_no_tags():
    _, pages = actor_pages(SMALL)
    assert "tags" not in front_matter(pages["actors/rebel-front.md"])
    assert front_matter(pages["actors/example-observatory.md"])["tags"] == ["Marsad"]


def test_an_alias_with_markup_is_never_a_search_term():
    archive, pages = actor_pages(TESTS / "fixtures" / "hostile")
    for actor in archive.actors.values():
        for term in search_terms(actor):
            assert term.isalnum(), term
    assert all("<" not in str(front_matter(p).get("tags")) for p in pages.values() if p.startswith("---"))
