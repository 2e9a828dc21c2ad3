"""Stage 4, render: pure functions from the linked model to Markdown page sources."""

from __future__ import annotations

from build_scripts.model import Archive
from build_scripts.render import actor, article, claim, dispute, indexes, methodology


def render_site(archive: Archive) -> dict[str, str]:
    """Every generated page, keyed by its path under the generated folder, in a stable order."""
    pages: dict[str, str] = {
        "articles/index.md": indexes.articles(archive),
        "actors/index.md": indexes.actors(archive),
        "claims/index.md": indexes.claims(archive),
        "disputes/index.md": indexes.disputes(archive),
        "methodology.md": methodology.render(),
    }
    for item in archive.articles.values():
        pages[f"articles/{item.id}.md"] = article.render(item, archive)
    for item in archive.actors.values():
        pages[f"actors/{item.id}.md"] = actor.render(item, archive)
    for item in archive.claims.values():
        pages[f"claims/{item.id}.md"] = claim.render(item)
    for item in archive.disputes.values():
        pages[f"disputes/{item.id}.md"] = dispute.render(item)
    return dict(sorted(pages.items()))


__all__ = ["render_site"]
