"""An actor's one-word aliases (acronyms such as HTS) as search terms: in the page's `tags`,
which Material's search weighs above any title, and as Pagefind `alias` filter values, which
the Pagefind box looks up. The rankings themselves are tested in a browser
(tests/test_browser_site.py, tests/test_pagefind.py)."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from archive_support import OBSERVATORY_ACTOR, REPO, SMALL, TESTS, check, copy_archive, replace
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


def test_every_search_term_is_an_alias_or_an_outside_name_the_contributors_wrote(real):
    archive, pages = real
    seen = 0
    for actor in archive.actors.values():
        page = pages.get(f"{actor.url.strip('/')}.md")
        if page is None:
            continue
        tags = front_matter(page).get("tags", [])
        assert set(tags) <= set(actor.data.aliases) | {o.name for o in actor.data.outside_names}, actor.id
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


def test_an_outside_name_is_a_search_term_shown_with_its_basis(real):
    archive, pages = real
    sohr = archive.actors["syrian-observatory-for-human-rights"]
    assert search_terms(sohr) == ["SOHR"]  # "Syrian observatory" is an alias of two words
    page = pages["actors/syrian-observatory-for-human-rights.md"]
    assert front_matter(page)["tags"] == ["SOHR"]
    card = BeautifulSoup(page, "html.parser").select_one(".meta-card")
    known = card.find("dt", string="Also known as").find_next_sibling("dd")
    assert known.select_one('[data-pagefind-filter="alias"]').get_text() == "SOHR"
    assert known.select_one(".outside-badge").get_text() == "from outside the texts"
    assert known.select_one(".basis").get_text().startswith("Basis: The initials of 'Syrian Observatory")
    # An outside name is one no text prints: else it would be an alias.
    texts = [article.body for article in archive.articles.values()]
    for actor in archive.actors.values():
        for outside in actor.data.outside_names:
            assert not any(re.search(rf"\b{re.escape(outside.name)}\b", text) for text in texts), outside.name


@pytest.mark.parametrize(("name", "says"), [
    ("Marsad", "is already the actor's name, an alias or another outside name"),  # an alias of the observatory
    ("Example Observatory", "is not one word of 2 to 40 letters and digits"),
])
def test_an_outside_name_must_be_new_and_one_word(tmp_path, name, says):
    root = copy_archive(tmp_path)
    replace(root, OBSERVATORY_ACTOR, "type: monitor\n",
            f'type: monitor\noutside_names:\n  - name: "{name}"\n    basis: "A basis."\n')

    result = check(root)

    assert result.archive is None
    problems = [d for d in result.report.sorted() if d.position.path == OBSERVATORY_ACTOR]
    assert len(problems) == 1 and says in problems[0].message, result.report.format()
    assert problems[0].position.line == 5, result.report.format()  # the outside name's entry
