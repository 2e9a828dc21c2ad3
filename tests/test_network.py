"""Network pictures (build_scripts/render/network.py, docs/javascripts/network.js): the whole
archive at /network/ and each actor's connections on its page; deterministic layout, every node
linked, labels kept apart, escaped text, and highlighting in a real browser."""

from __future__ import annotations

import itertools
import json

import pytest
from bs4 import BeautifulSoup

import browser_support
from archive_support import REPO, SMALL, copy_archive, linked_archive, replace, set_dispute_question
from build_scripts.render import network, render_site
from site_check import soup


@pytest.fixture(scope="module")
def real():
    archive = linked_archive(REPO)
    return archive, BeautifulSoup(network.render(archive), "html.parser")


def nodes(page, kind: str):
    return page.select(f"svg.network-svg a.nw-{kind}")


def test_every_actor_claim_and_dispute_is_a_linked_node(real):
    archive, page = real

    actors, claims, disputes = nodes(page, "actor"), nodes(page, "claim"), nodes(page, "dispute")
    with_page = [x for x in archive.actors.values() if x.has_page]  # not a commenter with no claim

    assert [len(actors), len(claims), len(disputes)] == [len(with_page), len(archive.claims), len(archive.disputes)]
    assert len(with_page) < len(archive.actors)
    assert {a["href"] for a in actors} == {f"../{x.url}" for x in with_page}
    assert {a["href"] for a in claims} == {f"../{x.url}" for x in archive.claims.values()}
    assert {a["href"] for a in disputes} == {f"../{x.url}" for x in archive.disputes.values()}
    assert all(a.title and a.title.get_text() for a in actors + claims + disputes)


def test_lines_join_claims_to_their_claimants_subjects_and_disputes(real):
    archive, page = real

    makes = {tuple(p["data-ends"].split()) for p in page.select("path.nw-makes[data-ends]")}
    about = {tuple(p["data-ends"].split()) for p in page.select("path.nw-about[data-ends]")}
    member = {tuple(p["data-ends"].split()) for p in page.select("path.nw-member[data-ends]")}

    assert makes == {(f"actor:{c.claimant.id}", f"claim:{c.id}") for c in archive.claims.values() if c.claimant}
    assert about == {(f"actor:{s.id}", f"claim:{c.id}") for c in archive.claims.values() for s in c.subjects}
    assert member == {(f"claim:{c.id}", f"dispute:{d.id}") for d in archive.disputes.values() for c in d.claims}


def test_the_layout_is_deterministic_and_independent_of_where_the_archive_lives(tmp_path):
    first = network.render(linked_archive(SMALL))

    assert network.render(linked_archive(copy_archive(tmp_path / "x"))) == first
    assert network.render(linked_archive(SMALL)) == first


def test_labels_are_kept_apart_and_inside_the_picture(real):
    archive, _ = real
    layout = network.layout(archive)

    ys = [y for _, y in layout.actors]
    assert all(b - a >= 14 for a, b in itertools.pairwise(ys))
    blocks = [(y - (len(lines) * 14) / 2, y + (len(lines) * 14) / 2) for _, y, lines in layout.disputes]
    assert all(top2 >= bottom1 for (_, bottom1), (top2, _) in itertools.pairwise(blocks))
    assert all(0 < y < layout.height for _, y in layout.actors + layout.claims)
    assert all(0 < y < layout.height for _, y, _ in layout.disputes)
    longest = max(len(line) for _, _, lines in layout.disputes for line in lines)
    assert network.DISPUTE_X + 10 + longest * 12.5 * network.CHAR <= layout.width


def test_actors_sit_next_to_the_claims_they_are_joined_to(real):
    archive, _ = real
    layout = network.layout(archive)
    at = {c.id: y for c, y in layout.claims}
    actor_y = {a.id: y for a, y in layout.actors}

    # The claimant of most claims in one article is placed level with that article's claims.
    southfront = [at[c.id] for c in archive.actors["southfront"].claims_made]
    assert min(southfront) - 60 <= actor_y["southfront"] <= max(southfront) + 60


def test_the_network_page_says_it_in_words_too(real):
    archive, page = real
    svg = page.select_one("svg.network-svg")

    assert svg["role"] == "group" and svg.title.get_text()
    actors = sum(1 for x in archive.actors.values() if x.has_page)
    assert f"{actors} actors, {len(archive.claims)} claims and {len(archive.disputes)} disputes" in svg.desc.get_text()
    rows = page.select("table tbody tr")
    assert len(rows) == len(archive.actors)
    first = rows[0].select("td")
    assert first[0].get_text() == max(archive.actors.values(), key=lambda x: len(x.claims_made)).name


def test_contributor_text_in_the_pictures_is_escaped(tmp_path):
    root = copy_archive(tmp_path)
    hostile = "</text><script>alert(1)</script>&"
    replace(root, "annotations/actors/rebel-front.yml", "name: Rebel Front", "name: " + json.dumps("Rebel " + hostile))
    set_dispute_question(root, "Did " + hostile)
    pages = render_site(linked_archive(root))

    for rel in ("network.md", "actors/rebel-front.md", "actors/example-ministry-of-defense.md"):
        assert "<script>" not in pages[rel] and "</text><script>" not in pages[rel], rel
    tree = BeautifulSoup(pages["network.md"], "html.parser")
    assert any("Rebel </text><script>" in t.get_text() for t in tree.select("svg text"))
    assert tree.find("script") is None


# --- the actor page picture -------------------------------------------------------------------


def test_an_actor_page_shows_who_makes_claims_about_it_and_its_affiliations(real):
    archive, _ = real
    actor = archive.actors["hayat-tahrir-al-sham"]
    svg = BeautifulSoup(network.actor_svg(actor, archive), "html.parser")

    labels = [n.select_one("text").get_text() for n in svg.select(".nw-node")]
    claimants = {}
    for claim in actor.claims_about:
        key = claim.claimant.name if claim.claimant else "Unattributed (the article's voice)"
        claimants[key] = claimants.get(key, 0) + 1
    for who, count in claimants.items():
        assert f"{who} ×{count}" in labels
    assert "successor of al-Nusra Front" in labels and "associated with al-Qaeda" in labels
    assert svg.select_one("svg")["aria-labelledby"] == "ego-title ego-desc"
    assert svg.select_one("g.nw-center text").get_text() == "Hayat Tahrir al-Sham"


def test_the_inverse_relation_shows_on_the_target(real):
    archive, _ = real
    target = archive.actors["nusra-front"]

    svg = BeautifulSoup(network.actor_svg(target, archive), "html.parser")

    assert "predecessor of Hayat Tahrir al-Sham" in [t.get_text() for t in svg.select(".nw-node text")]


def test_an_actor_with_no_connection_gets_no_picture(real):
    archive, _ = real
    lonely = [x for x in archive.actors.values() if not (x.claims_about or x.affiliations or x.affiliated_from)]

    assert lonely
    assert all(network.actor_svg(x, archive) == "" for x in lonely)


def test_built_actor_pages_carry_the_picture_and_its_links_resolve(real_project):
    site = real_project / "site"
    page = soup(site / "actors" / "turkey" / "index.html")

    svg = page.select_one("figure.ego-network svg")

    assert svg is not None
    for link in svg.select("a[href]"):
        assert (site / "actors" / "turkey" / link["href"] / "index.html").resolve().is_file(), link["href"]


# --- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(real_project):
    with browser_support.serve_directory(real_project / "site") as url:
        yield url


@pytest.mark.browser
def test_pointing_at_an_actor_brings_out_its_lines(page, base):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/network/")

    page.hover('a.nw-actor[data-node="actor:southfront"]')

    lit = page.evaluate("() => [...document.querySelectorAll('path.nw-edge.nw-on')].map(p => p.dataset.ends)")
    assert lit and all("actor:southfront" in ends for ends in lit)
    assert page.evaluate("() => document.querySelector('svg.network-svg').classList.contains('nw-focus')")
    page.mouse.move(1, 1)
    assert page.evaluate("() => document.querySelectorAll('.nw-on').length") == 0
    assert errors == []


@pytest.mark.browser
def test_the_picture_scrolls_sideways_on_a_phone_and_the_page_does_not(browser, base):
    context = browser.new_context(viewport=browser_support.PHONE, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{base}/network/")
        widths = page.evaluate("""() => { const s = document.querySelector('.archive-network .network-scroll');
            return [s.scrollWidth > s.clientWidth, document.documentElement.scrollWidth <= window.innerWidth + 1]; }""")
        assert widths == [True, True]
    finally:
        context.close()


def test_claims_quoted_from_reader_comments_and_their_lines_can_be_hidden(real):
    archive, page = real
    comments = {f"claim:{c.id}" for c in archive.claims.values() if c.location == "reader-comment"}

    marked = {a["data-node"] for a in page.select("a.nw-claim.nw-comment")}
    assert comments and marked == comments
    for path in page.select("path.nw-edge[data-ends]"):
        ends = set(path["data-ends"].split())
        assert ("nw-comment" in path["class"]) == bool(ends & comments), path["data-ends"]
    assert page.select_one(".nw-filter").has_attr("hidden")  # shown by the script only
    assert f"Hide the {len(comments)} claims quoted from reader comments" in page.select_one(".nw-filter").get_text()


@pytest.mark.browser
def test_hiding_reader_comments_in_the_picture(page, base):
    page.goto(f"{base}/network/")
    shown = "() => [...document.querySelectorAll('a.nw-claim')].filter(e => getComputedStyle(e).display !== 'none')"
    total = page.evaluate(shown + ".length")

    page.check(".nw-filter input")

    left = page.evaluate(shown + ".map(e => e.classList.contains('nw-comment'))")
    assert len(left) < total and not any(left)
    assert page.evaluate("() => [...document.querySelectorAll('path.nw-comment')]"
                         ".every(e => getComputedStyle(e).display === 'none')")
