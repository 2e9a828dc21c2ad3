"""Issue 13, trust: who said it, where on the page, and how we know the text.

The model (a claim's place on the page from its article's segments; named, unnamed and the
article's own voices; figures bounded as the source bounds them; dates and facts from outside the
text; the text's checksum and provenance; periods), its checks (statuses against independent
sources, quotes across parts of the page, the checksum) and what the pages say of it, on the
small fixture changed to hold every case. Pages are the generated Markdown (HTML blocks) read with
BeautifulSoup; tests/test_site_build.py and the browser tests see the built site.
"""

from __future__ import annotations

import hashlib
import re
from html import unescape

import pytest
from bs4 import BeautifulSoup

from archive_support import (MINISTRY_ARTICLE, MINISTRY_CLAIMS, MONITOR_ARTICLE, MONITOR_CLAIMS, REBEL_ACTOR,
                             add_unnamed_source_claims, append, check, copy_archive, line_of, linked_archive, only,
                             read, replace, where)
from build_scripts.render import render_site



@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """The small fixture with a headline, an unnamed source relayed by the observatory, the
    article's own voice, a commenter with no claim, periods and an outside fact."""
    root = copy_archive(tmp_path_factory.mktemp("trust"))
    add_unnamed_source_claims(root)
    # A headline printed as the text's first line, marked as a segment; a second commenter who
    # says nothing the archive records.
    replace(root, MINISTRY_ARTICLE, "---\ndate 2020-01-23 advertisement\n",
            "---\nMinistry reports attack near *Town* [A]\n\ndate 2020-01-23 advertisement\n")
    replace(root, MINISTRY_ARTICLE, "segments:\n", "segments:\n  - kind: headline\n    label: \"Headline\"\n"
            "    start: \"Ministry reports attack near *Town* [A]\"\n"
            "    end: \"Ministry reports attack near *Town* [A]\"\n")
    replace(root, MINISTRY_ARTICLE, "This is all lies.\n", "This is all lies.\n\nPat Lurker\n\nFirst!\n")
    replace(root, MINISTRY_ARTICLE, "    author: sam-reader\n", "    author: sam-reader\n  - kind: reader-comment\n"
            "    label: \"Comment\"\n    start: \"Pat Lurker\"\n    end: \"First!\"\n    author: pat-lurker\n")
    (root / "annotations/actors/pat-lurker.yml").write_text("id: pat-lurker\nname: Pat Lurker\ntype: commenter\n",
                                                             encoding="utf-8")
    replace(root, REBEL_ACTOR, "affiliations:\n",
            "description: \"An armed group active in the north.\"\ndescription_period:\n  start: \"2019\"\n"
            "  end: \"2020-03\"\n  basis: \"As the monitor describes it in January 2020\"\naffiliations:\n")
    return root


@pytest.fixture(scope="module")
def pages(root):
    return render_site(linked_archive(root))


def html(pages: dict[str, str], rel: str) -> BeautifulSoup:
    return BeautifulSoup(pages[rel], "html.parser")


def text(pages: dict[str, str], rel: str) -> str:
    return " ".join(html(pages, rel).get_text(" ").split())


def meta(pages: dict[str, str], rel: str) -> dict[str, str]:
    """The first meta card's rows: term → its text."""
    card = html(pages, rel).find(class_="meta-card")
    return {dt.get_text(" ", strip=True): tidy(dt.find_next_sibling("dd").get_text(" ")) for dt in card.find_all("dt")}


def tidy(words: str) -> str:
    """Text as read: one space between words, none before punctuation."""
    return re.sub(r" ([,.;:])", r"\1", " ".join(words.split()))


def heading(pages: dict[str, str], rel: str) -> str:
    """The page's title: its Markdown heading."""
    line = next(line[2:] for line in pages[rel].splitlines() if line.startswith("# "))
    return unescape(re.sub(r"\\(.)", r"\1", line))  # as Markdown shows it


def test_the_fixture_checks_clean(root):
    result = check(root)
    assert not result.report.items, result.report.format()


# --- where on the page ----------------------------------------------------------------------------


def test_a_reader_comment_claim_says_so_and_is_not_reported_by_the_outlet(pages):
    rows = meta(pages, "claims/reader-says-lies.md")

    assert "reader comment" in rows["Where on the page"]
    assert "Written by Sam Reader in the comments under the article: the commenter's words, not the outlet's." \
        in rows["Where on the page"]
    assert "Reported by" not in rows
    assert rows["Published"].startswith("As a reader comment under Daily Example, in")
    assert heading(pages, "claims/reader-says-lies.md").startswith("Sam Reader (reader comment) asserts:")


def test_a_body_claim_says_it_is_the_articles_own_text_and_keeps_its_reported_by(pages):
    rows = meta(pages, "claims/ministry-up-to-40-killed.md")

    assert rows["Where on the page"] == "The article's own text, written or published by the outlet."
    assert rows["Reported by"].startswith("Daily Example, in")
    assert not html(pages, "claims/ministry-up-to-40-killed.md").find(class_="where-badge")


def test_every_table_of_claims_marks_a_reader_comment(pages):
    for rel in ("claims/index.md", "articles/ministry-reports-attack.md", "actors/sam-reader.md"):
        rows = [tr for tr in html(pages, rel).find_all("tr") if "This is all lies" in tr.get_text()]
        assert rows, rel
        for tr in rows:
            badge = tr.find(class_="where-badge")
            assert badge is not None and badge.get_text() == "reader comment", rel
            assert "not written by the outlet" in badge["title"]
    others = [tr for tr in html(pages, "claims/index.md").find_all("tr") if "up to 40 soldiers" in tr.get_text()]
    assert others and not others[0].find(class_="where-badge")


def test_the_dispute_page_marks_a_reader_comment_side_and_the_article_badge_names_it(pages):
    page = html(pages, "articles/ministry-reports-attack.md")
    refs = {a.get_text(): a["title"] for a in page.find_all("a", class_="claim-ref")}

    assert any(label.startswith("Claim") and "Sam Reader (reader comment) asserts" in label for label in refs.values())


def test_a_headline_is_shown_in_place_marked_as_the_outlets_words(pages):
    page = html(pages, "articles/ministry-reports-attack.md")
    headline = page.find("div", class_="segment-headline")

    assert headline is not None and headline.find_parent("details") is None
    assert "Ministry reports attack near *Town* [A]" in headline.get_text()
    assert "the outlet's words, not the article body" in headline.get_text()
    assert next(d.find("summary").get_text() for d in page.find_all("details", class_="segment")).startswith("Date")


# --- voices -----------------------------------------------------------------------------------------


def test_an_unnamed_source_is_shown_in_the_texts_words_with_its_relay_chain(pages):
    rel = "claims/local-sources-fighters-killed.md"
    rows = meta(pages, rel)

    assert rows["Claimant"] == "unnamed: “Local sources”"
    assert rows["Reported by"].startswith("Example Observatory → ")
    assert heading(pages, rel).startswith("“Local sources” (unnamed) reports:")
    index = text(pages, "claims/index.md")
    assert "unnamed: “Local sources”" in index


def test_the_articles_own_voice_is_named_as_such_never_as_unknown(pages):
    rows = meta(pages, "claims/monitor-air-strikes-recorded.md")

    assert rows["Claimant"] == "the article's own voice"
    assert heading(pages, "claims/monitor-air-strikes-recorded.md").startswith("The article's own voice asserts:")


# --- figures, dates, outside facts -----------------------------------------------------------------


def test_figures_show_their_bounds_as_the_source_gives_them_and_who_they_count(pages):
    table = html(pages, "claims/local-sources-fighters-killed.md").find("table")
    cells = [td.get_text(" ", strip=True) for td in table.find("tbody").find("tr").find_all("td")]

    assert cells[0] == "killed" and cells[1] == "fighters"
    assert cells[2].startswith("non state fighters")
    assert cells[3] == "more than 12 and fewer than 20"
    ministry = html(pages, "claims/ministry-up-to-40-killed.md").find("table").find("tbody").find_all("td")
    assert ministry[3].get_text() == "up to 40"


def test_a_date_from_outside_the_text_is_marked_and_says_what_it_rests_on(pages):
    rows = meta(pages, "claims/local-sources-fighters-killed.md")

    assert rows["Statement made"].startswith("January 2020 (month precision) from outside the text")
    assert "Outside the text: The month the observatory's report came out, from its own archive" \
        in rows["Statement made"]
    assert "from outside the text" not in meta(pages, "claims/ministry-up-to-40-killed.md")["Event date"]


def test_facts_from_outside_the_text_are_a_section_of_their_own_with_their_source(pages):
    page = html(pages, "claims/local-sources-fighters-killed.md")
    box = page.find(class_="outside-facts")

    assert box is not None
    assert "The observatory's own report gives 14 killed." in box.get_text()
    assert box.find(class_="outside-source").get_text() == "Source: Example Observatory, monthly report, January 2020"
    assert "## From outside the text" in pages["claims/local-sources-fighters-killed.md"]


# --- provenance --------------------------------------------------------------------------------------


def test_an_article_says_how_the_archive_holds_its_text(root, pages):
    body = read(root, MINISTRY_ARTICLE).split("\n---\n", 1)[1]
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    card = html(pages, "articles/ministry-reports-attack.md").find(class_="provenance")
    rows = {dt.get_text(): " ".join(dt.find_next_sibling("dd").get_text(" ").split()) for dt in card.find_all("dt")}

    assert rows["Stored as"].startswith("articles/ministry-reports-attack.md")
    assert rows["SHA-256 of the text"].startswith(sha)
    assert "No checksum is recorded" in rows["SHA-256 of the text"]
    assert rows["Original address"] == "not known A test fixture: it has no original page."
    assert rows["Captured"] == "not recorded" and rows["Archived copy"] == "none known"
    assert "Seed" not in rows


def test_a_recorded_checksum_is_checked_and_a_changed_text_is_text001(tmp_path):
    root = copy_archive(tmp_path)
    body = read(root, MONITOR_ARTICLE).split("\n---\n", 1)[1]
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    replace(root, MONITOR_ARTICLE, "language: en\n", f"sha256: \"{sha}\"\nlanguage: en\n")
    assert not check(root).report.items

    replace(root, MONITOR_ARTICLE, "about 400 air strikes", "about 500 air strikes")

    found = only(check(root), "TEXT001")
    assert where(found) == (MONITOR_ARTICLE, line_of(root, MONITOR_ARTICLE, "sha256:"))
    changed = hashlib.sha256(read(root, MONITOR_ARTICLE).split("\n---\n", 1)[1].encode("utf-8")).hexdigest()
    assert changed in found.hint


def test_an_unknown_address_without_a_reason_is_text002(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, MONITOR_ARTICLE, "provenance_note: \"A test fixture: it has no original page.\"\n", "")

    found = only(check(root), "TEXT002")
    assert (where(found), found.severity) == ((MONITOR_ARTICLE, 7), "warning")


# --- actors ------------------------------------------------------------------------------------------


def test_a_commenter_with_no_claim_gets_no_page_and_is_named_without_a_link(pages):
    assert "actors/pat-lurker.md" not in pages
    assert "actors/sam-reader.md" in pages
    index = html(pages, "actors/index.md")
    row = next(tr for tr in index.find_all("tr") if "Pat Lurker" in tr.get_text())
    assert row.find("a") is None


def test_a_description_says_when_it_holds(pages):
    assert "Holds: 2019 – March 2020; As the monitor describes it in January 2020" in \
        meta(pages, "actors/rebel-front.md")["Description"]


# --- checks ------------------------------------------------------------------------------------------


def test_a_quote_running_from_the_text_into_a_comment_is_quote004(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, MINISTRY_CLAIMS, 'quote: "This is all lies."', 'quote: "Thursday.”\\n\\nSam Reader"')

    found = only(check(root), "QUOTE004")
    assert found.position.path == MINISTRY_CLAIMS and "'Comment'" in found.message


def test_an_unnamed_source_not_in_the_text_is_quote005(tmp_path):
    root = copy_archive(tmp_path)
    append(root, MONITOR_CLAIMS, "  - id: officials-said\n    quote: \"about 400 air strikes were recorded\"\n"
                                 "    claimant: null\n    unnamed_source: \"Western officials\"\n    role: reports\n"
                                 "    status: unverified\n")

    found = only(check(root), "QUOTE005")
    assert "'Western officials'" in found.message


def test_a_printed_headline_not_marked_is_seg005(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, MINISTRY_ARTICLE, "---\ndate 2020-01-23 advertisement\n",
            "---\nMinistry reports attack near *Town* [A]\n\ndate 2020-01-23 advertisement\n")

    found = only(check(root), "SEG005")
    assert (where(found), found.severity) == ((MINISTRY_ARTICLE, 3), "warning")


def test_a_comment_attributed_to_someone_else_is_cons007(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, MINISTRY_CLAIMS, "    quote: \"This is all lies.\"\n    claimant: sam-reader",
            "    quote: \"This is all lies.\"\n    claimant: rebel-front")

    found = only(check(root), "CONS007")
    assert found.severity == "warning" and "'sam-reader'" in found.message


# --- statuses follow from relations -------------------------------------------------------------------


def _status_codes(root) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in check(root).report.sorted() if d.code == "CONS001"]


def test_a_reader_comment_alone_does_not_make_a_claim_contested(tmp_path):
    root = copy_archive(tmp_path)
    # The ministry's claim, contested by the rebels and the observatory; take them out of the
    # dispute and the relation, and put the reader's comment against it.
    replace(root, MINISTRY_CLAIMS, "    relations:\n      - type: contradicts\n        claim: rebels-deny-attack\n", "")
    replace(root, "annotations/disputes/thursday-attack.yml", "claims: [rebels-deny-attack, observatory-no-attack]",
            "claims: [reader-says-lies]")
    replace(root, MINISTRY_CLAIMS, "event: thursday-attack-on-government-forces\n    status: contested",
            "event: thursday-attack-on-government-forces\n    status: unverified")
    replace(root, MONITOR_CLAIMS, "status: contested", "status: unverified")
    replace(root, MINISTRY_CLAIMS, "role: asserts\n    status: unverified", "role: asserts\n    status: contested")

    found = _status_codes(root)
    assert [m for _, m in found if "ministry-up-to-40-killed" in m] == [
        "claim 'ministry-up-to-40-killed' is 'contested' but only claim 'reader-says-lies' disagrees with it"]


def test_corroboration_needs_an_independent_source(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, MONITOR_CLAIMS, "status: contested", "status: corroborated")
    replace(root, "annotations/disputes/thursday-attack.yml", "claims: [rebels-deny-attack, observatory-no-attack]",
            "claims: [rebels-deny-attack]")

    messages = [m for _, m in _status_codes(root)]
    assert "claim 'observatory-no-attack' is 'corroborated' but no independent source corroborates it" in messages

    append(root, MONITOR_CLAIMS,
           "    relations:\n      - type: partially-corroborates\n        claim: rebels-deny-attack\n")
    assert "claim 'observatory-no-attack' is 'corroborated' but no independent source corroborates it" in \
        [m for _, m in _status_codes(root)], "a partial corroboration does not count"

    replace(root, MONITOR_CLAIMS, "type: partially-corroborates", "type: corroborates")
    assert not [m for _, m in _status_codes(root) if "observatory-no-attack" in m]
    assert re.search(r"'rebels-deny-attack' is 'contested'", " ".join(m for _, m in _status_codes(root))) is None
