"""The home page (build_scripts/render/home.py, generated at the site root): the open disputes
with each side and its count of claims, the latest additions and corrections, the archive's
counts, and how to cite and contribute; every list from recorded dates, newest first, ties by
id, cut after a few entries; every value escaped; an empty archive gets a page too."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

import sitebuild
from archive_support import (DISPUTE, MINISTRY_ARTICLE, MINISTRY_CLAIMS, MONITOR_ARTICLE, SMALL, TESTS,
                             copy_archive, copy_in_order, linked_archive, replace, write)
from build_scripts import depends, pipeline
from build_scripts.render import PagePlan, home, render_site
from site_check import broken_links

HOSTILE_FIXTURE = TESTS / "fixtures" / "hostile"
PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>[x](javascript:alert(3)){onclick=alert(4)}"


def home_page(root: Path, repo_url: str | None = None) -> str:
    return home.render(linked_archive(root), repo_url)


def html(page: str) -> BeautifulSoup:
    """The page as MkDocs makes it: Markdown with the site's extensions, then parsed."""
    body = page.split("\n---\n", 1)[1]
    return BeautifulSoup(markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables"]), "html.parser")


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(e.get_text().split()) for e in soup.select(selector)]


def add_dispute(root: Path, ident: str, question: str, history: str, status: str = "open") -> None:
    write(root, f"annotations/disputes/{ident}.yml",
          f'id: {ident}\nquestion: "{question}"\nstatus: {status}\nsides:\n'
          '  - position: "Soldiers were killed"\n    claims: [ministry-up-to-40-killed]\n'
          '  - position: "Nothing happened"\n    claims: [observatory-no-attack]\n'
          f"history:\n{history}")


def open_history(day: str) -> str:
    return f'  - date: "{day}"\n    status: open\n    note: "Recorded."\n'


def added(root: Path, rel: str, day: str) -> None:
    replace(root, rel, "language: en\n", f'added: "{day}"\nlanguage: en\n')


def test_the_home_page_is_generated_at_the_site_root_and_reads_every_file():
    archive = linked_archive(SMALL)
    plan = PagePlan(archive)

    assert home.PATH == "index.md" and home.PATH in dict(plan.pages())
    assert not (TESTS.parent / "docs" / "index.md").exists(), "a hand-written docs/index.md would collide (SITE001)"
    read = plan.inputs(home.PATH)
    assert read == depends.home_page(archive)
    assert {MINISTRY_ARTICLE, MINISTRY_CLAIMS, DISPUTE, "annotations/actors/rebel-front.yml"} <= read
    assert home.PATH in plan.all_inputs() and home.PATH in plan.summary_paths()


def test_each_open_dispute_is_listed_with_its_status_and_each_side_with_its_count_of_claims():
    soup = html(home_page(SMALL))

    [item] = soup.select(".home-disputes > li")
    question = item.find("a")
    assert question["href"] == "disputes/thursday-attack/"
    assert question.get_text() == "Did an attack on government forces take place on Thursday?"
    assert item.select_one(".status-badge").get_text() == "open"
    assert texts(item, ".home-side") == ["An attack took place and killed soldiers (1 claim)",
                                         "No attack took place (2 claims)"]
    assert "versus" in item.select_one(".home-sides").get_text()


def test_open_disputes_come_most_recently_updated_first_ties_by_id_and_resolved_ones_are_left_out(tmp_path):
    root = copy_archive(tmp_path)
    add_dispute(root, "zz-later", "Later?", open_history("2027-01-05"))
    add_dispute(root, "aa-same-day", "Same day?", open_history("2026-11-23"))
    add_dispute(root, "settled", "Settled?",
                open_history("2026-11-23") + '  - date: "2027-02-01"\n    status: resolved\n    note: "Settled."\n',
                status="resolved")

    soup = html(home_page(root))

    assert [li.find("a")["href"] for li in soup.select(".home-disputes > li")] == [
        "disputes/zz-later/", "disputes/aa-same-day/", "disputes/thursday-attack/"]
    assert texts(soup, ".home-counts") == ["2 articles · 4 claims · 5 actors · 4 disputes, 3 open · 2 places (map)"]


def test_only_the_first_open_disputes_are_shown_with_a_link_to_all(tmp_path, monkeypatch):
    root = copy_archive(tmp_path)
    add_dispute(root, "zz-later", "Later?", open_history("2027-01-05"))
    monkeypatch.setattr(home, "SHOWN_DISPUTES", 1)

    soup = html(home_page(root))

    assert [li.find("a")["href"] for li in soup.select(".home-disputes > li")] == ["disputes/zz-later/"]
    more = soup.select_one(".home-more")
    assert "The 1 most recently updated of 2 open disputes." in more.get_text()
    assert more.find("a")["href"] == "disputes/"


def test_a_long_position_is_cut_on_the_home_page(tmp_path):
    root = copy_archive(tmp_path)
    replace(root, DISPUTE, '"No attack took place"', '"' + "No attack took place " * 10 + '"')

    sides = texts(html(home_page(root)), ".home-side")

    assert sides[1].startswith("No attack took place No attack") and sides[1].endswith("… (2 claims)")
    assert len(sides[1]) <= home.POSITION_LENGTH + len(" (2 claims)")


def test_counts_of_the_small_fixture():
    soup = html(home_page(SMALL))

    assert texts(soup, ".home-counts") == ["2 articles · 4 claims · 5 actors · 1 dispute, 1 open · 2 places (map)"]
    assert [a["href"] for a in soup.select(".home-counts a")] == ["articles/", "claims/", "actors/", "disputes/",
                                                                   "places/", "map/"]


def test_latest_additions_newest_first_ties_by_id_undated_left_out(tmp_path, monkeypatch):
    root = copy_archive(tmp_path)
    assert texts(html(home_page(root)), ".empty")[0] == \
        "None of the articles records the day it was added to the archive."
    added(root, MINISTRY_ARTICLE, "2026-11-23")

    assert [a["href"] for a in html(home_page(root)).select(".home-latest a")] == [
        "articles/ministry-reports-attack/", "actors/daily-example/"]  # the monitor's has no `added`: left out

    added(root, MONITOR_ARTICLE, "2026-12-01")
    soup = html(home_page(root))
    items = texts(soup, ".home-latest > li")
    assert items == ["1 December 2026: Monitor says no attack took place",  # no outlet: none shown
                     "23 November 2026: Ministry reports attack near *Town* [A] (Daily Example)"]
    assert soup.select_one(".home-latest time")["datetime"] == "2026-12-01"

    replace(root, MONITOR_ARTICLE, 'added: "2026-12-01"', 'added: "2026-11-23"')  # the same day: by id
    assert [li.find("a")["href"] for li in html(home_page(root)).select(".home-latest > li")] == [
        "articles/ministry-reports-attack/", "articles/monitor-says-no-attack/"]

    monkeypatch.setattr(home, "SHOWN_ARTICLES", 1)
    assert len(html(home_page(root)).select(".home-latest > li")) == 1


def correct(root: Path) -> None:
    replace(root, MINISTRY_ARTICLE, "segments:\n",
            'corrections:\n  - date: "2027-01-10"\n    change: "Outlet basis quoted in full."\n'
            '    reason: "The shorter quote was ambiguous."\nsegments:\n')
    replace(root, DISPUTE, "history:\n",
            'corrections:\n  - date: "2027-02-14"\n    change: "Question reworded."\n    reason: "Clearer."\n'
            "history:\n")


def test_latest_corrections_newest_first_linking_the_log(tmp_path, monkeypatch):
    assert "No record has been corrected so far." in texts(html(home_page(SMALL)), ".empty")[-1]
    root = copy_archive(tmp_path)
    correct(root)

    soup = html(home_page(root))

    corrections = soup.find("h2", string="Latest corrections").find_next("ul")
    assert texts(corrections, "li") == [
        "14 February 2027: dispute Did an attack on government forces take place on Thursday?: Question reworded.",
        "10 January 2027: article Ministry reports attack near *Town* [A]: Outlet basis quoted in full."]
    assert [a["href"] for a in corrections.select("a")] == ["disputes/thursday-attack/",
                                                           "articles/ministry-reports-attack/"]
    assert corrections.find_next("p").find("a")["href"] == "corrections/"
    monkeypatch.setattr(home, "SHOWN_CORRECTIONS", 1)
    assert len(html(home_page(root)).find("h2", string="Latest corrections").find_next("ul").select("li")) == 1


def test_how_to_cite_and_contribute():
    plain = html(home_page(SMALL))
    linked = html(home_page(SMALL, "https://example.invalid/repo/"))

    cite = plain.find("h2", string="How to cite").find_next("p")
    assert cite.find("a")["href"] == "methodology.md#citing-the-archive"
    contribute = plain.find("h2", string="How to contribute").find_next("p")
    assert "CONTRIBUTING.md" in contribute.get_text() and contribute.find("a") is None
    link = linked.find("h2", string="How to contribute").find_next("p").find("a")
    assert link["href"] == "https://example.invalid/repo/blob/main/CONTRIBUTING.md"
    assert home.contributing_url("javascript:alert(1)") is None


def test_every_value_is_escaped(tmp_path):
    root = copy_archive(tmp_path, HOSTILE_FIXTURE)
    added(root, MINISTRY_ARTICLE, "2026-11-23")
    replace(root, DISPUTE, "history:\n",
            f'corrections:\n  - date: "2027-02-14"\n    change: "{PAYLOAD}"\n    reason: "x"\nhistory:\n')
    page = home_page(root, 'https://example.invalid/repo"><script>alert(5)</script>')

    soup = html(page)

    assert not soup.find_all(["img", "script"])
    assert not [e for e in soup.find_all(True) if any(name.startswith("on") for name in e.attrs)]
    assert not [a for a in soup.find_all("a") if "javascript" in a.get("href", "")]
    text = soup.get_text()
    assert "Question <img src=x onerror=alert(1)><script>alert(2)</script>" in text  # the dispute's question
    assert "Ministry <img src=x onerror=alert(1)>" in text  # the latest article's title
    assert PAYLOAD in text  # the correction's change


def test_an_empty_archive_has_a_home_page(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    result = pipeline.check(root)
    assert result.archive is not None, result.report.format()

    soup = html(render_site(result.archive)[home.PATH])

    assert texts(soup, ".home-counts") == ["0 articles · 0 claims · 0 actors · 0 disputes, 0 open · 0 places (map)"]
    assert texts(soup, ".empty") == ["No dispute has been recorded yet.", "No article has been added yet.",
                                     "No record has been corrected so far. How corrections are made"]


def test_the_home_page_does_not_depend_on_the_order_files_are_read_in(tmp_path):
    forward = copy_in_order(tmp_path / "forward")
    backward = copy_in_order(tmp_path / "backward", reverse=True)
    for root in (forward, backward):
        add_dispute(root, "aa-same-day", "Same day?", open_history("2026-11-23"))
        added(root, MINISTRY_ARTICLE, "2026-11-23")
        added(root, MONITOR_ARTICLE, "2026-11-23")
        correct(root)

    assert home_page(forward) == home_page(backward)


@pytest.mark.slow
def test_every_link_of_the_built_home_page_resolves(tmp_path):
    root = copy_archive(tmp_path / "archive")
    added(root, MINISTRY_ARTICLE, "2026-11-23")
    correct(root)
    project = sitebuild.make_project(root, tmp_path / "project")

    run = sitebuild.mkdocs_build(project)

    assert run.returncode == 0, run.stdout + run.stderr
    site = project / "site"
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    content = page.select_one("article.md-content__inner")
    hrefs = {a["href"] for a in content.select("a[href]") if not a["href"].startswith("#")}
    assert {"articles/", "disputes/thursday-attack/", "articles/ministry-reports-attack/", "corrections/",
            "methodology/#citing-the-archive"} <= hrefs
    assert [str(p) for p in broken_links(site) if p.page == "index.html"] == []
    assert page.find("h1").get_text().rstrip("¶") == "Idlib Conflict Reporting Archive"
    assert page.find(id="citing-the-archive") is None
    methodology = BeautifulSoup((site / "methodology" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert methodology.find(id="citing-the-archive") is not None
