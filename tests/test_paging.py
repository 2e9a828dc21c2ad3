"""Pages that list the whole archive split into pages once it outgrows one (render/paging.py):
every entry on exactly one page, no page longer than PAGE_SIZE entries, page 1 at the page's own
address, working links between the pages; and an archive small enough for one page gets exactly
the page it always had. Here PAGE_SIZE is made tiny so that the small fixture needs several."""

from __future__ import annotations

import posixpath
import random
import re

import pytest

from archive_support import SMALL, linked_archive, listing_files, page_url
from build_scripts.render import common, paging, render_site

SIZE = 2


@pytest.fixture(scope="module")
def archive():
    return linked_archive(SMALL)


@pytest.fixture(scope="module")
def single(archive) -> dict[str, str]:
    return render_site(archive)


@pytest.fixture(scope="module")
def paged(archive) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", SIZE)
        return render_site(archive)


def test_an_archive_that_fits_one_page_has_no_pager_and_no_further_pages(single):
    assert not any("/page/" in rel for rel in single)
    assert not any('class="pager"' in text for text in single.values())


@pytest.mark.parametrize("first, base", [("claims/index.md", "claims/"), ("articles/index.md", "articles/"),
                                         ("actors/index.md", "actors/"), ("disputes/index.md", "disputes/")])
def test_every_index_entry_is_on_exactly_one_page_of_at_most_page_size(archive, paged, first, base):
    files = listing_files(paged, first, base)
    total = {"claims/": archive.claims, "articles/": archive.articles, "actors/": archive.actors,
             "disputes/": archive.disputes}[base]

    assert len(files) == paging.count(len(total), SIZE)
    listed = []
    for rel in files:
        links = re.findall(r'<tr[^>]*><td[^>]*><a href="([^"]+)"', paged[rel])
        assert 0 < len(links) <= SIZE, rel
        for link in links:
            target = posixpath.normpath(posixpath.join("/" + page_url(rel), link)).strip("/")
            assert target.startswith(base), (rel, link)
            listed.append(target[len(base):])
    assert sorted(listed) == sorted(total), base


def test_page_titles_and_pager_say_where_the_reader_is(paged):
    files = listing_files(paged, "claims/index.md", "claims/")
    last = len(files)

    assert f"# Claims \\(page 1 of {last}\\)" in paged[files[0]]
    assert 'rel="prev"' not in paged[files[0]] and 'rel="next"' in paged[files[0]]
    assert f'<span class="pager-here">Page {last} of {last}</span>' in paged[files[-1]]
    assert 'rel="next"' not in paged[files[-1]] and 'rel="prev"' in paged[files[-1]]
    assert files[1] == "claims/page/2.md"
    labels = re.findall(r'<nav class="pager" aria-label="([^"]+)"', paged[files[1]])
    assert len(labels) == 2 and len(set(labels)) == 2  # two landmarks, each with its own name


def test_each_claims_page_filters_its_own_rows_and_says_so(single, paged):
    """The filter form of a paged claims index offers the values of its own page's rows only,
    with their counts, and says that it filters this page only; an index of one page does not."""
    assert "table-filter-note" not in single["claims/index.md"]
    assert 'data-noun="claims"' in single["claims/index.md"]
    for rel in listing_files(paged, "claims/index.md", "claims/"):
        text = paged[rel]
        rows = re.findall(r'<tr role="row" data-status="([^"]+)"', text)
        assert 0 < len(rows) <= SIZE, rel
        form = re.search(r'<form class="table-filter".*?</form>', text).group(0)
        assert f'data-total="{len(rows)}" data-noun="claims on this page"' in form
        assert f"The filters apply to the {len(rows)} claims on this page only" in form
        status = re.search(r'<select id="filter-status".*?</select>', form).group(0)
        offered = dict(re.findall(r'<option value="([^"]+)">[^<]* \((\d+)\)</option>', status))
        assert offered == {s: str(rows.count(s)) for s in set(rows)}, rel


def test_the_timeline_pages_hold_every_item_once(archive, paged):
    files = listing_files(paged, "timeline.md", "timeline/")
    rows = [row for rel in files for row in re.findall(r'<li class="tl-row |<tr class="tl-undated ', paged[rel])]
    items = len(archive.articles) + len(archive.claims) + len(archive.events)

    assert len(files) == paging.count(items, SIZE)
    assert len(rows) == items
    for rel in files:
        assert len(re.findall(r'<li class="tl-row |<tr class="tl-undated ', paged[rel])) <= SIZE


def test_the_network_pages_draw_every_claim_once_with_its_ends_on_the_same_page(archive, paged):
    files = listing_files(paged, "network.md", "network/")
    drawn = []
    for rel in files:
        nodes = set(re.findall(r'data-node="([^"]+)"', paged[rel]))
        drawn += [n for n in nodes if n.startswith("claim:")]
        for ends in re.findall(r'data-ends="([^"]+)"', paged[rel]):
            assert set(ends.split()) <= nodes, (rel, ends)

    assert len(files) > 1
    assert sorted(drawn) == sorted(f"claim:{c}" for c in archive.claims)


def test_every_link_on_every_listing_page_leads_to_a_generated_page(paged):
    targets = {page_url(rel) for rel in paged} | {""}
    checked = 0
    for rel, text in paged.items():
        if not (rel.startswith(("timeline", "network")) or rel.endswith("index.md") or "/page/" in rel):
            continue
        here = page_url(rel)
        for link in re.findall(r'href="([^"#?]*)', text):
            if not link or link.startswith(("http:", "https:")):
                continue
            target = posixpath.normpath(posixpath.join("/" + here, link)).lstrip("/")
            assert target in targets or target + "/" in targets, (rel, link)
            checked += 1
    assert checked > 100


def test_href_is_posixpath_relpath():
    """The quick relative-link computation gives exactly what posixpath.relpath gave."""
    rng = random.Random(5)
    parts = ["articles", "claims", "a", "b-1", "page", "2", ""]
    for _ in range(20_000):
        to = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(["", "/"])
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(["", "/"])
        assert common._relpath(to, start) == posixpath.relpath("/" + to, "/" + start), (to, start)
    assert common.href("claims/x/", "claims/") == "../"
    assert common.href("timeline/page/3/", "claims/y/") == "../../../claims/y/"
    assert common.href("claims/", "claims/") == "./"


def test_an_index_of_one_entry_names_it_in_the_singular():
    def line(total, **kw):
        return re.sub(r"<[^>]+>", "", str(paging.intro(total, "events", 1, 1, 0, total, **kw)))

    assert line(1).startswith("1 event.")
    assert line(2).startswith("2 events.")
    assert line(1, singular="person").startswith("1 person.")
    assert line(0).startswith("0 events.")
