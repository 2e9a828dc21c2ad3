"""Rendering: every page generated from the small fixture, compared byte for byte with the
golden copies in tests/golden/small/, plus focused checks of what the pages must contain.

To accept an intended change of the generated pages, regenerate the golden files and review
the diff before committing it:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden.py

With UPDATE_GOLDEN=1 the golden folder is rewritten (stale files removed) and the comparison
test is skipped, so a regeneration run can never pass silently as a check.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitebuild
from archive_support import MONITOR_ARTICLE, SMALL, TESTS, append, copy_archive
from build_scripts import pipeline
from build_scripts.render import render_site

GOLDEN = TESTS / "golden" / "small"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def render(root: Path) -> dict[str, str]:
    result = pipeline.check(root)
    assert result.archive is not None, result.report.format()
    return render_site(result.archive)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render(SMALL)


def golden_files() -> dict[str, bytes]:
    return sitebuild.site_files(GOLDEN)


def test_rendered_pages_match_the_golden_files(pages):
    if UPDATE:
        for stale in set(golden_files()) - set(pages):
            (GOLDEN / stale).unlink()
        for rel, text in pages.items():
            path = GOLDEN / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        pytest.skip("golden files regenerated (UPDATE_GOLDEN=1); review the diff")

    golden = golden_files()
    assert golden, f"no golden files in {GOLDEN}; generate them with UPDATE_GOLDEN=1"
    assert sorted(pages) == sorted(golden), "the set of generated pages changed"
    differing = [rel for rel, text in pages.items() if text.encode("utf-8") != golden[rel]]
    assert differing == [], f"pages differ from tests/golden/small (UPDATE_GOLDEN=1 to accept): {differing}"


def test_small_fixture_renders_the_expected_set_of_pages(pages):
    assert sorted(pages) == [
        "actors/daily-example.md", "actors/example-ministry-of-defense.md", "actors/example-observatory.md",
        "actors/index.md", "actors/rebel-front.md", "actors/sam-reader.md",
        "articles/index.md", "articles/ministry-reports-attack.md", "articles/monitor-says-no-attack.md",
        "claims/index.md", "claims/ministry-up-to-40-killed.md", "claims/observatory-no-attack.md",
        "claims/reader-says-lies.md", "claims/rebels-deny-attack.md",
        "corrections.md",
        "data/actors.csv", "data/affiliations.csv", "data/archive.json", "data/article_segments.csv",
        "data/articles.csv", "data/claim_figures.csv", "data/claim_relations.csv", "data/claim_reporters.csv",
        "data/claim_subjects.csv", "data/claims.csv", "data/corrections.csv", "data/datapackage.json",
        "data/dispute_history.csv", "data/dispute_members.csv", "data/dispute_relations.csv", "data/dispute_sides.csv",
        "data/disputes.csv", "data/event_equipment.csv", "data/event_parties.csv", "data/event_places.csv",
        "data/events.csv", "data/former_ids.csv", "data/index.md", "data/mentions.csv", "data/outside_facts.csv",
        "data/place_mentions.csv", "data/places.csv", "data/places.geojson",
        "disputes/index.md", "disputes/thursday-attack.md",
        "events/index.md", "events/thursday-attack-on-government-forces.md",
        "feed.xml",
        "index.md", "map.md", "methodology.md", "network.md",
        "places/example-province.md", "places/index.md", "places/town-a.md",
        "timeline.md",
    ]


def test_rendering_twice_gives_identical_pages():
    assert render(SMALL) == render(SMALL)


def test_rendering_does_not_depend_on_where_the_archive_lives(tmp_path, pages):
    assert render(copy_archive(tmp_path / "elsewhere")) == pages


# --- the article text block -------------------------------------------------------------------


class _Block(HTMLParser):
    """The inner HTML of the first element with a given class, and the tags inside it."""

    def __init__(self, cls: str):
        super().__init__(convert_charrefs=False)
        self.cls = cls
        self.depth = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.tags.append(tag)
        elif self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def article_text_block(page: str) -> str:
    start = page.index('<div class="article-text"')
    # The block is emitted on one line of its own.
    return page[start:page.index("\n", start)]


def test_article_text_is_one_raw_html_block_on_its_own_paragraph(pages):
    page = pages["articles/ministry-reports-attack.md"]

    block = article_text_block(page)

    assert f"\n\n{block}\n\n" in page
    assert block.endswith("</div>")


def test_markdown_and_html_in_the_article_text_are_shown_literally(tmp_path):
    root = copy_archive(tmp_path)
    append(root, MONITOR_ARTICLE, "\nNear *Town* [A] it cost $5 <script>alert(1)</script> & _more_ `code`.\n")

    block = article_text_block(render(root)["articles/monitor-says-no-attack.md"])

    assert ("Near *Town* [A] it cost $5 &lt;script&gt;alert(1)&lt;/script&gt; &amp; _more_ `code`." in block)
    assert "<script" not in block
    parser = _Block("article-text")
    parser.feed(block)
    assert "script" not in parser.tags


def test_fixture_article_text_keeps_its_special_characters_escaped(pages):
    block = article_text_block(pages["articles/ministry-reports-attack.md"])

    assert "the price was $5 and *important* [sic] &lt;script&gt;alert(1)&lt;/script&gt;." in block
    assert "<script" not in block


def test_claims_are_marked_with_an_anchor_and_a_numbered_badge_linking_to_their_page(pages):
    block = article_text_block(pages["articles/ministry-reports-attack.md"])

    # Each highlight says the status and role that tint it (issue 15: tints chosen by the reader).
    marked = [("ministry-up-to-40-killed", "contested", "asserts"), ("rebels-deny-attack", "contested", "denies"),
              ("reader-says-lies", "unverified", "asserts")]
    for number, (claim_id, status, role) in enumerate(marked, 1):
        assert (f'<span class="claim-anchor" id="claim-{claim_id}"></span>'
                f'<mark class="claim" data-claims="{claim_id}" data-status="{status}" data-role="{role}">') in block
        assert re.search(rf'<sup><a href="\.\./\.\./claims/{claim_id}/" class="claim-ref" title="Claim {number}: '
                         rf'[^"]+">{number}</a></sup>', block), claim_id
    assert block.count('<mark class="claim"') == 3


def test_claim_span_covers_exactly_the_quoted_words(pages):
    block = article_text_block(pages["articles/ministry-reports-attack.md"])

    assert ('<mark class="claim" data-claims="ministry-up-to-40-killed" data-status="contested" data-role="asserts">'
            'up to 40 soldiers were killed in an attack on Thursday</mark>') in block
    assert ('<mark class="claim" data-claims="rebels-deny-attack" data-status="contested" data-role="denies">'
            '\u201cno such attack took place on Thursday.\u201d</mark>') in block


def test_actor_names_in_the_text_link_to_their_actor_pages(pages):
    block = article_text_block(pages["articles/ministry-reports-attack.md"])

    assert ('<a href="../../actors/example-ministry-of-defense/" class="actor-mention" '
            'title="Example Ministry of Defense">ministry</a>') in block
    assert '<a href="../../actors/rebel-front/" class="actor-mention" title="Rebel Front">Rebel Front</a>' in block


def test_segments_are_collapsed_details_labelled_as_not_part_of_the_article(pages):
    block = article_text_block(pages["articles/ministry-reports-attack.md"])

    assert block.count('<details class="segment') == 2
    assert ('<details class="segment segment-page-furniture">'
            '<summary>Date stamp \u2014 not part of the article</summary>') in block
    assert "<details open" not in block and " open>" not in block


def test_reader_comment_is_labelled_with_its_author(pages):
    block = article_text_block(pages["articles/ministry-reports-attack.md"])

    match = re.search(r'<details class="segment segment-reader-comment"><summary>(.*?)</summary>', block)
    assert match, block
    assert match.group(1) == "Reader comment by Sam Reader \u2014 not part of the article"


def test_claim_page_links_back_to_the_claim_in_its_article(pages):
    page = pages["claims/ministry-up-to-40-killed.md"]

    assert ('<a href="../../articles/ministry-reports-attack/#claim-ministry-up-to-40-killed" '
            'class="md-button">Show in the article</a>') in page


def test_claim_page_shows_the_quote_in_its_whole_sentence(pages):
    page = pages["claims/observatory-no-attack.md"]

    assert ('<p class="quote-context">The Example Observatory said <mark>there was no attack on government '
            'forces on Thursday</mark>, but about 400 air strikes were recorded.</p>') in page


def test_generated_pages_carry_their_source_file_for_edit_links(pages):
    assert 'source: "articles/ministry-reports-attack.md"' in pages["articles/ministry-reports-attack.md"]
    assert 'source: "annotations/claims/ministry-reports-attack.yml"' in pages["claims/rebels-deny-attack.md"]
    assert 'source: "annotations/actors/rebel-front.yml"' in pages["actors/rebel-front.md"]
    assert 'source: "annotations/disputes/thursday-attack.yml"' in pages["disputes/thursday-attack.md"]


def test_unknown_values_are_shown_as_not_identified(pages):
    page = pages["articles/monitor-says-no-attack.md"]

    for field in ("Outlet", "Author", "Published"):
        unknown = rf'<dt>{re.escape(field)}</dt>\s*<dd><span class="unknown">not identified</span></dd>'
        assert re.search(unknown, page), field
    # The address is part of how the archive holds the text: unknown, and why.
    assert re.search(r'<dt>Original address</dt>\s*<dd><span class="unknown">not known</span><br><span class="basis">'
                     r'A test fixture: it has no original page.</span></dd>', page)


def test_claim_containing_an_actor_name_is_one_highlight_around_the_actor_link(tmp_path):
    root = copy_archive(tmp_path)
    append(root, "annotations/claims/ministry-reports-attack.yml", """\
  - id: front-denied-reports
    quote: "The Rebel Front denied reports"
    claimant: null
    role: reports
    status: unverified
""")

    block = article_text_block(render(root)["articles/ministry-reports-attack.md"])

    assert ('<span class="claim-anchor" id="claim-front-denied-reports"></span>'
            '<mark class="claim" data-claims="front-denied-reports" data-status="unverified" data-role="reports">The '
            '<a href="../../actors/rebel-front/" class="actor-mention" title="Rebel Front">Rebel Front</a>'
            ' denied reports</mark><sup><a href="../../claims/front-denied-reports/" class="claim-ref"') in block


def test_overlapping_claims_mark_the_shared_words_with_both_ids(tmp_path):
    root = copy_archive(tmp_path)
    append(root, "annotations/claims/ministry-reports-attack.yml", """\
  - id: killed-in-an-attack
    quote: "killed in an attack"
    claimant: null
    role: reports
    status: unverified
""")

    page = render(root)["articles/ministry-reports-attack.md"]
    block = article_text_block(page)

    # The shared words are tinted as the inner claim (here unverified, reported) and say they are nested.
    assert ('<mark class="claim" data-claims="ministry-up-to-40-killed" data-status="contested" data-role="asserts">'
            'up to 40 soldiers were </mark>'
            '<span class="claim-anchor" id="claim-killed-in-an-attack"></span>'
            '<mark class="claim" data-claims="ministry-up-to-40-killed killed-in-an-attack" data-status="unverified" '
            'data-role="reports" data-nested="">killed in an attack</mark>'
            ) in block
    # The legend then explains overlaps; the fixture itself has none, and no such note.
    assert '<p class="highlight-nested">' in page
    assert block.count('id="claim-killed-in-an-attack"') == 1
    assert block.count('href="../../claims/killed-in-an-attack/"') == 1


def test_the_highlight_legend_names_the_articles_statuses_and_roles_in_the_vocabularys_order(pages):
    page = pages["articles/ministry-reports-attack.md"]

    # Without scripts the highlights are tinted by status, and the choice of tint stays hidden.
    assert '<div class="highlight-switch" data-highlight="status"><fieldset class="highlight-choice" hidden>' in page
    assert '<div class="article-text" lang="en" data-highlight="status">' in page
    assert re.findall(r'<span class="hl-swatch" data-status="([^"]+)">\1</span>', page) == ["unverified", "contested"]
    assert re.findall(r'<span class="hl-swatch" data-role="([^"]+)">\1</span>', page) == ["asserts", "denies"]
    assert page.index('<div class="highlight-switch"') < page.index('<div class="article-text"')
    assert "highlight-nested" not in page
