"""Renamed ids keep working: a record lists the ids it was published under in `former_ids`, and
each old address gets a static page that leads to the new one (meta refresh, canonical link,
noindex, a visible link, no script). An old id that would lead to two places is ID005."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import browser_support
import sitebuild
from archive_support import (DISPUTE, MINISTRY_CLAIMS, MONITOR_ARTICLE, REBEL_ACTOR, append, check, copy_archive,
                             line_of, only, replace, set_dispute_question)
from build_scripts.render import redirects, render_site

RENAMED = {
    "articles/observatory-article/index.html": "articles/monitor-says-no-attack/",
    "actors/the-rebel-front/index.html": "actors/rebel-front/",
    "actors/rebels/index.html": "actors/rebel-front/",
    "claims/rebels-denial/index.html": "claims/rebels-deny-attack/",
    "disputes/attack-on-thursday/index.html": "disputes/thursday-attack/",
}


def rename_some(root: Path) -> Path:
    """The small fixture with a former id on one record of each kind (two on the actor)."""
    replace(root, MONITOR_ARTICLE, "id: monitor-says-no-attack\n",
            "id: monitor-says-no-attack\nformer_ids: [observatory-article]\n")
    append(root, REBEL_ACTOR, "former_ids: [the-rebel-front, rebels]\n")
    replace(root, MINISTRY_CLAIMS, "  - id: rebels-deny-attack\n",
            "  - id: rebels-deny-attack\n    former_ids: [rebels-denial]\n")
    append(root, DISPUTE, "former_ids: [attack-on-thursday]\n")
    return root


@pytest.fixture
def archive(tmp_path):
    return copy_archive(tmp_path / "archive")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    return rename_some(copy_archive(tmp_path_factory.mktemp("renamed") / "archive"))


@pytest.fixture(scope="module")
def pages(renamed) -> dict[str, str]:
    result = check(renamed)
    assert result.archive is not None, result.report.format()
    return render_site(result.archive)


# --- rendering ------------------------------------------------------------------------------


def test_each_former_id_gets_a_page_at_its_old_address(pages):
    written = {rel for rel in pages if rel.endswith("/index.html")}

    assert written == set(RENAMED)


def test_a_renamed_claims_old_anchor_still_lands_on_its_span_in_the_article(pages):
    article = next(text for path, text in pages.items()
                   if path.startswith("articles/") and "claim-rebels-deny-attack" in text)
    new = article.index('id="claim-rebels-deny-attack"')
    old = article.index('id="claim-rebels-denial"')
    assert abs(new - old) < 120, "the old anchor sits next to the new one, at the start of the span"


def test_redirect_page_refreshes_to_the_new_page_with_a_canonical_link(pages):
    for rel, new_url in RENAMED.items():
        html = pages[rel]
        folder = rel.split("/")[0]
        target = "../" + new_url[len(folder) + 1:]

        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html, rel
        assert f'<link rel="canonical" href="{target}">' in html, rel
        assert '<meta name="robots" content="noindex">' in html
        assert re.search(rf'<a href="{re.escape(target)}">[^<]+</a>', html), rel


def test_redirect_page_names_the_record_and_its_old_address(pages):
    html = pages["claims/rebels-denial/index.html"]

    assert "<code>/claims/rebels-denial/</code>" in html
    assert '<a href="../rebels-deny-attack/">Rebel Front denies: ' in html
    assert "<title>Moved: Rebel Front denies:" in html
    assert '<html lang="en">' in html and "<main>" in html and "<h1>" in html


def test_redirect_page_runs_nothing_and_loads_nothing(pages):
    for rel in RENAMED:
        html = pages[rel]

        assert "<script" not in html.lower()
        assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)  # no event handler attributes
        assert f'<meta http-equiv="Content-Security-Policy" content="{redirects.POLICY}">' in html
        assert "default-src 'none'" in redirects.POLICY
        assert "src=" not in html and "stylesheet" not in html


def test_text_from_the_data_is_escaped_on_the_redirect_page(archive):
    rename_some(archive)
    set_dispute_question(archive, 'Did </title><script>alert(1)</script> & "it" happen?')
    result = check(archive)
    assert result.archive is not None, result.report.format()

    html = render_site(result.archive)["disputes/attack-on-thursday/index.html"]

    assert "<script" not in html
    assert "Did &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;it&quot; happen?" in html


def test_no_former_ids_means_no_redirect_pages(archive):
    result = check(archive)

    assert not [rel for rel in render_site(result.archive) if rel.endswith(".html")]


# --- validation -----------------------------------------------------------------------------


def test_renamed_archive_is_clean(renamed):
    assert check(renamed).report.items == []


def test_former_id_that_is_a_live_id_is_id005_naming_both_places(archive):
    append(archive, REBEL_ACTOR, "former_ids: [example-observatory]\n")

    d = only(check(archive), "ID005")

    assert (d.position.path, d.position.line) == (REBEL_ACTOR, line_of(archive, REBEL_ACTOR, "former_ids"))
    assert "former id 'example-observatory' of actor 'rebel-front' is the id of another actor" in d.message
    assert "annotations/actors/example-observatory.yml:1" in d.message
    assert d.hint
    assert re.match(r"^annotations/actors/rebel-front\.yml:\d+:\d+: ID005 ", d.format())
    assert "\n    hint: " in d.format()


def test_former_id_of_two_records_is_id005_naming_both_places(archive):
    replace(archive, MINISTRY_CLAIMS, "  - id: rebels-deny-attack\n",
            "  - id: rebels-deny-attack\n    former_ids: [old-claim]\n")
    replace(archive, MINISTRY_CLAIMS, "  - id: reader-says-lies\n",
            "  - id: reader-says-lies\n    former_ids: [old-claim]\n")

    d = only(check(archive), "ID005")

    second = [i for i, line in enumerate((archive / MINISTRY_CLAIMS).read_text().split("\n"), 1) if "old-claim" in line]
    assert d.position.line == second[1]
    assert (f"former id 'old-claim' of claim 'reader-says-lies' is also a former id of claim 'rebels-deny-attack' "
            f"({MINISTRY_CLAIMS}:{second[0]})") in d.message


def test_former_id_that_is_the_records_own_id_is_id005(archive):
    append(archive, DISPUTE, "former_ids: [thursday-attack]\n")

    d = only(check(archive), "ID005")

    assert "is its own current id" in d.message


def test_former_id_listed_twice_is_id005(archive):
    append(archive, DISPUTE, "former_ids: [old-one, old-one]\n")

    d = only(check(archive), "ID005")

    assert "is listed twice" in d.message


def test_former_id_may_equal_an_id_of_another_kind(archive):
    # Addresses differ by kind: /actors/thursday-attack/ does not touch /disputes/thursday-attack/.
    append(archive, REBEL_ACTOR, "former_ids: [thursday-attack]\n")

    assert check(archive).report.items == []


def test_former_id_must_be_a_valid_id(archive):
    append(archive, REBEL_ACTOR, "former_ids: [../../index]\n")

    d = only(check(archive), "ID003")

    assert "former_ids[0]" in d.message


# --- a real build, and a real browser -------------------------------------------------------


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory, renamed) -> Path:
    project = sitebuild.make_project(renamed, tmp_path_factory.mktemp("renamed-site"))
    run = sitebuild.mkdocs_build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    return project / "site"


def test_built_site_has_the_redirect_pages_as_written(renamed_site, pages):
    for rel in RENAMED:
        assert (renamed_site / rel).read_text(encoding="utf-8") == pages[rel]
    # The new pages themselves are untouched, and the old addresses are not in the sitemap.
    assert (renamed_site / "claims/rebels-deny-attack/index.html").is_file()
    sitemap = (renamed_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "rebels-denial" not in sitemap


@pytest.mark.browser
def test_following_an_old_address_in_chromium_lands_on_the_new_page(page, renamed_site, external_requests):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    with browser_support.serve_directory(renamed_site) as base:
        for rel, new_url in RENAMED.items():
            old = rel.removesuffix("index.html")
            page.goto(f"{base}/{old}")
            page.wait_for_url(f"{base}/{new_url}", timeout=15_000)
            page.wait_for_load_state("load")
            assert page.locator("article h1").count() == 1, new_url

    assert errors == []
    assert external_requests == []


def test_the_data_downloads_list_every_former_id(renamed):
    import csv
    import io
    import json

    from build_scripts import export

    result = check(renamed)
    files = export.export_files(result.archive)
    rows = list(csv.DictReader(io.StringIO(files["data/former_ids.csv"])))
    assert {(r["entity_kind"], r["former_id"], r["entity_id"]) for r in rows} == {
        ("article", "observatory-article", "monitor-says-no-attack"), ("actor", "the-rebel-front", "rebel-front"),
        ("actor", "rebels", "rebel-front"), ("claim", "rebels-denial", "rebels-deny-attack"),
        ("dispute", "attack-on-thursday", "thursday-attack")}
    data = json.loads(files["data/archive.json"])
    assert next(a for a in data["actors"] if a["id"] == "rebel-front")["former_ids"] == ["the-rebel-front", "rebels"]
