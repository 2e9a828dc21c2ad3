"""Corrections (schema `corrections:` on articles, actors, claims and disputes;
build_scripts/render/corrections.py): a notice on each corrected page and the public log at
/corrections/, newest first. The archive has no correction yet, so a fixture copy gets some."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild
from archive_support import (DISPUTE, MINISTRY_ACTOR, MINISTRY_ARTICLE, MINISTRY_CLAIMS, SMALL, copy_archive,
                             replace)
from build_scripts import pipeline
from build_scripts.render import render_site
from site_check import broken_links, soup

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(2)) *em*"


def correct(root: Path) -> Path:
    """Corrections on one record of each kind, on four different days."""
    replace(root, MINISTRY_ARTICLE, "segments:\n",
            'corrections:\n  - date: "2027-01-10"\n    change: "Outlet basis quoted in full."\n'
            '    reason: "The shorter quote was ambiguous."\nsegments:\n')
    replace(root, MINISTRY_CLAIMS, "    status: contested\n    relations:\n",
            '    status: contested\n    corrections:\n      - date: "2027-03-01"\n'
            '        change: "Claimant changed from the outlet to the ministry."\n'
            '        reason: "The text attributes the figure to the ministry."\n'
            '      - date: "2027-04-02"\n        change: "Event date precision set to day."\n'
            '        reason: "The article is dated."\n    relations:\n')
    replace(root, DISPUTE, "history:\n",
            f'corrections:\n  - date: "2027-02-14"\n    change: "{HOSTILE}"\n    reason: "Testing & <b>escaping</b>"\n'
            "history:\n")
    replace(root, MINISTRY_ACTOR, "type: government-body\n",
            'type: government-body\ncorrections:\n  - date: "2026-12-24"\n    change: "Type corrected."\n'
            '    reason: "It is a ministry."\n')
    return root


def pages_of(root: Path) -> dict[str, str]:
    result = pipeline.check(root)
    assert result.archive is not None, result.report.format()
    return render_site(result.archive)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    return correct(copy_archive(tmp_path_factory.mktemp("corrected")))


@pytest.fixture(scope="module")
def pages(corrected) -> dict[str, str]:
    return pages_of(corrected)


def notice(page: str):
    return BeautifulSoup(page, "html.parser").select_one("aside.correction-notice")


def test_the_fixture_plants_what_the_tests_expect():
    text = (SMALL / MINISTRY_CLAIMS).read_text(encoding="utf-8")
    assert text.count("    status: contested\n    relations:\n") == 1
    assert "type: government-body\n" in (SMALL / MINISTRY_ACTOR).read_text(encoding="utf-8")


@pytest.mark.parametrize("rel, changes", [
    ("articles/ministry-reports-attack.md", ["Outlet basis quoted in full."]),
    ("claims/ministry-up-to-40-killed.md", ["Event date precision set to day.",
                                            "Claimant changed from the outlet to the ministry."]),
    ("disputes/thursday-attack.md", [HOSTILE]),
    ("actors/example-ministry-of-defense.md", ["Type corrected."]),
])
def test_each_corrected_page_shows_a_notice_and_lists_every_correction_newest_first(pages, rel, changes):
    html = BeautifulSoup(pages[rel], "html.parser")
    box = notice(pages[rel])

    assert box is not None, rel
    # The notice is one line: how many, the latest's date, and links to the list and the log.
    title = box.select_one(".correction-title").get_text(" ", strip=True)
    assert title.startswith(f"This record was corrected ({len(changes)} correction"), title
    assert box.select("a")[0]["href"] == "#corrections"
    assert box.select("a")[1]["href"].endswith("corrections/")
    assert box.select_one("time")["datetime"] == html.select_one("ul.correction-list time")["datetime"]
    # The page's Corrections section, which the notice links to, holds each one with its reason.
    assert "\n## Corrections\n" in pages[rel]
    items = html.select("ul.correction-list li")
    assert [li.get_text().split(": ", 1)[1].split(" Reason: ")[0] for li in items] == changes
    assert all(li.time and li.time["datetime"] for li in items)
    assert all(li.select_one(".correction-reason").get_text().startswith("Reason: ") for li in items)


def test_the_notice_comes_first_on_the_page(pages):
    body = pages["claims/ministry-up-to-40-killed.md"].split("\n# ", 1)[1].split("\n\n", 2)
    assert body[1].startswith('<aside class="correction-notice"')


def test_pages_without_corrections_have_no_notice(pages):
    for rel in ["claims/rebels-deny-attack.md", "articles/monitor-says-no-attack.md", "actors/rebel-front.md"]:
        assert notice(pages[rel]) is None, rel


def test_the_corrections_page_lists_every_correction_newest_first(pages):
    rows = BeautifulSoup(pages["corrections.md"], "html.parser").select("tbody tr")

    dates = [row.time["datetime"] for row in rows]
    assert dates == ["2027-04-02", "2027-03-01", "2027-02-14", "2027-01-10", "2026-12-24"]
    records = [row.select("td")[1].get_text(" ", strip=True) for row in rows]
    assert records[0].startswith("claim ") and records[2].startswith("dispute Did an attack")
    assert records[4] == "actor Example Ministry of Defense"
    assert "5 corrections so far." in pages["corrections.md"]


def test_correction_text_is_escaped_everywhere(pages):
    for rel in ("disputes/thursday-attack.md", "corrections.md"):
        html = pages[rel]
        assert "<script>alert(1)" not in html and "<b>escaping" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_corrections_the_page_says_so():
    page = pages_of(SMALL)["corrections.md"]

    assert "No record has been corrected so far." in page and "0 corrections so far." in page
    assert "correction-notice" not in "".join(pages_of(SMALL).values())


@pytest.mark.parametrize("bad, code", [('date: "2027-02-30"', "date"), ('date: "2027-02"', "date"),
                                        ('when: "2027-02-01"', "when")])
def test_a_malformed_correction_is_an_error(tmp_path, bad, code):
    root = copy_archive(tmp_path)
    replace(root, DISPUTE, "history:\n",
            f'corrections:\n  - {bad}\n    change: "x"\n    reason: "y"\nhistory:\n')

    result = pipeline.check(root)

    assert result.archive is None
    assert any(code in d.message or code in str(d) for d in result.report.sorted()), result.report.format()


def test_the_methodology_page_links_the_corrections_page():
    assert "[corrections page](corrections.md)" in pages_of(SMALL)["methodology.md"]


def test_a_site_with_corrections_builds_and_its_links_resolve(corrected, tmp_path):
    project = sitebuild.make_project(corrected, tmp_path / "project")
    run = sitebuild.mkdocs_build(project)
    assert run.returncode == 0, run.stderr
    site = project / "site"

    assert broken_links(site) == []
    rows = soup(site / "corrections" / "index.html").select("tbody tr")
    assert len(rows) == 5
    claim = soup(site / "claims" / "ministry-up-to-40-killed" / "index.html")
    assert claim.select_one("aside.correction-notice")
    # The notice's "What changed and why" reaches the page's Corrections section.
    assert claim.select_one("aside.correction-notice a")["href"] == "#corrections"
    assert claim.find(id="corrections").name == "h2"
