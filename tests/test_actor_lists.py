"""An actor's page stays the same size however much the archive says about the actor
(render/actor.py): each long list (claims made, about and relayed, articles published and
naming it, disputes) shows its first SHOWN entries and links to the whole list on pages of its
own, paginated like the indexes; the picture draws the most frequent claimants and one row for
the rest. Here the limits are made tiny so that the real archive's actors need them; with the
real limits its pages are as they always were (the render goldens)."""

from __future__ import annotations

import posixpath
import re

import pytest

from archive_support import REPO, linked_archive, listing_files, page_url
from build_scripts.render import actor as actor_page, network, paging, render_site

SHOWN, SIZE, SIDES = 2, 3, 3


@pytest.fixture(scope="module")
def archive():
    return linked_archive(REPO)


@pytest.fixture(scope="module")
def pages(archive) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(actor_page, "SHOWN", SHOWN)
        patch.setattr(paging, "PAGE_SIZE", SIZE)
        patch.setattr(network, "EGO_SIDES", SIDES)
        return render_site(archive)


def _target(rel: str, link: str) -> str:
    return posixpath.normpath(posixpath.join("/" + page_url(rel), link)).strip("/") + "/"


def _section(text: str, heading: str) -> str:
    """The markup under an actor page's `## heading`, up to the next heading."""
    start = text.index(f"\n## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def _list_files(pages: dict[str, str], actor_id: str, slug: str) -> list[str]:
    first = f"actors/{actor_id}/{slug}.md"
    return listing_files(pages, first, f"actors/{actor_id}/{slug}/") if first in pages else []


def _claim_links(rel: str, markup: str) -> list[str]:
    """The claims a table links to, in order (the quote cell links to the claim page)."""
    return [_target(rel, link)[len("claims/"):-1]
            for link in re.findall(r'<td[^>]*><a href="([^"]*claims/[^"/]+/)"', markup)]


CLAIM_LISTS = [("claims-made", "claims_made", "Claims made"), ("claims-about", "claims_about", "Claims about")]


@pytest.mark.parametrize("slug, attr, heading", CLAIM_LISTS)
def test_a_long_claims_list_shows_its_first_entries_and_the_rest_on_its_own_pages(archive, pages, slug, attr, heading):
    long_lists = 0
    for actor in (x for x in archive.actors.values() if x.has_page):
        claims = [c.id for c in getattr(actor, attr)]
        rel = f"actors/{actor.id}.md"
        section = _section(pages[rel], heading)
        files = _list_files(pages, actor.id, slug)
        assert _claim_links(rel, section) == claims[:SHOWN], actor.id
        if len(claims) <= SHOWN:
            assert not files and "list-more" not in section, actor.id
            continue
        long_lists += 1
        more = re.search(r'<p class="list-more">Showing the first (\d+) of (\d+) claims\. '
                         r'<a href="([^"]+)">See all \2 claims ', section)
        assert more and more.groups()[:2] == (str(SHOWN), str(len(claims))), section
        assert _target(rel, more.group(3)) == page_url(files[0])
        assert len(files) == paging.count(len(claims), SIZE)
        listed = []
        for file in files:
            rows = _claim_links(file, pages[file])
            assert 0 < len(rows) <= SIZE, file
            listed += rows
        assert listed == claims, actor.id  # every claim once, in the page's order
    assert long_lists > 0


def test_the_list_pages_say_whose_list_and_where_the_reader_is(archive, pages):
    actor = max(archive.actors.values(), key=lambda a: len(a.claims_made))
    name, url = actor.data.name, actor.url  # (no model object in an assertion: its repr is the archive)
    files = _list_files(pages, actor.id, "claims-made")
    assert len(files) > 2
    first, last = pages[files[0]], pages[files[-1]]
    assert f"# Claims made by {name} \\(page 1 of {len(files)}\\)" in first
    assert f"Page 1 of {len(files)}" in first and f"Page {len(files)} of {len(files)}" in last
    assert 'rel="next"' in first and 'rel="prev"' in last and 'rel="next"' not in last
    back = re.search(r'<p class="see-also">Back to <a href="([^"]+)">', last)
    assert back and _target(files[-1], back.group(1)) == url
    assert "search" not in first.split("---", 2)[1]  # no search boost: the actor page is the result


def test_every_link_on_an_actor_list_page_leads_to_a_generated_page(pages):
    targets = {page_url(rel) if rel.endswith(".md") else rel + "/" for rel in pages}  # _target ends in "/"
    checked = 0
    for rel, text in pages.items():
        if not re.match(r"actors/[^/]+/", rel) or rel.startswith("actors/page/"):
            continue
        for link in re.findall(r'href="([^"#?]*)', text):
            if link and not link.startswith(("http:", "https:")):
                assert _target(rel, link) in targets, (rel, link)
                checked += 1
    assert checked > 50


def test_named_in_and_disputes_lists_are_cut_the_same_way(archive, pages):
    cut = 0
    for actor in (x for x in archive.actors.values() if x.has_page):
        for slug, entries in (("named-in", sorted(actor.mentioned_in)), ("disputes", [d.url for d in actor.disputes])):
            files = _list_files(pages, actor.id, slug)
            if len(entries) <= SHOWN:
                assert not files
                continue
            cut += 1
            items = [re.findall(r'<li><a href="([^"]+)"', pages[file]) for file in files]
            assert all(0 < len(i) <= SIZE for i in items)
            found = [_target(file, link) for file, links in zip(files, items, strict=True) for link in links]
            expected = [f"articles/{i}/" for i in entries] if slug == "named-in" else entries
            assert found == expected, (actor.id, slug)
    assert cut > 0


def test_the_picture_draws_the_most_frequent_claimants_and_one_row_for_the_rest(archive, pages):
    actor = max(archive.actors.values(),
                key=lambda a: len({c.claimant.id if c.claimant else "" for c in a.claims_about}))
    sources = {}
    for claim in actor.claims_about:
        source = claim.claimant.id if claim.claimant else ""
        sources[source] = sources.get(source, 0) + 1
    assert len(sources) > SIDES
    svg = pages[f"actors/{actor.id}.md"].split('class="network-svg ego-wide"', 1)[1].split("</svg>", 1)[0]
    counts = [int(n) for n in re.findall(r'<tspan class="nw-count"> ×(\d+)</tspan>', svg)]
    ranked = sorted(sources.values(), reverse=True)
    assert counts == ranked[:SIDES - 1] + [sum(ranked[SIDES - 1:])]
    assert f"{len(sources) - SIDES + 1} other sources" in svg
    assert f"made by {len(sources)} sources" in svg  # the description counts them all


def test_with_the_real_limits_no_actor_of_the_real_archive_needs_list_pages(archive):
    assert max(len(a.claims_made) + len(a.claims_about) for a in archive.actors.values()) <= actor_page.SHOWN
    assert not any(rel.startswith("actors/") and rel.count("/") > 1 for rel in render_site(archive))
