"""The site's public address (ARCHIVE_SITE_URL, MkDocs' site_url): when it is known, a sitemap,
one canonical link per page, OpenGraph and Twitter card tags, absolute feed links with
`xml:base`, and the full address in "Cite this page"; when it is not, none of these, and the
pages are what they always were.

The address is checked and normalised once (build_scripts/publish/options.py) and reaches the
generator as a plain option (`site_url`), never through MkDocs.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild
from archive_support import SMALL, copy_archive, linked_archive
from build_scripts import pipeline
from build_scripts.publish import PublishError
from build_scripts.publish.options import SiteOptions, public_url
from build_scripts.render import feed, render_site
from site_check import broken_links, external_resources, html_pages, soup

SITE_URL = "https://archive.example.org/idlib/"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CITED = ["articles/ministry-reports-attack", "claims/rebels-deny-attack", "disputes/thursday-attack"]


# --- the address, checked ---------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [
    (None, None),
    ("", None),
    ("  ", None),
    ("https://archive.example.org/idlib/", SITE_URL),
    ("https://archive.example.org/idlib", SITE_URL),  # GitHub Pages gives it without the slash
    ("HTTPS://Archive.Example.ORG/idlib", SITE_URL),
    ("http://localhost:8000", "http://localhost:8000/"),
    ("https://octocat.github.io", "https://octocat.github.io/"),
])
def test_the_site_address_is_normalised_to_end_in_a_slash(given, expected):
    assert public_url(given) == expected


@pytest.mark.parametrize(("given", "why"), [
    ("ftp://example.org/", "must start with https:// or http://"),
    ("example.org/archive/", "must start with https:// or http://"),
    ("https:///archive/", "names no host"),
    ("https://user:secret@example.org/", "user name or password"),
    ("https://example.org/?page=1", "query"),
    ("https://example.org/#top", "fragment"),
    ("https://example.org/a b/", "only letters, digits"),
    ('https://example.org/"onmouseover="x/', "only letters, digits"),
    ("https://example.org/50%25/", "only letters, digits"),
    ("https://example.org:99999/", "Port out of range"),
])
def test_a_malformed_site_address_stops_the_build_saying_why(given, why):
    with pytest.raises(PublishError) as caught:
        public_url(given)

    message = str(caught.value)
    assert message.startswith(f"ARCHIVE_SITE_URL (site_url) {given!r} is not the address of a published site: ")
    assert why in message and "https://example.org/archive/" in message


def test_site_options_carry_the_checked_address_beside_the_extra_settings():
    options = SiteOptions.from_extra({"archive_search": "pagefind", "site_url": "https://elsewhere.example/"},
                                     "https://archive.example.org/idlib")

    assert options.site_url == SITE_URL and options.pagefind  # never read from `extra:`
    assert SiteOptions.from_extra(None).site_url is None
    with pytest.raises(PublishError, match="must start with https://"):
        SiteOptions.from_extra({}, "ftp://archive.example.org/")


def test_the_hook_writes_the_checked_address_back_and_gives_a_preview_none(tmp_path, monkeypatch):
    """The sitemap and canonical links (MkDocs') and the pages (the generator's) name one address;
    `mkdocs serve` puts its own local address in site_url, which is never the site's."""
    from mkdocs.exceptions import PluginError

    from build_scripts import mkdocs_hook as hook
    from test_publish import _config

    monkeypatch.setattr(hook, "_state", hook._State())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hook.on_startup(command="build", dirty=False)
    config = _config(tmp_path)
    config.site_url = "https://Archive.example.org/idlib"

    assert hook.on_config(config).site_url == SITE_URL
    assert hook._state.options.site_url == SITE_URL
    hook.on_build_error(error=RuntimeError("done"))  # the staging folder goes

    config.site_url = "https://archive.example.org/idlib/?x=1"
    with pytest.raises(PluginError, match=r"ARCHIVE_SITE_URL \(site_url\) .* query"):
        hook.on_config(config)
    hook.on_build_error(error=RuntimeError("bad address"))

    hook.on_startup(command="serve", dirty=False)
    config.site_url = "http://127.0.0.1:8000/"
    assert hook.on_config(config).site_url == "http://127.0.0.1:8000/"
    assert hook._state.options.site_url is None


# --- the generated pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_pages() -> tuple[dict[str, str], dict[str, str]]:
    """The small fixture's generated files, without and with the site's address."""
    archive = linked_archive(SMALL)
    return render_site(archive), render_site(archive, SITE_URL)


def cite_block(page: str):
    """The cite box of a generated page, parsed."""
    inner = page.split('<details class="cite-box"', 1)[1].split("</details>", 1)[0]
    return BeautifulSoup(f'<details class="cite-box"{inner}</details>', "html.parser").details


def test_only_the_cited_pages_the_feed_and_the_data_package_change_with_the_address(small_pages):
    without, with_url = small_pages

    assert sorted(without) == sorted(with_url)
    changed = sorted(rel for rel in without if without[rel] != with_url[rel])
    cited = [rel for rel in without if rel.startswith(("articles/", "claims/", "disputes/", "events/"))
             and not rel.endswith("index.md")]  # every article, claim, dispute and event page has a cite box
    assert changed == sorted([*cited, feed.PATH, "data/datapackage.json"])  # the package's `homepage`
    assert {f"{rel}.md" for rel in CITED} <= set(cited)
    assert json.loads(with_url["data/datapackage.json"])["homepage"] == SITE_URL


def test_the_pages_with_an_address_are_the_same_at_every_run(small_pages):
    assert render_site(linked_archive(SMALL), SITE_URL) == small_pages[1]


def test_the_cite_box_gives_the_full_address_without_a_script(small_pages):
    without, with_url = small_pages

    for rel in CITED:
        box = cite_block(with_url[f"{rel}.md"])
        urls = [span.get_text() for span in box.select(".cite-url")]
        assert urls == [f"{SITE_URL}{rel}/"] * 3, rel
        assert box.select_one(".cite-note").get_text().endswith(" Your browser fills in the day you read it.")
        csl = json.loads(box.select_one('pre[data-format="csl"]').get_text())
        assert csl[0]["URL"] == f"{SITE_URL}{rel}/"
        # Without the address, the path from the site root, which the script completes.
        plain = cite_block(without[f"{rel}.md"])
        assert [span.get_text() for span in plain.select(".cite-url")] == [f"/{rel}/"] * 3
        assert "fills in the full address of this page and the day" in plain.select_one(".cite-note").get_text()


@pytest.mark.parametrize("site_url", [None, SITE_URL])
def test_no_generated_page_gives_an_id_twice(small_pages, site_url):
    pages = small_pages[site_url is not None]

    repeated = {rel: [i for i, n in Counter(el["id"] for el in BeautifulSoup(text, "html.parser")
                                            .find_all(id=True)).items() if n > 1]
                for rel, text in pages.items() if rel.endswith((".md", ".html"))}
    assert {rel: ids for rel, ids in repeated.items() if ids} == {}


def test_the_feed_links_are_absolute_with_an_xml_base(small_pages):
    without, with_url = small_pages

    root = ET.fromstring(with_url[feed.PATH].encode("utf-8"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    entry_links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == SITE_URL
    assert links == {"self": f"{SITE_URL}feed.xml", "alternate": SITE_URL}
    assert entry_links and all(href.startswith(SITE_URL) and href.endswith("/") for href in entry_links)
    # The entries' ids never depend on where the site is published.
    plain = ET.fromstring(without[feed.PATH].encode("utf-8"))
    assert [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")] == \
        [e.findtext(f"{ATOM}id") for e in plain.iter(f"{ATOM}entry")]
    assert plain.get("{http://www.w3.org/XML/1998/namespace}base") is None
    assert [e.find(f"{ATOM}link").get("href") for e in plain.findall(f"{ATOM}entry")] == \
        [href[len(SITE_URL):] for href in entry_links]


def test_a_new_site_address_regenerates_the_pages(tmp_path):
    root = copy_archive(tmp_path / "archive")
    out = tmp_path / "generated"
    page = out / "claims" / "rebels-deny-attack.md"
    pipeline.generate(root, out, force=True)
    assert f"{SITE_URL}claims/rebels-deny-attack/" not in page.read_text(encoding="utf-8")

    again = pipeline.generate(root, out, site_url=SITE_URL)

    assert again.archive is not None  # not skipped as unchanged: the stamp records the address
    assert f"{SITE_URL}claims/rebels-deny-attack/" in page.read_text(encoding="utf-8")


# --- the built site -----------------------------------------------------------------------------


def _build(tmp_path_factory, content: Path, name: str, site_url: str | None) -> Path:
    project = sitebuild.make_project(content, tmp_path_factory.mktemp(name))
    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_SITE_URL": site_url} if site_url else None)
    assert run.returncode == 0, run.stdout + run.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory) -> Path:
    """The small fixture built with its public address, given as GitHub Pages gives it (no slash)."""
    return _build(tmp_path_factory, SMALL, "small-site-url", SITE_URL.rstrip("/"))


@pytest.fixture(scope="module")
def hostile_site_with_url(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, HOSTILE, "hostile-site-url", SITE_URL)


def own_url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return SITE_URL + rel.removesuffix("index.html")


def pages_of(site: Path) -> list[Path]:
    """The site's pages: every HTML file but the error page, which has no address of its own."""
    return [p for p in html_pages(site) if p.relative_to(site).as_posix() != "404.html"]


def meta(page: Path, key: str) -> list[str]:
    head = soup(page).head
    return [m["content"] for m in head.find_all("meta", attrs={"property": key})] + \
        [m["content"] for m in head.find_all("meta", attrs={"name": key})]


def test_every_page_is_in_the_sitemap_with_its_full_address(site_with_url):
    sitemap = ET.fromstring((site_with_url / "sitemap.xml").read_bytes())
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]

    assert sorted(locs) == sorted(own_url(site_with_url, p) for p in pages_of(site_with_url))
    assert len(locs) > 20


def test_every_page_has_one_canonical_link_to_its_own_address(site_with_url):
    wrong = {}
    for page in pages_of(site_with_url):
        links = [link["href"] for link in soup(page).find_all("link", rel="canonical")]
        if links != [own_url(site_with_url, page)]:
            wrong[page.relative_to(site_with_url).as_posix()] = links

    assert wrong == {}


def test_every_page_carries_opengraph_and_twitter_card_tags(site_with_url):
    for page in pages_of(site_with_url):
        rel = page.relative_to(site_with_url).as_posix()
        assert meta(page, "og:url") == [own_url(site_with_url, page)], rel
        assert meta(page, "og:type") == ["website"], rel
        assert meta(page, "og:site_name") == ["Idlib Conflict Reporting Archive"], rel
        assert len(meta(page, "og:title")) == 1 and meta(page, "og:title")[0], rel
        assert len(meta(page, "og:description")) == 1 and meta(page, "og:description")[0], rel
        assert meta(page, "twitter:card") == ["summary"], rel

    claim = site_with_url / "claims" / "rebels-deny-attack" / "index.html"
    quote = "\u201cno such attack took place on Thursday.\u201d"
    assert meta(claim, "og:title") == [f"Rebel Front denies: \u201c{quote}\u201d"]  # as its <title>
    assert meta(claim, "og:description") == [quote]
    home = site_with_url / "index.html"
    assert meta(home, "og:title") == ["Idlib Conflict Reporting Archive"]
    assert meta(home, "og:description")[0].startswith("An annotated archive of news reporting")


def test_link_preview_tags_carry_contributor_text_escaped(hostile_site_with_url):
    page = hostile_site_with_url / "articles" / "ministry-reports-attack" / "index.html"
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>[x](javascript:alert(3)){onclick=alert(4)}</title>"

    assert meta(page, "og:title") == [f"Ministry {payload}"]
    assert meta(page, "og:description") == [f"Ministry {payload}: the text with 3 annotated claims."]
    assert '<meta property="og:title" content="Ministry &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;' in head
    assert "<img" not in head and "<script>alert" not in head
    for path in html_pages(hostile_site_with_url):
        document = soup(path)
        assert not document.find_all("img"), path
        assert not [el for el in document.find_all(True) if any(a.lower().startswith("on") for a in el.attrs)], path


def test_the_built_feed_and_cite_box_give_full_addresses(site_with_url):
    root = ET.fromstring((site_with_url / "feed.xml").read_bytes())
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == SITE_URL
    assert hrefs and all(href.startswith(SITE_URL) for href in hrefs)

    for rel in CITED:
        box = soup(site_with_url / rel / "index.html").select_one("details.cite-box")
        assert [span.get_text() for span in box.select(".cite-url")] == [f"{SITE_URL}{rel}/"] * 3, rel


def test_the_site_with_an_address_keeps_its_links_and_loads_nothing_from_another_host(site_with_url):
    # The error page, served at any address, links from the site's own path (/idlib/), which
    # the checker, reading the site from its root, cannot follow.
    error_page = [p for p in broken_links(site_with_url) if p.page == "404.html"]
    assert error_page and all(p.url.startswith("/idlib/") for p in error_page)
    assert [p for p in broken_links(site_with_url) if p.page != "404.html"] == []
    assert external_resources(site_with_url) == []  # a canonical link names an address, loads nothing


@pytest.mark.slow  # the fixture is requested by name, which conftest.py does not follow
@pytest.mark.parametrize("which", ["site_with_url", "small_site"])
def test_no_built_page_gives_an_id_twice(request, which):
    site = request.getfixturevalue(which)

    repeated = {}
    for page in html_pages(site):
        ids = Counter(el["id"] for el in soup(page).find_all(id=True))
        if [i for i, n in ids.items() if n > 1]:
            repeated[page.relative_to(site).as_posix()] = [i for i, n in ids.items() if n > 1]
    assert repeated == {}


def test_without_an_address_no_page_names_one(small_site):
    site_without_url = small_site
    sitemap = ET.fromstring((site_without_url / "sitemap.xml").read_bytes())
    assert list(sitemap) == []
    for page in html_pages(site_without_url):
        head = soup(page).head
        assert head.find("link", rel="canonical") is None, page
        assert head.find("meta", attrs={"property": True}) is None, page
        assert head.find("meta", attrs={"name": "twitter:card"}) is None, page
    atom = (site_without_url / "feed.xml").read_text(encoding="utf-8")
    assert "xml:base" not in atom and "https://" not in atom
    box = soup(site_without_url / "claims" / "rebels-deny-attack" / "index.html").select_one("details.cite-box")
    assert [span.get_text() for span in box.select(".cite-url")] == ["/claims/rebels-deny-attack/"] * 3


def test_without_an_address_the_generated_pages_are_those_rendered_without_one(small_project, small_pages):
    """The build without ARCHIVE_SITE_URL publishes the pages as they always were (the render
    goldens, tests/test_render_golden.py, hold them)."""
    generated = small_project / pipeline.GENERATED
    without, _ = small_pages

    for rel, text in without.items():
        assert (generated / rel).read_text(encoding="utf-8") == text, rel


def test_a_malformed_address_fails_the_build_saying_what_to_give(tmp_path):
    project = sitebuild.make_project(SMALL, tmp_path / "project")

    run = sitebuild.mkdocs_build(project, env={"ARCHIVE_SITE_URL": "ftp://archive.example.org/"})

    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert ("ARCHIVE_SITE_URL (site_url) 'ftp://archive.example.org/' is not the address of a published site: "
            "it must start with https:// or http://") in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


@pytest.mark.browser
def test_the_script_keeps_the_full_address_the_build_gave(page, serve_directory, site_with_url):
    base = serve_directory(site_with_url)
    page.goto(f"{base}/disputes/thursday-attack/")
    page.click("details.cite-box > summary")

    csl = json.loads(page.inner_text('pre.cite[data-format="csl"]'))[0]

    assert csl["URL"] == f"{SITE_URL}disputes/thursday-attack/"  # not the address it was read at
    assert len(csl["accessed"]["date-parts"][0]) == 3
    assert page.inner_text('pre.cite[data-format="text"]').endswith(
        f"{SITE_URL}disputes/thursday-attack/ Accessed " + page.evaluate(
            "() => { const d = new Date(); return d.getDate() + ' ' + "
            "d.toLocaleString('en', {month: 'long'}) + ' ' + d.getFullYear() + '.'; }"))
