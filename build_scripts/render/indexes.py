"""Index pages, one per kind: sortable tables, never the site navigation."""

from __future__ import annotations

from build_scripts.model import Archive
from build_scripts.render.common import a, date_html, esc, excerpt, page, status_badge, table, unknown

def _date_cell(value) -> str:
    sort = value.date if value and value.date else ""
    return f'<span data-sort="{esc(sort)}">{date_html(value, with_basis=False)}</span>'


def articles(archive: Archive) -> str:
    url = "articles/"
    rows = []
    for art in archive.articles.values():
        rows.append([
            a(url, art.url, art.display_title),
            a(url, art.outlet.url, art.outlet.name) if art.outlet else unknown(),
            _date_cell(art.meta.published),
            str(len(art.claims)),
            str(len(art.disputes)),
        ])
    intro = f'<p class="index-intro">{len(rows)} articles. Click a column heading to sort.</p>'
    return page("Articles", None, [intro, table(["Article", "Outlet", "Published", "Claims", "Disputes"], rows)], hide=("navigation", "toc"))


def actors(archive: Archive) -> str:
    url = "actors/"
    rows = []
    for actor in archive.actors.values():
        rows.append([
            a(url, actor.url, actor.name),
            esc(actor.data.type),
            esc(", ".join(actor.data.aliases)),
            str(len(actor.claims_made)),
            str(len(actor.claims_about)),
            str(sum(actor.mentioned_in.values())),
        ])
    intro = f'<p class="index-intro">{len(rows)} actors. Click a column heading to sort.</p>'
    return page("Actors", None, [intro, table(["Name", "Type", "Also written", "Claims made", "Claims about",
                                               "Mentions"], rows)], hide=("navigation", "toc"))


def claims(archive: Archive) -> str:
    url = "claims/"
    rows = []
    for claim in sorted(archive.claims.values(), key=lambda c: (c.article.id, c.number)):
        rows.append([
            a(url, claim.url, excerpt(claim.quote, 100)),
            a(url, claim.claimant.url, claim.claimant.name) if claim.claimant else unknown("the article itself"),
            esc(claim.data.role),
            status_badge(claim.data.status),
            a(url, claim.article.url, claim.article.display_title),
        ])
    intro = f'<p class="index-intro">{len(rows)} claims. Click a column heading to sort.</p>'
    return page("Claims", None, [intro, table(["Quote", "Claimant", "Role", "Status", "Article"], rows)], hide=("navigation", "toc"))


def disputes(archive: Archive) -> str:
    url = "disputes/"
    rows = []
    for dispute in archive.disputes.values():
        rows.append([
            a(url, dispute.url, dispute.data.question),
            status_badge(dispute.data.status, "dispute"),
            str(len(dispute.sides)),
            str(len(dispute.claims)),
            ", ".join(a(url, art.url, art.display_title) for art in dispute.articles),
        ])
    intro = f'<p class="index-intro">{len(rows)} disputes. Click a column heading to sort.</p>'
    return page("Disputes", None, [intro, table(["Question", "Status", "Sides", "Claims", "Articles"], rows)], hide=("navigation", "toc"))
