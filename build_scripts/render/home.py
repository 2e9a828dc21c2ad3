"""The home page, the site's root (`index.md`): where research starts. The open disputes with
their sides, the latest additions and corrections, the archive's counts, and how to read, cite
and contribute. The prose is build_scripts/templates/home.md.

Every list comes from recorded dates, never the clock, newest first and ties by id, and shows
only its first few entries, so the page stays short and quick to make at any size of archive;
each list links to the page that has all of them."""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts import kinds
from build_scripts.model import Archive, Article, Dispute
from build_scripts.render import corrections
from build_scripts.render.common import excerpt, page
from build_scripts.render.templating import template

PATH = "index.md"
URL = ""
SOURCE = "build_scripts/templates/home.md"
# How many of each list the page shows.
SHOWN_DISPUTES = 10
SHOWN_ARTICLES = 5
SHOWN_CORRECTIONS = 5
# A side's position on the one line of its dispute; the dispute's page has it whole.
POSITION_LENGTH = 90


@dataclass(frozen=True)
class Counts:
    articles: int
    claims: int
    actors: int
    disputes: int
    open_disputes: int
    places: int


def _updated(dispute: Dispute) -> str:
    """The day of the dispute's latest history entry."""
    return max(entry.date for entry in dispute.data.history)


def open_disputes(archive: Archive) -> list[Dispute]:
    """Every open dispute, the most recently updated (latest history entry) first, ties by id."""
    found = sorted((d for d in archive.disputes.values() if d.data.status == "open"), key=lambda d: d.id)
    found.sort(key=_updated, reverse=True)
    return found


def latest_articles(archive: Archive, limit: int | None = None) -> list[Article]:
    """The `limit` (SHOWN_ARTICLES) articles added to the archive last (`added`), newest first, ties by id; an
    article without the date is left out, as in the feed: its place would be a guess."""
    dated = sorted((a for a in archive.articles.values() if a.meta.added), key=lambda a: a.id)
    dated.sort(key=lambda a: a.meta.added, reverse=True)
    return dated[:SHOWN_ARTICLES if limit is None else limit]


def counts(archive: Archive, open_count: int) -> Counts:
    return Counts(len(archive.articles), len(archive.claims), len(archive.actors), len(archive.disputes), open_count,
                  len(archive.places))


def contributing_url(repo_url: str | None) -> str | None:
    """The repository's contributors' guide, when the repository's public address is known and
    is a web address (ARCHIVE_REPO_URL, mkdocs.yml's repo_url)."""
    if not repo_url or not repo_url.strip().startswith(("https://", "http://")):
        return None
    return f"{repo_url.strip().rstrip('/')}/blob/main/CONTRIBUTING.md"


def render(archive: Archive, repo_url: str | None = None) -> str:
    disputes = open_disputes(archive)
    shown = [(d, [(excerpt(side.position, POSITION_LENGTH), len(side.claims)) for side in d.sides])
             for d in disputes[:SHOWN_DISPUTES]]
    body = template("home.md").render(
        url=URL, counts=counts(archive, len(disputes)), disputes=shown,
        articles=latest_articles(archive), corrections=corrections.logged(archive)[:SHOWN_CORRECTIONS],
        contributing=contributing_url(repo_url), kinds=kinds)
    return page("Idlib Conflict Reporting Archive", SOURCE, [body],
                description="An annotated archive of news reporting on Russian and Turkish forces in Idlib, Syria: "
                            "each article's text as published, the claims it carries, who makes them, and where "
                            "sources disagree.",
                hide=("navigation",))
