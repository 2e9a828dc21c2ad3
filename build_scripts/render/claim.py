"""Claim pages: the quote in its sentence, who says it and how, status, relations, disputes."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.anchor import sentence_around
from build_scripts.model import Claim
from build_scripts.render import cite, corrections, jsonld
from build_scripts.render.common import (a, actor_link, date_html, definition, dl, esc, excerpt, isolate, json_ld,
                                         link, name_html, number, page, status_badge, table, unknown, ul)

RELATION_LABELS = {
    ("contradicts", True): "Contradicts", ("contradicts", False): "Contradicted by",
    ("corroborates", True): "Corroborates", ("corroborates", False): "Corroborated by",
    ("same-as", True): "Same statement as", ("same-as", False): "Same statement as",
}


def claimant_html(from_url: str, claim: Claim) -> str:
    if claim.claimant:
        return actor_link(from_url, claim.claimant)
    return unknown("the article itself (no named source)")


def reported_html(from_url: str, claim: Claim) -> str:
    article = claim.article
    outlet = actor_link(from_url, article.outlet) if article.outlet else unknown("outlet not identified")
    text = f"{outlet}, in {a(from_url, article.url, article.display_title)}"
    if claim.reported_by:
        text += " — via " + ", via ".join(actor_link(from_url, r) for r in claim.reported_by)
    return text


def quote_in_context(from_url: str, claim: Claim) -> str:
    body = claim.article.body
    left, right = sentence_around(body, claim.start, claim.end)
    before, quote, after = body[left:claim.start], body[claim.start:claim.end], body[claim.end:right]
    where = a(from_url, claim.article.url, "Show in the article", cls="md-button", fragment=claim.anchor)
    return (f'<blockquote class="quote"><p class="quote-context">{esc(before)}<mark>{esc(quote)}</mark>{esc(after)}</p>'
            f'</blockquote><p class="quote-link">{where}</p>')


def figures_table(claims: list[Claim], from_url: str, with_source: bool = False) -> str:
    rows = []
    for claim in claims:
        for f in claim.data.figures:
            row = [esc(f.measure), esc(f.unit), number(f.min), number(f.max), "yes" if f.approximate else "no"]
            if with_source:
                row = [claimant_html(from_url, claim), a(from_url, claim.url, excerpt(claim.quote, 60))] + row
            rows.append(row)
    headers = ["Measure", "Unit", "Min", "Max", "Approximate"]
    if with_source:
        headers = ["Source", "Claim"] + headers
    return table(headers, rows, empty="No figures.")


def title(claim: Claim, isolated: bool = False) -> str:
    """The claim in a line of plain text; `isolated` puts a name in another script between
    Unicode isolates, for text shown on a page (headings, tooltips), never in data."""
    who = claim.claimant.name if claim.claimant else "Unattributed"
    if isolated:
        who = isolate(who)
    return f"{who} {claim.data.role}: “{excerpt(claim.quote, 90)}”"


def title_html(claim: Claim) -> str:
    """`title` as HTML for running text: the claimant's name isolated if in another script."""
    who = name_html(claim.claimant.name) if claim.claimant else "Unattributed"
    return f"{who} {esc(claim.data.role)}: {esc('“' + excerpt(claim.quote, 90) + '”')}"


def render(claim: Claim) -> str:
    url = claim.url
    d = claim.data
    rows = [
        ("Status", status_badge(d.status) + " " + definition(v.CLAIM_STATUSES[d.status])),
        ("Claimant", claimant_html(url, claim)),
        ("Role", f"{esc(d.role)} {definition(v.ROLES[d.role])}"),
        ("Reported by", reported_html(url, claim)),
        ("About", ", ".join(actor_link(url, s) for s in claim.subjects) or unknown("no actor annotated")),
        ("Event date", date_html(d.event_date)),
        ("Article published", date_html(claim.article.meta.published, with_basis=False)),
    ]
    if d.note:
        rows.append(("Editorial note", f'<span class="editorial-note">{esc(d.note)}</span>'))
    relations = [f"{RELATION_LABELS[(t, True)]} {link(url, o.url, title_html(o))}" for t, o in claim.relations]
    relations += [f"{RELATION_LABELS[(t, False)]} {link(url, o.url, title_html(o))}" for t, o in claim.related_from
                  if (t, o) not in {(t2, o2) for t2, o2 in claim.relations}]
    disputes = [a(url, dispute.url, dispute.data.question) + " " + status_badge(dispute.data.status, "dispute")
                + f' <span class="side">— position: {esc(dispute.sides[side].position)}</span>'
                for dispute, side in claim.disputes]
    body = [
        corrections.notice(url, d.corrections),
        quote_in_context(url, claim),
        dl(rows),
        "## Figures" if d.figures else "",
        figures_table([claim], url) if d.figures else "",
        "## Related claims" if relations else "",
        ul(relations),
        "## Disputes" if disputes else "",
        ul(disputes),
        cite.cite_box(url, title(claim), "claim", claim.id, None),
    ]
    review = jsonld.claim_review(claim)
    if review:
        body.append(json_ld(review))
    return page(title(claim, isolated=True), claim.source.path, body, description=excerpt(claim.quote, 150))
