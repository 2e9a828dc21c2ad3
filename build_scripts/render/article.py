"""Article pages: metadata card, the text shown literally with claims and actor mentions marked."""

from __future__ import annotations

import re
from bisect import bisect_left

from build_scripts.model import Archive, Article, Claim, Mention
from build_scripts.render import cite, corrections, jsonld
from build_scripts.render.common import (a, actor_link, date_html, dl, esc, excerpt, json_ld, name_html, page, plural,
                                         status_badge, table, unknown, ul)

LANGUAGES = {"en": "English", "ar": "Arabic", "ru": "Russian", "tr": "Turkish", "fr": "French", "de": "German"}
# Exactly one blank line separates paragraphs; further blank lines and leading spaces stay in
# the next paragraph, shown as typed (the text is styled `white-space: pre-wrap`).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def render_text(article: Article, start: int, end: int) -> str:
    """One stretch of the body as `<p>` elements: text escaped, claims and mentions marked."""
    spans = _Spans(article)
    out = []
    pos = start
    for match in _PARAGRAPH_BREAK.finditer(article.body, start, end):
        out.append(_paragraph(article, pos, match.start(), spans))
        pos = match.end()
    out.append(_paragraph(article, pos, end, spans))
    return "".join(p for p in out if p)


class _Spans:
    """The article's mentions ordered by start, to pick a paragraph's mentions by bisection
    rather than by a scan of all of them per paragraph, and the mention links made so far."""

    def __init__(self, article: Article):
        self.mentions = sorted(enumerate(article.mentions), key=lambda item: item[1].start)
        self.starts = [m.start for _, m in self.mentions]
        self.longest = max((m.end - m.start for m in article.mentions), default=0)
        self.links: dict[tuple[int, str], str] = {}

    def within(self, start: int, end: int) -> list[tuple[int, Mention]]:
        """(index in article.mentions, mention) of the mentions overlapping [start, end)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [(i, m) for i, m in self.mentions[lo:hi] if m.end > start]

    def link(self, url: str, mention: Mention, text: str) -> str:
        key = (id(mention.actor), text)
        html = self.links.get(key)
        if html is None:
            html = self.links[key] = a(url, mention.actor.url, text, cls="actor-mention", title=mention.actor.name)
        return html


def _paragraph(article: Article, start: int, end: int, spans: _Spans) -> str:
    """Pieces between claim and mention boundaries; consecutive pieces under the same claims
    share one `<mark>`, so a highlight is one box even when it contains actor links.

    One sweep over the boundaries: the claims and mentions that start or end at each are
    looked up, so the time grows with their number, not with its square."""
    if start >= end or not article.body[start:end].strip("\n"):
        return ""
    url = article.url
    claims = [c for c in article.claims if c.start < end and c.end > start]
    mentions = spans.within(start, end)
    cuts = {start, end}
    starting: dict[int, list] = {}
    ending: dict[int, list] = {}
    for k, c in enumerate(claims):
        cuts.update(x for x in (c.start, c.end) if start < x < end)
        starting.setdefault(max(c.start, start), []).append(("claim", k, c))
        ending.setdefault(c.end, []).append(("claim", k, c))
    for i, m in mentions:
        cuts.update(x for x in (m.start, m.end) if start < x < end)
        starting.setdefault(max(m.start, start), []).append(("mention", i, m))
        ending.setdefault(m.end, []).append(("mention", i, m))
    points = sorted(cuts)
    html: list[str] = []
    open_ids: tuple[str, ...] = ()
    active_claims: dict[int, Claim] = {}
    active_mentions: dict[int, Mention] = {}
    for lo, hi in zip(points, points[1:]):
        for kind, k, span in ending.get(lo, ()):
            (active_claims if kind == "claim" else active_mentions).pop(k, None)
        for kind, k, span in starting.get(lo, ()):
            if span.end > lo:
                (active_claims if kind == "claim" else active_mentions)[k] = span
        active = tuple(active_claims[k].id for k in sorted(active_claims))
        if active != open_ids and open_ids:
            html.append("</mark>")
        # A renamed claim keeps its old anchor too, so links to `#claim-<old id>` still land here.
        html.extend(f'<span class="claim-anchor" id="{esc(anchor)}"></span>'
                    for kind, _, c in starting.get(lo, ()) if kind == "claim" and c.start == lo
                    for anchor in (c.anchor, *(f"claim-{old}" for old in c.data.former_ids)))
        if active != open_ids and active:
            html.append(f'<mark class="claim" data-claims="{esc(" ".join(active))}">')
        open_ids = active
        text = article.body[lo:hi]
        if active_mentions:
            html.append(spans.link(url, active_mentions[min(active_mentions)], text))
        else:
            html.append(esc(text))
        closing = [c for kind, _, c in ending.get(hi, ()) if kind == "claim"]
        if closing:
            if open_ids:
                html.append("</mark>")
                open_ids = ()
            html.append(" ".join(_badge(url, c) for c in closing))
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
