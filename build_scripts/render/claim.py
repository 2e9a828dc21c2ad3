"""Claim pages: the quote in its sentence, who says it and how, status, relations, disputes."""

from __future__ import annotations

from markupsafe import Markup

from build_scripts.anchor import sentence_around
from build_scripts.model import Claim
from build_scripts.render import cite, corrections, jsonld
from build_scripts.render.common import (actor_link, date_html, definition, event_item, excerpt, figure_range,
                                         json_ld, link, name_html, page, status_badge, table, unknown, voice_html,
                                         where_badge)
from build_scripts.render.templating import macros, safe
from build_scripts.render.titles import claim_title, claim_who
from build_scripts.vocabulary import CLAIM_LOCATIONS, CLAIM_STATUSES, RELATION_TYPES, ROLES, VICTIM_CATEGORIES

RELATION_LABELS = {(t, forward): labels[1] if forward else labels[2]
                   for t, labels in RELATION_TYPES.items() for forward in (True, False)}


def _macros():
    return macros("claim.html")


def figures_table(claim: Claim) -> Markup:
    rows = [[f.measure, f.unit, victims(f), figure_range(f)] for f in claim.data.figures]
    return table(["Measure", "Counted", "Who", "Number"], rows, empty="No figures.")


def victims(figure) -> Markup | str:
    """Who a casualty figure counts, with the category's meaning; a dash for other figures."""
    if figure.victims is None:
        return "–"
    return safe(Markup("{} {}").format(figure.victims.replace("-", " "), definition(VICTIM_CATEGORIES[figure.victims])))


def title_html(claim: Claim) -> Markup:
    """`titles.claim_title` as HTML for running text: the claimant's name isolated if in another script."""
    if claim.claimant is not None:
        who = Markup(name_html(claim.claimant.name))
    else:
        who = Markup.escape(claim_who(claim, where=False))
    location = claim.location
    if location != "body":
        who = Markup("{} ({})").format(who, location.replace("-", " "))
    return _macros().title(who, claim.data.role, excerpt(claim.quote, 90))


def _where(url: str, claim: Claim) -> Markup:
    """Where on the page the quote stands, in words."""
    location = claim.location
    if location == "reader-comment":
        who = actor_link(url, claim.commenter) if claim.commenter else unknown("a reader not identified")
        return _macros().where_comment(where_badge(claim), who)
    return _macros().where(where_badge(claim), CLAIM_LOCATIONS[location])


_REPORTED: dict[tuple, Markup] = {}


def _reported_in(url: str, article) -> Markup:
    """The outlet and article a claim page names: the same for every claim of an article (a
    claim page is always claims/<id>/, so its links to articles/ and actors/ do not depend on
    which), so made once; remembered by everything it shows, never by an object, so that an
    edit (in the preview) makes a new one."""
    outlet = article.outlet
    key = (url[:url.index("/")], url.count("/"), article.url, article.display_title,
           outlet.url if outlet else None, outlet.name if outlet else None)
    html = _REPORTED.get(key)
    if html is None:
        if len(_REPORTED) >= 1 << 14:
            _REPORTED.clear()
        html = _REPORTED[key] = _macros().reported_in(url, article)
    return html


def render(claim: Claim, site_url: str | None = None, version: cite.Version | None = None) -> str:
    url = claim.url
    d = claim.data
    article = claim.article
    relations = [(RELATION_LABELS[(t, True)], o) for t, o in claim.relations]
    relations += [(RELATION_LABELS[(t, False)], o) for t, o in claim.related_from
                  if (t, o) not in {(t2, o2) for t2, o2 in claim.relations}]
    body = article.body
    left, right = sentence_around(body, claim.start, claim.end)
    extra = [corrections.listing(d.corrections)] if d.corrections else []
    extra.append(cite.cite_box(url, claim_title(claim), "claim", claim.id, None, site_url, version))
    extra.append(json_ld(jsonld.claim(claim)))
    # Every value the template prints, made here: a call or a look-up from a template costs
    # several times as much (links are Markup, so joining them with ", " keeps them safe).
    subjects = [actor_link(url, s) for s in claim.subjects]
    html = _macros().body(
        corrections.notice(url, d.corrections), body[left:claim.start], body[claim.start:claim.end],
        body[claim.end:right], link(url, article.url, "Show in the article", "md-button", claim.anchor),
        status_badge(d.status), definition(CLAIM_STATUSES[d.status]),
        voice_html(url, claim), _where(url, claim),
        d.role, definition(ROLES[d.role]), _reported_in(url, article), claim.location == "reader-comment",
        safe(" → ".join([actor_link(url, r) for r in claim.reported_by])),
        safe(", ".join(subjects)) if subjects else unknown("no actor annotated"),
        date_html(d.stated_date) if d.stated_date else "",
        date_html(d.event_date), event_item(url, claim.event) if claim.event else "",
        date_html(article.meta.published, False), d.note,
        figures_table(claim) if d.figures else "", [(f.fact, f.source) for f in d.outside_facts],
        [("\n" if i else "", label, link(url, other.url, title_html(other)))
         for i, (label, other) in enumerate(relations)],
        [("\n" if i else "", link(url, dispute.url, dispute.data.question),
          status_badge(dispute.data.status, "dispute"), dispute.sides[side].position)
         for i, (dispute, side) in enumerate(claim.disputes)],
        extra)
    return page(claim_title(claim, isolated=True), claim.source.path, [html], description=excerpt(claim.quote, 150))
