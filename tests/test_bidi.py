"""Names in Arabic and other scripts are direction-isolated inside English text
(`name_html`, `actor_link` and `isolate` in build_scripts/render/common.py): wherever an actor's
name or alias appears on a page, a name in another script sits in a `<bdi>` with its language
(or script) and direction, so it cannot reorder the words and punctuation around it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

import browser_support
import sitebuild
from archive_support import REPO, copy_archive, replace
from build_scripts import pipeline
from build_scripts.render import render_site
from build_scripts.render.common import actor_link, isolate, name_html

ARABIC = re.compile("[\u0600-\u06ff]")
COMMENTER = "سامي القارئ"
ALIAS = "جبهة المتمردين"


@pytest.mark.parametrize("text, expected", [
    ("Rebel Front", "Rebel Front"),
    ("Café Noir", "Café Noir"),
    ("هيئة تحرير الشام", '<bdi lang="und-Arab" dir="rtl">هيئة تحرير الشام</bdi>'),
    ("Путин", '<bdi lang="und-Cyrl" dir="ltr">Путин</bdi>'),
    ("HTS هيئة", '<bdi dir="auto">HTS هيئة</bdi>'),
    ("<b>هيئة</b>", '<bdi dir="auto">&lt;b&gt;هيئة&lt;/b&gt;</bdi>'),  # Latin letters too: auto
])
def test_name_html(text, expected):
    assert name_html(text) == expected


def test_a_known_language_is_stated_instead_of_the_script():
    assert name_html("الجبهة", lang="ar") == '<bdi lang="ar" dir="rtl">الجبهة</bdi>'


def test_isolate_wraps_only_names_in_another_script():
    assert isolate("Rebel Front") == "Rebel Front"
    assert isolate("الجبهة") == "\u2068الجبهة\u2069"


def test_actor_link_isolates_the_name_inside_the_link():
    class Actor:
        url = "actors/x/"
        has_page = True
        name = "الجبهة"

    assert actor_link("claims/y/", Actor()) == \
        '<a href="../../actors/x/"><bdi lang="und-Arab" dir="rtl">الجبهة</bdi></a>'


# --- every page -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The small fixture with a commenter named in Arabic and an Arabic alias."""
    root = copy_archive(tmp_path_factory.mktemp("bidi"))
    replace(root, "annotations/actors/sam-reader.yml", "name: Sam Reader", f"name: {json.dumps(COMMENTER)}\n"
            'aliases:\n  - "Sam Reader"')
    replace(root, "annotations/actors/rebel-front.yml", "aliases: []", f"aliases:\n  - {json.dumps(ALIAS)}")
    return root


@pytest.fixture(scope="module")
def pages(content) -> dict[str, str]:
    result = pipeline.check(content)
    assert result.archive is not None, result.report.format()
    return {rel: text for rel, text in render_site(result.archive).items() if rel.endswith(".md")}


def unisolated(page: str) -> list[str]:
    """Text nodes with Arabic letters that are not isolated: not in a <bdi> (or an element with
    dir), not the article's own text, structured data or a citation, not an FSI-isolated heading."""
    page = page.split("\n---\n", 1)[1]  # the front matter is YAML, not text on the page
    # A heading that is nothing but a name in one script needs no isolation: it is its own paragraph.
    page = "\n".join(line for line in page.splitlines()
                     if not (line.startswith("# ") and not re.search("[A-Za-z]", line)))
    soup = BeautifulSoup(page, "html.parser")
    found = []
    for node in soup.find_all(string=ARABIC):
        if not isinstance(node, NavigableString):
            continue
        parent = node.parent
        if parent.find_parent(["script", "pre"]) or parent.name in ("script", "pre", "code"):
            continue
        if parent.find_parent(class_="article-text") or "article-text" in (parent.get("class") or []):
            continue
        if parent.name == "bdi" or parent.find_parent("bdi") or parent.has_attr("dir"):
            continue
        for line in str(node).splitlines():
            if ARABIC.search(line) and not re.search("\u2068[^\u2069]*\u2069", line):
                found.append(line.strip())
    return found


def test_the_fixture_names_actors_in_arabic(pages):
    assert COMMENTER in pages["actors/sam-reader.md"] and ALIAS in pages["actors/rebel-front.md"]


def test_every_name_in_arabic_on_every_page_is_isolated(pages):
    problems = {rel: lines for rel, page in pages.items() if (lines := unisolated(page))}

    assert problems == {}


def test_the_places_a_name_appears_all_isolate_it(pages):
    bdi = f'<bdi lang="und-Arab" dir="rtl">{COMMENTER}</bdi>'
    assert f'Reader comment by {bdi}' in pages["articles/ministry-reports-attack.md"]  # segment label
    assert bdi in pages["claims/reader-says-lies.md"]  # claimant
    assert bdi in pages["claims/index.md"] and bdi in pages["actors/index.md"]
    assert f'<bdi lang="und-Arab" dir="rtl">{ALIAS}</bdi>' in pages["actors/rebel-front.md"]  # alias
    assert '<bdi lang="ar" dir="rtl">الجبهة</bdi>' in pages["actors/rebel-front.md"]  # name_ar
    assert f"## Claims about \u2068{COMMENTER}\u2069" in pages["actors/sam-reader.md"]
    assert f"# \u2068{COMMENTER}\u2069 \\(reader comment\\) asserts: " in pages["claims/reader-says-lies.md"]  # heading


def test_the_real_archive_isolates_its_arabic_names():
    result = pipeline.check(REPO)
    pages = {rel: text for rel, text in render_site(result.archive).items() if rel.endswith(".md")}

    assert '<bdi lang="ar" dir="rtl">هيئة تحرير الشام</bdi>' in pages["actors/hayat-tahrir-al-sham.md"]
    assert {rel: lines for rel, page in pages.items() if (lines := unisolated(page))} == {}


@pytest.mark.browser
def test_the_browser_isolates_the_name(content, tmp_path, page):
    project = sitebuild.make_project(content, tmp_path / "project")
    run = sitebuild.mkdocs_build(project)
    assert run.returncode == 0, run.stderr
    with browser_support.serve_directory(project / "site") as base:
        page.goto(f"{base}/claims/reader-says-lies/")
        style = page.evaluate("""() => { const b = document.querySelector('.meta-card bdi');
            const s = getComputedStyle(b); return [b.textContent, s.direction, s.unicodeBidi]; }""")

    assert style == [COMMENTER, "rtl", "isolate"]
