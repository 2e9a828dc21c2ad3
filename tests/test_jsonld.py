"""schema.org JSON-LD on article and claim pages (build_scripts/render/jsonld.py): parsed from
the built pages and expanded with PyLD; only known values stated; hostile text stays data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pyld import jsonld

import sitebuild
from archive_support import MINISTRY_ARTICLE, REPO, copy_archive, replace
from build_scripts import pipeline

SCHEMA = "https://schema.org/"


def offline_loader(url, options=None):
    """schema.org's context, reduced to what it does for these documents: terms are schema.org
    IRIs. The real context is not fetched: tests contact no other host."""
    if url.rstrip("/") != "https://schema.org":
        raise AssertionError(f"unexpected remote context {url}")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def blocks(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [json.loads(s.get_text()) for s in soup.find_all("script", type="application/ld+json")]


def one(page: Path) -> dict:
    found = blocks(page)
    assert len(found) == 1, page
    return found[0]


def expand(doc: dict) -> dict:
    expanded = jsonld.expand(doc, {"documentLoader": offline_loader})
    assert len(expanded) == 1
    return expanded[0]


def value(node: dict, prop: str):
    return node[SCHEMA + prop][0].get("@value", node[SCHEMA + prop][0])


# --- articles ---------------------------------------------------------------------------------


def test_article_page_carries_a_news_article_with_what_is_known(small_site):
    doc = one(small_site / "articles" / "ministry-reports-attack" / "index.html")

    assert doc["@context"] == "https://schema.org" and doc["@type"] == "NewsArticle"
    assert doc["headline"] == "Ministry reports attack near *Town* [A]"
    assert doc["publisher"] == {"@type": "NewsMediaOrganization", "name": "Daily Example"}
    assert doc["datePublished"] == "2020-01-23"
    assert "author" not in doc and "url" not in doc  # not identified in the text
    node = expand(doc)
    assert node["@type"] == [SCHEMA + "NewsArticle"]
    assert value(node, "headline") == "Ministry reports attack near *Town* [A]"
    assert value(node[SCHEMA + "publisher"][0], "name") == "Daily Example"


def test_unknown_headline_outlet_and_date_are_left_out_never_invented(real_project):
    site = real_project / "site"

    bare = one(site / "articles" / "trumba-apc-attack-three-russians-wounded" / "index.html")
    year_only = one(site / "articles" / "turkey-ups-pressure-russia-strikes-idlib" / "index.html")
    no_headline = one(site / "articles" / "aleppo-rebel-offensive-russian-forces-attacked" / "index.html")

    assert not {"headline", "publisher", "datePublished", "author", "url"} & set(bare)
    assert year_only["datePublished"] == "2020" and year_only["headline"].startswith("Turkey ups the pressure")
    assert "publisher" not in year_only
    assert "headline" not in no_headline and no_headline["publisher"]["name"] == "Newsweek"


# --- claims ---------------------------------------------------------------------------------


def test_claim_page_carries_a_claim_with_its_author_and_appearance_and_no_verdict(small_site):
    doc = one(small_site / "claims" / "ministry-up-to-40-killed" / "index.html")

    assert doc["@type"] == "Claim"
    assert doc["text"] == "up to 40 soldiers were killed in an attack on Thursday"
    assert doc["author"] == {"@type": "GovernmentOrganization", "name": "Example Ministry of Defense"}
    assert doc["appearance"]["@type"] == "NewsArticle"
    assert doc["appearance"]["headline"] == "Ministry reports attack near *Town* [A]"
    # No rating of any kind: search engines show a ClaimReview's rating as a fact-check verdict.
    text = json.dumps(doc)
    assert "ClaimReview" not in text and "reviewRating" not in text and "contested" not in text
    node = expand(doc)
    assert node["@type"] == [SCHEMA + "Claim"]
    assert value(node[SCHEMA + "author"][0], "name") == "Example Ministry of Defense"


def test_a_reader_comment_appears_in_a_comment_by_its_commenter_not_in_the_article(small_site):
    doc = one(small_site / "claims" / "reader-says-lies" / "index.html")

    assert doc["appearance"]["@type"] == "Comment"
    assert doc["appearance"]["author"] == {"@type": "Person", "name": "Sam Reader"}
    assert doc["appearance"]["parentItem"]["@type"] == "NewsArticle"
    assert doc["appearance"]["parentItem"]["publisher"]["name"] == "Daily Example"
    assert "publisher" not in doc["appearance"]


def test_every_claim_of_the_real_archive_has_one_claim_that_expands(real_project):
    archive = pipeline.check(REPO).archive
    unattributed = [c for c in archive.claims.values() if c.claimant is None]
    comments = [c for c in archive.claims.values() if c.location == "reader-comment"]

    for claim in archive.claims.values():
        doc = one(real_project / "site" / "claims" / claim.id / "index.html")
        assert doc["@type"] == "Claim" and doc["text"] == claim.quote
        assert ("author" in doc) == (claim.claimant is not None)
        assert doc["appearance"]["@type"] == ("Comment" if claim in comments else "NewsArticle")
        assert expand(doc)[SCHEMA + "text"][0]["@value"] == claim.quote
    assert unattributed, "the real archive has unattributed claims: their Claim names no author"
    assert comments, "the real archive has claims quoted from reader comments"


def test_pages_other_than_articles_and_claims_carry_no_structured_data(small_site):
    for rel in ["index.html", "actors/rebel-front/index.html", "disputes/thursday-attack/index.html",
                "claims/index.html"]:
        assert blocks(small_site / rel) == [], rel


# --- hostile text -----------------------------------------------------------------------------

HOSTILE = '</script><script>alert(1)</script><!-- & \u2028 "quoted" \\ end'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    content = copy_archive(tmp_path_factory.mktemp("jsonld-content"))
    replace(content, MINISTRY_ARTICLE, 'title: "Ministry reports attack near *Town* [A]"',
            "title: " + json.dumps(HOSTILE))
    replace(content, "annotations/actors/example-ministry-of-defense.yml", "name: Example Ministry of Defense",
            "name: " + json.dumps("Ministry </SCRIPT > <!--"))
    project = sitebuild.make_project(content, tmp_path_factory.mktemp("jsonld-site"))
    run = sitebuild.mkdocs_build(project)
    assert run.returncode == 0, run.stderr
    return project / "site"


def test_a_hostile_title_stays_inside_its_json_string(hostile_site):
    page = hostile_site / "articles" / "ministry-reports-attack" / "index.html"
    html = page.read_text(encoding="utf-8")

    doc = one(page)

    assert doc["headline"] == HOSTILE
    assert "<script>alert(1)" not in html and "</script><script>alert" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert(1)" in s.get_text() and
                s.get("type") != "application/ld+json"]


def test_a_hostile_claimant_name_stays_inside_its_json_string(hostile_site):
    doc = one(hostile_site / "claims" / "ministry-up-to-40-killed" / "index.html")
    raw = (hostile_site / "claims" / "ministry-up-to-40-killed" / "index.html").read_text(encoding="utf-8")

    assert doc["author"]["name"] == "Ministry </SCRIPT > <!--"
    assert doc["appearance"]["headline"] == HOSTILE
    script = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and "&" not in script
