"""Text from articles and YAML reaches every page as inert text, never as markup or script.

The hostile fixture puts the same payload (tags, an event handler, a `javascript:` link, an
attr_list `{onclick=…}`, a `</title>` breakout) into every free-text field and the article body.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild

FIXTURE = Path(__file__).parent / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = sitebuild.make_project(FIXTURE, tmp_path_factory.mktemp("hostile"))
    result = sitebuild.mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_hostile_payload_reaches_pages_as_visible_text(hostile_site):
    page = (hostile_site / "articles" / "ministry-reports-attack" / "index.html").read_text(encoding="utf-8")
    text = BeautifulSoup(page, "html.parser").get_text()
    assert "<img src=x onerror=alert(1)><script>alert(2)</script>" in text
    assert "{onclick=alert(4)}" in text


def test_no_page_gains_an_element_or_attribute_from_contributor_text(hostile_site):
    for path in _pages(hostile_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all("img"), path
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                # Structured data is never run; contributor text may be in it, but only as JSON
                # strings, with no `<` that could close the element.
                assert "<" not in script.get_text() and isinstance(json.loads(script.get_text()), dict), path
                continue
            assert script.get("src") or "alert(" not in script.get_text(), path
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, (path, element.name, handlers)
            for name in ("href", "src", "action", "formaction"):
                value = str(element.get(name, ""))
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (path, element.name, value)


def test_title_and_description_are_escaped_in_the_document_head(hostile_site):
    page = (hostile_site / "actors" / "daily-example" / "index.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    assert "<title>Daily &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in head
    assert head.count("<title>") == 1 and head.count("</title>") == 1
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text().startswith("Daily <img src=x onerror=alert(1)><script>alert(2)</script>")


def test_search_index_carries_the_payload_only_escaped(hostile_site):
    index = (hostile_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "alert(2)" in index
    assert "<script>alert" not in index and "<img src=x" not in index
