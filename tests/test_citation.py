"""Citation: the "Cite this page" box on article, claim and dispute pages
(build_scripts/render/cite.py, docs/javascripts/cite.js), and CITATION.cff for the archive.

CITATION.cff is checked against the Citation File Format 1.2.0 JSON Schema, vendored in
tests/fixtures/cff/schema-1.2.0.json from the format's own repository (citation-file-format,
CC-BY-4.0). `cffconvert`, the format's checker, cannot be installed next to this project's
jsonschema 4 (it needs jsonschema < 4); run it in a separate environment to double-check:
`cffconvert --validate -i CITATION.cff`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from archive_support import MINISTRY_ARTICLE, REPO, SMALL, copy_archive, replace, set_dispute_question
from build_scripts import pipeline
from build_scripts.render import cite, render_site
from site_check import soup

CFF_SCHEMA = Path(__file__).parent / "fixtures" / "cff" / "schema-1.2.0.json"
PAGES = ["articles/ministry-reports-attack", "claims/rebels-deny-attack", "disputes/thursday-attack"]


# --- CITATION.cff -----------------------------------------------------------------------------


def citation() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    data = citation()

    errors = sorted(jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(data),
                    key=str)

    assert [e.message for e in errors] == []
    assert data["cff-version"] == "1.2.0"


def test_the_schema_check_is_not_vacuous():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    data = citation()
    del data["authors"]
    data["cff-version"] = "9.9"

    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(data))) >= 2


def test_citation_cff_names_the_contributors_collectively_and_invents_no_person():
    data = citation()

    assert data["authors"] == [{"name": "The Idlib Conflict Reporting Archive contributors"}]
    assert data["title"] == "Idlib Conflict Reporting Archive"
    assert "version" not in data and "date-released" not in data and "license" not in data  # none is recorded


# --- the box on the pages ---------------------------------------------------------------------


def box(site: Path, rel: str):
    found = soup(site / rel / "index.html").select("details.cite-box")
    assert len(found) == 1, rel
    return found[0]


def formats(element) -> dict[str, str]:
    return {pre["data-format"]: pre.get_text() for pre in element.select("pre.cite")}


@pytest.mark.parametrize("rel", PAGES)
def test_article_claim_and_dispute_pages_have_a_collapsed_cite_box_with_three_formats(small_site, rel):
    element = box(small_site, rel)

    assert element.summary.get_text() == "Cite this page"
    assert not element.has_attr("open")
    assert [p.get_text() for p in element.select(".cite-label")] == ["Plain text", "BibTeX", "CSL-JSON"]
    texts = formats(element)
    assert set(texts) == {"text", "bibtex", "csl"}
    assert f"/{rel}/" in texts["text"] and f"/{rel}/" in texts["bibtex"]


def test_other_pages_have_no_cite_box(small_site):
    for rel in ["", "actors/rebel-front", "claims", "methodology"]:
        assert not soup(small_site / rel / "index.html").select("details.cite-box"), rel


def test_csl_json_parses_and_carries_the_title_and_the_site_path(small_site):
    item, = json.loads(formats(box(small_site, "disputes/thursday-attack"))["csl"])

    assert item["type"] == "webpage"
    assert item["title"] == "Did an attack on government forces take place on Thursday?"
    assert item["author"] == [{"literal": "Idlib Conflict Reporting Archive contributors"}]
    assert item["issued"] == {"date-parts": [[2026, 11, 23]]}  # the dispute's first history entry
    assert item["URL"] == "/disputes/thursday-attack/"


def test_bibtex_entry_is_well_formed_and_dated_by_the_data(small_site):
    text = formats(box(small_site, "disputes/thursday-attack"))["bibtex"]

    assert text.startswith("@misc{idlib-archive:dispute:thursday-attack,\n")
    assert "  year = {2026},\n  month = nov," in text
    assert text.count("{") == text.count("}")
    assert text.endswith("\n}")


def test_a_record_without_a_known_date_is_cited_without_one(small_site):
    texts = formats(box(small_site, "claims/rebels-deny-attack"))

    assert "(n.d.)" in texts["text"]
    assert "year =" not in texts["bibtex"]
    assert "issued" not in json.loads(texts["csl"])[0]


def test_an_article_is_dated_by_the_day_it_was_added(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, MINISTRY_ARTICLE, "language: en\n", 'added: "2026-11-23"\nlanguage: en\n')
    page = render_site(pipeline.check(root).archive)["articles/ministry-reports-attack.md"]

    block = BeautifulSoup(page.split('<details class="cite-box"', 1)[1].split("</details>", 1)[0], "html.parser")

    assert "(2026, November 23)" in block.get_text()
    assert json.loads(block.select_one('pre[data-format="csl"]').get_text())[0]["issued"] == \
        {"date-parts": [[2026, 11, 23]]}


def test_citations_are_escaped_for_bibtex_and_for_html(tmp_path):
    root = copy_archive(tmp_path)
    hostile = "50% of {x} & $y #1 _z ~ ^ \\end </pre><script>alert(1)</script>"
    set_dispute_question(root, hostile)
    page = render_site(pipeline.check(root).archive)["disputes/thursday-attack.md"]
    html = page.split('<details class="cite-box"', 1)[1].split("</details>", 1)[0]
    texts = {pre["data-format"]: pre.get_text() for pre in BeautifulSoup(html, "html.parser").select("pre.cite")}

    assert "<script" not in html and "</pre><" not in html.replace("</pre></div>", "")
    assert r"title = {{50\% of \{x\} \& \$y \#1 \_z \textasciitilde{} \textasciicircum{} \textbackslash{}end " \
           r"</pre><script>alert(1)</script>}}," in texts["bibtex"]
    assert json.loads(texts["csl"])[0]["title"] == hostile
    assert hostile in texts["text"]


def test_bibtex_escape_covers_every_special_character():
    assert cite.bibtex_escape("a\\b{c}%&$#_~^") == \
        r"a\textbackslash{}b\{c\}\%\&\$\#\_\textasciitilde{}\textasciicircum{}"


def test_cite_box_is_one_line_so_markdown_cannot_split_it():
    page = render_site(pipeline.check(SMALL).archive)["claims/rebels-deny-attack.md"]

    line = next(line for line in page.splitlines() if line.startswith('<details class="cite-box"'))
    assert line.endswith("</details>")


@pytest.mark.parametrize("site_url", [None, "https://archive.example.org/"])
def test_the_cite_box_takes_no_id_a_heading_could_take(site_url):
    box = BeautifulSoup(str(cite.cite_box("claims/x/", "A title", "claim", "x", None, site_url)), "html.parser")

    assert box.find_all(id=True) == []


def test_a_page_titled_like_the_cite_box_gives_each_id_once(tmp_path):
    """Markdown gives a page's heading the id its title reads as ("Cite?" is `cite`); the box
    once had that same id, fixed, so such a page gave one id to two elements."""
    import markdown

    root = copy_archive(tmp_path)
    set_dispute_question(root, "Cite?")
    page = render_site(pipeline.check(root).archive)["disputes/thursday-attack.md"]
    body = page.split("\n---\n", 1)[1]  # after the front matter, as MkDocs reads it
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])
    ids = [element["id"] for element in BeautifulSoup(html, "html.parser").find_all(id=True)]

    assert "cite" in ids  # the heading's
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


# --- in a browser -----------------------------------------------------------------------------


@pytest.mark.browser
def test_the_script_fills_in_the_address_and_access_date_and_copies(page, small_site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{small_site_url}/disputes/thursday-attack/")
    page.click("details.cite-box > summary")

    csl = json.loads(page.inner_text('pre.cite[data-format="csl"]'))[0]
    bibtex = page.inner_text('pre.cite[data-format="bibtex"]')
    page.click('button.cite-copy[aria-label="Copy the BibTeX citation"]')

    assert csl["URL"] == f"{small_site_url}/disputes/thursday-attack/"
    assert len(csl["accessed"]["date-parts"][0]) == 3
    assert re.search(r"\n  urldate = \{\d{4}-\d{2}-\d{2}\},\n\}$", bibtex)
    assert page.evaluate("() => navigator.clipboard.readText()") == bibtex
    assert page.inner_text(".cite-status") == "BibTeX citation copied."
