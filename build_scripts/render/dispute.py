"""Dispute pages, the archive's centrepiece: the question and its dated status, the sides as
columns (each claim quoted in its sentence, with claimant, role, outlet, date and status), the
figures every source gives in one table, the status history and the related disputes.

Laid out so that a reader sees the question, its status, every side's position and who holds
it on the first screen of a laptop; the columns stack on a phone, under a list of the sides."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.anchor import sentence_around
from build_scripts.model import Claim, Dispute
from build_scripts.render import cite, corrections
from build_scripts.render.claim import claimant_html
from build_scripts.render.common import (a, actor_link, date_html, definition, esc, format_date, link, name_html,
                                         number, page, plural, status_badge, table, ul, unknown)

METHODOLOGY = "methodology/"
# Context shown around a quote on a card: at most this many characters on each side, cut at a word.
CONTEXT_CHARS = 110


def _time(value: str | None) -> str:
    """A date as precise as it is known ('January 2020' for a month), or 'not identified'."""
    if not value:
        return unknown()
    return f'<time datetime="{esc(value)}">{esc(format_date(value))}</time>'


def _trim_left(text: str, limit: int) -> str:
    """The last `limit` characters of `text` or fewer, from the start of a word, after '…'."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    space = cut.find(" ")
    if not text[-limit - 1].isspace() and 0 <= space < limit // 2:
        cut = cut[space + 1:]  # drop the part of a word the cut left
    return "…" + cut.lstrip()


def _trim_right(text: str, limit: int) -> str:
    """The first `limit` characters of `text` or fewer, to the end of a word, before '…'."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if not text[limit].isspace() and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def quote_in_context(claim: Claim) -> str:
    """The exact quote, highlighted, inside the words around it in its sentence."""
    body = claim.article.body
    left, right = sentence_around(body, claim.start, claim.end)
    before = _trim_left(body[left:claim.start], CONTEXT_CHARS)
    after = _trim_right(body[claim.end:right], CONTEXT_CHARS)
    return (f'<blockquote class="quote"><p class="quote-context">{esc(before)}<mark>{esc(claim.quote)}</mark>'
            f'{esc(after)}</p></blockquote>')


def role_html(from_url: str, role: str) -> str:
    """The attribution role, its definition on hover, linked to the definitions."""
    return link(from_url, METHODOLOGY, esc(role), cls="role", fragment="attribution-roles", title=v.ROLES[role])


def _card(from_url: str, claim: Claim) -> str:
    article = claim.article
    outlet = actor_link(from_url, article.outlet) if article.outlet else unknown("outlet not identified")
    published = article.meta.published.date if article.meta.published else None
    via = "".join(f" · via {actor_link(from_url, r)}" for r in claim.reported_by)
    event = claim.data.event_date.date if claim.data.event_date else None
    segment = article.segment_at(claim.start)
    where = f" {esc('(reader comment)')}" if segment is not None and segment.data.kind == "reader-comment" else ""
    return (
        f'<article class="claim-card" id="{esc(claim.anchor)}">'
        f"{quote_in_context(claim)}"
        f'<p class="claim-meta"><strong class="claimant">{claimant_html(from_url, claim)}</strong> '
        f'<span class="sep" aria-hidden="true">·</span> {role_html(from_url, claim.data.role)} '
        f'<span class="sep" aria-hidden="true">·</span> {status_badge(claim.data.status)}</p>'
        f'<p class="claim-source">{outlet}{where}{via} <span class="sep" aria-hidden="true">·</span> '
        f'published {_time(published)} <span class="sep" aria-hidden="true">·</span> event {_time(event)}</p>'
        f'<p class="claim-links">{a(from_url, article.url, "In the article", fragment=claim.anchor, title=article.display_title)}'
        f' <span class="sep" aria-hidden="true">·</span> {a(from_url, claim.url, "Claim record")}</p>'
        "</article>"
    )


def _holders(from_url: str, claims: list[Claim]) -> str:
    """Who holds a side: its claimants, each once, in the order of the side's claims."""
    seen: dict[str, str] = {}
    for claim in claims:
        key = claim.claimant.id if claim.claimant else ""
        seen.setdefault(key, claimant_html(from_url, claim))
    return ", ".join(seen.values())


def sides_html(dispute: Dispute) -> str:
    url = dispute.url
    columns = []
    for i, side in enumerate(dispute.sides, 1):
        cards = "".join(_card(url, c) for c in side.claims)
        columns.append(
            f'<section class="dispute-side" id="side-{i}" aria-labelledby="side-{i}-position">'
            f'<div class="side-head"><h2 class="side-position" id="side-{i}-position">'
            f'<span class="side-number">Side {i}</span> {esc(side.position)}</h2>'
            f'<p class="side-holders">{esc(plural(len(side.claims), "claim"))} by {_holders(url, side.claims)}</p>'
            f'</div>{cards}</section>')
    return f'<div class="dispute-sides" style="--sides: {len(dispute.sides)}">{"".join(columns)}</div>'


def side_list(dispute: Dispute) -> str:
    """The sides in one list, to jump to each: shown only where the columns stack (a phone)."""
    items = "".join(f'<li><a href="#side-{i}">Side {i}</a>: {esc(side.position)} '
                    f'<span class="side-count">({esc(plural(len(side.claims), "claim"))})</span></li>'
                    for i, side in enumerate(dispute.sides, 1))
    return f'<nav class="side-list" aria-label="Sides of the dispute"><ol>{items}</ol></nav>'


def figures_compared(dispute: Dispute) -> str:
    """Every figure any claim of the dispute gives, one row each, grouped by what is counted."""
    rows = []
    for s, side in enumerate(dispute.sides, 1):
        for claim in side.claims:
            for f in claim.data.figures:
                rows.append(((f.measure, s, claim.claimant.name if claim.claimant else "", claim.id), [
                    esc(f.measure),
                    f'<a href="#side-{s}">Side {s}</a>',
                    claimant_html(dispute.url, claim),
                    number(f.min), number(f.max), esc(f.unit),
                    "yes" if f.approximate else "no",
                    a(dispute.url, claim.url, "record"),
                ]))
    rows.sort(key=lambda r: r[0])
    return table(["Measure", "Side", "Source", "Min", "Max", "Unit", "Approximate", "Claim"],
                 [r for _, r in rows], empty="No figures.")


def related_html(dispute: Dispute) -> str:
    url = dispute.url
    return ul(a(url, r.url, r.data.question) + " " + status_badge(r.data.status, "dispute")
              for r in sorted(dispute.related, key=lambda r: r.id))


def render(dispute: Dispute) -> str:
    url = dispute.url
    d = dispute.data
    since = d.history[-1].date
    history = table(["Date", "Status", "Note"],
                    [[_time(h.date), status_badge(h.status, "dispute"), esc(h.note)] for h in d.history],
                    sortable=False)
    claims = dispute.claims
    has_figures = any(c.data.figures for c in claims)
    status_line = (
        f'<p class="dispute-status">{status_badge(d.status, "dispute")} since {_time(since)} '
        f'{definition(v.DISPUTE_STATUSES[d.status])} '
        f'<span class="dispute-counts">{esc(plural(len(dispute.sides), "side"))}, '
        f'{esc(plural(len(claims), "claim"))} from {esc(plural(len(dispute.articles), "article"))}. '
        f'{a(url, METHODOLOGY, "What the statuses and roles mean", fragment="vocabularies")}</span></p>'
    )
    body = [
        corrections.notice(url, d.corrections),
        status_line,
        side_list(dispute),
        sides_html(dispute),
        "## Figures compared" if has_figures else "",
        figures_compared(dispute) if has_figures else "",
        "## Status history",
        history,
        "## Related disputes" if dispute.related else "",
        related_html(dispute) if dispute.related else "",
        "## Articles",
        ul(a(url, art.url, art.display_title) + " — "
           + (name_html(art.outlet.name) if art.outlet else unknown("outlet not identified")) + ", "
           + date_html(art.meta.published, False) for art in dispute.articles),
        cite.cite_box(url, d.question, "dispute", dispute.id, d.history[0].date),
    ]
    return page(d.question, dispute.source.path, body, description=f"Dispute: {d.question}", boost=2,
                hide=("navigation", "toc"))
