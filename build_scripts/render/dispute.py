"""Dispute pages, the archive's centrepiece: the question and its dated status, the sides as
columns (each claim quoted in its sentence, with claimant, role, outlet, date and status), the
figures every source gives in one table, the status history and the related disputes.

Laid out so that a reader sees the question, its status, every side's position and who holds
it on the first screen of a laptop; the columns stack on a phone, under a list of the sides."""

from __future__ import annotations

from markupsafe import Markup

from build_scripts.anchor import sentence_around
from build_scripts.model import Claim, Dispute
from build_scripts.render import cite, corrections
from build_scripts.render.claim import victims
from build_scripts.render.common import (ENV, a, claimant_html, dispute_item, event_item, figure_range, page,
                                         status_badge, table, ul)
from build_scripts.render.templating import macros

METHODOLOGY = "methodology/"
# Context shown around a quote on a card: at most this many characters on each side, cut at a word.
CONTEXT_CHARS = 60


def _macros():
    return macros("dispute.html")


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


def quote_context(claim: Claim) -> tuple[str, str]:
    """The words before and after the quote in its sentence, trimmed to CONTEXT_CHARS."""
    body = claim.article.body
    left, right = sentence_around(body, claim.start, claim.end)
    return _trim_left(body[left:claim.start], CONTEXT_CHARS), _trim_right(body[claim.end:right], CONTEXT_CHARS)


def _card(from_url: str, claim: Claim) -> Markup:
    return _macros().card(from_url, claim, *quote_context(claim), claim.location == "reader-comment")


def _holders(from_url: str, claims: list[Claim]) -> Markup:
    """Who holds a side: its claimants, each once, in the order of the side's claims."""
    seen: dict[str, Markup] = {}
    for claim in claims:
        key = claim.claimant.id if claim.claimant else claim.data.unnamed_source or ""
        seen.setdefault(key, claimant_html(from_url, claim))
    return Markup(", ").join(seen.values())


def sides_html(dispute: Dispute) -> Markup:
    url = dispute.url
    return _macros().sides([(i, side, Markup("").join(_card(url, c) for c in side.claims), _holders(url, side.claims))
                            for i, side in enumerate(dispute.sides, 1)])


def figures_compared(dispute: Dispute) -> str:
    """Every figure any claim of the dispute gives, one row each, grouped by what is counted."""
    rows = []
    for s, side in enumerate(dispute.sides, 1):
        for claim in side.claims:
            for f in claim.data.figures:
                rows.append(((f.measure, s, claim.claimant.name if claim.claimant else "", claim.id), [
                    f.measure,
                    _macros().side_link(s),
                    claimant_html(dispute.url, claim),
                    figure_range(f), f.unit, victims(f),
                    a(dispute.url, claim.url, "record"),
                ]))
    rows.sort(key=lambda r: r[0])
    return table(["Measure", "Side", "Source", "Number", "Counted", "Who", "Claim"],
                 [r for _, r in rows], empty="No figures.")


def related_html(dispute: Dispute) -> Markup | str:
    return ul(dispute_item(dispute.url, r) for r in sorted(dispute.related, key=lambda r: r.id))


def render(dispute: Dispute, site_url: str | None = None, version: cite.Version | None = None) -> str:
    url = dispute.url
    d = dispute.data
    since = d.history[-1].date
    m = _macros()
    history = table(["Date", "Status", "Note"],
                    [[m.when(h.date), status_badge(h.status, "dispute"), h.note] for h in d.history], sortable=False)
    has_figures = any(c.data.figures for c in dispute.claims)
    body = [
        corrections.notice(url, d.corrections),
        m.status_line(url, dispute, since, event_item(url, dispute.event) if dispute.event else ""),
        m.side_list(dispute),
        sides_html(dispute),
        "## Figures compared" if has_figures else "",
        figures_compared(dispute) if has_figures else "",
        "## Status history",
        history,
        "## Related disputes" if dispute.related else "",
        related_html(dispute) if dispute.related else "",
        "## Articles",
        ul(m.article_item(url, art) for art in dispute.articles),
        corrections.listing(d.corrections),
        cite.cite_box(url, d.question, "dispute", dispute.id, d.history[0].date, site_url, version),
    ]
    return page(d.question, dispute.source.path, body, description=f"Dispute: {d.question}", boost=2,
                hide=("navigation", "toc"))


ENV.globals.update(METHODOLOGY=METHODOLOGY)
