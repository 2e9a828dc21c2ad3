"""The Atom feed (build_scripts/render/feed.py) at /feed.xml: well-formed XML with the elements
RFC 4287 requires, dated only from the data, and linked from the index pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from archive_support import MINISTRY_ARTICLE, REPO, SMALL, copy_archive, linked_archive, replace, set_dispute_question
from build_scripts.render import feed, render_site
from site_check import soup

ATOM = "{http://www.w3.org/2005/Atom}"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")  # RFC 3339, as Atom requires


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    return root


def texts(element: ET.Element, name: str) -> list[str]:
    return [child.text or "" for child in element.findall(f"{ATOM}{name}")]


def check_atom(root: ET.Element) -> None:
    """The requirements of RFC 4287 §4.1.1 (feed) and §4.1.2 (entry) that a validator checks."""
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert STAMP.match(texts(root, "updated")[0])
    assert root.findall(f"{ATOM}author"), "a feed whose entries have no author needs one"
    assert [link.get("rel") for link in root.findall(f"{ATOM}link")].count("self") == 1
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        for name in ("updated", "published"):
            assert all(STAMP.match(t) for t in texts(entry, name)), name
        assert any(link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link"))
        assert entry.findall(f"{ATOM}summary") or entry.findall(f"{ATOM}content")
        ids.append(texts(entry, "id")[0])
    assert len(ids) == len(set(ids))
    assert all(i.startswith("urn:uuid:") for i in ids)


def test_the_real_feed_is_valid_atom_with_every_article_and_dispute():
    archive = linked_archive(REPO)

    root = parse(feed.render(archive))

    check_atom(root)
    entries = root.findall(f"{ATOM}entry")
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert links == {a.url for a in archive.articles.values()} | {d.url for d in archive.disputes.values()}
    assert len(entries) == 16


def test_dates_come_from_the_data():
    archive = linked_archive(REPO)
    root = parse(feed.render(archive))

    by_link = {e.find(f"{ATOM}link").get("href"): e for e in root.findall(f"{ATOM}entry")}
    for article in archive.articles.values():
        assert texts(by_link[article.url], "published") == [f"{article.meta.added}T00:00:00Z"]
    for dispute in archive.disputes.values():
        entry = by_link[dispute.url]
        assert texts(entry, "published") == [f"{dispute.data.history[0].date}T00:00:00Z"]
        assert texts(entry, "updated") == [f"{dispute.data.history[-1].date}T00:00:00Z"]
    assert texts(root, "updated") == ["2026-12-04T00:00:00Z"]


def test_the_article_publication_date_is_given_with_its_precision_in_the_summary():
    root = parse(feed.render(linked_archive(REPO)))
    summaries = {e.find(f"{ATOM}link").get("href"): texts(e, "summary")[0] for e in root.findall(f"{ATOM}entry")}

    assert "first published 2020 (year precision)" in summaries["articles/turkey-ups-pressure-russia-strikes-idlib/"]
    assert "publication date not identified" in summaries["articles/trumba-apc-attack-three-russians-wounded/"]
    assert "outlet not identified" in summaries["articles/trumba-apc-attack-three-russians-wounded/"]
    assert "Newsweek, first published 27 November 2024 (day precision)" in \
        summaries["articles/aleppo-rebel-offensive-russian-forces-attacked/"]


def test_an_article_without_an_added_date_is_left_out_rather_than_dated_by_a_guess():
    root = parse(feed.render(linked_archive(SMALL)))  # the small fixture's articles have no `added`

    check_atom(root)
    assert [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")] == ["disputes/thursday-attack/"]


def test_entries_are_newest_first_and_a_correction_updates_its_entry(tmp_path):
    root_dir = copy_archive(tmp_path)
    replace(root_dir, MINISTRY_ARTICLE, "language: en\n", 'added: "2027-02-01"\nlanguage: en\n')
    replace(root_dir, "annotations/disputes/thursday-attack.yml", "history:\n",
            'corrections:\n  - date: "2027-03-05"\n    change: "Question reworded."\n    reason: "Neutral wording."\n'
            "history:\n")

    root = parse(feed.render(linked_archive(root_dir)))

    check_atom(root)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == ["disputes/thursday-attack/",
                                                                     "articles/ministry-reports-attack/"]
    assert texts(entries[0], "updated") == ["2027-03-05T00:00:00Z"]
    assert texts(entries[0], "published") == ["2026-11-23T00:00:00Z"]
    assert texts(root, "updated") == ["2027-03-05T00:00:00Z"]


def test_hostile_text_is_escaped_and_the_feed_still_parses(tmp_path):
    root_dir = copy_archive(tmp_path)
    hostile = "A & B <b>bold</b> ]]> \"q\" 'a' </title><entry>"
    set_dispute_question(root_dir, hostile)

    root = parse(feed.render(linked_archive(root_dir)))

    assert len(root.findall(f"{ATOM}entry")) == 1
    assert texts(root.find(f"{ATOM}entry"), "title") == [hostile]


def test_characters_xml_cannot_carry_are_dropped():
    assert feed.clean("a\x0bb\x00c\ufffe <") == "abc <"
    assert feed.clean('x"\x01') == 'x"'


def test_the_feed_is_deterministic_and_reads_no_clock(monkeypatch):
    first = feed.render(linked_archive(REPO))
    import time

    monkeypatch.setattr(time, "time", lambda: 0.0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert feed.render(linked_archive(REPO)) == first


def test_no_dated_record_no_feed(tmp_path):
    archive = linked_archive(SMALL)
    archive.disputes.clear()

    assert feed.render(archive) is None
    assert "feed.xml" not in render_site(archive)


# --- the built site ---------------------------------------------------------------------------


def test_the_site_serves_the_feed_and_index_pages_link_it(small_site):
    check_atom(parse((small_site / "feed.xml").read_text(encoding="utf-8")))
    for index in ("articles", "disputes"):
        page = soup(small_site / index / "index.html")
        # The index's own link in its text, and the footer's, which every page has.
        links = page.select('.md-content a[type="application/atom+xml"]')
        assert [a["href"] for a in links] == ["../feed.xml"], index
        assert [a["href"] for a in page.select('.md-footer a[type="application/atom+xml"]')] == ["../feed.xml"]


def test_feed_links_resolve_to_pages_of_the_site(small_site):
    root = parse((small_site / "feed.xml").read_text(encoding="utf-8"))

    for link in root.iter(f"{ATOM}link"):
        href = link.get("href")
        target = small_site / href
        assert (target / "index.html").is_file() if href.endswith("/") else target.is_file(), href


def test_every_page_names_the_feed_for_auto_discovery(small_site):
    for page_path in ("index.html", "claims/index.html", "disputes/thursday-attack/index.html"):
        page = soup(small_site / page_path)
        alternates = page.select('head link[rel="alternate"][type="application/atom+xml"]')
        assert len(alternates) == 1, page_path
        target = (small_site / page_path).parent / alternates[0]["href"]
        assert target.resolve() == (small_site / "feed.xml").resolve(), page_path
        assert alternates[0]["title"].endswith(": new articles and disputes")
