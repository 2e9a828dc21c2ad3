"""Claim pages: the quote in its sentence, who says it and how, status, relations, disputes."""

from __future__ import annotations

from markupsafe import Markup

from build_scripts.anchor import sentence_around
from build_scripts.model import Claim
from build_scripts.render import cite, corrections, jsonld
from build_scripts.render.common import excerpt, isolate, json_ld, number, page, table
from build_scripts.render.templating import macros

RELATION_LABELS = {
    ("contradicts", True): "Contradicts", ("contradicts", False): "Contradicted by",
    ("corroborates", True): "Corroborates", ("corroborates", False): "Corroborated by",
    ("same-as", True): "Same statement as", ("same-as", False): "Same statement as",
}


def _macros():
    return macros("claim.html")


def claimant_html(from_url: str, claim: Claim) -> Markup:
    return _macros().claimant(from_url, claim)


def quote_in_context(from_url: str, claim: Claim) -> Markup:
    body = claim.article.body
    left, right = sentence_around(body, claim.start, claim.end)
    return _macros().quote(from_url, claim, body[left:claim.start], body[claim.start:claim.end], body[claim.end:right])


def figures_table(claim: Claim) -> Markup:
    rows = [[f.measure, f.unit, number(f.min), number(f.max), "yes" if f.approximate else "no"]
            for f in claim.data.figures]
    return table(["Measure", "Unit", "Min", "Max", "Approximate"], rows, empty="No figures.")


def title(claim: Claim, isolated: bool = False) -> str:
    """The claim in a line of plain text; `isolated` puts a name in another script between
    Unicode isolates, for text shown on a page (headings, tooltips), never in data."""
    who = claim.claimant.name if claim.claimant else "Unattributed"
    if isolated:
        who = isolate(who)
    return f"{who} {claim.data.role}: “{excerpt(claim.quote, 90)}”"


def title_html(claim: Claim) -> Markup:
    """`title` as HTML for running text: the claimant's name isolated if in another script."""
    return _macros().title(claim)


def render(claim: Claim) -> str:
    url = claim.url
    d = claim.data
    m = _macros()
    relations = [(RELATION_LABELS[(t, True)], o) for t, o in claim.relations]
    relations += [(RELATION_LABELS[(t, False)], o) for t, o in claim.related_from
                  if (t, o) not in {(t2, o2) for t2, o2 in claim.relations}]
    body = [
        corrections.notice(url, d.corrections),
        quote_in_context(url, claim),
        m.meta(url, claim),
        "## Figures" if d.figures else "",
        figures_table(claim) if d.figures else "",
        "## Related claims" if relations else "",
        m.related(url, relations) if relations else "",
        "## Disputes" if claim.disputes else "",
        m.disputes(url, claim.disputes) if claim.disputes else "",
        cite.cite_box(url, title(claim), "claim", claim.id, None),
    ]
    review = jsonld.claim_review(claim)
    if review:
        body.append(json_ld(review))
    return page(title(claim, isolated=True), claim.source.path, body, description=excerpt(claim.quote, 150))


