"""Stage 4, render: pure functions from the linked model to Markdown page sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from build_scripts import export
from build_scripts.model import Archive
from build_scripts.render import (actor, article, claim, corrections, dispute, feed, indexes, methodology,
                                 network, redirects, timeline)


def _plan(archive: Archive) -> list[tuple[str, Callable[[], str]]]:
    """Every generated file's path with the function that renders it, in a stable order.

    Work shared by many pages is done once here: the timeline's items (every article and claim)
    are computed once per archive, not once per actor page."""
    items = timeline.items(archive)
    on_timeline = set().union(*(item.actors for item in items)) if items else set()
    plan: list[tuple[str, Callable[[], str]]] = [
        ("data/index.md", lambda: indexes.data(archive)),
        ("methodology.md", methodology.render),
        ("corrections.md", lambda: corrections.render(archive)),
    ]
    plan += indexes.planned(archive)
    plan += timeline.planned(archive, items)
    plan += network.planned(archive)
    plan += _entity_plan(archive, on_timeline)
    plan += redirects.planned(archive)
    atom = feed.render(archive)
    if atom is not None:
        plan.append((feed.PATH, lambda: atom))
    plan.sort(key=lambda entry: entry[0])
    return plan


def _entity_plan(archive: Archive, on_timeline: set[str]) -> list[tuple[str, Callable[[], str]]]:
    """The page of each article, actor, claim and dispute, and the pages of an actor's long
    lists; `on_timeline`, the ids of the actors that some timeline item involves."""
    return ([(f"articles/{item.id}.md", (lambda item=item: article.render(item, archive)))
             for item in archive.articles.values()]
            + [(f"actors/{item.id}.md", (lambda item=item: actor.render(item, archive, item.id in on_timeline)))
               for item in archive.actors.values()]
            + [entry for item in archive.actors.values() for entry in actor.planned(item, archive)]
            + [(f"claims/{item.id}.md", (lambda item=item: claim.render(item))) for item in archive.claims.values()]
            + [(f"disputes/{item.id}.md", (lambda item=item: dispute.render(item)))
               for item in archive.disputes.values()])


def entity_pages(archive: Archive, paths: set[str]) -> Iterator[tuple[str, str]]:
    """The entity pages at `paths` (as in `iter_site`), and every redirect page (a handful,
    from former ids), in path order: what a preview re-renders after an edit."""
    plan = [entry for entry in _entity_plan(archive, timeline.actors_on_timeline(archive)) if entry[0] in paths]
    plan += redirects.planned(archive)
    for rel, render in sorted(plan, key=lambda entry: entry[0]):
        yield rel, render()


def iter_site(archive: Archive) -> Iterator[tuple[str, str | bytes | bytearray]]:
    """Every generated file as (path under the generated folder, text): the data downloads (as
    bytes), then the pages in path order, rendered one at a time so that a writer can stream
    them to disk without holding the whole site in memory."""
    # The data downloads go first, each dropped once written (the package keeps their hashes).
    yield from export.iter_export(archive)
    for rel, render in _plan(archive):
        yield rel, render()


def render_site(archive: Archive) -> dict[str, str]:
    """Every generated file, keyed by its path under the generated folder, in a stable order:
    the Markdown pages, and the files published as they are (the data downloads)."""
    return {rel: text if isinstance(text, str) else text.decode("utf-8")
            for rel, text in sorted(iter_site(archive))}


__all__ = ["entity_pages", "iter_site", "render_site"]
