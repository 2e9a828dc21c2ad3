"""Dispute pages: the question, the sides side by side, figures compared, status history."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.model import Dispute
from build_scripts.render import cite, corrections
from build_scripts.render.claim import claimant_html, figures_table
from build_scripts.render.common import (a, date_html, definition, esc, format_date, name_html, page, status_badge,
                                         table, ul, unknown)


def _card(from_url: str, claim) -> str:
    article = claim.article
    outlet = article.outlet.name if article.outlet else None
    source = a(from_url, article.url, article.display_title)
    outlet_html = name_html(outlet) if outlet else unknown("outlet not identified")
    return (
        '<div class="claim-card">'
        f'<blockquote class="quote"><p>{esc(claim.quote)}</p></blockquote>'
        f'<p class="claim-meta"><strong>{claimant_html(from_url, claim)}</strong> · {esc(claim.data.role)} · '
        f'{status_badge(claim.data.status)}</p>'
        f'<p class="claim-source">In {source} ({outlet_html}); event date: {date_html(claim.data.event_date, False)}</p>'
        f'<p class="claim-links">{a(from_url, claim.url, "Claim details")} · '
        f'{a(from_url, article.url, "In context", fragment=claim.anchor)}</p>'
        '</div>'
    )


def sides_html(dispute: Dispute) -> str:
    url = dispute.url
    columns = []
    for i, side in enumerate(dispute.sides, 1):
        cards = "".join(_card(url, c) for c in side.claims)
        columns.append(f'<section class="dispute-side" aria-label="Side {i}"><h3 class="side-position">'
                       f'<span class="side-number">Side {i}</span> {esc(side.position)}</h3>{cards}</section>')
    return f'<div class="dispute-sides" style="--sides: {len(dispute.sides)}">{"".join(columns)}</div>'


def render(dispute: Dispute) -> str:
    url = dispute.url
    d = dispute.data
    history = table(["Date", "Status", "Note"],
                    [[f'<time datetime="{esc(h.date)}">{esc(format_date(h.date))}</time>', status_badge(h.status, "dispute"),
                      esc(h.note)] for h in d.history], sortable=False)
    claims = dispute.claims
    has_figures = any(c.data.figures for c in claims)
    body = [
        corrections.notice(url, d.corrections),
        f'<p class="dispute-status">{status_badge(d.status, "dispute")} '
        f'{definition(v.DISPUTE_STATUSES[d.status])}</p>',
        sides_html(dispute),
        "## Figures compared" if has_figures else "",
        figures_table(claims, url, with_source=True) if has_figures else "",
        "## Status history",
        history,
        "## Articles",
        ul(a(url, art.url, art.display_title) + " — " + date_html(art.meta.published, False) for art in dispute.articles),
        "## Related disputes" if dispute.related else "",
        ul(a(url, r.url, r.data.question) + " " + status_badge(r.data.status, "dispute")
           for r in sorted(dispute.related, key=lambda r: r.id)),
        cite.cite_box(url, d.question, "dispute", dispute.id, d.history[0].date),
    ]
    return page(d.question, dispute.source.path, body, description=f"Dispute: {d.question}", boost=2,
                hide=("navigation", "toc"))
