"""The page plan (render.PagePlan) answers, for one archive, every page's path, the pages of a
record and what a record's page reads; the whole generate and the fast preview both use it."""

from __future__ import annotations

import pytest

from archive_support import REPO, SMALL, linked_archive
from build_scripts import depends, kinds
from build_scripts.render import PagePlan, actor as actor_page, render_site


@pytest.fixture(scope="module")
def small():
    return linked_archive(SMALL)


def test_every_page_of_the_plan_is_a_generated_page_and_only_the_downloads_are_not_in_it(small):
    planned = dict(PagePlan(small).pages())

    site = render_site(small)

    assert planned == {rel: text for rel, text in site.items() if not rel.startswith("data/") or rel.endswith(".md")}


def test_each_record_has_its_page_at_its_kind_s_section(small):
    plan = PagePlan(small)

    for kind in kinds.KINDS:
        records = getattr(small, kind.section)
        assert records, kind.name
        for ident in records:
            assert plan.paths_of(kind.name, ident) == [kind.page(ident)]
    assert plan.record_paths() == {kind.page(i) for kind in kinds.KINDS for i in getattr(small, kind.section)}


def test_an_actor_s_list_pages_belong_to_it_and_read_what_its_page_reads(monkeypatch):
    monkeypatch.setattr(actor_page, "SHOWN", 2)
    archive = linked_archive(REPO)
    plan = PagePlan(archive)
    actor = max(archive.actors.values(), key=lambda a: len(a.claims_made))

    paths = plan.paths_of(kinds.ACTOR.name, actor.id)

    assert paths[0] == kinds.ACTOR.page(actor.id)
    assert len(paths) > 1 and all(p.startswith(f"{kinds.ACTOR.section}/{actor.id}/") for p in paths[1:])
    assert {plan.inputs(p) for p in paths} == {plan.inputs(paths[0])}
    assert actor.source.path in plan.inputs(paths[0])


def test_a_record_page_reads_its_own_file_and_the_files_of_what_it_shows(small):
    plan = PagePlan(small)
    claim = next(c for c in small.claims.values() if c.claimant is not None)

    read = plan.inputs(kinds.CLAIM.page(claim.id))

    assert {claim.source.path, claim.article.source.path, claim.claimant.source.path} <= read
    assert read == depends.claim_page(claim)


def test_the_preview_renders_only_the_record_pages_asked_for_with_the_redirects(small):
    plan = PagePlan(small)
    claim = next(iter(small.claims))

    rendered = dict(plan.pages({kinds.CLAIM.page(claim)}))

    assert set(rendered) == {kinds.CLAIM.page(claim)} | plan.redirect_paths()
    assert rendered[kinds.CLAIM.page(claim)] == render_site(small)[kinds.CLAIM.page(claim)]
