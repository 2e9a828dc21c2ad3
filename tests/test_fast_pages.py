"""The fast path for generated pages (build_scripts/publish/fastpages.py) builds the same site.

- Python-Markdown, with the site's extensions, converts every generated page of the real archive
  and of a synthetic one to the same HTML with the fast path as without, and to the same HTML as
  without it for hand-made documents on each edge of what the fast path reads (several elements
  on a line, text after an element, an element across blank lines, `markdown` attributes,
  comments, scripts, fences, loose ampersands, a code block before HTML). Every raw HTML block's
  anchors are those MkDocs' own parser collects.
- Real builds (slow): the real archive and a 200-article synthetic archive, built with
  `mkdocs build --strict` with the fast path and with `extra: archive_fast_pages: false`, give
  every file byte for byte the same, and the log says that every generated page took the fast
  path (a fast path that silently stopped applying would compare equal too).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from mkdocs.structure.pages import _HTMLHandler

import sitebuild
from archive_support import REPO
from build_scripts import pipeline
from build_scripts.publish import fastpages

SYNTHETIC = REPO / "benchmarks" / "synthetic.py"
SYNTHETIC_ARTICLES = 200


EXTENSIONS, EXTENSION_CONFIGS = sitebuild.markdown_extensions()


def _convert(text: str, fast: bool) -> tuple[str, list, bool]:
    """`text` converted as MkDocs converts a page: the HTML, the table of contents, and whether
    the fast path took the page."""
    owner = fastpages.FastPages()
    md = markdown.Markdown(extensions=[*EXTENSIONS, owner], extension_configs=EXTENSION_CONFIGS)
    owner.start(fast)
    html = md.convert(text)
    return html, getattr(md, "toc_tokens", []), bool(owner.pages and not owner.fallbacks)


def _mkdocs_anchors(block: str) -> set:
    parser = _HTMLHandler()
    parser.feed(block)
    parser.close()
    return parser.present_anchor_ids


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def _raw_blocks(text: str) -> list[str]:
    return [b for b in re.split(r"\n(?: *\n)+", text.strip("\n")) if b.startswith("<")]


# --- edges of what the fast path reads -------------------------------------------------------------

TAKEN = {
    "one element": "# T\n\n<div class=\"a\"><p>x &amp; y</p></div>\n\n## H\n\n<p>y</p>\n",
    "two elements on a line": "<blockquote><p>q</p></blockquote><p class=\"l\"><a href=\"#x\">x</a></p>\n\npara\n",
    "two elements on two lines": "<div>x</div>\n<p>y</p>\n\npara",
    "at the end, no newline": "para\n\n<ul><li>a</li>\n<li>b<br>c</li></ul>",
    "void and self-closing tags": "<figure><svg viewBox=\"0 0 1 1\"><circle r=\"1\"/><title>t</title></svg>"
                                  "<img src=\"a.png\" alt=\"\"><figcaption>c</figcaption></figure>\n",
    "nested same tags": "<div id=\"o\"><div id=\"i\">x</div><div>y</div></div>\n\ntext",
    "JSON-LD": "<p>a</p>\n\n<script type=\"application/ld+json\">{\"a\":\"\\u003cb\\u003e\"}</script>\n",
    "quotes hold a >": "<p title=\"a > b\" data-x='c > d'>x</p>\n",
    "a fenced code block": "```html\n<div>x</div>\n```\n\n<p>y</p>\n",
    "headings and anchors": "# Title with *emphasis*\n\n<dl id=\"card\"><dt>a</dt><dd><a name=\"n\">b</a></dd></dl>\n\n"
                            "## Section\n\n<table><tr><td id=\"c&amp;d\">1</td></tr></table>\n",
}
LEFT = {
    "text after an element": "<div>x</div>\ntext after\n\n<p>z</p>\n",
    "text between elements": "<div>x</div> <p>y</p>\n",
    "an element across blank lines": "<div>\n\n<p>inside</p>\n\n</div>\n\n<p>after</p>\n",
    "markdown attribute": "<div markdown=\"1\">\n*x*\n</div>\n",
    "comment": "<div>x<!-- c --></div>\n",
    "loose ampersand": "<p>a &amp b</p>\n",
    "markup in a script": "<script>var a = \"<b>\";</script>\n",
    "a fence superfences leaves": "```\n<div>x</div>\n\n<p>y</p>\n",
    "HTML that starts inside Markdown text": "para\n<div>x</div>\n\n<p>y</p>\n",
    "a less-than sign that is no tag": "<p>1 < 2</p>\n",
    "an inline element first": "<span>x</span>\n\n<p>y</p>\n",
    "an unclosed element": "<div><p>x</p>\n\n<p>y</p>\n",
}


@pytest.mark.parametrize("text", TAKEN.values(), ids=TAKEN.keys())
def test_blocks_the_fast_path_takes_convert_as_without_it(text):
    fast, toc, taken = _convert(text, True)

    assert taken
    assert (fast, toc) == _convert(text, False)[:2]


@pytest.mark.parametrize("text", LEFT.values(), ids=LEFT.keys())
def test_what_the_fast_path_cannot_read_with_certainty_is_left_to_python_markdown(text):
    fast, toc, taken = _convert(text, True)

    assert not taken
    assert (fast, toc) == _convert(text, False)[:2]


def test_a_code_block_before_raw_html_keeps_its_blank_lines():
    """Around a raw block the fast path leaves the blank lines md_in_html leaves, which could
    matter after an indented code block."""
    text = "para\n\n    code\n\n<div>x</div>\n\n<p>y</p>\n"
    fast, _, taken = _convert(text, True)

    assert taken and fast == _convert(text, False)[0]


def test_anchor_ids_are_what_mkdocs_collects():
    block = ("<div id=\"a\" class=x><a name=\"b\" href=\"#a\">x</a><span name=\"not-an-anchor\" data-id=\"no\">"
             "</span><p ID='C&amp;D'>y</p><input id=e></div>")
    assert fastpages.anchor_ids(block) == _mkdocs_anchors(block) == {"a", "b", "C&D", "e"}


# --- every generated page -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("real-generated")
    assert pipeline.generate(REPO, out, force=True).written is not None
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))}


def test_every_generated_page_of_the_real_archive_converts_the_same_on_the_fast_path(real_pages):
    assert len(real_pages) > 100
    for rel, page in real_pages.items():
        fast, toc, taken = _convert(_body(page), True)
        assert taken, f"{rel} is left to the normal path"
        assert (fast, toc) == _convert(_body(page), False)[:2], rel


def test_every_raw_block_of_the_real_archive_has_the_anchors_mkdocs_collects(real_pages):
    blocks = [b for page in real_pages.values() for b in _raw_blocks(_body(page))]
    with_ids = 0
    for block in blocks:
        expected = _mkdocs_anchors(block)
        with_ids += bool(expected)
        assert fastpages.anchor_ids(block) == expected, block[:300]
        read = fastpages.read_block(block, set(markdown.Markdown().block_level_elements))
        assert read is not None and read[1] == expected, block[:300]
    assert len(blocks) > 1000 and with_ids > 50  # the real archive's pages are tested, anchors and all


# --- real builds, both ways ----------------------------------------------------------------------------

def _build_both_ways(content: Path, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes], str]:
    fast, log = sitebuild.built(content, tmp_path / "fast")
    slow, slow_log = sitebuild.built(content, tmp_path / "slow", archive_fast_pages=False)
    assert "fast path" not in slow_log
    return sitebuild.site_files(fast / "site"), sitebuild.site_files(slow / "site"), log


def _assert_same(fast: dict[str, bytes], slow: dict[str, bytes], log: str) -> None:
    taken = re.search(r"archive: (\d+) of (\d+) generated pages took the fast path\n", log)
    assert taken and taken.group(1) == taken.group(2), log  # every generated page, none left out
    assert sorted(fast) == sorted(slow)
    assert [rel for rel in fast if fast[rel] != slow[rel]] == []
    assert sum(rel.endswith(".html") for rel in fast) >= int(taken.group(1))


@pytest.mark.slow
def test_the_real_archive_builds_byte_for_byte_the_same_with_and_without_the_fast_path(tmp_path):
    _assert_same(*_build_both_ways(REPO, tmp_path))


@pytest.mark.slow
def test_a_synthetic_archive_builds_byte_for_byte_the_same_with_and_without_the_fast_path(tmp_path):
    archive = tmp_path / "archive"
    subprocess.run([sys.executable, str(SYNTHETIC), "--articles", str(SYNTHETIC_ARTICLES), "--seed", "1",
                    str(archive)], capture_output=True, text=True, timeout=300, check=True)
    fast, slow, log = _build_both_ways(archive, tmp_path)

    _assert_same(fast, slow, log)
    assert sum(rel.startswith("claims/") for rel in fast) > 1000
