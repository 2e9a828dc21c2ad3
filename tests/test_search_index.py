"""Search entries without parsing pages again (build_scripts/publish/searchindex.py) are Material's.

- `sections` gives, list for list, the sections of Material's search `Parser` (ids, titles and
  texts as the lists the plugin joins) for hand-made HTML on each edge of what it reads (entities,
  nested inline elements, headings with and without ids and permalinks, headings nested in other
  elements, code, tables, void and self-closing tags, end tags that close nothing), for every
  generated page of the real archive and of the hostile archive converted as MkDocs converts them,
  and for each of the hostile fixtures' XSS vectors written as raw HTML; what it cannot read with
  certainty (comments, a `<` that is no tag, markup in a script, excluded elements) it leaves to
  Material, which then indexes the page itself.
- `FastSearch` replaces the index's per-page method of Material's own search plugin only when
  the plugin is on (not with Pagefind), and gives the same entries for a page.
- Real builds (slow): the real archive and a 200-article synthetic archive, built with `mkdocs
  build --strict` with it and with `extra: archive_fast_search: false`, publish the same
  search/search_index.json, byte for byte, and the log says that every generated page was indexed
  without Material's parser (a replacement that silently stopped applying would compare equal too).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin
from mkdocs.structure.toc import get_toc

import hostile_support as hs
import sitebuild
from archive_support import REPO
from build_scripts import pipeline
from build_scripts.publish import searchindex

SYNTHETIC = REPO / "benchmarks" / "synthetic.py"
SYNTHETIC_ARTICLES = 200
EXTENSIONS, EXTENSION_CONFIGS = sitebuild.markdown_extensions()


def _material(content: str) -> list[tuple]:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return [(s.id, s.title, s.text) for s in parser.data]


def _ours(content: str) -> list[tuple] | None:
    found = searchindex.sections(content)
    return None if found is None else [(s.id, s.title, s.text) for s in found]


def _convert(text: str) -> tuple[str, list]:
    """`text` converted as MkDocs converts a page (the site's extensions, permalinks and all):
    the HTML and the table of contents' tokens."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    html = md.convert(text)
    return html, md.toc_tokens


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


# --- edges of what it reads ------------------------------------------------------------------------

PERMALINK = '<a class="headerlink" href="#{0}" title="Link to this section">&para;</a>'
TAKEN = {
    "entities": '<h1 id="t">A &amp; B &lt;c&gt; &#x27;q&#39; &quot;d&quot;&nbsp;e</h1>\n'
                "<p>1 &lt; 2 &amp;&amp; 3 &gt; 2, caf&eacute; &#128512; &ZeroWidthSpace;x &amp</p>",
    "text that is only an entity": "<p>a</p>&nbsp;<p>&#32;</p>\n<p>b</p>&#10;<div>&nbsp;</div>",
    "nested inline elements": '<p>a <em>b <strong>c <code>d</code></strong></em> <a href="x?a=1&amp;b=2">e</a>'
                              "<sub>1</sub><sup>2</sup></p>",
    "headings with ids and permalinks": '<h1 id="t">Title' + PERMALINK.format("t") + "</h1>\n<p>intro</p>\n"
                                        '<h2 id="s">Sec <code>c</code> <em>e</em>' + PERMALINK.format("s")
                                        + "</h2>\n<p>y</p>\n<h3>no id</h3>\n<p>z</p>\n"
                                        '<h4 id="x&amp;y" class="c">Q</h4><p>w</p>',
    "a heading without an id inside a section of its name": '<h2 id="a">A</h2><p>x</p><h2>B</h2><p>y</p>',
    "text before the first heading": 'lead <b>in</b>\n<h2 id="a">A</h2><p>x</p>',
    "a second-level heading first": '<h2 id="a">A</h2><p>x</p><h1 id="b">B</h1><p>y</p>',
    "a first heading without a value": "<h1 id>A</h1><p>x</p><h2 id>B</h2><p>y</p>",
    "headings nested in other elements": '<div class="card"><h2 id="n">N</h2><p>in</p><div><h3 id="m">M</h3>'
                                         "<p>deeper</p></div><p>back</p></div><p>after</p>",
    "a section left is never returned to": '<h1 id="t">T</h1><div><div><h2 id="a">A</h2></div>x</div>'
                                           '<div><div><div><h3 id="c">C</h3></div>y</div>z</div>w',
    "a permalink written otherwise": '<h2 id="p">P<a CLASS="headerlink" href="#p">&para;</a>'
                                     '<a class="header&#108;ink" href="#p">#</a><a class="headerlinks">x</a></h2>',
    "code and preformatted text": '<pre class="x"><code>line 1\n  line  2\n\n&lt;b&gt; &amp;\n</code></pre>'
                                  "\n<p>after  \n  text</p><pre>  </pre><pre>a\n\n\nb</pre>",
    "empty kept elements": "<p></p><p> </p><ul><li>a</li><li></li><li> <b> </b> </li></ul><p>x</p><p>  </p>"
                           "<ol><li></li></ol><code></code>",
    "a table": "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2 &amp; 3</td>"
               "</tr>\n<tr><td><p>p</p></td><td></td></tr></tbody></table>",
    "scripts, styles and objects": '<p>a</p><script type="application/ld+json">{"a": "b &amp; c"}</script>'
                                   "<style>p { x: y }</style><object><p>in</p><h2 id=\"o\">O</h2><p>o</p>"
                                   "</object><p>b</p><script/><p>c</p>",
    "void and self-closing tags": '<p>a<br>b<br/>c<img src="x" alt="y"/> <hr> <svg viewBox="0 0 1 1">'
                                  '<circle r="1"/><title>t</title><text x="1">label</text><g/></svg></p>'
                                  '<p/><div/><a b/><a href=x/>y</a>',
    "end tags that close nothing": "<div><p>a</span></p></div></div><p>b</p></li><ul><li>c</ul></li></ul>",
    "unclosed elements": "<div><p>a<p>b</div><h2 id=\"u\">U<p>c</h2>d",
    "quotes hold a >": "<p title=\"a > b\" data-x='c > d' data-y=plain>x</p>",
    "attribute names in capitals": '<h2 ID="up" Class="h">U</h2><p>x</p><h2 iD=\'q\'>Q</h2>',
    "whitespace everywhere": "  \n <p> \n a \n </p> \n\n <ul>\n<li>\n b \n</li>\n</ul>\t\f\r ",
    "text after the last tag": '<h1 id="t">T</h1>tail &amp; end\n',
    "no tags at all": "just text &amp; more\nlines",
    "nothing": "",
    "a heading inside a permalink inside a heading": '<h2 id="a"><a class="headerlink"><h3 id="b">B</h3></a>'
                                                     "A</h2><p>x</p>",
}
LEFT = {
    "a comment": "<p>a<!-- c -->b</p>",
    "a less-than sign that is no tag": "<p>1 < 2</p>",
    "a tag name in capitals": "<P>x</P>",
    "markup in a script": '<script>var a = "<b>";</script><p>x</p>',
    "an unclosed script": "<p>x</p><script>var a",
    "an element excluded from search": "<div data-search-exclude><p>x</p></div><p>y</p>",
    "an excluded element, in capitals": '<div DATA-Search-Exclude="1"><p>x</p></div>',
    "line numbers": '<div class="linenodiv"><pre>1</pre></div><p>x</p>',
    "line numbers, escaped": '<div class="linenod&#105;v"><pre>1</pre></div><p>x</p>',
    "a declaration": "<!DOCTYPE html><p>x</p>",
    "a processing instruction": "<?xml version='1.0'?><p>x</p>",
    "a less-than sign in an attribute": '<p title="a<b">x</p>',
    "an attribute without a separator": '<p class="a"id="b">x</p>',
    "an unusual tag name": "<svg:rect>x</svg:rect>",
    "an end tag with attributes": '<p>x</p class="a">',
}


@pytest.mark.parametrize("content", TAKEN.values(), ids=TAKEN.keys())
def test_sections_are_those_of_materials_parser(content):
    assert _ours(content) is not None
    assert _ours(content) == _material(content)


@pytest.mark.parametrize("content", LEFT.values(), ids=LEFT.keys())
def test_what_it_cannot_read_with_certainty_is_left_to_materials_parser(content):
    assert searchindex.sections(content) is None


def test_every_xss_vector_as_raw_html_gives_materials_sections_or_is_left_to_material():
    taken = 0
    for vector in hs.VECTORS:
        for content in (vector, f'<h2 id="v">{vector}</h2><p>{vector}</p>{vector}', f"<p>a</p>{vector}<p>b</p>"):
            ours = _ours(content)
            taken += ours is not None
            assert ours is None or ours == _material(content), content
    assert taken > 50  # most are read, not all left


# --- every generated page ---------------------------------------------------------------------------

def _generated_pages(root: Path, out: Path) -> dict[str, str]:
    assert pipeline.generate(root, out, force=True).written is not None
    return {p.relative_to(out).as_posix(): _body(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.md"))}


def _assert_every_page_the_same(pages: dict[str, str]) -> None:
    for rel, page in pages.items():
        content = _convert(page)[0]
        ours = _ours(content)
        assert ours is not None, f"{rel} is left to Material's parser"
        assert ours == _material(content), rel


def test_every_generated_page_of_the_real_archive_gives_materials_sections(tmp_path):
    pages = _generated_pages(REPO, tmp_path / "generated")
    assert len(pages) > 100
    _assert_every_page_the_same(pages)


def test_every_generated_page_of_the_hostile_archive_gives_materials_sections(tmp_path):
    pages = _generated_pages(hs.combined_archive(tmp_path / "archive"), tmp_path / "generated")
    assert len(pages) > 40
    _assert_every_page_the_same(pages)


# --- in front of the plugin -----------------------------------------------------------------------

def _plugin(enabled: bool = True) -> SearchPlugin:
    plugin = SearchPlugin()
    errors, _ = plugin.load_config({"enabled": enabled, "lang": ["en"], "separator": r"[\s\-]+", "pipeline": []})
    assert not errors
    plugin.search_index = SearchIndex(**plugin.config)
    return plugin


def _page(text: str, source: str, meta: dict | None = None) -> SimpleNamespace:
    content, tokens = _convert(text)
    return SimpleNamespace(content=content, toc=get_toc(tokens), url="claims/c1/", title="Page title",
                           meta=meta or {}, file=SimpleNamespace(abs_src_path=source))


PAGE = ("# Title with *emphasis*\n\nIntro &amp; more.\n\n<div class=\"card\"><dl><dt>A</dt><dd>b</dd></dl></div>\n\n"
        "## Section two\n\n- a\n- b\n\n```\ncode <x>\n```\n")


@pytest.mark.parametrize("meta", [{}, {"tags": ["x", 1, None]}, {"search": {"boost": 2}},
                                  {"search": {"exclude": True}}], ids=["plain", "tags", "boost", "excluded"])
def test_the_plugin_gets_the_entries_its_own_parser_would_give(tmp_path, meta):
    generated = tmp_path / "generated"
    material, fast = _plugin(), _plugin()
    installed = searchindex.FastSearch.install({"material/search": fast}, generated)

    for plugin in (material, fast):
        plugin.search_index.add_entry_from_context(_page(PAGE, str(generated / "claims" / "c1.md"), meta))

    assert installed is not None and installed.pages == 1 and installed.fallbacks == 0
    assert fast.search_index.entries == material.search_index.entries
    assert fast.search_index.generate_search_index(None) == material.search_index.generate_search_index(None)
    assert len(material.search_index.entries) == (0 if "search" in meta and meta["search"].get("exclude") else 2)


def test_pages_from_elsewhere_and_pages_it_cannot_read_go_to_materials_parser(tmp_path):
    generated = tmp_path / "generated"
    plugin = _plugin()
    installed = searchindex.FastSearch.install({"material/search": plugin}, generated)

    plugin.search_index.add_entry_from_context(_page(PAGE, str(tmp_path / "docs" / "about.md")))
    plugin.search_index.add_entry_from_context(_page("# T\n\n<p>a<!-- c --></p>\n", str(generated / "a.md")))
    plugin.search_index.add_entry_from_context(_page(PAGE, str(generated / "b.md")))

    assert (installed.pages, installed.fallbacks) == (2, 1)
    assert installed.summary() == ("1 of 2 generated pages indexed for search without parsing them again "
                                   "(1 with markup left to Material's parser)")
    assert [e["title"] for e in plugin.search_index.entries] == ["Title with emphasis", "Section two", "T",
                                                                 "Title with emphasis", "Section two"]


def test_nothing_is_installed_when_materials_search_is_off_as_with_pagefind(tmp_path):
    plugin = _plugin(enabled=False)
    method = plugin.search_index.add_entry_from_context

    assert searchindex.FastSearch.install({"material/search": plugin}, tmp_path) is None
    assert searchindex.FastSearch.install({}, tmp_path) is None
    assert plugin.search_index.add_entry_from_context == method


# --- real builds, both ways ----------------------------------------------------------------------------

def _build_both_ways(content: Path, tmp_path: Path) -> tuple[bytes, bytes, str]:
    fast, log = sitebuild.built(content, tmp_path / "fast")
    slow, slow_log = sitebuild.built(content, tmp_path / "slow", archive_fast_search=False)
    assert "indexed for search" not in slow_log
    index = "search/search_index.json"
    return (fast / "site" / index).read_bytes(), (slow / "site" / index).read_bytes(), log


def _assert_same(fast: bytes, slow: bytes, log: str) -> int:
    indexed = re.search(r"archive: (\d+) of (\d+) generated pages indexed for search without parsing them again\n",
                        log)
    assert indexed and indexed.group(1) == indexed.group(2), log  # every generated page, none left out
    assert fast == slow
    return int(indexed.group(1))


@pytest.mark.slow
def test_the_real_archive_has_the_same_search_index_with_and_without_parsing_pages_again(tmp_path):
    assert _assert_same(*_build_both_ways(REPO, tmp_path)) > 100


@pytest.mark.slow
def test_a_synthetic_archive_has_the_same_search_index_with_and_without_parsing_pages_again(tmp_path):
    archive = tmp_path / "archive"
    subprocess.run([sys.executable, str(SYNTHETIC), "--articles", str(SYNTHETIC_ARTICLES), "--seed", "1",
                    str(archive)], capture_output=True, text=True, timeout=300, check=True)

    assert _assert_same(*_build_both_ways(archive, tmp_path)) > 2000


# --- the preview's dirty rebuilds -------------------------------------------------------------------

def _entry(location: str, text: str) -> dict:
    return {"location": location, "title": location, "text": text}


def _material_search(entries: list[dict]) -> SearchPlugin:
    plugin = SearchPlugin()
    assert plugin.load_config({}) == ([], [])
    plugin.search_index = SearchIndex(**plugin.config)
    plugin.search_index.entries = entries
    return plugin


def test_a_dirty_rebuild_of_several_pages_replaces_each_ones_entries_and_keeps_every_other_page():
    """Material's own merge drops the earlier entries of the first page built again only (and of
    every page under its address): the second page's old text stayed searchable, and the actor's
    list page, which was not rebuilt, vanished."""
    previous = _material_search([
        _entry("", "home"), _entry("actors/a/", "actor a, old"), _entry("actors/a/#claims", "claims, old"),
        _entry("actors/a/claims-made/", "list page"), _entry("claims/c1/", "claim one, old"),
        _entry("claims/c1/#related", "related, old"), _entry("claims/c2/", "claim two")])
    current = _material_search([_entry("actors/a/", "actor a, new"), _entry("actors/a/#claims", "claims, new"),
                                _entry("claims/c1/", "claim one, new")])
    assert searchindex.DirtyMerge.install({"material/search": current})

    docs = json.loads(current.search_index.generate_search_index(previous.search_index))["docs"]

    assert [(d["location"], d["text"]) for d in docs] == [
        ("", "home"), ("actors/a/claims-made/", "list page"), ("claims/c2/", "claim two"),
        ("actors/a/", "actor a, new"), ("actors/a/#claims", "claims, new"), ("claims/c1/", "claim one, new")]


def test_a_page_built_again_without_entries_now_loses_its_earlier_ones():
    previous = _material_search([_entry("claims/c1/", "claim one"), _entry("claims/c2/", "claim two")])
    current = _material_search([])
    assert searchindex.DirtyMerge.install({"material/search": current})
    current.search_index.add_entry_from_context(SimpleNamespace(url="claims/c1/", meta={"search": {"exclude": True}}))

    docs = json.loads(current.search_index.generate_search_index(previous.search_index))["docs"]

    assert docs == [_entry("claims/c2/", "claim two")]


def test_the_entries_of_a_page_no_longer_in_the_site_are_dropped():
    previous = _material_search([_entry("claims/c1/", "claim one"), _entry("claims/gone/", "a removed claim"),
                                 _entry("claims/gone/#related", "its section")])
    current = _material_search([_entry("claims/c1/", "claim one, new")])
    merge = searchindex.DirtyMerge.install({"material/search": current})
    merge.present = {"", "claims/c1/"}

    docs = json.loads(current.search_index.generate_search_index(previous.search_index))["docs"]

    assert docs == [_entry("claims/c1/", "claim one, new")]


def test_a_dirty_rebuild_that_built_no_page_keeps_the_index_and_a_first_build_is_untouched():
    previous = _material_search([_entry("claims/c1/", "claim one")])
    current = _material_search([])
    assert searchindex.DirtyMerge.install({"material/search": current})
    assert json.loads(current.search_index.generate_search_index(previous.search_index))["docs"] == [
        _entry("claims/c1/", "claim one")]
    first = _material_search([_entry("claims/c1/", "claim one")])
    searchindex.DirtyMerge.install({"material/search": first})
    assert json.loads(first.search_index.generate_search_index(None))["docs"] == [_entry("claims/c1/", "claim one")]
    assert searchindex.DirtyMerge.install({}) is None  # Pagefind, or no search: nothing to do
