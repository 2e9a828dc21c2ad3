"""Article pages: metadata card, the text shown literally with claims and actor mentions marked."""

from __future__ import annotations

import re

from build_scripts.model import Archive, Article, Claim
from build_scripts.render import cite, corrections, jsonld
from build_scripts.render.common import (a, actor_link, date_html, dl, esc, excerpt, json_ld, name_html, page, plural,
                                         status_badge, table, unknown, ul)

LANGUAGES = {"en": "English", "ar": "Arabic", "ru": "Russian", "tr": "Turkish", "fr": "French", "de": "German"}
# Exactly one blank line separates paragraphs; further blank lines and leading spaces stay in
# the next paragraph, shown as typed (the text is styled `white-space: pre-wrap`).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def render_text(article: Article, start: int, end: int) -> str:
    """One stretch of the body as `<p>` elements: text escaped, claims and mentions marked."""
    out = []
    pos = start
    for match in _PARAGRAPH_BREAK.finditer(article.body, start, end):
        out.append(_paragraph(article, pos, match.start()))
        pos = match.end()
    out.append(_paragraph(article, pos, end))
    return "".join(p for p in out if p)


def _paragraph(article: Article, start: int, end: int) -> str:
    """Pieces between claim and mention boundaries; consecutive pieces under the same claims
    share one `<mark>`, so a highlight is one box even when it contains actor links."""
    if start >= end or not article.body[start:end].strip("\n"):
        return ""
    url = article.url
    claims = [c for c in article.claims if c.start < end and c.end > start]
    mentions = [m for m in article.mentions if m.start < end and m.end > start]
    cuts = {start, end}
    for span in [*claims, *mentions]:
        cuts.update(x for x in (span.start, span.end) if start < x < end)
    points = sorted(cuts)
    html: list[str] = []
    open_ids: tuple[str, ...] = ()
    for lo, hi in zip(points, points[1:]):
        active = tuple(c.id for c in claims if c.start <= lo and hi <= c.end)
        if active != open_ids and open_ids:
            html.append("</mark>")
        html.extend(f'<span class="claim-anchor" id="{esc(c.anchor)}"></span>' for c in claims if c.start == lo)
        if active != open_ids and active:
            html.append(f'<mark class="claim" data-claims="{esc(" ".join(active))}">')
        open_ids = active
        mention = next((m for m in mentions if m.start <= lo and hi <= m.end), None)
        text = article.body[lo:hi]
        html.append(a(url, mention.actor.url, text, cls="actor-mention", title=mention.actor.name)
                    if mention else esc(text))
        ending = [c for c in claims if c.end == hi]
        if ending:
            if open_ids:
                html.append("</mark>")
                open_ids = ()
            html.append(" ".join(_badge(url, c) for c in ending))
    if open_ids:
        html.append("</mark>")
    return f"<p>{''.join(html)}</p>"


def _badge(from_url: str, claim: Claim) -> str:
    who = claim.claimant.name if claim.claimant else "the article"
    label = f"Claim {claim.number}: {who} {claim.data.role}, status {claim.data.status}"
    return (f'<sup>{a(from_url, claim.url, str(claim.number), cls="claim-ref", title=label)}</sup>')


def _segment(article: Article, seg) -> str:
    kind = seg.data.kind
    label = seg.data.label
    if kind == "reader-comment":
        who = name_html(seg.author.name) if seg.author else esc("unknown reader")
        summary = f"Reader comment by {who} {esc('— not part of the article')}"
    else:
        summary = esc(f"{label} — not part of the article")
    inner = render_text(article, seg.start, seg.end)
    return (f'<details class="segment segment-{esc(kind)}"><summary>{summary}</summary>'
            f'<div class="segment-body">{inner}</div></details>')


def article_body(article: Article) -> str:
    parts = []
    pos = 0
    for seg in article.segments:
        if seg.start > pos:
            parts.append(render_text(article, pos, seg.start))
        parts.append(_segment(article, seg))
        pos = seg.end
    if pos < len(article.body):
        parts.append(render_text(article, pos, len(article.body)))
    lang = esc(article.meta.language)
    return f'<div class="article-text" lang="{lang}">{"".join(parts)}</div>'


def meta_card(article: Article) -> str:
    m = article.meta
    url = article.url
    outlet = unknown()
    if article.outlet:
        outlet = actor_link(url, article.outlet) + \
            f'<br><span class="basis">Basis: {esc(m.outlet_basis or "")}</span>'
    link = unknown()
    if m.url:
        link = f'<a href="{esc(m.url)}" rel="nofollow noopener">{esc(m.url)}</a>'
    rows = [
        ("Headline", esc(m.title) if m.title else unknown("none printed in the text")),
        ("Outlet", outlet),
        ("Author", actor_link(url, article.author) if article.author else unknown()),
        ("Published", date_html(m.published)),
        ("Address (URL)", link),
        ("Language", esc(f"{LANGUAGES.get(m.language, m.language)} ({m.language})")),
    ]
    if m.seed:
        rows.append(("Seed", f"<code>{esc(m.seed)}</code>"))
    rows.append(("Annotations", esc(", ".join([plural(len(article.claims), "claim"),
                                               plural(len(article.disputes), "dispute"),
                                               plural(len({x.actor.id for x in article.mentions}), "actor") + " named"]))))
    return dl(rows)


def claims_table(from_url: str, claims: list[Claim], show_article: bool = False) -> str:
    rows = []
    for c in claims:
        who = actor_link(from_url, c.claimant) if c.claimant else unknown("the article itself")
        row = [f'<span data-sort="{c.number:04d}">{c.number}</span>' if not show_article else "",
               a(from_url, c.url, excerpt(c.quote, 110)), who, esc(c.data.role), status_badge(c.data.status)]
        if show_article:
            row[0] = a(from_url, c.article.url, c.article.display_title)
        rows.append(row)
    first = "Article" if show_article else "#"
    return table([first, "Quote", "Claimant", "Role", "Status"], rows, empty="No claims annotated yet.")


def render(article: Article, archive: Archive) -> str:
    url = article.url
    disputes = article.disputes
    actors = {}
    for mention in article.mentions:
        actors.setdefault(mention.actor.id, [mention.actor, 0])[1] += 1
    actor_items = [actor_link(url, actor) + f' <span class="count">×{n}</span>'
                   for actor, n in sorted(actors.values(), key=lambda x: x[0].name.lower())]
    body = [
        corrections.notice(url, article.meta.corrections),
        meta_card(article),
        "## Disputes involving this article" if disputes else "",
        ul(a(url, d.url, d.data.question) + " " + status_badge(d.data.status, "dispute") for d in disputes),
        "## Article text",
        '<p class="reading-note">The text as published, character for character. Highlighted passages are '
        'annotated claims (the number links to the claim); underlined names link to actors; collapsed '
        'blocks are parts of the page that are not the article.</p>',
        article_body(article),
        "## Claims in this article",
        claims_table(url, article.claims),
        "## Actors named",
        ul(actor_items, cls="inline-list") or '<p class="empty">No actor annotated yet.</p>',
        cite.cite_box(url, article.display_title, "article", article.id, article.meta.added),
        json_ld(jsonld.news_article(article)),
    ]
    description = f"{article.display_title}: the text with {plural(len(article.claims), 'annotated claim')}."
    return page(article.display_title, article.source.path, body, description)
