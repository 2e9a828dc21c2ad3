"""The dispute page, rendered from the small fixture: the sides as columns with stable anchors,
each claim quoted in its sentence with claimant, role (its definition on hover), outlet, dates
and status; the figures of every side in one table; the status history; related disputes.
The page as a whole is compared with its golden copy in test_render_golden.py."""

from __future__ import annotations

import re

import pytest

from archive_support import DISPUTE, SMALL, check, copy_archive, replace, write
from build_scripts.render import dispute as dispute_page
from build_scripts.render import render_site

PAGE = "disputes/thursday-attack.md"


def render(root) -> dict[str, str]:
    result = check(root)
    assert result.archive is not None, result.report.format()
    return render_site(result.archive)


@pytest.fixture(scope="module")
def page() -> str:
    return render(SMALL)[PAGE]


def test_each_side_is_a_column_with_an_anchor_its_position_and_who_holds_it(page):
    assert page.count('<section class="dispute-side"') == 2
    assert ('<section class="dispute-side" id="side-2" aria-labelledby="side-2-position"><div class="side-head">'
            '<h2 class="side-position" id="side-2-position"><span class="side-number">Side 2</span> No attack took '
            'place</h2><p class="side-holders">2 claims by <a href="../../actors/rebel-front/">Rebel Front</a>, '
            '<a href="../../actors/example-observatory/">Example Observatory</a></p></div>') in page


def test_each_claim_is_quoted_in_its_sentence_with_the_quote_highlighted(page):
    assert ('<p class="quote-context">The Example Observatory said <mark>there was no attack on government forces '
            'on Thursday</mark>, but about 400 air strikes were recorded.</p>') in page


def test_each_claim_card_has_a_stable_anchor_and_links_to_its_span_and_its_record(page):
    card = re.search(r'<article class="claim-card" id="claim-rebels-deny-attack">.*?</article>', page).group()

    assert ('<a href="../../articles/ministry-reports-attack/#claim-rebels-deny-attack" '
            'title="Ministry reports attack near *Town* [A]">In the article</a>') in card
    assert '<a href="../../claims/rebels-deny-attack/">Claim record</a>' in card


def test_claim_card_gives_claimant_role_with_its_definition_outlet_dates_and_status(page):
    card = re.search(r'<article class="claim-card" id="claim-ministry-up-to-40-killed">.*?</article>', page).group()

    assert ('<strong class="claimant"><a href="../../actors/example-ministry-of-defense/">'
            'Example Ministry of Defense</a></strong>') in card
    assert ('<a href="../../methodology/#attribution-roles" class="role" title="States the claim as fact, in its own '
            'name.">asserts</a>') in card
    assert ('<span class="status-badge status-contested" '
            'title="At least one source in the archive contradicts the claim, or takes another side in a dispute about '
            'it.">') in card
    assert '<a href="../../actors/daily-example/">Daily Example</a>' in card
    assert 'published <time datetime="2020-01-23">23 January 2020</time>' in card
    assert 'event <time datetime="2020-01-23">23 January 2020</time>' in card


def test_unknown_outlet_and_dates_say_not_identified(page):
    card = re.search(r'<article class="claim-card" id="claim-observatory-no-attack">.*?</article>', page).group()

    assert '<span class="unknown">outlet not identified</span>' in card
    assert 'published <span class="unknown">not identified</span>' in card
    assert 'event <span class="unknown">not identified</span>' in card


def test_a_claim_from_a_reader_comment_says_so(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, DISPUTE, "claims: [rebels-deny-attack, observatory-no-attack]",
            "claims: [rebels-deny-attack, observatory-no-attack, reader-says-lies]")
    replace(root, "annotations/claims/ministry-reports-attack.yml", "status: unverified\n    note:",
            "status: contested\n    note:")

    page = render(root)[PAGE]

    card = re.search(r'<article class="claim-card" id="claim-reader-says-lies">.*?</article>', page).group()
    assert ('<strong class="claimant"><a href="../../actors/sam-reader/">Sam Reader</a></strong> '
            '<span class="where-badge where-reader-comment"') in card
    assert 'Reader comment under an article of <a href="../../actors/daily-example/">Daily Example</a>' in card


def test_status_is_dated_and_defined_with_a_link_to_every_definition(page):
    assert ('<p class="dispute-status"><span class="status-badge status-open" title="The sources in the archive '
            'disagree and none of them settles the question.">open</span> since <time datetime="2026-11-23">'
            '23 November 2026</time>') in page
    assert '<a href="../../methodology/#vocabularies">What the statuses and roles mean</a>' in page
    assert "## Status history" in page


def test_figures_of_every_side_are_in_one_table_by_measure_with_their_side(page):
    table = page[page.index("## Figures compared"):page.index("## Status history")]
    headers = re.findall(r"<th>(.*?)</th>", table)
    rows = [re.findall(r"<td>(.*?)</td>", row, re.DOTALL) for row in re.findall(r"<tr><td>.*?</tr>", table, re.DOTALL)]

    assert headers == ["Measure", "Side", "Source", "Number", "Counted", "Who", "Claim"]
    assert [(r[0], r[1], r[3], r[4], re.sub(r"<.*?>", "", r[5])) for r in rows] == [
        ("killed", '<a href="#side-1">Side 1</a>', "up to 40", "soldiers",
         "state forces Soldiers or other personnel of a state&#x27;s armed forces or security services."),
        ("strikes", '<a href="#side-2">Side 2</a>', "about 400", "air strikes", "–"),
    ]


def test_related_disputes_are_listed_with_their_status(tmp_path):
    root = copy_archive(tmp_path)
    write(root, "annotations/disputes/other-question.yml", """\
id: other-question
question: "Were air strikes recorded on Thursday?"
status: open
sides:
  - position: "Yes"
    claims: [observatory-no-attack]
  - position: "No"
    claims: [rebels-deny-attack]
history:
  - date: "2026-11-24"
    status: open
    note: "Recorded."
related: [thursday-attack]
""")

    page = render(root)[PAGE]

    assert "## Related disputes" in page
    assert ('<a href="../other-question/">Were air strikes recorded on Thursday?</a> '
            '<span class="status-badge status-open"') in page


def test_text_from_the_data_is_escaped_everywhere_on_the_page(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, DISPUTE, 'position: "No attack took place"', 'position: "No <script>alert(1)</script> & \\"x\\""')

    page = render(root)[PAGE]

    assert "<script>" not in page
    assert "No &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in page


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, "short"),
    ("one two three four five six", 13, "four five six"),
    ("one two three four five six", 12, "five six"),
    ("one two three four five six", 14, "four five six"),
])
def test_context_before_a_quote_is_cut_at_a_word(text, limit, expected):
    result = dispute_page._trim_left(text, limit)

    assert result.removeprefix("…") == expected
    assert result.startswith("…") == (text != expected)


def test_context_after_a_quote_is_cut_at_a_word():
    assert dispute_page._trim_right(", which recently lost a conflict for money", 20) == ", which recently…"
    assert dispute_page._trim_right(" short.", 20) == " short."
    assert dispute_page._trim_right(", which recently lost", 16) == ", which recently…"
