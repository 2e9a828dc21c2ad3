"""The published site: a real `mkdocs build --strict` (tests/sitebuild.py) of the small fixture and
of the repository's own archive. Every entity has its page, every internal link and #fragment
resolves, nothing is loaded from another host, edit links open the contributor's file, builds
are reproducible, and a broken archive fails the build without touching the previous output.

The built sites come from session fixtures in conftest.py, so each is built once."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

import sitebuild
from archive_support import MONITOR_CLAIMS, REPO, REPO_URL, SMALL, line_of, read, replace
from build_scripts import pipeline
from site_check import broken_links, external_resources, html_pages, soup

INDEX_PAGES = ["articles", "actors", "claims", "disputes"]
SOURCE_DATE_EPOCH = 1_700_000_000  # what tests/sitebuild.py sets for every build


@pytest.fixture(scope="module", params=["small", "real"])
def built(request) -> tuple[Path, Path]:
    """(project folder, archive folder) of each site under test."""
    if request.param == "small":
        return request.getfixturevalue("small_project"), SMALL
    return request.getfixturevalue("real_project"), REPO


def entity_ids(content: Path) -> dict[str, list[str]]:
    result = pipeline.check(content)
    assert result.archive is not None, result.report.format()
    a = result.archive
    # A commenter with no claim of their own is named where they comment but has no page.
    return {"articles": list(a.articles), "actors": [i for i, x in a.actors.items() if x.has_page],
            "claims": list(a.claims), "disputes": list(a.disputes)}


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# --- pages ----------------------------------------------------------------------------------


def test_every_article_actor_claim_and_dispute_has_its_page(built):
    project, content = built
    site = project / "site"

    ids = entity_ids(content)

    assert all(ids.values()), ids
    missing = [f"{kind}/{ident}/index.html" for kind, idents in ids.items() for ident in idents
               if not (site / kind / ident / "index.html").is_file()]
    assert missing == []
    pageless = [x.id for x in pipeline.check(content).archive.actors.values() if not x.has_page]
    assert [i for i in pageless if (site / "actors" / i).exists()] == []


def test_index_pages_home_and_methodology_exist_and_list_every_entity(built):
    project, content = built
    site = project / "site"

    for page in ["index.html", "methodology/index.html"] + [f"{kind}/index.html" for kind in INDEX_PAGES]:
        assert (site / page).is_file(), page
    for kind, idents in entity_ids(content).items():
        links = {a["href"] for a in soup(site / kind / "index.html").select("table a[href]")}
        assert {f"{ident}/" for ident in idents} <= links, kind


def test_methodology_page_defines_every_vocabulary_term(small_site):
    from build_scripts import vocabulary as v

    text = soup(small_site / "methodology" / "index.html").get_text(" ")

    for terms in (v.CLAIM_STATUSES, v.DISPUTE_STATUSES, v.ROLES, v.ACTOR_TYPES, v.CLAIM_LOCATIONS,
                  v.definitions(v.RELATION_TYPES), v.FIGURE_MEASURES, v.VICTIM_CATEGORIES):
        for definition in terms.values():
            assert " ".join(definition.split()) in " ".join(text.split()), definition


# --- links and external resources -------------------------------------------------------------


def test_every_internal_link_and_fragment_resolves(built):
    project, _ = built

    problems = broken_links(project / "site")

    assert problems == [], "\n".join(map(str, problems))


def test_site_loads_no_resource_from_another_host(built):
    project, _ = built

    problems = external_resources(project / "site")

    assert problems == [], "\n".join(map(str, problems))


def test_site_loads_no_resource_from_another_host_with_a_repository_address(small_project_with_repo_url):
    problems = external_resources(small_project_with_repo_url / "site")

    assert problems == [], "\n".join(map(str, problems))


def test_no_file_of_the_site_refers_to_google_fonts(built):
    project, _ = built

    offenders = [rel for rel, data in files_of(project / "site").items()
                 if b"fonts.googleapis" in data or b"fonts.gstatic" in data]

    assert offenders == []


def test_links_to_other_sites_are_allowed_as_plain_anchors(small_site):
    # Anchors to other hosts are allowed (they load nothing until followed); check that the
    # crawler above is not vacuous by finding at least the theme's credit link.
    anchors = [a["href"] for page in html_pages(small_site) for a in soup(page).find_all("a", href=True)
               if a["href"].startswith("http")]

    assert anchors
    assert not external_resources(small_site)


def test_link_checker_finds_a_missing_page_a_missing_fragment_and_an_external_script(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#nowhere">bad</a><a href="b/">bad</a>'
        '<a href="#top" id="top">ok</a><a href="https://example.org/">ok</a>'
        '<script src="https://cdn.example.org/x.js"></script><img src="/a/pic.png">', encoding="utf-8")
    (site / "a" / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")

    problems = {(p.element, p.url) for p in broken_links(site)}
    external = {(p.element, p.url) for p in external_resources(site)}

    assert problems == {("a", "a/#nowhere"), ("a", "b/"), ("img", "/a/pic.png")}
    assert external == {("script", "https://cdn.example.org/x.js")}


# --- what the pages show --------------------------------------------------------------------


def test_article_text_in_the_built_page_shows_markdown_and_html_characters_literally(small_site):
    block = soup(small_site / "articles" / "ministry-reports-attack" / "index.html").select_one(".article-text")

    assert block is not None
    assert "the price was $5 and *important* [sic] <script>alert(1)</script>." in block.get_text()
    assert block.find("script") is None and block.find("em") is None and block.find("strong") is None


def test_claim_spans_and_badges_survive_markdown_in_the_built_page(small_site):
    page = soup(small_site / "articles" / "ministry-reports-attack" / "index.html")

    marks = page.select(".article-text mark.claim")
    badges = page.select(".article-text a.claim-ref")
    assert [m["data-claims"] for m in marks] == ["ministry-up-to-40-killed", "rebels-deny-attack", "reader-says-lies"]
    assert [b["href"] for b in badges] == ["../../claims/ministry-up-to-40-killed/", "../../claims/rebels-deny-attack/",
                                           "../../claims/reader-says-lies/"]
    assert page.find(id="claim-ministry-up-to-40-killed") is not None


def test_headings_show_no_markdown_escape_backslashes(built):
    project, _ = built

    offenders = [f"{page.relative_to(project / 'site')}: {h.get_text()}" for page in html_pages(project / "site")
                 for h in soup(page).select("article h1, article h2, article h3") if "\\" in h.get_text()]

    assert offenders == []


def test_claim_page_heading_reads_as_plain_text(small_site):
    h1 = soup(small_site / "claims" / "ministry-up-to-40-killed" / "index.html").select_one("article h1")

    assert h1.get_text().rstrip("\u00b6") == ("Example Ministry of Defense asserts: "
                                             "\u201cup to 40 soldiers were killed in an attack on Thursday\u201d")


def test_search_index_holds_every_alias_as_a_word_of_its_actor_page(built):
    # Material indexes a page's text with the tags removed; the words of an alias must not run
    # into the words of neighbouring cells ("Also writtenMarsad"), or search cannot find them.
    project, content = built
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words_by_page: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text = html.unescape(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]))
        words_by_page.setdefault(page, set()).update(w.lower() for w in separator.split(text) if w)

    actors = pipeline.check(content).archive.actors
    missing = [(actor.id, alias) for actor in actors.values() for alias in actor.data.aliases
               for word in separator.split(alias) if word and word.lower() not in words_by_page[f"actors/{actor.id}/"]]
    assert any(actor.data.aliases for actor in actors.values())
    assert missing == [], "aliases run into neighbouring words in the search index"


# --- edit links -----------------------------------------------------------------------------


def edit_link(page: Path) -> str | None:
    link = soup(page).select_one('a[rel="edit"]')
    return link["href"] if link else None


def test_without_a_repository_address_there_is_no_edit_or_repository_link(small_site):
    pages = html_pages(small_site)

    assert [p for p in pages if edit_link(p)] == []
    assert [p for p in pages if soup(p).select_one(".md-source")] == []


def test_article_edit_link_opens_the_article_file(small_project_with_repo_url):
    site = small_project_with_repo_url / "site"

    assert edit_link(site / "articles" / "ministry-reports-attack" / "index.html") == \
        f"{REPO_URL}/edit/main/articles/ministry-reports-attack.md"
    assert edit_link(site / "claims" / "rebels-deny-attack" / "index.html") == \
        f"{REPO_URL}/edit/main/annotations/claims/ministry-reports-attack.yml"
    assert edit_link(site / "actors" / "rebel-front" / "index.html") == \
        f"{REPO_URL}/edit/main/annotations/actors/rebel-front.yml"


def test_home_page_edit_link_opens_its_template_and_the_page_links_the_contributors_guide(small_project_with_repo_url):
    site = small_project_with_repo_url / "site"

    assert edit_link(site / "index.html") == f"{REPO_URL}/edit/main/build_scripts/templates/home.md"
    guide = soup(site / "index.html").select_one("article").find("a", string="the contributors' guide")
    assert guide["href"] == f"{REPO_URL}/blob/main/CONTRIBUTING.md"


def test_every_edit_link_opens_a_file_that_exists_in_the_repository(small_project_with_repo_url):
    project = small_project_with_repo_url
    prefix = f"{REPO_URL}/edit/main/"
    dangling = []
    for page in html_pages(project / "site"):
        link = edit_link(page)
        if link is None:
            continue
        assert link.startswith(prefix), link
        source = link[len(prefix):]
        # Contributor files live in the project; the engine's own files only in the repository.
        if not ((project / source).is_file() or (REPO / source).is_file()):
            dangling.append(f"{page.relative_to(project / 'site')} -> {source}")

    assert dangling == []


# --- reproducibility --------------------------------------------------------------------------


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    sites = []
    for name in ("first", "second"):
        project = sitebuild.make_project(SMALL, tmp_path / name)
        run = sitebuild.mkdocs_build(project)
        assert run.returncode == 0, run.stdout + run.stderr
        sites.append(files_of(project / "site"))
    first, second = sites

    assert sorted(first) == sorted(second)
    # With SOURCE_DATE_EPOCH set (sitebuild sets it), even sitemap.xml.gz is identical.
    assert "sitemap.xml.gz" in first
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_compressed_sitemap_is_dated_by_source_date_epoch_not_by_the_clock(small_site):
    data = (small_site / "sitemap.xml.gz").read_bytes()
    midnight = SOURCE_DATE_EPOCH - SOURCE_DATE_EPOCH % 86400

    assert gzip.decompress(data) == (small_site / "sitemap.xml").read_bytes()
    # The gzip header's MTIME field (bytes 4-8) is the build date MkDocs takes from SOURCE_DATE_EPOCH.
    assert int.from_bytes(data[4:8], "little") == midnight
    assert data[10:22] == b"sitemap.xml\x00"


# --- a broken archive ---------------------------------------------------------------------------


def test_broken_archive_fails_the_build_and_leaves_the_previous_pages(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")
    assert sitebuild.mkdocs_build(project).returncode == 0
    generated_before = files_of(project / pipeline.GENERATED)
    site_before = files_of(project / "site")
    assert generated_before and site_before
    replace(project, MONITOR_CLAIMS, "claimant: example-observatory", "claimant: example-observatry")

    run = sitebuild.mkdocs_build(project)

    output = run.stdout + run.stderr
    line = line_of(project, MONITOR_CLAIMS, "claimant:")
    col = read(project, MONITOR_CLAIMS).split("\n")[line - 1].index("example-observatry") + 1
    assert run.returncode != 0
    assert f"{MONITOR_CLAIMS}:{line}:{col}: REF001 unknown actor 'example-observatry'" in output
    assert "Did you mean 'example-observatory'?" in output
    assert "Traceback" not in output
    assert files_of(project / pipeline.GENERATED) == generated_before
    assert files_of(project / "site") == site_before
