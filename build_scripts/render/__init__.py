"""Stage 4, render: pure functions from the linked model to Markdown page sources."""

from __future__ import annotations

from build_scripts import export
from build_scripts.model import Archive
from build_scripts.render import (actor, article, claim, corrections, dispute, feed, indexes, methodology,
                                 network, timeline)


def render_site(archive: Archive) -> dict[str, str]:
    """Every generated file, keyed by its path under the generated folder, in a stable order:
    the Markdown pages, and the files published as they are (the data downloads)."""
    pages: dict[str, str] = {
        **export.export_files(archive),
        "data/index.md": indexes.data(archive),
        "articles/index.md": indexes.articles(archive),
        "actors/index.md": indexes.actors(archive),
        "claims/index.md": indexes.claims(archive),
        "disputes/index.md": indexes.disputes(archive),
        "methodology.md": methodology.render(),
        "corrections.md": corrections.render(archive),
        "timeline.md": timeline.render(archive),
        "network.md": network.render(archive),
    }
    for item in archive.articles.values():
        pages[f"articles/{item.id}.md"] = article.render(item, archive)
    for item in archive.actors.values():
        pages[f"actors/{item.id}.md"] = actor.render(item, archive)
    for item in archive.claims.values():
        pages[f"claims/{item.id}.md"] = claim.render(item)
    for item in archive.disputes.values():
        pages[f"disputes/{item.id}.md"] = dispute.render(item)
    atom = feed.render(archive)
    if atom is not None:
        pages[feed.PATH] = atom
    return dict(sorted(pages.items()))


__all__ = ["render_site"]
