"""Article pages: metadata card, the text shown literally with claims, actor and place mentions marked."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise

from markupsafe import Markup

from build_scripts.model import Archive, Article, Claim, Event, Mention, PlaceMention
from build_scripts.render import cite, corrections, jsonld
from build_scripts.render.common import (a, actor_link, claimant_html, dispute_item, empty_line, event_item, excerpt,
                                         json_ld, name_html, name_order, page, plural, sort_key, status_badge, ul)
from build_scripts.render.templating import macros
from build_scripts.render.titles import claim_who
from build_scripts.vocabulary import CLAIM_STATUSES, ROLES

LANGUAGES = {"en": "English", "ar": "Arabic", "ru": "Russian", "tr": "Turkish", "fr": "French", "de": "German"}
# Exactly one blank line separates paragraphs; further blank lines and leading spaces stay in
# the next paragraph, shown as typed (the text is styled `white-space: pre-wrap`).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _macros():
    return macros("article.html")


def _paragraphs(article: Article, start: int, end: int, spans: _Spans) -> list[list[tuple[str, object]]]:
    """One stretch of the body as the tokens of its paragraphs (see `_paragraph`), empty ones left out."""
    out = []
    pos = start
    for match in _PARAGRAPH_BREAK.finditer(article.body, start, end):
        out.append(_paragraph(article, pos, match.start(), spans))
        pos = match.end()
    out.append(_paragraph(article, pos, end, spans))
    return [p for p in out if p]


class _Spans:
    """The article's mentions of actors and places ordered by start, to pick a paragraph's
    mentions by bisection rather than by a scan of all of them per paragraph, and the mention
    links made so far. The link stage never lets two mentions overlap (an actor's name wins
    over a place's), so at most one is open at any point of the text."""

    def __init__(self, article: Article):
        found: list[Mention | PlaceMention] = [*article.mentions, *article.place_mentions]
        self.mentions = sorted(enumerate(found), key=lambda item: item[1].start)
        self.starts = [m.start for _, m in self.mentions]
        self.longest = max((m.end - m.start for m in found), default=0)
        self.links: dict[tuple[int, str], Markup] = {}

    def within(self, start: int, end: int) -> list[tuple[int, Mention | PlaceMention]]:
        """(index among the mentions, mention) of the mentions overlapping [start, end)."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [(i, m) for i, m in self.mentions[lo:hi] if m.end > start]

    def link(self, url: str, mention: Mention | PlaceMention, text: str) -> Markup:
        if type(mention) is PlaceMention:
            place = mention.place
            key = (id(place), text)
            html = self.links.get(key)
            if html is None:
                html = self.links[key] = a(url, place.url, text, cls="place-mention", title=place.name)
            return html
        key = (id(mention.actor), text)
        html = self.links.get(key)
        if html is None:
            actor = mention.actor
            plain = Markup('<span class="actor-mention-plain" title="{}">{}</span>')
            html = self.links[key] = (a(url, actor.url, text, cls="actor-mention", title=actor.name) if actor.has_page
                                      else plain.format(actor.name, text))
        return html


def _paragraph(article: Article, start: int, end: int, spans: _Spans) -> list[tuple[str, object]]:
    """A paragraph as (kind, value) tokens, for the `text` macro: pieces between claim and
    mention boundaries; consecutive pieces under the same claims share one `<mark>`, so a
    highlight is one box even when it contains actor or place links.

    One sweep over the boundaries: the claims and mentions that start or end at each are
    looked up, so the time grows with their number, not with its square."""
    if start >= end or not article.body[start:end].strip("\n"):
        return []
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
    tokens: list[tuple[str, object]] = []
    open_ids: tuple[str, ...] = ()
    active_claims: dict[int, Claim] = {}
    active_mentions: dict[int, Mention] = {}
    for lo, hi in pairwise(points):
        for kind, k, _span in ending.get(lo, ()):
            (active_claims if kind == "claim" else active_mentions).pop(k, None)
        for kind, k, span in starting.get(lo, ()):
            if span.end > lo:
                (active_claims if kind == "claim" else active_mentions)[k] = span
        active = tuple(active_claims[k].id for k in sorted(active_claims))
        if active != open_ids and open_ids:
            tokens.append(("close", None))
        # A renamed claim keeps its old anchor too, so links to `#claim-<old id>` still land here.
        tokens.extend(("anchor", anchor)
                      for kind, _, c in starting.get(lo, ()) if kind == "claim" and c.start == lo
                      for anchor in (c.anchor, *(f"claim-{old}" for old in c.data.former_ids)))
        if active != open_ids and active:
            tokens.append(("open", _highlight(active, active_claims)))
        open_ids = active
        text = article.body[lo:hi]
        if active_mentions:
            tokens.append(("text", spans.link(url, active_mentions[min(active_mentions)], text)))
        else:
            tokens.append(("text", text))
        closing = [c for kind, _, c in ending.get(hi, ()) if kind == "claim"]
        if closing:
            if open_ids:
                tokens.append(("close", None))
                open_ids = ()
            tokens.append(("badges", [(" " if i else "", a(url, c.url, str(c.number), "claim-ref", "", _badge_label(c)))
                                      for i, c in enumerate(closing)]))
    if open_ids:
        tokens.append(("close", None))
    return tokens


def _highlight(ids: tuple[str, ...], active: dict[int, Claim]) -> tuple[str, str, str, bool]:
    """What a highlight's `<mark>` says: the ids of the claims it lies in, the status and role of
    the innermost of them (the one starting last; of those, the shortest), which give its tint,
    and whether it lies in more than one claim (a nested or overlapping passage)."""
    inner = max(active.items(), key=lambda item: (item[1].start, -item[1].end, -item[0]))[1]
    return " ".join(ids), inner.data.status, inner.data.role, len(ids) > 1


def _badge_label(claim: Claim) -> str:
    return f"Claim {claim.number}: {claim_who(claim)} {claim.data.role}, status {claim.data.status}"


def article_body(article: Article) -> Markup:
    """The text, in one macro call: (segment or None, paragraphs' tokens) for each stretch."""
    spans = _Spans(article)
    pieces = []
    pos = 0
    for seg in article.segments:
        if seg.start > pos:
            pieces.append((None, _paragraphs(article, pos, seg.start, spans)))
        pieces.append((seg, _paragraphs(article, seg.start, seg.end, spans)))
        pos = seg.end
    if pos < len(article.body):
        pieces.append((None, _paragraphs(article, pos, len(article.body), spans)))
    return _macros().text(article, pieces)


def highlight_switch(article: Article) -> Markup:
    """The choice of how highlights are tinted and its legend: the statuses and roles of the
    article's claims, in the vocabulary's order, and a note on overlapping claims if any overlap."""
    statuses = {c.data.status for c in article.claims}
    roles = {c.data.role for c in article.claims}
    reach = -1
    nested = False
    for c in sorted(article.claims, key=lambda c: (c.start, c.end)):
        nested = nested or c.start < reach
        reach = max(reach, c.end)
    return _macros().highlight_switch(article.url, [s for s in CLAIM_STATUSES if s in statuses],
                                      [r for r in ROLES if r in roles], nested)


def meta_card(article: Article) -> Markup:
    m = article.meta
    language = f"{LANGUAGES.get(m.language, m.language)} ({m.language})"
    annotations = ", ".join([plural(len(article.claims), "claim"), plural(len(article.disputes), "dispute"),
                             plural(len({x.actor.id for x in article.mentions}), "actor") + " named",
                             plural(len({x.place.id for x in article.place_mentions}), "place") + " named"])
    return _macros().meta(article, language, annotations)


def claims_table(from_url: str, claims: list[Claim], show_article: bool = False) -> Markup:
    """The claims as a sortable table, its rows written by one macro call."""
    if not claims:
        return empty_line("No claims annotated yet.")
    rows = []
    for c in claims:
        who = claimant_html(from_url, c)
        first = (a(from_url, c.article.url, c.article.display_title) if show_article
                 else sort_key(f"{c.number:04d}", c.number))
        rows.append(("\n" if rows else "", first, a(from_url, c.url, excerpt(c.quote, 110)), who, c.data.role,
                     status_badge(c.data.status)))
    # The number's column is "#" in the table's head, "Claim" (Claim 3) on a phone's card.
    return _macros().claims_table("Article" if show_article else "#", "Article" if show_article else "Claim", rows)


def article_events(article: Article) -> list[tuple[Event, int]]:
    """The events the article's claims describe, each with how many of them do, in the order of
    its first claim about it."""
    found: dict[str, list] = {}
    for claim in article.claims:
        if claim.event is not None:
            found.setdefault(claim.event.id, [claim.event, 0])[1] += 1
    return [(event, n) for event, n in found.values()]


def render(article: Article, archive: Archive, site_url: str | None = None,
           version: cite.Version | None = None) -> str:
    url = article.url
    disputes = article.disputes
    events = article_events(article)
    actors = {}
    for mention in article.mentions:
        actors.setdefault(mention.actor.id, [mention.actor, 0])[1] += 1
    m = _macros()
    actor_items = [("\n" if k else "", actor_link(url, actor), n)
                   for k, (actor, n) in enumerate(sorted(actors.values(), key=lambda x: x[0].name.lower()))]
    places: dict[str, list] = {}
    for mention in article.place_mentions:
        places.setdefault(mention.place.id, [mention.place, 0])[1] += 1
    named = sorted(places.values(), key=lambda x: name_order(x[0].name, x[0].id))
    place_items = [("\n" if k else "", a(url, place.url, name_html(place.name)), n)
                   for k, (place, n) in enumerate(named)]
    body = [
        corrections.notice(url, article.meta.corrections),
        meta_card(article),
        "## How the archive holds this text",
        m.provenance(article, article.source.path, article.sha256, article.meta.sha256 is not None,
                     [(f.fact, f.source) for f in article.meta.outside_facts]),
        "## Disputes involving this article" if disputes else "",
        ul(dispute_item(url, d) for d in disputes),
        "## Events its claims describe" if events else "",
        ul(event_item(url, event, n) for event, n in events),
        "## Article text",
        m.reading_note(),
        highlight_switch(article) if article.claims else "",
        article_body(article),
        "## Claims in this article",
        claims_table(url, article.claims),
        "## Actors named",
        m.counted(actor_items, "inline-list") if actor_items else empty_line("No actor annotated yet."),
        "## Places named" if place_items else "",
        m.counted(place_items, "inline-list") if place_items else "",
        corrections.listing(article.meta.corrections),
        cite.cite_box(url, article.display_title, "article", article.id, article.meta.added, site_url, version),
        json_ld(jsonld.news_article(article)),
    ]
    description = f"{article.display_title}: the text with {plural(len(article.claims), 'annotated claim')}."
    return page(article.display_title, article.source.path, body, description)

